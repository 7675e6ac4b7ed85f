// Compressed sample chunks read back from the store: a corrupt chunk decodes
// to an error or to points in strictly increasing time, never a crash; what
// decodes re-encodes to a chunk that decodes the same.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "storage/tsdb/gorilla_codec.h"

using steward::storage::tsdb::ChunkEncoder;
using steward::storage::tsdb::DecodeChunk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view chunk(reinterpret_cast<const char*>(data), size);
  auto points = DecodeChunk(chunk);
  if (!points.ok()) return 0;
  ChunkEncoder enc;
  for (size_t i = 0; i < points->size(); ++i) {
    if (i > 0) FUZZ_CHECK((*points)[i - 1].ts_ms < (*points)[i].ts_ms);
    // Timestamps the decoder produced may be too far apart for the encoder;
    // then it refuses, which is its contract.
    if (!enc.Append((*points)[i].ts_ms, (*points)[i].value).ok()) return 0;
  }
  auto again = DecodeChunk(enc.Finish());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->size() == points->size());
  for (size_t i = 0; i < points->size(); ++i) {
    FUZZ_CHECK((*again)[i].ts_ms == (*points)[i].ts_ms);
    FUZZ_CHECK(std::bit_cast<uint64_t>((*again)[i].value) ==
               std::bit_cast<uint64_t>((*points)[i].value));
  }
  return 0;
}
