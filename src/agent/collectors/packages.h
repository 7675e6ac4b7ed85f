// Pure parsers for the package manager's answers: installed packages from
// dpkg-query and pending updates from an apt simulation (apt-get -s upgrade)
// or `apt list --upgradable`. Neither needs the network.
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

struct PendingUpdate {
  std::string name;
  std::string current_version;  // empty for a package the upgrade would newly install
  std::string available_version;
  std::string origin;     // "Debian-Security:12/stable-security"
  bool security = false;  // from a -security archive
};

// "Inst name [current] (available origin [arch])" lines of `apt-get -s upgrade`.
std::vector<PendingUpdate> ParseAptSimulation(std::string_view text);

// "name/suite version arch [upgradable from: current]" lines of
// `apt list --upgradable`.
std::vector<PendingUpdate> ParseAptListUpgradable(std::string_view text);

}  // namespace steward::agent
