// Change requests as typed commands (SPEC §6, issue 14 item 4): staff raise
// and fill RFCs, submit them to their reviewers, vote, schedule them on the
// change calendar (refused with the reasons when they conflict), mark them
// implemented and close them with their outcome. A customer's portal users
// see their changes (not drafts) and give the customer's approval when a
// change asks for it. Every write is one transaction with its audit record;
// the ticket that raised a change follows its decisions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "server/change/approval_gate.h"
#include "server/change/model/change_request.h"
#include "server/change/rules/change_success.h"
#include "server/change/rules/schedule_conflicts.h"
#include "storage/database.h"

namespace steward::change {

struct ChangeCalendar {
  std::vector<ChangeSummary> changes;
  std::vector<Freeze> freezes;
};

class ChangeService {
 public:
  ChangeService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  // What else must agree before a change is approved (a release on the
  // test group); set while the server is built.
  void set_approval_gate(ApprovalGate* gate) { gate_ = gate; }

  // A draft. InvalidArgument naming the field (CheckFields, references);
  // NotFound for a customer outside the scope.
  Result<ChangeRequest> Create(const accounts::Actor& actor, NewChange change);
  // NotFound outside the scope; a portal user does not see drafts.
  Result<ChangeRequest> Get(const accounts::Principal& viewer, int64_t id);
  Result<std::vector<ChangeSummary>> List(const accounts::Principal& viewer, ChangeFilter filter);
  // Edits fields (a draft's; an approved or scheduled change's planned
  // window) and/or moves the status (rules/change_lifecycle.h). Scheduling,
  // and moving a scheduled change's window, run conflict detection: Conflict
  // naming "planned_start" with every blocking conflict.
  Result<ChangeRequest> Update(const accounts::Actor& actor, int64_t id, const ChangeEdit& edit,
                               const std::optional<ChangeMove>& move);
  // A reviewer's, change manager's or (portal) the customer's vote; the
  // verdict moves the change and its ticket.
  Result<ChangeRequest> Vote(const accounts::Actor& actor, int64_t id, Decision decision,
                             std::string comment);
  // Every conflict the change would meet in `window` (its planned window
  // when unset). InvalidArgument naming "planned_start" without one.
  Result<std::vector<Conflict>> Conflicts(const accounts::Principal& viewer, int64_t id,
                                          std::optional<PlannedWindow> window);
  // Changes with a planned window overlapping [from, to) that are approved,
  // scheduled, implemented or closed, and the freezes overlapping it.
  Result<ChangeCalendar> Calendar(const accounts::Principal& viewer, Timestamp from, Timestamp to,
                                  std::optional<int64_t> customer_id);

  // The customer's changes closed in [from, to) by outcome (item 8's
  // success rate). InvalidArgument naming "to" for an empty or over-a-year
  // range; NotFound for a customer outside the scope.
  Result<ChangeOutcomes> Outcomes(const accounts::Principal& viewer, int64_t customer_id,
                                  Timestamp from, Timestamp to);

  // InvalidArgument naming "name", "starts_at" or "ends_at" (the end after
  // the start, at most a year, not already over).
  Result<Freeze> CreateFreeze(const accounts::Actor& actor, Freeze freeze);
  Status DeleteFreeze(const accounts::Actor& actor, int64_t id);

  // The watch after each implemented change (change_watch.h): one pass.
  Status RunJobs(Timestamp now);

  // The customer of a change (for the router's 404-vs-403), any tenant.
  Result<std::optional<int64_t>> Owner(int64_t id);
  // A freeze's customer; 0 for an MSP-wide one.
  Result<std::optional<int64_t>> FreezeOwner(int64_t id);

 private:
  storage::Database& db_;
  const Clock& clock_;
  ApprovalGate* gate_ = nullptr;
};

}  // namespace steward::change
