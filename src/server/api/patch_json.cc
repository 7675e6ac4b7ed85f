#include "server/api/patch_json.h"

#include <string>

#include "core/json.h"
#include "core/time_format.h"
#include "server/patching/rules/recurrence.h"
#include "server/patching/rules/report_check.h"

namespace steward::api {

using patching::UpdateClass;

namespace {

std::vector<std::string_view> ClassNames() {
  std::vector<std::string_view> out;
  for (UpdateClass c : patching::kAllUpdateClasses) out.push_back(patching::UpdateClassName(c));
  return out;
}

std::string_view ClockName(patching::DeadlineState s) {
  switch (s) {
    case patching::DeadlineState::kOk:
      return "ok";
    case patching::DeadlineState::kWarning:
      return "warning";
    case patching::DeadlineState::kBreached:
      return "overdue";
  }
  return "ok";
}

}  // namespace

Result<patching::UpdateReport> ReadUpdateReport(const Json& body) {
  ObjectReader r(body);
  patching::UpdateReport report;
  auto family = r.OptionalEnum("family", {"debian", "ubuntu", "redhat", "suse", "windows"});
  const Json* updates = r.OptionalRaw("updates");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (family) report.family = *patching::ParsePackageFamily(*family);
  if (!updates)
    return Status::InvalidArgument("is required (an empty list: fully patched)", "updates");
  if (!updates->is_array()) return Status::InvalidArgument("must be an array", "updates");
  if (updates->size() > patching::kMaxUpdatesPerReport) {
    return Status::InvalidArgument(
        "at most " + std::to_string(patching::kMaxUpdatesPerReport) + " updates per report",
        "updates");
  }
  for (size_t i = 0; i < updates->size(); ++i) {
    ObjectReader u((*updates)[i], "updates[" + std::to_string(i) + "]");
    patching::PendingUpdate p;
    p.package = u.RequiredString("package", 1, 200);
    p.installed_version = u.OptionalString("installed_version", 200).value_or("");
    p.candidate_version = u.RequiredString("candidate_version", 1, 200);
    p.origin = u.OptionalString("origin", 200).value_or("");
    p.severity = u.OptionalString("severity", 40).value_or("");
    p.cves = u.OptionalStringArray("cves", 100, 30).value_or(std::vector<std::string>{});
    p.advisories =
        u.OptionalStringArray("advisories", 100, 100).value_or(std::vector<std::string>{});
    p.reboot_suggested = u.OptionalBool("reboot_suggested").value_or(false);
    STEWARD_RETURN_IF_ERROR(u.Finish());
    report.updates.push_back(std::move(p));
  }
  return report;
}

Result<patching::PolicyTarget> PolicyTargetOf(const std::string& level,
                                              std::optional<int64_t> target_id) {
  auto l = patching::ParsePolicyLevel(level);
  if (!l) return Status::InvalidArgument("must be global, customer, group or device", "level");
  if (*l == patching::PolicyLevel::kGlobal) {
    if (target_id && *target_id != 0) {
      return Status::InvalidArgument("is not used with the global level", "target_id");
    }
    return patching::PolicyTarget{*l, 0};
  }
  if (!target_id || *target_id < 1) {
    return Status::InvalidArgument("names the customer, group or device", "target_id");
  }
  return patching::PolicyTarget{*l, *target_id};
}

Result<ApprovalPolicyBody> ReadApprovalPolicy(const Json& body) {
  ObjectReader r(body);
  std::string level = r.RequiredEnum("level", {"global", "customer", "group", "device"});
  std::optional<int64_t> target_id = r.OptionalInt("target_id", 0, kMaxId);
  const Json* rules = r.OptionalRaw("rules");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  ApprovalPolicyBody out;
  STEWARD_ASSIGN_OR_RETURN(out.target, PolicyTargetOf(level, target_id));
  if (!rules || !rules->is_array() || rules->size() > 6) {
    return Status::InvalidArgument("must be an array of at most 6 rules, one per class", "rules");
  }
  const std::vector<std::string_view> classes = ClassNames();
  for (size_t i = 0; i < rules->size(); ++i) {
    ObjectReader o((*rules)[i], "rules[" + std::to_string(i) + "]");
    std::string cls = o.RequiredEnum("class", classes);
    std::string mode = o.RequiredEnum("mode", {"automatic", "manual", "reject"});
    int64_t delay = o.OptionalInt("delay_days", 0, 365).value_or(0);
    STEWARD_RETURN_IF_ERROR(o.Finish());
    out.rules.push_back({out.target.level, *patching::ParseUpdateClass(cls),
                         *patching::ParseApprovalMode(mode), static_cast<int>(delay)});
  }
  return out;
}

Json ApprovalPolicyJson(const patching::PolicyTarget& target,
                        const std::vector<patching::ApprovalRule>& rules) {
  Json list = Json::array();
  for (const patching::ApprovalRule& r : rules) {
    list.push_back({{"class", patching::UpdateClassName(r.cls)},
                    {"mode", patching::ApprovalModeName(r.mode)},
                    {"delay_days", r.delay_days}});
  }
  return {{"level", patching::PolicyLevelName(target.level)},
          {"target_id", target.id},
          {"rules", list}};
}

Json ReportOutcomeJson(const patching::ReportOutcome& o) {
  return {{"pending", o.pending}, {"added", o.added}, {"installed", o.installed}};
}

Json UpdateViewJson(const patching::UpdateView& v) {
  const patching::DeviceUpdate& d = v.record;
  const bool pending = d.status == patching::UpdateStatus::kPending;
  return {{"id", d.id},
          {"device_id", d.device_id},
          {"customer_id", d.customer_id},
          {"package", d.update.package},
          {"installed_version", d.update.installed_version},
          {"candidate_version", d.update.candidate_version},
          {"origin", d.update.origin},
          {"severity", d.update.severity},
          {"cves", d.update.cves},
          {"advisories", d.update.advisories},
          {"reboot_suggested", d.update.reboot_suggested},
          {"class", patching::UpdateClassName(d.cls)},
          {"first_seen_at", FormatIso8601(d.first_seen)},
          {"last_seen_at", FormatIso8601(d.last_seen)},
          {"deadline", FormatIso8601(d.deadline)},
          {"status", patching::UpdateStatusName(d.status)},
          // A decision in force stops the clock: it then reads approved or
          // rejected.
          {"clock", !pending ? Json(nullptr)
                    : v.in_force == patching::Approval::kPending
                        ? Json(ClockName(v.clock))
                        : Json(patching::ApprovalName(v.in_force))},
          {"resolved_at", d.resolved_at ? Json(FormatIso8601(*d.resolved_at)) : Json(nullptr)},
          {"approval",
           {{"decision", patching::ApprovalName(d.approval.decision)},
            {"in_force", patching::ApprovalName(v.in_force)},
            {"at", d.approval.at ? Json(FormatIso8601(*d.approval.at)) : Json(nullptr)},
            {"by", d.approval.by ? Json(*d.approval.by) : Json(nullptr)},
            {"by_person", d.approval.by_person},
            {"note", d.approval.note}}}};
}

Json ComplianceJson(const patching::CustomerCompliance& c) {
  Json by_class = Json::object();
  for (const auto& [cls, n] : c.overdue_by_class) by_class[patching::UpdateClassName(cls)] = n;
  return {{"devices", c.devices},
          {"compliant", c.compliant},
          {"fully_patched", c.fully_patched},
          {"unknown", c.unknown},
          {"percent", c.percent ? Json(*c.percent) : Json(nullptr)},
          {"overdue_by_class", by_class}};
}

Result<std::vector<patching::ClassOverride>> ReadClassOverrides(const Json& body) {
  ObjectReader r(body);
  const Json* list = r.OptionalRaw("overrides");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (!list || !list->is_array()) {
    return Status::InvalidArgument("must be an array of {pattern, class}", "overrides");
  }
  if (list->size() > 500) return Status::InvalidArgument("at most 500", "overrides");
  std::vector<patching::ClassOverride> out;
  const std::vector<std::string_view> classes = ClassNames();
  for (size_t i = 0; i < list->size(); ++i) {
    ObjectReader o((*list)[i], "overrides[" + std::to_string(i) + "]");
    std::string pattern = o.RequiredString("pattern", 1, 200);
    std::string cls = o.RequiredEnum("class", classes);
    STEWARD_RETURN_IF_ERROR(o.Finish());
    out.push_back({std::move(pattern), *patching::ParseUpdateClass(cls)});
  }
  return out;
}

Json ClassOverridesJson(const std::vector<patching::ClassOverride>& overrides) {
  Json list = Json::array();
  for (const auto& o : overrides) {
    list.push_back({{"pattern", o.pattern}, {"class", patching::UpdateClassName(o.cls)}});
  }
  return {{"overrides", list}};
}

Result<patching::NewChangeWindow> ReadNewChangeWindow(const Json& body) {
  ObjectReader r(body);
  patching::NewChangeWindow w;
  auto customer = r.OptionalInt("customer_id", 1, kMaxId);
  auto group = r.OptionalInt("group_id", 1, kMaxId);
  auto device = r.OptionalInt("device_id", 1, kMaxId);
  w.name = r.RequiredString("name", 1, 100);
  w.rrule = r.RequiredString("rrule", 1, 500);
  w.start = r.RequiredString("start", 1, 40);
  w.duration_minutes = static_cast<int>(
      r.RequiredInt("duration_minutes", patching::kMinWindowMinutes, patching::kMaxWindowMinutes));
  STEWARD_RETURN_IF_ERROR(r.Finish());
  const int targets = (customer ? 1 : 0) + (group ? 1 : 0) + (device ? 1 : 0);
  if (targets != 1) {
    return Status::InvalidArgument("name exactly one of customer_id, group_id, device_id",
                                   "customer_id");
  }
  if (customer) {
    w.level = patching::WindowLevel::kCustomer;
    w.target_id = *customer;
  } else if (group) {
    w.level = patching::WindowLevel::kGroup;
    w.target_id = *group;
  } else {
    w.level = patching::WindowLevel::kDevice;
    w.target_id = *device;
  }
  return w;
}

Json ChangeWindowJson(const patching::ChangeWindow& w) {
  return {{"id", w.id},
          {"customer_id", w.customer_id},
          {"level", patching::WindowLevelName(w.level)},
          {"target_id", w.target_id},
          {"name", w.name},
          {"rrule", w.rrule},
          {"start", patching::FormatLocalStart(w.rule.start)},
          {"duration_minutes", w.rule.duration_minutes},
          {"created_by", w.created_by ? Json(*w.created_by) : Json()},
          {"created_at", FormatIso8601(w.created_at)}};
}

Json DeviceWindowsJson(const patching::DeviceWindows& d) {
  Json windows = Json::array();
  for (const patching::ChangeWindow& w : d.windows) windows.push_back(ChangeWindowJson(w));
  Json next;
  if (d.next) {
    next = {{"window_id", d.next->window_id},
            {"start", FormatIso8601(d.next->start)},
            {"end", FormatIso8601(d.next->end)}};
  }
  return {{"level", d.level ? Json(patching::WindowLevelName(*d.level)) : Json()},
          {"time_zone", d.time_zone},
          {"in_window", d.in_window},
          {"next", std::move(next)},
          {"windows", std::move(windows)}};
}

}  // namespace steward::api
