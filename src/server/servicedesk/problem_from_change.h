// The problem a change's watch opens when incidents spike on its CIs (SPEC
// §6, issue 14 item 8): a problem record of the change's customer, linked to
// the change, with the incidents of the spike — those not already part of
// another problem — and its history and audit record. Runs in the job's
// transaction, beside the watch's own update.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "storage/scoped_connection.h"

namespace steward::servicedesk {

struct ProblemForChange {
  int64_t customer_id = 0;
  int64_t change_id = 0;
  std::string title;
  std::string description;
  // The change's requester, who knows what was changed; dropped when they
  // are no longer active staff.
  std::optional<int64_t> assignee_id;
  std::vector<int64_t> incident_ids;
};

// The problem's id. NotFound for a customer outside the scope; tickets that
// are not the customer's are left out.
Result<int64_t> OpenProblemForChange(const storage::ScopedConnection& sc, const ProblemForChange& p,
                                     Timestamp now, const accounts::Actor& actor);

}  // namespace steward::servicedesk
