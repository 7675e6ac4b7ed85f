// URL percent-decoding (paths and query strings): never yields NUL, and
// decoding is the inverse of a plain encoding of the result.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "net/http_types.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool plus : {false, true}) {
    auto d = steward::net::PercentDecode(text, plus);
    if (!d) continue;
    FUZZ_CHECK(d->find('\0') == std::string::npos);
    FUZZ_CHECK(d->size() <= text.size());
    std::string encoded;
    static const char kHex[] = "0123456789ABCDEF";
    for (unsigned char c : *d) {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
    auto back = steward::net::PercentDecode(encoded, plus);
    FUZZ_CHECK(back && *back == *d);
  }
  return 0;
}
