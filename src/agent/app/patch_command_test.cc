// A signed "install_updates" command end to end on the agent: the envelope
// is signed with a test key, checked by proto::VerifyCommand as the agent's
// loop does, started by CommandThreads (the agent's dispatch: an action runs
// the installer, never /bin/sh), and real .deb packages are installed into a
// throwaway root; the result frame that goes back carries one outcome per
// package.
#include <set>

#include <gtest/gtest.h>

#include "agent/app/command_threads.h"
#include "agent/exec/apt_output.h"
#include "agent/exec/deb_test_repo.h"
#include "core/crypto.h"
#include "proto/command_envelope.h"

namespace steward::agent {
namespace {

class PatchCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why = debtest::Unsupported();
    ASSERT_TRUE(why.empty()) << why;
    host_status_ = debtest::ReadWholeFile("/var/lib/dpkg/status");
    InitCrypto();
    keys_ = GenerateSigningKeyPair();
    me_ = {7, 3, keys_.public_key_hex};
    system_ = std::shared_ptr<platform::System>(platform::MakeSystem());
    auto box = debtest::Sandbox::WithTestPackages(*system_);
    ASSERT_TRUE(box.ok()) << box.status().message();
    box_ = std::move(*box);
  }

  void TearDown() override {
    EXPECT_TRUE(debtest::ReadWholeFile("/var/lib/dpkg/status") == host_status_);
  }

  // What the server would send: the canonical text and its signature.
  proto::SignedCommand Signed(const std::string& version, proto::RebootPolicy reboot) {
    proto::CommandEnvelope e;
    e.command_id = ++next_id_;
    e.device_id = 7;
    e.customer_id = 3;
    e.timeout_seconds = 300;
    e.not_before = clock_.Now() - std::chrono::minutes(1);
    e.expires_at = clock_.Now() + std::chrono::minutes(10);
    e.nonce = RandomHex(16);
    proto::CommandAction a;
    for (const char* name : {"stw-app", "stw-fail", "stw-conf"}) {
      a.packages.push_back({name, version});
    }
    a.reboot = reboot;
    e.action = a;
    std::string text = proto::CanonicalEnvelope(e);
    return {text, *SignDetachedHex(text, keys_.secret_key_hex)};
  }

  proto::VerifyOutcome Verify(const proto::SignedCommand& c) {
    return proto::VerifyCommand(c, me_, clock_.Now(), [this](std::string_view n) {
      return !nonces_.insert(std::string(n)).second;
    });
  }

  // Runs a verified command as the agent's loop does and returns the frame
  // the server receives.
  proto::CommandResultFrame RunOnAgent(proto::CommandEnvelope envelope) {
    CommandThreads threads(system_, box_->Options());
    threads.Start(std::move(envelope));
    threads.JoinAll();
    auto done = threads.TakeDone();
    EXPECT_EQ(done.size(), 1u);
    if (done.empty()) return {};
    auto parsed = proto::ParseAgentFrame(proto::EncodeCommandResult(done[0]));
    EXPECT_TRUE(parsed.ok()) << parsed.status().field() << ": " << parsed.status().message();
    return parsed.ok() ? std::get<proto::CommandResultFrame>(*parsed) : done[0];
  }

  SystemClock clock_;
  std::string host_status_;
  SigningKeyPair keys_;
  proto::AgentIdentity me_;
  std::shared_ptr<platform::System> system_;
  std::unique_ptr<debtest::Sandbox> box_;
  std::set<std::string> nonces_;
  int64_t next_id_ = 100;
};

TEST_F(PatchCommandTest, ASignedInstallActionYieldsPerPackageResults) {
  proto::VerifyOutcome v = Verify(Signed("1.0", proto::RebootPolicy::kNever));
  ASSERT_EQ(v.refusal, proto::Refusal::kNone) << v.detail;
  proto::CommandResultFrame first = RunOnAgent(v.envelope);
  ASSERT_TRUE(first.packages.has_value()) << first.stdout_text;
  for (const auto& p : *first.packages) EXPECT_EQ(p.outcome, "installed") << p.name;

  debtest::WriteWholeFile(box_->root() + "/etc/stw-conf.conf", "listen=10.0.0.5:9090\n");
  // if_required: the test root flags a reboot, and this agent's options
  // have no reboot command, so none is scheduled (the machine is not rebooted).
  v = Verify(Signed("1.1", proto::RebootPolicy::kIfRequired));
  ASSERT_EQ(v.refusal, proto::Refusal::kNone) << v.detail;
  proto::CommandResultFrame r = RunOnAgent(v.envelope);
  SCOPED_TRACE(r.stdout_text);
  EXPECT_EQ(r.command_id, v.envelope.command_id);
  EXPECT_EQ(r.status, "completed");
  ASSERT_TRUE(r.packages.has_value());
  ASSERT_EQ(r.packages->size(), 3u);
  EXPECT_EQ((*r.packages)[0].outcome, "installed");
  EXPECT_EQ((*r.packages)[0].version, "1.1");
  EXPECT_EQ((*r.packages)[1].outcome, "failed");
  EXPECT_EQ((*r.packages)[1].exit_code, 3);
  EXPECT_EQ((*r.packages)[2].outcome, "held");
  EXPECT_NE((*r.packages)[2].reason.find("/etc/stw-conf.conf"), std::string::npos);
  // Held before installing: still configured at 1.0.
  EXPECT_EQ((*r.packages)[2].version, "1.0");
  EXPECT_EQ((*r.packages)[2].state, "installed");
  EXPECT_TRUE(r.reboot_required);
  EXPECT_FALSE(r.reboot_scheduled);
  auto status = ParseDpkgStatus(debtest::ReadWholeFile(box_->root() + "/var/lib/dpkg/status"));
  EXPECT_EQ(status.at("stw-app").version, "1.1");
}

TEST_F(PatchCommandTest, ATamperedActionIsRefusedAndInstallsNothing) {
  proto::SignedCommand c = Signed("1.0", proto::RebootPolicy::kNever);
  // Someone on the path swaps a package for another.
  c.envelope.replace(c.envelope.find("stw-fail"), 8, "stw-evil");
  proto::VerifyOutcome v = Verify(c);
  EXPECT_EQ(v.refusal, proto::Refusal::kBadSignature);
  EXPECT_FALSE(v.envelope.action.has_value());
  // A correctly signed action naming an option instead of a package.
  proto::CommandEnvelope e = Verify(Signed("1.0", proto::RebootPolicy::kNever)).envelope;
  std::string text = proto::CanonicalEnvelope(e);
  text.replace(text.find("\"stw-app\""), 9, "\"-oAPT::Get::Foo=1\"");
  v = Verify({text, *SignDetachedHex(text, keys_.secret_key_hex)});
  EXPECT_EQ(v.refusal, proto::Refusal::kMalformed);
  EXPECT_TRUE(debtest::ReadWholeFile(box_->root() + "/var/lib/dpkg/status").empty());
}

}  // namespace
}  // namespace steward::agent
