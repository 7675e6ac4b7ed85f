#include "server/servicedesk/ical_holidays.h"

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include <libical/ical.h>

namespace steward::servicedesk {

namespace {

constexpr size_t kMaxDays = 2000;
constexpr int kMaxEventDays = 366;
constexpr int kMaxOccurrences = 5000;  // a DAILY rule over the range, with room

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
struct IteratorFree {
  void operator()(icalrecur_iterator* it) const { icalrecur_iterator_free(it); }
};

Status Bad(const std::string& message) { return Status::InvalidArgument(message, "body"); }

// The first X-LIC-ERROR libical attached anywhere under `c`.
const char* FirstError(icalcomponent* c) {
  for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
       p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
    const char* text = icalproperty_get_xlicerror(p);
    return text ? text : "syntax error";
  }
  for (icalcomponent* sub = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); sub;
       sub = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
    if (const char* e = FirstError(sub)) return e;
  }
  return nullptr;
}

date::local_days Day(const icaltimetype& t) {
  return date::local_days(date::year(t.year) / date::month(static_cast<unsigned>(t.month)) /
                          date::day(static_cast<unsigned>(t.day)));
}

bool ValidDate(const icaltimetype& t) {
  if (icaltime_is_null_time(t) || t.year < 1900 || t.year > 2999) return false;
  auto ymd = date::year(t.year) / date::month(static_cast<unsigned>(t.month)) /
             date::day(static_cast<unsigned>(t.day));
  return ymd.ok();
}

}  // namespace

Result<IcsHolidays> ParseIcsHolidays(std::string_view ics, int first_year, int last_year) {
  if (ics.find('\0') != std::string_view::npos) return Bad("is not iCalendar text");
  if (ics.find("BEGIN:VCALENDAR") == std::string_view::npos) {
    return Bad("is not an iCalendar file (no BEGIN:VCALENDAR)");
  }
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  // Report errors to us instead of aborting the process.
  icalerror_set_errors_are_fatal(0);
  icalerror_clear_errno();
  std::string text(ics);
  std::unique_ptr<icalcomponent, ComponentFree> root(icalparser_parse_string(text.c_str()));
  if (!root) return Bad("is not a readable iCalendar file");
  icalcomponent* cal = root.get();
  if (icalcomponent_isa(cal) == ICAL_XROOT_COMPONENT) {
    cal = icalcomponent_get_first_component(cal, ICAL_VCALENDAR_COMPONENT);
  }
  if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
    return Bad("is not an iCalendar file (no VCALENDAR)");
  }
  if (const char* error = FirstError(cal)) {
    return Bad(std::string("is not valid iCalendar: ") + error);
  }
  IcsHolidays out;
  std::set<date::local_days> days;
  int index = 0;
  for (icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
       ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT), ++index) {
    const std::string where = "event " + std::to_string(index + 1);
    if (!icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY)) {
      return Bad(where + " has no DTSTART");
    }
    icaltimetype start = icalcomponent_get_dtstart(ev);
    if (!ValidDate(start)) return Bad(where + " has an invalid DTSTART");
    if (!start.is_date) {
      ++out.skipped_timed;
      continue;
    }
    ++out.events;
    // Length in days: DTEND is exclusive; without DTEND or DURATION, one day.
    int length = 1;
    if (icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY) ||
        icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY)) {
      icaltimetype end = icalcomponent_get_dtend(ev);
      if (!ValidDate(end)) return Bad(where + " has an invalid DTEND or DURATION");
      length = static_cast<int>((Day(end) - Day(start)).count());
      if (length < 1) length = 1;  // DTEND = DTSTART: read as one day
      if (length > kMaxEventDays) return Bad(where + " lasts more than a year");
    }
    auto add_from = [&](date::local_days first) -> Status {
      for (int i = 0; i < length; ++i) days.insert(first + date::days(i));
      if (days.size() > kMaxDays) return Bad("holds more than 2000 holidays");
      return Status::Ok();
    };
    icalproperty* rrule = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
    if (!rrule) {
      STEWARD_RETURN_IF_ERROR(add_from(Day(start)));
      continue;
    }
    std::set<date::local_days> excluded;
    for (icalproperty* p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY)) {
      icaltimetype ex = icalproperty_get_exdate(p);
      if (ValidDate(ex)) excluded.insert(Day(ex));
    }
    std::unique_ptr<icalrecur_iterator, IteratorFree> it(
        icalrecur_iterator_new(icalproperty_get_rrule(rrule), start));
    if (!it) return Bad(where + " has an RRULE libical cannot expand");
    int n = 0;
    for (icaltimetype t = icalrecur_iterator_next(it.get()); !icaltime_is_null_time(t);
         t = icalrecur_iterator_next(it.get())) {
      if (++n > kMaxOccurrences || t.year > last_year) break;
      if (t.year < first_year || excluded.count(Day(t))) continue;
      STEWARD_RETURN_IF_ERROR(add_from(Day(t)));
    }
  }
  if (out.events == 0) return Bad("holds no all-day event (VEVENT with a DATE DTSTART)");
  out.days.assign(days.begin(), days.end());
  return out;
}

}  // namespace steward::servicedesk
