// Where samples live. Callers see series of points; how they are laid out
// (write-ahead batch records while recent, compressed chunks once their
// window closed, and rows per sample from before either existed) is the
// store's business. Rollups (min, max, sum, count per 5 minutes and per
// hour) are folded in when recent samples are compacted and computed from
// the records until then: readers see the same buckets either way.
#pragma once

#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "server/monitoring/sample.h"
#include "server/monitoring/series_math.h"
#include "storage/database.h"

namespace steward::monitoring {

struct SeriesQuery {
  int64_t device_id = 0;
  std::string metric;
  int64_t from_ms = 0;  // inclusive
  int64_t to_ms = 0;    // exclusive
  Resolution resolution = Resolution::kRaw;
  // Only series whose labels include every one of these.
  std::map<std::string, std::string> label_filter;
  size_t max_points = 20000;  // ResourceExhausted beyond
};

struct Series {
  std::map<std::string, std::string> labels;  // without "message"
  std::vector<Point> points;                  // ascending time
};

struct CompactionStep {
  int64_t moved = 0;  // samples now in chunks
  bool more = false;  // samples of closed windows may be left
};

class SampleStore {
 public:
  virtual ~SampleStore() = default;
  // Stores validated samples of one device and updates the rollups, inside
  // the caller's transaction.
  virtual Status Append(storage::Connection& c, int64_t customer_id, int64_t device_id,
                        std::span<const Sample> samples) = 0;
  virtual Result<std::vector<Series>> Read(storage::Connection& c, const SeriesQuery& q) = 0;
  // The series (metric and labels, no points) a device reported since `since_ms`.
  struct SeriesInfo {
    std::string metric;
    std::map<std::string, std::string> labels;
  };
  virtual Result<std::vector<SeriesInfo>> ListSeries(storage::Connection& c, int64_t device_id,
                                                     int64_t since_ms) = 0;
  // Deletes raw samples and rollups past their retention at `now_ms`.
  // Returns the number of rows removed.
  virtual Result<int64_t> Prune(storage::Connection& c, const Retention& retention,
                                int64_t now_ms) = 0;
  // Moves about `max_samples` recent samples of closed windows into
  // compressed chunks (and their rollups).
  virtual Result<CompactionStep> Compact(storage::Connection& c, int64_t now_ms,
                                         int64_t max_samples) = 0;
};

// The store over the `metric_samples` (recent raw rows), `metric_chunks`
// (compressed history) and `metric_rollups` tables.
std::unique_ptr<SampleStore> MakeSqlSampleStore();

}  // namespace steward::monitoring
