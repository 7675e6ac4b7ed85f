#include "core/time_format.h"

#include <cstdio>

namespace steward {
namespace {

bool ReadDigits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::string FormatIso8601(Timestamp t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<milliseconds> tod{t - day};
  char buf[40];
  int ms = static_cast<int>(tod.subseconds().count());
  if (ms != 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(tod.hours().count()),
                  int(tod.minutes().count()), int(tod.seconds().count()), ms);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(tod.hours().count()),
                  int(tod.minutes().count()), int(tod.seconds().count()));
  }
  return buf;
}

Result<Timestamp> ParseIso8601(std::string_view s) {
  using namespace std::chrono;
  auto bad = [&] {
    return Status::InvalidArgument("not an ISO 8601 UTC timestamp (e.g. 2026-11-22T08:30:00Z)");
  };
  int y, mo, d;
  if (!ReadDigits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !ReadDigits(s, 5, 2, mo) ||
      s[7] != '-' || !ReadDigits(s, 8, 2, d)) {
    return bad();
  }
  year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
  if (!ymd.ok()) return bad();
  sys_days base{ymd};
  if (s.size() == 10) return Timestamp(base);

  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return bad();
  int h, mi, sec;
  if (!ReadDigits(s, 11, 2, h) || s.size() < 19 || s[13] != ':' || !ReadDigits(s, 14, 2, mi) ||
      s[16] != ':' || !ReadDigits(s, 17, 2, sec)) {
    return bad();
  }
  if (h > 23 || mi > 59 || sec > 59) return bad();
  size_t pos = 19;
  int ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    int scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (scale > 0) ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start || pos - start > 9) return bad();
  }
  if (pos >= s.size()) return bad();  // a zone is required: local times are ambiguous
  int offset_minutes = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    if (!ReadDigits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !ReadDigits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
      return bad();
    }
    offset_minutes = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad();
  }
  if (pos != s.size()) return bad();
  Timestamp t = Timestamp(base) + hours(h) + minutes(mi) + seconds(sec) + milliseconds(ms) -
                minutes(offset_minutes);
  return t;
}

}  // namespace steward
