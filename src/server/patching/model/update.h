// A pending update as an agent reports it (SPEC §4, issue 14), and the
// classes every update is sorted into. Each class carries its own deadline
// (rules/deadlines.h) and approval policy (rules/approval_policy.h); the
// class is decided from the distribution's own words (rules/classification.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::patching {

// SPEC §4's classes, most urgent first.
enum class UpdateClass {
  kCritical,
  kImportant,
  kModerate,
  kLow,
  kServiceRelease,
  kMajorRevision,
};

// "critical", "important", "moderate", "low", "service_release", "major_revision".
std::string_view UpdateClassName(UpdateClass c);
// Exactly one of the names above; nullopt for anything else (no case folding:
// these are our own wire names, not a distribution's).
std::optional<UpdateClass> ParseUpdateClass(std::string_view name);

// The package manager a device runs decides how versions compare (dpkg or
// rpm) and what the reported severity means. Windows updates (KB articles
// with the Microsoft Security Response Center's severity) come from
// scripts and tools over the API: the agent runs on Linux.
enum class PackageFamily { kDebian, kUbuntu, kRedHat, kSuse, kWindows };
// "debian", "ubuntu", "redhat", "suse", "windows".
std::string_view PackageFamilyName(PackageFamily f);
std::optional<PackageFamily> ParsePackageFamily(std::string_view name);

// Every class, most urgent first.
inline constexpr UpdateClass kAllUpdateClasses[] = {
    UpdateClass::kCritical, UpdateClass::kImportant,      UpdateClass::kModerate,
    UpdateClass::kLow,      UpdateClass::kServiceRelease, UpdateClass::kMajorRevision};

// One package with a newer candidate than the installed version. Severity
// and origin are the package manager's words, unchanged; an empty
// installed_version is a package the update would newly install.
struct PendingUpdate {
  std::string package;
  std::string installed_version;
  std::string candidate_version;
  std::string origin;    // repository / archive, e.g. "Debian-Security", "jammy-security"
  std::string severity;  // the distribution's severity or priority; empty when it has none
  std::vector<std::string> cves;
  std::vector<std::string> advisories;  // e.g. "RHSA-2026:1234", "DSA-5600-1"
  bool reboot_suggested = false;
};

}  // namespace steward::patching
