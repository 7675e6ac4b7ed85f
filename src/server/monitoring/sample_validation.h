// Checks every sample that arrives (from an agent or the ingest API) before
// anything is stored: everything a device reports is untrusted. Pure.
#pragma once

#include <chrono>
#include <cstddef>
#include <span>
#include <string>

#include "core/json.h"
#include "core/result.h"
#include "server/monitoring/sample.h"

namespace steward::monitoring {

inline constexpr size_t kMaxSamplesPerBatch = 5000;
inline constexpr size_t kMaxMetricName = 100;
inline constexpr size_t kMaxLabels = 16;
inline constexpr size_t kMaxLabelValue = 256;
inline constexpr size_t kMaxMessageLabel = 2000;
// How far ahead of the server's clock a timestamp may be (clock skew).
inline constexpr std::chrono::minutes kMaxFutureSkew{5};

// Metric names: lower-case dotted words ("cpu.used_percent",
// "app.queue_depth"), 3..100 bytes, at least one dot.
bool ValidMetricName(std::string_view name);

// InvalidArgument naming the field (prefix + "metric", "ts", "value",
// "labels.<key>") for: a bad metric name, a timestamp more than 5 minutes in
// the future or older than `max_age` (the raw retention), a non-finite value,
// a value outside the range of a well-known metric (percentages 0-100, byte
// counts >= 0, event.log severity 0-7, backup.success 0/1, ups.status 0-2,
// av.detections a count), too many labels, a bad label key or an over-long
// or non-UTF-8 label value.
Status ValidateSample(const Sample& s, Timestamp now, std::chrono::milliseconds max_age,
                      const std::string& prefix = {});

// Parses one element of the ingest API's "samples" array. `prefix` is
// "samples[3]." for error fields.
Result<Sample> ParseSampleJson(const Json& j, const std::string& prefix);

}  // namespace steward::monitoring
