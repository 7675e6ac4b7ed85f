// Releases as typed commands (issue 14 item 6): an RFC's updates go to the
// customer's test group first as a deployment of their own; the server's
// job watches it end (rules/release_verdict.h) and then the soak, and the
// change may be approved for the rest only when its newest release passed
// (the change module asks through change::ApprovalGate). Every write is
// audited.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "server/change/approval_gate.h"
#include "server/deploy/deployment_service.h"
#include "server/deploy/model/release.h"
#include "storage/database.h"

namespace steward::deploy {

class ReleaseService : public change::ApprovalGate {
 public:
  ReleaseService(storage::Database& db, const Clock& clock, DeploymentService& deployments)
      : db_(db), clock_(clock), deployments_(deployments) {}

  // For a change not yet approved (draft or submitted; Conflict naming
  // "change" otherwise, or while its newest release still runs): the test
  // group must be a device group of the change's customer with 1 to 25
  // servers or workstations (InvalidArgument naming "test_group_id"), at
  // least one of which has one of the packages pending (InvalidArgument
  // naming "packages"); soak_hours 1..336 ("soak_hours").
  Result<Release> Create(const accounts::Actor& actor, const NewRelease& request,
                         Reboot reboot = Reboot::kIfRequired);
  Result<Release> Get(const accounts::Principal& viewer, int64_t id);
  Result<std::vector<Release>> ForChange(const accounts::Principal& viewer, int64_t change_id);
  // One pass of the job over the releases still testing or soaking.
  Status RunJobs(Timestamp now);
  Result<std::optional<int64_t>> Owner(int64_t id);

  // change::ApprovalGate: the newest release's hold on the change.
  Result<std::string> HoldReason(const storage::ScopedConnection& sc, int64_t change_id) override;

 private:
  Status Advance(Release& r, Timestamp now);

  storage::Database& db_;
  const Clock& clock_;
  DeploymentService& deployments_;
};

}  // namespace steward::deploy
