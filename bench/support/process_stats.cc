#include "support/process_stats.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace steward::bench {
namespace {

int64_t StatusKb(const std::string& status, const std::string& key) {
  size_t pos = status.find(key + ":");
  if (pos == std::string::npos) return 0;
  std::istringstream in(status.substr(pos + key.size() + 1));
  int64_t kb = 0;
  in >> kb;
  return kb;
}

}  // namespace

std::optional<ProcessStats> ReadProcessStats(pid_t pid) {
  std::string base = "/proc/" + std::to_string(pid);
  std::ifstream stat_file(base + "/stat");
  std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may contain spaces) start after ')'.
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(close + 2));
  std::string skip;
  // state(3) ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15)
  for (int i = 3; i < 14; ++i) fields >> skip;
  long long utime = 0, stime = 0;
  if (!(fields >> utime >> stime)) return std::nullopt;
  std::ifstream status_file(base + "/status");
  std::string status((std::istreambuf_iterator<char>(status_file)),
                     std::istreambuf_iterator<char>());
  ProcessStats out;
  out.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  out.rss_bytes = StatusKb(status, "VmRSS") * 1024;
  out.peak_rss_bytes = StatusKb(status, "VmHWM") * 1024;
  return out;
}

}  // namespace steward::bench
