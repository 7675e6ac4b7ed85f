import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfirmCard } from './PortalTickets';

function renderCard() {
  const qc = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <ConfirmCard ticketId={5} resolution="Replaced the toner." />
    </QueryClientProvider>,
  );
}

function okFetch() {
  const fetchMock = vi.fn(async () =>
    new Response(JSON.stringify({ id: 5, status: 'closed' }), { status: 200, headers: { 'Content-Type': 'application/json' } }),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const sent = (m: ReturnType<typeof okFetch>) => {
  const [url, init] = m.mock.calls[0] as unknown as [string, RequestInit];
  return { url, method: init.method, body: JSON.parse(String(init.body)) };
};

afterEach(() => vi.unstubAllGlobals());

describe('the portal answer to a resolution', () => {
  it('confirms with one click', async () => {
    const fetchMock = okFetch();
    renderCard();
    expect(screen.getByText('Replaced the toner.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, it is resolved' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(sent(fetchMock)).toEqual({ url: '/api/v1/tickets/5/confirmation', method: 'POST', body: { resolved: true } });
  });

  it('rejects only with a comment saying what is still wrong', async () => {
    const fetchMock = okFetch();
    renderCard();
    fireEvent.click(screen.getByRole('button', { name: 'No, it is not fixed' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send: not resolved' }));
    expect(screen.getByText(/Tell us what is still wrong/)).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
    fireEvent.change(screen.getByRole('textbox', { name: /What is still wrong/ }), { target: { value: 'Still streaky.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send: not resolved' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(sent(fetchMock).body).toEqual({ resolved: false, comment: 'Still streaky.' });
  });
});
