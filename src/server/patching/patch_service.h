// Patch management as typed commands (SPEC §4, issue 14): a device's scan
// becomes update records with their class and deadline, the device's list
// shows each record's clock, and a customer's compliance counts devices
// fully patched and updates overdue by class. Every write runs in one
// transaction under the caller's tenant scope; writes by people are
// audited.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "server/patching/model/device_update.h"
#include "server/patching/rules/approval_policy.h"
#include "server/patching/rules/classification.h"
#include "server/patching/rules/compliance.h"
#include "server/patching/rules/deadlines.h"
#include "storage/database.h"

namespace steward::patching {

struct ReportOutcome {
  int64_t pending = 0;    // updates pending on the device now
  int64_t added = 0;      // new records (clock started)
  int64_t installed = 0;  // records closed: no longer reported
};

struct UpdateView {
  DeviceUpdate record;
  DeadlineState clock = DeadlineState::kOk;  // for pending records
  Approval in_force = Approval::kPending;    // the decision in force now
};

struct DeviceUpdates {
  int64_t device_id = 0;
  int64_t customer_id = 0;
  std::optional<Timestamp> last_scan;
  bool known = false;  // a scan at most 48 h old
  std::vector<UpdateView> updates;
};

class PatchService {
 public:
  PatchService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // A scan reported through the API (staff or a token with the ingest
  // scope). InvalidArgument naming the field (CheckUpdateReport);
  // NotFound("device") outside the scope or for a CI that is no device.
  Result<ReportOutcome> Report(const accounts::Actor& actor, int64_t device_id,
                               const UpdateReport& report);
  // The agent channel's path: inside its transaction, for the device it
  // authenticated (so no scope of a person applies).
  Result<ReportOutcome> ReportInTransaction(storage::Connection& c, int64_t customer_id,
                                            int64_t device_id, const UpdateReport& report);

  // Pending records by deadline with their clocks; with history, also the
  // records since installed (newest first, at most 200).
  Result<DeviceUpdates> DeviceUpdatesOf(const accounts::Principal& viewer, int64_t device_id,
                                        bool with_history);
  Result<CustomerCompliance> Compliance(const accounts::Principal& viewer, int64_t customer_id);

  // A customer's class overrides (exact names and globs; see
  // classification.h). Setting them replaces the list and reclassifies
  // nothing already recorded: the next scan does, and a class only becomes
  // more urgent while an update waits. PermissionDenied for a customer's
  // people; InvalidArgument naming "overrides[i].pattern" for an empty,
  // overlong (200) or repeated pattern, or more than 500.
  Result<std::vector<ClassOverride>> Overrides(const accounts::Principal& viewer,
                                               int64_t customer_id);
  Result<std::vector<ClassOverride>> SetOverrides(const accounts::Actor& actor, int64_t customer_id,
                                                  const std::vector<ClassOverride>& overrides);

  // The approval policy (rules per class) set at one level for one target.
  // Staff only (PermissionDenied otherwise); NotFound for a target outside
  // the scope. Setting replaces the target's rules: InvalidArgument naming
  // "rules[i].class" for a class given twice or "rules[i].delay_days"
  // outside 0..365 (or set on a rule that is not automatic). Records no
  // person has decided follow the new rules from their device's next scan.
  Result<std::vector<ApprovalRule>> ApprovalPolicy(const accounts::Principal& viewer,
                                                   const PolicyTarget& target);
  Result<std::vector<ApprovalRule>> SetApprovalPolicy(const accounts::Actor& actor,
                                                      const PolicyTarget& target,
                                                      const std::vector<ApprovalRule>& rules);
  // A person approves or rejects one pending update (staff only); the
  // decision stays whatever the policy says later. NotFound for an update
  // installed since or not the device's; InvalidArgument("decision") for
  // pending; note at most 500 characters.
  Result<UpdateView> DecideUpdate(const accounts::Actor& actor, int64_t device_id,
                                  int64_t update_id, Approval decision, const std::string& note);

  // The customer of a device (for the router's 404-vs-403), any tenant.
  Result<std::optional<int64_t>> DeviceOwner(int64_t device_id);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace steward::patching
