// Change management (SPEC §6, issue 14 item 4): requests for change with
// their state machine, reviewers' and the customer's votes, conflict
// detection, the change calendar and freezes.
#include "core/time_format.h"
#include "server/api/change_json.h"
#include "server/api/routes.h"
#include "server/change/rules/change_success.h"
#include "server/cmdb/cmdb_service.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;

namespace {

// SPEC §6: technicians raise changes; the change manager decides and keeps
// the calendar.
constexpr RoleSet kChangeWriters = {Role::kOwner, Role::kServiceManager, Role::kTechnician,
                                    Role::kChangeManager};
constexpr RoleSet kCalendarKeepers = {Role::kOwner, Role::kServiceManager, Role::kChangeManager};
// Staff vote as reviewers; a portal user gives the customer's approval.
constexpr RoleSet kVoters = {Role::kOwner,         Role::kServiceManager, Role::kTechnician,
                             Role::kChangeManager, Role::kAccountManager, Role::kPortal};

Result<Timestamp> QueryTime(const RequestContext& ctx, const char* name) {
  auto text = ctx.request().QueryParam(name);
  if (!text) return Status::InvalidArgument("is required (ISO 8601)", name);
  auto t = ParseIso8601(*text);
  if (!t.ok()) return Status::InvalidArgument("is not an ISO 8601 time", name);
  return *t;
}

Json ChangeSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"ref", "string"},
                       {"customer_id", "integer"},
                       {"customer_name", "string"},
                       {"ticket_id", "integer"},
                       {"title", "string"},
                       {"type", "string"},
                       {"status", "string"},
                       {"description", "string"},
                       {"reason", "string"},
                       {"components", "string"},
                       {"risk", "string"},
                       {"impact", "string"},
                       {"backout_plan", "string"},
                       {"test_plan", "string"},
                       {"cost_estimate_cents", "integer"},
                       {"planned_start", "string"},
                       {"planned_end", "string"},
                       {"quorum", "integer"},
                       {"customer_approval", "boolean"},
                       {"requested_by", "object"},
                       {"reviewers", "array"},
                       {"cis", "array"},
                       {"approvals", "array"},
                       {"events", "array"},
                       {"outcome", "string"},
                       {"review", "string"},
                       {"watch", "object"},
                       {"created_at", "string"},
                       {"updated_at", "string"},
                       {"allowed_moves", "array"},
                       {"missing_for_submit", "array"}});
}

Json EditSchema(bool create) {
  Json s = ObjectSchema({{"title", "string"},
                         {"type", "string"},
                         {"description", "string"},
                         {"reason", "string"},
                         {"components", "string"},
                         {"risk", "string"},
                         {"impact", "string"},
                         {"backout_plan", "string"},
                         {"test_plan", "string"},
                         {"cost_estimate_cents", "integer"},
                         {"planned_start", "string"},
                         {"planned_end", "string"},
                         {"quorum", "integer"},
                         {"customer_approval", "boolean"},
                         {"ci_ids", "array"},
                         {"reviewer_ids", "array"}});
  if (create) {
    s["properties"]["customer_id"] = {{"type", "integer"}};
    s["properties"]["ticket_id"] = {{"type", "integer"}};
    s["required"] = {"customer_id", "title"};
  } else {
    for (const char* k : {"status", "note", "outcome", "review"}) {
      s["properties"][k] = {{"type", "string"}};
    }
  }
  return s;
}

}  // namespace

void AddChangeRoutes(RouteTable& routes, const ApiDeps& deps) {
  change::ChangeService& changes = deps.changes;
  OwnerLookup change_owner = [&changes](int64_t id) { return changes.Owner(id); };

  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/changes",
      .roles = kChangeWriters,
      .handler = [&changes](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(change::NewChange n, ReadNewChange(body));
        STEWARD_ASSIGN_OR_RETURN(change::ChangeRequest c, changes.Create(ctx.actor(), n));
        return ApiResponse::Created(ChangeJson(c));
      },
      .doc = {"Raise a request for change (a draft): customer_id, title, type standard | "
              "normal | emergency, ticket_id (the ticket it fixes; it follows the change), and "
              "any field of the RFC. CIs must be the customer's; reviewers active staff.",
              "changes", EditSchema(true), ChangeSchema(), 201},
      .max_body_bytes = 256 * 1024,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/changes",
      .roles = RoleSet::Everyone(),
      .handler = [&changes](RequestContext& ctx) -> Result<ApiResponse> {
        change::ChangeFilter filter;
        STEWARD_ASSIGN_OR_RETURN(filter.customer_id, ctx.QueryInt("customer_id", 1, kMaxId));
        if (auto status = ctx.request().QueryParam("status")) {
          filter.status = change::ParseChangeStatus(*status);
          if (!filter.status) return Status::InvalidArgument("is not a change status", "status");
        }
        STEWARD_ASSIGN_OR_RETURN(auto limit, ctx.QueryInt("limit", 1, 500));
        if (limit) filter.limit = static_cast<int>(*limit);
        STEWARD_ASSIGN_OR_RETURN(auto list, changes.List(ctx.principal(), filter));
        Json out = Json::array();
        for (const auto& s : list) out.push_back(ChangeSummaryJson(s));
        return ApiResponse::Ok(Json{{"changes", std::move(out)}});
      },
      .doc = {"Changes, most recently updated first; ?customer_id=, ?status=, ?limit= (200). "
              "A portal user sees their customer's, without drafts.",
              "changes", nullptr, ObjectSchema({{"changes", "array"}})},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/changes/{id}",
      .roles = RoleSet::Everyone(),
      .handler = [&changes](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(change::ChangeRequest c, changes.Get(ctx.principal(), id));
        return ApiResponse::Ok(ChangeJson(c));
      },
      .doc = {"A change with its CIs, reviewers, votes, history, the moves it allows now and "
              "the fields a draft still needs before it can be submitted.",
              "changes", nullptr, ChangeSchema()},
      .owner_lookup = change_owner,
  });
  routes.Add({
      .method = "PATCH",
      .pattern = "/api/v1/changes/{id}",
      .roles = kChangeWriters,
      .handler = [&changes](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(ChangeUpdateBody u, ReadChangeUpdate(body));
        STEWARD_ASSIGN_OR_RETURN(change::ChangeRequest c,
                                 changes.Update(ctx.actor(), id, u.edit, u.move));
        return ApiResponse::Ok(ChangeJson(c));
      },
      .doc = {"Edit a draft's fields (an approved or scheduled change's planned window only) "
              "and/or move it: status submitted (400 naming the first missing field; a "
              "standard change is approved at once), draft (back for rework: the votes are "
              "cleared), scheduled (409 naming planned_start with every conflict: another "
              "change on the same or a related CI at an overlapping time, outside a CI's "
              "change window, inside a freeze — an emergency change only the first), "
              "implemented (once its window has begun), approved (off the calendar), closed "
              "(outcome successful | failed | backed_out after implementation, withdrawn "
              "before, and a review). A move the state machine forbids is 409 naming the "
              "allowed ones.",
              "changes", EditSchema(false), ChangeSchema()},
      .max_body_bytes = 256 * 1024,
      .owner_lookup = change_owner,
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/changes/{id}/approvals",
      .roles = kVoters,
      .handler = [&changes](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        // Another customer's change is not found, whatever the body says.
        STEWARD_RETURN_IF_ERROR(changes.Get(ctx.principal(), id).status());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(auto vote, ReadVote(body));
        STEWARD_ASSIGN_OR_RETURN(change::ChangeRequest c,
                                 changes.Vote(ctx.actor(), id, vote.first, vote.second));
        return ApiResponse::Created(ChangeJson(c));
      },
      .doc = {"Vote on a submitted change: decision approve | reject (a rejection needs a "
              "comment). The change's reviewers and change managers vote; the requester "
              "cannot (403); one rejection rejects, the quorum approves (one for an "
              "emergency), and a change with customer_approval also waits for the customer's "
              "portal user. The ticket that raised it follows: approved → pending_fix, "
              "rejected → open. A person's decision: API tokens cannot vote.",
              "changes",
              ObjectSchema({{"decision", "string"}, {"comment", "string"}}, {"decision"}),
              ChangeSchema(), 201},
      .max_body_bytes = kJsonBody,
      .owner_lookup = change_owner,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/changes/{id}/conflicts",
      .roles = kChangeWriters,
      .handler = [&changes](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        std::optional<change::PlannedWindow> window;
        if (ctx.request().QueryParam("start") || ctx.request().QueryParam("end")) {
          STEWARD_ASSIGN_OR_RETURN(Timestamp start, QueryTime(ctx, "start"));
          STEWARD_ASSIGN_OR_RETURN(Timestamp end, QueryTime(ctx, "end"));
          window = change::PlannedWindow{start, end};
        }
        STEWARD_ASSIGN_OR_RETURN(auto found, changes.Conflicts(ctx.principal(), id, window));
        Json out = Json::array();
        for (const auto& c : found) out.push_back(ConflictJson(c));
        return ApiResponse::Ok(Json{{"conflicts", std::move(out)}});
      },
      .doc = {"What the change would conflict with at ?start=&end= (default its planned "
              "window): [{kind overlap | outside_window | freeze, message, blocking, "
              "change_id?, ci_id?, freeze_id?}].",
              "changes", nullptr, ObjectSchema({{"conflicts", "array"}})},
      .owner_lookup = change_owner,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/change-calendar",
      .roles = RoleSet::Everyone(),
      .handler = [&changes](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Timestamp from, QueryTime(ctx, "from"));
        STEWARD_ASSIGN_OR_RETURN(Timestamp to, QueryTime(ctx, "to"));
        STEWARD_ASSIGN_OR_RETURN(auto customer, ctx.QueryInt("customer_id", 1, kMaxId));
        STEWARD_ASSIGN_OR_RETURN(change::ChangeCalendar cal,
                                 changes.Calendar(ctx.principal(), from, to, customer));
        Json list = Json::array();
        for (const auto& s : cal.changes) list.push_back(ChangeSummaryJson(s));
        Json freezes = Json::array();
        for (const auto& f : cal.freezes) freezes.push_back(FreezeJson(f));
        return ApiResponse::Ok(Json{{"changes", std::move(list)}, {"freezes", std::move(freezes)}});
      },
      .doc = {"The change calendar between ?from= and ?to= (at most a year; ?customer_id=): "
              "approved, scheduled, implemented and closed changes whose planned window "
              "overlaps it, and the freezes (the customer's and MSP-wide ones).",
              "changes", nullptr, ObjectSchema({{"changes", "array"}, {"freezes", "array"}})},
  });
  cmdb::CmdbService& cmdb = deps.cmdb;
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/customers/{id}/change-success",
      .roles = RoleSet::Everyone(),
      .handler = [&changes](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        Timestamp to = ctx.now();
        if (ctx.request().QueryParam("to")) {
          STEWARD_ASSIGN_OR_RETURN(to, QueryTime(ctx, "to"));
        }
        Timestamp from = to - std::chrono::hours(24 * 90);
        if (ctx.request().QueryParam("from")) {
          STEWARD_ASSIGN_OR_RETURN(from, QueryTime(ctx, "from"));
        }
        STEWARD_ASSIGN_OR_RETURN(change::ChangeOutcomes o,
                                 changes.Outcomes(ctx.principal(), id, from, to));
        auto rate = change::SuccessRate(o);
        return ApiResponse::Ok(Json{{"from", FormatIso8601(from)},
                                    {"to", FormatIso8601(to)},
                                    {"successful", o.successful},
                                    {"failed", o.failed},
                                    {"backed_out", o.backed_out},
                                    {"withdrawn", o.withdrawn},
                                    {"ran", o.ran()},
                                    {"success_rate", rate ? Json(*rate) : Json(nullptr)}});
      },
      .doc = {"How the customer's changes closed between ?from= and ?to= (default the last 90 "
              "days): counts by outcome and success_rate = successful / ran (withdrawn changes "
              "never ran; null when none ran).",
              "changes", nullptr,
              ObjectSchema({{"from", "string"},
                            {"to", "string"},
                            {"successful", "integer"},
                            {"failed", "integer"},
                            {"backed_out", "integer"},
                            {"withdrawn", "integer"},
                            {"ran", "integer"},
                            {"success_rate", "number"}})},
      .owner_lookup = [&cmdb](int64_t id) { return cmdb.OwnerOf(cmdb::ObjectKind::kCustomer, id); },
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/change-freezes",
      .roles = kCalendarKeepers,
      .handler = [&changes](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(change::Freeze f, ReadFreeze(body));
        STEWARD_ASSIGN_OR_RETURN(change::Freeze created, changes.CreateFreeze(ctx.actor(), f));
        return ApiResponse::Created(FreezeJson(created));
      },
      .doc = {"A freeze: no change may be scheduled in it (an emergency change is warned). "
              "customer_id (null or absent: every customer), name, starts_at, ends_at (after "
              "the start, at most a year, not already over).",
              "changes",
              ObjectSchema({{"customer_id", "integer"},
                            {"name", "string"},
                            {"starts_at", "string"},
                            {"ends_at", "string"}},
                           {"name", "starts_at", "ends_at"}),
              ObjectSchema({{"id", "integer"},
                            {"customer_id", "integer"},
                            {"customer_name", "string"},
                            {"name", "string"},
                            {"starts_at", "string"},
                            {"ends_at", "string"}}),
              201},
      .max_body_bytes = kJsonBody,
  });
  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/change-freezes/{id}",
      .roles = kCalendarKeepers,
      .handler = [&changes](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_RETURN_IF_ERROR(changes.DeleteFreeze(ctx.actor(), id));
        return ApiResponse::NoContent();
      },
      .doc = {"Lift a freeze (audited); 204.", "changes", nullptr, nullptr, 204},
      .owner_lookup = [&changes](int64_t id) { return changes.FreezeOwner(id); },
  });
}

}  // namespace steward::api
