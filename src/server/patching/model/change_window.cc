#include "server/patching/model/change_window.h"

namespace steward::patching {

std::string_view WindowLevelName(WindowLevel l) {
  switch (l) {
    case WindowLevel::kCustomer:
      return "customer";
    case WindowLevel::kGroup:
      return "group";
    case WindowLevel::kDevice:
      return "device";
  }
  return "customer";
}

}  // namespace steward::patching
