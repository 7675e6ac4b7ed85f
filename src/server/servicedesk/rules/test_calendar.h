// Times and the office calendar the service-desk rule tests are written in:
// T("2026-11-23T09:00:00Z") is that instant, Ms(...) its milliseconds, and
// Office() is Monday to Friday, 08:00–17:00 UTC. Test code only.
#pragma once

#include <chrono>
#include <cstdint>

#include "core/clock.h"
#include "core/time_format.h"
#include "server/servicedesk/rules/business_calendar.h"

namespace steward::servicedesk {

inline Timestamp T(const char* iso) { return *ParseIso8601(iso); }
inline int64_t Ms(const char* iso) { return ToMillis(T(iso)); }

inline const BusinessCalendar& Office() {
  static const BusinessCalendar cal = [] {
    BusinessCalendar c = AlwaysOpen("UTC");
    c.always_open = false;
    for (int day = 1; day <= 5; ++day) {
      c.hours[day] = {{std::chrono::hours(8), std::chrono::hours(17)}};
    }
    return c;
  }();
  return cal;
}

}  // namespace steward::servicedesk
