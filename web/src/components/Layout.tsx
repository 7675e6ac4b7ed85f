// The staff console's frame: a sidebar with the sections the role may use,
// a top bar with the global search, the theme switch and the user menu.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { NavLink, useNavigate } from 'react-router-dom';
import { useAuth, useUser } from '../auth/AuthContext';
import { roleLabel, sectionsFor } from '../auth/roles';
import type { Section } from '../auth/roles';
import { useTheme } from '../lib/theme';
import { Logo } from './Logo';
import { Icon } from './Icon';

const NAV: Array<{ section: Section; to: string; label: string; icon: string; soon?: boolean }> = [
  { section: 'dashboard', to: '/', label: 'Dashboard', icon: 'grid' },
  { section: 'customers', to: '/customers', label: 'Customers', icon: 'building' },
  { section: 'devices', to: '/devices', label: 'Devices', icon: 'server' },
  { section: 'alerts', to: '/alerts', label: 'Alerts', icon: 'bell' },
  { section: 'tickets', to: '/tickets', label: 'Tickets', icon: 'ticket' },
  { section: 'problems', to: '/problems', label: 'Problems', icon: 'layers' },
  { section: 'changes', to: '/changes', label: 'Changes', icon: 'calendar' },
  { section: 'patch_policy', to: '/patch-policy', label: 'Update approval', icon: 'download' },
  { section: 'kb', to: '/kb', label: 'Knowledge base', icon: 'book' },
  { section: 'billing', to: '/billing', label: 'Billing', icon: 'receipt' },
  { section: 'audit', to: '/audit', label: 'Audit log', icon: 'shield' },
];

export function ThemeSwitch() {
  const [theme, setTheme] = useTheme();
  return (
    <label className="theme-switch">
      <span className="sr-only">Theme</span>
      <select value={theme} onChange={(e) => setTheme(e.target.value as 'light' | 'dark' | 'system')}>
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}

export function UserMenu() {
  const user = useUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
  return (
    <div className="user-menu">
      <div className="user-id">
        <span className="avatar" aria-hidden="true">
          {user.name
            .split(/\s+/)
            .map((p) => p[0])
            .slice(0, 2)
            .join('')}
        </span>
        <span className="user-text">
          <strong>{user.name}</strong>
          <small>{roleLabel(user.role)}</small>
        </span>
      </div>
      <button
        className="btn ghost"
        type="button"
        onClick={async () => {
          await logout();
          navigate('/login', { replace: true });
        }}
      >
        Log out
      </button>
    </div>
  );
}

// "/" anywhere outside a text field jumps to the search box.
export function isSearchShortcut(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  const typing = !!t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
  return e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey;
}

function SearchBox() {
  const [q, setQ] = useState('');
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isSearchShortcut(e)) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (q.trim()) navigate(`/search?q=${encodeURIComponent(q.trim())}`);
  }
  return (
    <form role="search" className="global-search" onSubmit={submit}>
      <label htmlFor="global-search" className="sr-only">
        Search customers, contacts, devices and documents
      </label>
      <Icon name="search" />
      <input
        id="global-search"
        ref={input}
        type="search"
        aria-keyshortcuts="/"
        placeholder="Search customers, devices, contacts…  ( / )"
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
    </form>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const user = useUser();
  const sections = sectionsFor(user.role);
  const [open, setOpen] = useState(false);
  return (
    <div className={`shell ${open ? 'nav-open' : ''}`}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <Logo />
          <span>Steward</span>
        </div>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((n) => sections.includes(n.section)).map((n) => (
              <li key={n.to}>
                {n.soon ? (
                  <span className="nav-item disabled" aria-disabled="true" title="Coming with the service desk">
                    <Icon name={n.icon} />
                    {n.label}
                    <span className="soon">Soon</span>
                  </span>
                ) : (
                  <NavLink to={n.to} end={n.to === '/'} className="nav-item" onClick={() => setOpen(false)}>
                    <Icon name={n.icon} />
                    {n.label}
                  </NavLink>
                )}
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <div className="main-col">
        <header className="topbar">
          <button
            className="btn ghost nav-toggle"
            type="button"
            aria-label="Toggle navigation"
            aria-expanded={open}
            onClick={() => setOpen((o) => !o)}
          >
            <Icon name="menu" />
          </button>
          <SearchBox />
          <div className="topbar-right">
            <ThemeSwitch />
            <UserMenu />
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
