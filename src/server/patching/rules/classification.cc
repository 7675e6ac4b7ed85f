#include "server/patching/rules/classification.h"

#include <optional>
#include <string>

#include "core/strings.h"
#include "server/patching/rules/versions.h"

namespace steward::patching {

namespace {

std::string NormalisedSeverity(std::string_view s) { return AsciiLower(TrimBlanks(s)); }

// Rules 1 and 2: the override that decides for `package`, if any.
std::optional<UpdateClass> OverrideFor(std::string_view package,
                                       std::span<const ClassOverride> overrides) {
  for (const ClassOverride& o : overrides) {
    if (!IsGlob(o.pattern) && o.pattern == package) return o.cls;
  }
  const ClassOverride* best = nullptr;
  for (const ClassOverride& o : overrides) {
    if (!IsGlob(o.pattern) || !GlobMatches(o.pattern, package)) continue;
    // Strictly longer only, so the first of equally long patterns stays.
    if (best == nullptr || o.pattern.size() > best->pattern.size()) best = &o;
  }
  if (best != nullptr) return best->cls;
  return std::nullopt;
}

// Rule 3: the class a family's severity word names, if it names one.
std::optional<UpdateClass> ClassFromSeverity(PackageFamily family, const std::string& severity) {
  switch (family) {
    case PackageFamily::kRedHat:
    case PackageFamily::kSuse:
    case PackageFamily::kWindows:
      // The same four words as our classes (Red Hat and the MSRC capitalise them).
      if (severity == "critical") return UpdateClass::kCritical;
      if (severity == "important") return UpdateClass::kImportant;
      if (severity == "moderate") return UpdateClass::kModerate;
      if (severity == "low") return UpdateClass::kLow;
      return std::nullopt;
    case PackageFamily::kUbuntu:
      if (severity == "critical") return UpdateClass::kCritical;
      if (severity == "high") return UpdateClass::kImportant;
      if (severity == "medium") return UpdateClass::kModerate;
      if (severity == "low" || severity == "negligible") return UpdateClass::kLow;
      return std::nullopt;
    case PackageFamily::kDebian:
      return std::nullopt;
  }
  return std::nullopt;
}

bool FromSecurityArchive(std::string_view origin) {
  return AsciiLower(origin).find("-security") != std::string::npos;
}

}  // namespace

bool IsGlob(std::string_view pattern) {
  return pattern.find_first_of("*?") != std::string_view::npos;
}

bool GlobMatches(std::string_view pattern, std::string_view name) {
  // Greedy with one backtrack point: on a mismatch, let the last '*' swallow
  // one more character. Linear in practice, never exponential.
  size_t p = 0, n = 0;
  size_t star = std::string_view::npos, star_n = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_n = n;
    } else if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++star_n;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

UpdateClass ClassifyUpdate(const PendingUpdate& u, PackageFamily family,
                           std::span<const ClassOverride> overrides) {
  if (std::optional<UpdateClass> c = OverrideFor(u.package, overrides)) return *c;
  if (std::optional<UpdateClass> c = ClassFromSeverity(family, NormalisedSeverity(u.severity))) {
    return *c;
  }
  if (FromSecurityArchive(u.origin)) return UpdateClass::kImportant;
  if (!u.cves.empty()) return UpdateClass::kImportant;
  if (IsMajorUpgrade(u.installed_version, u.candidate_version)) {
    return UpdateClass::kMajorRevision;
  }
  return UpdateClass::kServiceRelease;
}

}  // namespace steward::patching
