#include "agent/collectors/packages.h"

#include "agent/collectors/proc_parsers.h"
#include "agent/collectors/reboot_hints.h"
#include "agent/collectors/source_parsers.h"

namespace steward::agent {

std::vector<InstalledPackage> ParseDpkgQuery(std::string_view text) {
  std::vector<InstalledPackage> out;
  for (std::string_view line : SplitLines(text)) {
    std::vector<std::string_view> cols;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      cols.push_back(line.substr(start, tab == std::string_view::npos ? line.npos : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (cols.size() < 2) continue;
    InstalledPackage p;
    p.name = SanitizeText(Trim(cols[0]), 256);
    p.version = SanitizeText(Trim(cols[1]), 256);
    if (cols.size() >= 3) p.architecture = SanitizeText(Trim(cols[2]), 64);
    if (cols.size() >= 4) {
      // db:Status-Abbrev: desired, status, error flags — "ii " is installed.
      std::string_view abbrev = cols[3];
      if (abbrev.size() < 2 || abbrev[1] != 'i') continue;
    }
    if (p.name.empty() || p.version.empty()) continue;
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<BrokenPackage> ParseDpkgBroken(std::string_view text) {
  std::vector<BrokenPackage> out;
  for (std::string_view line : SplitLines(text)) {
    std::vector<std::string_view> cols;
    size_t start = 0;
    while (cols.size() < 4) {
      size_t tab = line.find('\t', start);
      cols.push_back(line.substr(start, tab == std::string_view::npos ? line.npos : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (cols.size() < 4 || cols[3].size() < 2) continue;
    std::string_view state;
    switch (cols[3][1]) {
      case 'H':
        state = "half-installed";
        break;
      case 'U':
        state = "unpacked";
        break;
      case 'F':
        state = "half-configured";
        break;
      default:
        continue;
    }
    BrokenPackage p{SanitizeText(Trim(cols[0]), 256), SanitizeText(Trim(cols[1]), 256),
                    std::string(state)};
    if (!p.name.empty() && !p.version.empty()) out.push_back(std::move(p));
  }
  return out;
}

std::vector<PendingUpdate> ParseAptSimulation(std::string_view text) {
  std::vector<PendingUpdate> out;
  for (std::string_view line : SplitLines(text)) {
    if (!line.starts_with("Inst ")) continue;
    std::string_view rest = line.substr(5);
    PendingUpdate u;
    size_t space = rest.find(' ');
    u.name = SanitizeText(rest.substr(0, space), 256);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    if (rest.starts_with("[")) {
      size_t close = rest.find(']');
      if (close == std::string_view::npos) continue;
      u.current_version = SanitizeText(rest.substr(1, close - 1), 256);
      rest = Trim(rest.substr(close + 1));
    }
    if (!rest.starts_with("(")) continue;
    size_t close = rest.rfind(')');
    if (close == std::string_view::npos) continue;
    auto fields = SplitFields(rest.substr(1, close - 1));
    if (fields.empty()) continue;
    u.available_version = SanitizeText(fields[0], 256);
    // Origins: "Debian-Security:12/stable-security", possibly several
    // separated by ", "; the architecture "[amd64]" closes the list.
    std::string origin;
    for (size_t i = 1; i < fields.size(); ++i) {
      if (fields[i].starts_with("[")) break;
      if (!origin.empty()) origin += ' ';
      origin += fields[i];
    }
    if (!origin.empty() && origin.back() == ',') origin.pop_back();
    u.origin = SanitizeText(origin, 256);
    u.security = u.origin.find("-security") != std::string::npos ||
                 u.origin.find("Security") != std::string::npos;
    if (u.name.empty() || u.available_version.empty()) continue;
    u.reboot_suggested = DebianUpdateSuggestsReboot(u.name);
    out.push_back(std::move(u));
  }
  return out;
}

std::vector<PendingUpdate> ParseAptListUpgradable(std::string_view text) {
  std::vector<PendingUpdate> out;
  for (std::string_view line : SplitLines(text)) {
    size_t slash = line.find('/');
    size_t marker = line.find("[upgradable from: ");
    if (slash == std::string_view::npos || marker == std::string_view::npos) continue;
    auto fields = SplitFields(line.substr(0, marker));
    if (fields.size() < 2) continue;
    PendingUpdate u;
    u.name = SanitizeText(line.substr(0, slash), 256);
    std::string_view suite = fields[0].substr(slash + 1);
    u.origin = SanitizeText(suite, 256);
    u.available_version = SanitizeText(fields[1], 256);
    std::string_view from = line.substr(marker + 18);
    size_t close = from.find(']');
    if (close == std::string_view::npos) continue;
    u.current_version = SanitizeText(from.substr(0, close), 256);
    u.security = u.origin.find("-security") != std::string::npos;
    u.reboot_suggested = DebianUpdateSuggestsReboot(u.name);
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace steward::agent
