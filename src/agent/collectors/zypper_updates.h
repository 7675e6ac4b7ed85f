// Pure parsers for zypper's XML answers about pending updates on SUSE Linux
// Enterprise and openSUSE, and the merge into one PendingUpdate per package.
// The commands (run by pending_updates.cc):
//
//   zypper --xmlout --non-interactive list-updates    packages: installed and
//                                                     candidate edition, repository
//   zypper --xmlout --non-interactive list-patches    patches: category, severity,
//                                                     reboot flag, CVEs
//
// SUSE ships fixes as patches, and list-patches does not say which packages a
// patch updates: only its summary names the source packages ("Security
// update for openssl-3"). MergeZypperPatches therefore attaches a patch to
// the packages its summary names and reports a patch it cannot attach under
// its own name, so its severity and CVEs reach the server rather than
// vanish. Both parsers read the XML with xml_tag_scanner.h and keep what they
// could read from cut-off or malformed output.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "agent/collectors/packages.h"

namespace steward::agent {

// <update kind="package" name= edition= arch= edition-old=> with its
// <source alias=> child: current_version from edition-old, origin from the
// repository alias, reboot_suggested from RpmUpdateSuggestsReboot. Updates
// of other kinds (products, patterns) are skipped.
std::vector<PendingUpdate> ParseZypperListUpdates(std::string_view xml);

struct ZypperPatch {
  std::string name;               // "SUSE-SLE-Module-Basesystem-15-SP6-2024-1234"
  std::string edition;            // "1"
  std::string category;           // "security", "recommended", "optional", "feature", ...
  std::string severity;           // NormalizeSeverity: "important", ...; "" for "unspecified"
  bool reboot = false;            // restart="true": the patch suggests a reboot
  std::string summary;            // "Security update for openssl-3"
  std::string repository;         // the source alias
  std::vector<std::string> cves;  // <issue type="cve" id=...>
};

// <update kind="patch" ...> entries of list-patches, from <update-list> and
// <blocked-update-list> alike (patches held back until the package manager
// updates itself are still pending). Patches zypper reports as applied,
// not-needed, retracted or unwanted (locked by the administrator) are
// skipped.
std::vector<ZypperPatch> ParseZypperListPatches(std::string_view xml);

// Attaches each patch to the packages its summary names after "update for"
// (comma- or "and"-separated, exact names; "the Linux Kernel" names the
// kernel-* packages that boot): the package gains the patch as an advisory,
// its CVEs, the higher severity, security for the "security" category and
// reboot_suggested for restart="true". A patch that names no pending package
// is appended as its own record (name = patch name, available_version = its
// edition, no current_version).
// TODO(#14): map patches to packages exactly, from the patch's conflicts
// (`zypper info -t patch`), instead of its summary.
std::vector<PendingUpdate> MergeZypperPatches(std::vector<PendingUpdate> packages,
                                              const std::vector<ZypperPatch>& patches);

}  // namespace steward::agent
