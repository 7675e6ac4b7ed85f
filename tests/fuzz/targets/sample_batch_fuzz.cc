// Write-ahead sample batch records read back from the store: a damaged
// record decodes to an error or to points whose series index is in range,
// never a crash; what decodes re-encodes to a record that decodes the same.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "server/monitoring/sample_batch_codec.h"

using steward::monitoring::DecodeSampleBatch;
using steward::monitoring::EncodeSampleBatch;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto batch = DecodeSampleBatch(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!batch.ok()) return 0;
  for (const auto& p : batch->points) FUZZ_CHECK(p.series < batch->series.size());
  auto again = DecodeSampleBatch(EncodeSampleBatch(*batch));
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->series == batch->series);
  FUZZ_CHECK(again->points.size() == batch->points.size());
  for (size_t i = 0; i < batch->points.size(); ++i) {
    FUZZ_CHECK(again->points[i].series == batch->points[i].series);
    FUZZ_CHECK(again->points[i].ts_ms == batch->points[i].ts_ms);
    FUZZ_CHECK(std::bit_cast<uint64_t>(again->points[i].value) ==
               std::bit_cast<uint64_t>(batch->points[i].value));
  }
  return 0;
}
