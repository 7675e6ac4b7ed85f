#include "server/billing/sla_terms_json.h"

#include <cmath>
#include <string>

namespace steward::billing {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::minutes;

constexpr const char* kPriorities[] = {"critical", "high", "normal", "low"};

// The priorities' targets in the order of kPriorities.
constexpr SlaTargets SlaTerms::*kSlots[] = {&SlaTerms::critical, &SlaTerms::high, &SlaTerms::normal,
                                            &SlaTerms::low};

Json TargetJson(const SlaTarget& t) {
  switch (t.kind) {
    case SlaTarget::Kind::kNone:
      return nullptr;
    case SlaTarget::Kind::kWorkingTime:
      return {{"minutes", duration_cast<minutes>(t.working).count()}};
    case SlaTarget::Kind::kBusinessDays:
      return {{"business_days", t.business_days}};
  }
  return nullptr;
}

Result<SlaTarget> ReadTarget(const Json& j, const std::string& field) {
  SlaTarget t;
  if (j.is_null()) return t;
  if (!j.is_object() || j.size() != 1) {
    return Status::InvalidArgument("is null, {\"minutes\": n} or {\"business_days\": n}", field);
  }
  auto [key, value] = *j.items().begin();
  if (!value.is_number_integer()) return Status::InvalidArgument("must be an integer", field);
  const int64_t n = value.get<int64_t>();
  if (n < 0 || n > 1'000'000) return Status::InvalidArgument("is out of range", field);
  if (key == "minutes") {
    t.kind = SlaTarget::Kind::kWorkingTime;
    t.working = minutes(n);
  } else if (key == "business_days") {
    t.kind = SlaTarget::Kind::kBusinessDays;
    t.business_days = static_cast<int>(n);
  } else {
    return Status::InvalidArgument("is null, {\"minutes\": n} or {\"business_days\": n}", field);
  }
  return t;
}

}  // namespace

Json SlaTermsToJson(const SlaTerms& terms) {
  Json out = Json::object();
  for (int i = 0; i < 4; ++i) {
    const SlaTargets& t = terms.*kSlots[i];
    out[kPriorities[i]] = {{"response", TargetJson(t.response)},
                           {"resolution", TargetJson(t.resolution)}};
  }
  Json levels = Json::array();
  for (const EscalationLevel& l : terms.escalation) {
    levels.push_back({{"percent", std::lround(l.share * 100)}, {"notify_role", l.notify_role}});
  }
  out["escalation"] = std::move(levels);
  return out;
}

Result<SlaTerms> SlaTermsFromJson(const Json& json) {
  if (!json.is_object()) return Status::InvalidArgument("must be an object", "sla");
  SlaTerms terms;
  for (const auto& [key, value] : json.items()) {
    int slot = -1;
    for (int i = 0; i < 4; ++i) {
      if (key == kPriorities[i]) slot = i;
    }
    if (key == "escalation") {
      if (!value.is_array()) return Status::InvalidArgument("must be an array", "sla.escalation");
      int level = 0;
      for (const Json& l : value) {
        if (!l.is_object() || !l.contains("percent") || !l["percent"].is_number_integer() ||
            !l.contains("notify_role") || !l["notify_role"].is_string() || l.size() != 2) {
          return Status::InvalidArgument(
              "each level is {\"percent\": n, \"notify_role\": \"role\"}", "sla.escalation");
        }
        const int64_t percent = l["percent"].get<int64_t>();
        if (percent < 0 || percent > 100'000) {
          return Status::InvalidArgument("percent is out of range", "sla.escalation");
        }
        terms.escalation.push_back(
            {++level, static_cast<double>(percent) / 100.0, l["notify_role"].get<std::string>()});
      }
      continue;
    }
    if (slot < 0) return Status::InvalidArgument("unknown field " + key, "sla." + key);
    const std::string field = "sla." + key;
    if (value.is_null()) continue;
    if (!value.is_object()) return Status::InvalidArgument("must be an object", field);
    SlaTargets& t = terms.*kSlots[slot];
    for (const auto& [which, target] : value.items()) {
      if (which == "response") {
        STEWARD_ASSIGN_OR_RETURN(t.response, ReadTarget(target, field + ".response"));
      } else if (which == "resolution") {
        STEWARD_ASSIGN_OR_RETURN(t.resolution, ReadTarget(target, field + ".resolution"));
      } else {
        return Status::InvalidArgument("unknown field " + which, field + "." + which);
      }
    }
  }
  return terms;
}

std::optional<std::string> SlaTermsColumn(const std::optional<SlaTerms>& terms) {
  if (!terms) return std::nullopt;
  return SlaTermsToJson(*terms).dump();
}

std::optional<SlaTerms> SlaTermsFromColumn(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  auto parsed = ParseJsonStrict(*text);
  if (!parsed.ok()) return std::nullopt;
  auto terms = SlaTermsFromJson(*parsed);
  if (!terms.ok()) return std::nullopt;
  return std::move(*terms);
}

}  // namespace steward::billing
