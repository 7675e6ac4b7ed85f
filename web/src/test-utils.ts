// Shared by the component tests: a JSON response, and a fake `fetch` that
// answers "METHOD /path" routes (query strings ignored: a handler that needs
// them reads the full URL, its second argument) and records every call with
// its parsed body; unknown routes answer 404 as the server does.
import { vi } from 'vitest';

export function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export interface Call {
  url: string;
  method: string;
  body: unknown;
}

export function fakeApi(routes: Record<string, (body: unknown, url: string) => Response>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ url, method, body });
      const h = routes[`${method} ${url.split('?')[0]}`];
      return h ? h(body, url) : json({ error: { code: 'not_found', message: 'not found' } }, 404);
    }),
  );
  return calls;
}
