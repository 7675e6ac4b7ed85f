// Change windows (SPEC §4 and §6, issue 14 item 5): when a customer allows
// changes on its systems, as recurring rules in the customer's time zone —
// "every Saturday 22:00 for 4 hours", "the second Tuesday of the month
// 20:00 for 3 hours". A window belongs to a customer, one of its device
// groups or one device; a device's windows are the most specific level that
// has any (its own, else its groups', else its customer's).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "core/clock.h"

namespace steward::patching {

// The subset of RFC 5545 RRULE a change window uses.
enum class Frequency { kDaily, kWeekly, kMonthly };

struct WeekdayRule {
  unsigned weekday = 0;  // date::weekday::c_encoding(): 0 = Sunday
  int ordinal = 0;       // MONTHLY only: 1..5 or -1..-5 (2TU, -1FR); 0 = every one
  bool operator==(const WeekdayRule&) const = default;
};

struct Recurrence {
  Frequency freq = Frequency::kWeekly;
  int interval = 1;                       // every n days / weeks / months
  std::vector<WeekdayRule> by_day;        // BYDAY
  std::vector<int> by_month_day;          // BYMONTHDAY: 1..31 or -1..-31
  std::optional<date::local_days> until;  // the last day a window may start
  bool operator==(const Recurrence&) const = default;
};

enum class WindowLevel { kCustomer, kGroup, kDevice };
std::string_view WindowLevelName(WindowLevel l);  // "customer" | "group" | "device"

// A window as written: the rule, the local start (its date anchors the
// recurrence, its time of day is every occurrence's start) and how long
// each occurrence lasts, in real minutes.
struct WindowRule {
  Recurrence recurrence;
  date::local_seconds start{};
  int duration_minutes = 0;
};

struct NewChangeWindow {
  int64_t customer_id = 0;
  WindowLevel level = WindowLevel::kCustomer;
  int64_t target_id = 0;  // the customer, group or device
  std::string name;
  std::string rrule;  // as sent; parsed by ParseRRule
  std::string start;  // "YYYY-MM-DDTHH:MM" in the customer's time zone
  int duration_minutes = 0;
};

struct ChangeWindow {
  int64_t id = 0;
  int64_t customer_id = 0;
  WindowLevel level = WindowLevel::kCustomer;
  int64_t target_id = 0;
  std::string name;
  std::string rrule;  // canonical (FormatRRule)
  WindowRule rule;
  std::optional<int64_t> created_by;
  Timestamp created_at{};
};

// One occurrence, as instants.
struct WindowOccurrence {
  int64_t window_id = 0;
  Timestamp start{};
  Timestamp end{};
};

// What applies to a device now.
struct DeviceWindows {
  std::optional<WindowLevel> level;  // none: no window anywhere, changes are not restricted
  std::vector<ChangeWindow> windows;
  std::string time_zone;
  bool in_window = false;                // an occurrence is open at the time asked about
  std::optional<WindowOccurrence> next;  // the open one, else the next to start
};

}  // namespace steward::patching
