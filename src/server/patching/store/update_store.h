// All SQL over pending-update records, device scans and class overrides,
// behind the caller's tenant scope: under a customer's scope another
// customer's device is NotFound for every read and write.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "server/patching/model/device_update.h"
#include "server/patching/rules/approval_policy.h"
#include "server/patching/rules/classification.h"
#include "server/patching/rules/compliance.h"
#include "server/patching/rules/report_reconcile.h"
#include "storage/scoped_connection.h"

namespace steward::patching {

class UpdateStore {
 public:
  explicit UpdateStore(const storage::ScopedConnection& c) : c_(c) {}

  // The customer of a server or workstation in scope; NotFound("device")
  // otherwise (another customer's, another kind of CI, or none).
  Result<int64_t> DeviceCustomer(int64_t device_id);
  // NotFound("customer") outside the scope.
  Status RequireCustomer(int64_t customer_id);

  // The device's pending records, by package.
  Result<std::vector<DeviceUpdate>> Pending(int64_t device_id);
  // Pending records by deadline, then (with history) installed ones, newest
  // first, at most `history_limit` of them.
  Result<std::vector<DeviceUpdate>> List(int64_t device_id, bool with_history,
                                         int64_t history_limit = 200);
  // Writes what ReconcileReport decided, inside the caller's transaction.
  Status Apply(const ReportChanges& changes, Timestamp now);
  // The device's last scan (replaced).
  Status RecordScan(int64_t customer_id, int64_t device_id, PackageFamily family, Timestamp at,
                    int64_t pending);
  Result<std::optional<Timestamp>> LastScan(int64_t device_id);

  // The customer's class overrides, in the order given when they were set.
  Result<std::vector<ClassOverride>> Overrides(int64_t customer_id);
  Status ReplaceOverrides(int64_t customer_id, std::span<const ClassOverride> overrides);

  // One record of the device; NotFound("update") otherwise.
  Result<DeviceUpdate> Get(int64_t device_id, int64_t update_id);
  // A person's decision on a pending record; NotFound("pending update")
  // for one installed since, another device's or out of scope.
  Status Decide(int64_t device_id, int64_t update_id, const UpdateApproval& approval);

  // The approval rules that apply to a device: global, its customer's, its
  // groups' and its own.
  Result<std::vector<ApprovalRule>> RulesFor(int64_t customer_id, int64_t device_id);
  // The rules set at one level for one target. NotFound for a customer,
  // group or device outside the scope; PermissionDenied for the global
  // level outside staff.
  Result<std::vector<ApprovalRule>> Rules(const PolicyTarget& target);
  Status ReplaceRules(const PolicyTarget& target, std::span<const ApprovalRule> rules);

  // Every managed device of the customer (servers and workstations not
  // retired) with its last scan and its pending and overdue (deadline at or
  // before `now`) records per class. Reads every pending record of the
  // customer: the reference CustomerFacts is tested against.
  Result<std::vector<DevicePatchState>> CustomerState(int64_t customer_id, Timestamp now);
  // The same devices' compliance facts, in device order: FactsOf of each
  // CustomerState entry, from the indexes of migration 33 — one probe per
  // device and the records overdue now, nothing else. What the customer's
  // compliance figure runs.
  Result<std::vector<DeviceComplianceFacts>> CustomerFacts(int64_t customer_id, Timestamp now);

 private:
  // The customer a policy target belongs to (none for global), checked
  // against the scope.
  Result<std::optional<int64_t>> TargetCustomer(const PolicyTarget& target);

  const storage::ScopedConnection& c_;
};

}  // namespace steward::patching
