// Sorting a pending update into SPEC §4's classes (issue 14 item 2), from the
// customer's overrides first and then from what the distribution says. Pure:
// the caller passes the update, the device's package family and the
// customer's overrides.
//
// The rules, first match wins:
//  1. An override naming the package exactly. The customer said so about
//     this very package; nothing is more specific.
//  2. The longest matching glob override ("libssl*" beats "lib*"); on a tie
//     the first given. A longer pattern says more about the package, the way
//     the most specific policy level wins in approval_policy.h.
//  3. The distribution's severity, in its own vocabulary (case and blanks
//     ignored): Red Hat's Critical / Important / Moderate / Low and SUSE's
//     critical / important / moderate / low one to one; Ubuntu's priorities
//     critical → critical, high → important, medium → moderate, low and
//     negligible → low. Debian's archive publishes no severity, so none is
//     mapped for Debian. A severity the family does not define ("None" on a
//     Red Hat bug-fix advisory, "unspecified" on SUSE, an Ubuntu priority on a
//     Red Hat host) counts as no severity: an unknown word must not lower a
//     security update's class, so rules 4 and 5 still see it.
//  4. No severity, from a security archive (the origin contains "-security",
//     any case: "Debian-Security", "bookworm-security", "jammy-security")
//     → important. Debian ships security fixes only there, and without a
//     severity feed we cannot tell a critical one from a minor one; important
//     is the class SPEC §4 gives to anything endangering confidentiality,
//     integrity or availability.
//  5. No severity but CVEs → important, for the same reason: a named
//     vulnerability is a security fix whatever archive it came from.
//  6. A new major version (IsMajorUpgrade) → major revision.
//  7. Anything else (a point release from the normal archive, a bug-fix
//     advisory) → service release: accumulated fixes.
//
// Security comes before the kind of change: a major version shipped as a
// security fix (Thunderbird 91 → 102 through focal-security) must be held
// to the security deadline, not to a major revision's year. A new major
// version without any security signal is a major revision.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "server/patching/model/update.h"

namespace steward::patching {

// A customer's override: `pattern` is a package name, or a glob where '*'
// matches any run of characters (also none) and '?' exactly one. No other
// character is special, and matching is case-sensitive like package names.
struct ClassOverride {
  std::string pattern;
  UpdateClass cls = UpdateClass::kServiceRelease;
};

// Whether `pattern` contains '*' or '?'.
bool IsGlob(std::string_view pattern);

// Whether the whole of `name` matches the glob `pattern`.
bool GlobMatches(std::string_view pattern, std::string_view name);

UpdateClass ClassifyUpdate(const PendingUpdate& u, PackageFamily family,
                           std::span<const ClassOverride> overrides);

}  // namespace steward::patching
