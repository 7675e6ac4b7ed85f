// Agent channel frames (everything an agent sends is hostile, and the agent
// treats server frames with care too): parse or refuse with InvalidArgument;
// what parses re-encodes and parses back to the same frame.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "proto/agent_frames.h"

using namespace steward;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto a = proto::ParseAgentFrame(text);
  if (!a.ok()) {
    FUZZ_CHECK(a.status().code() == StatusCode::kInvalidArgument);
  } else if (const auto* batch = std::get_if<proto::BatchFrame>(&*a)) {
    FUZZ_CHECK(batch->samples.size() <= proto::kMaxSamplesPerBatch);
    FUZZ_CHECK(batch->seq >= 1 && batch->first_seq <= batch->seq);
    auto again = proto::ParseAgentFrame(proto::EncodeBatch(*batch));
    FUZZ_CHECK(again.ok());
    const auto& b2 = std::get<proto::BatchFrame>(*again);
    FUZZ_CHECK(b2.seq == batch->seq && b2.samples.size() == batch->samples.size());
  }
  auto s = proto::ParseServerFrame(text);
  if (!s.ok()) {
    FUZZ_CHECK(s.status().code() == StatusCode::kInvalidArgument);
  } else {
    auto again = proto::ParseServerFrame(proto::EncodeServerFrame(*s));
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(proto::EncodeServerFrame(*again) == proto::EncodeServerFrame(*s));
  }
  return 0;
}
