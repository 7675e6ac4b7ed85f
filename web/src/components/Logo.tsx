export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="var(--accent)" />
      <path
        d="M9 21c2 2 4.5 3 7 3 4 0 7-2 7-5.2 0-6.3-13-3.8-13-9 0-2 2-3.8 5.5-3.8 2.2 0 4.2.7 5.8 2"
        fill="none"
        stroke="#fff"
        strokeWidth="3"
        strokeLinecap="round"
      />
    </svg>
  );
}
