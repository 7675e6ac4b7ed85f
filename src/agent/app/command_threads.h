// Runs verified remote commands, each on a thread of its own, and hands
// their live output and results back to the agent's loop. Which commands run
// and how many at once is decided by ChannelMachine (agent/link); this class
// only owns the threads.
//
// Threading: Start, TakeOutput and TakeDone are called from the loop's
// thread; the command threads only append under mu_. JoinAll and the
// destructor wait for every command still running.
#pragma once

#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "agent/exec/package_install.h"
#include "agent/platform/system.h"
#include "proto/agent_frames.h"
#include "proto/command_envelope.h"

namespace steward::agent {

class CommandThreads {
 public:
  // `install_options` for envelopes with an "install_updates" action.
  explicit CommandThreads(std::shared_ptr<platform::System> system,
                          PackageInstallOptions install_options = {})
      : system_(std::move(system)), install_options_(std::move(install_options)) {}
  ~CommandThreads();
  CommandThreads(const CommandThreads&) = delete;
  CommandThreads& operator=(const CommandThreads&) = delete;

  void Start(proto::CommandEnvelope envelope);
  // Output chunks (each at most kMaxOutputChunkBytes) since the last call.
  std::vector<proto::CommandOutputFrame> TakeOutput();
  // Commands that ended since the last call. Joins their threads.
  std::vector<proto::CommandResultFrame> TakeDone();
  // Waits for every command still running (the agent is stopping); their
  // results are then in TakeDone.
  void JoinAll();

 private:
  struct Worker {
    int64_t command_id = 0;
    std::thread thread;
  };

  std::shared_ptr<platform::System> system_;
  const PackageInstallOptions install_options_;
  std::vector<Worker> workers_;  // loop thread only
  std::mutex mu_;
  std::vector<proto::CommandOutputFrame> output_;  // guarded by mu_
  std::vector<proto::CommandResultFrame> done_;    // guarded by mu_
};

}  // namespace steward::agent
