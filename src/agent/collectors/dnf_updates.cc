// Line parsers for dnf check-update, dnf updateinfo and rpm -qa, and their merge.
#include "agent/collectors/dnf_updates.h"

#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "agent/collectors/proc_parsers.h"
#include "agent/collectors/reboot_hints.h"
#include "agent/collectors/source_parsers.h"
#include "agent/collectors/update_severity.h"
#include "core/strings.h"

namespace steward::agent {
namespace {

constexpr size_t kMaxNameBytes = 256;
constexpr size_t kMaxIdBytes = 128;

bool StartsWithSpace(std::string_view line) {
  return !line.empty() && (line.front() == ' ' || line.front() == '\t');
}

std::optional<DnfCandidate> CandidateFromColumns(const std::vector<std::string_view>& cols) {
  size_t dot = cols[0].rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= cols[0].size()) return std::nullopt;
  DnfCandidate c;
  c.name = SanitizeText(cols[0].substr(0, dot), kMaxNameBytes);
  c.arch = SanitizeText(cols[0].substr(dot + 1), 64);
  c.version = SanitizeText(cols[1], kMaxNameBytes);
  c.repository = SanitizeText(cols[2], kMaxNameBytes);
  // Every build has a release; a version without one is a line of prose.
  if (c.version.find('-') == std::string::npos || c.arch.find('-') != std::string::npos) {
    return std::nullopt;
  }
  return c;
}

// The TYPE column: nullopt when it is not one (a header, prose).
struct AdvisoryType {
  bool security = false;
  std::string severity;
};
std::optional<AdvisoryType> ParseAdvisoryType(std::string_view label) {
  if (label.ends_with("/Sec.")) {
    return AdvisoryType{true, NormalizeSeverity(label.substr(0, label.size() - 5))};
  }
  const std::string lower = AsciiLower(label);
  if (lower == "security") return AdvisoryType{true, {}};
  for (std::string_view other : {"bugfix", "enhancement", "newpackage", "unspecified"}) {
    if (lower == other) return AdvisoryType{};
  }
  return std::nullopt;
}

bool ArchMatches(std::string_view a, std::string_view b) {
  return a.empty() || b.empty() || a == b;
}

void AppendUnique(std::vector<std::string>& list, const std::string& value) {
  for (const auto& existing : list) {
    if (existing == value) return;
  }
  list.push_back(value);
}

}  // namespace

std::vector<DnfCandidate> ParseDnfCheckUpdate(std::string_view text) {
  std::vector<DnfCandidate> out;
  // Columns of one package, gathered over a line dnf wrapped: a name wider
  // than its column is printed alone, and the version and repository follow
  // on the next line, indented.
  std::vector<std::string_view> columns;
  for (std::string_view line : SplitLines(text)) {
    if (Trim(line).starts_with("Obsoleting Packages")) break;
    auto fields = SplitFields(line);
    if (fields.empty()) {
      columns.clear();
      continue;
    }
    if (StartsWithSpace(line) && !columns.empty()) {
      columns.insert(columns.end(), fields.begin(), fields.end());
    } else if (StartsWithSpace(line)) {
      continue;  // the tail of a package whose head was cut off
    } else {
      columns = fields;
    }
    if (columns.size() < 3) continue;
    if (columns.size() == 3) {
      if (auto c = CandidateFromColumns(columns)) out.push_back(std::move(*c));
    }
    columns.clear();
  }
  return out;
}

std::vector<DnfAdvisoryRef> ParseDnfUpdateinfoList(std::string_view text) {
  std::vector<DnfAdvisoryRef> out;
  for (std::string_view line : SplitLines(text)) {
    auto fields = SplitFields(line);
    // With --all dnf marks installed advisories with a leading "i".
    if (!fields.empty() && fields[0] == "i") fields.erase(fields.begin());
    if (fields.size() < 3) continue;
    auto type = ParseAdvisoryType(fields[1]);
    if (!type) continue;
    size_t package_column = 2;
    // dnf5's `advisory list` puts the severity in a column of its own after
    // the type; dnf4 never has a severity word where the package goes.
    if (fields.size() > 3 && (!NormalizeSeverity(fields[2]).empty() || fields[2] == "None")) {
      if (type->security) type->severity = NormalizeSeverity(fields[2]);
      package_column = 3;
    }
    auto package = ParseNevra(fields[package_column]);
    if (!package) continue;
    DnfAdvisoryRef ref;
    ref.id = SanitizeText(fields[0], kMaxIdBytes);
    ref.security = type->security;
    ref.severity = std::move(type->severity);
    ref.package = std::move(*package);
    ref.package.name = SanitizeText(ref.package.name, kMaxNameBytes);
    out.push_back(std::move(ref));
  }
  return out;
}

std::vector<InstalledPackage> ParseRpmQueryAll(std::string_view text) {
  std::vector<InstalledPackage> out;
  for (std::string_view line : SplitLines(text)) {
    std::vector<std::string_view> cols;
    for (size_t start = 0;;) {
      size_t tab = line.find('\t', start);
      cols.push_back(line.substr(start, tab == std::string_view::npos ? line.npos : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (cols.size() < 2) continue;
    InstalledPackage p;
    p.name = SanitizeText(Trim(cols[0]), kMaxNameBytes);
    p.version = SanitizeText(DropZeroEpoch(Trim(cols[1])), kMaxNameBytes);
    if (cols.size() >= 3 && Trim(cols[2]) != "(none)") {
      p.architecture = SanitizeText(Trim(cols[2]), 64);
    }
    if (p.name.empty() || p.version.empty() || p.version.front() == ':') continue;
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<PendingUpdate> MergeDnfUpdates(const std::vector<DnfCandidate>& candidates,
                                           const std::vector<DnfAdvisoryRef>& advisories,
                                           const std::vector<DnfAdvisoryRef>& cves,
                                           const std::vector<InstalledPackage>& installed) {
  std::multimap<std::string_view, const InstalledPackage*> installed_by_name;
  for (const auto& p : installed) installed_by_name.emplace(p.name, &p);
  std::map<std::string_view, std::set<std::string_view>> arches_by_name;
  for (const auto& c : candidates) arches_by_name[c.name].insert(c.arch);

  std::vector<PendingUpdate> out;
  for (const auto& c : candidates) {
    PendingUpdate u;
    u.name = arches_by_name[c.name].size() > 1 ? c.name + "." + c.arch : c.name;
    u.available_version = c.version;
    u.origin = c.repository;

    // The newest installed build: same arch first, any arch when the
    // candidate changes arch (i686 → x86_64 is rare but legal) or rpm
    // printed none.
    const InstalledPackage* same_arch = nullptr;
    const InstalledPackage* any_arch = nullptr;
    auto [begin, end] = installed_by_name.equal_range(c.name);
    for (auto it = begin; it != end; ++it) {
      const InstalledPackage* p = it->second;
      if (!any_arch || CompareEvr(p->version, any_arch->version) > 0) any_arch = p;
      if (p->architecture == c.arch &&
          (!same_arch || CompareEvr(p->version, same_arch->version) > 0)) {
        same_arch = p;
      }
    }
    if (const InstalledPackage* p = same_arch ? same_arch : any_arch) {
      u.current_version = p->version;
    }

    auto attach = [&](const DnfAdvisoryRef& ref, std::vector<std::string>& ids) {
      if (ref.package.name != c.name || !ArchMatches(ref.package.arch, c.arch)) return;
      AppendUnique(ids, ref.id);
      if (!ref.security) return;
      u.security = true;
      u.severity = HigherSeverity(u.severity, ref.severity);
    };
    for (const auto& ref : advisories) attach(ref, u.advisories);
    for (const auto& ref : cves) attach(ref, u.cves);
    u.reboot_suggested = RpmUpdateSuggestsReboot(c.name);
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace steward::agent
