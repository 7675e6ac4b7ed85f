// Why the agent gave up on spooled data. Every drop is counted under its
// reason, never silent.
#pragma once

#include <string_view>

namespace steward::agent {

enum class DropReason {
  kOverflow,    // the spool was full (--spool-max-batches): the oldest went
  kRefused,     // the server answered nack with retry:false (invalid samples)
  kUnparsable,  // the server could not parse the batch frame at all
  kOversize,    // one collection too large for any frame the server takes
};

inline constexpr DropReason kAllDropReasons[] = {DropReason::kOverflow, DropReason::kRefused,
                                                 DropReason::kUnparsable, DropReason::kOversize};

// The `reason` label of the agent.spool_dropped metric.
inline std::string_view DropReasonLabel(DropReason r) {
  switch (r) {
    case DropReason::kOverflow:
      return "overflow";
    case DropReason::kRefused:
      return "refused";
    case DropReason::kUnparsable:
      return "unparsable";
    case DropReason::kOversize:
      return "oversize";
  }
  return "unknown";
}

}  // namespace steward::agent
