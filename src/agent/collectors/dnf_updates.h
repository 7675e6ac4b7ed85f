// Pure parsers for what dnf and rpm say about pending updates on Red Hat,
// Fedora, Alma, Rocky and Oracle Linux, and the merge that turns them into
// one PendingUpdate per package. The commands (run by pending_updates.cc):
//
//   dnf -q check-update                                candidates (exit 100: some)
//   dnf -q updateinfo list --updates                   advisories per package
//   dnf -q updateinfo list --updates --with-cve        CVEs per package
//   rpm -qa --qf '%{NAME}\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\t%{ARCH}\n'
//                                                      installed versions
//
// check-update names the candidate and its repository but not the installed
// version or any advisory; updateinfo names advisories per package build; rpm
// names what is installed. Every parser skips lines it does not understand
// (headers, "Last metadata expiration check", wrapped or cut-off lines) and
// never fails: a truncated output yields the packages read before the cut.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "agent/collectors/packages.h"
#include "agent/collectors/rpm_version.h"

namespace steward::agent {

struct DnfCandidate {
  std::string name;
  std::string arch;
  std::string version;  // "[epoch:]version-release", as dnf prints it
  std::string repository;
};

// "name.arch  [epoch:]version-release  repository" lines of
// `dnf -q check-update`, including lines dnf wrapped because the name was
// wider than its column. Stops at "Obsoleting Packages", whose lines name
// packages that are replaced rather than updated.
std::vector<DnfCandidate> ParseDnfCheckUpdate(std::string_view text);

// One line of `dnf updateinfo list`: an advisory (or, with --with-cve, a CVE)
// that a newer build of `package` fixes.
struct DnfAdvisoryRef {
  std::string id;         // "RHSA-2024:1234", "FEDORA-2024-1a2b3c" or "CVE-2024-0727"
  bool security = false;  // type "security" or "<Severity>/Sec."
  std::string severity;   // NormalizeSeverity of the label; "" for non-security
  Nevra package;
};

// "ID  TYPE  NVRA" lines, TYPE being "bugfix", "enhancement", "newpackage",
// "security" or "<Severity>/Sec." (e.g. "RHSA-2024:1234 Important/Sec.
// openssl-1:3.0.7-25.el9_3.x86_64"). The same parser reads the --with-cve
// form, whose first column is the CVE.
std::vector<DnfAdvisoryRef> ParseDnfUpdateinfoList(std::string_view text);

// "name\t[epoch:]version-release[\tarch]" lines of `rpm -qa --qf ...`. Epoch
// 0 (or "(none)" from %{EPOCH}) is dropped so versions read like dnf's; an
// arch of "(none)" (gpg-pubkey) becomes "".
std::vector<InstalledPackage> ParseRpmQueryAll(std::string_view text);

// One PendingUpdate per candidate:
//  - current_version: the newest installed build of the same name and arch
//    (several kernels are installed side by side), else of the same name;
//  - advisories and cves: every reference whose package has the candidate's
//    name and arch, in the order dnf listed them, without duplicates;
//  - security: any reference is a security advisory; severity: the highest
//    of their severities (critical > important > moderate > low);
//  - reboot_suggested: RpmUpdateSuggestsReboot(name).
// A name offered for two architectures (glibc.i686 and glibc.x86_64) is
// reported as "name.arch", dnf's own notation, so each record names one
// package.
std::vector<PendingUpdate> MergeDnfUpdates(const std::vector<DnfCandidate>& candidates,
                                           const std::vector<DnfAdvisoryRef>& advisories,
                                           const std::vector<DnfAdvisoryRef>& cves,
                                           const std::vector<InstalledPackage>& installed);

}  // namespace steward::agent
