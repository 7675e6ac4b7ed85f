// The MSP's thresholds for candidate problems, kept in the `settings` table
// (keys problems.min_incidents and problems.window_days); the suggestion
// route's query parameters override them per request.
#include <limits>

#include "server/audit/audit_log.h"
#include "server/servicedesk/knowledge_service.h"

namespace steward::servicedesk {

using storage::Connection;

namespace {

constexpr char kMinKey[] = "problems.min_incidents";
constexpr char kWindowKey[] = "problems.window_days";

Result<std::optional<int>> ReadInt(Connection& c, const char* key) {
  STEWARD_ASSIGN_OR_RETURN(auto row,
                           c.QueryOptional("SELECT value FROM settings WHERE key = ?", {key}));
  if (!row) return std::optional<int>();
  try {
    return std::optional<int>(std::stoi(row->Text("value")));
  } catch (const std::exception&) {
    return std::optional<int>();  // a hand-edited value: the default applies
  }
}

Status WriteInt(Connection& c, const char* key, int value) {
  STEWARD_RETURN_IF_ERROR(c.Execute("DELETE FROM settings WHERE key = ?", {key}).status());
  return c.Execute("INSERT INTO settings (key, value) VALUES (?, ?)", {key, std::to_string(value)})
      .status();
}

Json SettingsJson(const ProblemSuggestionOptions& o) {
  return {{"min_incidents", o.min_incidents}, {"window_days", o.window_days}};
}

}  // namespace

Result<ProblemSuggestionOptions> Knowledge::SuggestionSettings() {
  ProblemSuggestionOptions o;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto n, ReadInt(c, kMinKey));
    STEWARD_ASSIGN_OR_RETURN(auto days, ReadInt(c, kWindowKey));
    if (n && *n >= kMinIncidentsRange.first && *n <= kMinIncidentsRange.second) {
      o.min_incidents = *n;
    }
    if (days && *days >= kWindowDaysRange.first && *days <= kWindowDaysRange.second) {
      o.window_days = *days;
    }
    return Status::Ok();
  }));
  return o;
}

Result<Json> Knowledge::GetSuggestionSettings(const accounts::Principal& viewer) {
  if (!viewer.scope().is_all()) return Status::NotFound("settings", "problems");
  STEWARD_ASSIGN_OR_RETURN(ProblemSuggestionOptions o, SuggestionSettings());
  return SettingsJson(o);
}

Result<Json> Knowledge::UpdateSuggestionSettings(const accounts::Actor& actor, const Json& body) {
  if (!actor.principal.scope().is_all()) return Status::NotFound("settings", "problems");
  ObjectReader r(body);
  auto n = r.OptionalInt("min_incidents", kMinIncidentsRange.first, kMinIncidentsRange.second);
  auto days = r.OptionalInt("window_days", kWindowDaysRange.first, kWindowDaysRange.second);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  STEWARD_ASSIGN_OR_RETURN(ProblemSuggestionOptions o, SuggestionSettings());
  if (n) o.min_incidents = static_cast<int>(*n);
  if (days) o.window_days = static_cast<int>(*days);
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(WriteInt(c, kMinKey, o.min_incidents));
    STEWARD_RETURN_IF_ERROR(WriteInt(c, kWindowKey, o.window_days));
    return audit::Record(
        c, clock_.Now(), actor,
        {"settings.update", "settings", "problems", std::nullopt, SettingsJson(o)});
  }));
  return SettingsJson(o);
}

}  // namespace steward::servicedesk
