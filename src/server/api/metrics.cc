#include "server/api/metrics.h"

#include <fmt/format.h>

namespace steward::api {

void HttpMetrics::Observe(const std::string& method, const std::string& route, int status,
                          double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{method, route, status}];
  Histogram& h = latency_[{method, route}];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

std::string HttpMetrics::RenderPrometheus() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP steward_http_requests_total HTTP requests by route pattern, method and status.\n";
  out += "# TYPE steward_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out +=
        fmt::format("steward_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                    method, route, status, n);
  }
  out += "# HELP steward_http_request_duration_seconds Time from request read to response.\n";
  out += "# TYPE steward_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    const auto& [method, route] = key;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format(
          "steward_http_request_duration_seconds_bucket{{method=\"{}\",route=\"{}\",le=\"{}\"}} "
          "{}\n",
          method, route, kBuckets[i], h.buckets[i]);
    }
    out += fmt::format(
        "steward_http_request_duration_seconds_bucket{{method=\"{}\",route=\"{}\",le=\"+Inf\"}} "
        "{}\n",
        method, route, h.count);
    out +=
        fmt::format("steward_http_request_duration_seconds_sum{{method=\"{}\",route=\"{}\"}} {}\n",
                    method, route, h.sum);
    out += fmt::format(
        "steward_http_request_duration_seconds_count{{method=\"{}\",route=\"{}\"}} {}\n", method,
        route, h.count);
  }
  return out;
}

}  // namespace steward::api
