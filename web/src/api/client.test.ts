import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, onSessionExpired, setCsrfToken, withQuery } from './client';

function reply(status: number, body?: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('api client', () => {
  it('sends the CSRF token on writes only', async () => {
    const fetchMock = vi.fn().mockImplementation(async () => reply(200, { ok: true }));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('tok123');
    await api.get('/api/v1/alerts');
    await api.post('/api/v1/alerts/4/ack');
    expect(fetchMock.mock.calls[0][1].headers['X-CSRF-Token']).toBeUndefined();
    expect(fetchMock.mock.calls[1][1].headers['X-CSRF-Token']).toBe('tok123');
    expect(fetchMock.mock.calls[1][1].method).toBe('POST');
  });

  it('turns the error body into an ApiError with code and field', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(reply(400, { error: { code: 'invalid_argument', message: 'bad', field: 'step' } })),
    );
    const err = (await api.get('/x').catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect([err.status, err.code, err.message, err.field]).toEqual([400, 'invalid_argument', 'bad', 'step']);
  });

  it('announces an expired session on 401, except where 401 is an expected answer', async () => {
    vi.stubGlobal('fetch', vi.fn().mockImplementation(async () => reply(401, { error: { code: 'unauthenticated', message: 'no' } })));
    const expired = vi.fn();
    const off = onSessionExpired(expired);
    await api.get('/api/v1/auth/me', { expect401: true }).catch(() => {});
    expect(expired).not.toHaveBeenCalled();
    await api.get('/api/v1/customers').catch(() => {});
    expect(expired).toHaveBeenCalledTimes(1);
    off();
  });

  it('builds query strings without empty values', () => {
    expect(withQuery('/a', { status: 'open', customer_id: 3, q: '', x: undefined })).toBe('/a?status=open&customer_id=3');
    expect(withQuery('/a', {})).toBe('/a');
  });
});
