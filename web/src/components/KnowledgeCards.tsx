// The ticket page's knowledge parts: suggested articles and similar closed
// tickets (with the matching snippet) and the linked articles; the files
// attached to the ticket (upload, download; internal ones marked); the
// problem the incident belongs to, or "create a problem" from it.
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import {
  MAX_ATTACHMENT_BYTES,
  attachmentUrl,
  useAttachments,
  useCreateProblem,
  useLinkArticle,
  useTicketSuggestions,
  useUnlinkArticle,
  useUploadAttachment,
} from '../api/knowledge';
import type { TicketDetail } from '../api/types';
import { formatBytes, formatDateTime, humanize } from '../lib/format';
import { ticketRef } from '../lib/ticketQueue';
import { Card, Empty, ErrorBox, Loading } from './ui';

// Snippets are cut from the Markdown source: drop its markers for reading.
export function plainSnippet(s: string): string {
  return s
    .replace(/(^|\s)#{1,6}\s+/g, '$1')
    .replace(/\*\*|`/g, '')
    .replace(/(^|\s)[*_](\S)/g, '$1$2')
    .replace(/(\S)[*_](\s|$|[.,;:])/g, '$1$2');
}

// A 404 for a list under a ticket that loaded means this server has no such
// route (a build without that feature): the card is left out.
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

export function WriteError({ error, action }: { error: unknown; action: string }) {
  if (error == null) return null;
  let text = error instanceof Error ? error.message : 'Something went wrong.';
  if (error instanceof ApiError) {
    text =
      error.status === 413
        ? `The file is too large: ${error.message}`
        : error.status === 404
          ? 'It is gone, or you no longer have access to it.'
          : `${error.message}${error.field ? ` (${humanize(error.field)})` : ''}`;
  }
  return (
    <p className="form-error" role="alert">
      Could not {action}: {text}
    </p>
  );
}

export function KnowledgeCard({ ticket, canWork, basePath }: { ticket: TicketDetail; canWork: boolean; basePath: string }) {
  const suggestions = useTicketSuggestions(ticket.id, canWork);
  const link = useLinkArticle(ticket.id);
  const unlink = useUnlinkArticle(ticket.id);
  const linked = ticket.kb_articles ?? [];
  const linkedIds = new Set(linked.map((a) => a.id));
  const results = suggestions.data ?? [];
  if (!canWork && linked.length === 0) return null;
  return (
    <Card title="Knowledge" id="ticket-knowledge">
      <h3 className="subhead">Linked articles</h3>
      {linked.length === 0 ? (
        <Empty>No article linked yet.</Empty>
      ) : (
        <ul className="list compact" aria-label="Linked articles">
          {linked.map((a) => (
            <li key={a.id} className="row-between">
              <span>
                <Link to={`${basePath}/kb/${a.id}`}>{a.title}</Link>
                {canWork && a.status !== 'published' && <span className="badge tone-warn">Draft</span>}
              </span>
              {canWork && (
                <button
                  type="button"
                  className="btn small ghost"
                  disabled={unlink.isPending}
                  onClick={() => unlink.mutate(a.id)}
                  aria-label={`Unlink ${a.title}`}
                >
                  Unlink
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWork && (
        <>
          <h3 className="subhead">Suggestions</h3>
          {suggestions.isLoading ? (
            <Loading />
          ) : isMissingRoute(suggestions.error) ? (
            <Empty>This server offers no suggestions.</Empty>
          ) : suggestions.error ? (
            <ErrorBox error={suggestions.error} />
          ) : results.length === 0 ? (
            <Empty>Nothing in the knowledge base matches this ticket's words.</Empty>
          ) : (
            <ul className="list suggestions" aria-label="Suggestions">
              {results.map((r) => (
                <li key={`${r.type}-${r.id}`}>
                  <div className="row-between">
                    <span>
                      <span className={`badge ${r.type === 'article' ? 'tone-good' : 'tone-neutral'}`}>
                        {r.type === 'article' ? 'Article' : 'Solved ticket'}
                      </span>{' '}
                      {r.type === 'article' ? (
                        <Link to={`${basePath}/kb/${r.id}`}>{r.title}</Link>
                      ) : (
                        <Link to={`${basePath}/tickets/${r.id}`}>
                          {ticketRef(r.id)} {r.title}
                        </Link>
                      )}
                    </span>
                    {r.type === 'article' &&
                      (linkedIds.has(r.id) ? (
                        <span className="muted small">Linked</span>
                      ) : (
                        <button
                          type="button"
                          className="btn small"
                          disabled={link.isPending}
                          onClick={() => link.mutate(r.id)}
                          aria-label={`Link ${r.title}`}
                        >
                          Link
                        </button>
                      ))}
                  </div>
                  {r.snippet && <p className="snippet">{plainSnippet(r.snippet)}</p>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <WriteError error={link.error} action="link the article" />
      <WriteError error={unlink.error} action="unlink the article" />
    </Card>
  );
}

export function tooLargeMessage(file: { name: string; size: number }): string | null {
  if (file.size <= MAX_ATTACHMENT_BYTES) return null;
  return `${file.name} (${formatBytes(file.size)}) is over the 10 MB limit for attachments: compress it or share it another way.`;
}

export function AttachmentsCard({
  ticketId,
  staff,
  canUpload,
  closed,
}: {
  ticketId: number;
  staff: boolean;
  canUpload: boolean;
  closed: boolean;
}) {
  const list = useAttachments(ticketId);
  const upload = useUploadAttachment(ticketId);
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [internal, setInternal] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // A closed ticket takes internal attachments only (the server's rule).
  const mustBeInternal = closed && staff;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    upload.reset();
    if (!file) {
      setInvalid('Choose a file first.');
      return;
    }
    const big = tooLargeMessage(file);
    if (big) {
      setInvalid(big);
      return;
    }
    setInvalid(null);
    try {
      const a = await upload.mutateAsync({ file, internal: internal || mustBeInternal });
      setDone(`Uploaded ${a.file_name}.`);
      setFile(null);
      setInternal(false);
      if (input.current) input.current.value = '';
    } catch {
      // WriteError shows it
    }
  }

  const rows = list.data ?? [];
  if (isMissingRoute(list.error)) return null;
  return (
    <Card title={`Attachments${list.data ? ` (${rows.length})` : ''}`} id="ticket-attachments">
      {list.isLoading ? (
        <Loading />
      ) : list.error ? (
        <ErrorBox error={list.error} />
      ) : rows.length === 0 ? (
        <Empty>No files attached.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table compact-table" aria-label="Attachments">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Size</th>
                <th scope="col">Type</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id} className={a.internal ? 'internal-row' : undefined}>
                  <td>
                    <a href={attachmentUrl(ticketId, a.id)} download={a.file_name}>
                      {a.file_name}
                    </a>
                    {a.internal && <span className="badge tone-warn">Internal</span>}
                    {a.truncated && (
                      <span className="muted small"> (cut at {formatBytes(a.size_bytes)} of {formatBytes(a.original_size)})</span>
                    )}
                  </td>
                  <td>{formatBytes(a.size_bytes)}</td>
                  <td>{a.content_type}</td>
                  <td>
                    {a.source === 'email' ? 'E-mail' : humanize(a.source)}, {formatDateTime(a.created_at)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canUpload && (!closed || staff) && (
        <form className="upload-form" onSubmit={submit} aria-label="Upload an attachment" noValidate>
          <label className="field">
            <span>File (up to 10 MB)</span>
            <input
              ref={input}
              type="file"
              onChange={(e) => {
                const f = e.target.files?.[0] ?? null;
                setFile(f);
                setDone(null);
                setInvalid(f ? tooLargeMessage(f) : null);
              }}
              aria-invalid={invalid ? true : undefined}
              aria-describedby={invalid ? 'attachment-error' : undefined}
            />
          </label>
          {invalid && (
            <p className="field-error" id="attachment-error" role="alert">
              {invalid}
            </p>
          )}
          {staff && (
            <label className="check">
              <input
                type="checkbox"
                checked={internal || mustBeInternal}
                disabled={mustBeInternal}
                onChange={(e) => setInternal(e.target.checked)}
              />
              <span>Internal (hidden from the customer){mustBeInternal ? ' — the ticket is closed' : ''}</span>
            </label>
          )}
          <button type="submit" className="btn" disabled={upload.isPending}>
            {upload.isPending ? 'Uploading…' : 'Upload'}
          </button>
          {done && (
            <p className="notice" role="status">
              {done}
            </p>
          )}
          <WriteError error={upload.error} action="upload the file" />
        </form>
      )}
    </Card>
  );
}

export function ProblemCard({ ticket, canWork }: { ticket: TicketDetail; canWork: boolean }) {
  const create = useCreateProblem();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(ticket.subject);
  const [invalid, setInvalid] = useState(false);
  const p = ticket.problem;
  if (p === undefined && !canWork) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!title.trim()) {
      setInvalid(true);
      return;
    }
    try {
      const created = await create.mutateAsync({
        title: title.trim(),
        ticket_ids: [ticket.id],
        description: ticket.symptoms || ticket.description || undefined,
      });
      navigate(`/problems/${created.id}`);
    } catch {
      // WriteError shows it
    }
  }

  return (
    <Card title="Problem" id="ticket-problem">
      {p ? (
        <>
          <p>
            <Link to={`/problems/${p.id}`}>
              PRB-{p.id} {p.title}
            </Link>{' '}
            <span className="badge tone-neutral">{humanize(p.status)}</span>
            {p.known_error && p.status !== 'known_error' && <span className="badge tone-warn">Known error</span>}
          </p>
          {p.workaround && (
            <p>
              <strong>Workaround:</strong> {p.workaround}
            </p>
          )}
        </>
      ) : (
        <p className="muted">This incident belongs to no problem.</p>
      )}
      {!p && canWork && (
        <>
          {!open ? (
            <button type="button" className="btn" onClick={() => setOpen(true)}>
              Create problem from this incident
            </button>
          ) : (
            <form onSubmit={submit} aria-label="Create problem" noValidate>
              <label className="field">
                <span>Problem title</span>
                <input
                  value={title}
                  onChange={(e) => {
                    setTitle(e.target.value);
                    setInvalid(false);
                  }}
                  aria-invalid={invalid || undefined}
                  aria-describedby={invalid ? 'problem-title-error' : undefined}
                />
              </label>
              {invalid && (
                <p className="field-error" id="problem-title-error">
                  Give the problem a title.
                </p>
              )}
              <div className="row-gap">
                <button type="submit" className="btn primary" disabled={create.isPending}>
                  Create problem
                </button>
                <button type="button" className="btn ghost" onClick={() => setOpen(false)}>
                  Cancel
                </button>
              </div>
            </form>
          )}
          <WriteError error={create.error} action="create the problem" />
        </>
      )}
    </Card>
  );
}
