#include "proto/device_rebind.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "proto/command_envelope.h"

namespace steward::proto {
namespace {

class DeviceRebindTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    keys_ = GenerateSigningKeyPair();
  }
  SigningKeyPair keys_;
  DeviceRebind rebind_{3, 41, 7};
};

TEST_F(DeviceRebindTest, TheSignedStatementVerifiesWithTheCommandKey) {
  auto signature = SignRebind(rebind_, keys_.secret_key_hex);
  ASSERT_TRUE(signature.ok());
  EXPECT_TRUE(VerifyRebind(rebind_, *signature, keys_.public_key_hex));
  EXPECT_EQ(CanonicalRebind(rebind_),
            R"({"customer_id":3,"from_device_id":41,"to_device_id":7,"type":"rebind","v":1})");
}

TEST_F(DeviceRebindTest, EveryAlteredFieldBreaksTheSignature) {
  std::string signature = *SignRebind(rebind_, keys_.secret_key_hex);
  for (DeviceRebind altered : {DeviceRebind{4, 41, 7}, DeviceRebind{3, 42, 7},
                               DeviceRebind{3, 41, 8}, DeviceRebind{3, 7, 41}}) {
    EXPECT_FALSE(VerifyRebind(altered, signature, keys_.public_key_hex))
        << CanonicalRebind(altered);
  }
}

TEST_F(DeviceRebindTest, AnotherKeyOrNoSignatureIsRefused) {
  std::string signature = *SignRebind(rebind_, keys_.secret_key_hex);
  EXPECT_FALSE(VerifyRebind(rebind_, signature, GenerateSigningKeyPair().public_key_hex));
  EXPECT_FALSE(VerifyRebind(rebind_, "", keys_.public_key_hex));
  EXPECT_FALSE(VerifyRebind(rebind_, signature, ""));
  EXPECT_FALSE(VerifyRebind(rebind_, "zz" + signature.substr(2), keys_.public_key_hex));
}

TEST_F(DeviceRebindTest, ACommandSignatureIsNoRebind) {
  // The same key signs commands: a signed command's signature must never
  // pass for a rebind statement.
  CommandEnvelope e;
  e.command_id = 1;
  e.device_id = 7;
  e.customer_id = 3;
  e.script = "true";
  e.not_before = FromMillis(1);
  e.expires_at = FromMillis(2);
  e.nonce = RandomHex(16);
  std::string command_signature = *SignDetachedHex(CanonicalEnvelope(e), keys_.secret_key_hex);
  EXPECT_FALSE(VerifyRebind(rebind_, command_signature, keys_.public_key_hex));
}

}  // namespace
}  // namespace steward::proto
