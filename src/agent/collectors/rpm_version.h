// RPM package identities and version order, for the dnf and zypper parsers:
// splitting "name-[epoch:]version-release.arch" as dnf prints it, and
// comparing two "[epoch:]version-release" strings the way rpm does
// (rpmvercmp), which the agent needs to pick the newest of several installed
// kernels. Pure functions; malformed text is nullopt or compares as text,
// never a crash.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace steward::agent {

struct Nevra {
  std::string name;
  std::string epoch;  // "" when the text had none
  std::string version;
  std::string release;
  std::string arch;

  // "[epoch:]version-release" with epoch 0 left out, the form dnf and zypper
  // print versions in.
  std::string Evr() const;
};

// "openssl-1:3.0.7-25.el9_3.x86_64" → {openssl, 1, 3.0.7, 25.el9_3, x86_64}.
// The name may hold dashes and dots ("python3.11-libs"); nullopt when any of
// name, version, release or arch is missing.
std::optional<Nevra> ParseNevra(std::string_view text);

// rpmvercmp: <0, 0 or >0 as version `a` sorts before, equal to or after `b`.
// Digit runs compare as numbers, letters as text, digits beat letters, '~'
// sorts before everything (pre-releases) and '^' after the base version.
int CompareRpmVersion(std::string_view a, std::string_view b);

// Compares "[epoch:]version[-release]": epoch first (missing is 0), then
// version, then release when both have one.
int CompareEvr(std::string_view a, std::string_view b);

// "0:1.2-3" → "1.2-3", "(none):1.2-3" → "1.2-3", "2:1.2-3" unchanged.
std::string DropZeroEpoch(std::string_view evr);

}  // namespace steward::agent
