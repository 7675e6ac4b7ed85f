// Business calendars as the API and the database spell them: a time zone,
// "hours" ("24x7" or weekday → [["HH:MM","HH:MM"],…]) and holiday dates.
#include "server/servicedesk/calendar_json.h"

#include <algorithm>
#include <array>

namespace steward::servicedesk {

namespace {

using std::chrono::minutes;

constexpr std::array<const char*, 7> kDayKeys = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

Result<minutes> ParseClock(const Json& v, const std::string& field) {
  if (!v.is_string()) return Status::InvalidArgument("must be \"HH:MM\"", field);
  const std::string s = v.get<std::string>();
  if (s.size() != 5 || s[2] != ':' || !isdigit(static_cast<unsigned char>(s[0])) ||
      !isdigit(static_cast<unsigned char>(s[1])) || !isdigit(static_cast<unsigned char>(s[3])) ||
      !isdigit(static_cast<unsigned char>(s[4]))) {
    return Status::InvalidArgument("must be \"HH:MM\"", field);
  }
  int h = (s[0] - '0') * 10 + (s[1] - '0');
  int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) {
    return Status::InvalidArgument("must be a time between 00:00 and 24:00", field);
  }
  return minutes(h * 60 + m);
}

Result<date::local_days> ParseDate(const Json& v, const std::string& field) {
  if (!v.is_string()) return Status::InvalidArgument("must be \"YYYY-MM-DD\"", field);
  const std::string s = v.get<std::string>();
  bool shape = s.size() == 10 && s[4] == '-' && s[7] == '-';
  for (size_t i = 0; shape && i < s.size(); ++i) {
    if (i != 4 && i != 7 && !isdigit(static_cast<unsigned char>(s[i]))) shape = false;
  }
  if (!shape) return Status::InvalidArgument("must be \"YYYY-MM-DD\"", field);
  date::year_month_day ymd{date::year(std::stoi(s.substr(0, 4))),
                           date::month(static_cast<unsigned>(std::stoi(s.substr(5, 2)))),
                           date::day(static_cast<unsigned>(std::stoi(s.substr(8, 2))))};
  if (!ymd.ok()) return Status::InvalidArgument("is not a calendar date", field);
  return date::local_days(ymd);
}

}  // namespace

Result<BusinessCalendar> BuildCalendar(const std::string& time_zone_name, const Json& hours,
                                       const Json& holidays) {
  BusinessCalendar cal;
  if (time_zone_name.empty() || time_zone_name.size() > 64) {
    return Status::InvalidArgument("must be an IANA time zone name", "time_zone");
  }
  try {
    cal.zone = date::locate_zone(time_zone_name);
  } catch (const std::exception&) {
    return Status::InvalidArgument("unknown IANA time zone \"" + time_zone_name + "\"",
                                   "time_zone");
  }
  if (hours.is_string()) {
    if (hours.get<std::string>() != "24x7") {
      return Status::InvalidArgument("must be \"24x7\" or an object of weekdays", "hours");
    }
    cal.always_open = true;
  } else if (hours.is_object()) {
    bool any = false;
    for (const auto& [key, value] : hours.items()) {
      auto it = std::find(kDayKeys.begin(), kDayKeys.end(), key);
      if (it == kDayKeys.end()) {
        return Status::InvalidArgument("unknown day (use mon, tue, wed, thu, fri, sat, sun)",
                                       "hours." + key);
      }
      std::string field = "hours." + key;
      if (!value.is_array() || value.size() > 8) {
        return Status::InvalidArgument("must be an array of at most 8 [\"HH:MM\",\"HH:MM\"]",
                                       field);
      }
      std::vector<WorkInterval>& day = cal.hours[it - kDayKeys.begin()];
      for (size_t i = 0; i < value.size(); ++i) {
        std::string f = field + "[" + std::to_string(i) + "]";
        if (!value[i].is_array() || value[i].size() != 2) {
          return Status::InvalidArgument("must be [\"HH:MM\",\"HH:MM\"]", f);
        }
        STEWARD_ASSIGN_OR_RETURN(minutes open, ParseClock(value[i][0], f));
        STEWARD_ASSIGN_OR_RETURN(minutes close, ParseClock(value[i][1], f));
        if (close <= open) return Status::InvalidArgument("must end after it starts", f);
        day.push_back({open, close});
      }
      std::sort(day.begin(), day.end(),
                [](const WorkInterval& a, const WorkInterval& b) { return a.open < b.open; });
      for (size_t i = 1; i < day.size(); ++i) {
        if (day[i].open < day[i - 1].close) {
          return Status::InvalidArgument("intervals overlap", field);
        }
      }
      any = any || !day.empty();
    }
    if (!any) return Status::InvalidArgument("must have working hours on some day", "hours");
  } else {
    return Status::InvalidArgument("must be \"24x7\" or an object of weekdays", "hours");
  }
  if (!holidays.is_null()) {
    if (!holidays.is_array() || holidays.size() > 1000) {
      return Status::InvalidArgument("must be an array of at most 1000 dates", "holidays");
    }
    for (size_t i = 0; i < holidays.size(); ++i) {
      STEWARD_ASSIGN_OR_RETURN(date::local_days d,
                               ParseDate(holidays[i], "holidays[" + std::to_string(i) + "]"));
      cal.holidays.insert(d);
    }
  }
  return cal;
}

}  // namespace steward::servicedesk
