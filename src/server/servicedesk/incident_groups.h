// Repeating incidents (SPEC §5 problem management): N or more incidents
// within a window that share a CI or a normalised symptom are a candidate
// problem. Pure: the caller loads the incidents not yet linked to a problem.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace steward::servicedesk {

struct IncidentSample {
  int64_t ticket_id = 0;
  int64_t created_at = 0;  // epoch milliseconds
  std::vector<int64_t> ci_ids;
  std::string symptom_key;  // NormaliseSymptom of the symptoms (or subject)
};

struct IncidentGroup {
  std::string kind;  // "ci" or "symptom"
  int64_t ci_id = 0;
  std::string symptom;
  std::vector<int64_t> ticket_ids;  // ascending
  int64_t first_at = 0, last_at = 0;
};

// Groups of at least `min_count` incidents created in (now - window, now]
// sharing a CI or a non-empty symptom key; largest first, then the most
// recent, then CI groups before symptom groups.
std::vector<IncidentGroup> GroupRepeatingIncidents(const std::vector<IncidentSample>& incidents,
                                                   int min_count, std::chrono::milliseconds window,
                                                   int64_t now_ms);

}  // namespace steward::servicedesk
