// Migration 7: the knowledge base and problem management (server/servicedesk).
// Articles (Markdown kept as text, never rendered by the server) with their
// links to tickets; problems with the incidents linked to them (an incident
// belongs to at most one problem) and their history. `kb_index` is the
// ranked full-text index over published articles and the resolutions of
// closed tickets: FTS5 on SQLite (bm25), a weighted tsvector on PostgreSQL
// (ts_rank). Existing closed tickets are indexed here; later ones when they
// close.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0007 = {7, "knowledge base, problems",
                                         R"SQL(
CREATE TABLE kb_articles (
  id @ID@,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  tags_json TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL,
  public INTEGER NOT NULL DEFAULT 0,
  author_id BIGINT REFERENCES users(id),
  author TEXT NOT NULL,
  published_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (status IN ('draft','published'))
);
CREATE INDEX kb_articles_status ON kb_articles (status, updated_at);

CREATE TABLE kb_article_tickets (
  article_id BIGINT NOT NULL REFERENCES kb_articles(id),
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  linked_by BIGINT,
  linked_at BIGINT NOT NULL,
  PRIMARY KEY (article_id, ticket_id)
);
CREATE INDEX kb_article_tickets_ticket ON kb_article_tickets (ticket_id);

CREATE TABLE problems (
  id @ID@,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  status TEXT NOT NULL,
  root_cause TEXT,
  workaround TEXT,
  known_error INTEGER NOT NULL DEFAULT 0,
  assignee_id BIGINT REFERENCES users(id),
  customer_id BIGINT REFERENCES customers(id),
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  resolved_at BIGINT,
  closed_at BIGINT,
  CHECK (status IN ('open','known_error','resolved','closed'))
);
CREATE INDEX problems_status ON problems (status);

CREATE TABLE problem_tickets (
  ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id),
  problem_id BIGINT NOT NULL REFERENCES problems(id),
  linked_by BIGINT,
  linked_at BIGINT NOT NULL
);
CREATE INDEX problem_tickets_problem ON problem_tickets (problem_id);

CREATE TABLE problem_events (
  id @ID@,
  problem_id BIGINT NOT NULL REFERENCES problems(id),
  at BIGINT NOT NULL,
  actor_user_id BIGINT,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  note TEXT
);
CREATE INDEX problem_events_problem ON problem_events (problem_id, id);

CREATE INDEX tickets_created ON tickets (created_at);
)SQL",
                                         // `visible`: 0 draft article, 1 published
                                         // (staff), 2 published and public (portal
                                         // too), 1 for a closed ticket (its customer's
                                         // portal users and staff). Row id: article
                                         // id * 2, ticket id * 2 + 1.
                                         R"SQL(
CREATE VIRTUAL TABLE kb_index USING fts5(
  object_type UNINDEXED, object_id UNINDEXED, customer_id UNINDEXED, visible UNINDEXED,
  title, body,
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO kb_index (rowid, object_type, object_id, customer_id, visible, title, body)
  SELECT id * 2 + 1, 'ticket', id, customer_id, 1, subject,
         COALESCE(resolution, '') || char(10) || COALESCE(symptoms, '') || char(10) || description
  FROM tickets WHERE status = 'closed';
)SQL",
                                         R"SQL(
CREATE TABLE kb_index (
  object_type TEXT NOT NULL,
  object_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  visible INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('simple', title), 'A') ||
                                    setweight(to_tsvector('simple', body), 'B')) STORED,
  PRIMARY KEY (object_type, object_id)
);
CREATE INDEX kb_index_tsv ON kb_index USING GIN (tsv);
INSERT INTO kb_index (object_type, object_id, customer_id, visible, title, body)
  SELECT 'ticket', id, customer_id, 1, subject,
         COALESCE(resolution, '') || chr(10) || COALESCE(symptoms, '') || chr(10) || description
  FROM tickets WHERE status = 'closed';
)SQL"};

}  // namespace steward::storage
