// What may hold a change back from approval besides its votes: a release
// that has not passed on the test group (issue 14 item 6). Implemented by
// the module that knows (server/deploy's ReleaseService), so the change
// module needs nothing of it; without a gate nothing holds.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "storage/scoped_connection.h"

namespace steward::change {

class ApprovalGate {
 public:
  virtual ~ApprovalGate() = default;
  // Why the change may not be approved now, in the caller's transaction;
  // empty when nothing holds it.
  virtual Result<std::string> HoldReason(const storage::ScopedConnection& sc,
                                         int64_t change_id) = 0;
};

}  // namespace steward::change
