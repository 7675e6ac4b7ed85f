// Service desk routes (SPEC §5): business calendars, tickets (queue, detail,
// changes, replies and notes, the customer's confirmation, technical
// escalation) and time entries. Handlers read the request into typed
// commands (ticket_json.h) and call TicketService or ServiceDesk, whose
// stores apply the caller's tenant scope; roles here decide who may act.
#include <limits>

#include "server/api/ticket_json.h"
#include "server/api/ticket_routes_common.h"
#include "server/api/time_entry_json.h"
#include "server/servicedesk/servicedesk_service.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;
using servicedesk::NewTimeEntry;
using servicedesk::ServiceDesk;
using servicedesk::TicketService;
using servicedesk::TicketTime;
using servicedesk::TimeEntry;
using servicedesk::TimeEntryPatch;
using servicedesk::TimeEntryService;

namespace {

// Who may open a ticket (kTicketWorkers and kTicketRepliers, who work and
// write on them, are shared: ticket_routes_common.h); who keeps calendars.
constexpr RoleSet kOpeners = {Role::kOwner, Role::kServiceManager, Role::kTechnician,
                              Role::kAccountManager, Role::kPortal};
constexpr RoleSet kCalendarAdmins = {Role::kOwner, Role::kServiceManager};

Json TicketSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"customer_id", "integer"},
                       {"contact_id", "integer"},
                       {"subject", "string"},
                       {"description", "string"},
                       {"symptoms", "string"},
                       {"steps_to_reproduce", "string"},
                       {"recent_changes", "string"},
                       {"priority", "string"},
                       {"status", "string"},
                       {"source", "string"},
                       {"tags", "array"},
                       {"ci_ids", "array"},
                       {"assignee_id", "integer"},
                       {"sla_policy", "string"},
                       {"calendar_id", "integer"},
                       {"response_due", "string"},
                       {"resolution_due", "string"},
                       {"first_response_at", "string"},
                       {"sla_paused", "boolean"},
                       {"resolution", "string"},
                       {"closed_at", "string"},
                       {"escalations", "array"},
                       {"breaches", "array"},
                       {"replies", "array"},
                       {"transfers", "array"},
                       {"history", "array"},
                       {"rfc", "object"},
                       {"closure", "object"},
                       {"kb_articles", "array"},
                       {"problem", "object"}});
}

Json CalendarSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"name", "string"},
                       {"time_zone", "string"},
                       {"hours", "object"},
                       {"holidays", "array"}});
}

Json TimeEntrySchema() {
  return ObjectSchema({{"id", "integer"},
                       {"ticket_id", "integer"},
                       {"user_id", "integer"},
                       {"work_date", "string"},
                       {"minutes", "integer"},
                       {"work_type", "string"},
                       {"billable", "boolean"},
                       {"note", "string"},
                       {"invoice_id", "integer"},
                       {"included_minutes", "integer"},
                       {"invoiced_at", "string"}});
}

Json ReplySchema() {
  return ObjectSchema({{"id", "integer"},
                       {"ticket_id", "integer"},
                       {"parent_id", "integer"},
                       {"author", "string"},
                       {"from_staff", "boolean"},
                       {"internal", "boolean"},
                       {"body", "string"},
                       {"created_at", "string"}});
}

void AddCalendarRoutes(RouteTable& routes, ServiceDesk& sd) {
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/calendars",
      .roles = kCalendarAdmins,
      .handler = [&sd](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json cal, sd.CreateCalendar(ctx.actor(), body));
        return ApiResponse::Created(std::move(cal));
      },
      .doc = {"Create a business calendar: {\"name\",\"time_zone\" (IANA, e.g. Europe/Berlin),"
              "\"hours\":{\"mon\":[[\"08:00\",\"17:00\"]],…} (missing days are closed; several "
              "intervals a day allowed; 24:00 ends a day) or \"24x7\",\"holidays\":[\"2026-12-25\","
              "…]}. Customers use one through PATCH /api/v1/customers/{id} calendar_id.",
              "servicedesk",
              ObjectSchema({{"name", "string"},
                            {"time_zone", "string"},
                            {"hours", "object"},
                            {"holidays", "array"}},
                           {"name", "time_zone", "hours"}),
              CalendarSchema(), 201},
      .max_body_bytes = kJsonBody,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/calendars",
      .roles = RoleSet::AllStaff(),
      .handler = [&sd](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json list, sd.ListCalendars(ctx.principal()));
        return ApiResponse::Ok(std::move(list));
      },
      .doc = {"Every business calendar, by name.", "servicedesk", nullptr,
              ObjectSchema({{"calendars", "array"}})},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/calendars/{id}",
      .roles = RoleSet::AllStaff(),
      .handler = [&sd](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json cal, sd.GetCalendar(ctx.principal(), id));
        return ApiResponse::Ok(std::move(cal));
      },
      .doc = {"One business calendar.", "servicedesk", nullptr, CalendarSchema()},
      .owner_lookup = [&sd](int64_t id) { return sd.CalendarOwner(id); },
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/calendars/{id}/holidays/import",
      .roles = kCalendarAdmins,
      .handler = [&sd](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        auto type = ctx.request().Header("Content-Type");
        if (!type || type->substr(0, 13) != "text/calendar") {
          return Status::InvalidArgument("Content-Type must be text/calendar (an .ics file)");
        }
        STEWARD_ASSIGN_OR_RETURN(Json r, sd.ImportHolidays(ctx.actor(), id, ctx.request().body));
        return ApiResponse::Ok(std::move(r));
      },
      .doc = {"Import holidays from an iCalendar file (Content-Type: text/calendar): every "
              "all-day VEVENT becomes a holiday, multi-day events day by day, recurring ones "
              "(RRULE, minus EXDATE) for this year and next; events with a time of day are "
              "skipped. Broken input is 400 and changes nothing. Returns the calendar, the "
              "added days, and how many were found.",
              "servicedesk", nullptr,
              ObjectSchema({{"calendar", "object"},
                            {"added", "array"},
                            {"found", "integer"},
                            {"skipped_timed", "integer"}})},
      .max_body_bytes = 1024 * 1024,
      .owner_lookup = [&sd](int64_t id) { return sd.CalendarOwner(id); },
  });
}

Result<servicedesk::TicketQuery> ParseTicketQuery(const RequestContext& ctx) {
  servicedesk::TicketQuery q;
  if (auto status = ctx.request().QueryParam("status")) {
    if (*status == "active") {
      q.active_only = true;
    } else if (auto parsed = servicedesk::ParseStatus(*status)) {
      q.status = *parsed;
    } else {
      return Status::InvalidArgument("must be one of the seven statuses or \"active\"", "status");
    }
  }
  STEWARD_ASSIGN_OR_RETURN(q.customer_id, ctx.QueryInt("customer_id", 1, kMaxId));
  if (auto assignee = ctx.request().QueryParam("assignee")) {
    if (*assignee == "me") {
      q.assignee_id = ctx.principal().user_id;
    } else {
      STEWARD_ASSIGN_OR_RETURN(q.assignee_id, ctx.QueryInt("assignee", 1, kMaxId));
    }
  }
  if (auto breached = ctx.request().QueryParam("breached")) {
    if (*breached != "true" && *breached != "false") {
      return Status::InvalidArgument("must be true or false", "breached");
    }
    q.breached = *breached == "true";
  }
  STEWARD_ASSIGN_OR_RETURN(auto limit, ctx.QueryInt("limit", 1, 1000));
  if (limit) q.limit = *limit;
  return q;
}

void AddTicketRoutes(RouteTable& routes, TicketService& tickets) {
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/tickets",
      .roles = kOpeners,
      .handler = [&tickets](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(auto request, ReadNewTicket(body));
        STEWARD_ASSIGN_OR_RETURN(servicedesk::Ticket t, tickets.Create(ctx.actor(), request));
        Json out = TicketJson(t);
        out["ci_ids"] = request.ci_ids;
        return ApiResponse::Created(std::move(out));
      },
      .doc = {"Open a ticket: {\"customer_id\",\"subject\",\"description\",\"priority\" "
              "(critical|high|normal|low)} and optionally contact_id, source (email|portal|phone|"
              "api), symptoms, steps_to_reproduce, recent_changes, tags, ci_ids, assignee_id "
              "(default: the staff member opening it). Returns status new with response_due and "
              "resolution_due (ISO 8601 UTC, null when the customer's SLA policy sets none) "
              "computed on the customer's business calendar. A portal user opens tickets for "
              "their own customer only.",
              "servicedesk",
              ObjectSchema({{"customer_id", "integer"},
                            {"subject", "string"},
                            {"description", "string"},
                            {"priority", "string"},
                            {"contact_id", "integer"},
                            {"source", "string"},
                            {"symptoms", "string"},
                            {"steps_to_reproduce", "string"},
                            {"recent_changes", "string"},
                            {"tags", "array"},
                            {"ci_ids", "array"},
                            {"assignee_id", "integer"}},
                           {"subject", "description", "priority"}),
              TicketSchema(), 201},
      .max_body_bytes = kJsonBody,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/tickets",
      .roles = RoleSet::Everyone(),
      .handler = [&tickets](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(servicedesk::TicketQuery q, ParseTicketQuery(ctx));
        STEWARD_ASSIGN_OR_RETURN(auto list, tickets.List(ctx.principal(), q));
        return ApiResponse::Ok(TicketListJson(list));
      },
      .doc = {"The ticket queue: higher priority first, then the next due time. Filters: "
              "status (one of the seven, or \"active\" for every status but closed), "
              "customer_id, assignee (user id or \"me\"), breached=true|false, limit.",
              "servicedesk", nullptr, ObjectSchema({{"tickets", "array"}})},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/tickets/{id}",
      .roles = RoleSet::Everyone(),
      .handler = [&tickets](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(servicedesk::TicketDetail d, tickets.Get(ctx.principal(), id));
        return ApiResponse::Ok(TicketDetailJson(d));
      },
      .doc = {"A ticket with its replies (internal notes for staff only), history, transfers "
              "of responsibility, escalations [{level, at}], breaches [{kind, at, due}], the "
              "linked RFC, once closed the closure record, its linked knowledge articles "
              "(kb_articles; a portal user sees public ones) and, for staff, its problem.",
              "servicedesk", nullptr, TicketSchema()},
      .owner_lookup = TicketOwner(tickets),
  });
  routes.Add({
      .method = "PATCH",
      .pattern = "/api/v1/tickets/{id}",
      .roles = kTicketWorkers,
      .handler = [&tickets](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(servicedesk::TicketChange change, ReadTicketChange(body));
        STEWARD_ASSIGN_OR_RETURN(servicedesk::Ticket t, tickets.Update(ctx.actor(), id, change));
        return ApiResponse::Ok(TicketJson(t));
      },
      .doc = {"Change a ticket: status (new, open, hold_research, hold_resolution, "
              "pending_fix, rfc_submitted, closed — a move the state machine forbids is 409 "
              "naming the allowed ones; hold_resolution needs \"resolution\"; rfc_submitted "
              "opens a linked change record), assignee_id (a transfer of responsibility, "
              "recorded), priority (due times recomputed), tags, note.",
              "servicedesk",
              ObjectSchema({{"status", "string"},
                            {"assignee_id", "integer"},
                            {"priority", "string"},
                            {"resolution", "string"},
                            {"tags", "array"},
                            {"note", "string"}}),
              TicketSchema()},
      .max_body_bytes = kJsonBody,
      .owner_lookup = TicketOwner(tickets),
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/tickets/{id}/replies",
      .roles = kTicketRepliers,
      .handler = [&tickets](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        // Another customer's ticket looks absent before the body is judged.
        STEWARD_RETURN_IF_ERROR(tickets.CheckVisible(ctx.principal(), id));
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(servicedesk::NewReply reply, ReadReply(body));
        STEWARD_ASSIGN_OR_RETURN(servicedesk::TicketReply stored,
                                 tickets.Reply(ctx.actor(), id, reply));
        return ApiResponse::Created(ReplyJson(stored));
      },
      .doc = {"Reply on a ticket: {\"body\",\"internal\" (a note only staff see; default "
              "false),\"parent_id\" (threading)}. The first public staff reply is the first "
              "response.",
              "servicedesk",
              ObjectSchema({{"body", "string"}, {"internal", "boolean"}, {"parent_id", "integer"}},
                           {"body"}),
              ReplySchema(), 201},
      .max_body_bytes = kJsonBody,
      .owner_lookup = TicketOwner(tickets),
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/tickets/{id}/confirmation",
      .roles = kTicketRepliers,
      .handler = [&tickets](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_RETURN_IF_ERROR(tickets.CheckVisible(ctx.principal(), id));
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(servicedesk::Confirmation answer, ReadConfirmation(body));
        STEWARD_ASSIGN_OR_RETURN(servicedesk::Ticket t, tickets.Confirm(ctx.actor(), id, answer));
        return ApiResponse::Ok(TicketJson(t));
      },
      .doc = {"The customer's answer to a resolution (ticket in hold_resolution): "
              "{\"resolved\":true} closes it, {\"resolved\":false,\"comment\"} sends it back to "
              "open with the same person responsible.",
              "servicedesk",
              ObjectSchema({{"resolved", "boolean"}, {"comment", "string"}}, {"resolved"}),
              TicketSchema()},
      .max_body_bytes = kJsonBody,
      .owner_lookup = TicketOwner(tickets),
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/tickets/{id}/escalations",
      .roles = kTicketWorkers,
      .handler = [&tickets](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(servicedesk::TechnicalEscalation e, ReadEscalation(body));
        STEWARD_ASSIGN_OR_RETURN(servicedesk::TicketDetail d, tickets.Escalate(ctx.actor(), id, e));
        return ApiResponse::Created(TicketDetailJson(d));
      },
      .doc = {"Technical escalation: {\"to_user_id\" (a more senior technician, who becomes "
              "responsible) and/or \"vendor\",\"note\"}. Recorded on the ticket.",
              "servicedesk",
              ObjectSchema({{"to_user_id", "integer"}, {"vendor", "string"}, {"note", "string"}},
                           {"note"}),
              TicketSchema(), 201},
      .max_body_bytes = kJsonBody,
      .owner_lookup = TicketOwner(tickets),
  });
}

void AddTimeRoutes(RouteTable& routes, TimeEntryService& time, TicketService& tickets) {
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/tickets/{id}/time",
      .roles = kTicketWorkers,
      .handler = [&time](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(NewTimeEntry entry, ReadNewTimeEntry(body));
        STEWARD_ASSIGN_OR_RETURN(TimeEntry created, time.Add(ctx.actor(), id, entry));
        return ApiResponse::Created(TimeEntryJson(created));
      },
      .doc = {"Log time on a ticket: {\"minutes\" (1..1440, stored rounded up to a multiple of "
              "15),\"work_type\" (remote|phone|on_site|after_hours|emergency|emergency_onsite),"
              "\"work_date\" (YYYY-MM-DD, default today; not in the future, at most a year "
              "back),\"billable\" (default true; false = internal time, never charged and "
              "drawing no included hours),\"note\"}. Billable remote, phone and on-site work "
              "draws the contract's included hours first; the rest is billed at its work "
              "type's rate on the next invoice.",
              "servicedesk",
              ObjectSchema({{"minutes", "integer"},
                            {"work_type", "string"},
                            {"work_date", "string"},
                            {"billable", "boolean"},
                            {"note", "string"}},
                           {"minutes", "work_type"}),
              TimeEntrySchema(), 201},
      .max_body_bytes = kJsonBody,
      .owner_lookup = TicketOwner(tickets),
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/tickets/{id}/time",
      .roles = RoleSet::AllStaff(),
      .handler = [&time](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(TicketTime list, time.List(ctx.principal(), id));
        return ApiResponse::Ok(TicketTimeJson(list));
      },
      .doc = {"A ticket's time entries and their total.", "servicedesk", nullptr,
              ObjectSchema({{"entries", "array"}, {"total_minutes", "integer"}})},
      .owner_lookup = TicketOwner(tickets),
  });
  routes.Add({
      .method = "PATCH",
      .pattern = "/api/v1/tickets/{id}/time/{entry_id}",
      .roles = kTicketWorkers,
      .handler = [&time](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(int64_t entry_id, ctx.PathId("entry_id"));
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(TimeEntryPatch patch, ReadTimeEntryPatch(body));
        STEWARD_ASSIGN_OR_RETURN(TimeEntry entry, time.Update(ctx.actor(), id, entry_id, patch));
        return ApiResponse::Ok(TimeEntryJson(entry));
      },
      .doc = {"Change a time entry (minutes, work_type, work_date, billable, note): only its "
              "author, only until it is invoiced (409 after).",
              "servicedesk",
              ObjectSchema({{"minutes", "integer"},
                            {"work_type", "string"},
                            {"work_date", "string"},
                            {"billable", "boolean"},
                            {"note", "string"}}),
              TimeEntrySchema()},
      .max_body_bytes = kJsonBody,
      .owner_lookup = TicketOwner(tickets),
  });
}

}  // namespace

void AddServiceDeskRoutes(RouteTable& routes, const ApiDeps& deps) {
  AddCalendarRoutes(routes, deps.servicedesk);
  AddTicketRoutes(routes, deps.tickets);
  AddTimeRoutes(routes, deps.time_entries, deps.tickets);
}

}  // namespace steward::api
