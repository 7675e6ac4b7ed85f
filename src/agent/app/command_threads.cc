#include "agent/app/command_threads.h"

#include <algorithm>
#include <utility>

#include "agent/exec/command_runner.h"

namespace steward::agent {

CommandThreads::~CommandThreads() { JoinAll(); }

void CommandThreads::JoinAll() {
  for (auto& w : workers_) w.thread.join();
  workers_.clear();
}

void CommandThreads::Start(proto::CommandEnvelope envelope) {
  int64_t id = envelope.command_id;
  workers_.push_back({id, std::thread([this, id, envelope = std::move(envelope)]() {
                        proto::CommandResultFrame r = RunCommand(
                            *system_, envelope,
                            [this, id](bool is_stderr, std::string_view chunk) {
                              std::lock_guard lock(mu_);
                              while (!chunk.empty()) {
                                size_t n = std::min(chunk.size(), proto::kMaxOutputChunkBytes);
                                output_.push_back({id, is_stderr, std::string(chunk.substr(0, n))});
                                chunk.remove_prefix(n);
                              }
                            },
                            install_options_);
                        std::lock_guard lock(mu_);
                        done_.push_back(std::move(r));
                      })});
}

std::vector<proto::CommandOutputFrame> CommandThreads::TakeOutput() {
  std::lock_guard lock(mu_);
  return std::exchange(output_, {});
}

std::vector<proto::CommandResultFrame> CommandThreads::TakeDone() {
  std::vector<proto::CommandResultFrame> done;
  {
    std::lock_guard lock(mu_);
    done = std::exchange(done_, {});
  }
  // A finished command's thread has nothing left but to return: join it now
  // instead of keeping one dead thread per command until the agent exits.
  for (const auto& r : done) {
    auto it = std::find_if(workers_.begin(), workers_.end(),
                           [&](const Worker& w) { return w.command_id == r.command_id; });
    if (it == workers_.end()) continue;
    it->thread.join();
    workers_.erase(it);
  }
  return done;
}

}  // namespace steward::agent
