// The knowledge base: the article list with a ranked search over articles
// and closed tickets' resolutions, one article (its Markdown rendered by our
// own renderer: no HTML ever reaches the page), and the staff editor. The
// same pages serve the portal under /portal/kb, where the server returns
// public published articles and the customer's own closed tickets only.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useArticle, useArticles, useDeleteArticle, useKbSearch, useSaveArticle } from '../api/knowledge';
import type { Article, ArticleInput, SearchResult } from '../api/knowledge';
import { WriteError, plainSnippet } from '../components/KnowledgeCards';
import { parseTags } from '../components/TicketForm';
import { Card, Empty, ErrorBox, Loading, PageHeader } from '../components/ui';
import { formatDateTime } from '../lib/format';
import { Markdown } from '../lib/markdown';
import { isTyping } from '../lib/shortcuts';
import { ticketRef } from '../lib/ticketQueue';

export function resultHref(r: SearchResult, basePath: string): string {
  return r.type === 'article' ? `${basePath}/kb/${r.id}` : `${basePath}/tickets/${r.id}`;
}

// "n" opens the editor, as "n" opens the new-ticket form in the queue.
function useNewShortcut(enabled: boolean, to: string) {
  const navigate = useNavigate();
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'n' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target)) {
        e.preventDefault();
        navigate(to);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, to, navigate]);
}

export function KbListPage({ basePath, canEdit }: { basePath: string; canEdit: boolean }) {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const articles = useArticles();
  const results = useKbSearch(q);
  useNewShortcut(canEdit, `${basePath}/kb/new`);

  function submit(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams(params);
    if (text.trim()) next.set('q', text.trim());
    else next.delete('q');
    setParams(next);
  }

  const list = articles.data ?? [];
  return (
    <>
      <PageHeader
        title="Knowledge base"
        subtitle={
          canEdit ? (
            <>
              How-tos and fixes, and what solved earlier tickets · key: <kbd>n</kbd> new article
            </>
          ) : (
            'Answers to common questions, and how earlier issues were solved'
          )
        }
        actions={
          canEdit && (
            <Link className="btn primary" to={`${basePath}/kb/new`} aria-keyshortcuts="n">
              New article
            </Link>
          )
        }
      />
      <Card>
        <form role="search" className="filters" onSubmit={submit} aria-label="Search the knowledge base">
          <label className="grow">
            <span>Search articles and solved tickets</span>
            <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="e.g. printer spooler" />
          </label>
          <button type="submit" className="btn primary">
            Search
          </button>
        </form>
      </Card>
      {q ? (
        <Card title={`Results for “${q}”`} id="kb-results">
          {results.isLoading ? (
            <Loading />
          ) : results.error ? (
            <ErrorBox error={results.error} />
          ) : (results.data ?? []).length === 0 ? (
            <Empty>Nothing matches “{q}”. Try fewer or shorter words.</Empty>
          ) : (
            <ol className="list kb-results" aria-label="Search results">
              {results.data!.map((r) => (
                <li key={`${r.type}-${r.id}`}>
                  <span className={`badge ${r.type === 'article' ? 'tone-good' : 'tone-neutral'}`}>
                    {r.type === 'article' ? 'Article' : 'Solved ticket'}
                  </span>{' '}
                  <Link className="cell-title" to={resultHref(r, basePath)}>
                    {r.type === 'ticket' ? `${ticketRef(r.id)} ` : ''}
                    {r.title}
                  </Link>
                  {r.snippet && <p className="snippet">{plainSnippet(r.snippet)}</p>}
                </li>
              ))}
            </ol>
          )}
        </Card>
      ) : (
        <Card title={articles.data ? `Articles (${list.length})` : 'Articles'} id="kb-articles">
          {articles.isLoading ? (
            <Loading />
          ) : articles.error ? (
            <ErrorBox error={articles.error} />
          ) : list.length === 0 ? (
            <Empty>No articles yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Title</th>
                    <th scope="col">Tags</th>
                    {canEdit && <th scope="col">State</th>}
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <Link className="cell-title" to={`${basePath}/kb/${a.id}`}>
                          {a.title}
                        </Link>
                      </td>
                      <td>{a.tags.join(', ') || '—'}</td>
                      {canEdit && (
                        <td>
                          <ArticleState article={a} />
                        </td>
                      )}
                      <td>{formatDateTime(a.updated_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      )}
    </>
  );
}

function ArticleState({ article }: { article: Pick<Article, 'status' | 'public'> }) {
  return (
    <span className="row-gap">
      <span className={`badge ${article.status === 'published' ? 'tone-good' : 'tone-warn'}`}>
        {article.status === 'published' ? 'Published' : 'Draft'}
      </span>
      <span className="badge tone-neutral">{article.public ? 'Public' : 'Internal'}</span>
    </span>
  );
}

function ArticleView({ id, basePath, canEdit }: { id: number; basePath: string; canEdit: boolean }) {
  const article = useArticle(id);
  const del = useDeleteArticle();
  const navigate = useNavigate();
  const a = article.data;
  if (article.isLoading) return <Loading />;
  if (article.error || !a) return <ErrorBox error={article.error} />;
  return (
    <>
      <PageHeader
        title={a.title}
        subtitle={
          <>
            {a.tags.length > 0 && <>{a.tags.join(', ')} · </>}
            {a.author && <>by {a.author} · </>}updated {formatDateTime(a.updated_at)}
          </>
        }
        actions={
          <>
            <Link className="btn ghost" to={`${basePath}/kb`}>
              All articles
            </Link>
            {canEdit && (
              <Link className="btn" to={`${basePath}/kb/${a.id}/edit`}>
                Edit
              </Link>
            )}
          </>
        }
      />
      <div className="ticket-layout">
        <div className="ticket-main">
          <Card id="kb-article">
            <Markdown source={a.body} />
          </Card>
        </div>
        {canEdit && (
          <div className="ticket-side ticket-side-top">
            <Card title="State" id="kb-state">
              <ArticleState article={a} />
              <p className="muted small">
                {a.status === 'published' && a.public
                  ? 'Customers can read this article in the portal.'
                  : 'Only staff can read this article.'}
              </p>
            </Card>
            <Card title="Linked tickets" id="kb-tickets">
              {(a.ticket_ids ?? []).length === 0 ? (
                <Empty>No ticket links to this article.</Empty>
              ) : (
                <ul className="list compact">
                  {a.ticket_ids!.map((t) => (
                    <li key={t}>
                      <Link to={`/tickets/${t}`}>{ticketRef(t)}</Link>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
            <Card title="Delete" id="kb-delete">
              <p className="muted small">Removes the article and its links to tickets.</p>
              <button
                type="button"
                className="btn"
                disabled={del.isPending}
                onClick={async () => {
                  if (!window.confirm(`Delete “${a.title}”?`)) return;
                  try {
                    await del.mutateAsync(a.id);
                    navigate(`${basePath}/kb`, { replace: true });
                  } catch {
                    // WriteError shows it
                  }
                }}
              >
                Delete article
              </button>
              <WriteError error={del.error} action="delete the article" />
            </Card>
          </div>
        )}
      </div>
    </>
  );
}

export function KbArticlePage({ basePath, canEdit }: { basePath: string; canEdit: boolean }) {
  const { id } = useParams();
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) return <ErrorBox error={new Error('No such article.')} />;
  return <ArticleView key={n} id={n} basePath={basePath} canEdit={canEdit} />;
}

export interface ArticleDraft {
  title: string;
  body: string;
  tags: string;
  status: 'draft' | 'published';
  public: boolean;
}

export function draftToInput(d: ArticleDraft): ArticleInput {
  return { title: d.title.trim(), body: d.body, tags: parseTags(d.tags), status: d.status, public: d.public };
}

export function validateDraft(d: ArticleDraft): Partial<Record<'title' | 'body', string>> {
  const errors: Partial<Record<'title' | 'body', string>> = {};
  if (!d.title.trim()) errors.title = 'Give the article a title.';
  if (!d.body.trim()) errors.body = 'Write the article.';
  return errors;
}

export function ArticleForm({ initial, id, basePath }: { initial: ArticleDraft; id?: number; basePath: string }) {
  const [d, setD] = useState(initial);
  const [errors, setErrors] = useState<ReturnType<typeof validateDraft>>({});
  const [preview, setPreview] = useState(false);
  const save = useSaveArticle(id);
  const navigate = useNavigate();
  const set = (patch: Partial<ArticleDraft>) => setD((x) => ({ ...x, ...patch }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const v = validateDraft(d);
    setErrors(v);
    if (Object.keys(v).length) return;
    try {
      const a = await save.mutateAsync(draftToInput(d));
      navigate(`${basePath}/kb/${a.id}`);
    } catch {
      // WriteError shows it
    }
  }

  return (
    <form className="kb-editor stack" onSubmit={submit} noValidate aria-label={id ? 'Edit article' : 'New article'}>
      <Card>
        <label className="field">
          <span>Title</span>
          <input
            value={d.title}
            onChange={(e) => set({ title: e.target.value })}
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={errors.title ? 'kb-title-error' : undefined}
          />
          {errors.title && (
            <span className="field-error" id="kb-title-error">
              {errors.title}
            </span>
          )}
        </label>
        <label className="field">
          <span>Tags (comma-separated)</span>
          <input value={d.tags} onChange={(e) => set({ tags: e.target.value })} />
        </label>
        <label className="field">
          <span>Body (Markdown: # headings, lists, `code`, **bold**, *italic*, [links](https://…))</span>
          <textarea
            rows={14}
            value={d.body}
            onChange={(e) => set({ body: e.target.value })}
            aria-invalid={errors.body ? true : undefined}
            aria-describedby={errors.body ? 'kb-body-error' : undefined}
          />
          {errors.body && (
            <span className="field-error" id="kb-body-error">
              {errors.body}
            </span>
          )}
        </label>
        <div className="row-gap">
          <label className="field">
            <span>State</span>
            <select value={d.status} onChange={(e) => set({ status: e.target.value as ArticleDraft['status'] })}>
              <option value="draft">Draft (staff only)</option>
              <option value="published">Published</option>
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={d.public} onChange={(e) => set({ public: e.target.checked })} />
            <span>Public: customers may read it in the portal once published</span>
          </label>
        </div>
        <div className="row-gap">
          <button type="submit" className="btn primary" disabled={save.isPending}>
            {id ? 'Save article' : 'Create article'}
          </button>
          <button type="button" className="btn ghost" onClick={() => setPreview((p) => !p)} aria-pressed={preview}>
            Preview
          </button>
          <Link className="btn ghost" to={id ? `${basePath}/kb/${id}` : `${basePath}/kb`}>
            Cancel
          </Link>
        </div>
        <WriteError error={save.error} action="save the article" />
      </Card>
      {preview && (
        <Card title="Preview" id="kb-preview">
          <Markdown source={d.body} />
        </Card>
      )}
    </form>
  );
}

export function KbNewPage({ basePath }: { basePath: string }) {
  return (
    <>
      <PageHeader title="New article" />
      <ArticleForm basePath={basePath} initial={{ title: '', body: '', tags: '', status: 'draft', public: false }} />
    </>
  );
}

function EditView({ id, basePath }: { id: number; basePath: string }) {
  const article = useArticle(id);
  const a = article.data;
  if (article.isLoading) return <Loading />;
  if (article.error || !a) return <ErrorBox error={article.error} />;
  return (
    <>
      <PageHeader title={`Edit: ${a.title}`} />
      <ArticleForm
        id={a.id}
        basePath={basePath}
        initial={{ title: a.title, body: a.body, tags: a.tags.join(', '), status: a.status, public: a.public }}
      />
    </>
  );
}

export function KbEditPage({ basePath }: { basePath: string }) {
  const { id } = useParams();
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) return <ErrorBox error={new Error('No such article.')} />;
  return <EditView key={n} id={n} basePath={basePath} />;
}
