// All SQL over change requests and freezes, behind the caller's tenant
// scope: under a customer's scope another customer's change, CI or ticket is
// NotFound for every read and write. MSP-wide freezes (no customer) are seen
// by everyone and written only under the staff scope.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "server/change/model/change_request.h"
#include "server/change/rules/change_success.h"
#include "server/change/rules/schedule_conflicts.h"
#include "storage/scoped_connection.h"

namespace steward::change {

class ChangeStore {
 public:
  explicit ChangeStore(const storage::ScopedConnection& c) : c_(c) {}

  // References a change makes, checked before it is written: NotFound
  // naming the customer; InvalidArgument naming "ci_ids" (a CI that is not
  // the customer's), "reviewer_ids" (not an active staff user) or
  // "ticket_id" (not the customer's ticket).
  Status RequireCustomer(int64_t customer_id);
  Status CheckReferences(int64_t customer_id, const std::optional<int64_t>& ticket_id,
                         const ChangeFields& f);

  Result<int64_t> Insert(const NewChange& n, std::optional<int64_t> requested_by, Timestamp now);
  // NotFound("change") outside the scope: the cheap check before a write.
  Status RequireChange(int64_t id);
  // NotFound("change") outside the scope. With names, CIs, reviewers, votes
  // and history.
  Result<ChangeRequest> Get(int64_t id);
  // Replaces the fields, CIs and reviewers.
  Status SaveFields(const ChangeRequest& c, Timestamp now);
  Status SetStatus(int64_t id, ChangeStatus to, const std::optional<Outcome>& outcome,
                   const std::optional<std::string>& review, Timestamp now);
  Status AddEvent(const ChangeRequest& c, Timestamp at, const std::string& actor, ChangeStatus from,
                  ChangeStatus to, const std::string& note);
  Status AddApproval(const ChangeRequest& c, const ChangeApproval& a);
  // A change sent back to draft starts its vote again.
  Status ClearApprovals(int64_t id);
  Result<std::vector<ChangeSummary>> List(const ChangeFilter& filter);
  // The open RFC a ticket raised, if any (not rejected or closed).
  Result<std::optional<int64_t>> OpenChangeOfTicket(int64_t ticket_id);

  // The customer's changes closed in [from, to), by outcome.
  Result<ChangeOutcomes> Outcomes(int64_t customer_id, Timestamp from, Timestamp to);

  // The watch after implementation (item 8). StartWatch keeps an existing
  // watch as it is (a change is implemented once).
  Status StartWatch(const ChangeRequest& c, const ChangeWatch& w);
  Status SaveWatch(int64_t change_id, const ChangeWatch& w);
  // Watches still running, the longest-unchecked first.
  Result<std::vector<std::pair<int64_t, ChangeWatch>>> RunningWatches(int limit);
  // The incidents on the change's CIs opened in [from, to), by id: tickets
  // of its customer linked to one of the CIs, or raised by an alert on one.
  Result<std::vector<int64_t>> IncidentsOnCis(int64_t change_id, Timestamp from, Timestamp to);

  // What conflict detection needs about the customer's other changes:
  // scheduled ones (not `exclude`) whose window overlaps, with their CIs.
  Result<std::vector<OtherChange>> ScheduledOverlapping(int64_t customer_id, const PlannedWindow& w,
                                                        int64_t exclude);
  // CMDB relations touching any of the change's CIs, as (from, to).
  Result<std::vector<std::pair<int64_t, int64_t>>> Relations(int64_t change_id);
  // Whether a CI is a managed device (server or workstation): devices have
  // their own and their groups' windows.
  Result<bool> IsDevice(int64_t ci_id);

  // Freezes: the customer's and the MSP-wide ones overlapping [from, to);
  // every one in scope overlapping it when no customer is named.
  Result<std::vector<Freeze>> Freezes(std::optional<int64_t> customer_id, Timestamp from,
                                      Timestamp to);
  Result<int64_t> InsertFreeze(const Freeze& f);
  // NotFound("freeze") outside the scope.
  Result<Freeze> GetFreeze(int64_t id);
  Status DeleteFreeze(int64_t id);

 private:
  const storage::ScopedConnection& c_;
};

}  // namespace steward::change
