// System on Linux: POSIX files, statvfs, uname, getifaddrs and posix_spawn.
#include <dirent.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>

#include "agent/platform/linux/process.h"
#include "agent/platform/system.h"

namespace steward::agent::platform {
namespace {

Status ErrnoStatus(int err, const std::string& what) {
  std::string message = what + ": " + std::strerror(err);
  if (err == ENOENT || err == ENOTDIR) return Status::NotFound("file", what);
  if (err == EACCES || err == EPERM) return Status::PermissionDenied(message);
  return Status::Internal(message);
}

// Closes a file descriptor on every return path.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Result<std::string> ReadFd(int fd, const std::string& path, size_t max_bytes) {
  std::string out;
  char buffer[65536];
  while (out.size() < max_bytes) {
    size_t want = std::min(sizeof(buffer), max_bytes - out.size());
    ssize_t n = ::read(fd, buffer, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, path);
    }
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  return out;
}

class LinuxSystem final : public System {
 public:
  Result<std::string> ReadFile(const std::string& path, size_t max_bytes) const override {
    return ReadFileFrom(path, 0, max_bytes);
  }

  Result<std::string> ReadFileFrom(const std::string& path, uint64_t offset,
                                   size_t max_bytes) const override {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return ErrnoStatus(errno, path);
    if (offset > 0 && ::lseek(fd.get(), static_cast<off_t>(offset), SEEK_SET) < 0) {
      return ErrnoStatus(errno, path);
    }
    return ReadFd(fd.get(), path, max_bytes);
  }

  Result<FileInfo> Stat(const std::string& path) const override {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return ErrnoStatus(errno, path);
    FileInfo info;
    info.size = static_cast<uint64_t>(st.st_size);
    info.inode = static_cast<uint64_t>(st.st_ino);
    info.is_directory = S_ISDIR(st.st_mode);
    info.mtime =
        FromMillis(static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000);
    return info;
  }

  Result<std::vector<DirEntry>> ListDirectory(const std::string& path) const override {
    DIR* dir = ::opendir(path.c_str());
    if (dir == nullptr) return ErrnoStatus(errno, path);
    std::vector<DirEntry> entries;
    while (struct dirent* e = ::readdir(dir)) {
      std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      bool is_dir = e->d_type == DT_DIR;
      if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) {
        struct stat st {};
        is_dir = ::stat((path + "/" + name).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
      }
      entries.push_back(DirEntry{std::move(name), is_dir});
    }
    ::closedir(dir);
    return entries;
  }

  Status WriteFileAtomic(const std::string& path, const std::string& contents) override {
    std::filesystem::path target(path);
    std::error_code ec;
    if (target.has_parent_path()) {
      std::filesystem::create_directories(target.parent_path(), ec);
      if (ec)
        return Status::Internal("creating " + target.parent_path().string() + ": " + ec.message());
    }
    std::string tmp = path + ".tmp";
    {
      Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
      if (fd.get() < 0) return ErrnoStatus(errno, tmp);
      size_t done = 0;
      while (done < contents.size()) {
        ssize_t n = ::write(fd.get(), contents.data() + done, contents.size() - done);
        if (n < 0) {
          if (errno == EINTR) continue;
          return ErrnoStatus(errno, tmp);
        }
        done += static_cast<size_t>(n);
      }
      if (::fsync(fd.get()) != 0) return ErrnoStatus(errno, tmp);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) return ErrnoStatus(errno, path);
    // The rename is durable only once the directory is synced.
    std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
    Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir_fd.get() >= 0) ::fsync(dir_fd.get());
    return Status::Ok();
  }

  Result<ProcessResult> Run(const std::vector<std::string>& argv,
                            const ProcessOptions& options) override {
    return RunProcess(argv, options);
  }

  Result<VolumeStats> StatVfs(const std::string& path) const override {
    struct statvfs st {};
    if (::statvfs(path.c_str(), &st) != 0) return ErrnoStatus(errno, path);
    VolumeStats stats;
    uint64_t unit = st.f_frsize != 0 ? st.f_frsize : st.f_bsize;
    stats.total_bytes = static_cast<uint64_t>(st.f_blocks) * unit;
    stats.available_bytes = static_cast<uint64_t>(st.f_bavail) * unit;
    return stats;
  }

  Result<KernelInfo> Uname() const override {
    struct utsname u {};
    if (::uname(&u) != 0) return ErrnoStatus(errno, "uname");
    return KernelInfo{u.sysname, u.release, u.version, u.machine};
  }

  Result<std::string> Hostname() const override {
    char name[256] = {};
    if (::gethostname(name, sizeof(name) - 1) != 0) return ErrnoStatus(errno, "gethostname");
    return std::string(name);
  }

  Result<std::vector<InterfaceAddress>> InterfaceAddresses() const override {
    struct ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return ErrnoStatus(errno, "getifaddrs");
    std::vector<InterfaceAddress> out;
    for (struct ifaddrs* a = list; a != nullptr; a = a->ifa_next) {
      if (a->ifa_addr == nullptr) continue;
      char text[INET6_ADDRSTRLEN] = {};
      if (a->ifa_addr->sa_family == AF_INET) {
        auto* in = reinterpret_cast<struct sockaddr_in*>(a->ifa_addr);
        if (::inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text)) == nullptr) continue;
        out.push_back({a->ifa_name, "ipv4", text});
      } else if (a->ifa_addr->sa_family == AF_INET6) {
        auto* in6 = reinterpret_cast<struct sockaddr_in6*>(a->ifa_addr);
        if (::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof(text)) == nullptr) continue;
        out.push_back({a->ifa_name, "ipv6", text});
      }
    }
    ::freeifaddrs(list);
    return out;
  }
};

}  // namespace

std::unique_ptr<System> MakeSystem() { return std::make_unique<LinuxSystem>(); }

}  // namespace steward::agent::platform
