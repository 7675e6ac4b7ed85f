#include "server/deploy/rules/deploy_timing.h"

#include "core/time_format.h"

namespace steward::deploy {

namespace {

SendDecision SendNow(Timestamp now, Timestamp until, std::string reason) {
  SendDecision d;
  d.send = true;
  d.not_before = now;
  d.expires_at = until;
  d.reason = std::move(reason);
  return d;
}

SendDecision WaitFor(const std::optional<patching::WindowOccurrence>& next, std::string why) {
  SendDecision d;
  if (!next) {
    d.reason = why + "; none of its change windows occurs again";
    return d;
  }
  d.wait_until = next->start;
  d.reason = why + "; its next change window opens " + FormatIso8601(next->start);
  return d;
}

}  // namespace

SendDecision DecideSend(const TimingInput& in) {
  const patching::DeviceWindows& w = *in.windows;
  if (!w.level) {
    return SendNow(in.now, in.now + kUnrestrictedValidity,
                   "the device has no change window: changes are not restricted");
  }
  if (in.missed_last_window && in.missed_window == MissedWindow::kWhenOnline && in.online) {
    return SendNow(in.now, in.now + kUnrestrictedValidity,
                   "missed its window while offline; sent as soon as it came back online");
  }
  if (w.in_window && w.next && w.next->end - in.now >= kMinWindowLeft) {
    return SendNow(in.now, w.next->end,
                   "inside its change window until " + FormatIso8601(w.next->end));
  }
  if (w.in_window) {
    // The open occurrence ends too soon; `next` is that one, so the caller
    // asks again at its end for the one after.
    SendDecision d;
    if (w.next) d.wait_until = w.next->end;
    d.reason = "its change window closes in less than 15 minutes";
    return d;
  }
  if (in.missed_last_window && in.missed_window == MissedWindow::kWhenOnline) {
    return WaitFor(w.next,
                   "missed its window while offline: it goes as soon as the device is back "
                   "online, or in its next window");
  }
  return WaitFor(w.next, "outside its change window");
}

}  // namespace steward::deploy
