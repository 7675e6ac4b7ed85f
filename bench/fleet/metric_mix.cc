#include "fleet/metric_mix.h"

#include <algorithm>
#include <cstdio>

namespace steward::bench {
namespace {

// `ts` is the JSON value as text ("\"2026-...Z\"" or milliseconds); a device
// of 0 is left out (the agent channel knows who is talking).
void Append(std::string& out, int& n, int64_t device, const char* metric, const std::string& ts,
            double value, const char* labels) {
  char buf[512];
  char device_field[48] = "";
  if (device > 0) {
    std::snprintf(device_field, sizeof device_field, "\"device_id\":%lld,",
                  static_cast<long long>(device));
  }
  int len = std::snprintf(buf, sizeof buf,
                          "%s{%s\"metric\":\"%s\",\"ts\":%s,\"value\":%.3f,\"labels\":{%s}}",
                          n ? "," : "", device_field, metric, ts.c_str(), value, labels);
  out.append(buf, static_cast<size_t>(std::min<int>(len, sizeof buf - 1)));
  ++n;
}

}  // namespace

double MetricMix::Wander(double& v, double lo, double hi, double step) {
  v += std::uniform_real_distribution<double>(-step, step)(rng_);
  v = std::clamp(v, lo, hi);
  return v;
}

int MetricMix::AppendSamples(const std::string& ts_iso, bool deciding, std::string& out) {
  return AppendWith("\"" + ts_iso + "\"", device_id_, deciding, out);
}

int MetricMix::AppendChannelSamples(int64_t ts_ms, bool deciding, std::string& out) {
  return AppendWith(std::to_string(ts_ms), 0, deciding, out);
}

int MetricMix::AppendWith(const std::string& ts, int64_t d, bool deciding, std::string& out) {
  int n = 0;
  Append(out, n, d, "cpu.used_percent", ts, Wander(cpu_, 0, 85, 5), "");
  Append(out, n, d, "memory.used_percent", ts, Wander(mem_, 10, 75, 2), "");
  static const char* kMounts[3] = {"\"mount\":\"/\",\"system\":\"true\"", "\"mount\":\"/var\"",
                                   "\"mount\":\"/srv\""};
  static const double kSizes[3] = {60e9, 500e9, 2000e9};
  for (int i = 0; i < 3; ++i) {
    double free_bytes = Wander(vol_free_[i], 10e9, kSizes[i] * 0.9, 1e7);
    if (i == 0 && deciding) free_bytes = 1e9;
    Append(out, n, d, "volume.free_bytes", ts, free_bytes, kMounts[i]);
    Append(out, n, d, "volume.free_percent", ts, 100 * free_bytes / kSizes[i], kMounts[i]);
  }
  static const char* kIfaces[8] = {
      "\"interface\":\"eth0\",\"direction\":\"rx\"", "\"interface\":\"eth0\",\"direction\":\"tx\"",
      "\"interface\":\"eth1\",\"direction\":\"rx\"", "\"interface\":\"eth1\",\"direction\":\"tx\"",
      "\"interface\":\"lo\",\"direction\":\"rx\"",   "\"interface\":\"lo\",\"direction\":\"tx\"",
      "\"interface\":\"wg0\",\"direction\":\"rx\"",  "\"interface\":\"wg0\",\"direction\":\"tx\""};
  for (int i = 0; i < 8; ++i) {
    net_[i] += std::uniform_real_distribution<double>(0, 5e6)(rng_);
    Append(out, n, d, "network.bytes", ts, net_[i], kIfaces[i]);
  }
  Append(out, n, d, "load.avg1", ts, Wander(load_, 0, 8, 0.3), "");
  Append(out, n, d, "load.avg5", ts, load_ * 0.9, "");
  Append(out, n, d, "load.avg15", ts, load_ * 0.8, "");
  Append(out, n, d, "system.uptime_seconds", ts, 86400.0 * 12, "");
  Append(out, n, d, "processes.count", ts, 180 + static_cast<double>(rng_() % 20), "");
  static const char* kUnits[8] = {"\"unit\":\"sshd.service\"",   "\"unit\":\"cron.service\"",
                                  "\"unit\":\"nginx.service\"",  "\"unit\":\"postgresql.service\"",
                                  "\"unit\":\"docker.service\"", "\"unit\":\"rsyslog.service\"",
                                  "\"unit\":\"chrony.service\"", "\"unit\":\"clamav.service\""};
  for (const char* unit : kUnits) Append(out, n, d, "service.active", ts, 1, unit);
  Append(out, n, d, "backup.success", ts, 1, "");
  return n;  // kSeriesPerAgent
}

}  // namespace steward::bench
