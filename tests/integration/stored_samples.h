// What the sample store holds for one device and metric, read through the
// store itself — so a test counts samples the same way whatever their
// layout (write-ahead records, chunks, rows from older databases).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "server/monitoring/sample_store.h"
#include "storage/database.h"

namespace steward::testing {

// Every stored sample's timestamp (ms) for `metric` of `device_id` in
// [from_ms, to_ms), all series together, in time order.
inline std::vector<int64_t> StoredSampleTimes(storage::Database& db, int64_t device_id,
                                              const std::string& metric, int64_t from_ms = 0,
                                              int64_t to_ms = std::numeric_limits<int64_t>::max()) {
  std::vector<int64_t> out;
  auto store = monitoring::MakeSqlSampleStore();
  monitoring::SeriesQuery q{.device_id = device_id,
                            .metric = metric,
                            .from_ms = from_ms,
                            .to_ms = to_ms,
                            .max_points = 10'000'000};
  Status s = db.Read([&](storage::Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto series, store->Read(c, q));
    for (const auto& one : series) {
      for (const auto& p : one.points) out.push_back(p.ts_ms);
    }
    return Status::Ok();
  });
  if (!s.ok()) return {};
  return out;
}

}  // namespace steward::testing
