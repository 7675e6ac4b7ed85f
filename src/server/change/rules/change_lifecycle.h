// The life of a change (SPEC §6): draft → submitted → approved or rejected
// (by its reviewers' votes, never by an edit) → scheduled → implemented →
// closed with its outcome; a change that will not run is closed as
// withdrawn. What each state needs before a change may enter it, and who
// may vote. Pure: the service loads, these decide.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "server/change/model/change_request.h"

namespace steward::change {

// The moves a person may ask for from `from` (an edit's "status"); approval
// and rejection are votes, not moves.
std::vector<ChangeStatus> AllowedMoves(ChangeStatus from);

// Conflict naming the allowed moves (field "status") for a move the machine
// forbids; InvalidArgument naming "outcome" or "review" when closing lacks
// them or names an outcome that does not fit (withdrawn only for a change
// that never ran; the others only after it ran).
Status CheckMove(ChangeStatus from, const ChangeMove& move);

// The fields still missing before a change may be submitted, in form order
// ("description", "reason", "components", "ci_ids", "risk", "impact",
// "backout_plan", "test_plan", "cost_estimate_cents", "planned_start",
// "planned_end", "reviewer_ids"); empty when it is complete. A normal change
// names at least as many reviewers as its quorum; standard and emergency
// changes need none (an emergency one is approved by any change manager).
std::vector<std::string> MissingForSubmit(const ChangeFields& f);

// InvalidArgument naming the field: each text within its length, a quorum
// of 1–10, a cost of zero or more, at most 200 CIs and 20 reviewers without
// repeats, a planned end after its start and a window of at most 14 days.
Status CheckFields(const ChangeFields& f);

// The planned window is not in the past (field "planned_start").
Status CheckNotPast(const ChangeFields& f, Timestamp now);

// Who is voting, as the rules need to know them.
struct Voter {
  VoterRole role = VoterRole::kReviewer;
  int64_t user_id = 0;
  // Staff: a change manager or owner, who may vote on any change (the
  // emergency approvers) besides the named reviewers.
  bool change_authority = false;
};

// Conflict unless the change waits for votes; PermissionDenied for the
// requester, a staff member who is neither a named reviewer nor a change
// authority, or a customer on a change that does not ask them; Conflict for
// a second vote by the same person.
Status CheckVote(const ChangeRequest& c, const Voter& voter);

enum class Verdict { kPending, kApproved, kRejected };

// One rejection rejects; the quorum of reviewers' approvals (one for an
// emergency change), plus the customer's when asked, approves.
Verdict Tally(const ChangeRequest& c);

}  // namespace steward::change
