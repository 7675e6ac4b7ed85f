#include "server/change/model/change_request.h"

#include <array>
#include <charconv>
#include <utility>

#include "core/enum_names.h"

namespace steward::change {

namespace {

constexpr EnumNames<ChangeType, 3> kTypes = {{
    {ChangeType::kStandard, "standard"},
    {ChangeType::kNormal, "normal"},
    {ChangeType::kEmergency, "emergency"},
}};

constexpr EnumNames<ChangeStatus, 7> kStatuses = {{
    {ChangeStatus::kDraft, "draft"},
    {ChangeStatus::kSubmitted, "submitted"},
    {ChangeStatus::kApproved, "approved"},
    {ChangeStatus::kRejected, "rejected"},
    {ChangeStatus::kScheduled, "scheduled"},
    {ChangeStatus::kImplemented, "implemented"},
    {ChangeStatus::kClosed, "closed"},
}};

constexpr EnumNames<Rating, 3> kRatings = {{
    {Rating::kLow, "low"},
    {Rating::kMedium, "medium"},
    {Rating::kHigh, "high"},
}};

constexpr EnumNames<Outcome, 4> kOutcomes = {{
    {Outcome::kSuccessful, "successful"},
    {Outcome::kFailed, "failed"},
    {Outcome::kBackedOut, "backed_out"},
    {Outcome::kWithdrawn, "withdrawn"},
}};

constexpr EnumNames<Decision, 2> kDecisions = {{
    {Decision::kApprove, "approve"},
    {Decision::kReject, "reject"},
}};

constexpr EnumNames<VoterRole, 2> kVoterRoles = {{
    {VoterRole::kReviewer, "reviewer"},
    {VoterRole::kCustomer, "customer"},
}};

constexpr EnumNames<ConflictKind, 3> kConflictKinds = {{
    {ConflictKind::kOverlap, "overlap"},
    {ConflictKind::kOutsideWindow, "outside_window"},
    {ConflictKind::kFreeze, "freeze"},
}};

}  // namespace

std::string_view ChangeTypeName(ChangeType t) { return NameIn(kTypes, t); }
std::optional<ChangeType> ParseChangeType(std::string_view s) { return ParseIn(kTypes, s); }
std::string_view ChangeStatusName(ChangeStatus s) { return NameIn(kStatuses, s); }
std::optional<ChangeStatus> ParseChangeStatus(std::string_view s) { return ParseIn(kStatuses, s); }
const std::vector<std::string_view>& AllChangeStatusNames() {
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> names;
    for (const auto& [status, name] : kStatuses) names.push_back(name);
    return names;
  }();
  return kNames;
}
std::string_view RatingName(Rating r) { return NameIn(kRatings, r); }
std::optional<Rating> ParseRating(std::string_view s) { return ParseIn(kRatings, s); }
std::string_view OutcomeName(Outcome o) { return NameIn(kOutcomes, o); }
std::optional<Outcome> ParseOutcome(std::string_view s) { return ParseIn(kOutcomes, s); }
std::string_view DecisionName(Decision d) { return NameIn(kDecisions, d); }
std::optional<Decision> ParseDecision(std::string_view s) { return ParseIn(kDecisions, s); }
std::string_view VoterRoleName(VoterRole r) { return NameIn(kVoterRoles, r); }
std::optional<VoterRole> ParseVoterRole(std::string_view s) { return ParseIn(kVoterRoles, s); }
std::string_view ConflictKindName(ConflictKind k) { return NameIn(kConflictKinds, k); }

std::string ChangeRef(int64_t id) { return "RFC-" + std::to_string(id); }

std::optional<int64_t> ParseChangeRef(std::string_view text) {
  if (text.size() > 4 && (text.substr(0, 4) == "RFC-" || text.substr(0, 4) == "rfc-")) {
    text.remove_prefix(4);
  }
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

bool ChangeEdit::only_schedule() const {
  ChangeEdit rest = *this;
  rest.planned_start.reset();
  rest.planned_end.reset();
  return rest.empty() && (planned_start || planned_end);
}

std::string_view WatchStateName(WatchState s) {
  switch (s) {
    case WatchState::kWatching:
      return "watching";
    case WatchState::kQuiet:
      return "quiet";
    case WatchState::kSpike:
      return "spike";
  }
  return "watching";
}

std::optional<WatchState> ParseWatchState(std::string_view s) {
  for (WatchState w : {WatchState::kWatching, WatchState::kQuiet, WatchState::kSpike}) {
    if (WatchStateName(w) == s) return w;
  }
  return std::nullopt;
}

}  // namespace steward::change
