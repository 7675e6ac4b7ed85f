// Severity words of dnf and zypper mapped to one lower-case scale (see the header).
#include "agent/collectors/update_severity.h"

#include <array>

#include "core/strings.h"

namespace steward::agent {
namespace {

// Index + 1 is the rank.
constexpr std::array<std::string_view, 4> kLevels = {"low", "moderate", "important", "critical"};

// `text` equals the lower-case `lower` in any ASCII case.
bool EqualsIgnoringCase(std::string_view text, std::string_view lower) {
  return AsciiLower(text) == lower;
}

}  // namespace

std::string NormalizeSeverity(std::string_view word) {
  for (std::string_view level : kLevels) {
    if (EqualsIgnoringCase(word, level)) return std::string(level);
  }
  return {};
}

int SeverityRank(std::string_view severity) {
  for (size_t i = 0; i < kLevels.size(); ++i) {
    if (EqualsIgnoringCase(severity, kLevels[i])) return static_cast<int>(i) + 1;
  }
  return 0;
}

std::string HigherSeverity(std::string_view a, std::string_view b) {
  return NormalizeSeverity(SeverityRank(a) >= SeverityRank(b) ? a : b);
}

}  // namespace steward::agent
