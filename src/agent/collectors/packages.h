// Pure parsers for the package manager's answers: installed packages from
// dpkg-query and pending updates from an apt simulation (apt-get -s upgrade)
// or `apt list --upgradable`. Neither needs the network. PendingUpdate is the
// record every package manager's parser produces (dnf_updates.h and
// zypper_updates.h read the RPM distributions); pending_updates.h chooses
// the package manager and sends the records to the server.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace steward::agent {

struct InstalledPackage {
  std::string name;
  std::string version;
  std::string architecture;  // empty in dpkg-query's default format
};

// `dpkg-query -W -f='${Package}\t${Version}\t${Architecture}\t${db:Status-Abbrev}\n'`
// (only "ii" packages kept) or the default `dpkg-query -W` ("name\tversion",
// packages without a version are not installed and skipped).
std::vector<InstalledPackage> ParseDpkgQuery(std::string_view text);

// From the same status-abbreviated output: the packages dpkg left part-way
// (half-installed, unpacked, half-configured — a maintainer script failed),
// with the version dpkg has. An update that ended so is not installed.
struct BrokenPackage {
  std::string name;
  std::string version;
  std::string state;  // "half-installed" | "unpacked" | "half-configured"
};
std::vector<BrokenPackage> ParseDpkgBroken(std::string_view text);

// One package the package manager would update, as the agent reports it.
struct PendingUpdate {
  std::string name;
  std::string current_version;  // empty for a package the upgrade would newly install
  std::string available_version;
  // Where the candidate comes from: the apt origin
  // ("Debian-Security:12/stable-security"), the dnf repository id or the
  // zypper repository alias.
  std::string origin;
  // apt: from a -security archive; dnf and zypper: a security advisory or
  // patch covers it.
  bool security = false;
  // The distribution's severity, normalized by update_severity.h
  // ("critical", "important", "moderate", "low"); empty where the
  // distribution publishes none (Debian, Ubuntu, bug fixes).
  std::string severity;
  std::vector<std::string> cves;        // "CVE-2024-0727"
  std::vector<std::string> advisories;  // "RHSA-2024:1234", "SUSE-SLE-...-2024-1234"
  bool reboot_suggested = false;        // see reboot_hints.h
};

// "Inst name [current] (available origin [arch])" lines of `apt-get -s upgrade`.
// reboot_suggested follows DebianUpdateSuggestsReboot; severity, cves and
// advisories stay empty: apt's lists carry none (the server classifies
// -security origins).
std::vector<PendingUpdate> ParseAptSimulation(std::string_view text);

// "name/suite version arch [upgradable from: current]" lines of
// `apt list --upgradable`, filled like ParseAptSimulation.
std::vector<PendingUpdate> ParseAptListUpgradable(std::string_view text);

}  // namespace steward::agent
