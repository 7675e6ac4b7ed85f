#include "testing/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <cstdlib>

#include <sys/wait.h>

extern char** environ;

namespace steward::testing {

Subprocess::Subprocess(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  // Nothing else is inherited: a server socket of the test would stay bound
  // in the child and block a restart on the same port.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  // The child must not inherit a blocked signal mask (serve waits on signals).
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  if (posix_spawn(&pid_, args[0], &actions, &attr, args.data(), environ) != 0) pid_ = -1;
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(fds[1]);
  fd_ = fds[0];
  if (pid_ < 0) exited_ = true;
  reader_ = std::thread([this] {
    char buf[4096];
    while (true) {
      ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      std::lock_guard lock(mutex_);
      output_.append(buf, static_cast<size_t>(n));
    }
  });
}

Subprocess::~Subprocess() {
  if (pid_ > 0 && !exited_) {
    kill(pid_, SIGKILL);
    Wait();
  }
  if (reader_.joinable()) reader_.join();
  if (fd_ >= 0) close(fd_);
}

bool Subprocess::WaitForOutput(const std::string& needle, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(mutex_);
      if (output_.find(needle) != std::string::npos) return true;
    }
    int status = 0;
    if (!exited_ && waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      status_ = status;
    }
    if (exited_) {
      std::lock_guard lock(mutex_);
      return output_.find(needle) != std::string::npos;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

void Subprocess::Signal(int sig) {
  if (pid_ > 0 && !exited_) kill(pid_, sig);
}

int Subprocess::Wait() {
  if (pid_ <= 0) {
    if (reader_.joinable()) reader_.join();
    return 127;  // could not start
  }
  if (!exited_) {
    waitpid(pid_, &status_, 0);
    exited_ = true;
  }
  if (reader_.joinable()) reader_.join();
  if (WIFSIGNALED(status_)) return -WTERMSIG(status_);
  return WEXITSTATUS(status_);
}

std::string Subprocess::output() {
  std::lock_guard lock(mutex_);
  return output_;
}

std::optional<int> Subprocess::WaitFor(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!exited_ && pid_ > 0) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      status_ = status;
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return Wait();
}

CommandResult RunCommand(const std::vector<std::string>& argv, std::chrono::seconds timeout) {
  Subprocess p(argv);
  auto code = p.WaitFor(timeout);
  if (!code) {
    p.Signal(SIGKILL);
    code = p.Wait();
  }
  return {*code, p.output()};
}

}  // namespace steward::testing
