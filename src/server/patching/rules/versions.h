// Package version order as the package managers themselves decide it, so
// "is this candidate newer?" and "is this a new major version?" get the same
// answer on the server as on the device: dpkg's order for Debian and Ubuntu,
// rpm's for Red Hat and SUSE. Pure functions on the version strings.
//
// Both families write versions as [epoch:]upstream[-revision]: the epoch is
// the leading digits before the first ':' (0 when absent), the revision what
// follows the last '-' (empty when absent). A version the package manager
// would refuse (a non-numeric epoch) is still ordered: its ':' then simply
// belongs to the upstream part, as rpm's own parser treats it.
#pragma once

#include <string_view>

namespace steward::patching {

// A package manager's word or version without the spaces and tabs around it.
std::string_view TrimBlanks(std::string_view s);

// -1, 0 or 1 as `a` is older than, the same as, or newer than `b`, by dpkg's
// algorithm (lib/dpkg/version.c): epochs numerically, then upstream and
// revision by verrevcmp — non-digit runs compared character by character
// with '~' before everything (even the end), then letters, then other
// characters; digit runs numerically. Surrounding blanks are ignored.
int CompareDebianVersions(std::string_view a, std::string_view b);

// -1, 0 or 1 like above, by rpm's order: epochs numerically, then version
// and release each by rpmvercmp — alphanumeric segments, numeric ones
// numerically and newer than alphabetic ones, separators ignored, '~' sorting
// before everything and '^' after the base version but before any further
// segment. A missing release sorts before any release.
int CompareRpmVersions(std::string_view a, std::string_view b);

// Whether going from `installed` to `candidate` changes the epoch or the
// first number of the upstream version ("2.36" → 2): a new major version.
// An empty `installed` (a package the update newly installs, such as a new
// kernel image) is never major, and without a digit in either upstream
// version only an epoch change counts: there is no major number to compare,
// and calling such an update major would relax its deadline to a year.
// A first number of four digits or more on both sides is a date, not a
// major version (tzdata 2024a → 2025b, ca-certificates 20230311 →
// 20240203): those packages change it with every routine update.
bool IsMajorUpgrade(std::string_view installed, std::string_view candidate);

}  // namespace steward::patching
