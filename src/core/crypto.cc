#include "core/crypto.h"

#include <sodium.h>

#include <cstdlib>

namespace steward {
namespace {

std::string ToHex(const unsigned char* data, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

}  // namespace

void InitCrypto() {
  if (sodium_init() < 0) std::abort();  // no CSPRNG: nothing safe can run
}

std::string RandomHex(size_t bytes) {
  std::string buf(bytes, '\0');
  randombytes_buf(buf.data(), buf.size());
  return ToHex(reinterpret_cast<const unsigned char*>(buf.data()), buf.size());
}

std::string Sha256Hex(std::string_view data) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return ToHex(out, sizeof out);
}

Result<std::string> HashPassword(std::string_view password, PasswordHashCost cost) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.mem_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::ResourceExhausted("not enough memory to hash the password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, std::string_view encoded) {
  if (encoded.size() >= crypto_pwhash_STRBYTES) return false;
  std::string z(encoded);  // libsodium wants a NUL-terminated string
  return crypto_pwhash_str_verify(z.c_str(), password.data(), password.size()) == 0;
}

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, out);
  return ToHex(out, sizeof out);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {

// Exactly `n` bytes from hex, or nothing.
bool FromHex(std::string_view hex, unsigned char* out, size_t n) {
  if (hex.size() != n * 2) return false;
  size_t len = 0;
  const char* end = nullptr;
  return sodium_hex2bin(out, n, hex.data(), hex.size(), nullptr, &len, &end) == 0 && len == n &&
         end == hex.data() + hex.size();
}

}  // namespace

SigningKeyPair GenerateSigningKeyPair() {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  SigningKeyPair pair{ToHex(pk, sizeof pk), ToHex(sk, sizeof sk)};
  sodium_memzero(sk, sizeof sk);
  return pair;
}

Result<std::string> SignDetachedHex(std::string_view message, std::string_view secret_key_hex) {
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  if (!FromHex(secret_key_hex, sk, sizeof sk)) {
    return Status::InvalidArgument("malformed Ed25519 secret key");
  }
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), sk);
  sodium_memzero(sk, sizeof sk);
  return ToHex(sig, sizeof sig);
}

bool VerifyDetachedHex(std::string_view message, std::string_view signature_hex,
                       std::string_view public_key_hex) {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sig[crypto_sign_BYTES];
  if (!FromHex(public_key_hex, pk, sizeof pk) || !FromHex(signature_hex, sig, sizeof sig)) {
    return false;
  }
  return crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), pk) == 0;
}

Result<std::string> PublicKeyOf(std::string_view secret_key_hex) {
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  if (!FromHex(secret_key_hex, sk, sizeof sk)) {
    return Status::InvalidArgument("malformed Ed25519 secret key");
  }
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_ed25519_sk_to_pk(pk, sk);
  sodium_memzero(sk, sizeof sk);
  return ToHex(pk, sizeof pk);
}

}  // namespace steward
