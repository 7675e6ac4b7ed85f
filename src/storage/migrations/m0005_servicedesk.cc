// Migration 5: the service desk (server/servicedesk). Business calendars,
// tickets with their affected CIs, replies and notes, history (status,
// priority, every transfer of responsibility, technical escalations),
// administrative escalations and SLA breaches (each once per ticket), time
// entries, and the minimal change record an RFC opens. The customer's
// calendar_id and sla_policy columns already exist in `customers`.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0005 = {5,
                                         "service desk: calendars, tickets, SLA, time entries",
                                         R"SQL(
CREATE TABLE business_calendars (
  id @ID@,
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  hours_json TEXT NOT NULL,
  holidays_json TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX business_calendars_name ON business_calendars (name);

CREATE TABLE tickets (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  contact_id BIGINT REFERENCES contacts(id),
  subject TEXT NOT NULL,
  description TEXT NOT NULL,
  symptoms TEXT,
  steps_to_reproduce TEXT,
  recent_changes TEXT,
  priority TEXT NOT NULL,
  priority_rank INTEGER NOT NULL,
  status TEXT NOT NULL,
  source TEXT NOT NULL,
  tags_json TEXT NOT NULL DEFAULT '[]',
  assignee_id BIGINT NOT NULL REFERENCES users(id),
  reported_by BIGINT REFERENCES users(id),
  sla_policy TEXT NOT NULL,
  calendar_id BIGINT REFERENCES business_calendars(id),
  response_due BIGINT,
  resolution_due BIGINT,
  first_response_at BIGINT,
  paused_at BIGINT,
  paused_business_ms BIGINT NOT NULL DEFAULT 0,
  resolution TEXT,
  resolved_at BIGINT,
  resolved_by BIGINT REFERENCES users(id),
  closed_at BIGINT,
  alert_id BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (status IN ('new','open','hold_research','hold_resolution','pending_fix',
                    'rfc_submitted','closed')),
  CHECK (priority IN ('critical','high','normal','low'))
);
CREATE INDEX tickets_customer ON tickets (customer_id, status);
CREATE INDEX tickets_queue ON tickets (status, priority_rank);
CREATE INDEX tickets_assignee ON tickets (assignee_id, status);

CREATE TABLE ticket_cis (
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  ci_id BIGINT NOT NULL REFERENCES cis(id),
  PRIMARY KEY (ticket_id, ci_id)
);

CREATE TABLE ticket_replies (
  id @ID@,
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  parent_id BIGINT REFERENCES ticket_replies(id),
  author_user_id BIGINT REFERENCES users(id),
  author TEXT NOT NULL,
  from_staff INTEGER NOT NULL,
  internal INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX ticket_replies_ticket ON ticket_replies (ticket_id, id);

CREATE TABLE ticket_events (
  id @ID@,
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  at BIGINT NOT NULL,
  actor_user_id BIGINT,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  note TEXT
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);

CREATE TABLE ticket_escalations (
  id @ID@,
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  level INTEGER NOT NULL,
  at BIGINT NOT NULL,
  notified_role TEXT NOT NULL
);
CREATE UNIQUE INDEX ticket_escalations_level ON ticket_escalations (ticket_id, level);

CREATE TABLE ticket_breaches (
  id @ID@,
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  kind TEXT NOT NULL,
  at BIGINT NOT NULL,
  due_at BIGINT NOT NULL,
  CHECK (kind IN ('response','resolution'))
);
CREATE UNIQUE INDEX ticket_breaches_kind ON ticket_breaches (ticket_id, kind);

CREATE TABLE ticket_time_entries (
  id @ID@,
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  minutes INTEGER NOT NULL,
  work_type TEXT NOT NULL,
  billable INTEGER NOT NULL,
  note TEXT,
  invoiced_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (minutes > 0 AND minutes % 15 = 0),
  CHECK (work_type IN ('remote','phone','on_site','after_hours','emergency'))
);
CREATE INDEX ticket_time_entries_ticket ON ticket_time_entries (ticket_id);

CREATE TABLE change_requests (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  ticket_id BIGINT REFERENCES tickets(id),
  title TEXT NOT NULL,
  status TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX change_requests_ticket ON change_requests (ticket_id);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
