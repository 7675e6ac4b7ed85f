// The per-distribution lists of packages whose update suggests a reboot.
#include "agent/collectors/reboot_hints.h"

#include <array>

namespace steward::agent {

bool DebianUpdateSuggestsReboot(std::string_view package) {
  static constexpr std::array<std::string_view, 4> kExact = {"linux-firmware", "libc6", "systemd",
                                                             "dbus"};
  // apt names a foreign-architecture package "libc6:i386".
  package = package.substr(0, package.find(':'));
  if (package.starts_with("linux-image-")) return true;
  for (std::string_view name : kExact) {
    if (package == name) return true;
  }
  return false;
}

bool RpmUpdateSuggestsReboot(std::string_view package) {
  static constexpr std::array<std::string_view, 6> kExact = {
      "glibc", "linux-firmware", "systemd", "dbus", "dbus-broker", "dbus-daemon"};
  // Kernel packages a reboot does not concern: they build against the kernel
  // or run in user space.
  static constexpr std::array<std::string_view, 5> kKernelUserSpace = {
      "kernel-headers", "kernel-devel", "kernel-tools", "kernel-doc", "kernel-srpm-macros"};
  for (std::string_view name : kExact) {
    if (package == name) return true;
  }
  if (package == "dbus-1") return true;  // SUSE's name for dbus
  if (package == "kernel") return true;
  if (!package.starts_with("kernel-")) return false;
  for (std::string_view prefix : kKernelUserSpace) {
    if (package.starts_with(prefix)) return false;
  }
  // The same for flavours: kernel-rt-devel, kernel-default-devel.
  return !package.ends_with("-devel") && !package.ends_with("-headers") &&
         !package.ends_with("-doc");
}

}  // namespace steward::agent
