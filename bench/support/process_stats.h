// CPU time and memory of a process, read from /proc: what bench/run reports
// for the server under a simulated fleet (cpu_us_per_sample, server_rss_mb).
#pragma once

#include <cstdint>
#include <optional>

#include <sys/types.h>

namespace steward::bench {

struct ProcessStats {
  double cpu_seconds = 0;      // user + system, all threads, since start
  int64_t rss_bytes = 0;       // resident now (VmRSS)
  int64_t peak_rss_bytes = 0;  // high-water mark (VmHWM)
};

// nullopt if the process is gone or /proc is unreadable.
std::optional<ProcessStats> ReadProcessStats(pid_t pid);

}  // namespace steward::bench
