#include "core/crypto.h"

#include <gtest/gtest.h>

namespace steward {
namespace {

class CryptoTest : public ::testing::Test {
 protected:
  void SetUp() override { InitCrypto(); }
};

TEST_F(CryptoTest, RandomHexIsUniqueAndSized) {
  auto a = RandomHex(32), b = RandomHex(32);
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, b);
}

TEST_F(CryptoTest, Sha256KnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(CryptoTest, PasswordHashIsArgon2idAndVerifies) {
  auto h = HashPassword("correct horse", PasswordHashCost::ForTest());
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_NE(h->find("m=19456"), std::string::npos);
  EXPECT_TRUE(VerifyPassword("correct horse", *h));
  EXPECT_FALSE(VerifyPassword("correct horsf", *h));
  EXPECT_FALSE(VerifyPassword("x", "not a hash"));
}

TEST_F(CryptoTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST_F(CryptoTest, Ed25519SignsAndVerifiesOnlyTheExactMessageAndKey) {
  SigningKeyPair keys = GenerateSigningKeyPair();
  EXPECT_EQ(keys.public_key_hex.size(), 64u);
  EXPECT_EQ(keys.secret_key_hex.size(), 128u);
  auto sig = SignDetachedHex("run uptime on device 7", keys.secret_key_hex);
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(sig->size(), 128u);
  EXPECT_TRUE(VerifyDetachedHex("run uptime on device 7", *sig, keys.public_key_hex));
  EXPECT_FALSE(VerifyDetachedHex("run uptime on device 8", *sig, keys.public_key_hex));
  SigningKeyPair other = GenerateSigningKeyPair();
  EXPECT_FALSE(VerifyDetachedHex("run uptime on device 7", *sig, other.public_key_hex));
  std::string tampered = *sig;
  tampered[10] = tampered[10] == '0' ? '1' : '0';
  EXPECT_FALSE(VerifyDetachedHex("run uptime on device 7", tampered, keys.public_key_hex));
  EXPECT_FALSE(VerifyDetachedHex("run uptime on device 7", "zz", keys.public_key_hex));
  EXPECT_FALSE(VerifyDetachedHex("run uptime on device 7", *sig, "abcd"));
  auto pk = PublicKeyOf(keys.secret_key_hex);
  ASSERT_TRUE(pk.ok());
  EXPECT_EQ(*pk, keys.public_key_hex);
  EXPECT_FALSE(SignDetachedHex("x", "not hex").ok());
}

TEST_F(CryptoTest, HmacSha256KnownVector) {
  // RFC 4231 test case 2.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace steward
