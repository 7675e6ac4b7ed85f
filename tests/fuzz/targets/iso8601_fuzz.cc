// ISO 8601 timestamps (API filters, ingest): parse or refuse; a parsed time
// formats to a string that parses to the same instant.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/time_format.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto t = steward::ParseIso8601(text);
  if (!t.ok()) return 0;
  auto again = steward::ParseIso8601(steward::FormatIso8601(*t));
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(*again == *t);
  return 0;
}
