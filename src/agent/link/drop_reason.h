// Why the agent gave up on spooled data. Every drop is counted under its
// reason, never silent.
#pragma once

#include <string_view>

namespace steward::agent {

enum class DropReason {
  kRefused,  // the server answered nack with retry:false (invalid samples)
};

inline std::string_view DropReasonLabel(DropReason r) {
  switch (r) {
    case DropReason::kRefused:
      return "refused";
  }
  return "unknown";
}

}  // namespace steward::agent
