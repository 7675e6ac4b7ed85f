#include "server/servicedesk/rules/business_calendar.h"

#include <algorithm>
#include <functional>

namespace steward::servicedesk {

namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

// A calendar with no working day at all would make every search endless;
// BuildCalendar (calendar_json.h) refuses one, and this bound guards the loops regardless.
constexpr int kMaxDaysSearched = 3700;

Timestamp ToSys(const BusinessCalendar& cal, date::local_days day, minutes offset) {
  date::local_time<milliseconds> local = day + offset;
  // A local time skipped by a DST change maps to the transition instant;
  // a repeated one to its first occurrence.
  return cal.zone->to_sys(local, date::choose::earliest);
}

date::local_days LocalDay(const BusinessCalendar& cal, Timestamp t) {
  return date::floor<date::days>(cal.zone->to_local(t));
}

bool IsBusinessDay(const BusinessCalendar& cal, date::local_days day) {
  if (cal.always_open) return true;
  if (cal.holidays.count(day)) return false;
  return !cal.hours[date::weekday(day).c_encoding()].empty();
}

// Calls `fn(start, end)` for each working span ending after `from`, in order,
// the first clipped to begin at `from`, until `fn` returns false.
void ForEachSpan(const BusinessCalendar& cal, Timestamp from,
                 const std::function<bool(Timestamp, Timestamp)>& fn) {
  date::local_days day = LocalDay(cal, from) - date::days(1);
  for (int i = 0; i < kMaxDaysSearched; ++i, day += date::days(1)) {
    std::vector<WorkInterval> spans;
    if (cal.always_open) {
      spans.push_back({minutes(0), minutes(24 * 60)});
    } else if (!cal.holidays.count(day)) {
      spans = cal.hours[date::weekday(day).c_encoding()];
    }
    for (const WorkInterval& w : spans) {
      Timestamp s = ToSys(cal, day, w.open);
      Timestamp e = ToSys(cal, day, w.close);
      if (e <= from || e <= s) continue;
      if (!fn(std::max(s, from), e)) return;
    }
  }
}

}  // namespace

BusinessCalendar AlwaysOpen(const std::string& time_zone_name) {
  BusinessCalendar cal;
  cal.zone = date::locate_zone(time_zone_name.empty() ? "UTC" : time_zone_name);
  cal.always_open = true;
  return cal;
}

Timestamp AddBusinessTime(const BusinessCalendar& cal, Timestamp start, milliseconds duration) {
  if (duration <= milliseconds(0)) return start;
  if (cal.always_open) return start + duration;
  milliseconds remaining = duration;
  Timestamp result = start;
  ForEachSpan(cal, start, [&](Timestamp s, Timestamp e) {
    if (remaining <= e - s) {
      result = s + remaining;
      return false;
    }
    remaining -= e - s;
    result = e;
    return true;
  });
  return result;
}

milliseconds BusinessTimeBetween(const BusinessCalendar& cal, Timestamp from, Timestamp to) {
  if (to <= from) return milliseconds(0);
  if (cal.always_open) return to - from;
  milliseconds total(0);
  ForEachSpan(cal, from, [&](Timestamp s, Timestamp e) {
    if (s >= to) return false;
    total += std::min(e, to) - s;
    return e < to;
  });
  return total;
}

Timestamp EndOfNthBusinessDay(const BusinessCalendar& cal, Timestamp arrival, int n) {
  date::local_days day = LocalDay(cal, arrival);
  for (int i = 0; i < kMaxDaysSearched && n > 0; ++i) {
    day += date::days(1);
    if (IsBusinessDay(cal, day)) --n;
  }
  if (cal.always_open) return ToSys(cal, day + date::days(1), minutes(0));
  const auto& spans = cal.hours[date::weekday(day).c_encoding()];
  if (spans.empty()) return ToSys(cal, day + date::days(1), minutes(0));  // bound reached
  return ToSys(cal, day, spans.back().close);
}

}  // namespace steward::servicedesk
