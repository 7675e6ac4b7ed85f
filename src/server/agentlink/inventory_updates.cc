#include "server/agentlink/inventory_updates.h"

#include <set>
#include <string>

#include "server/agentlink/agent_internal.h"
#include "server/patching/rules/report_check.h"

namespace steward::agentlink {

namespace {

// A string of the agent's as printable text of at most `max` bytes; "" for
// anything else.
std::string Clean(const Json& j, size_t max) {
  if (!j.is_string() || !IsValidUtf8(j.get_ref<const std::string&>())) return "";
  return internal::Printable(j.get_ref<const std::string&>(), max);
}

std::string Field(const Json& item, const char* key, size_t max) {
  auto it = item.find(key);
  return it == item.end() ? std::string() : Clean(*it, max);
}

std::vector<std::string> List(const Json& item, const char* key, size_t max_len,
                              bool (*keep)(const std::string&)) {
  std::vector<std::string> out;
  auto it = item.find(key);
  if (it == item.end() || !it->is_array()) return out;
  for (const Json& v : *it) {
    if (out.size() >= 100) break;
    std::string s = Clean(v, max_len);
    if (!s.empty() && keep(s)) out.push_back(std::move(s));
  }
  return out;
}

bool IsCve(const std::string& s) { return patching::IsCveId(s); }

bool Any(const std::string&) { return true; }

bool ScanFailed(const Json& inventory) {
  auto errors = inventory.find("collection_errors");
  if (errors == inventory.end() || !errors->is_array()) return false;
  for (const Json& e : *errors) {
    if (e.is_object() && e.value("part", "") == "pending_updates") return true;
  }
  return false;
}

}  // namespace

patching::PackageFamily FamilyOf(std::string_view package_manager, std::string_view os_id) {
  if (package_manager == "dnf" || package_manager == "yum") return patching::PackageFamily::kRedHat;
  if (package_manager == "zypper") return patching::PackageFamily::kSuse;
  if (os_id == "ubuntu") return patching::PackageFamily::kUbuntu;
  return patching::PackageFamily::kDebian;
}

std::optional<patching::UpdateReport> InventoryUpdates(const Json& inventory) {
  if (!inventory.is_object()) return std::nullopt;
  auto list = inventory.find("pending_updates");
  if (list == inventory.end() || !list->is_array() || ScanFailed(inventory)) return std::nullopt;
  patching::UpdateReport report;
  report.family = FamilyOf(Field(inventory, "package_manager", 20), Field(inventory, "os_id", 64));
  std::set<std::string> seen;
  for (const Json& item : *list) {
    if (report.updates.size() >= patching::kMaxUpdatesPerReport) break;
    if (!item.is_object()) continue;
    patching::PendingUpdate u;
    u.package = Field(item, "name", 200);
    u.candidate_version = Field(item, "available_version", 200);
    if (u.package.empty() || u.candidate_version.empty() || !seen.insert(u.package).second) {
      continue;
    }
    u.installed_version = Field(item, "current_version", 200);
    u.origin = Field(item, "origin", 200);
    u.severity = Field(item, "severity", 40);
    u.cves = List(item, "cves", 30, IsCve);
    u.advisories = List(item, "advisories", 100, Any);
    auto reboot = item.find("reboot_suggested");
    u.reboot_suggested = reboot != item.end() && reboot->is_boolean() && reboot->get<bool>();
    report.updates.push_back(std::move(u));
  }
  return report;
}

}  // namespace steward::agentlink
