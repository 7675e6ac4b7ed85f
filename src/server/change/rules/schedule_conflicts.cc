#include "server/change/rules/schedule_conflicts.h"

#include <set>

#include "core/time_format.h"
#include "server/patching/rules/recurrence.h"

namespace steward::change {

namespace {

bool Overlaps(const PlannedWindow& a, const PlannedWindow& b) {
  return a.start < b.end && b.start < a.end;
}

}  // namespace

bool InsideAWindow(const CiWindows& w, const PlannedWindow& planned) {
  for (const patching::ChangeWindow& window : w.windows) {
    auto occurrence = patching::OpenOrNext(window.rule, w.zone, planned.start);
    if (occurrence && occurrence->start <= planned.start && planned.end <= occurrence->end) {
      return true;
    }
  }
  return false;
}

std::vector<Conflict> FindConflicts(const ScheduleFacts& f) {
  std::vector<Conflict> out;
  const bool emergency = f.type == ChangeType::kEmergency;
  // The change's CIs and everything one relation away from them.
  std::set<int64_t> own(f.ci_ids.begin(), f.ci_ids.end());
  std::set<int64_t> related;
  for (const auto& [from, to] : f.relations) {
    if (own.count(from) && !own.count(to)) related.insert(to);
    if (own.count(to) && !own.count(from)) related.insert(from);
  }
  for (const OtherChange& other : f.others) {
    if (!Overlaps(other.window, f.planned)) continue;
    for (int64_t ci : other.ci_ids) {
      const bool same = own.count(ci) > 0;
      if (!same && !related.count(ci)) continue;
      Conflict c;
      c.kind = ConflictKind::kOverlap;
      c.change_id = other.id;
      c.ci_id = ci;
      c.message = ChangeRef(other.id) + " (" + other.title + ") changes " +
                  (same ? "the same CI" : "a related CI") + " #" + std::to_string(ci) + " from " +
                  FormatIso8601(other.window.start) + " to " + FormatIso8601(other.window.end);
      out.push_back(std::move(c));
      break;  // one conflict per other change
    }
  }
  for (const CiWindows& w : f.windows) {
    if (w.windows.empty() || InsideAWindow(w, f.planned)) continue;
    Conflict c;
    c.kind = ConflictKind::kOutsideWindow;
    c.ci_id = w.ci_id;
    c.blocking = !emergency;
    c.message = "outside the change windows of " + w.ci_name;
    if (auto next = patching::OpenOrNextOfAll(w.windows, w.zone, f.planned.start)) {
      c.message +=
          "; the next opens " + FormatIso8601(next->start) + " until " + FormatIso8601(next->end);
    }
    out.push_back(std::move(c));
  }
  for (const Freeze& freeze : f.freezes) {
    if (!Overlaps({freeze.starts_at, freeze.ends_at}, f.planned)) continue;
    Conflict c;
    c.kind = ConflictKind::kFreeze;
    c.freeze_id = freeze.id;
    c.blocking = !emergency;
    c.message = "inside the freeze \"" + freeze.name + "\" (" + FormatIso8601(freeze.starts_at) +
                " to " + FormatIso8601(freeze.ends_at) + ")";
    out.push_back(std::move(c));
  }
  return out;
}

std::string DescribeBlocking(const std::vector<Conflict>& conflicts) {
  std::string text;
  for (const Conflict& c : conflicts) {
    if (!c.blocking) continue;
    text += (text.empty() ? "" : "; ") + c.message;
  }
  return text;
}

}  // namespace steward::change
