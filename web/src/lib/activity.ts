// When the user last touched the console. Background refreshes stop once
// the user has been away for a while, so an unattended screen does not keep
// its session alive past the server's idle timeout (30 minutes).
let lastActivity = Date.now();

export const IDLE_AFTER_MS = 25 * 60_000;

export function noteActivity(now = Date.now()) {
  lastActivity = now;
}

export function isIdle(now = Date.now()): boolean {
  return now - lastActivity > IDLE_AFTER_MS;
}

// A refetchInterval for TanStack Query: `ms` while the user is around.
export function whileActive(ms: number): () => number | false {
  return () => (isIdle() ? false : ms);
}

export function trackActivity(target: Window = window) {
  for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart']) {
    target.addEventListener(type, () => noteActivity(), { passive: true, capture: true });
  }
}
