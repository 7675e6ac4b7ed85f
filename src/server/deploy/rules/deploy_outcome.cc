#include "server/deploy/rules/deploy_outcome.h"

#include <map>

namespace steward::deploy {

namespace {

std::string Count(size_t n, std::string_view what) {
  return std::to_string(n) + " " + std::string(what);
}

TargetVerdict Retry(std::vector<PackageVersion> packages, int attempts, std::string why) {
  TargetVerdict v;
  if (attempts >= kMaxAttempts) {
    v.state = TargetState::kFailed;
    v.reason = why + "; no retries left (" + std::to_string(kMaxAttempts) + " commands sent)";
    return v;
  }
  v.state = TargetState::kWaiting;
  v.next_packages = std::move(packages);
  v.reason = why + "; retried in its next window (attempt " + std::to_string(attempts + 1) +
             " of " + std::to_string(kMaxAttempts) + ")";
  return v;
}

}  // namespace

TargetVerdict JudgeTarget(const std::vector<PackageVersion>& asked, const CommandReport& report,
                          int attempts) {
  TargetVerdict v;
  switch (report.end) {
    case CommandEnd::kPending:
      v.state = TargetState::kSent;
      v.reason = "sent; waiting for the device's results";
      return v;
    case CommandEnd::kExpired:
      v.state = TargetState::kWaiting;
      v.next_packages = asked;
      v.counts_as_attempt = false;
      v.reason = "the device was offline for its window; it goes in the next one";
      return v;
    case CommandEnd::kRefused:
      // Outside its validity (the window passed while it was on its way):
      // the next window, like a missed one. Anything else (commands off, a
      // signature the agent does not trust) needs a person.
      if (report.refusal == "expired" || report.refusal == "not_yet_valid") {
        v.state = TargetState::kWaiting;
        v.next_packages = asked;
        v.counts_as_attempt = false;
        v.reason = "the agent refused it outside its window (" + report.refusal +
                   "); it goes in the next one";
        return v;
      }
      v.state = TargetState::kFailed;
      v.reason = "the agent refused the command: " + report.refusal;
      return v;
    case CommandEnd::kFailed:
      return Retry(asked, attempts, "the command failed without package results");
    case CommandEnd::kCompleted:
      break;
  }
  std::map<std::string, const PackageResult*, std::less<>> by_name;
  for (const PackageResult& r : report.results) by_name.emplace(r.name, &r);
  std::vector<PackageVersion> failed;
  size_t installed = 0, held = 0;
  for (const PackageVersion& p : asked) {
    auto it = by_name.find(p.name);
    if (it == by_name.end() || it->second->outcome == PackageOutcome::kFailed) {
      failed.push_back(p);  // no result is no install
    } else if (it->second->outcome == PackageOutcome::kHeld) {
      ++held;
    } else {
      ++installed;
    }
  }
  if (!failed.empty() && attempts < kMaxAttempts) {
    std::string why =
        Count(failed.size(), failed.size() == 1 ? "package failed" : "packages failed");
    if (installed > 0) why = Count(installed, "installed, ") + why;
    if (held > 0) why += ", " + Count(held, "held for a person");
    return Retry(std::move(failed), attempts, why);
  }
  if (failed.empty() && held == 0) {
    v.state = TargetState::kInstalled;
    v.reason = "every package installed";
  } else if (installed == 0 && failed.empty()) {
    v.state = TargetState::kHeld;
    v.reason = "every package held for a person (see each package's reason)";
  } else if (installed == 0 && held == 0) {
    v.state = TargetState::kFailed;
    v.reason = Count(failed.size(), "failed") + " after " + std::to_string(attempts) + " commands";
  } else {
    v.state = TargetState::kPartial;
    v.reason = Count(installed, "installed") + ", " + Count(failed.size(), "failed") + ", " +
               Count(held, "held");
  }
  return v;
}

}  // namespace steward::deploy
