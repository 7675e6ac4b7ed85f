// zypper list-updates / list-patches XML to PendingUpdate records.
#include "agent/collectors/zypper_updates.h"

#include <algorithm>
#include <cctype>

#include "agent/collectors/proc_parsers.h"
#include "agent/collectors/reboot_hints.h"
#include "agent/collectors/source_parsers.h"
#include "agent/collectors/update_severity.h"
#include "agent/collectors/xml_tag_scanner.h"

namespace steward::agent {
namespace {

constexpr size_t kMaxNameBytes = 256;

std::string Attr(const XmlTag& tag, std::string_view name, size_t max_bytes = kMaxNameBytes) {
  const std::string* value = tag.Attribute(name);
  return value ? SanitizeText(Trim(*value), max_bytes) : std::string();
}

// Calls `on_update` for each <update> element with its tag and children, up
// to its end tag (or the next <update>, or the end of the text when zypper's
// output was cut off).
template <typename OnUpdate>
void ForEachUpdate(std::string_view xml, OnUpdate on_update) {
  XmlScan scan = ScanXmlTags(xml);
  const XmlTag* open = nullptr;
  std::vector<const XmlTag*> children;
  auto finish = [&] {
    if (open) on_update(*open, children);
    open = nullptr;
    children.clear();
  };
  for (const XmlTag& tag : scan.tags) {
    if (tag.name == "update") {
      if (tag.closing) {
        finish();
        continue;
      }
      finish();
      open = &tag;
      if (tag.self_closing) finish();
      continue;
    }
    if (open && !tag.closing) children.push_back(&tag);
  }
  finish();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The package names a SUSE patch summary lists after "update for":
// "Security update for libzypp, zypper and libsolv" → {libzypp, zypper, libsolv}.
std::vector<std::string> NamedPackages(std::string_view summary) {
  std::string lower = Lower(summary);
  size_t at = lower.find("update for ");
  if (at == std::string::npos) return {};
  std::string_view rest = std::string_view(summary).substr(at + 11);
  // "the Linux Kernel (Live Patch 12 for SLE 15 SP5)": the note is no name.
  rest = rest.substr(0, rest.find(" ("));
  std::vector<std::string> names;
  while (!rest.empty()) {
    size_t comma = rest.find(", ");
    size_t and_word = rest.find(" and ");
    size_t cut = std::min(comma, and_word);
    std::string_view name = Trim(rest.substr(0, cut));
    while (name.ends_with('.')) name.remove_suffix(1);
    if (!name.empty()) names.emplace_back(name);
    if (cut == std::string_view::npos) break;
    rest.remove_prefix(cut + (cut == comma ? 2 : 5));
  }
  return names;
}

bool IsBootedKernel(std::string_view package) {
  return package.starts_with("kernel-") && !package.starts_with("kernel-firmware") &&
         RpmUpdateSuggestsReboot(package);
}

bool PatchCovers(const std::vector<std::string>& named, std::string_view package) {
  for (const auto& name : named) {
    if (name == package) return true;
    std::string lower = Lower(name);
    if ((lower == "the linux kernel" || lower == "linux kernel" || lower == "kernel") &&
        IsBootedKernel(package)) {
      return true;
    }
  }
  return false;
}

void AppendUnique(std::vector<std::string>& list, const std::string& value) {
  for (const auto& existing : list) {
    if (existing == value) return;
  }
  list.push_back(value);
}

void ApplyPatch(const ZypperPatch& patch, PendingUpdate& u) {
  AppendUnique(u.advisories, patch.name);
  for (const auto& cve : patch.cves) AppendUnique(u.cves, cve);
  // Only security patches lend their severity, as on Red Hat, where bug fix
  // advisories carry none: a "recommended" patch's severity ranks the bug,
  // and would otherwise give the update a security deadline class.
  if (patch.category == "security") {
    u.security = true;
    u.severity = HigherSeverity(u.severity, patch.severity);
  }
  u.reboot_suggested = u.reboot_suggested || patch.reboot;
}

}  // namespace

std::vector<PendingUpdate> ParseZypperListUpdates(std::string_view xml) {
  std::vector<PendingUpdate> out;
  ForEachUpdate(xml, [&](const XmlTag& update, const std::vector<const XmlTag*>& children) {
    const std::string* kind = update.Attribute("kind");
    if (kind && *kind != "package") return;
    PendingUpdate u;
    u.name = Attr(update, "name");
    u.available_version = Attr(update, "edition");
    u.current_version = Attr(update, "edition-old");
    if (u.name.empty() || u.available_version.empty()) return;
    for (const XmlTag* child : children) {
      if (child->name == "source") u.origin = Attr(*child, "alias");
    }
    u.reboot_suggested = RpmUpdateSuggestsReboot(u.name);
    out.push_back(std::move(u));
  });
  return out;
}

std::vector<ZypperPatch> ParseZypperListPatches(std::string_view xml) {
  std::vector<ZypperPatch> out;
  ForEachUpdate(xml, [&](const XmlTag& update, const std::vector<const XmlTag*>& children) {
    const std::string* kind = update.Attribute("kind");
    if (!kind || *kind != "patch") return;
    std::string status = Attr(update, "status");
    if (status == "applied" || status == "not-needed" || status == "retracted" ||
        status == "unwanted") {
      return;
    }
    ZypperPatch p;
    p.name = Attr(update, "name");
    if (p.name.empty()) return;
    p.edition = Attr(update, "edition");
    p.category = Lower(Attr(update, "category", 64));
    p.severity = NormalizeSeverity(Attr(update, "severity", 64));
    p.reboot = Attr(update, "restart", 16) == "true";
    for (const XmlTag* child : children) {
      if (child->name == "summary") {
        p.summary = SanitizeText(Trim(child->text), 512);
      } else if (child->name == "source") {
        p.repository = Attr(*child, "alias");
      } else if (child->name == "issue" && Attr(*child, "type", 32) == "cve") {
        std::string id = Attr(*child, "id", 64);
        if (!id.empty()) AppendUnique(p.cves, id);
      }
    }
    out.push_back(std::move(p));
  });
  return out;
}

std::vector<PendingUpdate> MergeZypperPatches(std::vector<PendingUpdate> packages,
                                              const std::vector<ZypperPatch>& patches) {
  const size_t package_count = packages.size();
  for (const auto& patch : patches) {
    std::vector<std::string> named = NamedPackages(patch.summary);
    bool attached = false;
    for (size_t i = 0; i < package_count; ++i) {
      if (!PatchCovers(named, packages[i].name)) continue;
      ApplyPatch(patch, packages[i]);
      attached = true;
    }
    if (attached) continue;
    PendingUpdate u;
    u.name = patch.name;
    u.available_version = patch.edition;
    u.origin = patch.repository;
    ApplyPatch(patch, u);
    packages.push_back(std::move(u));
  }
  return packages;
}

}  // namespace steward::agent
