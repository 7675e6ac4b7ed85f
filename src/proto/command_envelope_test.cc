#include "proto/command_envelope.h"

#include <set>

#include <gtest/gtest.h>

#include "core/crypto.h"

namespace steward::proto {
namespace {

using std::chrono::minutes;

class CommandEnvelopeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    keys_ = GenerateSigningKeyPair();
    me_ = {7, 3, keys_.public_key_hex};
    envelope_.command_id = 11;
    envelope_.device_id = 7;
    envelope_.customer_id = 3;
    envelope_.script = "echo \"$1\"";
    envelope_.args = {"hello"};
    envelope_.timeout_seconds = 30;
    envelope_.not_before = now_ - minutes(1);
    envelope_.expires_at = now_ + minutes(10);
    envelope_.nonce = RandomHex(16);
  }

  SignedCommand Sign(const CommandEnvelope& e) {
    std::string text = CanonicalEnvelope(e);
    return {text, *SignDetachedHex(text, keys_.secret_key_hex)};
  }

  VerifyOutcome Verify(const SignedCommand& c) {
    return VerifyCommand(
        c, me_, now_, [this](std::string_view n) { return !seen_.insert(std::string(n)).second; });
  }

  SigningKeyPair keys_;
  AgentIdentity me_;
  CommandEnvelope envelope_;
  Timestamp now_ = FromMillis(1795000000000);
  std::set<std::string> seen_;
};

TEST_F(CommandEnvelopeTest, CanonicalTextRoundTrips) {
  std::string text = CanonicalEnvelope(envelope_);
  auto parsed = ParseEnvelope(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(CanonicalEnvelope(*parsed), text);
  EXPECT_EQ(parsed->args, envelope_.args);
}

TEST_F(CommandEnvelopeTest, AValidCommandIsAcceptedOnceThenRefusedAsReplay) {
  SignedCommand c = Sign(envelope_);
  VerifyOutcome first = Verify(c);
  EXPECT_EQ(first.refusal, Refusal::kNone) << first.detail;
  EXPECT_EQ(first.envelope.script, envelope_.script);
  EXPECT_EQ(Verify(c).refusal, Refusal::kReplayed);
}

TEST_F(CommandEnvelopeTest, EveryKindOfBadCommandIsRefused) {
  SignedCommand unsigned_cmd{CanonicalEnvelope(envelope_), ""};
  EXPECT_EQ(Verify(unsigned_cmd).refusal, Refusal::kUnsigned);

  SignedCommand altered = Sign(envelope_);
  altered.envelope.replace(altered.envelope.find("hello"), 5, "HELLO");
  EXPECT_EQ(Verify(altered).refusal, Refusal::kBadSignature);

  SigningKeyPair attacker = GenerateSigningKeyPair();
  std::string text = CanonicalEnvelope(envelope_);
  SignedCommand wrong_key{text, *SignDetachedHex(text, attacker.secret_key_hex)};
  EXPECT_EQ(Verify(wrong_key).refusal, Refusal::kBadSignature);

  CommandEnvelope other_device = envelope_;
  other_device.device_id = 8;
  other_device.nonce = RandomHex(16);
  EXPECT_EQ(Verify(Sign(other_device)).refusal, Refusal::kWrongDevice);

  CommandEnvelope other_tenant = envelope_;
  other_tenant.customer_id = 4;
  other_tenant.nonce = RandomHex(16);
  EXPECT_EQ(Verify(Sign(other_tenant)).refusal, Refusal::kWrongTenant);

  CommandEnvelope expired = envelope_;
  expired.not_before = now_ - minutes(20);
  expired.expires_at = now_ - minutes(1);
  expired.nonce = RandomHex(16);
  EXPECT_EQ(Verify(Sign(expired)).refusal, Refusal::kExpired);

  CommandEnvelope future = envelope_;
  future.not_before = now_ + minutes(10);
  future.expires_at = now_ + minutes(20);
  future.nonce = RandomHex(16);
  EXPECT_EQ(Verify(Sign(future)).refusal, Refusal::kNotYetValid);

  // Signed but not a valid envelope (e.g. an old key signing junk).
  SignedCommand junk{"{\"v\":1}", *SignDetachedHex("{\"v\":1}", keys_.secret_key_hex)};
  EXPECT_EQ(Verify(junk).refusal, Refusal::kMalformed);
  // None of the refusals consumed the nonce of the valid command.
  EXPECT_EQ(Verify(Sign(envelope_)).refusal, Refusal::kNone);
}

TEST_F(CommandEnvelopeTest, ParseRejectsOutOfRangeFields) {
  CommandEnvelope e = envelope_;
  e.timeout_seconds = kMaxTimeoutSeconds + 1;
  EXPECT_FALSE(ParseEnvelope(CanonicalEnvelope(e)).ok());
  e = envelope_;
  e.expires_at = e.not_before;
  EXPECT_FALSE(ParseEnvelope(CanonicalEnvelope(e)).ok());
  e = envelope_;
  e.interpreter = "python";
  EXPECT_FALSE(ParseEnvelope(CanonicalEnvelope(e)).ok());
  e = envelope_;
  e.nonce = "short";
  EXPECT_FALSE(ParseEnvelope(CanonicalEnvelope(e)).ok());
  EXPECT_FALSE(ParseEnvelope("not json").ok());
  std::string extra = CanonicalEnvelope(envelope_);
  extra.insert(1, "\"sudo\":true,");
  EXPECT_FALSE(ParseEnvelope(extra).ok());
}

class ActionEnvelopeTest : public CommandEnvelopeTest {
 protected:
  void SetUp() override {
    CommandEnvelopeTest::SetUp();
    envelope_.script.clear();
    envelope_.args.clear();
    envelope_.timeout_seconds = 1800;
    CommandAction a;
    a.packages = {{"openssl", "3.0.15-1~deb12u1"}, {"libc6", "2.36-9+deb12u9"}};
    a.reboot = RebootPolicy::kIfRequired;
    envelope_.action = a;
  }

  // The canonical text with the action object replaced by `action` (raw JSON).
  std::string WithAction(const std::string& action) {
    Json j = Json::parse(CanonicalEnvelope(envelope_));
    j["action"] = Json::parse(action);
    return j.dump();
  }
};

TEST_F(ActionEnvelopeTest, CanonicalTextCarriesTheActionInsteadOfAScript) {
  std::string text = CanonicalEnvelope(envelope_);
  EXPECT_EQ(text.find("\"script\""), std::string::npos) << text;
  EXPECT_EQ(text.find("\"interpreter\""), std::string::npos) << text;
  EXPECT_NE(
      text.find(R"("action":{"kind":"install_updates","packages":[{"name":"openssl",)"
                R"("version":"3.0.15-1~deb12u1"},{"name":"libc6","version":"2.36-9+deb12u9"}],)"
                R"("reboot":"if_required"})"),
      std::string::npos)
      << text;
  auto parsed = ParseEnvelope(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().field() << ": " << parsed.status().message();
  ASSERT_TRUE(parsed->action.has_value());
  EXPECT_EQ(parsed->action->packages, envelope_.action->packages);
  EXPECT_EQ(parsed->action->reboot, RebootPolicy::kIfRequired);
  EXPECT_EQ(CanonicalEnvelope(*parsed), text);

  VerifyOutcome v = Verify(Sign(envelope_));
  EXPECT_EQ(v.refusal, Refusal::kNone) << v.detail;
  ASSERT_TRUE(v.envelope.action.has_value());
  EXPECT_EQ(v.envelope.action->packages.size(), 2u);
}

TEST_F(ActionEnvelopeTest, AScriptEnvelopeIsUnchanged) {
  CommandEnvelope script = envelope_;
  script.action.reset();
  script.script = "echo hi";
  // The v1 text, byte for byte as before actions existed.
  EXPECT_EQ(CanonicalEnvelope(script),
            R"({"args":[],"command_id":11,"customer_id":3,"device_id":7,"expires_at":)" +
                std::to_string(ToMillis(script.expires_at)) + R"(,"interpreter":"sh","nonce":")" +
                script.nonce + R"(","not_before":)" + std::to_string(ToMillis(script.not_before)) +
                R"(,"script":"echo hi","timeout_seconds":1800,"v":1})");
  auto parsed = ParseEnvelope(CanonicalEnvelope(script));
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(parsed->action.has_value());
}

TEST_F(ActionEnvelopeTest, BadActionsAreRefusedNamingTheField) {
  struct Case {
    std::string action;
    const char* field;
  };
  const std::string ok_pkg = R"({"name":"foo","version":"1.2-1"})";
  for (
      const Case& c : std::vector<Case>{
          // Names that would reach apt-get's option parser or a shell.
          {R"({"kind":"install_updates","reboot":"never","packages":[{"name":"-oAPT::x","version":"1"}]})",
           "action.packages[0].name"},
          {R"({"kind":"install_updates","reboot":"never","packages":[{"name":"foo;rm","version":"1"}]})",
           "action.packages[0].name"},
          {R"({"kind":"install_updates","reboot":"never","packages":[{"name":"Foo","version":"1"}]})",
           "action.packages[0].name"},
          {R"({"kind":"install_updates","reboot":"never","packages":[{"name":"foo bar","version":"1"}]})",
           "action.packages[0].name"},
          {R"({"kind":"install_updates","reboot":"never","packages":[{"name":"foo=1.0","version":"1"}]})",
           "action.packages[0].name"},
          {R"({"kind":"install_updates","reboot":"never","packages":[{"name":"f","version":"1"}]})",
           "action.packages[0].name"},
          {R"({"kind":"install_updates","reboot":"never","packages":[{"name":"foo","version":"-1"}]})",
           "action.packages[0].version"},
          {R"({"kind":"install_updates","reboot":"never","packages":[{"name":"foo","version":"1.0 x"}]})",
           "action.packages[0].version"},
          {R"x({"kind":"install_updates","reboot":"never","packages":[{"name":"foo","version":"1$(id)"}]})x",
           "action.packages[0].version"},
          {R"({"kind":"install_updates","reboot":"never","packages":[{"name":"foo","version":"a1.0"}]})",
           "action.packages[0].version"},
          {R"({"kind":"install_updates","reboot":"never","packages":[{"name":"foo","version":"x:1.0"}]})",
           "action.packages[0].version"},
          {R"({"kind":"install_updates","reboot":"never","packages":[{"name":"foo","version":"1.0-"}]})",
           "action.packages[0].version"},
          {R"({"kind":"install_updates","reboot":"never","packages":[{"name":"foo"}]})",
           "action.packages[0].version"},
          {R"({"kind":"install_updates","reboot":"never","packages":[{"name":"foo","version":"1","arch":"i386"}]})",
           "action.packages[0].arch"},
          {R"({"kind":"install_updates","reboot":"never","packages":[]})", "action.packages"},
          {R"({"kind":"install_updates","reboot":"never","packages":"foo"})", "action.packages"},
          {R"({"kind":"install_updates","reboot":"never"})", "action.packages"},
          {R"({"kind":"install_updates","reboot":"never","packages":[)" + ok_pkg + "," + ok_pkg +
               "]}",
           "action.packages[1].name"},
          {R"({"kind":"install_updates","reboot":"sometimes","packages":[)" + ok_pkg + "]}",
           "action.reboot"},
          {R"({"kind":"install_updates","packages":[)" + ok_pkg + "]}", "action.reboot"},
          {R"({"kind":"remove_packages","reboot":"never","packages":[)" + ok_pkg + "]}",
           "action.kind"},
          {R"({"kind":"install_updates","reboot":"never","script":"x","packages":[)" + ok_pkg +
               "]}",
           "action.script"},
      }) {
    auto r = ParseEnvelope(WithAction(c.action));
    ASSERT_FALSE(r.ok()) << c.action;
    EXPECT_EQ(r.status().field(), c.field) << c.action << ": " << r.status().message();
  }

  Json too_many = Json::array();
  for (size_t i = 0; i <= kMaxActionPackages; ++i) {
    too_many.push_back({{"name", "pkg" + std::to_string(i)}, {"version", "1.0"}});
  }
  Json action = {{"kind", "install_updates"}, {"reboot", "never"}, {"packages", too_many}};
  EXPECT_EQ(ParseEnvelope(WithAction(action.dump())).status().field(), "action.packages");
  too_many.erase(too_many.end() - 1);
  action["packages"] = too_many;
  EXPECT_TRUE(ParseEnvelope(WithAction(action.dump())).ok());

  // A script's fields may not ride along with an action.
  Json j = Json::parse(CanonicalEnvelope(envelope_));
  j["script"] = "rm -rf /";
  j["interpreter"] = "sh";
  EXPECT_EQ(ParseEnvelope(j.dump()).status().field(), "interpreter");

  // Signed but malformed: refused, the detail names the field.
  std::string text = WithAction(
      R"({"kind":"install_updates","reboot":"never","packages":[{"name":"-oAPT::x","version":"1"}]})");
  VerifyOutcome v = Verify({text, *SignDetachedHex(text, keys_.secret_key_hex)});
  EXPECT_EQ(v.refusal, Refusal::kMalformed);
  EXPECT_NE(v.detail.find("action.packages[0].name"), std::string::npos) << v.detail;
}

TEST(DebianNamesTest, NamesAndVersionsFollowPolicy) {
  for (const char* ok : {"openssl", "libc6", "g++", "libstdc++6", "linux-image-6.1.0-28-amd64",
                         "python3.11", "0ad"}) {
    EXPECT_TRUE(IsValidDebianPackageName(ok)) << ok;
  }
  for (const char* bad : {"", "a", "-x", ".x", "+x", "A", "a_b", "a:amd64", "a/b", "a\n"}) {
    EXPECT_FALSE(IsValidDebianPackageName(bad)) << bad;
  }
  for (const char* ok : {"1", "1.0", "1:2.3-4", "3.0.15-1~deb12u1", "2.36-9+deb12u9",
                         "1.2.3+dfsg-1.1", "1:9.2p1-2+deb12u3", "0~rc1-1", "2:1.2-3-4"}) {
    EXPECT_TRUE(IsValidDebianVersion(ok)) << ok;
  }
  for (const char* bad :
       {"", "a", "-1", "1-", ":1", "1:", "x:1", "1.0 2", "1;x", "1/2", "1-a:b", "1_2", "1=2"}) {
    EXPECT_FALSE(IsValidDebianVersion(bad)) << bad;
  }
}

}  // namespace
}  // namespace steward::proto
