#include "testing/fake_system.h"

#include <algorithm>
#include <set>

namespace steward::testing {

using agent::platform::DirEntry;
using agent::platform::FileInfo;
using agent::platform::InterfaceAddress;
using agent::platform::KernelInfo;
using agent::platform::VolumeStats;

void FakeSystem::SetFile(const std::string& path, std::string contents, Timestamp mtime) {
  std::lock_guard lock(mutex_);
  auto it = files_.find(path);
  uint64_t inode = it != files_.end() ? it->second.inode : next_inode_++;
  files_[path] = File{std::move(contents), mtime, inode};
}

void FakeSystem::AppendFile(const std::string& path, std::string_view text) {
  std::lock_guard lock(mutex_);
  auto it = files_.find(path);
  if (it == files_.end()) it = files_.emplace(path, File{"", Timestamp{}, next_inode_++}).first;
  it->second.contents.append(text);
}

void FakeSystem::RenameFile(const std::string& from, const std::string& to) {
  std::lock_guard lock(mutex_);
  auto it = files_.find(from);
  if (it == files_.end()) return;
  File file = std::move(it->second);
  files_.erase(it);
  files_[to] = std::move(file);
}

void FakeSystem::RemoveFile(const std::string& path) {
  std::lock_guard lock(mutex_);
  files_.erase(path);
}

void FakeSystem::AddDirectory(const std::string& path) {
  std::lock_guard lock(mutex_);
  directories_.push_back(path);
}

void FakeSystem::SetFileError(const std::string& path, Status status) {
  std::lock_guard lock(mutex_);
  if (status.ok()) {
    file_errors_.erase(path);
  } else {
    file_errors_[path] = std::move(status);
  }
}

std::optional<std::string> FakeSystem::FileContents(const std::string& path) const {
  std::lock_guard lock(mutex_);
  auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  return it->second.contents;
}

void FakeSystem::SetProgram(const std::string& program, Handler handler) {
  std::lock_guard lock(mutex_);
  programs_[program] = std::move(handler);
}

void FakeSystem::SetProgramOutput(const std::string& program, std::string stdout_text, int code,
                                  std::string stderr_text) {
  SetProgram(program, [stdout_text, code, stderr_text](const std::vector<std::string>&) {
    ProcessResult r;
    r.exit_code = code;
    r.stdout_text = stdout_text;
    r.stderr_text = stderr_text;
    return Result<ProcessResult>(r);
  });
}

std::vector<std::vector<std::string>> FakeSystem::Runs() const {
  std::lock_guard lock(mutex_);
  return runs_;
}

void FakeSystem::SetVolume(const std::string& mount_point, VolumeStats stats) {
  std::lock_guard lock(mutex_);
  volumes_[mount_point] = stats;
}

void FakeSystem::SetHostname(std::string hostname) {
  std::lock_guard lock(mutex_);
  hostname_ = std::move(hostname);
}

void FakeSystem::SetKernel(KernelInfo kernel) {
  std::lock_guard lock(mutex_);
  kernel_ = std::move(kernel);
}

void FakeSystem::SetAddresses(std::vector<InterfaceAddress> addresses) {
  std::lock_guard lock(mutex_);
  addresses_ = std::move(addresses);
}

Result<std::string> FakeSystem::ReadFile(const std::string& path, size_t max_bytes) const {
  return ReadFileFrom(path, 0, max_bytes);
}

Result<std::string> FakeSystem::ReadFileFrom(const std::string& path, uint64_t offset,
                                             size_t max_bytes) const {
  std::lock_guard lock(mutex_);
  if (auto e = file_errors_.find(path); e != file_errors_.end()) return e->second;
  auto it = files_.find(path);
  if (it == files_.end()) return Status::NotFound("file", path);
  const std::string& c = it->second.contents;
  if (offset >= c.size()) return std::string();
  return c.substr(static_cast<size_t>(offset), max_bytes);
}

bool FakeSystem::IsDirectoryLocked(const std::string& path) const {
  if (std::find(directories_.begin(), directories_.end(), path) != directories_.end()) return true;
  std::string prefix = path + "/";
  auto it = files_.lower_bound(prefix);
  return it != files_.end() && it->first.starts_with(prefix);
}

Result<FileInfo> FakeSystem::Stat(const std::string& path) const {
  std::lock_guard lock(mutex_);
  if (auto e = file_errors_.find(path); e != file_errors_.end()) return e->second;
  auto it = files_.find(path);
  if (it != files_.end()) {
    return FileInfo{it->second.contents.size(), it->second.mtime, it->second.inode, false};
  }
  if (IsDirectoryLocked(path)) return FileInfo{0, Timestamp{}, 1, true};
  return Status::NotFound("file", path);
}

Result<std::vector<DirEntry>> FakeSystem::ListDirectory(const std::string& path) const {
  std::lock_guard lock(mutex_);
  if (auto e = file_errors_.find(path); e != file_errors_.end()) return e->second;
  if (!IsDirectoryLocked(path)) return Status::NotFound("directory", path);
  std::string prefix = path + "/";
  std::map<std::string, bool> names;  // name -> is directory
  for (auto it = files_.lower_bound(prefix); it != files_.end() && it->first.starts_with(prefix);
       ++it) {
    std::string rest = it->first.substr(prefix.size());
    size_t slash = rest.find('/');
    if (slash == std::string::npos) {
      names.emplace(rest, false);
    } else {
      names[rest.substr(0, slash)] = true;
    }
  }
  for (const auto& d : directories_) {
    if (d.starts_with(prefix) && d.find('/', prefix.size()) == std::string::npos) {
      names[d.substr(prefix.size())] = true;
    }
  }
  std::vector<DirEntry> out;
  for (const auto& [name, is_dir] : names) out.push_back(DirEntry{name, is_dir});
  return out;
}

Status FakeSystem::WriteFileAtomic(const std::string& path, const std::string& contents) {
  std::lock_guard lock(mutex_);
  if (auto e = file_errors_.find(path); e != file_errors_.end()) return e->second;
  // A rename replaces the inode.
  files_[path] = File{contents, Timestamp{}, next_inode_++};
  return Status::Ok();
}

Result<agent::platform::ProcessResult> FakeSystem::Run(
    const std::vector<std::string>& argv, const agent::platform::ProcessOptions& options) {
  Handler handler;
  {
    std::lock_guard lock(mutex_);
    runs_.push_back(argv);
    if (argv.empty()) return Status::InvalidArgument("empty command");
    auto it = programs_.find(argv[0]);
    if (it == programs_.end()) return Status::NotFound("program", argv[0]);
    handler = it->second;
  }
  auto result = handler(argv);
  if (result.ok() && result->stdout_text.size() > options.output_cap) {
    result->stdout_text.resize(options.output_cap);
    result->truncated = true;
    result->exit_code = -9;
  }
  return result;
}

Result<VolumeStats> FakeSystem::StatVfs(const std::string& path) const {
  std::lock_guard lock(mutex_);
  auto it = volumes_.find(path);
  if (it == volumes_.end()) return Status::NotFound("volume", path);
  return it->second;
}

Result<KernelInfo> FakeSystem::Uname() const {
  std::lock_guard lock(mutex_);
  return kernel_;
}

Result<std::string> FakeSystem::Hostname() const {
  std::lock_guard lock(mutex_);
  return hostname_;
}

Result<std::vector<InterfaceAddress>> FakeSystem::InterfaceAddresses() const {
  std::lock_guard lock(mutex_);
  return addresses_;
}

}  // namespace steward::testing
