#include "server/servicedesk/problem_from_change.h"

#include "server/audit/audit_log.h"
#include "server/servicedesk/servicedesk_internal.h"

namespace steward::servicedesk {

Result<int64_t> OpenProblemForChange(const storage::ScopedConnection& sc, const ProblemForChange& p,
                                     Timestamp now, const accounts::Actor& actor) {
  STEWARD_RETURN_IF_ERROR(storage::RequireVisibleCustomer(sc, p.customer_id));
  storage::Connection& c = sc.connection();
  std::optional<int64_t> assignee = p.assignee_id;
  if (assignee && !internal::RequireActiveStaff(c, *assignee, "assignee_id").ok()) {
    assignee.reset();
  }
  STEWARD_ASSIGN_OR_RETURN(
      storage::Row row,
      c.QueryOne("INSERT INTO problems (title, description, status, known_error, assignee_id,"
                 " customer_id, change_id, created_at, updated_at)"
                 " VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?) RETURNING id",
                 {p.title, p.description, false, assignee, p.customer_id, p.change_id,
                  ToMillis(now), ToMillis(now)}));
  const int64_t id = row.Int("id");
  STEWARD_RETURN_IF_ERROR(internal::AddProblemEvent(c, id, now, actor.principal, "status",
                                                    std::nullopt, "open",
                                                    "opened by the watch after a change"));
  Json linked = Json::array();
  for (int64_t ticket : p.incident_ids) {
    // A ticket belongs to one problem: one already linked stays where it is.
    STEWARD_ASSIGN_OR_RETURN(auto free,
                             c.QueryOptional("SELECT t.id FROM tickets t WHERE t.id = ? AND"
                                             " t.customer_id = ? AND NOT EXISTS (SELECT 1 FROM"
                                             " problem_tickets l WHERE l.ticket_id = t.id)",
                                             {ticket, p.customer_id}));
    if (!free) continue;
    STEWARD_RETURN_IF_ERROR(c.Execute("INSERT INTO problem_tickets (ticket_id, problem_id,"
                                      " linked_at) VALUES (?, ?, ?)",
                                      {ticket, id, ToMillis(now)})
                                .status());
    STEWARD_RETURN_IF_ERROR(internal::AddProblemEvent(c, id, now, actor.principal, "incident_link",
                                                      std::nullopt, std::to_string(ticket),
                                                      std::nullopt));
    linked.push_back(ticket);
  }
  STEWARD_RETURN_IF_ERROR(
      audit::Record(c, now, actor,
                    {"problem.create", "problem", std::to_string(id), p.customer_id,
                     Json{{"title", p.title}, {"change_id", p.change_id}, {"incidents", linked}}}));
  return id;
}

}  // namespace steward::servicedesk
