// Whether updating a package suggests rebooting the device afterwards, by
// package name. The package managers the agent reads have no per-package
// flag for this (zypper's patches do, and zypper_updates.h uses it), so the
// agent applies the lists the distributions' own tools use; the server's
// reboot policy (issue 14, item 7) treats the answer as a suggestion, never
// as a reason to reboot on its own. Pure functions.
#pragma once

#include <string_view>

namespace steward::agent {

// Debian and Ubuntu: the packages whose maintainer scripts ask for a reboot
// through /var/run/reboot-required (update-notifier's list): the kernel
// images (linux-image-*), linux-firmware, libc6, systemd and dbus.
bool DebianUpdateSuggestsReboot(std::string_view package);

// RPM distributions (dnf, zypper): the NEED_REBOOT list of
// `dnf needs-restarting -r` (dnf-plugins-core) — kernel, kernel-rt, glibc,
// linux-firmware, systemd, dbus, dbus-broker, dbus-daemon — widened to every
// package that installs a kernel (kernel-core, kernel-modules*,
// kernel-default on SUSE, kernel-firmware-* on SUSE) and SUSE's dbus-1.
// Kernel headers, devel files and tools do not change the running kernel and
// are left out.
bool RpmUpdateSuggestsReboot(std::string_view package);

}  // namespace steward::agent
