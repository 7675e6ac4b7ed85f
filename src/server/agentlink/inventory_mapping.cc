#include "server/agentlink/inventory_mapping.h"

#include <cstdint>
#include <string>

#include "core/strings.h"

namespace steward::agentlink {

namespace {

// Printable text of at most `max` bytes, cut on a character boundary.
std::string Clean(const std::string& in, size_t max) {
  std::string out;
  for (char ch : in) {
    out.push_back(static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f ? ' ' : ch);
  }
  out.resize(Utf8Prefix(out, max).size());
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

void CopyText(const Json& inv, const char* from, Json& to, const char* key, size_t max) {
  auto it = inv.find(from);
  if (it == inv.end() || !it->is_string()) return;
  std::string text = Clean(it->get<std::string>(), max);
  if (!text.empty() && IsValidUtf8(text)) to[key] = text;
}

// A list of small objects or strings, capped, for the hardware summary.
Json SmallList(const Json& inv, const char* key, size_t max_items) {
  Json out = Json::array();
  auto it = inv.find(key);
  if (it == inv.end() || !it->is_array()) return out;
  for (const Json& item : *it) {
    if (out.size() >= max_items) break;
    if (item.is_string()) {
      out.push_back(Clean(item.get<std::string>(), 100));
    } else if (item.is_object()) {
      Json clean = Json::object();
      for (const auto& [k, v] : item.items()) {
        if (clean.size() >= 8 || k.size() > 32) break;
        if (v.is_string()) {
          clean[k] = Clean(v.get<std::string>(), 100);
        } else if (v.is_number() || v.is_boolean() || v.is_null()) {
          clean[k] = v;
        }
      }
      out.push_back(std::move(clean));
    }
  }
  return out;
}

}  // namespace

Json InventoryToCiPatch(const Json& inv) {
  Json patch = Json::object();
  if (!inv.is_object()) return patch;
  CopyText(inv, "serial_number", patch, "serial_number", 100);
  CopyText(inv, "manufacturer", patch, "make", 100);
  CopyText(inv, "model", patch, "model", 100);
  CopyText(inv, "os", patch, "os_name", 100);
  CopyText(inv, "os_version", patch, "os_version", 100);

  Json hw = Json::object();
  for (const char* key : {"hostname", "machine_id", "kernel", "architecture", "cpu_model"}) {
    CopyText(inv, key, hw, key, 200);
  }
  for (const char* key : {"cpu_cores", "ram_bytes"}) {
    auto it = inv.find(key);
    if (it != inv.end() && it->is_number_integer() && it->get<int64_t>() >= 0) hw[key] = *it;
  }
  hw["disks"] = SmallList(inv, "disks", 16);
  hw["addresses"] = SmallList(inv, "addresses", 16);
  auto updates = inv.find("pending_updates");
  if (updates != inv.end() && updates->is_array()) {
    hw["pending_updates"] = static_cast<int64_t>(updates->size());
  }
  // The CMDB keeps hardware under 16 KiB; drop the lists before the facts.
  if (hw.dump().size() > 15000) hw["addresses"] = Json::array();
  if (hw.dump().size() > 15000) hw["disks"] = Json::array();
  patch["hardware"] = std::move(hw);

  auto packages = inv.find("packages");
  if (packages != inv.end() && packages->is_array()) {
    Json list = Json::array();
    size_t bytes = 0;
    for (const Json& p : *packages) {
      if (list.size() >= kMaxInventoryPackages) break;
      if (!p.is_object()) continue;
      auto name = p.find("name");
      if (name == p.end() || !name->is_string()) continue;
      Json entry = {{"name", Clean(name->get<std::string>(), 200)}};
      auto version = p.find("version");
      if (version != p.end() && version->is_string()) {
        entry["version"] = Clean(version->get<std::string>(), 100);
      }
      if (entry["name"].get_ref<const std::string&>().empty()) continue;
      bytes += entry.dump().size() + 1;
      if (bytes > 1000 * 1000) break;  // the CMDB's 1 MiB bound, with margin
      list.push_back(std::move(entry));
    }
    patch["installed_software"] = std::move(list);
  }
  return patch;
}

}  // namespace steward::agentlink
