#include "server/servicedesk/incident_groups.h"

#include <algorithm>
#include <map>

namespace steward::servicedesk {

std::vector<IncidentGroup> GroupRepeatingIncidents(const std::vector<IncidentSample>& incidents,
                                                   int min_count, std::chrono::milliseconds window,
                                                   int64_t now_ms) {
  const int64_t from = now_ms - window.count();
  std::map<int64_t, IncidentGroup> by_ci;
  std::map<std::string, IncidentGroup> by_symptom;
  auto add = [](IncidentGroup& g, const IncidentSample& s) {
    if (g.ticket_ids.empty()) {
      g.first_at = g.last_at = s.created_at;
    } else {
      g.first_at = std::min(g.first_at, s.created_at);
      g.last_at = std::max(g.last_at, s.created_at);
    }
    g.ticket_ids.push_back(s.ticket_id);
  };
  for (const IncidentSample& s : incidents) {
    if (s.created_at <= from || s.created_at > now_ms) continue;
    for (int64_t ci : s.ci_ids) {
      IncidentGroup& g = by_ci[ci];
      g.kind = "ci";
      g.ci_id = ci;
      add(g, s);
    }
    if (!s.symptom_key.empty()) {
      IncidentGroup& g = by_symptom[s.symptom_key];
      g.kind = "symptom";
      g.symptom = s.symptom_key;
      add(g, s);
    }
  }
  std::vector<IncidentGroup> out;
  auto take = [&](auto& groups) {
    for (auto& [key, g] : groups) {
      std::sort(g.ticket_ids.begin(), g.ticket_ids.end());
      g.ticket_ids.erase(std::unique(g.ticket_ids.begin(), g.ticket_ids.end()), g.ticket_ids.end());
      if (static_cast<int>(g.ticket_ids.size()) >= min_count) out.push_back(std::move(g));
    }
  };
  take(by_ci);
  take(by_symptom);
  std::stable_sort(out.begin(), out.end(), [](const IncidentGroup& a, const IncidentGroup& b) {
    if (a.ticket_ids.size() != b.ticket_ids.size())
      return a.ticket_ids.size() > b.ticket_ids.size();
    if (a.last_at != b.last_at) return a.last_at > b.last_at;
    return a.kind < b.kind;  // "ci" before "symptom"
  });
  return out;
}

}  // namespace steward::servicedesk
