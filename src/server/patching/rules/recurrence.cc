#include "server/patching/rules/recurrence.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "core/strings.h"

namespace steward::patching {

namespace {

constexpr std::array<std::string_view, 7> kDayCodes = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

Status Bad(std::string message) { return Status::InvalidArgument(std::move(message), "rrule"); }

std::optional<int> ParseSmallInt(std::string_view s) {
  int v = 0;
  if (s.empty() || s.size() > 4) return std::nullopt;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data() + (s.front() == '+' ? 1 : 0), end, v);
  if (ec != std::errc() || p != end) return std::nullopt;
  return v;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

Result<WeekdayRule> ParseWeekday(std::string_view s, bool ordinals_allowed) {
  if (s.size() < 2) return Bad("BYDAY takes MO, TU, WE, TH, FR, SA, SU");
  const std::string code = AsciiLower(s.substr(s.size() - 2));
  WeekdayRule out;
  bool found = false;
  for (unsigned i = 0; i < kDayCodes.size(); ++i) {
    if (AsciiLower(kDayCodes[i]) == code) {
      out.weekday = i;
      found = true;
    }
  }
  if (!found) return Bad("BYDAY takes MO, TU, WE, TH, FR, SA, SU");
  const std::string_view ordinal = s.substr(0, s.size() - 2);
  if (!ordinal.empty()) {
    auto n = ParseSmallInt(ordinal);
    if (!ordinals_allowed) return Bad("an ordinal weekday (2TU) needs FREQ=MONTHLY");
    if (!n || *n == 0 || *n < -5 || *n > 5) return Bad("a BYDAY ordinal is 1 to 5 or -1 to -5");
    out.ordinal = *n;
  }
  return out;
}

Result<date::local_days> ParseUntil(std::string_view s) {
  // YYYYMMDD, optionally followed by THHMMSS[Z]: the date counts.
  if (s.size() != 8 && !(s.size() >= 15 && s[8] == 'T')) return Bad("UNTIL is YYYYMMDD");
  auto y = ParseSmallInt(s.substr(0, 4));
  auto m = ParseSmallInt(s.substr(4, 2));
  auto d = ParseSmallInt(s.substr(6, 2));
  if (!y || !m || !d) return Bad("UNTIL is YYYYMMDD");
  const date::year_month_day ymd{date::year{*y}, date::month(static_cast<unsigned>(*m)),
                                 date::day(static_cast<unsigned>(*d))};
  if (!ymd.ok()) return Bad("UNTIL is not a date");
  return date::local_days{ymd};
}

// Monday of the week holding `d` (RFC 5545's default WKST=MO).
date::local_days WeekStart(date::local_days d) {
  const unsigned iso = date::weekday{d}.iso_encoding();  // 1 = Monday
  return d - date::days{iso - 1};
}

bool MonthDayMatches(const std::vector<int>& by_month_day, date::year_month_day ymd) {
  const int dom = static_cast<int>(static_cast<unsigned>(ymd.day()));
  const int last = static_cast<int>(static_cast<unsigned>(
      date::year_month_day_last{ymd.year(), date::month_day_last{ymd.month()}}.day()));
  for (int n : by_month_day) {
    if (n > 0 && n == dom) return true;
    if (n < 0 && last + 1 + n == dom) return true;
  }
  return false;
}

bool WeekdayMatches(const std::vector<WeekdayRule>& by_day, date::year_month_day ymd,
                    date::local_days day) {
  const unsigned wd = date::weekday{day}.c_encoding();
  const int dom = static_cast<int>(static_cast<unsigned>(ymd.day()));
  const int last = static_cast<int>(static_cast<unsigned>(
      date::year_month_day_last{ymd.year(), date::month_day_last{ymd.month()}}.day()));
  for (const WeekdayRule& r : by_day) {
    if (r.weekday != wd) continue;
    if (r.ordinal == 0) return true;
    if (r.ordinal > 0 && (dom - 1) / 7 + 1 == r.ordinal) return true;
    if (r.ordinal < 0 && (last - dom) / 7 + 1 == -r.ordinal) return true;
  }
  return false;
}

int MonthIndex(date::year_month_day ymd) {
  return static_cast<int>(ymd.year()) * 12 + static_cast<int>(static_cast<unsigned>(ymd.month()));
}

}  // namespace

Result<Recurrence> ParseRRule(std::string_view text) {
  std::string_view s = TrimAsciiSpace(text);
  if (s.rfind("RRULE:", 0) == 0) s.remove_prefix(6);
  if (s.empty() || s.size() > 500) return Bad("an RRULE such as FREQ=WEEKLY;BYDAY=SA");
  Recurrence r;
  bool have_freq = false, have_interval = false, have_by_day = false, have_month_day = false,
       have_until = false;
  std::vector<std::string_view> by_day_items;
  for (std::string_view part : Split(s, ';')) {
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) return Bad("each part is KEY=VALUE");
    const std::string key = AsciiLower(part.substr(0, eq));
    const std::string_view value = part.substr(eq + 1);
    auto once = [&](bool& seen) -> Status {
      if (seen) return Bad(AsciiLower(key) + " appears twice");
      seen = true;
      return Status::Ok();
    };
    if (key == "freq") {
      STEWARD_RETURN_IF_ERROR(once(have_freq));
      const std::string v = AsciiLower(value);
      if (v == "daily") {
        r.freq = Frequency::kDaily;
      } else if (v == "weekly") {
        r.freq = Frequency::kWeekly;
      } else if (v == "monthly") {
        r.freq = Frequency::kMonthly;
      } else {
        return Bad("FREQ is DAILY, WEEKLY or MONTHLY");
      }
    } else if (key == "interval") {
      STEWARD_RETURN_IF_ERROR(once(have_interval));
      auto n = ParseSmallInt(value);
      if (!n || *n < 1 || *n > 31) return Bad("INTERVAL is 1 to 31");
      r.interval = *n;
    } else if (key == "byday") {
      STEWARD_RETURN_IF_ERROR(once(have_by_day));
      by_day_items = Split(value, ',');  // judged once FREQ is known
    } else if (key == "bymonthday") {
      STEWARD_RETURN_IF_ERROR(once(have_month_day));
      for (std::string_view item : Split(value, ',')) {
        auto n = ParseSmallInt(item);
        if (!n || *n == 0 || *n < -31 || *n > 31) return Bad("BYMONTHDAY is 1 to 31 or -1 to -31");
        r.by_month_day.push_back(*n);
      }
    } else if (key == "until") {
      STEWARD_RETURN_IF_ERROR(once(have_until));
      STEWARD_ASSIGN_OR_RETURN(r.until, ParseUntil(value));
    } else {
      return Bad("unsupported part " + std::string(part.substr(0, eq)) +
                 " (FREQ, INTERVAL, BYDAY, BYMONTHDAY, UNTIL)");
    }
  }
  if (!have_freq) return Bad("FREQ is required");
  if (r.freq != Frequency::kDaily && r.interval > 12) return Bad("INTERVAL is 1 to 12");
  if (!r.by_month_day.empty() && r.freq != Frequency::kMonthly) {
    return Bad("BYMONTHDAY needs FREQ=MONTHLY");
  }
  for (std::string_view item : by_day_items) {
    STEWARD_ASSIGN_OR_RETURN(WeekdayRule d, ParseWeekday(item, r.freq == Frequency::kMonthly));
    r.by_day.push_back(d);
  }
  return r;
}

std::string FormatRRule(const Recurrence& r) {
  std::string out = "FREQ=";
  out += r.freq == Frequency::kDaily    ? "DAILY"
         : r.freq == Frequency::kWeekly ? "WEEKLY"
                                        : "MONTHLY";
  if (r.interval != 1) out += ";INTERVAL=" + std::to_string(r.interval);
  if (!r.by_day.empty()) {
    out += ";BYDAY=";
    for (size_t i = 0; i < r.by_day.size(); ++i) {
      if (i) out += ',';
      if (r.by_day[i].ordinal != 0) out += std::to_string(r.by_day[i].ordinal);
      out += kDayCodes[r.by_day[i].weekday];
    }
  }
  if (!r.by_month_day.empty()) {
    out += ";BYMONTHDAY=";
    for (size_t i = 0; i < r.by_month_day.size(); ++i) {
      if (i) out += ',';
      out += std::to_string(r.by_month_day[i]);
    }
  }
  if (r.until) out += ";UNTIL=" + date::format("%Y%m%d", *r.until);
  return out;
}

Result<date::local_seconds> ParseLocalStart(std::string_view text) {
  // YYYY-MM-DDTHH:MM (seconds, if given, must be :00).
  std::string_view s = text;
  if (s.size() == 19 && s.substr(16) == ":00") s = s.substr(0, 16);
  auto bad = [] { return Status::InvalidArgument("is YYYY-MM-DDTHH:MM, local time", "start"); };
  if (s.size() != 16 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
      s[13] != ':') {
    return bad();
  }
  auto y = ParseSmallInt(s.substr(0, 4));
  auto mo = ParseSmallInt(s.substr(5, 2));
  auto d = ParseSmallInt(s.substr(8, 2));
  auto h = ParseSmallInt(s.substr(11, 2));
  auto mi = ParseSmallInt(s.substr(14, 2));
  if (!y || !mo || !d || !h || !mi || *y < 2000 || *y > 2200 || *h > 23 || *mi > 59 || *h < 0 ||
      *mi < 0) {
    return bad();
  }
  const date::year_month_day ymd{date::year{*y}, date::month(static_cast<unsigned>(*mo)),
                                 date::day(static_cast<unsigned>(*d))};
  if (!ymd.ok()) return bad();
  return date::local_seconds{date::local_days{ymd} + std::chrono::hours{*h} +
                             std::chrono::minutes{*mi}};
}

std::string FormatLocalStart(date::local_seconds t) { return date::format("%Y-%m-%dT%H:%M", t); }

bool StartsOn(const Recurrence& r, date::local_days first, date::local_days day) {
  if (day < first) return false;
  if (r.until && day > *r.until) return false;
  const date::year_month_day ymd{day};
  const date::year_month_day first_ymd{first};
  switch (r.freq) {
    case Frequency::kDaily:
      if ((day - first).count() % r.interval != 0) return false;
      return r.by_day.empty() || WeekdayMatches(r.by_day, ymd, day);
    case Frequency::kWeekly: {
      const auto weeks = (WeekStart(day) - WeekStart(first)).count() / 7;
      if (weeks % r.interval != 0) return false;
      if (r.by_day.empty()) return date::weekday{day} == date::weekday{first};
      return WeekdayMatches(r.by_day, ymd, day);
    }
    case Frequency::kMonthly: {
      if ((MonthIndex(ymd) - MonthIndex(first_ymd)) % r.interval != 0) return false;
      if (r.by_day.empty() && r.by_month_day.empty()) return ymd.day() == first_ymd.day();
      if (!r.by_month_day.empty() && !MonthDayMatches(r.by_month_day, ymd)) return false;
      return r.by_day.empty() || WeekdayMatches(r.by_day, ymd, day);
    }
  }
  return false;
}

Timestamp LocalToInstant(date::local_seconds t, const date::time_zone* zone) {
  const date::local_info info = zone->get_info(t);
  date::sys_seconds sys;
  switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:  // the first of the two
      sys = date::sys_seconds{t.time_since_epoch()} - info.first.offset;
      break;
    case date::local_info::nonexistent:  // the offset before the gap
      sys = date::sys_seconds{t.time_since_epoch()} - info.first.offset;
      break;
  }
  return Timestamp{std::chrono::duration_cast<Timestamp::duration>(sys.time_since_epoch())};
}

std::optional<WindowOccurrence> OpenOrNext(const WindowRule& w, const date::time_zone* zone,
                                           Timestamp at) {
  const date::local_days first = date::floor<date::days>(w.start);
  const auto time_of_day = w.start - first;
  const auto length = std::chrono::minutes{w.duration_minutes};
  // An occurrence that started up to a day before `at` may still be open.
  const auto at_local = zone->to_local(date::floor<std::chrono::seconds>(at));
  date::local_days day = std::max(first, date::floor<date::days>(at_local) - date::days{2});
  for (int i = 0; i < kSearchDays; ++i, day += date::days{1}) {
    if (!StartsOn(w.recurrence, first, day)) {
      if (w.recurrence.until && day > *w.recurrence.until) return std::nullopt;
      continue;
    }
    const Timestamp start = LocalToInstant(day + time_of_day, zone);
    const Timestamp end = start + length;
    if (end > at) return WindowOccurrence{0, start, end};
  }
  return std::nullopt;
}

std::optional<WindowOccurrence> OpenOrNextOfAll(const std::vector<ChangeWindow>& windows,
                                                const date::time_zone* zone, Timestamp at) {
  std::optional<WindowOccurrence> best;
  for (const ChangeWindow& w : windows) {
    auto o = OpenOrNext(w.rule, zone, at);
    if (!o) continue;
    o->window_id = w.id;
    // An open window beats any later start; among the rest the earliest.
    const Timestamp key = o->start <= at ? at : o->start;
    const Timestamp best_key = best ? (best->start <= at ? at : best->start) : Timestamp::max();
    if (!best || key < best_key) best = o;
  }
  return best;
}

Result<WindowRule> CheckNewWindow(const NewChangeWindow& w, const date::time_zone* zone,
                                  Timestamp now) {
  const std::string_view name = TrimAsciiSpace(w.name);
  if (name.empty() || name.size() > 100 || HasAsciiControl(name)) {
    return Status::InvalidArgument("is 1 to 100 characters on one line", "name");
  }
  WindowRule rule;
  STEWARD_ASSIGN_OR_RETURN(rule.recurrence, ParseRRule(w.rrule));
  STEWARD_ASSIGN_OR_RETURN(rule.start, ParseLocalStart(w.start));
  if (w.duration_minutes < kMinWindowMinutes || w.duration_minutes > kMaxWindowMinutes) {
    return Status::InvalidArgument("is 15 to 1440 minutes", "duration_minutes");
  }
  rule.duration_minutes = w.duration_minutes;
  if (rule.recurrence.until && *rule.recurrence.until < date::floor<date::days>(rule.start)) {
    return Bad("UNTIL is before the start");
  }
  if (!OpenOrNext(rule, zone, now)) return Bad("the window never occurs again");
  return rule;
}

}  // namespace steward::patching
