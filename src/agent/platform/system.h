// agent/platform is the only code in the agent that talks to the operating
// system (after leveldb's Env and osquery's utils/system/<os>/). Collectors
// read files, list directories and run programs through a System, so tests
// hand them an in-memory FakeSystem (src/testing/fake_system.h) and a Windows
// build adds platform/windows/ without touching the collectors' callers.
// Implementations are safe to call from several threads at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace steward::agent::platform {

struct FileInfo {
  uint64_t size = 0;
  Timestamp mtime{};
  uint64_t inode = 0;  // identifies a file across renames (log rotation)
  bool is_directory = false;
};

struct DirEntry {
  std::string name;  // no "." or ".."
  bool is_directory = false;
};

struct ProcessOptions {
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  size_t output_cap = size_t{8} << 20;  // bytes of stdout kept; stderr keeps 64 KiB
  // Called with each piece of output as it arrives (what is kept, within the
  // caps), on the calling thread: remote commands stream their output.
  std::function<void(bool is_stderr, std::string_view chunk)> on_output;
};

struct ProcessResult {
  int exit_code = -1;       // -signal when killed
  std::string stdout_text;  // at most output_cap bytes
  std::string stderr_text;
  bool timed_out = false;  // killed at the timeout
  bool truncated = false;  // stdout hit the cap; the process was killed
};

struct VolumeStats {
  uint64_t total_bytes = 0;
  uint64_t available_bytes = 0;  // free to unprivileged users (df's "Avail")
};

struct KernelInfo {
  std::string sysname;  // "Linux"
  std::string release;  // "6.1.0-18-amd64"
  std::string version;
  std::string machine;  // "x86_64"
};

struct InterfaceAddress {
  std::string interface;
  std::string family;  // "ipv4" or "ipv6"
  std::string address;
};

class System {
 public:
  virtual ~System() = default;

  // Whole contents, at most `max_bytes` (the rest is cut off). NotFound if the
  // path does not exist, PermissionDenied if unreadable, Internal otherwise.
  virtual Result<std::string> ReadFile(const std::string& path,
                                       size_t max_bytes = size_t{16} << 20) const = 0;
  // At most `max_bytes` starting at byte `offset` (empty at or past the end).
  virtual Result<std::string> ReadFileFrom(const std::string& path, uint64_t offset,
                                           size_t max_bytes) const = 0;
  virtual Result<FileInfo> Stat(const std::string& path) const = 0;
  virtual Result<std::vector<DirEntry>> ListDirectory(const std::string& path) const = 0;
  // Replaces `path` atomically (write, fsync, rename), creating its directory.
  virtual Status WriteFileAtomic(const std::string& path, const std::string& contents) = 0;

  // Runs argv[0] (looked up in PATH) with argv, no shell, stdin from
  // /dev/null and LC_ALL=C so output is parseable. NotFound if the program
  // does not exist. A non-zero exit is a result, not an error.
  virtual Result<ProcessResult> Run(const std::vector<std::string>& argv,
                                    const ProcessOptions& options = {}) = 0;

  virtual Result<VolumeStats> StatVfs(const std::string& path) const = 0;
  virtual Result<KernelInfo> Uname() const = 0;
  virtual Result<std::string> Hostname() const = 0;
  virtual Result<std::vector<InterfaceAddress>> InterfaceAddresses() const = 0;
};

// The System of the platform this agent was built for.
std::unique_ptr<System> MakeSystem();

}  // namespace steward::agent::platform
