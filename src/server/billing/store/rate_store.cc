#include "server/billing/store/rate_store.h"

#include <algorithm>
#include <string>

namespace steward::billing {

Result<std::vector<WorkTypeRate>> RateStore::List() {
  STEWARD_ASSIGN_OR_RETURN(
      storage::Rows rows,
      c_.Query("SELECT work_type, hourly_cents, draws_included FROM work_type_rates"));
  std::vector<WorkTypeRate> out;
  for (const storage::Row& r : rows) {
    auto type = ParseWorkType(r.Text("work_type"));
    if (!type) continue;  // a type this build no longer knows is not billed
    out.push_back({*type, r.Int("hourly_cents"), r.Bool("draws_included")});
  }
  std::sort(out.begin(), out.end(),
            [](const WorkTypeRate& a, const WorkTypeRate& b) { return a.work_type < b.work_type; });
  return out;
}

Status RateStore::Set(const WorkTypeRate& rate, int64_t now) {
  const std::string type(WorkTypeName(rate.work_type));
  STEWARD_ASSIGN_OR_RETURN(
      int64_t changed,
      c_.Execute("UPDATE work_type_rates SET hourly_cents = ?, draws_included = ?, updated_at = ?"
                 " WHERE work_type = ?",
                 {rate.hourly_cents, rate.draws_included, now, type}));
  if (changed == 1) return Status::Ok();
  return c_
      .Execute(
          "INSERT INTO work_type_rates (work_type, hourly_cents, draws_included, updated_at)"
          " VALUES (?, ?, ?, ?)",
          {type, rate.hourly_cents, rate.draws_included, now})
      .status();
}

}  // namespace steward::billing
