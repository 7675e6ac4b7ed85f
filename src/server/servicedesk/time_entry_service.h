// Time logged on tickets (SPEC §5) as typed commands: a technician logs work
// on a ticket of a customer in scope, lists a ticket's time, and edits their
// own entries until billing has invoiced them. Staff only: a customer sees
// what their time cost on the invoice and their hours balance, not the
// entries. Each command runs in one transaction with its audit record.
#pragma once

#include <cstdint>
#include <vector>

#include <date/tz.h>

#include "core/clock.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "server/servicedesk/model/time_entry.h"
#include "storage/database.h"

namespace steward::servicedesk {

struct TicketTime {
  std::vector<TimeEntry> entries;
  int64_t total_minutes = 0;
};

class TimeEntryService {
 public:
  // `zone`: the MSP's time zone, whose calendar day is a new entry's default
  // work date.
  TimeEntryService(storage::Database& db, const Clock& clock, const date::time_zone* zone)
      : db_(db), clock_(clock), zone_(zone) {}

  Result<TimeEntry> Add(const accounts::Actor& actor, int64_t ticket_id, const NewTimeEntry& e);
  Result<TicketTime> List(const accounts::Principal& viewer, int64_t ticket_id);
  Result<TimeEntry> Update(const accounts::Actor& actor, int64_t ticket_id, int64_t entry_id,
                           const TimeEntryPatch& patch);

 private:
  billing::Date Today() const;

  storage::Database& db_;
  const Clock& clock_;
  const date::time_zone* zone_;
};

}  // namespace steward::servicedesk
