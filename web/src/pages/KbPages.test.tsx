import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { AuthProvider } from '../auth/AuthContext';
import { draftToInput, validateDraft } from './KbPages';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const article = (id: number, over: Record<string, unknown> = {}) => ({
  id,
  title: `Article ${id}`,
  tags: ['printing'],
  status: 'published',
  public: true,
  author_id: 3,
  author: 'Tess Nguyen',
  published_at: '2026-11-20T08:00:00Z',
  created_at: '2026-11-20T08:00:00Z',
  updated_at: '2026-11-21T08:00:00Z',
  ...over,
});

type Call = { url: string; init?: RequestInit };

function fakeApi(role: string, extra: (url: string, init?: RequestInit) => Response | undefined = () => undefined) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      const path = url.split('?')[0];
      if (path === '/api/v1/auth/me')
        return json({
          user: { id: 3, email: 'u@x.example', name: 'Una User', role, customer_id: role === 'portal' ? 1 : null },
          csrf_token: 't',
          mfa_setup_required: false,
        });
      const r = extra(url, init);
      if (r) return r;
      if (path === '/api/v1/customers/1') return json({ id: 1, name: 'Harbor & Vale', status: 'active' });
      return json({ error: { code: 'not_found', message: 'not found' } }, 404);
    }),
  );
  return calls;
}

function renderAt(path: string) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={[path]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <AuthProvider>
          <App />
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(() => localStorage.setItem('steward.session', '1'));
afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('knowledge base pages', () => {
  it('searches and lists ranked articles and solved tickets with snippets', async () => {
    const calls = fakeApi('technician', (url) => {
      if (url.startsWith('/api/v1/kb/articles?')) return json({ articles: [article(1), article(2, { status: 'draft', public: false })] });
      if (url.startsWith('/api/v1/kb/search?'))
        return json({
          results: [
            { type: 'article', id: 1, title: 'Printer spooler keeps stopping', snippet: 'Jobs stay in the queue', score: 4.2 },
            { type: 'ticket', id: 9, title: 'Front desk printer queue stuck', snippet: 'Removed the Zebra driver', score: 2.1 },
          ],
        });
      return undefined;
    });
    renderAt('/kb');
    const table = await screen.findByRole('table');
    expect(within(table).getByText('Draft')).toBeTruthy();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search articles and solved tickets' }), { target: { value: 'spooler' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    const results = await screen.findByRole('list', { name: 'Search results' });
    const links = within(results).getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/kb/1', '/tickets/9']);
    expect(within(results).getByText('Removed the Zebra driver')).toBeTruthy();
    expect(calls.some((c) => c.url === '/api/v1/kb/search?q=spooler&limit=30')).toBe(true);
    expect(screen.getByRole('link', { name: 'New article' })).toBeTruthy();
  });

  it('renders an article body without running its HTML or javascript: links', async () => {
    fakeApi('technician', (url) => {
      if (url === '/api/v1/kb/articles/4')
        return json({
          ...article(4),
          body: '## Fix\n<script>window.__pwned = true</script>\n\n[click](javascript:window.__pwned=true) [vendor](https://vendor.example/kb)',
          ticket_ids: [7],
        });
      return undefined;
    });
    renderAt('/kb/4');
    const body = (await screen.findByRole('heading', { name: 'Fix' })).closest('.markdown')!;
    expect(body.querySelector('script')).toBeNull();
    expect(body.textContent).toContain('<script>window.__pwned = true</script>');
    const hrefs = [...body.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['https://vendor.example/kb']);
    expect((window as unknown as { __pwned?: boolean }).__pwned).toBeUndefined();
    expect(screen.getByRole('link', { name: /0*7/ }).getAttribute('href')).toBe('/tickets/7');
    expect(screen.getByRole('link', { name: 'Edit' }).getAttribute('href')).toBe('/kb/4/edit');
  });

  it('a portal user reads the knowledge base in the portal, without editing', async () => {
    fakeApi('portal', (url) => {
      if (url.startsWith('/api/v1/kb/articles?')) return json({ articles: [article(1, { title: 'VPN help' })] });
      return undefined;
    });
    renderAt('/portal/kb');
    const link = await screen.findByRole('link', { name: 'VPN help' });
    expect(link.getAttribute('href')).toBe('/portal/kb/1');
    expect(screen.queryByRole('link', { name: 'New article' })).toBeNull();
    expect(within(screen.getByRole('navigation', { name: 'Portal' })).getByRole('link', { name: 'Knowledge base' })).toBeTruthy();
  });

  it('the editor validates, then creates the article and opens it', async () => {
    const calls = fakeApi('technician', (url, init) => {
      if (url === '/api/v1/kb/articles' && init?.method === 'POST') return json({ ...article(12), body: 'x' }, 201);
      if (url === '/api/v1/kb/articles/12') return json({ ...article(12, { title: 'Reset MFA' }), body: 'Steps' });
      return undefined;
    });
    renderAt('/kb/new');
    fireEvent.click(await screen.findByRole('button', { name: 'Create article' }));
    expect(screen.getByText('Give the article a title.')).toBeTruthy();
    expect(calls.some((c) => c.init?.method === 'POST')).toBe(false);
    fireEvent.change(screen.getByRole('textbox', { name: /^Title/ }), { target: { value: 'Reset MFA' } });
    fireEvent.change(screen.getByRole('textbox', { name: /^Body/ }), { target: { value: 'Steps' } });
    fireEvent.change(screen.getByRole('textbox', { name: /Tags/ }), { target: { value: 'm365, security' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'State' }), { target: { value: 'published' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /Public/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create article' }));
    await screen.findByRole('heading', { name: 'Reset MFA' });
    const post = calls.find((c) => c.init?.method === 'POST')!;
    expect(JSON.parse(String(post.init!.body))).toEqual({
      title: 'Reset MFA',
      body: 'Steps',
      tags: ['m365', 'security'],
      status: 'published',
      public: true,
    });
  });

  it('keeps the editor from roles that cannot write articles', async () => {
    fakeApi('account_manager');
    renderAt('/kb/new');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy();
  });
});

describe('article drafts', () => {
  it('validates title and body and trims the title', () => {
    expect(validateDraft({ title: ' ', body: '', tags: '', status: 'draft', public: false })).toEqual({
      title: 'Give the article a title.',
      body: 'Write the article.',
    });
    expect(draftToInput({ title: ' A ', body: 'b', tags: 'x, x, y', status: 'draft', public: false })).toEqual({
      title: 'A',
      body: 'b',
      tags: ['x', 'y'],
      status: 'draft',
      public: false,
    });
  });
});

