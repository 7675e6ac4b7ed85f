#include "server/change/change_service.h"

#include <algorithm>

#include "core/strings.h"
#include "core/time_format.h"
#include "server/audit/audit_log.h"
#include "server/change/change_watch.h"
#include "server/change/rules/change_lifecycle.h"
#include "server/change/store/change_store.h"
#include "server/patching/store/change_window_store.h"
#include "server/servicedesk/customer_calendar.h"
#include "server/servicedesk/ticket_follows_change.h"
#include "storage/scoped_connection.h"

namespace steward::change {

using storage::ScopedConnection;

namespace {

constexpr int64_t kMaxFreezeMs = 366LL * 24 * 3600 * 1000;

std::optional<int64_t> UserOf(const accounts::Principal& p) {
  if (p.user_id > 0) return p.user_id;
  return std::nullopt;
}

bool IsPortal(const accounts::Principal& p) { return p.customer_id.has_value(); }

// Portal users never learn a problem exists (servicedesk/problems.cc): the
// watch's counts are theirs to see, the problem it opened is not.
ChangeRequest ForViewer(const accounts::Principal& viewer, ChangeRequest c) {
  if (IsPortal(viewer) && c.watch) c.watch->problem_id.reset();
  return c;
}

// What the audit log keeps of a change's fields.
Json FieldsJson(const ChangeFields& f) {
  Json j{{"title", f.title},
         {"type", ChangeTypeName(f.type)},
         {"description", f.description},
         {"reason", f.reason},
         {"components", f.components},
         {"backout_plan", f.backout_plan},
         {"test_plan", f.test_plan},
         {"quorum", f.quorum},
         {"customer_approval", f.customer_approval},
         {"ci_ids", f.ci_ids},
         {"reviewer_ids", f.reviewer_ids}};
  j["risk"] = f.risk ? Json(RatingName(*f.risk)) : Json(nullptr);
  j["impact"] = f.impact ? Json(RatingName(*f.impact)) : Json(nullptr);
  j["cost_estimate_cents"] = f.cost_estimate_cents ? Json(*f.cost_estimate_cents) : Json(nullptr);
  j["planned_start"] = f.planned_start ? Json(FormatIso8601(*f.planned_start)) : Json(nullptr);
  j["planned_end"] = f.planned_end ? Json(FormatIso8601(*f.planned_end)) : Json(nullptr);
  return j;
}

// Each field that differs, as {"from","to"}.
Json ChangedFields(const ChangeFields& before, const ChangeFields& after) {
  const Json a = FieldsJson(before);
  const Json b = FieldsJson(after);
  Json out = Json::object();
  for (auto it = b.begin(); it != b.end(); ++it) {
    if (a.at(it.key()) != it.value()) out[it.key()] = {{"from", a.at(it.key())}, {"to", *it}};
  }
  return out;
}

void Apply(const ChangeEdit& e, ChangeFields& f) {
  if (e.title) f.title = std::string(TrimAsciiSpace(*e.title));
  if (e.type) f.type = *e.type;
  if (e.description) f.description = *e.description;
  if (e.reason) f.reason = *e.reason;
  if (e.components) f.components = *e.components;
  if (e.risk) f.risk = *e.risk;
  if (e.impact) f.impact = *e.impact;
  if (e.backout_plan) f.backout_plan = *e.backout_plan;
  if (e.test_plan) f.test_plan = *e.test_plan;
  if (e.cost_estimate_cents) f.cost_estimate_cents = *e.cost_estimate_cents;
  if (e.planned_start) f.planned_start = *e.planned_start;
  if (e.planned_end) f.planned_end = *e.planned_end;
  if (e.quorum) f.quorum = *e.quorum;
  if (e.customer_approval) f.customer_approval = *e.customer_approval;
  if (e.ci_ids) f.ci_ids = *e.ci_ids;
  if (e.reviewer_ids) f.reviewer_ids = *e.reviewer_ids;
}

// The windows each affected CI must be changed in: a device's own, its
// groups' or its customer's; the customer's for any other CI.
Result<std::vector<CiWindows>> WindowsOf(const ScopedConnection& sc, const ChangeRequest& c) {
  STEWARD_ASSIGN_OR_RETURN(auto calendar,
                           servicedesk::CustomerCalendar(sc.connection(), c.customer_id));
  patching::ChangeWindowStore windows(sc);
  ChangeStore store(sc);
  std::vector<patching::ChangeWindow> customer_level;
  bool customer_loaded = false;
  std::vector<CiWindows> out;
  for (const NamedRef& ci : c.cis) {
    CiWindows w{ci.id, ci.name, {}, calendar.zone};
    STEWARD_ASSIGN_OR_RETURN(bool device, store.IsDevice(ci.id));
    if (device) {
      STEWARD_ASSIGN_OR_RETURN(auto applying, windows.ForDevice(ci.id));
      w.windows = std::move(applying.windows);
    } else {
      if (!customer_loaded) {
        STEWARD_ASSIGN_OR_RETURN(auto all, windows.ForCustomer(c.customer_id));
        for (auto& cw : all) {
          if (cw.level == patching::WindowLevel::kCustomer) customer_level.push_back(cw);
        }
        customer_loaded = true;
      }
      w.windows = customer_level;
    }
    out.push_back(std::move(w));
  }
  return out;
}

Result<std::vector<Conflict>> Detect(const ScopedConnection& sc, const ChangeRequest& c,
                                     const PlannedWindow& window) {
  ChangeStore store(sc);
  ScheduleFacts facts;
  facts.type = c.fields.type;
  facts.planned = window;
  facts.ci_ids = c.fields.ci_ids;
  STEWARD_ASSIGN_OR_RETURN(facts.relations, store.Relations(c.id));
  STEWARD_ASSIGN_OR_RETURN(facts.others, store.ScheduledOverlapping(c.customer_id, window, c.id));
  STEWARD_ASSIGN_OR_RETURN(facts.windows, WindowsOf(sc, c));
  STEWARD_ASSIGN_OR_RETURN(facts.freezes, store.Freezes(c.customer_id, window.start, window.end));
  return FindConflicts(facts);
}

// Refuses a schedule that meets a blocking conflict.
Status RequireNoConflict(const ScopedConnection& sc, const ChangeRequest& c) {
  if (!c.fields.planned_start || !c.fields.planned_end) {
    return Status::InvalidArgument("is required to schedule a change",
                                   c.fields.planned_start ? "planned_end" : "planned_start");
  }
  STEWARD_ASSIGN_OR_RETURN(auto conflicts,
                           Detect(sc, c, {*c.fields.planned_start, *c.fields.planned_end}));
  const std::string blocking = DescribeBlocking(conflicts);
  if (!blocking.empty()) {
    return Status::Conflict("cannot schedule " + ChangeRef(c.id) + ": " + blocking,
                            "planned_start");
  }
  return Status::Ok();
}

Status Follow(const ScopedConnection& sc, const ChangeRequest& c,
              servicedesk::ChangeDecision decision, Timestamp now, const accounts::Actor& actor) {
  if (!c.ticket_id) return Status::Ok();
  return servicedesk::FollowChange(sc, *c.ticket_id, ChangeRef(c.id), decision, now, actor);
}

// Moves the change, records the event and the audit record, and lets its
// ticket follow.
Status Move(const ScopedConnection& sc, const ChangeRequest& c, ChangeStatus to,
            const std::optional<Outcome>& outcome, const std::optional<std::string>& review,
            const std::string& note, Timestamp now, const accounts::Actor& actor) {
  ChangeStore store(sc);
  STEWARD_RETURN_IF_ERROR(store.SetStatus(c.id, to, outcome, review, now));
  STEWARD_RETURN_IF_ERROR(store.AddEvent(c, now, actor.principal.Label(), c.status, to, note));
  Json details{{"from", ChangeStatusName(c.status)}, {"to", ChangeStatusName(to)}};
  if (outcome) details["outcome"] = OutcomeName(*outcome);
  if (!note.empty()) details["note"] = note;
  STEWARD_RETURN_IF_ERROR(audit::Record(
      sc.connection(), now, actor,
      {"change.status", "change_request", std::to_string(c.id), c.customer_id, details}));
  switch (to) {
    case ChangeStatus::kSubmitted:
      return Follow(sc, c, servicedesk::ChangeDecision::kSubmitted, now, actor);
    case ChangeStatus::kApproved:
      if (c.status != ChangeStatus::kScheduled) {
        return Follow(sc, c, servicedesk::ChangeDecision::kApproved, now, actor);
      }
      return Status::Ok();
    case ChangeStatus::kRejected:
      return Follow(sc, c, servicedesk::ChangeDecision::kRejected, now, actor);
    default:
      return Status::Ok();
  }
}

// Conflict naming `field` when the gate holds the change back from approval.
Status RequireNotHeld(ApprovalGate* gate, const ScopedConnection& sc, int64_t change_id,
                      const std::string& field) {
  if (!gate) return Status::Ok();
  STEWARD_ASSIGN_OR_RETURN(std::string why, gate->HoldReason(sc, change_id));
  if (why.empty()) return Status::Ok();
  return Status::Conflict("cannot be approved yet: " + why, field);
}

Status Submit(const ScopedConnection& sc, ChangeRequest& c, const std::string& note, Timestamp now,
              const accounts::Actor& actor, ApprovalGate* gate) {
  auto missing = MissingForSubmit(c.fields);
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    return Status::InvalidArgument("is required to submit the change (missing: " + list + ")",
                                   missing.front());
  }
  STEWARD_RETURN_IF_ERROR(CheckNotPast(c.fields, now));
  STEWARD_RETURN_IF_ERROR(Move(sc, c, ChangeStatus::kSubmitted, {}, {}, note, now, actor));
  if (c.fields.type != ChangeType::kStandard) return Status::Ok();
  // A standard change is pre-authorised: submitting it approves it, unless
  // its release has not passed on the test group yet.
  STEWARD_RETURN_IF_ERROR(RequireNotHeld(gate, sc, c.id, "status"));
  c.status = ChangeStatus::kSubmitted;
  return Move(sc, c, ChangeStatus::kApproved, {}, {}, "standard change: pre-authorised", now,
              actor);
}

}  // namespace

Result<ChangeRequest> ChangeService::Create(const accounts::Actor& actor, NewChange change) {
  change.fields.title = std::string(TrimAsciiSpace(change.fields.title));
  STEWARD_RETURN_IF_ERROR(CheckFields(change.fields));
  const Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(CheckNotPast(change.fields, now));
  ChangeRequest out;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
        ChangeStore store(sc);
        STEWARD_RETURN_IF_ERROR(store.RequireCustomer(change.customer_id));
        STEWARD_RETURN_IF_ERROR(
            store.CheckReferences(change.customer_id, change.ticket_id, change.fields));
        if (change.ticket_id) {
          STEWARD_ASSIGN_OR_RETURN(auto open, store.OpenChangeOfTicket(*change.ticket_id));
          if (open) {
            return Status::Conflict("the ticket already has " + ChangeRef(*open) + " open",
                                    "ticket_id");
          }
        }
        STEWARD_ASSIGN_OR_RETURN(int64_t id, store.Insert(change, UserOf(actor.principal), now));
        STEWARD_ASSIGN_OR_RETURN(out, store.Get(id));
        Json details = FieldsJson(out.fields);
        details["ticket_id"] = change.ticket_id ? Json(*change.ticket_id) : Json(nullptr);
        return audit::Record(
            sc.connection(), now, actor,
            {"change.create", "change_request", std::to_string(id), out.customer_id, details});
      }));
  return out;
}

Result<ChangeRequest> ChangeService::Get(const accounts::Principal& viewer, int64_t id) {
  ChangeRequest out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, ChangeStore(sc).Get(id));
        return Status::Ok();
      }));
  // A draft is the MSP's work in progress, not yet the customer's business.
  if (IsPortal(viewer) && out.status == ChangeStatus::kDraft) {
    return Status::NotFound("change", std::to_string(id));
  }
  return ForViewer(viewer, std::move(out));
}

Result<std::vector<ChangeSummary>> ChangeService::List(const accounts::Principal& viewer,
                                                       ChangeFilter filter) {
  filter.limit = std::clamp(filter.limit, 1, 500);
  std::vector<ChangeSummary> out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, ChangeStore(sc).List(filter));
        return Status::Ok();
      }));
  if (IsPortal(viewer)) {
    std::erase_if(out, [](const ChangeSummary& s) { return s.status == ChangeStatus::kDraft; });
  }
  return out;
}

Result<ChangeRequest> ChangeService::Update(const accounts::Actor& actor, int64_t id,
                                            const ChangeEdit& edit,
                                            const std::optional<ChangeMove>& move) {
  if (edit.empty() && !move) return Status::InvalidArgument("nothing to change");
  const Timestamp now = clock_.Now();
  ChangeRequest out;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
        ChangeStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(ChangeRequest c, store.Get(id));
        bool window_moved = false;
        if (!edit.empty()) {
          const bool draft = c.status == ChangeStatus::kDraft;
          const bool rescheduling =
              (c.status == ChangeStatus::kApproved || c.status == ChangeStatus::kScheduled) &&
              edit.only_schedule();
          if (!draft && !rescheduling) {
            return Status::Conflict(
                "only a draft's fields change (an approved or scheduled change's planned window "
                "may move); this change is " +
                std::string(ChangeStatusName(c.status)));
          }
          ChangeFields after = c.fields;
          Apply(edit, after);
          STEWARD_RETURN_IF_ERROR(CheckFields(after));
          if (edit.planned_start || edit.planned_end) {
            STEWARD_RETURN_IF_ERROR(CheckNotPast(after, now));
          }
          STEWARD_RETURN_IF_ERROR(store.CheckReferences(c.customer_id, std::nullopt, after));
          Json changed = ChangedFields(c.fields, after);
          if (!changed.empty()) {
            c.fields = after;
            STEWARD_RETURN_IF_ERROR(store.SaveFields(c, now));
            STEWARD_RETURN_IF_ERROR(audit::Record(
                sc.connection(), now, actor,
                {"change.update", "change_request", std::to_string(id), c.customer_id, changed}));
            window_moved = changed.contains("planned_start") || changed.contains("planned_end");
            STEWARD_ASSIGN_OR_RETURN(c, store.Get(id));
          }
        }
        if (move) {
          STEWARD_RETURN_IF_ERROR(CheckMove(c.status, *move));
          const std::string note = move->note.value_or("");
          switch (move->to) {
            case ChangeStatus::kSubmitted:
              STEWARD_RETURN_IF_ERROR(Submit(sc, c, note, now, actor, gate_));
              break;
            case ChangeStatus::kDraft:
              STEWARD_RETURN_IF_ERROR(store.ClearApprovals(id));
              STEWARD_RETURN_IF_ERROR(Move(sc, c, move->to, {}, {}, note, now, actor));
              break;
            case ChangeStatus::kScheduled:
              STEWARD_RETURN_IF_ERROR(CheckNotPast(c.fields, now));
              STEWARD_RETURN_IF_ERROR(RequireNoConflict(sc, c));
              STEWARD_RETURN_IF_ERROR(Move(sc, c, move->to, {}, {}, note, now, actor));
              break;
            case ChangeStatus::kImplemented:
              if (c.fields.planned_start && now < *c.fields.planned_start) {
                return Status::Conflict("the change's window has not begun (it starts " +
                                            FormatIso8601(*c.fields.planned_start) + ")",
                                        "status");
              }
              STEWARD_RETURN_IF_ERROR(Move(sc, c, move->to, {}, {}, note, now, actor));
              STEWARD_RETURN_IF_ERROR(StartChangeWatch(sc, c, now));
              break;
            default:
              STEWARD_RETURN_IF_ERROR(
                  Move(sc, c, move->to, move->outcome, move->review, note, now, actor));
          }
        } else if (window_moved && c.status == ChangeStatus::kScheduled) {
          STEWARD_RETURN_IF_ERROR(RequireNoConflict(sc, c));
        }
        STEWARD_ASSIGN_OR_RETURN(out, store.Get(id));
        return Status::Ok();
      }));
  return out;
}

Result<ChangeRequest> ChangeService::Vote(const accounts::Actor& actor, int64_t id,
                                          Decision decision, std::string comment) {
  if (comment.size() > 4000) {
    return Status::InvalidArgument("is longer than 4000 characters", "comment");
  }
  if (decision == Decision::kReject && TrimAsciiSpace(comment).empty()) {
    return Status::InvalidArgument("is required to reject a change: say why", "comment");
  }
  const accounts::Principal& p = actor.principal;
  const Timestamp now = clock_.Now();
  ChangeRequest out;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        ChangeStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(ChangeRequest c, store.Get(id));
        if (IsPortal(p) && c.status == ChangeStatus::kDraft) {
          return Status::NotFound("change", std::to_string(id));
        }
        Voter voter;
        voter.role = IsPortal(p) ? VoterRole::kCustomer : VoterRole::kReviewer;
        voter.user_id = p.user_id;
        voter.change_authority =
            p.role == accounts::Role::kOwner || p.role == accounts::Role::kChangeManager;
        STEWARD_RETURN_IF_ERROR(CheckVote(c, voter));
        if (decision == Decision::kApprove) {
          STEWARD_RETURN_IF_ERROR(RequireNotHeld(gate_, sc, id, "decision"));
        }
        ChangeApproval vote;
        vote.user_id = UserOf(p);
        vote.name = p.name.empty() ? p.email : p.name;
        vote.role = voter.role;
        vote.decision = decision;
        vote.comment = comment;
        vote.at = now;
        STEWARD_RETURN_IF_ERROR(store.AddApproval(c, vote));
        STEWARD_RETURN_IF_ERROR(audit::Record(
            sc.connection(), now, actor,
            {"change.vote",
             "change_request",
             std::to_string(id),
             c.customer_id,
             {{"decision", DecisionName(decision)}, {"role", VoterRoleName(voter.role)}}}));
        c.approvals.push_back(vote);
        const Verdict verdict = Tally(c);
        if (verdict == Verdict::kApproved) {
          STEWARD_RETURN_IF_ERROR(Move(sc, c, ChangeStatus::kApproved, {}, {},
                                       "approved by its reviewers", now, actor));
        } else if (verdict == Verdict::kRejected) {
          STEWARD_RETURN_IF_ERROR(Move(sc, c, ChangeStatus::kRejected, {}, {},
                                       "rejected by " + vote.name + ": " + comment, now, actor));
        }
        STEWARD_ASSIGN_OR_RETURN(out, store.Get(id));
        return Status::Ok();
      }));
  return ForViewer(actor.principal, std::move(out));
}

Result<std::vector<Conflict>> ChangeService::Conflicts(const accounts::Principal& viewer,
                                                       int64_t id,
                                                       std::optional<PlannedWindow> window) {
  std::vector<Conflict> out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(ChangeRequest c, ChangeStore(sc).Get(id));
        if (!window) {
          if (!c.fields.planned_start || !c.fields.planned_end) {
            return Status::InvalidArgument("the change has no planned window; give start and end",
                                           "planned_start");
          }
          window = PlannedWindow{*c.fields.planned_start, *c.fields.planned_end};
        }
        if (window->end <= window->start) {
          return Status::InvalidArgument("must be after start", "end");
        }
        STEWARD_ASSIGN_OR_RETURN(out, Detect(sc, c, *window));
        return Status::Ok();
      }));
  return out;
}

Result<ChangeCalendar> ChangeService::Calendar(const accounts::Principal& viewer, Timestamp from,
                                               Timestamp to, std::optional<int64_t> customer_id) {
  if (to <= from) return Status::InvalidArgument("must be after from", "to");
  if (ToMillis(to) - ToMillis(from) > kMaxFreezeMs) {
    return Status::InvalidArgument("is more than a year after from", "to");
  }
  ChangeCalendar out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        ChangeStore store(sc);
        if (customer_id) STEWARD_RETURN_IF_ERROR(store.RequireCustomer(*customer_id));
        ChangeFilter filter;
        filter.customer_id = customer_id;
        filter.from = from;
        filter.to = to;
        filter.limit = 500;
        STEWARD_ASSIGN_OR_RETURN(out.changes, store.List(filter));
        STEWARD_ASSIGN_OR_RETURN(out.freezes, store.Freezes(customer_id, from, to));
        return Status::Ok();
      }));
  // On the calendar: what has been decided to happen, or happened.
  std::erase_if(out.changes, [](const ChangeSummary& s) {
    return s.status == ChangeStatus::kDraft || s.status == ChangeStatus::kSubmitted ||
           s.status == ChangeStatus::kRejected;
  });
  return out;
}

Status ChangeService::RunJobs(Timestamp now) { return CheckChangeWatches(db_, now); }

Result<ChangeOutcomes> ChangeService::Outcomes(const accounts::Principal& viewer,
                                               int64_t customer_id, Timestamp from, Timestamp to) {
  if (to <= from) return Status::InvalidArgument("must be after from", "to");
  if (ToMillis(to) - ToMillis(from) > kMaxFreezeMs) {
    return Status::InvalidArgument("is more than a year after from", "to");
  }
  ChangeOutcomes out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, ChangeStore(sc).Outcomes(customer_id, from, to));
        return Status::Ok();
      }));
  return out;
}

Result<Freeze> ChangeService::CreateFreeze(const accounts::Actor& actor, Freeze freeze) {
  freeze.name = std::string(TrimAsciiSpace(freeze.name));
  if (freeze.name.empty() || freeze.name.size() > 100 || HasAsciiControl(freeze.name)) {
    return Status::InvalidArgument("must be 1 to 100 characters on one line", "name");
  }
  if (freeze.ends_at <= freeze.starts_at) {
    return Status::InvalidArgument("must be after starts_at", "ends_at");
  }
  if (ToMillis(freeze.ends_at) - ToMillis(freeze.starts_at) > kMaxFreezeMs) {
    return Status::InvalidArgument("is more than a year after starts_at", "ends_at");
  }
  const Timestamp now = clock_.Now();
  if (freeze.ends_at <= now) return Status::InvalidArgument("is in the past", "ends_at");
  freeze.created_by = UserOf(actor.principal);
  freeze.created_at = now;
  Freeze out;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
        ChangeStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(int64_t id, store.InsertFreeze(freeze));
        STEWARD_ASSIGN_OR_RETURN(out, store.GetFreeze(id));
        return audit::Record(sc.connection(), now, actor,
                             {"change_freeze.create",
                              "change_freeze",
                              std::to_string(id),
                              freeze.customer_id,
                              {{"name", out.name},
                               {"starts_at", FormatIso8601(out.starts_at)},
                               {"ends_at", FormatIso8601(out.ends_at)}}});
      }));
  return out;
}

Status ChangeService::DeleteFreeze(const accounts::Actor& actor, int64_t id) {
  return storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
    ChangeStore store(sc);
    STEWARD_ASSIGN_OR_RETURN(Freeze f, store.GetFreeze(id));
    STEWARD_RETURN_IF_ERROR(store.DeleteFreeze(id));
    return audit::Record(sc.connection(), clock_.Now(), actor,
                         {"change_freeze.delete",
                          "change_freeze",
                          std::to_string(id),
                          f.customer_id,
                          {{"name", f.name},
                           {"starts_at", FormatIso8601(f.starts_at)},
                           {"ends_at", FormatIso8601(f.ends_at)}}});
  });
}

Result<std::optional<int64_t>> ChangeService::Owner(int64_t id) {
  std::optional<int64_t> owner;
  const auto probe = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kOwnerProbe);
  STEWARD_RETURN_IF_ERROR(storage::ReadScoped(db_, probe, [&](ScopedConnection& sc) -> Status {
    auto c = ChangeStore(sc).Get(id);
    if (c.ok()) owner = c->customer_id;
    return c.status().code() == StatusCode::kNotFound ? Status::Ok() : c.status();
  }));
  return owner;
}

Result<std::optional<int64_t>> ChangeService::FreezeOwner(int64_t id) {
  std::optional<int64_t> owner;
  const auto probe = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kOwnerProbe);
  STEWARD_RETURN_IF_ERROR(storage::ReadScoped(db_, probe, [&](ScopedConnection& sc) -> Status {
    auto f = ChangeStore(sc).GetFreeze(id);
    if (f.ok()) owner = f->customer_id.value_or(0);
    return f.status().code() == StatusCode::kNotFound ? Status::Ok() : f.status();
  }));
  return owner;
}

}  // namespace steward::change
