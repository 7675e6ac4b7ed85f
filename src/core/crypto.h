// Cryptographic primitives, all from libsodium: CSPRNG tokens, SHA-256,
// Argon2id password hashing and constant-time comparison. Thread-safe;
// InitCrypto() must have been called once (main and test mains do).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace steward {

// Initialises libsodium; aborts the process if the platform cannot provide it.
void InitCrypto();

// `bytes` random bytes from the OS CSPRNG, lower-case hex encoded.
std::string RandomHex(size_t bytes);

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
// Lower-case hex HMAC-SHA-256 of `message` under `key` (webhook signatures).
std::string HmacSha256Hex(std::string_view key, std::string_view message);

// Argon2id parameters. The defaults meet OWASP's floor (19 MiB, t=2, p=1) with
// margin; tests may lower them through PasswordHashCost::ForTest().
struct PasswordHashCost {
  unsigned long long ops = 3;
  size_t mem_bytes = 64u * 1024u * 1024u;
  static PasswordHashCost Interactive() { return {}; }
  static PasswordHashCost ForTest() { return {2, 19u * 1024u * 1024u}; }
};

// An encoded "$argon2id$v=19$m=...,t=...,p=1$salt$hash" string.
Result<std::string> HashPassword(std::string_view password, PasswordHashCost cost);
// True if `password` matches `encoded`. False for a malformed hash.
bool VerifyPassword(std::string_view password, std::string_view encoded);

bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Ed25519 signatures (remote commands). Keys and signatures travel as
// lower-case hex: the public key is 32 bytes, the secret key 64, a signature 64.
struct SigningKeyPair {
  std::string public_key_hex;
  std::string secret_key_hex;
};
SigningKeyPair GenerateSigningKeyPair();
// InvalidArgument if `secret_key_hex` is not a 64-byte hex key.
Result<std::string> SignDetachedHex(std::string_view message, std::string_view secret_key_hex);
// False for a malformed key or signature as well as a wrong one.
bool VerifyDetachedHex(std::string_view message, std::string_view signature_hex,
                       std::string_view public_key_hex);
// The public half of a secret key (both hex); InvalidArgument if malformed.
Result<std::string> PublicKeyOf(std::string_view secret_key_hex);

}  // namespace steward
