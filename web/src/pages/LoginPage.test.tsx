import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import type { User } from '../api/types';
import { LoginForm } from './LoginPage';

const user: User = { id: 3, email: 'tess@msp.example', name: 'Tess', role: 'technician' };

function fill(email: string, password: string) {
  fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
}

describe('LoginForm', () => {
  it('has an e-mail field, a password field and a submit button a screen reader can name', () => {
    render(<LoginForm onLogin={vi.fn()} />);
    expect(screen.getByLabelText('E-mail')).toHaveProperty('type', 'email');
    expect(screen.getByLabelText('Password')).toHaveProperty('type', 'password');
    expect(screen.getByRole('button', { name: 'Log in' })).toHaveProperty('type', 'submit');
  });

  it('sends the trimmed e-mail and the password', async () => {
    const onLogin = vi.fn().mockResolvedValue(user);
    render(<LoginForm onLogin={onLogin} />);
    fill('  tess@msp.example ', 'pw with spaces ');
    await waitFor(() => expect(onLogin).toHaveBeenCalledWith('tess@msp.example', 'pw with spaces ', undefined));
  });

  it('says the credentials are wrong on a plain 401', async () => {
    const onLogin = vi.fn().mockRejectedValue(new ApiError(401, 'unauthenticated', 'invalid credentials'));
    render(<LoginForm onLogin={onLogin} />);
    fill('tess@msp.example', 'nope');
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'The e-mail or password is not correct.');
    expect(screen.queryByLabelText('Authentication code')).toBeNull();
  });

  it('asks for the TOTP code when the server needs it and sends it with the credentials', async () => {
    const onLogin = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(401, 'unauthenticated', 'code required', 'totp'))
      .mockResolvedValueOnce(user);
    render(<LoginForm onLogin={onLogin} />);
    fill('tess@msp.example', 'secret');
    const code = await screen.findByLabelText('Authentication code');
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.change(code, { target: { value: ' 123456 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(onLogin).toHaveBeenLastCalledWith('tess@msp.example', 'secret', '123456'));
  });

  it('reports throttling', async () => {
    const onLogin = vi.fn().mockRejectedValue(new ApiError(429, 'resource_exhausted', 'slow down'));
    render(<LoginForm onLogin={onLogin} />);
    fill('tess@msp.example', 'x');
    expect((await screen.findByRole('alert')).textContent).toMatch(/Too many attempts/);
  });
});
