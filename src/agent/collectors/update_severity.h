// One vocabulary for the severity the distributions give their updates. Red
// Hat's errata (dnf: "Critical", "Important", "Moderate", "Low") and SUSE's
// patches (zypper: "critical", "important", "moderate", "low", "unspecified")
// share the same four levels, so the agent reports them lower-case and leaves
// anything else empty: the server's classifier (issue 14, item 2) maps one
// word list instead of one per distribution. Debian and Ubuntu publish no
// severity in their package metadata; their updates stay empty here and the
// server classifies them from the origin. Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace steward::agent {

// "critical", "important", "moderate" or "low" for any capitalisation of those
// words; "" for everything else ("None", "Unknown", "unspecified", garbage).
std::string NormalizeSeverity(std::string_view word);

// 4 critical, 3 important, 2 moderate, 1 low, 0 anything else.
int SeverityRank(std::string_view severity);

// The more severe of two severities, normalized; "" when neither is known.
std::string HigherSeverity(std::string_view a, std::string_view b);

}  // namespace steward::agent
