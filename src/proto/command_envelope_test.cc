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

}  // namespace
}  // namespace steward::proto
