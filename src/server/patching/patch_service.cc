#include "server/patching/patch_service.h"

#include <set>
#include <string>

#include "server/audit/audit_log.h"
#include "server/patching/rules/approval_state.h"
#include "server/patching/rules/report_check.h"
#include "server/patching/rules/report_reconcile.h"
#include "server/patching/store/update_store.h"
#include "server/servicedesk/customer_calendar.h"
#include "storage/scoped_connection.h"

namespace steward::patching {

using storage::ScopedConnection;

namespace {

Status RequireStaff(const accounts::Principal& p, std::string_view what) {
  if (!p.scope().is_all()) return Status::PermissionDenied(std::string(what) + " is for staff");
  return Status::Ok();
}

Status CheckOverrides(const std::vector<ClassOverride>& overrides) {
  if (overrides.size() > 500) return Status::InvalidArgument("at most 500", "overrides");
  std::set<std::string> seen;
  for (size_t i = 0; i < overrides.size(); ++i) {
    const std::string field = "overrides[" + std::to_string(i) + "].pattern";
    const std::string& p = overrides[i].pattern;
    if (p.empty() || p.size() > 200) {
      return Status::InvalidArgument("must be 1 to 200 characters", field);
    }
    for (unsigned char ch : p) {
      if (ch <= 0x20 || ch == 0x7f) {
        return Status::InvalidArgument("is a package name or glob without blanks", field);
      }
    }
    if (!seen.insert(p).second) return Status::InvalidArgument("is given twice", field);
  }
  return Status::Ok();
}

// Load → decide → apply for one scan, in the caller's transaction.
Result<ReportOutcome> ApplyReport(const ScopedConnection& sc, int64_t customer_id,
                                  int64_t device_id, const UpdateReport& report, Timestamp now) {
  UpdateStore store(sc);
  STEWARD_ASSIGN_OR_RETURN(std::vector<DeviceUpdate> pending, store.Pending(device_id));
  STEWARD_ASSIGN_OR_RETURN(std::vector<ClassOverride> overrides, store.Overrides(customer_id));
  STEWARD_ASSIGN_OR_RETURN(servicedesk::BusinessCalendar cal,
                           servicedesk::CustomerCalendar(sc.connection(), customer_id));
  ReportChanges changes = ReconcileReport(
      pending, report.updates, customer_id, device_id, now,
      [&](const PendingUpdate& u) { return ClassifyUpdate(u, report.family, overrides); },
      [&](UpdateClass c, Timestamp first_seen) { return PatchDeadline(c, first_seen, cal); });
  STEWARD_ASSIGN_OR_RETURN(std::vector<ApprovalRule> rules, store.RulesFor(customer_id, device_id));
  ApplyPolicy(changes.added, rules, now);
  ApplyPolicy(changes.kept, rules, now);
  STEWARD_RETURN_IF_ERROR(store.Apply(changes, now));
  const auto pending_now = static_cast<int64_t>(report.updates.size());
  STEWARD_RETURN_IF_ERROR(
      store.RecordScan(customer_id, device_id, report.family, now, pending_now));
  return ReportOutcome{pending_now, static_cast<int64_t>(changes.added.size()),
                       static_cast<int64_t>(changes.installed.size())};
}

}  // namespace

Result<ReportOutcome> PatchService::Report(const accounts::Actor& actor, int64_t device_id,
                                           const UpdateReport& report) {
  STEWARD_RETURN_IF_ERROR(CheckUpdateReport(report));
  const Timestamp now = clock_.Now();
  ReportOutcome out;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(int64_t customer_id, UpdateStore(sc).DeviceCustomer(device_id));
        STEWARD_ASSIGN_OR_RETURN(out, ApplyReport(sc, customer_id, device_id, report, now));
        return audit::Record(sc.connection(), now, actor,
                             {"updates.report",
                              "device",
                              std::to_string(device_id),
                              customer_id,
                              {{"family", PackageFamilyName(report.family)},
                               {"pending", out.pending},
                               {"added", out.added},
                               {"installed", out.installed}}});
      }));
  return out;
}

Result<ReportOutcome> PatchService::ReportInTransaction(storage::Connection& c, int64_t customer_id,
                                                        int64_t device_id,
                                                        const UpdateReport& report) {
  STEWARD_RETURN_IF_ERROR(CheckUpdateReport(report));
  ScopedConnection sc(c, storage::TenantScope::Customer(customer_id));
  STEWARD_RETURN_IF_ERROR(UpdateStore(sc).DeviceCustomer(device_id).status());
  return ApplyReport(sc, customer_id, device_id, report, clock_.Now());
}

Result<DeviceUpdates> PatchService::DeviceUpdatesOf(const accounts::Principal& viewer,
                                                    int64_t device_id, bool with_history) {
  const Timestamp now = clock_.Now();
  DeviceUpdates out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        UpdateStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(out.customer_id, store.DeviceCustomer(device_id));
        out.device_id = device_id;
        STEWARD_ASSIGN_OR_RETURN(out.last_scan, store.LastScan(device_id));
        out.known = out.last_scan.has_value() && !ScanIsStale(*out.last_scan, now);
        STEWARD_ASSIGN_OR_RETURN(std::vector<DeviceUpdate> records,
                                 store.List(device_id, with_history));
        STEWARD_ASSIGN_OR_RETURN(servicedesk::BusinessCalendar cal,
                                 servicedesk::CustomerCalendar(sc.connection(), out.customer_id));
        for (DeviceUpdate& d : records) {
          UpdateView v{std::move(d), DeadlineState::kOk, Approval::kPending};
          if (v.record.status == UpdateStatus::kPending) {
            v.clock = PatchClock(v.record.cls, v.record.first_seen, v.record.deadline, now, cal);
            v.in_force = InForce(v.record.approval, now);
          }
          out.updates.push_back(std::move(v));
        }
        return Status::Ok();
      }));
  return out;
}

Result<CustomerCompliance> PatchService::Compliance(const accounts::Principal& viewer,
                                                    int64_t customer_id) {
  const Timestamp now = clock_.Now();
  CustomerCompliance out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        // Facts from indexes, not every pending record (issue 14 item 9;
        // bench/patch_compliance_bench.cc): SummariseFacts gives what
        // SummariseCompliance gives on the full state.
        STEWARD_ASSIGN_OR_RETURN(std::vector<DeviceComplianceFacts> devices,
                                 UpdateStore(sc).CustomerFacts(customer_id, now));
        out = SummariseFacts(devices, now);
        return Status::Ok();
      }));
  return out;
}

Result<std::vector<ClassOverride>> PatchService::Overrides(const accounts::Principal& viewer,
                                                           int64_t customer_id) {
  STEWARD_RETURN_IF_ERROR(RequireStaff(viewer, "update class overrides"));
  std::vector<ClassOverride> out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        UpdateStore store(sc);
        STEWARD_RETURN_IF_ERROR(store.RequireCustomer(customer_id));
        STEWARD_ASSIGN_OR_RETURN(out, store.Overrides(customer_id));
        return Status::Ok();
      }));
  return out;
}

Result<std::vector<ClassOverride>> PatchService::SetOverrides(
    const accounts::Actor& actor, int64_t customer_id,
    const std::vector<ClassOverride>& overrides) {
  STEWARD_RETURN_IF_ERROR(RequireStaff(actor.principal, "update class overrides"));
  STEWARD_RETURN_IF_ERROR(CheckOverrides(overrides));
  const Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_RETURN_IF_ERROR(UpdateStore(sc).ReplaceOverrides(customer_id, overrides));
        Json listed = Json::array();
        for (const ClassOverride& o : overrides) {
          listed.push_back({{"pattern", o.pattern}, {"class", UpdateClassName(o.cls)}});
        }
        return audit::Record(sc.connection(), now, actor,
                             {"updates.class_overrides",
                              "customer",
                              std::to_string(customer_id),
                              customer_id,
                              {{"overrides", listed}}});
      }));
  return overrides;
}

namespace {

Status CheckRules(const PolicyTarget& target, const std::vector<ApprovalRule>& rules) {
  std::set<UpdateClass> seen;
  for (size_t i = 0; i < rules.size(); ++i) {
    const std::string at = "rules[" + std::to_string(i) + "].";
    if (rules[i].level != target.level) {
      return Status::InvalidArgument("must be the target's level", at + "level");
    }
    if (!seen.insert(rules[i].cls).second) {
      return Status::InvalidArgument("is given twice", at + "class");
    }
    if (rules[i].delay_days < 0 || rules[i].delay_days > 365 ||
        (rules[i].delay_days != 0 && rules[i].mode != ApprovalMode::kAutomatic)) {
      return Status::InvalidArgument("must be 0 to 365 days, on an automatic rule only",
                                     at + "delay_days");
    }
  }
  return Status::Ok();
}

Json RulesJson(const std::vector<ApprovalRule>& rules) {
  Json list = Json::array();
  for (const ApprovalRule& r : rules) {
    list.push_back({{"class", UpdateClassName(r.cls)},
                    {"mode", ApprovalModeName(r.mode)},
                    {"delay_days", r.delay_days}});
  }
  return list;
}

}  // namespace

Result<std::vector<ApprovalRule>> PatchService::ApprovalPolicy(const accounts::Principal& viewer,
                                                               const PolicyTarget& target) {
  STEWARD_RETURN_IF_ERROR(RequireStaff(viewer, "the approval policy"));
  std::vector<ApprovalRule> out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, UpdateStore(sc).Rules(target));
        return Status::Ok();
      }));
  return out;
}

Result<std::vector<ApprovalRule>> PatchService::SetApprovalPolicy(
    const accounts::Actor& actor, const PolicyTarget& target,
    const std::vector<ApprovalRule>& rules) {
  STEWARD_RETURN_IF_ERROR(RequireStaff(actor.principal, "the approval policy"));
  STEWARD_RETURN_IF_ERROR(CheckRules(target, rules));
  const Timestamp now = clock_.Now();
  std::vector<ApprovalRule> out;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
        UpdateStore store(sc);
        STEWARD_RETURN_IF_ERROR(store.ReplaceRules(target, rules));
        STEWARD_ASSIGN_OR_RETURN(out, store.Rules(target));
        std::optional<int64_t> customer;
        if (target.level == PolicyLevel::kCustomer) customer = target.id;
        if (target.level == PolicyLevel::kDevice) {
          STEWARD_ASSIGN_OR_RETURN(customer, store.DeviceCustomer(target.id));
        }
        return audit::Record(sc.connection(), now, actor,
                             {"updates.approval_policy",
                              std::string(PolicyLevelName(target.level)),
                              std::to_string(target.id),
                              customer,
                              {{"rules", RulesJson(out)}}});
      }));
  return out;
}

Result<UpdateView> PatchService::DecideUpdate(const accounts::Actor& actor, int64_t device_id,
                                              int64_t update_id, Approval decision,
                                              const std::string& note) {
  STEWARD_RETURN_IF_ERROR(RequireStaff(actor.principal, "approving updates"));
  if (decision == Approval::kPending) {
    return Status::InvalidArgument("must be approve or reject", "decision");
  }
  if (note.size() > 500) return Status::InvalidArgument("at most 500 characters", "note");
  const Timestamp now = clock_.Now();
  UpdateView out;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
        UpdateStore store(sc);
        UpdateApproval a;
        a.decision = decision;
        a.at = now;
        if (actor.principal.user_id > 0) a.by = actor.principal.user_id;
        a.by_person = true;
        a.note = note;
        STEWARD_RETURN_IF_ERROR(store.Decide(device_id, update_id, a));
        STEWARD_ASSIGN_OR_RETURN(out.record, store.Get(device_id, update_id));
        STEWARD_ASSIGN_OR_RETURN(
            servicedesk::BusinessCalendar cal,
            servicedesk::CustomerCalendar(sc.connection(), out.record.customer_id));
        out.clock =
            PatchClock(out.record.cls, out.record.first_seen, out.record.deadline, now, cal);
        out.in_force = InForce(out.record.approval, now);
        return audit::Record(
            sc.connection(), now, actor,
            {decision == Approval::kApproved ? "updates.approve" : "updates.reject",
             "device_update",
             std::to_string(update_id),
             out.record.customer_id,
             {{"device_id", device_id},
              {"package", out.record.update.package},
              {"candidate_version", out.record.update.candidate_version},
              {"class", UpdateClassName(out.record.cls)},
              {"late", now >= out.record.deadline},
              {"note", note}}});
      }));
  return out;
}

Result<std::optional<int64_t>> PatchService::DeviceOwner(int64_t device_id) {
  std::optional<int64_t> owner;
  const auto probe = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kOwnerProbe);
  STEWARD_RETURN_IF_ERROR(storage::ReadScoped(db_, probe, [&](ScopedConnection& sc) -> Status {
    auto customer = UpdateStore(sc).DeviceCustomer(device_id);
    if (customer.ok()) owner = *customer;
    return customer.status().code() == StatusCode::kNotFound ? Status::Ok() : customer.status();
  }));
  return owner;
}

}  // namespace steward::patching
