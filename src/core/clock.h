// The one source of wall-clock time. SLA timers, session expiry, login
// throttling, schedules and billing runs read time only through a Clock, so
// tests and `steward serve --fake-time` can move it. Implementations are
// thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace steward {

// Milliseconds since the Unix epoch, UTC. Stored as an integer everywhere.
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

inline int64_t ToMillis(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromMillis(int64_t ms) { return Timestamp(std::chrono::milliseconds(ms)); }

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
  }
};

// A clock that stands still until told to move: the fake-time mode of the
// server and the clock of every test.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_ms_(ToMillis(start)) {}
  Timestamp Now() const override { return FromMillis(now_ms_.load()); }
  void Set(Timestamp t) { now_ms_.store(ToMillis(t)); }
  void Advance(std::chrono::milliseconds d) { now_ms_.fetch_add(d.count()); }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace steward
