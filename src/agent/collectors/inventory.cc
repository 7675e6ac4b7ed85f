// Hardware and software inventory, gathered part by part: a part that cannot
// be read (DMI serials need root, dpkg is missing on other distributions)
// becomes null or empty plus an entry in "collection_errors". Pending updates
// come from whichever package manager the device has (pending_updates.h).
#include <set>

#include "agent/collectors/collector.h"
#include "agent/collectors/mounts.h"
#include "agent/collectors/os_release.h"
#include "agent/collectors/packages.h"
#include "agent/collectors/pending_updates.h"
#include "agent/collectors/proc_parsers.h"
#include "agent/collectors/source_parsers.h"
#include "core/json.h"

namespace steward::agent {
namespace {

// Firmware placeholders that mean "not set" rather than a real value.
bool IsDmiPlaceholder(std::string_view value) {
  static const std::set<std::string, std::less<>> kPlaceholders = {"",
                                                                   "to be filled by o.e.m.",
                                                                   "default string",
                                                                   "not specified",
                                                                   "none",
                                                                   "n/a",
                                                                   "system serial number",
                                                                   "system manufacturer",
                                                                   "system product name",
                                                                   "0123456789",
                                                                   "not applicable",
                                                                   "oem",
                                                                   "o.e.m."};
  std::string lower(value);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return kPlaceholders.count(lower) > 0;
}

class InventoryBuilder {
 public:
  InventoryBuilder(platform::System& system, const PackageQueryDirs& package_dirs)
      : system_(system), package_dirs_(package_dirs) {}

  void Error(std::string_view part, const Status& status) {
    errors_.push_back(Json{{"part", part}, {"error", SanitizeText(status.ToString(), 300)}});
  }

  // Trimmed, sanitised contents of a small file, or nullopt.
  std::optional<std::string> SmallFile(const std::string& path) {
    auto text = system_.ReadFile(path, 64 * 1024);
    if (!text.ok()) return std::nullopt;
    return SanitizeText(Trim(*text), 256);
  }

  Json Dmi(const char* file) {
    auto value = SmallFile(std::string("/sys/class/dmi/id/") + file);
    if (!value || IsDmiPlaceholder(*value)) return nullptr;
    return *value;
  }

  Json Disks() {
    Json disks = Json::array();
    auto entries = system_.ListDirectory("/sys/block");
    if (!entries.ok()) {
      Error("disks", entries.status());
      return disks;
    }
    for (const auto& e : *entries) {
      const std::string& n = e.name;
      if (n.starts_with("loop") || n.starts_with("ram") || n.starts_with("zram") ||
          n.starts_with("dm-") || n.starts_with("fd") || n.starts_with("sr")) {
        continue;
      }
      std::string base = "/sys/block/" + n;
      auto sectors = SmallFile(base + "/size");
      auto count = sectors ? ParseUint(*sectors) : std::nullopt;
      if (!count || *count == 0) continue;
      Json disk = {{"name", SanitizeText(n, 64)}, {"size_bytes", *count * 512}};
      auto model = SmallFile(base + "/device/model");
      disk["model"] = model && !model->empty() ? Json(*model) : Json(nullptr);
      auto serial = SmallFile(base + "/device/serial");
      disk["serial"] = serial && !serial->empty() ? Json(*serial) : Json(nullptr);
      auto rotational = SmallFile(base + "/queue/rotational");
      disk["rotational"] = rotational ? Json(*rotational == "1") : Json(nullptr);
      disks.push_back(std::move(disk));
    }
    return disks;
  }

  Json Volumes() {
    Json volumes = Json::array();
    auto text = system_.ReadFile("/proc/self/mounts");
    if (!text.ok()) {
      Error("volumes", text.status());
      return volumes;
    }
    for (const auto& m : SelectVolumes(ParseMounts(*text))) {
      auto info = system_.Stat(m.mount_point);
      if (info.ok() && !info->is_directory) continue;  // a bind-mounted file
      auto stats = system_.StatVfs(m.mount_point);
      if (!stats.ok() || stats->total_bytes == 0) continue;
      volumes.push_back({{"mount", SanitizeText(m.mount_point, 512)},
                         {"device", SanitizeText(m.device, 512)},
                         {"fs_type", SanitizeText(m.fs_type, 64)},
                         {"total_bytes", stats->total_bytes},
                         {"system", m.mount_point == "/"}});
    }
    return volumes;
  }

  Json Addresses() {
    Json out = Json::array();
    auto addresses = system_.InterfaceAddresses();
    if (!addresses.ok()) {
      Error("addresses", addresses.status());
      return out;
    }
    for (const auto& a : *addresses) {
      if (a.address == "127.0.0.1" || a.address == "::1") continue;
      out.push_back({{"interface", SanitizeText(a.interface, 64)},
                     {"family", a.family},
                     {"address", a.address}});
    }
    return out;
  }

  Json Interfaces() {
    Json out = Json::array();
    auto entries = system_.ListDirectory("/sys/class/net");
    if (!entries.ok()) return out;
    for (const auto& e : *entries) {
      if (e.name == "lo") continue;
      auto mac = SmallFile("/sys/class/net/" + e.name + "/address");
      out.push_back({{"name", SanitizeText(e.name, 64)},
                     {"mac", mac && !mac->empty() ? Json(*mac) : Json(nullptr)}});
    }
    return out;
  }

  Json Packages() {
    Json out = Json::array();
    platform::ProcessOptions options;
    options.timeout = std::chrono::seconds(120);
    options.output_cap = size_t{32} << 20;
    std::vector<std::string> argv = {"dpkg-query"};
    if (!package_dirs_.dpkg_admindir.empty()) {
      argv.push_back("--admindir=" + package_dirs_.dpkg_admindir);
    }
    argv.insert(argv.end(),
                {"-W", "-f", "${Package}\\t${Version}\\t${Architecture}\\t${db:Status-Abbrev}\\n"});
    auto run = system_.Run(argv, options);
    if (!run.ok()) {
      if (run.status().code() != StatusCode::kNotFound) Error("packages", run.status());
      return out;
    }
    if (run->exit_code != 0 || run->truncated) {
      Error("packages", Status::Unavailable("dpkg-query: " + SanitizeText(run->stderr_text, 200)));
      if (run->stdout_text.empty()) return out;
    }
    broken_ = ParseDpkgBroken(run->stdout_text);
    for (const auto& p : ParseDpkgQuery(run->stdout_text)) {
      Json item = {{"name", p.name}, {"version", p.version}};
      if (!p.architecture.empty()) item["architecture"] = p.architecture;
      out.push_back(std::move(item));
    }
    return out;
  }

  // Sets "package_manager" and "pending_updates" on the inventory.
  void PendingUpdates(Json& inv) {
    PendingUpdatesReport report = CollectPendingUpdates(system_, package_dirs_);
    for (const Status& error : report.errors) Error("pending_updates", error);
    // A package dpkg left part-way (its maintainer script failed) is still
    // to be installed: reported pending at the version dpkg has, so the
    // server does not count the failed update as installed.
    for (const BrokenPackage& b : broken_) {
      bool listed = false;
      for (const PendingUpdate& u : report.updates) listed = listed || u.name == b.name;
      if (listed) continue;
      PendingUpdate u;
      u.name = b.name;
      u.current_version = b.version;
      u.available_version = b.version;
      u.origin = "dpkg: " + b.state;
      report.updates.push_back(std::move(u));
    }
    inv["package_manager"] =
        report.package_manager.empty() ? Json(nullptr) : Json(report.package_manager);
    inv["pending_updates"] = PendingUpdatesToJson(report.updates);
  }

  Result<Json> Build() {
    Json inv = Json::object();
    STEWARD_ASSIGN_OR_RETURN(std::string hostname, system_.Hostname());
    inv["hostname"] = SanitizeText(hostname, 256);

    auto machine_id = SmallFile("/etc/machine-id");
    if (!machine_id || machine_id->empty()) machine_id = SmallFile("/var/lib/dbus/machine-id");
    inv["machine_id"] = machine_id && !machine_id->empty() ? Json(*machine_id) : Json(nullptr);
    if (inv["machine_id"].is_null())
      Error("machine_id", Status::NotFound("file", "/etc/machine-id"));

    auto os_text = system_.ReadFile("/etc/os-release", 64 * 1024);
    if (!os_text.ok()) os_text = system_.ReadFile("/usr/lib/os-release", 64 * 1024);
    if (os_text.ok()) {
      auto os = ParseOsRelease(*os_text);
      std::string pretty = os.count("PRETTY_NAME") ? os["PRETTY_NAME"] : os["NAME"];
      inv["os"] = pretty.empty() ? Json(nullptr) : Json(SanitizeText(pretty, 256));
      inv["os_id"] = SanitizeText(os["ID"], 64);
      inv["os_version"] = SanitizeText(os["VERSION_ID"], 64);
    } else {
      inv["os"] = nullptr;
      Error("os", os_text.status());
    }

    auto kernel = system_.Uname();
    if (kernel.ok()) {
      inv["kernel"] = SanitizeText(kernel->release, 256);
      inv["architecture"] = SanitizeText(kernel->machine, 64);
    } else {
      inv["kernel"] = nullptr;
      Error("kernel", kernel.status());
    }

    auto cpuinfo = system_.ReadFile("/proc/cpuinfo");
    if (cpuinfo.ok()) {
      CpuInfo cpu = ParseCpuinfo(*cpuinfo);
      inv["cpu_model"] = cpu.model.empty() ? Json(nullptr) : Json(SanitizeText(cpu.model, 256));
      inv["cpu_cores"] = cpu.logical_cores;
    } else {
      inv["cpu_model"] = nullptr;
      inv["cpu_cores"] = nullptr;
      Error("cpu", cpuinfo.status());
    }

    auto meminfo = system_.ReadFile("/proc/meminfo");
    auto mem = meminfo.ok() ? ParseMeminfo(*meminfo) : Result<MemInfo>(meminfo.status());
    if (mem.ok()) {
      inv["ram_bytes"] = mem->total_bytes;
    } else {
      inv["ram_bytes"] = nullptr;
      Error("ram", mem.status());
    }

    inv["disks"] = Disks();
    inv["volumes"] = Volumes();
    inv["serial_number"] = Dmi("product_serial");
    if (inv["serial_number"].is_null()) inv["serial_number"] = Dmi("board_serial");
    inv["manufacturer"] = Dmi("sys_vendor");
    inv["model"] = Dmi("product_name");
    inv["addresses"] = Addresses();
    inv["interfaces"] = Interfaces();
    inv["packages"] = Packages();
    PendingUpdates(inv);
    inv["collection_errors"] = errors_;
    return inv;
  }

 private:
  platform::System& system_;
  const PackageQueryDirs& package_dirs_;
  std::vector<BrokenPackage> broken_;  // from Packages(), for PendingUpdates()
  Json errors_ = Json::array();
};

}  // namespace

Result<nlohmann::json> CollectInventory(const CollectorConfig& config, platform::System& system) {
  return InventoryBuilder(system, config.package_dirs).Build();
}

}  // namespace steward::agent
