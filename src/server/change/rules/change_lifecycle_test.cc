// The change state machine: the moves each state allows (409 naming them),
// what closing needs, what submitting needs, and the vote: the requester
// cannot approve, one rejection rejects, the quorum approves, the customer
// is asked only when the change says so.
#include "server/change/rules/change_lifecycle.h"

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace steward::change {
namespace {

using S = ChangeStatus;

ChangeFields Complete() {
  ChangeFields f;
  f.title = "Upgrade OpenSSL on the mail server";
  f.description = "apt-get install openssl=3.0.15";
  f.reason = "CVE-2024-5535";
  f.components = "openssl, postfix";
  f.ci_ids = {7};
  f.risk = Rating::kMedium;
  f.impact = Rating::kLow;
  f.backout_plan = "reinstall 3.0.14 from the cache";
  f.test_plan = "installed on the test group for 24 h";
  f.cost_estimate_cents = 0;
  f.planned_start = *ParseIso8601("2026-12-12T22:00:00Z");
  f.planned_end = *ParseIso8601("2026-12-12T23:00:00Z");
  f.quorum = 2;
  f.reviewer_ids = {3, 4};
  return f;
}

ChangeRequest Submitted(ChangeFields f = Complete()) {
  ChangeRequest c;
  c.id = 12;
  c.status = S::kSubmitted;
  c.fields = std::move(f);
  c.requested_by = 2;
  return c;
}

ChangeApproval Vote(int64_t user, Decision d, VoterRole role = VoterRole::kReviewer) {
  ChangeApproval a;
  a.user_id = user;
  a.role = role;
  a.decision = d;
  return a;
}

TEST(ChangeLifecycleTest, ForbiddenMovesNameTheAllowedOnes) {
  Status s = CheckMove(S::kDraft, {S::kScheduled});
  ASSERT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_EQ(s.field(), "status");
  EXPECT_NE(s.message().find("allowed: submitted, closed"), std::string::npos) << s.message();

  s = CheckMove(S::kSubmitted, {S::kApproved});
  ASSERT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_NE(s.message().find("reviewers' votes"), std::string::npos) << s.message();

  s = CheckMove(S::kRejected, {S::kDraft});
  EXPECT_NE(s.message().find("rejected is final"), std::string::npos) << s.message();
  EXPECT_TRUE(CheckMove(S::kApproved, {S::kScheduled}).ok());
  EXPECT_TRUE(CheckMove(S::kScheduled, {S::kImplemented}).ok());
  EXPECT_TRUE(CheckMove(S::kScheduled, {S::kApproved}).ok()) << "taken off the calendar";
  EXPECT_TRUE(CheckMove(S::kSubmitted, {S::kDraft}).ok()) << "back for rework";
}

TEST(ChangeLifecycleTest, ClosingNeedsAnOutcomeThatFitsAndAReview) {
  EXPECT_EQ(CheckMove(S::kImplemented, {S::kClosed}).field(), "outcome");
  EXPECT_EQ(CheckMove(S::kImplemented, {S::kClosed, Outcome::kSuccessful}).field(), "review");
  EXPECT_EQ(CheckMove(S::kImplemented, {S::kClosed, Outcome::kSuccessful, "  "}).field(), "review");
  EXPECT_TRUE(CheckMove(S::kImplemented, {S::kClosed, Outcome::kBackedOut, "rolled back"}).ok());
  EXPECT_EQ(CheckMove(S::kImplemented, {S::kClosed, Outcome::kWithdrawn, "x"}).field(), "outcome")
      << "an implemented change cannot be withdrawn";
  EXPECT_EQ(CheckMove(S::kDraft, {S::kClosed, Outcome::kSuccessful, "x"}).field(), "outcome")
      << "a change that never ran did not succeed";
  EXPECT_TRUE(CheckMove(S::kScheduled, {S::kClosed, Outcome::kWithdrawn, "not needed"}).ok());
  EXPECT_EQ(CheckMove(S::kDraft, {S::kSubmitted, Outcome::kSuccessful}).field(), "outcome");
}

TEST(ChangeLifecycleTest, SubmittingNeedsEveryFieldTheRfcCarries) {
  EXPECT_TRUE(MissingForSubmit(Complete()).empty());
  ChangeFields empty;
  empty.title = "x";
  const std::vector<std::string> all = {"description",   "reason",      "components",
                                        "ci_ids",        "risk",        "impact",
                                        "backout_plan",  "test_plan",   "cost_estimate_cents",
                                        "planned_start", "planned_end", "reviewer_ids"};
  EXPECT_EQ(MissingForSubmit(empty), all);
  ChangeFields f = Complete();
  f.reviewer_ids = {3};
  EXPECT_EQ(MissingForSubmit(f), std::vector<std::string>{"reviewer_ids"})
      << "a quorum of 2 needs two reviewers";
  f.type = ChangeType::kEmergency;
  EXPECT_TRUE(MissingForSubmit(f).empty()) << "any change manager approves an emergency";
  f.type = ChangeType::kStandard;
  f.reviewer_ids.clear();
  EXPECT_TRUE(MissingForSubmit(f).empty()) << "pre-authorised";
  f.backout_plan = " \t";
  EXPECT_EQ(MissingForSubmit(f), std::vector<std::string>{"backout_plan"});
}

TEST(ChangeLifecycleTest, FieldsAreCheckedByName) {
  EXPECT_TRUE(CheckFields(Complete()).ok());
  ChangeFields f = Complete();
  f.title = "";
  EXPECT_EQ(CheckFields(f).field(), "title");
  f = Complete();
  f.title = "two\nlines";
  EXPECT_EQ(CheckFields(f).field(), "title");
  f = Complete();
  f.quorum = 0;
  EXPECT_EQ(CheckFields(f).field(), "quorum");
  f = Complete();
  f.cost_estimate_cents = -1;
  EXPECT_EQ(CheckFields(f).field(), "cost_estimate_cents");
  f = Complete();
  f.ci_ids = {7, 7};
  EXPECT_EQ(CheckFields(f).field(), "ci_ids");
  f = Complete();
  f.reviewer_ids = {0};
  EXPECT_EQ(CheckFields(f).field(), "reviewer_ids");
  f = Complete();
  f.planned_end = f.planned_start;
  EXPECT_EQ(CheckFields(f).field(), "planned_end");
  f = Complete();
  f.planned_end = *f.planned_start + std::chrono::hours(24 * 15);
  EXPECT_EQ(CheckFields(f).field(), "planned_end");
  f = Complete();
  f.components = std::string(2001, 'x');
  EXPECT_EQ(CheckFields(f).field(), "components");
  EXPECT_EQ(CheckNotPast(Complete(), *ParseIso8601("2026-12-13T00:00:00Z")).field(),
            "planned_start");
  EXPECT_TRUE(CheckNotPast(Complete(), *ParseIso8601("2026-12-12T21:59:00Z")).ok());
}

TEST(ChangeLifecycleTest, TheRequesterCannotApproveTheirOwnChange) {
  ChangeRequest c = Submitted();
  c.fields.reviewer_ids = {2, 3};
  Status s = CheckVote(c, {VoterRole::kReviewer, 2, true});
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("requester"), std::string::npos);
  EXPECT_TRUE(CheckVote(c, {VoterRole::kReviewer, 3, false}).ok());
}

TEST(ChangeLifecycleTest, OnlyReviewersOrChangeManagersVoteAndOnlyOnce) {
  ChangeRequest c = Submitted();
  EXPECT_EQ(CheckVote(c, {VoterRole::kReviewer, 9, false}).code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(CheckVote(c, {VoterRole::kReviewer, 9, true}).ok()) << "a change manager";
  c.approvals.push_back(Vote(3, Decision::kApprove));
  EXPECT_EQ(CheckVote(c, {VoterRole::kReviewer, 3, false}).code(), StatusCode::kConflict);
  EXPECT_EQ(CheckVote(c, {VoterRole::kCustomer, 50, false}).code(), StatusCode::kPermissionDenied)
      << "the change does not ask the customer";
  c.fields.customer_approval = true;
  EXPECT_TRUE(CheckVote(c, {VoterRole::kCustomer, 50, false}).ok());
  c.approvals.push_back(Vote(51, Decision::kApprove, VoterRole::kCustomer));
  EXPECT_EQ(CheckVote(c, {VoterRole::kCustomer, 50, false}).code(), StatusCode::kConflict)
      << "the customer decides once";
  c.status = S::kApproved;
  EXPECT_EQ(CheckVote(c, {VoterRole::kReviewer, 4, false}).code(), StatusCode::kConflict);
}

TEST(ChangeLifecycleTest, OneRejectionRejectsAndTheQuorumApproves) {
  ChangeRequest c = Submitted();
  EXPECT_EQ(Tally(c), Verdict::kPending);
  c.approvals.push_back(Vote(3, Decision::kApprove));
  EXPECT_EQ(Tally(c), Verdict::kPending) << "one of two";
  c.approvals.push_back(Vote(4, Decision::kApprove));
  EXPECT_EQ(Tally(c), Verdict::kApproved);
  c.fields.customer_approval = true;
  EXPECT_EQ(Tally(c), Verdict::kPending) << "waiting for the customer";
  c.approvals.push_back(Vote(50, Decision::kApprove, VoterRole::kCustomer));
  EXPECT_EQ(Tally(c), Verdict::kApproved);

  ChangeRequest r = Submitted();
  r.approvals.push_back(Vote(3, Decision::kApprove));
  r.approvals.push_back(Vote(9, Decision::kReject));
  EXPECT_EQ(Tally(r), Verdict::kRejected);

  ChangeRequest e = Submitted();
  e.fields.type = ChangeType::kEmergency;
  e.approvals.push_back(Vote(9, Decision::kApprove));
  EXPECT_EQ(Tally(e), Verdict::kApproved) << "an emergency change needs one approval";
}

TEST(ChangeLifecycleTest, ChangeRefsReadBack) {
  EXPECT_EQ(ChangeRef(42), "RFC-42");
  EXPECT_EQ(ParseChangeRef("RFC-42"), 42);
  EXPECT_EQ(ParseChangeRef("rfc-7"), 7);
  EXPECT_EQ(ParseChangeRef("12"), 12);
  EXPECT_EQ(ParseChangeRef("RFC-"), std::nullopt);
  EXPECT_EQ(ParseChangeRef("RFC-0"), std::nullopt);
  EXPECT_EQ(ParseChangeRef("RFC-2024-031"), std::nullopt);
  EXPECT_EQ(ParseChangeRef("99999999999999999999"), std::nullopt);
}

}  // namespace
}  // namespace steward::change
