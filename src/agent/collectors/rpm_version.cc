// NEVRA splitting and rpmvercmp, on string_views without allocation in the compare.
#include "agent/collectors/rpm_version.h"

namespace steward::agent {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }

// Numbers of any length compare without overflow: drop leading zeros, then
// the longer run is the larger, then the text decides.
int CompareDigitRuns(std::string_view a, std::string_view b) {
  while (!a.empty() && a.front() == '0') a.remove_prefix(1);
  while (!b.empty() && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

struct SplitEvr {
  std::string_view epoch;  // "" means 0
  std::string_view version;
  std::string_view release;  // "" when absent
};

SplitEvr Split(std::string_view evr) {
  SplitEvr out;
  size_t colon = evr.find(':');
  if (colon != std::string_view::npos) {
    out.epoch = evr.substr(0, colon);
    evr.remove_prefix(colon + 1);
  }
  size_t dash = evr.rfind('-');
  out.version = evr.substr(0, dash);
  if (dash != std::string_view::npos) out.release = evr.substr(dash + 1);
  return out;
}

}  // namespace

std::string Nevra::Evr() const {
  std::string out;
  if (!epoch.empty() && epoch != "0") out = epoch + ":";
  return out + version + "-" + release;
}

std::optional<Nevra> ParseNevra(std::string_view text) {
  size_t dot = text.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= text.size()) return std::nullopt;
  Nevra n;
  n.arch = std::string(text.substr(dot + 1));
  std::string_view rest = text.substr(0, dot);
  size_t release_dash = rest.rfind('-');
  if (release_dash == std::string_view::npos || release_dash + 1 >= rest.size()) {
    return std::nullopt;
  }
  n.release = std::string(rest.substr(release_dash + 1));
  rest = rest.substr(0, release_dash);
  size_t version_dash = rest.rfind('-');
  if (version_dash == std::string_view::npos || version_dash == 0 ||
      version_dash + 1 >= rest.size()) {
    return std::nullopt;
  }
  n.name = std::string(rest.substr(0, version_dash));
  std::string_view version = rest.substr(version_dash + 1);
  size_t colon = version.find(':');
  if (colon != std::string_view::npos) {
    n.epoch = std::string(version.substr(0, colon));
    version.remove_prefix(colon + 1);
  }
  if (version.empty()) return std::nullopt;
  n.version = std::string(version);
  // An architecture never holds these; a dot inside the release
  // ("name-1.0-1.el9" without an arch) would otherwise pass as one.
  if (n.arch.find_first_of("-:") != std::string::npos) return std::nullopt;
  return n;
}

// After rpm's rpmvercmp() (rpmio/rpmvercmp.c), on string_views.
int CompareRpmVersion(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    while (i < a.size() && !IsAlnum(a[i]) && a[i] != '~' && a[i] != '^') ++i;
    while (j < b.size() && !IsAlnum(b[j]) && b[j] != '~' && b[j] != '^') ++j;
    bool a_end = i >= a.size(), b_end = j >= b.size();

    // '~' sorts before everything, even the end of the string: 1.0~rc1 < 1.0.
    bool a_tilde = !a_end && a[i] == '~', b_tilde = !b_end && b[j] == '~';
    if (a_tilde || b_tilde) {
      if (!a_tilde) return 1;
      if (!b_tilde) return -1;
      ++i, ++j;
      continue;
    }
    // '^' sorts after the base version but before any other continuation:
    // 1.0 < 1.0^git1 < 1.0.1.
    bool a_caret = !a_end && a[i] == '^', b_caret = !b_end && b[j] == '^';
    if (a_caret || b_caret) {
      if (a_end) return -1;
      if (b_end) return 1;
      if (!a_caret) return 1;
      if (!b_caret) return -1;
      ++i, ++j;
      continue;
    }
    if (a_end || b_end) break;

    bool numeric = IsDigit(a[i]);
    auto same_kind = [numeric](char c) { return numeric ? IsDigit(c) : IsAlpha(c); };
    size_t a_start = i, b_start = j;
    while (i < a.size() && same_kind(a[i])) ++i;
    while (j < b.size() && same_kind(b[j])) ++j;
    std::string_view a_seg = a.substr(a_start, i - a_start);
    std::string_view b_seg = b.substr(b_start, j - b_start);
    // Segments of different kinds: a number is newer than letters.
    if (b_seg.empty()) return numeric ? 1 : -1;
    int c = numeric ? CompareDigitRuns(a_seg, b_seg) : a_seg.compare(b_seg);
    if (c != 0) return c < 0 ? -1 : 1;
  }
  bool a_end = i >= a.size(), b_end = j >= b.size();
  if (a_end && b_end) return 0;
  // Whichever still has segments left is newer: 1.0.1 > 1.0.
  return a_end ? -1 : 1;
}

int CompareEvr(std::string_view a, std::string_view b) {
  SplitEvr x = Split(a), y = Split(b);
  auto epoch = [](std::string_view e) { return e.empty() || e == "(none)" ? "0" : e; };
  int c = CompareDigitRuns(epoch(x.epoch), epoch(y.epoch));
  if (c != 0) return c;
  c = CompareRpmVersion(x.version, y.version);
  if (c != 0 || x.release.empty() || y.release.empty()) return c;
  return CompareRpmVersion(x.release, y.release);
}

std::string DropZeroEpoch(std::string_view evr) {
  if (evr.starts_with("0:")) evr.remove_prefix(2);
  if (evr.starts_with("(none):")) evr.remove_prefix(7);
  return std::string(evr);
}

}  // namespace steward::agent
