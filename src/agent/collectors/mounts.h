// Pure parsing of /proc/self/mounts and the choice of which mounts are
// volumes worth reporting (real filesystems, each device once).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace steward::agent {

struct MountEntry {
  std::string device;
  std::string mount_point;  // octal escapes (\040 for a space) decoded
  std::string fs_type;
};

// Lines that do not have at least three fields are skipped.
std::vector<MountEntry> ParseMounts(std::string_view text);

// proc, sysfs, tmpfs, cgroup, overlay, squashfs and other filesystems that do
// not hold user data.
bool IsPseudoFilesystem(std::string_view fs_type);

// The mounts to report: no pseudo filesystems (except that "/" is always
// kept, since in a container it is an overlay), a mount point mounted over
// counts once (the last mount wins), and a device mounted at several places
// (bind mounts) is reported once, at "/" if it is there, else at its shortest
// mount point.
std::vector<MountEntry> SelectVolumes(const std::vector<MountEntry>& mounts);

}  // namespace steward::agent
