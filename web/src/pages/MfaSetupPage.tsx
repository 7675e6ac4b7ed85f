// Shown when the server requires a second factor this account lacks: the
// session may do nothing else until TOTP is enrolled.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { Logo } from '../components/Logo';

export function MfaSetupPage() {
  const { refresh, logout } = useAuth();
  const [secret, setSecret] = useState<{ secret: string; otpauth_uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function start() {
    setError(null);
    try {
      setSecret(await api.post<{ secret: string; otpauth_uri: string }>('/api/v1/auth/totp/setup'));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not start enrolment.');
    }
  }

  async function finish(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api.post('/api/v1/auth/totp/enable', { code: code.trim() });
      await refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'That code is not valid.');
    }
  }

  return (
    <div className="login-page">
      <form className="login-card" onSubmit={finish} aria-labelledby="mfa-title">
        <div className="login-brand">
          <Logo />
          <span>Steward</span>
        </div>
        <h1 id="mfa-title">Set up two-factor authentication</h1>
        <p className="muted">Your organisation requires an authenticator app code at every login.</p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {!secret ? (
          <button className="btn primary block" type="button" onClick={start}>
            Show my secret key
          </button>
        ) : (
          <>
            <p>
              Add this key to your authenticator app: <code className="secret">{secret.secret}</code>
            </p>
            <label className="field">
              <span>Code from the app</span>
              <input
                inputMode="numeric"
                autoComplete="one-time-code"
                value={code}
                onChange={(e) => setCode(e.target.value)}
                required
              />
            </label>
            <button className="btn primary block" type="submit">
              Turn on
            </button>
          </>
        )}
        <button className="btn ghost block" type="button" onClick={() => void logout()}>
          Log out
        </button>
      </form>
    </div>
  );
}
