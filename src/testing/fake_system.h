// An in-memory agent::platform::System for collector tests (after leveldb's
// memenv): files with inodes and mtimes, directories implied by file paths,
// programs answered by handlers, and fixed statvfs/uname/hostname/address
// answers. The same FakeSystem can outlive collectors, so a test can build a
// second set over it to simulate an agent restart. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "agent/platform/system.h"

namespace steward::testing {

class FakeSystem final : public agent::platform::System {
 public:
  using ProcessResult = agent::platform::ProcessResult;
  using Handler = std::function<Result<ProcessResult>(const std::vector<std::string>& argv)>;

  // Creates or replaces a file; a new path gets a new inode, an existing one
  // keeps it (like writing in place).
  void SetFile(const std::string& path, std::string contents, Timestamp mtime = {});
  void AppendFile(const std::string& path, std::string_view text);
  // Moves a file with its inode (log rotation).
  void RenameFile(const std::string& from, const std::string& to);
  void RemoveFile(const std::string& path);
  void AddDirectory(const std::string& path);
  // Every read of `path` fails with `status` (an OK status clears that).
  void SetFileError(const std::string& path, Status status);
  std::optional<std::string> FileContents(const std::string& path) const;

  // Runs of program argv[0] are answered by `handler`; unknown programs are
  // NotFound, as on a machine without them.
  void SetProgram(const std::string& program, Handler handler);
  // Shorthand: a program that always prints `stdout_text` and exits with `code`.
  void SetProgramOutput(const std::string& program, std::string stdout_text, int code = 0,
                        std::string stderr_text = {});
  std::vector<std::vector<std::string>> Runs() const;

  void SetVolume(const std::string& mount_point, agent::platform::VolumeStats stats);
  void SetHostname(std::string hostname);
  void SetKernel(agent::platform::KernelInfo kernel);
  void SetAddresses(std::vector<agent::platform::InterfaceAddress> addresses);

  Result<std::string> ReadFile(const std::string& path, size_t max_bytes) const override;
  Result<std::string> ReadFileFrom(const std::string& path, uint64_t offset,
                                   size_t max_bytes) const override;
  Result<agent::platform::FileInfo> Stat(const std::string& path) const override;
  Result<std::vector<agent::platform::DirEntry>> ListDirectory(
      const std::string& path) const override;
  Status WriteFileAtomic(const std::string& path, const std::string& contents) override;
  Result<ProcessResult> Run(const std::vector<std::string>& argv,
                            const agent::platform::ProcessOptions& options) override;
  Result<agent::platform::VolumeStats> StatVfs(const std::string& path) const override;
  Result<agent::platform::KernelInfo> Uname() const override;
  Result<std::string> Hostname() const override;
  Result<std::vector<agent::platform::InterfaceAddress>> InterfaceAddresses() const override;

 private:
  struct File {
    std::string contents;
    Timestamp mtime{};
    uint64_t inode = 0;
  };
  bool IsDirectoryLocked(const std::string& path) const;

  mutable std::mutex mutex_;
  std::map<std::string, File> files_;
  std::map<std::string, Status> file_errors_;
  std::vector<std::string> directories_;
  std::map<std::string, Handler> programs_;
  std::vector<std::vector<std::string>> runs_;
  std::map<std::string, agent::platform::VolumeStats> volumes_;
  std::string hostname_ = "fakehost";
  agent::platform::KernelInfo kernel_{"Linux", "6.1.0-test-amd64", "#1 SMP", "x86_64"};
  std::vector<agent::platform::InterfaceAddress> addresses_;
  uint64_t next_inode_ = 100;
};

}  // namespace steward::testing
