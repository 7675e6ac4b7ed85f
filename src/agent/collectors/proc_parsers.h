// Pure parsers for the Linux /proc files the collectors read. Each takes the
// file's text and returns what it found; malformed text is InvalidArgument,
// never a crash (the text comes from the machine, but tests feed fixtures).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace steward::agent {

// The aggregate "cpu" line of /proc/stat, in clock ticks.
struct CpuTimes {
  uint64_t busy = 0;  // user+nice+system+irq+softirq+steal
  uint64_t idle = 0;  // idle+iowait
  uint64_t iowait = 0;
  uint64_t total() const { return busy + idle; }
};

struct ProcStat {
  CpuTimes cpu;
  std::optional<int64_t> boot_time_seconds;  // "btime", seconds since the epoch
};

Result<ProcStat> ParseProcStat(std::string_view text);

// Percent of the interval the CPUs were busy; nullopt when no time passed or
// the counters went backwards (a reset).
std::optional<double> CpuUsedPercent(const CpuTimes& before, const CpuTimes& after);

struct MemInfo {
  uint64_t total_bytes = 0;
  uint64_t available_bytes = 0;
  uint64_t swap_total_bytes = 0;
  uint64_t swap_free_bytes = 0;
};

// Uses MemAvailable; kernels older than 3.14 lack it, so MemFree+Buffers+Cached
// stands in there.
Result<MemInfo> ParseMeminfo(std::string_view text);

struct LoadAverage {
  double one = 0, five = 0, fifteen = 0;
};
Result<LoadAverage> ParseLoadavg(std::string_view text);

// Seconds since boot (first field of /proc/uptime).
Result<double> ParseUptime(std::string_view text);

struct InterfaceCounters {
  uint64_t rx_bytes = 0;
  uint64_t tx_bytes = 0;
};
// /proc/net/dev: interface name -> counters.
Result<std::map<std::string, InterfaceCounters>> ParseNetDev(std::string_view text);

struct CpuInfo {
  std::string model;
  int logical_cores = 0;
};
CpuInfo ParseCpuinfo(std::string_view text);

// Splits on '\n', dropping a trailing empty line.
std::vector<std::string_view> SplitLines(std::string_view text);
// Splits on runs of spaces and tabs.
std::vector<std::string_view> SplitFields(std::string_view line);
std::string_view Trim(std::string_view s);
std::optional<uint64_t> ParseUint(std::string_view s);
std::optional<double> ParseDouble(std::string_view s);

}  // namespace steward::agent
