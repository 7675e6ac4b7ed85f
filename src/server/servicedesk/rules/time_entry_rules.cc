#include "server/servicedesk/rules/time_entry_rules.h"

namespace steward::servicedesk {

int64_t RoundUpToQuarter(int64_t minutes) { return (minutes + 14) / 15 * 15; }

Status CheckWorkDate(billing::Date work_date, billing::Date today) {
  const auto day = date::sys_days(work_date);
  if (day > date::sys_days(today)) {
    return Status::InvalidArgument("work cannot be logged for a day after today", "work_date");
  }
  if (day < date::sys_days(today) - date::days{366}) {
    return Status::InvalidArgument("work more than a year old can no longer be logged",
                                   "work_date");
  }
  return Status::Ok();
}

}  // namespace steward::servicedesk
