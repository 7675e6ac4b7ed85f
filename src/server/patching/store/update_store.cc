#include "server/patching/store/update_store.h"

#include <algorithm>
#include <map>
#include <string>

#include "core/strings.h"

namespace steward::patching {

using storage::Params;
using storage::Row;
using storage::Rows;

namespace {

storage::Value OptMillis(const std::optional<Timestamp>& t) {
  return t ? storage::Value(ToMillis(*t)) : storage::Value();
}
storage::Value OptId(const std::optional<int64_t>& id) {
  return id ? storage::Value(*id) : storage::Value();
}

constexpr std::string_view kColumns =
    "SELECT id, customer_id, device_id, package, installed_version, candidate_version, origin,"
    " severity, cves, advisories, reboot_suggested, update_class, first_seen_at, last_seen_at,"
    " deadline_at, status, resolved_at, approval, approval_at, approved_by, approval_by_person,"
    " approval_note FROM device_updates";

Result<DeviceUpdate> UpdateOf(const Row& r) {
  auto cls = ParseUpdateClass(r.Text("update_class"));
  auto status = ParseUpdateStatus(r.Text("status"));
  auto approval = ParseApproval(r.Text("approval"));
  if (!cls || !status || !approval) {
    return Status::Internal("update record " + std::to_string(r.Int("id")) + " is corrupt");
  }
  DeviceUpdate d;
  d.id = r.Int("id");
  d.customer_id = r.Int("customer_id");
  d.device_id = r.Int("device_id");
  d.update.package = r.Text("package");
  d.update.installed_version = r.Text("installed_version");
  d.update.candidate_version = r.Text("candidate_version");
  d.update.origin = r.Text("origin");
  d.update.severity = r.Text("severity");
  d.update.cves = SplitLines(r.Text("cves"));
  d.update.advisories = SplitLines(r.Text("advisories"));
  d.update.reboot_suggested = r.Bool("reboot_suggested");
  d.cls = *cls;
  d.first_seen = FromMillis(r.Int("first_seen_at"));
  d.last_seen = FromMillis(r.Int("last_seen_at"));
  d.deadline = FromMillis(r.Int("deadline_at"));
  d.status = *status;
  if (auto at = r.OptInt("resolved_at")) d.resolved_at = FromMillis(*at);
  d.approval.decision = *approval;
  if (auto at = r.OptInt("approval_at")) d.approval.at = FromMillis(*at);
  d.approval.by = r.OptInt("approved_by");
  d.approval.by_person = r.Bool("approval_by_person");
  d.approval.note = r.Text("approval_note");
  return d;
}

Result<ApprovalRule> RuleOf(const Row& r) {
  auto level = ParsePolicyLevel(r.Text("level"));
  auto cls = ParseUpdateClass(r.Text("update_class"));
  auto mode = ParseApprovalMode(r.Text("mode"));
  if (!level || !cls || !mode) return Status::Internal("an approval rule is corrupt");
  return ApprovalRule{*level, *cls, *mode, static_cast<int>(r.Int("delay_days"))};
}

Result<std::vector<ApprovalRule>> RulesOf(const Rows& rows) {
  std::vector<ApprovalRule> out;
  for (const Row& r : rows) {
    STEWARD_ASSIGN_OR_RETURN(ApprovalRule rule, RuleOf(r));
    out.push_back(rule);
  }
  return out;
}

Result<std::vector<DeviceUpdate>> UpdatesOf(const Rows& rows) {
  std::vector<DeviceUpdate> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    STEWARD_ASSIGN_OR_RETURN(DeviceUpdate d, UpdateOf(r));
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

Result<int64_t> UpdateStore::DeviceCustomer(int64_t device_id) {
  std::string sql =
      "SELECT customer_id FROM cis WHERE id = ? AND kind IN ('server', 'workstation')";
  Params params = {device_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("device", std::to_string(device_id));
  return row->Int("customer_id");
}

Status UpdateStore::RequireCustomer(int64_t customer_id) {
  return storage::RequireVisibleCustomer(c_, customer_id);
}

Result<std::vector<DeviceUpdate>> UpdateStore::Pending(int64_t device_id) {
  std::string sql = std::string(kColumns) + " WHERE device_id = ? AND status = 'pending'";
  Params params = {device_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY package";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  return UpdatesOf(rows);
}

Result<std::vector<DeviceUpdate>> UpdateStore::List(int64_t device_id, bool with_history,
                                                    int64_t history_limit) {
  std::string sql = std::string(kColumns) + " WHERE device_id = ? AND status = 'pending'";
  Params params = {device_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY deadline_at, package";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  STEWARD_ASSIGN_OR_RETURN(std::vector<DeviceUpdate> out, UpdatesOf(rows));
  if (!with_history) return out;
  std::string past = std::string(kColumns) + " WHERE device_id = ? AND status = 'installed'";
  Params past_params = {device_id};
  c_.scope().AppendFilter(past, past_params, "customer_id");
  past += " ORDER BY resolved_at DESC, id DESC LIMIT ?";
  past_params.push_back(history_limit);
  STEWARD_ASSIGN_OR_RETURN(Rows old, c_.connection().Query(past, past_params));
  STEWARD_ASSIGN_OR_RETURN(std::vector<DeviceUpdate> installed, UpdatesOf(old));
  for (DeviceUpdate& d : installed) out.push_back(std::move(d));
  return out;
}

Status UpdateStore::Apply(const ReportChanges& changes, Timestamp now) {
  storage::Connection& c = c_.connection();
  for (const DeviceUpdate& d : changes.added) {
    if (!c_.scope().Allows(d.customer_id)) {
      return Status::NotFound("device", std::to_string(d.device_id));
    }
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO device_updates (customer_id, device_id, package, installed_version,"
                  " candidate_version, origin, severity, cves, advisories, reboot_suggested,"
                  " update_class, first_seen_at, last_seen_at, deadline_at, status, approval,"
                  " approval_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?,"
                  " ?)",
                  {d.customer_id, d.device_id, d.update.package, d.update.installed_version,
                   d.update.candidate_version, d.update.origin, d.update.severity,
                   JoinLines(d.update.cves), JoinLines(d.update.advisories),
                   d.update.reboot_suggested, std::string(UpdateClassName(d.cls)),
                   ToMillis(d.first_seen), ToMillis(d.last_seen), ToMillis(d.deadline),
                   std::string(ApprovalName(d.approval.decision)), OptMillis(d.approval.at)})
            .status());
  }
  for (const DeviceUpdate& d : changes.kept) {
    std::string sql =
        "UPDATE device_updates SET installed_version = ?, candidate_version = ?, origin = ?,"
        " severity = ?, cves = ?, advisories = ?, reboot_suggested = ?, update_class = ?,"
        " last_seen_at = ?, deadline_at = ?,"
        // A person's decision stays, also against one made meanwhile.
        " approval = CASE WHEN approval_by_person = 1 THEN approval ELSE ? END,"
        " approval_at = CASE WHEN approval_by_person = 1 THEN approval_at ELSE ? END"
        " WHERE id = ? AND status = 'pending'";
    Params params = {d.update.installed_version,
                     d.update.candidate_version,
                     d.update.origin,
                     d.update.severity,
                     JoinLines(d.update.cves),
                     JoinLines(d.update.advisories),
                     d.update.reboot_suggested,
                     std::string(UpdateClassName(d.cls)),
                     ToMillis(d.last_seen),
                     ToMillis(d.deadline),
                     std::string(ApprovalName(d.approval.decision)),
                     OptMillis(d.approval.at),
                     d.id};
    c_.scope().AppendFilter(sql, params, "customer_id");
    STEWARD_ASSIGN_OR_RETURN(int64_t changed, c.Execute(sql, params));
    if (changed != 1) return Status::Conflict("update record changed meanwhile; report again");
  }
  for (int64_t id : changes.installed) {
    std::string sql =
        "UPDATE device_updates SET status = 'installed', resolved_at = ? WHERE id = ?"
        " AND status = 'pending'";
    Params params = {ToMillis(now), id};
    c_.scope().AppendFilter(sql, params, "customer_id");
    STEWARD_ASSIGN_OR_RETURN(int64_t changed, c.Execute(sql, params));
    if (changed != 1) return Status::Conflict("update record changed meanwhile; report again");
  }
  return Status::Ok();
}

Status UpdateStore::RecordScan(int64_t customer_id, int64_t device_id, PackageFamily family,
                               Timestamp at, int64_t pending) {
  if (!c_.scope().Allows(customer_id)) {
    return Status::NotFound("device", std::to_string(device_id));
  }
  return c_.connection()
      .Execute(
          "INSERT INTO device_update_scans (device_id, customer_id, package_family,"
          " scanned_at, pending_count) VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id) DO"
          " UPDATE SET customer_id = excluded.customer_id, package_family ="
          " excluded.package_family, scanned_at = excluded.scanned_at, pending_count ="
          " excluded.pending_count",
          {device_id, customer_id, std::string(PackageFamilyName(family)), ToMillis(at), pending})
      .status();
}

Result<std::optional<Timestamp>> UpdateStore::LastScan(int64_t device_id) {
  std::string sql = "SELECT scanned_at FROM device_update_scans WHERE device_id = ?";
  Params params = {device_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return std::optional<Timestamp>();
  return std::optional<Timestamp>(FromMillis(row->Int("scanned_at")));
}

Result<std::vector<ClassOverride>> UpdateStore::Overrides(int64_t customer_id) {
  std::string sql =
      "SELECT pattern, update_class FROM update_class_overrides WHERE customer_id = ?";
  Params params = {customer_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY id";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<ClassOverride> out;
  for (const Row& r : rows) {
    auto cls = ParseUpdateClass(r.Text("update_class"));
    if (!cls)
      return Status::Internal("a class override of customer " + std::to_string(customer_id) +
                              " is corrupt");
    out.push_back({r.Text("pattern"), *cls});
  }
  return out;
}

Status UpdateStore::ReplaceOverrides(int64_t customer_id,
                                     std::span<const ClassOverride> overrides) {
  STEWARD_RETURN_IF_ERROR(RequireCustomer(customer_id));
  storage::Connection& c = c_.connection();
  STEWARD_RETURN_IF_ERROR(
      c.Execute("DELETE FROM update_class_overrides WHERE customer_id = ?", {customer_id})
          .status());
  for (const ClassOverride& o : overrides) {
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO update_class_overrides (customer_id, pattern, update_class)"
                  " VALUES (?, ?, ?)",
                  {customer_id, o.pattern, std::string(UpdateClassName(o.cls))})
            .status());
  }
  return Status::Ok();
}

Result<DeviceUpdate> UpdateStore::Get(int64_t device_id, int64_t update_id) {
  std::string sql = std::string(kColumns) + " WHERE id = ? AND device_id = ?";
  Params params = {update_id, device_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("update", std::to_string(update_id));
  return UpdateOf(*row);
}

Status UpdateStore::Decide(int64_t device_id, int64_t update_id, const UpdateApproval& a) {
  std::string sql =
      "UPDATE device_updates SET approval = ?, approval_at = ?, approved_by = ?,"
      " approval_by_person = ?, approval_note = ? WHERE id = ? AND device_id = ?"
      " AND status = 'pending'";
  Params params = {std::string(ApprovalName(a.decision)),
                   OptMillis(a.at),
                   OptId(a.by),
                   a.by_person,
                   a.note,
                   update_id,
                   device_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed != 1) return Status::NotFound("pending update", std::to_string(update_id));
  return Status::Ok();
}

Result<std::vector<ApprovalRule>> UpdateStore::RulesFor(int64_t customer_id, int64_t device_id) {
  if (!c_.scope().Allows(customer_id)) {
    return Status::NotFound("device", std::to_string(device_id));
  }
  STEWARD_ASSIGN_OR_RETURN(
      Rows rows,
      c_.connection().Query(
          "SELECT level, update_class, mode, delay_days FROM update_approval_rules"
          " WHERE level = 'global' OR (level = 'customer' AND target_id = ?)"
          " OR (level = 'group' AND target_id IN (SELECT group_id FROM device_group_members"
          " WHERE device_id = ?)) OR (level = 'device' AND target_id = ?) ORDER BY id",
          {customer_id, device_id, device_id}));
  return RulesOf(rows);
}

Result<std::vector<ApprovalRule>> UpdateStore::Rules(const PolicyTarget& target) {
  STEWARD_RETURN_IF_ERROR(TargetCustomer(target).status());  // the scope's check
  STEWARD_ASSIGN_OR_RETURN(
      Rows rows, c_.connection().Query(
                     "SELECT level, update_class, mode, delay_days FROM update_approval_rules"
                     " WHERE level = ? AND target_id = ? ORDER BY id",
                     {std::string(PolicyLevelName(target.level)), target.id}));
  return RulesOf(rows);
}

Status UpdateStore::ReplaceRules(const PolicyTarget& target, std::span<const ApprovalRule> rules) {
  STEWARD_ASSIGN_OR_RETURN(std::optional<int64_t> customer, TargetCustomer(target));
  storage::Connection& c = c_.connection();
  const std::string level(PolicyLevelName(target.level));
  STEWARD_RETURN_IF_ERROR(
      c.Execute("DELETE FROM update_approval_rules WHERE level = ? AND target_id = ?",
                {level, target.id})
          .status());
  for (const ApprovalRule& r : rules) {
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO update_approval_rules (level, target_id, customer_id,"
                  " update_class, mode, delay_days) VALUES (?, ?, ?, ?, ?, ?)",
                  {level, target.id, OptId(customer), std::string(UpdateClassName(r.cls)),
                   std::string(ApprovalModeName(r.mode)), int64_t{r.delay_days}})
            .status());
  }
  return Status::Ok();
}

Result<std::optional<int64_t>> UpdateStore::TargetCustomer(const PolicyTarget& target) {
  switch (target.level) {
    case PolicyLevel::kGlobal:
      if (!c_.scope().is_all()) return Status::PermissionDenied("the global policy is for staff");
      return std::optional<int64_t>();
    case PolicyLevel::kCustomer:
      STEWARD_RETURN_IF_ERROR(RequireCustomer(target.id));
      return std::optional<int64_t>(target.id);
    case PolicyLevel::kGroup: {
      std::string sql = "SELECT customer_id FROM device_groups WHERE id = ?";
      Params params = {target.id};
      c_.scope().AppendFilter(sql, params, "customer_id");
      STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
      if (!row) return Status::NotFound("device group", std::to_string(target.id));
      return std::optional<int64_t>(row->Int("customer_id"));
    }
    case PolicyLevel::kDevice: {
      STEWARD_ASSIGN_OR_RETURN(int64_t customer, DeviceCustomer(target.id));
      return std::optional<int64_t>(customer);
    }
  }
  return Status::InvalidArgument("unknown policy level", "level");
}

Result<std::vector<DevicePatchState>> UpdateStore::CustomerState(int64_t customer_id,
                                                                 Timestamp now) {
  STEWARD_RETURN_IF_ERROR(RequireCustomer(customer_id));
  std::map<int64_t, DevicePatchState> by_device;
  STEWARD_ASSIGN_OR_RETURN(
      Rows devices, c_.connection().Query(
                        "SELECT ci.id, s.scanned_at FROM cis ci LEFT JOIN device_update_scans s"
                        " ON s.device_id = ci.id WHERE ci.customer_id = ? AND ci.kind IN ('server',"
                        " 'workstation') AND ci.status <> 'retired' ORDER BY ci.id",
                        {customer_id}));
  for (const Row& r : devices) {
    DevicePatchState& d = by_device[r.Int("id")];
    d.device_id = r.Int("id");
    if (auto at = r.OptInt("scanned_at")) d.last_scan = FromMillis(*at);
  }
  // One grouped pass over the customer's pending records.
  STEWARD_ASSIGN_OR_RETURN(
      Rows counts,
      c_.connection().Query(
          // Rejected updates will not be installed: they count for
          // nothing. Overdue: past the deadline with no approval in force
          // (approval_state.h IsOverdue, in SQL).
          "SELECT device_id, update_class, COUNT(*) AS pending,"
          " SUM(CASE WHEN deadline_at <= ? AND (approval = 'pending' OR approval_at > ?)"
          " THEN 1 ELSE 0 END) AS overdue FROM device_updates"
          " WHERE customer_id = ? AND status = 'pending' AND approval <> 'rejected'"
          " GROUP BY device_id, update_class",
          {ToMillis(now), ToMillis(now), customer_id}));
  for (const Row& r : counts) {
    auto it = by_device.find(r.Int("device_id"));
    auto cls = ParseUpdateClass(r.Text("update_class"));
    if (it == by_device.end() || !cls) continue;  // a retired device's leftovers
    it->second.pending[*cls] = r.Int("pending");
    if (r.Int("overdue") > 0) it->second.overdue[*cls] = r.Int("overdue");
  }
  std::vector<DevicePatchState> out;
  out.reserve(by_device.size());
  for (auto& [id, d] : by_device) out.push_back(std::move(d));
  return out;
}

// Why queries and not a summary kept by the writes: the figure is asked
// about "now", and a record becomes overdue when its deadline passes (or
// stops being when a delayed approval takes effect) without any write
// happening, so a stored per-device count would go stale by itself. What
// the figure needs is small at the time asked about: whether each device
// has anything left (one index probe per device) and the records overdue
// now (a range at the front of an index ordered by deadline). Migration 33
// has the indexes; the predicates here repeat theirs literally so both
// SQLite and PostgreSQL can use the partial ones.
Result<std::vector<DeviceComplianceFacts>> UpdateStore::CustomerFacts(int64_t customer_id,
                                                                      Timestamp now) {
  STEWARD_RETURN_IF_ERROR(RequireCustomer(customer_id));
  // The managed devices, their last scan and whether anything not rejected
  // is pending (device_updates_customer: the first entry of the device
  // answers unless all of them are rejected).
  STEWARD_ASSIGN_OR_RETURN(
      Rows devices,
      c_.connection().Query(
          "SELECT ci.id, s.scanned_at, CASE WHEN EXISTS (SELECT 1 FROM device_updates u"
          " WHERE u.customer_id = ci.customer_id AND u.status = 'pending'"
          " AND u.device_id = ci.id AND u.approval <> 'rejected') THEN 1 ELSE 0 END AS open"
          " FROM cis ci LEFT JOIN device_update_scans s ON s.device_id = ci.id"
          " WHERE ci.customer_id = ? AND ci.kind IN ('server', 'workstation')"
          " AND ci.status <> 'retired' ORDER BY ci.id",
          {customer_id}));
  std::vector<DeviceComplianceFacts> out;
  out.reserve(devices.size());
  for (const Row& r : devices) {
    DeviceComplianceFacts& d = out.emplace_back();
    d.device_id = r.Int("id");
    if (auto at = r.OptInt("scanned_at")) d.last_scan = FromMillis(*at);
    d.open = r.Int("open") != 0;
  }
  // The records overdue now (approval_state.h IsOverdue): waiting for a
  // decision past the deadline, or approved by an approval that is not in
  // force yet. Only these are read, from the indexes alone, and counted per
  // device with a column per class (one row per device, not per class).
  const int64_t at = ToMillis(now);
  STEWARD_ASSIGN_OR_RETURN(
      Rows overdue,
      c_.connection().Query(
          "SELECT device_id, SUM(CASE WHEN update_class = 'critical' THEN 1 ELSE 0 END) AS "
          "critical,"
          " SUM(CASE WHEN update_class = 'important' THEN 1 ELSE 0 END) AS important,"
          " SUM(CASE WHEN update_class = 'moderate' THEN 1 ELSE 0 END) AS moderate,"
          " SUM(CASE WHEN update_class = 'low' THEN 1 ELSE 0 END) AS low,"
          " SUM(CASE WHEN update_class = 'service_release' THEN 1 ELSE 0 END) AS service_release,"
          " SUM(CASE WHEN update_class = 'major_revision' THEN 1 ELSE 0 END) AS major_revision"
          " FROM device_updates WHERE customer_id = ? AND status = 'pending'"
          " AND approval = 'pending' AND deadline_at <= ? GROUP BY device_id"
          " UNION ALL SELECT device_id, SUM(CASE WHEN update_class = 'critical' THEN 1 ELSE 0 END),"
          " SUM(CASE WHEN update_class = 'important' THEN 1 ELSE 0 END),"
          " SUM(CASE WHEN update_class = 'moderate' THEN 1 ELSE 0 END),"
          " SUM(CASE WHEN update_class = 'low' THEN 1 ELSE 0 END),"
          " SUM(CASE WHEN update_class = 'service_release' THEN 1 ELSE 0 END),"
          " SUM(CASE WHEN update_class = 'major_revision' THEN 1 ELSE 0 END)"
          " FROM device_updates WHERE customer_id = ? AND status = 'pending'"
          " AND approval = 'approved' AND approval_at > ? AND deadline_at <= ?"
          " GROUP BY device_id",
          {customer_id, at, customer_id, at, at}));
  for (const Row& r : overdue) {
    const int64_t device = r.Int("device_id");
    auto it = std::lower_bound(
        out.begin(), out.end(), device,
        [](const DeviceComplianceFacts& d, int64_t id) { return d.device_id < id; });
    // A retired device's leftovers, or a device since moved to another
    // customer, as CustomerState skips them.
    if (it == out.end() || it->device_id != device) continue;
    for (UpdateClass c : kAllUpdateClasses) {
      if (int64_t n = r.Int(UpdateClassName(c)); n > 0) it->overdue[c] += n;
    }
  }
  return out;
}

}  // namespace steward::patching
