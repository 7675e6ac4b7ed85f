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

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace steward
