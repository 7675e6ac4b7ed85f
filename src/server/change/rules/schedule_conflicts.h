// Conflict detection when a change is scheduled (issue 14 item 4): another
// change on the same or a related CI in an overlapping window, a CI whose
// change windows do not hold the whole planned window, or a freeze. Pure:
// the store gathers what overlaps, this decides what conflicts and why.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <date/tz.h>

#include "server/change/model/change_request.h"
#include "server/patching/model/change_window.h"

namespace steward::change {

struct PlannedWindow {
  Timestamp start{};
  Timestamp end{};
};

// Another scheduled change whose window overlaps.
struct OtherChange {
  int64_t id = 0;
  std::string title;
  PlannedWindow window;
  std::vector<int64_t> ci_ids;
};

// The change windows that apply to one affected CI (a device's own, its
// groups' or its customer's; the customer's for a CI that is no device).
// No windows: changes to it are not restricted.
struct CiWindows {
  int64_t ci_id = 0;
  std::string ci_name;
  std::vector<patching::ChangeWindow> windows;
  const date::time_zone* zone = nullptr;
};

struct ScheduleFacts {
  ChangeType type = ChangeType::kNormal;
  PlannedWindow planned;
  std::vector<int64_t> ci_ids;
  // CMDB relations touching the change's CIs, as (from, to) pairs.
  std::vector<std::pair<int64_t, int64_t>> relations;
  std::vector<OtherChange> others;  // already overlapping in time
  std::vector<CiWindows> windows;   // one per affected CI
  std::vector<Freeze> freezes;      // already overlapping in time
};

// Every conflict, overlaps first; for an emergency change only overlaps
// block.
std::vector<Conflict> FindConflicts(const ScheduleFacts& facts);

// Whether one occurrence of `windows` holds all of [start, end).
bool InsideAWindow(const CiWindows& windows, const PlannedWindow& planned);

// "RFC-7 overlaps on mail01 (…)" — one line naming every blocking conflict,
// for the 409 that refuses a schedule.
std::string DescribeBlocking(const std::vector<Conflict>& conflicts);

}  // namespace steward::change
