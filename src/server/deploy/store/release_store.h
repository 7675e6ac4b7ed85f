// All SQL over releases behind the caller's tenant scope: another
// customer's release, test group or incidents are NotFound or empty. Also
// what a release reads of its test group and of the incidents on its
// test devices.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "server/deploy/model/release.h"
#include "storage/scoped_connection.h"

namespace steward::deploy {

struct TestGroup {
  int64_t customer_id = 0;
  std::string name;
  std::vector<int64_t> device_ids;  // its servers and workstations in service
};

class ReleaseStore {
 public:
  explicit ReleaseStore(const storage::ScopedConnection& c) : c_(c) {}

  // NotFound("device group") outside the scope.
  Result<TestGroup> Group(int64_t group_id);
  Result<int64_t> Insert(const Release& r);
  // NotFound("release") outside the scope.
  Result<Release> Get(int64_t id);
  // A change's releases, newest first (at most 50).
  Result<std::vector<Release>> ForChange(int64_t change_id);
  Result<std::optional<Release>> Newest(int64_t change_id);
  // Releases still testing or soaking, oldest first.
  Result<std::vector<Release>> Running(int limit);
  Status Save(const Release& r);
  // Tickets opened at or after `since` on one of `devices` of the customer
  // (linked to the device, or raised by an alert on it), as "ticket #N".
  Result<std::vector<std::string>> IncidentsSince(int64_t customer_id,
                                                  const std::vector<int64_t>& devices,
                                                  Timestamp since);

 private:
  const storage::ScopedConnection& c_;
};

}  // namespace steward::deploy
