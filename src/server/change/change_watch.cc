#include "server/change/change_watch.h"

#include <algorithm>
#include <cstdio>

#include "core/strings.h"
#include "core/time_format.h"
#include "server/audit/audit_log.h"
#include "server/change/rules/incident_watch.h"
#include "server/change/store/change_store.h"
#include "server/servicedesk/problem_from_change.h"

namespace steward::change {

using storage::ScopedConnection;

namespace {

// Watches checked per pass: a backlog is worked off over the next minutes.
constexpr int kWatchesPerPass = 500;

std::string CiNames(const ChangeRequest& c) {
  std::string names;
  for (const NamedRef& ci : c.cis) names += (names.empty() ? "" : ", ") + ci.name;
  return names;
}

std::string Hours(std::chrono::milliseconds d) {
  const auto h = std::chrono::duration_cast<std::chrono::hours>(d).count();
  return h == 1 ? "1 hour" : std::to_string(std::max<int64_t>(h, 0)) + " hours";
}

std::string OneDecimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

servicedesk::ProblemForChange SpikeProblem(const ChangeRequest& c, const ChangeWatch& w,
                                           const SpikeVerdict& v, std::chrono::milliseconds watched,
                                           std::vector<int64_t> incidents) {
  servicedesk::ProblemForChange p;
  p.customer_id = c.customer_id;
  p.change_id = c.id;
  p.title = "Incident spike after " + ChangeRef(c.id) + ": " + c.fields.title;
  if (p.title.size() > 200) p.title = std::string(Utf8Prefix(p.title, 200));
  p.description = ChangeRef(c.id) + " (" + c.fields.title + ") was implemented at " +
                  FormatIso8601(w.starts_at) + ". In the " + Hours(watched) + " since, " +
                  std::to_string(incidents.size()) + " incidents were opened on its CIs (" +
                  CiNames(c) + "), where their last 28 days (" +
                  std::to_string(w.baseline_incidents) + " incidents) predict " +
                  OneDecimal(v.expected) + "; " + std::to_string(v.threshold) +
                  " or more is a spike. Find out whether the change caused them; if it did, "
                  "back it out or fix forward, and record the outcome on the change.";
  p.assignee_id = c.requested_by;
  p.incident_ids = std::move(incidents);
  return p;
}

Status CheckOne(const ScopedConnection& sc, int64_t change_id, ChangeWatch w, Timestamp now,
                const accounts::Actor& actor) {
  ChangeStore store(sc);
  const Timestamp until = std::min(now, w.ends_at);
  // Up to and including `until`: an incident opened this very millisecond counts.
  STEWARD_ASSIGN_OR_RETURN(
      std::vector<int64_t> incidents,
      store.IncidentsOnCis(change_id, w.starts_at, until + std::chrono::milliseconds(1)));
  const auto watched = std::chrono::duration_cast<std::chrono::milliseconds>(until - w.starts_at);
  const SpikeVerdict verdict =
      JudgeIncidents({w.baseline_incidents, static_cast<int64_t>(incidents.size()), watched});
  const WatchState next = NextWatchState(w.state, verdict, now, w.ends_at);
  w.observed_incidents = static_cast<int64_t>(incidents.size());
  w.checked_at = now;
  if (next != w.state) {
    STEWARD_ASSIGN_OR_RETURN(ChangeRequest c, store.Get(change_id));
    Json details{{"state", WatchStateName(next)},
                 {"baseline_incidents", w.baseline_incidents},
                 {"observed_incidents", w.observed_incidents},
                 {"expected", verdict.expected},
                 {"threshold", verdict.threshold}};
    if (next == WatchState::kSpike) {
      STEWARD_ASSIGN_OR_RETURN(
          w.problem_id, servicedesk::OpenProblemForChange(
                            sc, SpikeProblem(c, w, verdict, watched, incidents), now, actor));
      details["problem_id"] = *w.problem_id;
    }
    STEWARD_RETURN_IF_ERROR(audit::Record(
        sc.connection(), now, actor,
        {"change.watch", "change_request", std::to_string(change_id), c.customer_id, details}));
  }
  w.state = next;
  return store.SaveWatch(change_id, w);
}

}  // namespace

Status StartChangeWatch(const ScopedConnection& sc, const ChangeRequest& c, Timestamp now) {
  ChangeStore store(sc);
  STEWARD_ASSIGN_OR_RETURN(std::vector<int64_t> baseline,
                           store.IncidentsOnCis(c.id, now - kBaselineSpan, now));
  ChangeWatch w;
  w.starts_at = now;
  w.ends_at = now + kWatchSpan;
  w.baseline_incidents = static_cast<int64_t>(baseline.size());
  return store.StartWatch(c, w);
}

Status CheckChangeWatches(storage::Database& db, Timestamp now) {
  const auto all = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kScheduledJob);
  std::vector<std::pair<int64_t, ChangeWatch>> running;
  STEWARD_RETURN_IF_ERROR(storage::ReadScoped(db, all, [&](ScopedConnection& sc) -> Status {
    STEWARD_ASSIGN_OR_RETURN(running, ChangeStore(sc).RunningWatches(kWatchesPerPass));
    return Status::Ok();
  }));
  const accounts::Principal system = accounts::Principal::System("change watch");
  const accounts::Actor actor{system, ""};
  Status first_error;
  for (auto& [id, watch] : running) {
    Status s = storage::TransactScoped(
        db, all, [&](ScopedConnection& sc) { return CheckOne(sc, id, watch, now, actor); });
    if (!s.ok() && first_error.ok()) first_error = s;
  }
  return first_error;
}

}  // namespace steward::change
