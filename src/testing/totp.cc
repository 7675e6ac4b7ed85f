#include "testing/totp.h"

#include <cstdlib>

#include <liboath/oath.h>

namespace steward::testing {

std::string TotpCode(const std::string& secret_base32, Timestamp t, int step_offset) {
  oath_init();
  char* secret = nullptr;
  size_t len = 0;
  if (oath_base32_decode(secret_base32.c_str(), secret_base32.size(), &secret, &len) != OATH_OK) {
    return "";
  }
  char code[7] = {0};
  time_t when = static_cast<time_t>(ToMillis(t) / 1000) + step_offset * 30;
  oath_totp_generate(secret, len, when, 30, 0, 6, code);
  std::free(secret);
  return code;
}

}  // namespace steward::testing
