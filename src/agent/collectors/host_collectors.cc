// CPU, memory, volumes, load/uptime and network: the collectors every host has.
#include <optional>

#include "agent/collectors/builtin_collectors.h"
#include "agent/collectors/mounts.h"
#include "agent/collectors/proc_parsers.h"

namespace steward::agent {
namespace {

class CpuCollector final : public Collector {
 public:
  explicit CpuCollector(SystemPtr system) : system_(std::move(system)) {}
  std::string_view name() const override { return "cpu"; }

  Status Collect(Timestamp now, Collection& out) override {
    STEWARD_ASSIGN_OR_RETURN(std::string text, system_->ReadFile("/proc/stat"));
    STEWARD_ASSIGN_OR_RETURN(ProcStat stat, ParseProcStat(text));
    if (previous_) {
      if (auto used = CpuUsedPercent(*previous_, stat.cpu)) {
        AddSample(out, "cpu.used_percent", now, *used);
        uint64_t total = stat.cpu.total() - previous_->total();
        if (stat.cpu.iowait >= previous_->iowait) {
          AddSample(out, "cpu.iowait_percent", now,
                    100.0 * static_cast<double>(stat.cpu.iowait - previous_->iowait) /
                        static_cast<double>(total));
        }
      }
    }
    previous_ = stat.cpu;
    return Status::Ok();
  }

 private:
  SystemPtr system_;
  std::optional<CpuTimes> previous_;
};

class MemoryCollector final : public Collector {
 public:
  explicit MemoryCollector(SystemPtr system) : system_(std::move(system)) {}
  std::string_view name() const override { return "memory"; }

  Status Collect(Timestamp now, Collection& out) override {
    STEWARD_ASSIGN_OR_RETURN(std::string text, system_->ReadFile("/proc/meminfo"));
    STEWARD_ASSIGN_OR_RETURN(MemInfo info, ParseMeminfo(text));
    double total = static_cast<double>(info.total_bytes);
    AddSample(out, "memory.used_percent", now,
              100.0 * (total - static_cast<double>(info.available_bytes)) / total);
    AddSample(out, "memory.total_bytes", now, total);
    AddSample(out, "memory.available_bytes", now, static_cast<double>(info.available_bytes));
    if (info.swap_total_bytes > 0) {
      AddSample(out, "swap.used_percent", now,
                100.0 * static_cast<double>(info.swap_total_bytes - info.swap_free_bytes) /
                    static_cast<double>(info.swap_total_bytes));
    }
    return Status::Ok();
  }

 private:
  SystemPtr system_;
};

class VolumeCollector final : public Collector {
 public:
  explicit VolumeCollector(SystemPtr system) : system_(std::move(system)) {}
  std::string_view name() const override { return "volume"; }

  Status Collect(Timestamp now, Collection& out) override {
    STEWARD_ASSIGN_OR_RETURN(std::string text, system_->ReadFile("/proc/self/mounts"));
    for (const MountEntry& m : SelectVolumes(ParseMounts(text))) {
      // Files bind-mounted into a container (/etc/hosts) are not volumes.
      auto info = system_->Stat(m.mount_point);
      if (info.ok() && !info->is_directory) continue;
      // A mount that cannot be queried (a hung network share, a permission
      // problem) is skipped so the other volumes are still reported.
      auto stats = system_->StatVfs(m.mount_point);
      if (!stats.ok() || stats->total_bytes == 0) continue;
      std::map<std::string, std::string> labels = {{"mount", m.mount_point}};
      if (m.mount_point == "/") labels["system"] = "true";
      double total = static_cast<double>(stats->total_bytes);
      double free = static_cast<double>(stats->available_bytes);
      AddSample(out, "volume.free_bytes", now, free, labels);
      AddSample(out, "volume.free_percent", now, 100.0 * free / total, labels);
      AddSample(out, "volume.total_bytes", now, total, labels);
    }
    return Status::Ok();
  }

 private:
  SystemPtr system_;
};

class UptimeLoadCollector final : public Collector {
 public:
  explicit UptimeLoadCollector(SystemPtr system) : system_(std::move(system)) {}
  std::string_view name() const override { return "uptime"; }

  Status Collect(Timestamp now, Collection& out) override {
    STEWARD_ASSIGN_OR_RETURN(std::string loadavg, system_->ReadFile("/proc/loadavg"));
    STEWARD_ASSIGN_OR_RETURN(LoadAverage load, ParseLoadavg(loadavg));
    AddSample(out, "load.1m", now, load.one);
    AddSample(out, "load.5m", now, load.five);
    AddSample(out, "load.15m", now, load.fifteen);
    STEWARD_ASSIGN_OR_RETURN(std::string uptime_text, system_->ReadFile("/proc/uptime"));
    STEWARD_ASSIGN_OR_RETURN(double uptime, ParseUptime(uptime_text));
    AddSample(out, "system.uptime_seconds", now, uptime);
    // btime is exact; now - uptime would wobble by a second between runs
    // and look like reboots.
    STEWARD_ASSIGN_OR_RETURN(std::string stat_text, system_->ReadFile("/proc/stat"));
    STEWARD_ASSIGN_OR_RETURN(ProcStat stat, ParseProcStat(stat_text));
    if (stat.boot_time_seconds) {
      AddSample(out, "system.boot_time", now, static_cast<double>(*stat.boot_time_seconds));
    }
    return Status::Ok();
  }

 private:
  SystemPtr system_;
};

class NetworkCollector final : public Collector {
 public:
  explicit NetworkCollector(SystemPtr system) : system_(std::move(system)) {}
  std::string_view name() const override { return "network"; }

  Status Collect(Timestamp now, Collection& out) override {
    STEWARD_ASSIGN_OR_RETURN(std::string text, system_->ReadFile("/proc/net/dev"));
    STEWARD_ASSIGN_OR_RETURN(auto counters, ParseNetDev(text));
    double seconds =
        previous_time_ ? std::chrono::duration<double>(now - *previous_time_).count() : 0.0;
    for (const auto& [iface, c] : counters) {
      if (iface == "lo") continue;
      std::map<std::string, std::string> labels = {{"interface", iface}};
      AddSample(out, "net.rx_bytes", now, static_cast<double>(c.rx_bytes), labels);
      AddSample(out, "net.tx_bytes", now, static_cast<double>(c.tx_bytes), labels);
      auto prev = previous_.find(iface);
      // A counter that went backwards was reset (driver reload, wrap): no rate.
      if (seconds > 0 && prev != previous_.end() && c.rx_bytes >= prev->second.rx_bytes &&
          c.tx_bytes >= prev->second.tx_bytes) {
        AddSample(out, "net.rx_bytes_per_second", now,
                  static_cast<double>(c.rx_bytes - prev->second.rx_bytes) / seconds, labels);
        AddSample(out, "net.tx_bytes_per_second", now,
                  static_cast<double>(c.tx_bytes - prev->second.tx_bytes) / seconds, labels);
      }
    }
    previous_ = std::move(counters);
    previous_time_ = now;
    return Status::Ok();
  }

 private:
  SystemPtr system_;
  std::map<std::string, InterfaceCounters> previous_;
  std::optional<Timestamp> previous_time_;
};

}  // namespace

std::unique_ptr<Collector> MakeCpuCollector(SystemPtr system) {
  return std::make_unique<CpuCollector>(std::move(system));
}
std::unique_ptr<Collector> MakeMemoryCollector(SystemPtr system) {
  return std::make_unique<MemoryCollector>(std::move(system));
}
std::unique_ptr<Collector> MakeVolumeCollector(SystemPtr system) {
  return std::make_unique<VolumeCollector>(std::move(system));
}
std::unique_ptr<Collector> MakeUptimeLoadCollector(SystemPtr system) {
  return std::make_unique<UptimeLoadCollector>(std::move(system));
}
std::unique_ptr<Collector> MakeNetworkCollector(SystemPtr system) {
  return std::make_unique<NetworkCollector>(std::move(system));
}

}  // namespace steward::agent
