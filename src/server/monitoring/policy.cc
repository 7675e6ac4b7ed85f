#include "server/monitoring/policy.h"

#include <cstdint>

namespace steward::monitoring {

namespace {

struct RealField {
  const char* name;
  double Policy::*member;
  double min, max;
};
struct IntField {
  const char* name;
  int64_t Policy::*member;
  int64_t min, max;
};

constexpr RealField kReals[] = {
    {"cpu_percent", &Policy::cpu_percent, 0, 100},
    {"cpu_clear_percent", &Policy::cpu_clear_percent, 0, 100},
    {"memory_percent", &Policy::memory_percent, 0, 100},
    {"memory_clear_percent", &Policy::memory_clear_percent, 0, 100},
    {"system_volume_min_gb", &Policy::system_volume_min_gb, 0, 1e6},
    {"system_volume_clear_gb", &Policy::system_volume_clear_gb, 0, 1e6},
    {"data_volume_min_percent", &Policy::data_volume_min_percent, 0, 100},
    {"data_volume_clear_percent", &Policy::data_volume_clear_percent, 0, 100},
};

constexpr IntField kInts[] = {
    {"cpu_minutes", &Policy::cpu_minutes, 0, 24 * 60},
    {"memory_minutes", &Policy::memory_minutes, 0, 24 * 60},
    {"event_log_max_severity", &Policy::event_log_max_severity, 0, 7},
    {"event_log_quiet_minutes", &Policy::event_log_quiet_minutes, 1, 7 * 24 * 60},
    {"backup_max_age_hours", &Policy::backup_max_age_hours, 1, 24 * 31},
    {"checkin_interval_seconds", &Policy::checkin_interval_seconds, 10, 24 * 3600},
    {"offline_missed_checkins", &Policy::offline_missed_checkins, 1, 1000},
    {"max_sample_gap_seconds", &Policy::max_sample_gap_seconds, 10, 24 * 3600},
};

}  // namespace

Result<Json> ValidatePolicyOverride(const Json& settings) {
  if (!settings.is_object()) return Status::InvalidArgument("must be an object", "settings");
  ObjectReader r(settings, "settings");
  Json out = Json::object();
  for (const RealField& f : kReals) {
    if (auto v = r.OptionalNumber(f.name, f.min, f.max)) out[f.name] = *v;
  }
  for (const IntField& f : kInts) {
    if (auto v = r.OptionalInt(f.name, f.min, f.max)) out[f.name] = *v;
  }
  if (auto names = r.OptionalStringArray("disabled_conditions", 16, 40)) {
    Json list = Json::array();
    for (const std::string& n : *names) {
      if (!ParseCondition(n)) {
        return Status::InvalidArgument("unknown condition '" + n + "'",
                                       "settings.disabled_conditions");
      }
      list.push_back(n);
    }
    out["disabled_conditions"] = list;
  }
  if (auto user = r.NullableInt("on_call_user_id", 1, INT64_MAX)) {
    out["on_call_user_id"] = *user ? Json(**user) : Json(nullptr);
  }
  STEWARD_RETURN_IF_ERROR(r.Finish());
  return out;
}

void ApplyOverride(Policy& policy, const Json& settings) {
  for (const RealField& f : kReals) {
    auto it = settings.find(f.name);
    if (it != settings.end() && it->is_number()) policy.*f.member = it->get<double>();
  }
  for (const IntField& f : kInts) {
    auto it = settings.find(f.name);
    if (it != settings.end() && it->is_number_integer()) policy.*f.member = it->get<int64_t>();
  }
  auto disabled = settings.find("disabled_conditions");
  if (disabled != settings.end() && disabled->is_array()) {
    policy.disabled.clear();
    for (const Json& n : *disabled) {
      if (auto c = ParseCondition(n.get<std::string>())) policy.disabled.insert(*c);
    }
  }
  auto user = settings.find("on_call_user_id");
  if (user != settings.end()) {
    policy.on_call_user_id =
        user->is_number_integer() ? std::optional<int64_t>(user->get<int64_t>()) : std::nullopt;
  }
}

Json PolicyJson(const Policy& policy) {
  Json out = Json::object();
  for (const RealField& f : kReals) out[f.name] = policy.*f.member;
  for (const IntField& f : kInts) out[f.name] = policy.*f.member;
  Json disabled = Json::array();
  for (Condition c : policy.disabled) disabled.push_back(ConditionName(c));
  out["disabled_conditions"] = disabled;
  out["on_call_user_id"] = policy.on_call_user_id ? Json(*policy.on_call_user_id) : Json(nullptr);
  return out;
}

}  // namespace steward::monitoring
