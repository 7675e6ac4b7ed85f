// A ticket's conversation: public replies and internal notes (staff only;
// the API never sends them to the portal), threaded by parent_id, with a
// compose box. Bodies are plain text, shown as written (no HTML, no Markdown).
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useAddReply } from '../api/tickets';
import type { TicketReply } from '../api/types';
import { formatDateTime, relativeTime } from '../lib/format';
import { useNow } from '../lib/useNow';
import { ActionError } from './TicketBits';
import { Empty } from './ui';

export interface ThreadNode {
  reply: TicketReply;
  children: ThreadNode[];
}

// Replies in order, each under its parent; an unknown parent (e.g. a note
// the viewer cannot see) puts the reply at the top level.
export function buildThread(replies: TicketReply[]): ThreadNode[] {
  const nodes = new Map<number, ThreadNode>();
  for (const r of replies) nodes.set(r.id, { reply: r, children: [] });
  const roots: ThreadNode[] = [];
  for (const r of replies) {
    const node = nodes.get(r.id)!;
    const parent = r.parent_id != null ? nodes.get(r.parent_id) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

function Message({
  node,
  now,
  onReplyTo,
  depth,
  authorName,
}: {
  node: ThreadNode;
  now: number;
  onReplyTo?: (r: TicketReply) => void;
  depth: number;
  authorName: (r: TicketReply) => string;
}) {
  const r = node.reply;
  const author = authorName(r);
  const kind = r.internal ? 'internal' : r.from_staff ? 'staff' : 'customer';
  return (
    <li className={`message message-${kind}`} data-reply-id={r.id} data-internal={r.internal ? 'true' : 'false'}>
      <article aria-label={`${r.internal ? 'Internal note' : 'Reply'} by ${author}`}>
        <header className="message-head">
          <strong>{author}</strong>
          {r.internal ? (
            <span className="badge tone-warn">Internal note</span>
          ) : r.from_staff ? (
            <span className="badge tone-neutral">Support</span>
          ) : (
            <span className="badge tone-good">Customer</span>
          )}
          <time className="muted small" dateTime={r.created_at} title={formatDateTime(r.created_at)}>
            {relativeTime(r.created_at, now)}
          </time>
          {onReplyTo && depth < 4 && (
            <button type="button" className="btn ghost small message-reply" onClick={() => onReplyTo(r)}>
              Reply<span className="sr-only"> to {author}</span>
            </button>
          )}
        </header>
        <div className="message-body">{r.body}</div>
      </article>
      {node.children.length > 0 && (
        <ol className="thread thread-children">
          {node.children.map((c) => (
            <Message
              key={c.reply.id}
              node={c}
              now={now}
              onReplyTo={onReplyTo}
              depth={depth + 1}
              authorName={authorName}
            />
          ))}
        </ol>
      )}
    </li>
  );
}

export function Conversation({
  ticketId,
  replies,
  canReply,
  allowInternal,
  closed,
  emptyText = 'No replies yet.',
  authorName = (r) => r.author,
}: {
  ticketId: number;
  replies: TicketReply[];
  canReply: boolean;
  allowInternal: boolean;
  closed: boolean;
  emptyText?: string;
  authorName?: (r: TicketReply) => string;
}) {
  const now = useNow();
  const add = useAddReply(ticketId);
  const [body, setBody] = useState('');
  // A closed ticket takes internal notes only.
  const [internal, setInternal] = useState(false);
  const [parent, setParent] = useState<TicketReply | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const asNote = internal || closed;
  const thread = buildThread(replies);
  const composeOpen = canReply && (!closed || allowInternal);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSent(null);
    if (!body.trim()) return;
    try {
      await add.mutateAsync({
        body: body.trim(),
        ...(allowInternal ? { internal: asNote } : {}),
        ...(parent ? { parent_id: parent.id } : {}),
      });
      setBody('');
      setParent(null);
      setSent(asNote && allowInternal ? 'Internal note added.' : 'Reply sent.');
    } catch {
      // shown by ActionError below
    }
  }

  return (
    <>
      {thread.length === 0 ? (
        <Empty>{emptyText}</Empty>
      ) : (
        <ol className="thread" aria-label="Conversation">
          {thread.map((n) => (
            <Message
              key={n.reply.id}
              node={n}
              now={now}
              depth={0}
              authorName={authorName}
              onReplyTo={composeOpen ? (r) => setParent(r) : undefined}
            />
          ))}
        </ol>
      )}
      {composeOpen ? (
        <form className={`compose ${asNote && allowInternal ? 'compose-internal' : ''}`} onSubmit={submit} aria-label="Write a reply">
          {parent && (
            <p className="muted small compose-parent">
              Replying to {authorName(parent)}:{' '}
              <button type="button" className="btn ghost small" onClick={() => setParent(null)}>
                Cancel threading
              </button>
            </p>
          )}
          <label className="field">
            <span>{asNote && allowInternal ? 'Internal note (staff only)' : 'Reply'}</span>
            <textarea
              rows={4}
              value={body}
              onChange={(e) => setBody(e.target.value)}
              maxLength={20000}
              placeholder={asNote && allowInternal ? 'Visible to staff only…' : 'Write to the customer…'}
            />
          </label>
          <div className="row-between">
            {allowInternal ? (
              <label className="check">
                <input
                  type="checkbox"
                  checked={asNote}
                  disabled={closed}
                  onChange={(e) => setInternal(e.target.checked)}
                />
                Internal note{closed ? ' (the ticket is closed)' : ''}
              </label>
            ) : (
              <span />
            )}
            <button className="btn primary" type="submit" disabled={add.isPending || !body.trim()}>
              {add.isPending ? 'Sending…' : asNote && allowInternal ? 'Add note' : 'Send reply'}
            </button>
          </div>
          <ActionError error={add.error} action="send it" />
          {sent && !add.error && (
            <p className="notice" role="status">
              {sent}
            </p>
          )}
        </form>
      ) : closed ? (
        <p className="muted">This ticket is closed.</p>
      ) : null}
    </>
  );
}
