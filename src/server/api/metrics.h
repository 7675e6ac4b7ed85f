// Request metrics in the Prometheus text format: a counter per route pattern,
// method and status, and a latency histogram per route. Thread-safe.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace steward::api {

class HttpMetrics {
 public:
  // `route` is the pattern ("/api/v1/cis/{id}"), never the raw path, so
  // the label set stays bounded whatever clients send.
  void Observe(const std::string& method, const std::string& route, int status, double seconds);
  std::string RenderPrometheus() const;

  static constexpr std::array<double, 10> kBuckets = {0.001, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,  0.5,  1.0,   5.0};

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // GUARDED_BY(mutex_)
  std::map<std::pair<std::string, std::string>, Histogram> latency_;        // GUARDED_BY(mutex_)
};

}  // namespace steward::api
