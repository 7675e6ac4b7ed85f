// The login page: e-mail and password, then a TOTP code when the account
// has a second factor (the API answers 401 with field "totp").
import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError } from '../api/client';
import type { User } from '../api/types';
import { Logo } from '../components/Logo';

export interface LoginFormProps {
  onLogin(email: string, password: string, totp?: string): Promise<User>;
  notice?: string;
}

export function LoginForm({ onLogin, notice }: LoginFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await onLogin(email.trim(), password, needTotp ? totp.trim() : undefined);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && err.field === 'totp') {
        if (needTotp) setError('That code is not valid. Try the current one.');
        setNeedTotp(true);
      } else if (err instanceof ApiError && err.status === 429) {
        setError('Too many attempts. Wait a minute and try again.');
      } else if (err instanceof ApiError && err.status === 401) {
        setError('The e-mail or password is not correct.');
      } else {
        setError(err instanceof Error ? err.message : 'Login failed.');
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="login-card" onSubmit={submit} aria-labelledby="login-title" noValidate>
      <div className="login-brand">
        <Logo />
        <span>Steward</span>
      </div>
      <h1 id="login-title">{needTotp ? 'Two-factor authentication' : 'Log in'}</h1>
      {notice && !error && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!needTotp ? (
        <>
          <label className="field">
            <span>E-mail</span>
            <input
              type="email"
              name="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label className="field">
            <span>Password</span>
            <input
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
        </>
      ) : (
        <div className="field">
          <label htmlFor="login-totp">Authentication code</label>
          <input
            id="login-totp"
            name="totp"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={10}
            required
            autoFocus
            aria-describedby="login-totp-hint"
            value={totp}
            onChange={(e) => setTotp(e.target.value)}
          />
          <small id="login-totp-hint">Enter the 6-digit code from your authenticator app.</small>
        </div>
      )}
      <button className="btn primary block" type="submit" disabled={busy}>
        {busy ? 'Logging in…' : needTotp ? 'Verify' : 'Log in'}
      </button>
      {needTotp && (
        <button
          type="button"
          className="btn ghost block"
          onClick={() => {
            setNeedTotp(false);
            setTotp('');
            setError(null);
          }}
        >
          Back
        </button>
      )}
    </form>
  );
}
