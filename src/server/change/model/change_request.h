// Requests for change (SPEC §6, issue 14 item 4): what is to change, why,
// with what risk and how to undo it; who reviews it and how many approvals
// it needs; when it is to happen; and how it went. The state machine and the
// rules over these records are in rules/; the SQL is in store/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace steward::change {

// ITIL's three kinds: a standard change is pre-authorised (submitting it
// approves it), a normal one goes to its reviewers, an emergency one needs
// one approval and may go outside change windows and freezes.
enum class ChangeType { kStandard, kNormal, kEmergency };

// SPEC §6's states; "closed" is reviewed and closed (with an outcome).
enum class ChangeStatus {
  kDraft,
  kSubmitted,
  kApproved,
  kRejected,
  kScheduled,
  kImplemented,
  kClosed
};

enum class Rating { kLow, kMedium, kHigh };  // risk and impact

// How it went, kept for later reference; "withdrawn" closes a change that
// never ran.
enum class Outcome { kSuccessful, kFailed, kBackedOut, kWithdrawn };

enum class Decision { kApprove, kReject };
enum class VoterRole { kReviewer, kCustomer };

std::string_view ChangeTypeName(ChangeType t);
std::optional<ChangeType> ParseChangeType(std::string_view s);
std::string_view ChangeStatusName(ChangeStatus s);
std::optional<ChangeStatus> ParseChangeStatus(std::string_view s);
const std::vector<std::string_view>& AllChangeStatusNames();
std::string_view RatingName(Rating r);
std::optional<Rating> ParseRating(std::string_view s);
std::string_view OutcomeName(Outcome o);
std::optional<Outcome> ParseOutcome(std::string_view s);
std::string_view DecisionName(Decision d);
std::optional<Decision> ParseDecision(std::string_view s);
std::string_view VoterRoleName(VoterRole r);
std::optional<VoterRole> ParseVoterRole(std::string_view s);

// "RFC-42": how people, mail and CI history name a change.
std::string ChangeRef(int64_t id);
// 42 for "RFC-42", "rfc-42" or "42"; none otherwise.
std::optional<int64_t> ParseChangeRef(std::string_view text);

// The fields a person writes; what a draft may still lack.
struct ChangeFields {
  std::string title;
  ChangeType type = ChangeType::kNormal;
  std::string description;  // what will be done
  std::string reason;       // the vulnerability or issue addressed
  std::string components;   // the software or services touched
  std::optional<Rating> risk;
  std::optional<Rating> impact;
  std::string backout_plan;
  std::string test_plan;  // the testing done so far and planned
  std::optional<int64_t> cost_estimate_cents;
  std::optional<Timestamp> planned_start;
  std::optional<Timestamp> planned_end;
  int quorum = 1;  // approvals needed from reviewers
  bool customer_approval = false;
  std::vector<int64_t> ci_ids;
  std::vector<int64_t> reviewer_ids;
};

struct NewChange {
  int64_t customer_id = 0;
  std::optional<int64_t> ticket_id;
  ChangeFields fields;
};

// A partial edit: each set member replaces the field.
struct ChangeEdit {
  std::optional<std::string> title, description, reason, components, backout_plan, test_plan;
  std::optional<ChangeType> type;
  std::optional<std::optional<Rating>> risk, impact;
  std::optional<std::optional<int64_t>> cost_estimate_cents;
  std::optional<std::optional<Timestamp>> planned_start, planned_end;
  std::optional<int> quorum;
  std::optional<bool> customer_approval;
  std::optional<std::vector<int64_t>> ci_ids, reviewer_ids;
  bool empty() const {
    return !title && !description && !reason && !components && !backout_plan && !test_plan &&
           !type && !risk && !impact && !cost_estimate_cents && !planned_start && !planned_end &&
           !quorum && !customer_approval && !ci_ids && !reviewer_ids;
  }
  // Only the planned times: what may change after approval.
  bool only_schedule() const;
};

// A status move asked for, with what the target state needs.
struct ChangeMove {
  ChangeStatus to = ChangeStatus::kDraft;
  std::optional<Outcome> outcome;
  std::optional<std::string> review;
  std::optional<std::string> note;
};

struct ChangeApproval {
  int64_t id = 0;
  std::optional<int64_t> user_id;
  std::string name;
  VoterRole role = VoterRole::kReviewer;
  Decision decision = Decision::kApprove;
  std::string comment;
  Timestamp at{};
};

struct ChangeEvent {
  Timestamp at{};
  std::string actor;
  std::string from, to;
  std::string note;
};

struct NamedRef {
  int64_t id = 0;
  std::string name;
  std::string kind;  // CIs: server, workstation, ...
};

// The 72-hour watch after a change is implemented (rules/incident_watch.h):
// the incidents on its CIs against their 28-day baseline, and the problem
// a spike opened.
enum class WatchState { kWatching, kQuiet, kSpike };
std::string_view WatchStateName(WatchState s);
std::optional<WatchState> ParseWatchState(std::string_view s);

struct ChangeWatch {
  Timestamp starts_at{};
  Timestamp ends_at{};
  int64_t baseline_incidents = 0;  // on the CIs in the 28 days before
  int64_t observed_incidents = 0;  // since starts_at, as last checked
  WatchState state = WatchState::kWatching;
  std::optional<int64_t> problem_id;
  std::optional<Timestamp> checked_at;
};

struct ChangeRequest {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::string customer_name;
  std::optional<int64_t> ticket_id;
  ChangeStatus status = ChangeStatus::kDraft;
  ChangeFields fields;
  std::optional<int64_t> requested_by;
  std::string requested_by_name;
  std::vector<NamedRef> reviewers;  // ids mirror fields.reviewer_ids
  std::vector<NamedRef> cis;        // ids mirror fields.ci_ids
  std::vector<ChangeApproval> approvals;
  std::vector<ChangeEvent> events;
  std::optional<Outcome> outcome;
  std::string review;
  std::optional<ChangeWatch> watch;  // from implementation on
  Timestamp created_at{};
  Timestamp updated_at{};
};

// A row of a list or the calendar.
struct ChangeSummary {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::string customer_name;
  std::string title;
  ChangeType type = ChangeType::kNormal;
  ChangeStatus status = ChangeStatus::kDraft;
  std::optional<Rating> risk;
  std::optional<Timestamp> planned_start, planned_end;
  std::optional<int64_t> ticket_id;
  Timestamp updated_at{};
};

struct ChangeFilter {
  std::optional<int64_t> customer_id;
  std::optional<ChangeStatus> status;
  // The calendar: changes whose planned window overlaps [from, to).
  std::optional<Timestamp> from, to;
  int limit = 200;
};

// A period when no change may be scheduled: one customer's, or every
// customer's (the MSP's own year-end freeze).
struct Freeze {
  int64_t id = 0;
  std::optional<int64_t> customer_id;
  std::string customer_name;
  std::string name;
  Timestamp starts_at{};
  Timestamp ends_at{};
  std::optional<int64_t> created_by;
  Timestamp created_at{};
};

// Why a change cannot go ahead at the planned time.
enum class ConflictKind { kOverlap, kOutsideWindow, kFreeze };
std::string_view ConflictKindName(ConflictKind k);

struct Conflict {
  ConflictKind kind = ConflictKind::kOverlap;
  std::string message;
  std::optional<int64_t> change_id;  // overlap: the other change
  std::optional<int64_t> ci_id;      // overlap and outside_window: the CI
  std::optional<int64_t> freeze_id;  // freeze
  // Whether it stops the change being scheduled: an emergency change may go
  // outside its windows and into a freeze (reported, not blocking).
  bool blocking = true;
};

}  // namespace steward::change
