#include "agent/collectors/proc_parsers.h"

#include <charconv>
#include <cstdlib>
#include <string>

namespace steward::agent {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

std::optional<uint64_t> ParseUint(std::string_view s) {
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<double> ParseDouble(std::string_view s) {
  if (s.empty() || s.size() > 64) return std::nullopt;
  std::string copy(s);
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return v;
}

Result<ProcStat> ParseProcStat(std::string_view text) {
  ProcStat stat;
  bool have_cpu = false;
  for (std::string_view line : SplitLines(text)) {
    auto f = SplitFields(line);
    if (f.empty()) continue;
    if (f[0] == "cpu") {
      // user nice system idle iowait irq softirq steal [guest guest_nice];
      // guest time is already counted in user, so it is not added again.
      if (f.size() < 5) return Status::InvalidArgument("/proc/stat: short cpu line");
      uint64_t v[8] = {};
      for (size_t i = 1; i < f.size() && i <= 8; ++i) {
        auto n = ParseUint(f[i]);
        if (!n) return Status::InvalidArgument("/proc/stat: bad cpu counter");
        v[i - 1] = *n;
      }
      stat.cpu.busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
      stat.cpu.iowait = v[4];
      stat.cpu.idle = v[3] + v[4];
      have_cpu = true;
    } else if (f[0] == "btime" && f.size() >= 2) {
      auto n = ParseUint(f[1]);
      if (n) stat.boot_time_seconds = static_cast<int64_t>(*n);
    }
  }
  if (!have_cpu) return Status::InvalidArgument("/proc/stat: no cpu line");
  return stat;
}

std::optional<double> CpuUsedPercent(const CpuTimes& before, const CpuTimes& after) {
  if (after.busy < before.busy || after.idle < before.idle) return std::nullopt;
  uint64_t total = after.total() - before.total();
  if (total == 0) return std::nullopt;
  return 100.0 * static_cast<double>(after.busy - before.busy) / static_cast<double>(total);
}

Result<MemInfo> ParseMeminfo(std::string_view text) {
  std::map<std::string, uint64_t, std::less<>> kb;
  for (std::string_view line : SplitLines(text)) {
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    auto f = SplitFields(line.substr(colon + 1));
    if (f.empty()) continue;
    auto n = ParseUint(f[0]);
    if (!n) continue;
    kb[std::string(line.substr(0, colon))] = *n;
  }
  auto get = [&](std::string_view key) -> std::optional<uint64_t> {
    auto it = kb.find(key);
    if (it == kb.end()) return std::nullopt;
    return it->second * 1024;
  };
  MemInfo info;
  auto total = get("MemTotal");
  if (!total || *total == 0) return Status::InvalidArgument("/proc/meminfo: no MemTotal");
  info.total_bytes = *total;
  if (auto available = get("MemAvailable")) {
    info.available_bytes = *available;
  } else {
    info.available_bytes =
        get("MemFree").value_or(0) + get("Buffers").value_or(0) + get("Cached").value_or(0);
  }
  info.available_bytes = std::min(info.available_bytes, info.total_bytes);
  info.swap_total_bytes = get("SwapTotal").value_or(0);
  info.swap_free_bytes = std::min(get("SwapFree").value_or(0), info.swap_total_bytes);
  return info;
}

Result<LoadAverage> ParseLoadavg(std::string_view text) {
  auto f = SplitFields(Trim(text));
  if (f.size() < 3) return Status::InvalidArgument("/proc/loadavg: too few fields");
  auto a = ParseDouble(f[0]), b = ParseDouble(f[1]), c = ParseDouble(f[2]);
  if (!a || !b || !c) return Status::InvalidArgument("/proc/loadavg: bad number");
  return LoadAverage{*a, *b, *c};
}

Result<double> ParseUptime(std::string_view text) {
  auto f = SplitFields(Trim(text));
  if (f.empty()) return Status::InvalidArgument("/proc/uptime: empty");
  auto v = ParseDouble(f[0]);
  if (!v || *v < 0) return Status::InvalidArgument("/proc/uptime: bad number");
  return *v;
}

Result<std::map<std::string, InterfaceCounters>> ParseNetDev(std::string_view text) {
  std::map<std::string, InterfaceCounters> out;
  for (std::string_view line : SplitLines(text)) {
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || line.find('|') != std::string_view::npos) continue;
    std::string_view name = Trim(line.substr(0, colon));
    auto f = SplitFields(line.substr(colon + 1));
    if (name.empty() || f.size() < 9) {
      return Status::InvalidArgument("/proc/net/dev: malformed line");
    }
    auto rx = ParseUint(f[0]), tx = ParseUint(f[8]);
    if (!rx || !tx) return Status::InvalidArgument("/proc/net/dev: bad counter");
    out[std::string(name)] = InterfaceCounters{*rx, *tx};
  }
  return out;
}

CpuInfo ParseCpuinfo(std::string_view text) {
  CpuInfo info;
  std::string fallback_model;
  for (std::string_view line : SplitLines(text)) {
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view key = Trim(line.substr(0, colon));
    std::string_view value = Trim(line.substr(colon + 1));
    if (key == "processor") {
      ++info.logical_cores;
    } else if (key == "model name" && info.model.empty()) {
      info.model = std::string(value);
    } else if ((key == "Hardware" || key == "cpu model" || key == "uarch") &&
               fallback_model.empty()) {
      // ARM and RISC-V kernels name the CPU differently.
      fallback_model = std::string(value);
    }
  }
  if (info.model.empty()) info.model = fallback_model;
  return info;
}

}  // namespace steward::agent
