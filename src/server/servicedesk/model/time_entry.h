// Time a technician logs on a ticket (SPEC §5): the day the work was done,
// whole 15-minute steps, the kind of work, and whether the customer is
// charged for it at all (non-billable time is internal: warranty, goodwill,
// training). Billing decides which billable minutes the contract's included
// hours cover and records the invoice that billed the entry, after which the
// entry is never edited.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/billing/model/contract.h"
#include "server/billing/model/work_type.h"

namespace steward::servicedesk {

using billing::Date;
using billing::WorkType;

struct TimeEntry {
  int64_t id = 0;
  int64_t ticket_id = 0;
  int64_t customer_id = 0;
  int64_t user_id = 0;
  Date work_date{};
  int64_t minutes = 0;  // a positive multiple of 15
  WorkType work_type = WorkType::kRemote;
  bool billable = true;
  std::optional<std::string> note;
  std::optional<int64_t> invoice_id;        // the invoice that billed it
  std::optional<int64_t> included_minutes;  // of its minutes, drawn from included hours
  std::optional<int64_t> invoiced_at;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// A new entry as the technician enters it; minutes are rounded up to the
// next 15 and the work date defaults to today in the MSP's time zone.
struct NewTimeEntry {
  int64_t minutes = 0;
  WorkType work_type = WorkType::kRemote;
  bool billable = true;
  std::optional<std::string> note;
  std::optional<Date> work_date;
};

// A change by the entry's author; absent fields keep their value.
struct TimeEntryPatch {
  std::optional<int64_t> minutes;
  std::optional<WorkType> work_type;
  std::optional<bool> billable;
  std::optional<std::string> note;
  std::optional<Date> work_date;
};

}  // namespace steward::servicedesk
