#include "agent/link/command_slots.h"

#include <algorithm>

namespace steward::agent {

CommandSlots::CommandSlots(size_t max_running, size_t max_waiting)
    : max_running_(std::max<size_t>(max_running, 1)),
      max_waiting_(std::max<size_t>(max_waiting, 1)) {}

bool CommandSlots::Knows(int64_t id) const {
  if (checking_.count(id) > 0 || running_.count(id) > 0) return true;
  return std::any_of(queued_.begin(), queued_.end(),
                     [id](const proto::CommandEnvelope& e) { return e.command_id == id; });
}

bool CommandSlots::Full() const {
  return checking_.size() + queued_.size() + running_.size() >= max_running_ + max_waiting_;
}

void CommandSlots::BeginCheck(int64_t id) { checking_.insert(id); }

void CommandSlots::EndCheck(int64_t id) { checking_.erase(id); }

bool CommandSlots::CanStart() const { return running_.size() < max_running_ && queued_.empty(); }

void CommandSlots::Start(int64_t id) { running_.insert(id); }

void CommandSlots::Enqueue(proto::CommandEnvelope envelope) {
  queued_.push_back(std::move(envelope));
}

std::optional<proto::CommandEnvelope> CommandSlots::NextToStart() {
  if (running_.size() >= max_running_ || queued_.empty()) return std::nullopt;
  proto::CommandEnvelope next = std::move(queued_.front());
  queued_.pop_front();
  return next;
}

void CommandSlots::Finish(int64_t id) { running_.erase(id); }

}  // namespace steward::agent
