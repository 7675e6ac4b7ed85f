#include "server/monitoring/sample_validation.h"

#include <cmath>
#include <limits>

#include "core/time_format.h"
#include "server/monitoring/conditions.h"

namespace steward::monitoring {

namespace {

bool IsWordChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

bool ValidLabelKey(std::string_view k) {
  if (k.empty() || k.size() > 64 || !(k[0] >= 'a' && k[0] <= 'z')) return false;
  for (char c : k) {
    if (!IsWordChar(c)) return false;
  }
  return true;
}

bool IsInteger(double v) { return std::floor(v) == v; }

Status Range(const Sample& s, const std::string& field) {
  auto bad = [&](const char* what) { return Status::InvalidArgument(what, field); };
  const std::string& m = s.metric;
  if (m == kCpuUsedPercent || m == kMemoryUsedPercent || m == kVolumeFreePercent) {
    if (s.value < 0 || s.value > 100) return bad("must be a percentage between 0 and 100");
  } else if (m == kVolumeFreeBytes) {
    if (s.value < 0) return bad("must be a byte count >= 0");
  } else if (m == kEventLog) {
    if (s.value < 0 || s.value > 7 || !IsInteger(s.value)) {
      return bad("must be a syslog severity 0-7");
    }
  } else if (m == kBackupSuccess) {
    if (s.value != 0 && s.value != 1) return bad("must be 1 (success) or 0 (failure)");
  } else if (m == kUpsStatus) {
    if (s.value != 0 && s.value != 1 && s.value != 2) {
      return bad("must be 0 (ok), 1 (warning) or 2 (critical)");
    }
  } else if (m == kAvDetections || m == kAgentSpoolDropped) {
    if (s.value < 0 || !IsInteger(s.value)) return bad("must be a count >= 0");
  }
  return Status::Ok();
}

}  // namespace

// Dotted segments of [a-z0-9_]; the name starts with a letter, later
// segments may start with a digit (load.1m).
bool ValidMetricName(std::string_view name) {
  if (name.size() < 3 || name.size() > kMaxMetricName) return false;
  if (!(name.front() >= 'a' && name.front() <= 'z')) return false;
  bool dot = false;
  char prev = '.';
  for (char c : name) {
    if (c == '.') {
      if (prev == '.') return false;
      dot = true;
    } else if (!IsWordChar(c) || (prev == '.' && c == '_')) {
      return false;
    }
    prev = c;
  }
  return dot && prev != '.';
}

Status ValidateSample(const Sample& s, Timestamp now, std::chrono::milliseconds max_age,
                      const std::string& prefix) {
  if (!ValidMetricName(s.metric)) {
    return Status::InvalidArgument(
        "must be lower-case dotted words like cpu.used_percent (3-100 characters)",
        prefix + "metric");
  }
  if (s.ts > now + kMaxFutureSkew) {
    return Status::InvalidArgument("is more than 5 minutes in the future", prefix + "ts");
  }
  if (s.ts < now - max_age) {
    return Status::InvalidArgument(
        "is older than the raw sample retention (" +
            std::to_string(std::chrono::duration_cast<std::chrono::hours>(max_age).count()) +
            " hours)",
        prefix + "ts");
  }
  if (!std::isfinite(s.value)) {
    return Status::InvalidArgument("must be a finite number", prefix + "value");
  }
  STEWARD_RETURN_IF_ERROR(Range(s, prefix + "value"));
  if (s.labels.size() > kMaxLabels) {
    return Status::InvalidArgument("at most 16 labels", prefix + "labels");
  }
  for (const auto& [k, v] : s.labels) {
    if (!ValidLabelKey(k)) {
      return Status::InvalidArgument("label names are lower-case words of up to 64 characters",
                                     prefix + "labels");
    }
    size_t max = k == "message" ? kMaxMessageLabel : kMaxLabelValue;
    if (v.size() > max || !IsValidUtf8(v)) {
      return Status::InvalidArgument("must be UTF-8 of at most " + std::to_string(max) + " bytes",
                                     prefix + "labels." + k);
    }
  }
  return Status::Ok();
}

Result<Sample> ParseSampleJson(const Json& j, const std::string& prefix) {
  if (!j.is_object()) {
    return Status::InvalidArgument("must be an object", prefix.substr(0, prefix.size() - 1));
  }
  ObjectReader r(j, prefix.substr(0, prefix.size() - 1));
  Sample s;
  s.device_id = r.RequiredInt("device_id", 1, std::numeric_limits<int64_t>::max());
  s.metric = r.RequiredString("metric", 1, kMaxMetricName);
  std::string ts = r.RequiredString("ts", 1, 40);
  const Json* value = r.OptionalRaw("value");
  const Json* labels = r.OptionalRaw("labels");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  auto parsed = ParseIso8601(ts);
  if (!parsed.ok()) {
    return Status::InvalidArgument("must be an ISO 8601 UTC timestamp", prefix + "ts");
  }
  s.ts = *parsed;
  if (!value || !value->is_number()) {
    return Status::InvalidArgument("is required and must be a number", prefix + "value");
  }
  s.value = value->get<double>();
  if (labels && !labels->is_null()) {
    if (!labels->is_object()) {
      return Status::InvalidArgument("must be an object of strings", prefix + "labels");
    }
    if (labels->size() > kMaxLabels) {
      return Status::InvalidArgument("at most 16 labels", prefix + "labels");
    }
    for (const auto& [k, v] : labels->items()) {
      if (!v.is_string()) {
        return Status::InvalidArgument("must be a string", prefix + "labels." + k);
      }
      s.labels[k] = v.get<std::string>();
    }
  }
  return s;
}

}  // namespace steward::monitoring
