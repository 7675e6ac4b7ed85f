import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TicketDetail } from '../api/types';
import { AttachmentsCard, KnowledgeCard, ProblemCard, plainSnippet, tooLargeMessage } from './KnowledgeCards';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function ticket(over: Partial<TicketDetail> = {}): TicketDetail {
  return {
    id: 7,
    customer_id: 1,
    contact_id: null,
    subject: 'Front desk printer queue stuck',
    description: 'Nothing prints.',
    symptoms: 'spooler stops',
    steps_to_reproduce: null,
    recent_changes: null,
    priority: 'normal',
    status: 'open',
    source: 'phone',
    tags: [],
    assignee_id: 3,
    reported_by: null,
    sla_policy: 'default',
    calendar_id: null,
    response_due: null,
    resolution_due: null,
    next_due: null,
    first_response_at: null,
    sla_paused: false,
    resolution: null,
    resolved_at: null,
    resolved_by: null,
    closed_at: null,
    alert_id: null,
    created_at: '2026-11-23T08:00:00Z',
    updated_at: '2026-11-23T08:00:00Z',
    ci_ids: [],
    replies: [],
    history: [],
    transfers: [],
    escalations: [],
    breaches: [],
    rfc: null,
    closure: null,
    kb_articles: [{ id: 1, title: 'Printer spooler keeps stopping', status: 'published', public: true }],
    problem: null,
    ...over,
  };
}

function wrap(children: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return (
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={['/tickets/7']} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <Routes>
          <Route path="/tickets/7" element={children} />
          <Route path="/problems/:id" element={<h1>Problem page</h1>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>
  );
}

type Call = { url: string; init?: RequestInit };

function fakeFetch(handler: (url: string, init?: RequestInit) => Response | undefined) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      return handler(url, init) ?? json({ error: { code: 'not_found', message: 'not found' } }, 404);
    }),
  );
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe('KnowledgeCard', () => {
  it('shows suggestions with snippets, links an article and unlinks a linked one', async () => {
    const calls = fakeFetch((url, init) => {
      if (url.startsWith('/api/v1/tickets/7/suggestions'))
        return json({
          ticket_id: 7,
          results: [
            { type: 'article', id: 1, title: 'Printer spooler keeps stopping', snippet: 'the Print Spooler service stops', score: 3 },
            { type: 'article', id: 2, title: 'Disk cleanup', snippet: 'cleanmgr', score: 2 },
            { type: 'ticket', id: 4, title: 'Label printer', snippet: 'Removed the Zebra driver', score: 1 },
          ],
        });
      if (url === '/api/v1/tickets/7/kb-links' && init?.method === 'POST') return json({ ticket_id: 7, kb_articles: [] }, 201);
      if (url === '/api/v1/tickets/7/kb-links/1' && init?.method === 'DELETE') return new Response(null, { status: 204 });
      return undefined;
    });
    render(wrap(<KnowledgeCard ticket={ticket()} canWork basePath="" />));
    const list = await screen.findByRole('list', { name: 'Suggestions' });
    expect(within(list).getByText('Removed the Zebra driver')).toBeTruthy();
    expect(within(list).getByRole('link', { name: /T-?0*4|Label printer/ }).getAttribute('href')).toBe('/tickets/4');
    // Already linked: no second Link button for article 1.
    expect(within(list).queryByRole('button', { name: 'Link Printer spooler keeps stopping' })).toBeNull();
    fireEvent.click(within(list).getByRole('button', { name: 'Link Disk cleanup' }));
    await waitFor(() => expect(calls.some((c) => c.init?.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.init?.method === 'POST')!;
    expect(JSON.parse(String(post.init!.body))).toEqual({ article_id: 2 });

    const linked = screen.getByRole('list', { name: 'Linked articles' });
    expect(within(linked).getByRole('link', { name: 'Printer spooler keeps stopping' }).getAttribute('href')).toBe('/kb/1');
    fireEvent.click(within(linked).getByRole('button', { name: 'Unlink Printer spooler keeps stopping' }));
    await waitFor(() => expect(calls.some((c) => c.init?.method === 'DELETE' && c.url === '/api/v1/tickets/7/kb-links/1')).toBe(true));
  });

  it('asks no suggestions for a portal user and shows only the linked articles', () => {
    const calls = fakeFetch(() => undefined);
    render(wrap(<KnowledgeCard ticket={ticket()} canWork={false} basePath="/portal" />));
    expect(screen.getByRole('link', { name: 'Printer spooler keeps stopping' }).getAttribute('href')).toBe('/portal/kb/1');
    expect(screen.queryByRole('button', { name: /Unlink/ })).toBeNull();
    expect(calls).toHaveLength(0);
  });
});

describe('AttachmentsCard', () => {
  const list = {
    attachments: [
      { id: 5, reply_id: null, internal: false, file_name: 'screen.png', content_type: 'image/png', size_bytes: 2048, truncated: false, original_size: 2048, source: 'upload', created_at: '2026-11-23T09:00:00Z' },
      { id: 6, reply_id: null, internal: true, file_name: 'notes.txt', content_type: 'text/plain', size_bytes: 10, truncated: false, original_size: 10, source: 'email', created_at: '2026-11-23T09:05:00Z' },
    ],
  };

  it('lists files with download links and marks internal ones', async () => {
    fakeFetch((url) => (url === '/api/v1/tickets/7/attachments' ? json(list) : undefined));
    render(wrap(<AttachmentsCard ticketId={7} staff canUpload closed={false} />));
    const link = await screen.findByRole('link', { name: 'screen.png' });
    expect(link.getAttribute('href')).toBe('/api/v1/tickets/7/attachments/5');
    const row = screen.getByRole('link', { name: 'notes.txt' }).closest('tr')!;
    expect(within(row).getByText('Internal')).toBeTruthy();
    expect(within(row).getByText(/E-mail/)).toBeTruthy();
    expect(screen.getByText('2.0 KB')).toBeTruthy();
  });

  it('refuses an over-size file before sending it', async () => {
    const calls = fakeFetch((url) => (url === '/api/v1/tickets/7/attachments' ? json({ attachments: [] }) : undefined));
    render(wrap(<AttachmentsCard ticketId={7} staff={false} canUpload closed={false} />));
    await screen.findByText('No files attached.');
    const big = new File(['x'], 'huge.iso', { type: 'application/octet-stream' });
    Object.defineProperty(big, 'size', { value: 11 * 1024 * 1024 });
    fireEvent.change(screen.getByLabelText(/^File/), { target: { files: [big] } });
    fireEvent.click(screen.getByRole('button', { name: 'Upload' }));
    expect((await screen.findByRole('alert')).textContent).toContain('huge.iso (11.0 MB) is over the 10 MB limit for attachments');
    expect(calls.filter((c) => c.init?.method === 'POST')).toHaveLength(0);
    // The portal gets no "internal" choice.
    expect(screen.queryByRole('checkbox')).toBeNull();
  });

  it('uploads the raw file with its name and shows the server refusal (413)', async () => {
    let uploads = 0;
    const calls = fakeFetch((url, init) => {
      if (url === '/api/v1/tickets/7/attachments') return json({ attachments: [] });
      if (url.startsWith('/api/v1/tickets/7/attachments?') && init?.method === 'POST') {
        uploads++;
        return uploads === 1
          ? json({ id: 9, file_name: 'log file.txt', content_type: 'text/plain', size_bytes: 5 }, 201)
          : json({ error: { code: 'payload_too_large', message: 'attachments are limited to 10485760 bytes' } }, 413);
      }
      return undefined;
    });
    render(wrap(<AttachmentsCard ticketId={7} staff canUpload closed={false} />));
    await screen.findByText('No files attached.');
    const file = new File(['hello'], 'log file.txt', { type: 'text/plain' });
    fireEvent.change(screen.getByLabelText(/^File/), { target: { files: [file] } });
    fireEvent.click(screen.getByRole('checkbox', { name: /Internal/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Upload' }));
    expect((await screen.findByRole('status')).textContent).toContain('Uploaded log file.txt');
    const post = calls.find((c) => c.init?.method === 'POST')!;
    expect(post.url).toBe('/api/v1/tickets/7/attachments?file_name=log+file.txt&internal=true');
    expect(post.init!.body).toBe(file);
    expect((post.init!.headers as Record<string, string>)['Content-Type']).toBe('application/octet-stream');

    fireEvent.change(screen.getByLabelText(/^File/), { target: { files: [file] } });
    fireEvent.click(screen.getByRole('button', { name: 'Upload' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The file is too large: attachments are limited to 10485760 bytes');
  });

  it('leaves the card out when the server has no attachment routes', async () => {
    fakeFetch(() => undefined);
    const { container } = render(wrap(<AttachmentsCard ticketId={7} staff canUpload closed={false} />));
    await waitFor(() => expect(container.querySelector('#ticket-attachments')).toBeNull());
    expect(screen.queryByRole('button', { name: 'Upload' })).toBeNull();
  });

  it('tooLargeMessage passes files up to the limit', () => {
    expect(tooLargeMessage({ name: 'a', size: 10 * 1024 * 1024 })).toBeNull();
    expect(tooLargeMessage({ name: 'a', size: 10 * 1024 * 1024 + 1 })).toContain('over the 10 MB limit');
  });
});

describe('ProblemCard', () => {
  it('links the problem the incident belongs to, with its workaround', () => {
    fakeFetch(() => undefined);
    render(
      wrap(
        <ProblemCard
          ticket={ticket({ problem: { id: 3, title: 'Tunnels drop', status: 'known_error', known_error: true, workaround: 'Disable IKE fragmentation.' } })}
          canWork
        />,
      ),
    );
    expect(screen.getByRole('link', { name: /PRB-3 Tunnels drop/ }).getAttribute('href')).toBe('/problems/3');
    expect(screen.getByText('Known error')).toBeTruthy();
    expect(screen.getByText('Disable IKE fragmentation.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Create problem/ })).toBeNull();
  });

  it('creates a problem from the incident and opens it', async () => {
    const calls = fakeFetch((url, init) =>
      url === '/api/v1/problems' && init?.method === 'POST' ? json({ id: 12, title: 'x' }, 201) : undefined,
    );
    render(wrap(<ProblemCard ticket={ticket()} canWork />));
    fireEvent.click(screen.getByRole('button', { name: 'Create problem from this incident' }));
    expect((screen.getByRole('textbox', { name: 'Problem title' }) as HTMLInputElement).value).toBe('Front desk printer queue stuck');
    fireEvent.click(screen.getByRole('button', { name: 'Create problem' }));
    expect(await screen.findByRole('heading', { name: 'Problem page' })).toBeTruthy();
    expect(JSON.parse(String(calls[0].init!.body))).toEqual({
      title: 'Front desk printer queue stuck',
      ticket_ids: [7],
      description: 'spooler stops',
    });
  });
});

describe('plainSnippet', () => {
  it('drops Markdown markers but keeps paths and snake_case', () => {
    expect(plainSnippet('...restart. ## Fix 1. `net stop spooler` and **bold** *it* C:\\spool_dir')).toBe(
      '...restart. Fix 1. net stop spooler and bold it C:\\spool_dir',
    );
  });
});
