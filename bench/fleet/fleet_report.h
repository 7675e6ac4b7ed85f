// The JSON object steward_fleet prints (bench/run reads it), and the merge of
// several such objects when bench/run splits a fleet over processes (each
// process may hold only as many sockets as RLIMIT_NOFILE allows).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fleet/fleet_counts.h"

namespace steward::bench {

struct RunShape {
  int64_t agents = 0;
  std::string transport;
  int connections = 0;
  double interval_s = 0;
  double elapsed_s = 0;
};

struct ServerUse {
  double cpu_s = 0;  // over the run
  double peak_rss_mb = 0;
};

nlohmann::json FleetReport(const RunShape& shape, const FleetCounts& counts,
                           const std::optional<ServerUse>& server);

// The report plus the raw latency recorders ("ack_hist", "alert_hist"):
// what a process of a split fleet writes for MergeReports.
nlohmann::json FleetPart(const RunShape& shape, const FleetCounts& counts,
                         const std::optional<ServerUse>& server);

// One report for the fleet from its parts (written by FleetPart, run at the
// same time against one server): counts and samples/s summed, percentiles
// from the merged recorders, the longest duration, and the server's CPU and
// RSS as the widest of the parts' (identical) windows measured them.
// nullopt (and why in `error`) for a part that is not a FleetPart.
std::optional<nlohmann::json> MergeReports(const std::vector<nlohmann::json>& parts,
                                           std::string& error);

}  // namespace steward::bench
