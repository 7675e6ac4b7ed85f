import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TicketReply } from '../api/types';
import { Conversation, buildThread } from './Conversation';

const r = (id: number, over: Partial<TicketReply> = {}): TicketReply => ({
  id,
  parent_id: null,
  author_user_id: 1,
  author: `Author ${id}`,
  from_staff: true,
  internal: false,
  body: `Body ${id}`,
  created_at: '2026-11-23T08:00:00Z',
  ...over,
});

function renderConversation(replies: TicketReply[], allowInternal: boolean, closed = false) {
  const qc = new QueryClient();
  return render(
    <QueryClientProvider client={qc}>
      <Conversation ticketId={1} replies={replies} canReply allowInternal={allowInternal} closed={closed} />
    </QueryClientProvider>,
  );
}

describe('buildThread', () => {
  it('nests replies under their parent and keeps orphans at the top', () => {
    const tree = buildThread([r(1), r(2, { parent_id: 1 }), r(3), r(4, { parent_id: 2 }), r(5, { parent_id: 99 })]);
    expect(tree.map((n) => n.reply.id)).toEqual([1, 3, 5]);
    expect(tree[0].children.map((n) => n.reply.id)).toEqual([2]);
    expect(tree[0].children[0].children.map((n) => n.reply.id)).toEqual([4]);
  });
});

describe('Conversation', () => {
  it('marks internal notes apart from public replies and customer messages', () => {
    renderConversation([r(1, { internal: true }), r(2), r(3, { from_staff: false })], true);
    expect(screen.getByRole('article', { name: 'Internal note by Author 1' })).toBeTruthy();
    expect(screen.getByRole('article', { name: 'Reply by Author 2' })).toBeTruthy();
    expect(screen.getByText('Customer')).toBeTruthy();
    expect(document.querySelector('[data-reply-id="1"]')?.className).toContain('message-internal');
    expect(screen.getByRole('checkbox', { name: /Internal note/ })).toBeTruthy();
  });

  it('gives the portal no internal-note switch', () => {
    renderConversation([r(2)], false);
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.getByRole('button', { name: 'Send reply' })).toBeTruthy();
  });

  it('takes only internal notes from staff on a closed ticket, and nothing from the portal', () => {
    renderConversation([], true, true);
    const box = screen.getByRole('checkbox', { name: /Internal note/ }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    expect(box.disabled).toBe(true);
    expect(screen.getByRole('button', { name: 'Add note' })).toBeTruthy();
  });
});
