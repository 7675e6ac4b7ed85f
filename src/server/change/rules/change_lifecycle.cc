#include "server/change/rules/change_lifecycle.h"

#include <algorithm>
#include <set>

#include "core/strings.h"

namespace steward::change {

using S = ChangeStatus;

namespace {

constexpr int64_t kMaxWindowMs = 14LL * 24 * 3600 * 1000;

bool Blank(const std::string& s) { return TrimAsciiSpace(s).empty(); }

bool Ran(ChangeStatus s) { return s == S::kImplemented; }

Status CheckText(const std::string& value, size_t max, const char* field) {
  if (value.size() > max) {
    return Status::InvalidArgument("is longer than " + std::to_string(max) + " characters", field);
  }
  return Status::Ok();
}

Status CheckIds(const std::vector<int64_t>& ids, size_t max, const char* field) {
  if (ids.size() > max) {
    return Status::InvalidArgument("lists more than " + std::to_string(max), field);
  }
  std::set<int64_t> seen;
  for (int64_t id : ids) {
    if (id <= 0) return Status::InvalidArgument("lists an id that is not positive", field);
    if (!seen.insert(id).second) {
      return Status::InvalidArgument("lists " + std::to_string(id) + " twice", field);
    }
  }
  return Status::Ok();
}

}  // namespace

std::vector<ChangeStatus> AllowedMoves(ChangeStatus from) {
  switch (from) {
    case S::kDraft:
      return {S::kSubmitted, S::kClosed};
    case S::kSubmitted:
      return {S::kDraft, S::kClosed};  // back for rework, or withdrawn
    case S::kApproved:
      return {S::kScheduled, S::kClosed};
    case S::kScheduled:
      return {S::kImplemented, S::kApproved, S::kClosed};  // approved: taken off the calendar
    case S::kImplemented:
      return {S::kClosed};
    case S::kRejected:
    case S::kClosed:
      return {};
  }
  return {};
}

Status CheckMove(ChangeStatus from, const ChangeMove& move) {
  auto allowed = AllowedMoves(from);
  if (std::find(allowed.begin(), allowed.end(), move.to) == allowed.end()) {
    std::string list;
    for (ChangeStatus s : allowed) {
      list += (list.empty() ? "" : ", ") + std::string(ChangeStatusName(s));
    }
    std::string message =
        "cannot move a change from " + std::string(ChangeStatusName(from)) + " to " +
        std::string(ChangeStatusName(move.to)) + "; allowed: " +
        (list.empty() ? "none (" + std::string(ChangeStatusName(from)) + " is final)" : list);
    if (from == S::kSubmitted && (move.to == S::kApproved || move.to == S::kRejected)) {
      message += " — approval and rejection come from the reviewers' votes";
    }
    return Status::Conflict(message, "status");
  }
  if (move.to == S::kClosed) {
    if (!move.outcome) {
      return Status::InvalidArgument(
          "is required to close a change: successful, failed, backed_out or withdrawn", "outcome");
    }
    const bool withdrawn = *move.outcome == Outcome::kWithdrawn;
    if (Ran(from) == withdrawn) {
      return Status::InvalidArgument(
          Ran(from) ? "must say how the implemented change went: successful, failed or backed_out"
                    : "can only be withdrawn: the change was not implemented",
          "outcome");
    }
    if (!move.review || Blank(*move.review)) {
      return Status::InvalidArgument("is required to close a change: what happened and why",
                                     "review");
    }
  } else if (move.outcome || move.review) {
    return Status::InvalidArgument("is set when closing a change",
                                   move.outcome ? "outcome" : "review");
  }
  return Status::Ok();
}

std::vector<std::string> MissingForSubmit(const ChangeFields& f) {
  std::vector<std::string> missing;
  if (Blank(f.description)) missing.push_back("description");
  if (Blank(f.reason)) missing.push_back("reason");
  if (Blank(f.components)) missing.push_back("components");
  if (f.ci_ids.empty()) missing.push_back("ci_ids");
  if (!f.risk) missing.push_back("risk");
  if (!f.impact) missing.push_back("impact");
  if (Blank(f.backout_plan)) missing.push_back("backout_plan");
  if (Blank(f.test_plan)) missing.push_back("test_plan");
  if (!f.cost_estimate_cents) missing.push_back("cost_estimate_cents");
  if (!f.planned_start) missing.push_back("planned_start");
  if (!f.planned_end) missing.push_back("planned_end");
  if (f.type == ChangeType::kNormal && static_cast<int>(f.reviewer_ids.size()) < f.quorum) {
    missing.push_back("reviewer_ids");
  }
  return missing;
}

Status CheckFields(const ChangeFields& f) {
  if (Blank(f.title)) return Status::InvalidArgument("is required", "title");
  if (HasAsciiControl(f.title)) {
    return Status::InvalidArgument("must be one line without control characters", "title");
  }
  STEWARD_RETURN_IF_ERROR(CheckText(f.title, 200, "title"));
  STEWARD_RETURN_IF_ERROR(CheckText(f.description, 20000, "description"));
  STEWARD_RETURN_IF_ERROR(CheckText(f.reason, 20000, "reason"));
  STEWARD_RETURN_IF_ERROR(CheckText(f.components, 2000, "components"));
  STEWARD_RETURN_IF_ERROR(CheckText(f.backout_plan, 20000, "backout_plan"));
  STEWARD_RETURN_IF_ERROR(CheckText(f.test_plan, 20000, "test_plan"));
  if (f.quorum < 1 || f.quorum > 10) {
    return Status::InvalidArgument("must be 1 to 10 approvals", "quorum");
  }
  if (f.cost_estimate_cents && *f.cost_estimate_cents < 0) {
    return Status::InvalidArgument("must not be negative", "cost_estimate_cents");
  }
  STEWARD_RETURN_IF_ERROR(CheckIds(f.ci_ids, 200, "ci_ids"));
  STEWARD_RETURN_IF_ERROR(CheckIds(f.reviewer_ids, 20, "reviewer_ids"));
  if (f.planned_start && f.planned_end) {
    const int64_t ms = ToMillis(*f.planned_end) - ToMillis(*f.planned_start);
    if (ms <= 0) return Status::InvalidArgument("must be after planned_start", "planned_end");
    if (ms > kMaxWindowMs) {
      return Status::InvalidArgument("is more than 14 days after planned_start", "planned_end");
    }
  }
  return Status::Ok();
}

Status CheckNotPast(const ChangeFields& f, Timestamp now) {
  if (f.planned_start && *f.planned_start < now) {
    return Status::InvalidArgument("is in the past", "planned_start");
  }
  return Status::Ok();
}

Status CheckVote(const ChangeRequest& c, const Voter& voter) {
  if (c.status != S::kSubmitted) {
    return Status::Conflict("the change is not waiting for approval (status " +
                            std::string(ChangeStatusName(c.status)) + ")");
  }
  if (voter.role == VoterRole::kCustomer) {
    if (!c.fields.customer_approval) {
      return Status::PermissionDenied("this change does not ask for the customer's approval");
    }
  } else {
    if (c.requested_by && *c.requested_by == voter.user_id) {
      return Status::PermissionDenied("the requester cannot approve their own change");
    }
    const auto& reviewers = c.fields.reviewer_ids;
    const bool named =
        std::find(reviewers.begin(), reviewers.end(), voter.user_id) != reviewers.end();
    if (!named && !voter.change_authority) {
      return Status::PermissionDenied("only the change's reviewers or a change manager vote");
    }
  }
  for (const ChangeApproval& a : c.approvals) {
    const bool same = voter.role == VoterRole::kCustomer
                          ? a.role == VoterRole::kCustomer
                          : a.role == VoterRole::kReviewer && a.user_id == voter.user_id;
    if (same) {
      return Status::Conflict(voter.role == VoterRole::kCustomer
                                  ? "the customer has already decided"
                                  : "you have already decided on this change");
    }
  }
  return Status::Ok();
}

Verdict Tally(const ChangeRequest& c) {
  int approvals = 0;
  bool customer_approved = false;
  for (const ChangeApproval& a : c.approvals) {
    if (a.decision == Decision::kReject) return Verdict::kRejected;
    if (a.role == VoterRole::kCustomer) {
      customer_approved = true;
    } else {
      ++approvals;
    }
  }
  const int quorum = c.fields.type == ChangeType::kEmergency ? 1 : c.fields.quorum;
  if (approvals >= quorum && (!c.fields.customer_approval || customer_approved)) {
    return Verdict::kApproved;
  }
  return Verdict::kPending;
}

}  // namespace steward::change
