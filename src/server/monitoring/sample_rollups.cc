#include "server/monitoring/sample_rollups.h"

#include <algorithm>

#include "server/monitoring/conditions.h"

namespace steward::monitoring {

void MergeInto(Point& into, const Point& more) {
  if (into.count == 0) {
    into = more;
    return;
  }
  into.min = std::min(into.min, more.min);
  into.max = std::max(into.max, more.max);
  into.sum += more.sum;
  into.count += more.count;
}

void RollupFolder::Add(int64_t customer_id, int64_t device_id, const std::string& metric,
                       const std::string& series_key, int64_t ts_ms, double value) {
  for (int64_t res : kRollupResolutionsMs) {
    int64_t bucket = BucketOf(ts_ms, res);
    Agg& agg = buckets_[std::make_tuple(device_id, metric, series_key, res, bucket)];
    agg.customer_id = customer_id;
    MergeInto(agg.point, Point{bucket, value, value, value, 1});
  }
}

Status RollupFolder::Write(storage::Connection& c) const {
  for (const auto& [k, a] : buckets_) {
    const auto& [device_id, metric, key, res, bucket] = k;
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO metric_rollups (device_id, metric, series_key, resolution_ms,"
                  " bucket_start, customer_id, labels_json, min_value, max_value, sum_value,"
                  " sample_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                  " ON CONFLICT (device_id, metric, series_key, resolution_ms, bucket_start)"
                  " DO UPDATE SET"
                  " min_value = CASE WHEN excluded.min_value < metric_rollups.min_value"
                  " THEN excluded.min_value ELSE metric_rollups.min_value END,"
                  " max_value = CASE WHEN excluded.max_value > metric_rollups.max_value"
                  " THEN excluded.max_value ELSE metric_rollups.max_value END,"
                  " sum_value = metric_rollups.sum_value + excluded.sum_value,"
                  " sample_count = metric_rollups.sample_count + excluded.sample_count",
                  {device_id, metric, key, res, bucket, a.customer_id, LabelsJsonOfKey(key),
                   a.point.min, a.point.max, a.point.sum, a.point.count})
            .status());
  }
  return Status::Ok();
}

}  // namespace steward::monitoring
