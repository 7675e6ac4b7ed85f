// Would dpkg stop at a configuration-file prompt if this package's new
// version were installed? The installer (package_install.h) asks before it
// runs apt-get install, as Debian's unattended-upgrades does
// (conffile_prompt), and holds such a package at its installed version
// instead of leaving it unpacked at dpkg's question. Per configuration file
// three md5 sums are compared: the one dpkg's status database recorded for
// the installed version (Conffiles:), the file's on disk now, and the file's
// in the new .deb. These are the pure parts; the tests feed them fixture text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::agent {

// One line of a .deb's `conffiles` control member: "/etc/foo.conf", or
// with dpkg 1.20's flags before it ("remove-on-upgrade /etc/foo.conf").
struct PackagedConffile {
  std::string path;
  bool remove_on_upgrade = false;  // dpkg removes it on upgrade, never asks
};

// The member's lines; blank lines and lines without an absolute path are skipped.
std::vector<PackagedConffile> ParseConffilesMember(std::string_view text);

// Lower-case hex MD5 of `data` (RFC 1321), the sum dpkg records for conffiles.
std::string Md5Hex(std::string_view data);

// The three sums for one configuration file the new version ships.
struct ConffileSums {
  std::string path;
  // What dpkg's status database recorded for the installed version; none
  // when the file is new to the package (or "newconffile": recorded by a
  // version that was unpacked but never configured).
  std::optional<std::string> recorded;
  std::optional<std::string> on_disk;     // none: the file does not exist
  std::optional<std::string> in_package;  // the new version's; none: not read
};

// Whether the new version's copy must be read to decide: the file exists
// and differs from what dpkg recorded (or dpkg recorded nothing for it).
// When false, dpkg goes ahead without asking, whatever the new copy holds.
bool NeedsPackagedSum(const ConffileSums& sums);

// Why dpkg would ask about this file, or "" when it would not:
//   - changed on this machine (on disk ≠ recorded) and changed by the new
//     version (in package ≠ recorded), unless the two are identical;
//   - new to the package but already on disk with other contents.
// A needed sum that is missing (in_package unread) counts as a prompt.
std::string ConffilePromptReason(const ConffileSums& sums);

}  // namespace steward::agent
