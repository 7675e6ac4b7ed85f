// All SQL over the time logged on tickets, behind the caller's tenant scope:
// an entry of another customer's ticket is NotFound for reads and writes.
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "server/servicedesk/model/time_entry.h"
#include "storage/scoped_connection.h"

namespace steward::servicedesk {

class TimeEntryStore {
 public:
  explicit TimeEntryStore(const storage::ScopedConnection& c) : c_(c) {}

  // NotFound("time entry") unless the entry is on `ticket_id` and in scope.
  Result<TimeEntry> Get(int64_t ticket_id, int64_t id);
  // The ticket's entries, oldest first.
  Result<std::vector<TimeEntry>> ForTicket(int64_t ticket_id);

  // NotFound("customer") when `e.customer_id` is outside the scope.
  Result<int64_t> Insert(const TimeEntry& e);
  // Writes the editable fields of `e`; Conflict when billing has invoiced
  // the entry meanwhile (an invoiced entry is never edited).
  Status Update(const TimeEntry& e, int64_t now);

 private:
  const storage::ScopedConnection& c_;
};

}  // namespace steward::servicedesk
