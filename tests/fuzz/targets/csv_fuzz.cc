// CSV import of CIs: parse or refuse with InvalidArgument; never more records
// than lines, never a field longer than the input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "server/cmdb/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = steward::cmdb::ParseCsv(text);
  if (!r.ok()) {
    FUZZ_CHECK(r.status().code() == steward::StatusCode::kInvalidArgument);
    return 0;
  }
  FUZZ_CHECK(r->size() <= text.size() + 1);
  return 0;
}
