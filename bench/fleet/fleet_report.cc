#include "fleet/fleet_report.h"

#include <algorithm>

namespace steward::bench {

nlohmann::json FleetReport(const RunShape& shape, const FleetCounts& c,
                           const std::optional<ServerUse>& server) {
  nlohmann::json out = {
      {"agents", shape.agents},
      {"transport", shape.transport},
      {"connections", shape.connections},
      {"interval_s", shape.interval_s},
      {"duration_s", shape.elapsed_s},
      {"samples", c.samples},
      {"batches", c.batches},
      {"samples_per_s", static_cast<double>(c.samples) / shape.elapsed_s},
      {"ack_p50_ms", static_cast<double>(c.ack.Percentile(0.5)) / 1000.0},
      {"ack_p99_ms", static_cast<double>(c.ack.Percentile(0.99)) / 1000.0},
      {"alert_batches", c.deciding},
      {"alert_p50_ms", static_cast<double>(c.alert.Percentile(0.5)) / 1000.0},
      {"alert_p99_ms", static_cast<double>(c.alert.Percentile(0.99)) / 1000.0},
      {"errors", c.errors},
  };
  if (server) {
    out["server_cpu_s"] = server->cpu_s;
    out["server_cpu_share_of_2_cores"] = server->cpu_s / shape.elapsed_s / 2;
    out["cpu_us_per_sample"] = c.samples ? server->cpu_s * 1e6 / static_cast<double>(c.samples) : 0;
    out["server_rss_mb"] = server->peak_rss_mb;
  }
  return out;
}

nlohmann::json FleetPart(const RunShape& shape, const FleetCounts& counts,
                         const std::optional<ServerUse>& server) {
  nlohmann::json out = FleetReport(shape, counts, server);
  out["ack_hist"] = counts.ack.Encode();
  out["alert_hist"] = counts.alert.Encode();
  return out;
}

std::optional<nlohmann::json> MergeReports(const std::vector<nlohmann::json>& parts,
                                           std::string& error) {
  if (parts.empty()) {
    error = "no parts";
    return std::nullopt;
  }
  RunShape shape;
  FleetCounts total;
  double samples_per_s = 0;
  std::optional<ServerUse> server = ServerUse{};
  for (const auto& p : parts) {
    try {
      auto ack = LatencyRecorder::Decode(p.at("ack_hist").get<std::string>());
      auto alert = LatencyRecorder::Decode(p.at("alert_hist").get<std::string>());
      if (!ack || !alert) {
        error = "unreadable latency recorder";
        return std::nullopt;
      }
      FleetCounts c;
      c.ack = *ack;
      c.alert = *alert;
      c.samples = p.at("samples").get<int64_t>();
      c.batches = p.at("batches").get<int64_t>();
      c.errors = p.at("errors").get<int64_t>();
      c.deciding = p.at("alert_batches").get<int64_t>();
      total.Merge(c);
      shape.agents += p.at("agents").get<int64_t>();
      shape.transport = p.at("transport").get<std::string>();
      shape.connections += p.at("connections").get<int>();
      shape.interval_s = p.at("interval_s").get<double>();
      shape.elapsed_s = std::max(shape.elapsed_s, p.at("duration_s").get<double>());
      samples_per_s += p.at("samples_per_s").get<double>();
      if (server && p.contains("server_cpu_s")) {
        server->cpu_s = std::max(server->cpu_s, p.at("server_cpu_s").get<double>());
        server->peak_rss_mb = std::max(server->peak_rss_mb, p.at("server_rss_mb").get<double>());
      } else {
        server.reset();
      }
    } catch (const nlohmann::json::exception& e) {
      error = e.what();
      return std::nullopt;
    }
  }
  nlohmann::json out = FleetReport(shape, total, server);
  out["samples_per_s"] = samples_per_s;
  return out;
}

}  // namespace steward::bench
