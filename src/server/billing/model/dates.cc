#include "server/billing/model/dates.h"

#include <cstdio>

namespace steward::billing {

namespace {

// The digits of text[pos, pos + n), or -1.
int Digits(std::string_view text, size_t pos, size_t n) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

}  // namespace

std::optional<Date> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const int y = Digits(text, 0, 4), m = Digits(text, 5, 2), d = Digits(text, 8, 2);
  if (y < 2000 || y > 2199 || m < 1 || d < 1) return std::nullopt;
  Date date{date::year{y}, date::month{static_cast<unsigned>(m)},
            date::day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string FormatIsoDate(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

std::optional<Month> ParseIsoMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  const int y = Digits(text, 0, 4), m = Digits(text, 5, 2);
  if (y < 2000 || y > 2199 || m < 1 || m > 12) return std::nullopt;
  return Month{date::year{y}, date::month{static_cast<unsigned>(m)}};
}

std::string FormatIsoMonth(Month m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(m.year()),
                static_cast<unsigned>(m.month()));
  return buf;
}

Date LocalDate(Timestamp t, const date::time_zone* zone) {
  return Date{date::floor<date::days>(date::make_zoned(zone, t).get_local_time())};
}

}  // namespace steward::billing
