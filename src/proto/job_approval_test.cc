// The two-person rule as the agent checks it (SECURITY.md goal 3): a
// command of a large job runs only with a second approval signed by the
// pinned approval key, from someone other than the author, still valid, and
// covering this device, customer and every package. Each way of getting it
// wrong is refused as "unapproved" before the nonce is used, so a fixed
// command could still run.
#include "proto/job_approval.h"

#include <set>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "proto/command_envelope.h"

namespace steward::proto {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

class JobApprovalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    command_keys_ = GenerateSigningKeyPair();
    approval_keys_ = GenerateSigningKeyPair();
    me_ = {7, 3, command_keys_.public_key_hex, approval_keys_.public_key_hex};
    for (int64_t d = 1; d <= 30; ++d) manifest_.device_ids.push_back(d);
    manifest_.job_id = 5;
    manifest_.customer_ids = {3};
    manifest_.packages = {"openssl", "tzdata"};
    manifest_.created_by = 10;
    manifest_.approved_by = 11;
    manifest_.approved_at = now_ - hours(1);
    manifest_.expires_at = now_ + hours(24 * 30);
  }

  JobApproval Approve(const JobManifest& m, const SigningKeyPair& keys) {
    std::string text = CanonicalJobManifest(m);
    return {text, *SignDetachedHex(text, keys.secret_key_hex)};
  }

  CommandEnvelope Envelope(std::optional<JobApproval> job) {
    CommandEnvelope e;
    e.command_id = 11;
    e.device_id = 7;
    e.customer_id = 3;
    e.timeout_seconds = 1800;
    e.not_before = now_ - minutes(1);
    e.expires_at = now_ + minutes(60);
    e.nonce = RandomHex(16);
    CommandAction a;
    a.packages = {{"openssl", "3.0.15-1~deb12u1"}};
    e.action = a;
    e.job = std::move(job);
    return e;
  }

  VerifyOutcome Verify(const CommandEnvelope& e) {
    std::string text = CanonicalEnvelope(e);
    SignedCommand c{text, *SignDetachedHex(text, command_keys_.secret_key_hex)};
    return VerifyCommand(
        c, me_, now_, [this](std::string_view n) { return !seen_.insert(std::string(n)).second; });
  }

  Refusal RefusalWith(const JobManifest& m) {
    return Verify(Envelope(Approve(m, approval_keys_))).refusal;
  }

  SigningKeyPair command_keys_, approval_keys_;
  AgentIdentity me_;
  JobManifest manifest_;
  Timestamp now_ = FromMillis(1795000000000);
  std::set<std::string> seen_;
};

TEST(JobApprovalRule, MoreThan25DevicesOrMoreThanOneCustomerNeedsASecondApproval) {
  EXPECT_FALSE(NeedsSecondApproval(25, 1));
  EXPECT_TRUE(NeedsSecondApproval(26, 1));
  EXPECT_TRUE(NeedsSecondApproval(2, 2));
  EXPECT_FALSE(NeedsSecondApproval(1, 1));
}

TEST_F(JobApprovalTest, TheManifestRoundTripsThroughItsCanonicalText) {
  std::string text = CanonicalJobManifest(manifest_);
  auto parsed = ParseJobManifest(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(CanonicalJobManifest(*parsed), text);
  EXPECT_EQ(parsed->device_ids.size(), 30u);
  // And inside an envelope, byte for byte.
  CommandEnvelope e = Envelope(Approve(manifest_, approval_keys_));
  auto envelope = ParseEnvelope(CanonicalEnvelope(e));
  ASSERT_TRUE(envelope.ok()) << envelope.status().message();
  ASSERT_TRUE(envelope->job);
  EXPECT_EQ(*envelope->job, *e.job);
}

TEST_F(JobApprovalTest, ACommandWithAValidSecondApprovalRuns) {
  VerifyOutcome out = Verify(Envelope(Approve(manifest_, approval_keys_)));
  EXPECT_EQ(out.refusal, Refusal::kNone) << out.detail;
  ASSERT_TRUE(out.envelope.job);
}

TEST_F(JobApprovalTest, EveryWayOfFakingTheSecondApprovalIsRefused) {
  // Signed by the command key instead of the approval key.
  EXPECT_EQ(Verify(Envelope(Approve(manifest_, command_keys_))).refusal, Refusal::kUnapproved);
  // Signed by a stranger's key.
  EXPECT_EQ(Verify(Envelope(Approve(manifest_, GenerateSigningKeyPair()))).refusal,
            Refusal::kUnapproved);
  // The author approved their own job.
  JobManifest self = manifest_;
  self.approved_by = self.created_by;
  EXPECT_EQ(RefusalWith(self), Refusal::kUnapproved);
  // The approval expired.
  JobManifest stale = manifest_;
  stale.approved_at = now_ - hours(24 * 31);
  stale.expires_at = now_ - hours(24);
  EXPECT_EQ(RefusalWith(stale), Refusal::kUnapproved);
  // It does not name this device, or this customer.
  JobManifest others = manifest_;
  others.device_ids = {1, 2, 3};
  EXPECT_EQ(RefusalWith(others), Refusal::kUnapproved);
  JobManifest other_customer = manifest_;
  other_customer.customer_ids = {4, 5};
  EXPECT_EQ(RefusalWith(other_customer), Refusal::kUnapproved);
  // It approved other packages than the command installs.
  JobManifest other_packages = manifest_;
  other_packages.packages = {"tzdata"};
  EXPECT_EQ(RefusalWith(other_packages), Refusal::kUnapproved);
  // One byte of the approved manifest changed after approval (device list widened).
  JobApproval tampered = Approve(manifest_, approval_keys_);
  tampered.manifest.replace(tampered.manifest.find("\"approved_by\":11"), 16, "\"approved_by\":12");
  EXPECT_EQ(Verify(Envelope(tampered)).refusal, Refusal::kUnapproved);
  // No signature at all (a zero signature of the right length).
  JobApproval blank = Approve(manifest_, approval_keys_);
  blank.signature = std::string(128, '0');
  EXPECT_EQ(Verify(Envelope(blank)).refusal, Refusal::kUnapproved);
  // An agent enrolled before approval keys pinned none: it refuses.
  me_.approval_public_key_hex.clear();
  EXPECT_EQ(Verify(Envelope(Approve(manifest_, approval_keys_))).refusal, Refusal::kUnapproved);
}

TEST_F(JobApprovalTest, ARefusedApprovalDoesNotUseUpTheNonce) {
  JobManifest self = manifest_;
  self.approved_by = self.created_by;
  CommandEnvelope bad = Envelope(Approve(self, approval_keys_));
  EXPECT_EQ(Verify(bad).refusal, Refusal::kUnapproved);
  CommandEnvelope good = Envelope(Approve(manifest_, approval_keys_));
  good.nonce = bad.nonce;
  EXPECT_EQ(Verify(good).refusal, Refusal::kNone);
}

TEST_F(JobApprovalTest, MalformedManifestsAreNamedByField) {
  auto field_of = [](std::string_view text) {
    auto r = ParseJobManifest(text);
    return r.ok() ? std::string("ok") : r.status().field();
  };
  Json good = Json::parse(CanonicalJobManifest(manifest_));
  auto with = [&](const std::string& key, Json value) {
    Json j = good;
    j[key] = std::move(value);
    return j.dump();
  };
  EXPECT_EQ(field_of(good.dump()), "ok");
  EXPECT_EQ(field_of(with("device_ids", Json::array({3, 2}))), "job.manifest.device_ids");
  EXPECT_EQ(field_of(with("device_ids", Json::array({2, 2}))), "job.manifest.device_ids");
  EXPECT_EQ(field_of(with("device_ids", Json::array())), "job.manifest.device_ids");
  EXPECT_EQ(field_of(with("customer_ids", Json::array({0}))), "job.manifest.customer_ids");
  EXPECT_EQ(field_of(with("packages", Json::array({"tzdata", "openssl"}))),
            "job.manifest.packages");
  EXPECT_EQ(field_of(with("packages", Json::array({"-oDpkg"}))), "job.manifest.packages");
  EXPECT_EQ(field_of(with("kind", "script")), "job.manifest.kind");
  EXPECT_EQ(field_of(with("expires_at", 0)), "job.manifest.expires_at");
  EXPECT_EQ(field_of(with("extra", 1)), "job.manifest.extra");
  Json too_many = Json::array();
  for (int64_t d = 1; d <= static_cast<int64_t>(kMaxJobDevices) + 1; ++d) too_many.push_back(d);
  EXPECT_EQ(field_of(with("device_ids", too_many)), "job.manifest.device_ids");
  EXPECT_EQ(field_of("[]"), "job.manifest");
  // A script command cannot carry a job, and a job must be whole.
  CommandEnvelope script;
  script.command_id = 1;
  script.device_id = 7;
  script.customer_id = 3;
  script.script = "true";
  script.not_before = now_;
  script.expires_at = now_ + minutes(1);
  script.nonce = RandomHex(16);
  Json with_job = Json::parse(CanonicalEnvelope(script));
  with_job["job"] = {{"manifest", "{}"}, {"signature", std::string(128, 'a')}};
  auto r = ParseEnvelope(with_job.dump());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "job");
  Json half = Json::parse(CanonicalEnvelope(Envelope(Approve(manifest_, approval_keys_))));
  half["job"].erase("signature");
  r = ParseEnvelope(half.dump());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "job.signature");
}

}  // namespace
}  // namespace steward::proto
