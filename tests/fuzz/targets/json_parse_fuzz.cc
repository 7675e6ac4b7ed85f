// Strict JSON (every API and agent body): parse or refuse; what parses
// serialises and parses back to the same value.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/json.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = steward::ParseJsonStrict(text);
  if (!r.ok()) {
    FUZZ_CHECK(r.status().code() == steward::StatusCode::kInvalidArgument);
    return 0;
  }
  auto again = steward::ParseJsonStrict(r->dump());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(*again == *r);
  return 0;
}
