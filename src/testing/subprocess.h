// Runs a program for process-level tests (the CLI, kill -9 recovery): argv
// only, never a shell; stdout and stderr are captured together.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

namespace steward::testing {

struct CommandResult {
  int exit_code = -1;  // -signal if killed
  std::string output;
};

// Runs to completion (at most `timeout`, then SIGKILL).
CommandResult RunCommand(const std::vector<std::string>& argv,
                         std::chrono::seconds timeout = std::chrono::seconds(120));

class Subprocess {
 public:
  explicit Subprocess(const std::vector<std::string>& argv);
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  // Waits until the output contains `needle`; false on timeout or exit.
  bool WaitForOutput(const std::string& needle, std::chrono::milliseconds timeout);
  void Signal(int sig);
  // Waits for exit; returns the exit code or -signal.
  int Wait();
  // Like Wait, but gives up after `timeout` (nullopt: still running).
  std::optional<int> WaitFor(std::chrono::milliseconds timeout);
  std::string output();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  std::thread reader_;
  std::mutex mutex_;
  std::string output_;
  bool exited_ = false;
  int status_ = 0;
};

}  // namespace steward::testing
