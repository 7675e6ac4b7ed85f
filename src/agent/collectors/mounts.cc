#include "agent/collectors/mounts.h"

#include <algorithm>
#include <map>
#include <set>

#include "agent/collectors/proc_parsers.h"

namespace steward::agent {
namespace {

std::string DecodeOctal(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size()) {
      std::string_view digits = s.substr(i + 1, 3);
      if (digits.size() == 3 &&
          std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '7'; })) {
        out.push_back(
            static_cast<char>((digits[0] - '0') * 64 + (digits[1] - '0') * 8 + (digits[2] - '0')));
        i += 3;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

}  // namespace

std::vector<MountEntry> ParseMounts(std::string_view text) {
  std::vector<MountEntry> out;
  for (std::string_view line : SplitLines(text)) {
    auto f = SplitFields(line);
    if (f.size() < 3) continue;
    out.push_back(MountEntry{DecodeOctal(f[0]), DecodeOctal(f[1]), std::string(f[2])});
  }
  return out;
}

bool IsPseudoFilesystem(std::string_view fs_type) {
  static const std::set<std::string_view> kPseudo = {"autofs",
                                                     "binfmt_misc",
                                                     "bpf",
                                                     "cgroup",
                                                     "cgroup2",
                                                     "configfs",
                                                     "debugfs",
                                                     "devfs",
                                                     "devpts",
                                                     "devtmpfs",
                                                     "efivarfs",
                                                     "fusectl",
                                                     "hugetlbfs",
                                                     "mqueue",
                                                     "nsfs",
                                                     "overlay",
                                                     "proc",
                                                     "pstore",
                                                     "ramfs",
                                                     "rpc_pipefs",
                                                     "securityfs",
                                                     "selinuxfs",
                                                     "squashfs",
                                                     "sysfs",
                                                     "tmpfs",
                                                     "tracefs",
                                                     "nfsd",
                                                     "fuse.lxcfs",
                                                     "fuse.gvfsd-fuse",
                                                     "fuse.portal",
                                                     "iso9660",
                                                     "udf",
                                                     "zram",
                                                     "aufs",
                                                     "shm"};
  return kPseudo.count(fs_type) > 0;
}

std::vector<MountEntry> SelectVolumes(const std::vector<MountEntry>& mounts) {
  // Last mount at a mount point wins (it hides the ones below it).
  std::map<std::string, MountEntry> by_point;
  std::vector<std::string> order;
  for (const auto& m : mounts) {
    if (m.mount_point != "/" && IsPseudoFilesystem(m.fs_type)) continue;
    if (!by_point.count(m.mount_point)) order.push_back(m.mount_point);
    by_point[m.mount_point] = m;
  }
  // One entry per device; "/" or the shortest mount point represents it.
  std::map<std::string, std::string> point_of_device;
  for (const auto& point : order) {
    const MountEntry& m = by_point[point];
    // Devices that are not paths (nfs "host:/export", "none") are distinct
    // mounts of the same name only by accident, so only /dev paths merge.
    std::string key = m.device.starts_with("/dev/") ? m.device : "\n" + point;
    auto it = point_of_device.find(key);
    if (it == point_of_device.end()) {
      point_of_device[key] = point;
    } else if (it->second != "/" && (point == "/" || point.size() < it->second.size())) {
      it->second = point;
    }
  }
  std::set<std::string> keep;
  for (const auto& [device, point] : point_of_device) keep.insert(point);
  std::vector<MountEntry> out;
  for (const auto& point : order) {
    if (keep.count(point)) out.push_back(by_point[point]);
  }
  return out;
}

}  // namespace steward::agent
