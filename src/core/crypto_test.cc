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

}  // namespace
}  // namespace steward
