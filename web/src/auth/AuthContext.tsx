// Who is logged in. On start the console asks /auth/me (the session cookie
// survives reloads; the CSRF token comes back with it). Any 401 later means
// the session idled out or was revoked: we forget the user and the router
// sends them to the login page with a notice.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, onSessionExpired, setCsrfToken } from '../api/client';
import type { LoginResponse, MeResponse, User } from '../api/types';

export type AuthState =
  | { status: 'loading' }
  | { status: 'anonymous'; notice?: string }
  | { status: 'authenticated'; user: User; mfaSetupRequired: boolean };

interface AuthApi {
  state: AuthState;
  login(email: string, password: string, totp?: string): Promise<User>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
}

const AuthContext = createContext<AuthApi | null>(null);

// The session cookie is HttpOnly, so the page cannot see it. This flag
// remembers that we logged in from this browser, so a fresh visit goes
// straight to the login page instead of probing /auth/me for a 401.
const SESSION_HINT = 'steward.session';

function setSessionHint(on: boolean) {
  try {
    if (on) localStorage.setItem(SESSION_HINT, '1');
    else localStorage.removeItem(SESSION_HINT);
  } catch {
    // Storage disabled: we simply always probe.
  }
}

function hasSessionHint(): boolean {
  try {
    return localStorage.getItem(SESSION_HINT) === '1';
  } catch {
    return true;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const queryClient = useQueryClient();

  const refresh = useCallback(async () => {
    if (!hasSessionHint()) {
      setState({ status: 'anonymous' });
      return;
    }
    try {
      const me = await api.get<MeResponse>('/api/v1/auth/me', { expect401: true });
      setCsrfToken(me.csrf_token ?? null);
      setState({ status: 'authenticated', user: me.user, mfaSetupRequired: me.mfa_setup_required });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setSessionHint(false);
        setState({ status: 'anonymous' });
      } else {
        setState({ status: 'anonymous', notice: 'The server could not be reached.' });
      }
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(
    () =>
      onSessionExpired(() => {
        setSessionHint(false);
        setCsrfToken(null);
        queryClient.clear();
        setState((s) =>
          s.status === 'authenticated'
            ? { status: 'anonymous', notice: 'Your session has expired. Please log in again.' }
            : s,
        );
      }),
    [queryClient],
  );

  const login = useCallback(
    async (email: string, password: string, totp?: string) => {
      const body: Record<string, string> = { email, password };
      if (totp) body.totp = totp;
      const res = await api.post<LoginResponse>('/api/v1/auth/login', body, { expect401: true });
      setCsrfToken(res.csrf_token);
      setSessionHint(true);
      queryClient.clear();
      setState({ status: 'authenticated', user: res.user, mfaSetupRequired: res.mfa_setup_required });
      return res.user;
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/api/v1/auth/logout', undefined, { expect401: true });
    } catch {
      // Already logged out on the server: nothing to undo.
    }
    setSessionHint(false);
    setCsrfToken(null);
    queryClient.clear();
    setState({ status: 'anonymous', notice: 'You have been logged out.' });
  }, [queryClient]);

  const value = useMemo(() => ({ state, login, logout, refresh }), [state, login, logout, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthApi {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

export function useUser(): User {
  const { state } = useAuth();
  if (state.status !== 'authenticated') throw new Error('useUser without a session');
  return state.user;
}
