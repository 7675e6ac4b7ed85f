#include "server/patching/rules/versions.h"

#include <optional>

namespace steward::patching {

namespace {

// ASCII classes only, as dpkg (c_isdigit) and rpm (risdigit) use them: the
// order must not depend on the server's locale.
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }

// The character at `i`, or 0 past the end (where the C originals see '\0').
int At(std::string_view s, size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0; }

int Sign(int v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

struct VersionParts {
  std::string_view epoch;  // digits only; empty means 0
  std::string_view upstream;
  std::string_view revision;
};

VersionParts Split(std::string_view v) {
  v = TrimBlanks(v);
  VersionParts parts;
  size_t digits = 0;
  while (digits < v.size() && IsDigit(v[digits])) ++digits;
  if (digits < v.size() && v[digits] == ':') {
    parts.epoch = v.substr(0, digits);
    v.remove_prefix(digits + 1);
  }
  const size_t hyphen = v.rfind('-');
  if (hyphen != std::string_view::npos) {
    parts.revision = v.substr(hyphen + 1);
    v = v.substr(0, hyphen);
  }
  parts.upstream = v;
  return parts;
}

std::string_view StripLeadingZeros(std::string_view digits) {
  while (!digits.empty() && digits.front() == '0') digits.remove_prefix(1);
  return digits;
}

// Two digit strings as numbers, of any length (no overflow).
int CompareNumbers(std::string_view a, std::string_view b) {
  a = StripLeadingZeros(a);
  b = StripLeadingZeros(b);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return Sign(a.compare(b));
}

// dpkg's order of one character in a non-digit run.
int DpkgOrder(int c) {
  if (IsDigit(static_cast<char>(c))) return 0;
  if (IsAlpha(static_cast<char>(c))) return c;
  if (c == '~') return -1;
  if (c != 0) return c + 256;
  return 0;
}

// dpkg's verrevcmp, index for pointer.
int VerRevCmp(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    int first_diff = 0;
    while ((i < a.size() && !IsDigit(a[i])) || (j < b.size() && !IsDigit(b[j]))) {
      const int ac = DpkgOrder(At(a, i));
      const int bc = DpkgOrder(At(b, j));
      if (ac != bc) return Sign(ac - bc);
      ++i;
      ++j;
    }
    while (i < a.size() && a[i] == '0') ++i;
    while (j < b.size() && b[j] == '0') ++j;
    while (i < a.size() && IsDigit(a[i]) && j < b.size() && IsDigit(b[j])) {
      if (first_diff == 0) first_diff = a[i] - b[j];
      ++i;
      ++j;
    }
    if (i < a.size() && IsDigit(a[i])) return 1;
    if (j < b.size() && IsDigit(b[j])) return -1;
    if (first_diff != 0) return Sign(first_diff);
  }
  return 0;
}

// rpm's rpmvercmp (rpmio/rpmvercmp.c), index for pointer.
int RpmVerCmp(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    while (i < a.size() && !IsAlnum(a[i]) && a[i] != '~' && a[i] != '^') ++i;
    while (j < b.size() && !IsAlnum(b[j]) && b[j] != '~' && b[j] != '^') ++j;

    // '~' sorts before everything, the end of the string included.
    if (At(a, i) == '~' || At(b, j) == '~') {
      if (At(a, i) != '~') return 1;
      if (At(b, j) != '~') return -1;
      ++i;
      ++j;
      continue;
    }
    // '^' sorts after the end of the string (the base version) but before
    // any other segment.
    if (At(a, i) == '^' || At(b, j) == '^') {
      if (i >= a.size()) return -1;
      if (j >= b.size()) return 1;
      if (At(a, i) != '^') return 1;
      if (At(b, j) != '^') return -1;
      ++i;
      ++j;
      continue;
    }
    if (i >= a.size() || j >= b.size()) break;

    // One all-digit or all-letter segment, typed by `a`'s first character.
    const bool numeric = IsDigit(a[i]);
    bool (*const in_segment)(char) = numeric ? IsDigit : IsAlpha;
    size_t ei = i, ej = j;
    while (ei < a.size() && in_segment(a[ei])) ++ei;
    while (ej < b.size() && in_segment(b[ej])) ++ej;
    // A numeric segment against an alphabetic one: the numeric is newer.
    if (ej == j) return numeric ? 1 : -1;

    std::string_view one = a.substr(i, ei - i);
    std::string_view two = b.substr(j, ej - j);
    const int rc = numeric ? CompareNumbers(one, two) : Sign(one.compare(two));
    if (rc != 0) return rc;
    i = ei;
    j = ej;
  }
  // Equal segments, different separators: the longer version is newer.
  if (i >= a.size() && j >= b.size()) return 0;
  return i >= a.size() ? -1 : 1;
}

// The first run of digits in `upstream` (the major number), without leading
// zeros; nullopt when there is no digit at all.
std::optional<std::string_view> FirstNumber(std::string_view upstream) {
  size_t start = 0;
  while (start < upstream.size() && !IsDigit(upstream[start])) ++start;
  size_t end = start;
  while (end < upstream.size() && IsDigit(upstream[end])) ++end;
  if (end == start) return std::nullopt;
  return StripLeadingZeros(upstream.substr(start, end - start));
}

}  // namespace

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int CompareDebianVersions(std::string_view a, std::string_view b) {
  const VersionParts va = Split(a), vb = Split(b);
  if (int rc = CompareNumbers(va.epoch, vb.epoch); rc != 0) return rc;
  if (int rc = VerRevCmp(va.upstream, vb.upstream); rc != 0) return rc;
  return VerRevCmp(va.revision, vb.revision);
}

int CompareRpmVersions(std::string_view a, std::string_view b) {
  const VersionParts va = Split(a), vb = Split(b);
  if (int rc = CompareNumbers(va.epoch, vb.epoch); rc != 0) return rc;
  if (int rc = RpmVerCmp(va.upstream, vb.upstream); rc != 0) return rc;
  return RpmVerCmp(va.revision, vb.revision);
}

bool IsMajorUpgrade(std::string_view installed, std::string_view candidate) {
  if (TrimBlanks(installed).empty() || TrimBlanks(candidate).empty()) return false;
  const VersionParts from = Split(installed), to = Split(candidate);
  if (CompareNumbers(from.epoch, to.epoch) != 0) return true;
  const std::optional<std::string_view> from_major = FirstNumber(from.upstream);
  const std::optional<std::string_view> to_major = FirstNumber(to.upstream);
  if (!from_major || !to_major) return false;
  // FirstNumber has stripped the leading zeros.
  const auto is_date = [](std::string_view n) { return n.size() >= 4; };
  if (is_date(*from_major) && is_date(*to_major)) return false;
  return *from_major != *to_major;
}

}  // namespace steward::patching
