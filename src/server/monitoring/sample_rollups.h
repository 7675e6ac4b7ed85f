// The 5-minute and hourly rollups (min, max, sum, count per series and
// bucket): folded into `metric_rollups` when recent samples are compacted,
// and computed on the fly for samples still in write-ahead batches, so a
// reader sees the same buckets either way.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>

#include "server/monitoring/series_math.h"
#include "storage/database.h"

namespace steward::monitoring {

inline constexpr int64_t kRollupResolutionsMs[] = {5 * 60 * 1000, 60 * 60 * 1000};

inline int64_t BucketOf(int64_t ts, int64_t res) { return ts - ((ts % res) + res) % res; }

// Folds `more` into `into`, two aggregates of one bucket; an empty `into`
// (count 0) becomes `more`.
void MergeInto(Point& into, const Point& more);

// Aggregates samples per (device, metric, series key, resolution, bucket)
// and upserts them into `metric_rollups`, folding into existing buckets.
class RollupFolder {
 public:
  void Add(int64_t customer_id, int64_t device_id, const std::string& metric,
           const std::string& series_key, int64_t ts_ms, double value);
  Status Write(storage::Connection& c) const;

 private:
  struct Agg {
    int64_t customer_id = 0;
    Point point;
  };
  std::map<std::tuple<int64_t, std::string, std::string, int64_t, int64_t>, Agg> buckets_;
};

}  // namespace steward::monitoring
