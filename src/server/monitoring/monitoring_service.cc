// Ingest, incremental evaluation, alert reconciliation and the jobs.
#include "server/monitoring/monitoring_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/log.h"
#include "core/time_format.h"
#include "server/monitoring/monitoring_internal.h"
#include "server/monitoring/sample_validation.h"
#include "server/monitoring/store/alert_store.h"
#include "server/monitoring/store/device_lookup.h"
#include "server/monitoring/store/maintenance_window_store.h"

namespace steward::monitoring {

using storage::Connection;
using storage::Row;

namespace internal {

std::string Iso(int64_t millis) { return FormatIso8601(FromMillis(millis)); }

std::string Printable(std::string_view text) {
  std::string out(text);
  for (char& ch : out) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = ' ';
  }
  return out;
}

}  // namespace internal

MonitoringService::MonitoringService(storage::Database& db, const Clock& clock,
                                     MonitoringOptions options)
    : db_(db), clock_(clock), options_(options), store_(MakeSqlSampleStore()) {}

MonitoringService::~MonitoringService() = default;

Result<MonitoringService::Device> MonitoringService::LoadDevice(Connection& c,
                                                                const storage::TenantScope& scope,
                                                                int64_t device_id) {
  storage::ScopedConnection sc(c, scope);
  return DeviceLookup(sc).Device(device_id);
}

Result<Policy> MonitoringService::LoadPolicy(Connection& c, const Device& device) {
  Policy policy;
  // Later rows win: global, customer, the device's groups (oldest first), device.
  STEWARD_ASSIGN_OR_RETURN(
      storage::Rows rows,
      c.Query("SELECT p.scope, p.scope_id, p.settings_json FROM monitoring_policies p"
              " WHERE (p.scope = 'global')"
              " OR (p.scope = 'customer' AND p.scope_id = ?)"
              " OR (p.scope = 'device' AND p.scope_id = ?)"
              " OR (p.scope = 'group' AND p.scope_id IN"
              " (SELECT group_id FROM device_group_members WHERE device_id = ?))",
              {device.customer_id, device.id, device.id}));
  auto rank = [](const std::string& scope) {
    return scope == "global" ? 0 : scope == "customer" ? 1 : scope == "group" ? 2 : 3;
  };
  std::vector<const Row*> ordered;
  for (const Row& r : rows) ordered.push_back(&r);
  std::sort(ordered.begin(), ordered.end(), [&](const Row* a, const Row* b) {
    int ra = rank(a->Text("scope")), rb = rank(b->Text("scope"));
    return ra != rb ? ra < rb : a->Int("scope_id") < b->Int("scope_id");
  });
  for (const Row* r : ordered) {
    Json settings = Json::parse(r->Text("settings_json"), nullptr, false);
    if (settings.is_object()) ApplyOverride(policy, settings);
  }
  return policy;
}

Result<std::vector<RefusedSample>> MonitoringService::IngestValidInTransaction(
    Connection& c, int64_t customer_id, int64_t device_id, std::span<const Sample> samples) {
  if (samples.size() > kMaxSamplesPerBatch) {
    return Status::PayloadTooLarge("at most " + std::to_string(kMaxSamplesPerBatch) +
                                   " samples per batch");
  }
  const Timestamp now = clock_.Now();
  std::vector<Sample> kept;
  std::vector<RefusedSample> refused;
  kept.reserve(samples.size());
  for (size_t i = 0; i < samples.size(); ++i) {
    // No prefix: the caller numbers the field as its own batch counts.
    Status s = CheckSample(samples[i], device_id, now, "");
    if (s.ok()) {
      kept.push_back(samples[i]);
    } else {
      refused.push_back({i, s.field(), s.message()});
    }
  }
  if (kept.empty() && !refused.empty()) {
    return Status::InvalidArgument(refused.front().message, refused.front().field);
  }
  STEWARD_RETURN_IF_ERROR(StoreInTransaction(c, customer_id, device_id, kept));
  return refused;
}

Status MonitoringService::IngestInTransaction(Connection& c, int64_t customer_id, int64_t device_id,
                                              std::span<const Sample> samples) {
  if (samples.size() > kMaxSamplesPerBatch) {
    return Status::PayloadTooLarge("at most " + std::to_string(kMaxSamplesPerBatch) +
                                   " samples per batch");
  }
  const Timestamp now = clock_.Now();
  for (size_t i = 0; i < samples.size(); ++i) {
    STEWARD_RETURN_IF_ERROR(
        CheckSample(samples[i], device_id, now, "samples[" + std::to_string(i) + "]."));
  }
  return StoreInTransaction(c, customer_id, device_id, samples);
}

Status MonitoringService::CheckSample(const Sample& s, int64_t device_id, Timestamp now,
                                      const std::string& prefix) const {
  // 0 means "the batch's device" (a channel that knows who is talking);
  // any other id must match: a device never reports for another.
  if (s.device_id != device_id && s.device_id != 0) {
    return Status::InvalidArgument("belongs to another device", prefix + "device_id");
  }
  return ValidateSample(s, now, options_.retention.raw, prefix);
}

Status MonitoringService::StoreInTransaction(Connection& c, int64_t customer_id, int64_t device_id,
                                             std::span<const Sample> samples) {
  STEWARD_ASSIGN_OR_RETURN(Device device,
                           LoadDevice(c, storage::TenantScope::Customer(customer_id), device_id));
  const Timestamp now = clock_.Now();
  if (samples.empty()) return Status::Ok();
  STEWARD_RETURN_IF_ERROR(store_->Append(c, customer_id, device_id, samples));

  // A check-in: the device is alive now (server time, not the sample's).
  // The upsert also locks the device's check-in row until commit, which
  // serialises concurrent batches of one device (PostgreSQL runs READ
  // COMMITTED): the next batch reads the window state this one wrote.
  STEWARD_RETURN_IF_ERROR(
      c.Execute("INSERT INTO device_checkins (device_id, customer_id, first_seen_at, last_seen_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET"
                " last_seen_at = excluded.last_seen_at",
                {device_id, customer_id, ToMillis(now), ToMillis(now)})
          .status());
  STEWARD_ASSIGN_OR_RETURN(Policy policy, LoadPolicy(c, device));
  STEWARD_RETURN_IF_ERROR(Reconcile(c, device, policy, Condition::kOffline, 0, now));

  // Evaluate in time order against the persisted windows of this device.
  std::vector<const Sample*> ordered;
  for (const Sample& s : samples) ordered.push_back(&s);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const Sample* a, const Sample* b) { return a->ts < b->ts; });
  STEWARD_ASSIGN_OR_RETURN(
      storage::Rows rows,
      c.Query("SELECT condition_name, series_key, state_json, updated_at FROM alert_windows"
              " WHERE device_id = ?",
              {device_id}));
  KnownWindows windows;
  for (const Row& r : rows) {
    auto cond = ParseCondition(r.Text("condition_name"));
    if (!cond) continue;
    STEWARD_ASSIGN_OR_RETURN(
        WindowState st, WindowState::FromJson(Json::parse(r.Text("state_json"), nullptr, false)));
    windows[{*cond, r.Text("series_key")}] = KnownWindow{st, r.Int("updated_at")};
  }
  std::set<std::pair<Condition, std::string>> changed;
  std::map<Condition, Timestamp> touched;  // condition → time of its newest sample
  std::map<Condition, Timestamp> raised;   // condition → time it was (last) raised
  std::map<Condition, int> raises;         // condition → how often
  for (const Sample* s : ordered) {
    auto cond = ConditionForSample(*s);
    if (!cond || !policy.Enabled(*cond)) continue;
    auto key = std::make_pair(*cond, SeriesKey(s->labels));
    WindowState& state = windows[key].state;
    Step step = EvaluateSample(policy, *cond, state, *s);
    if (!(step.state == state)) changed.insert(key);
    state = step.state;
    touched[*cond] = std::max(touched[*cond], s->ts);
    if (step.transition == Transition::kRaised) {
      raised[*cond] = s->ts;
      ++raises[*cond];
    }
  }
  for (const auto& key : changed) {
    windows[key].updated_at = ToMillis(now);
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO alert_windows (device_id, condition_name, series_key, state_json,"
                  " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id, condition_name,"
                  " series_key) DO UPDATE SET state_json = excluded.state_json,"
                  " updated_at = excluded.updated_at",
                  {device_id, ConditionName(key.first), key.second,
                   windows[key].state.ToJson().dump(), ToMillis(now)})
            .status());
  }
  for (const auto& [cond, at] : touched) {
    auto r = raised.find(cond);
    STEWARD_RETURN_IF_ERROR(Reconcile(c, device, policy, cond, raises[cond],
                                      r != raised.end() ? r->second : at, &windows));
  }
  return Status::Ok();
}

Result<Json> MonitoringService::Ingest(const accounts::Actor& actor, const Json& body) {
  ObjectReader reader(body);
  const Json* list = reader.OptionalRaw("samples");
  STEWARD_RETURN_IF_ERROR(reader.Finish());
  if (!list || !list->is_array()) {
    return Status::InvalidArgument("is required and must be an array", "samples");
  }
  if (list->size() > kMaxSamplesPerBatch) {
    return Status::PayloadTooLarge("at most " + std::to_string(kMaxSamplesPerBatch) +
                                   " samples per request");
  }
  // Parse everything first, grouped by device, keeping each sample's index
  // for error messages.
  std::map<int64_t, std::vector<Sample>> by_device;
  std::map<int64_t, std::vector<size_t>> indexes;
  Timestamp now = clock_.Now();
  for (size_t i = 0; i < list->size(); ++i) {
    std::string prefix = "samples[" + std::to_string(i) + "].";
    STEWARD_ASSIGN_OR_RETURN(Sample s, ParseSampleJson((*list)[i], prefix));
    STEWARD_RETURN_IF_ERROR(ValidateSample(s, now, options_.retention.raw, prefix));
    indexes[s.device_id].push_back(i);
    by_device[s.device_id].push_back(std::move(s));
  }
  const storage::TenantScope scope = actor.principal.scope();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    for (const auto& [device_id, samples] : by_device) {
      auto device = LoadDevice(c, scope, device_id);
      std::string field = "samples[" + std::to_string(indexes[device_id].front()) + "].device_id";
      if (!device.ok()) {
        const Status& s = device.status();
        return Status(s.code(), s.message(), field);
      }
      Status st = IngestInTransaction(c, device->customer_id, device_id, samples);
      if (!st.ok() && st.code() == StatusCode::kInvalidArgument) {
        // Re-number the field from the device's batch to the request.
        std::string f = st.field();
        if (f.rfind("samples[", 0) == 0) {
          size_t close = f.find(']');
          size_t local = std::stoul(f.substr(8, close - 8));
          f = "samples[" + std::to_string(indexes[device_id].at(local)) + f.substr(close);
        }
        return Status::InvalidArgument(st.message(), f);
      }
      STEWARD_RETURN_IF_ERROR(st);
    }
    return Status::Ok();
  }));
  return Json{{"accepted", list->size()}};
}

Status MonitoringService::Reconcile(Connection& c, const Device& device, const Policy& policy,
                                    Condition condition, int raises, Timestamp at,
                                    const KnownWindows* known) {
  // What the windows of this condition say now.
  bool firing = false;
  Severity severity = Severity::kWarning;
  std::string message;
  if (condition == Condition::kOffline) {
    STEWARD_ASSIGN_OR_RETURN(
        auto row, c.QueryOptional("SELECT last_seen_at FROM device_checkins WHERE device_id = ?",
                                  {device.id}));
    if (row && policy.Enabled(condition) &&
        IsOffline(policy, row->Int("last_seen_at"), ToMillis(at))) {
      firing = true;
      severity = Severity::kCritical;
      message = "no check-in since " + internal::Iso(row->Int("last_seen_at"));
    }
  } else if (policy.Enabled(condition)) {
    // The condition's windows, newest first (then by series key).
    std::vector<std::tuple<int64_t, std::string, WindowState>> windows;
    if (known) {
      for (const auto& [key, w] : *known) {
        if (key.first == condition) windows.emplace_back(w.updated_at, key.second, w.state);
      }
    } else {
      STEWARD_ASSIGN_OR_RETURN(
          storage::Rows rows, c.Query("SELECT series_key, state_json, updated_at FROM alert_windows"
                                      " WHERE device_id = ? AND condition_name = ?",
                                      {device.id, ConditionName(condition)}));
      for (const Row& r : rows) {
        STEWARD_ASSIGN_OR_RETURN(WindowState st, WindowState::FromJson(Json::parse(
                                                     r.Text("state_json"), nullptr, false)));
        windows.emplace_back(r.Int("updated_at"), r.Text("series_key"), st);
      }
    }
    std::sort(windows.begin(), windows.end(), [](const auto& a, const auto& b) {
      if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
      return std::get<1>(a) < std::get<1>(b);
    });
    for (const auto& [updated, series_key, st] : windows) {
      if (!st.firing) continue;
      if (!firing) message = st.message;
      firing = true;
      if (st.severity == Severity::kCritical) severity = Severity::kCritical;
    }
  }
  return ApplyFiring(c, device, policy, condition, firing, severity, std::move(message), raises,
                     at);
}

Status MonitoringService::SetDecidedCondition(Connection& c, int64_t device_id, Condition condition,
                                              bool firing, const std::string& message,
                                              Timestamp at) {
  STEWARD_ASSIGN_OR_RETURN(
      Device device,
      LoadDevice(c, storage::TenantScope::CrossTenant(storage::CrossTenantReason::kScheduledJob),
                 device_id));
  STEWARD_ASSIGN_OR_RETURN(Policy policy, LoadPolicy(c, device));
  return ApplyFiring(c, device, policy, condition, firing && policy.Enabled(condition),
                     Severity::kCritical, message, 0, at);
}

Status MonitoringService::ApplyFiring(Connection& c, const Device& device, const Policy& policy,
                                      Condition condition, bool firing, Severity severity,
                                      std::string message, int raises, Timestamp at) {
  message = internal::Printable(message);

  // The device's own customer is the scope of everything below.
  storage::ScopedConnection sc(c, storage::TenantScope::Customer(device.customer_id));
  AlertStore alerts(sc);
  STEWARD_ASSIGN_OR_RETURN(std::optional<Alert> open, alerts.OpenFor(device.id, condition));
  auto record = [&](const Alert& r) {
    AlertRecord a;
    a.id = r.id;
    a.customer_id = r.customer_id;
    a.device_id = r.device_id;
    a.device_name = r.device_name;
    a.condition = condition;
    a.severity = r.severity;
    a.message = r.message;
    a.opened_at = r.opened_at;
    a.repeat_count = r.repeat_count;
    a.ticket_id = r.ticket_id;
    a.on_call_user_id = policy.on_call_user_id;
    return a;
  };
  if (firing && !open) {
    STEWARD_ASSIGN_OR_RETURN(bool window,
                             MaintenanceWindowStore(sc).Covers(device.customer_id, device.id, at));
    if (window) return Status::Ok();  // suppressed; opens after the window if still firing
    STEWARD_ASSIGN_OR_RETURN(
        int64_t id, alerts.Open(device.customer_id, device.id, condition, SeverityName(severity),
                                message, at, int64_t{std::max(0, raises - 1)}));
    STEWARD_ASSIGN_OR_RETURN(Alert row, alerts.Get(id));
    AlertRecord a = record(row);
    for (AlertListener* l : listeners_) STEWARD_RETURN_IF_ERROR(l->OnAlertOpened(c, a, at));
    return Status::Ok();
  }
  if (firing && open && raises > 0) {
    int64_t id = open->id;
    STEWARD_RETURN_IF_ERROR(alerts.Repeat(id, raises, SeverityName(severity), message, at));
    STEWARD_ASSIGN_OR_RETURN(Alert row, alerts.Get(id));
    AlertRecord a = record(row);
    for (AlertListener* l : listeners_) STEWARD_RETURN_IF_ERROR(l->OnAlertRepeated(c, a, at));
    return Status::Ok();
  }
  if (!firing && open) {
    int64_t id = open->id;
    STEWARD_RETURN_IF_ERROR(alerts.Resolve(id, at));
    STEWARD_ASSIGN_OR_RETURN(Alert row, alerts.Get(id));
    AlertRecord a = record(row);
    for (AlertListener* l : listeners_) STEWARD_RETURN_IF_ERROR(l->OnAlertResolved(c, a, at));
  }
  return Status::Ok();
}

Status MonitoringService::RunJobsForDevice(Connection& c, int64_t device_id, Timestamp now) {
  STEWARD_ASSIGN_OR_RETURN(
      Device device,
      LoadDevice(c, storage::TenantScope::CrossTenant(storage::CrossTenantReason::kScheduledJob),
                 device_id));
  // Take the device's check-in row lock first, as ingest does, so the job
  // and a batch of the same device never interleave on its windows.
  STEWARD_RETURN_IF_ERROR(
      c.Execute("UPDATE device_checkins SET last_seen_at = last_seen_at WHERE device_id = ?",
                {device_id})
          .status());
  STEWARD_ASSIGN_OR_RETURN(Policy policy, LoadPolicy(c, device));
  STEWARD_RETURN_IF_ERROR(Reconcile(c, device, policy, Condition::kOffline, 0, now));
  STEWARD_ASSIGN_OR_RETURN(
      storage::Rows rows,
      c.Query("SELECT condition_name, series_key, state_json FROM alert_windows"
              " WHERE device_id = ? AND condition_name IN ('event_log', 'backup_failed')",
              {device_id}));
  std::map<Condition, int> touched;  // condition → raises
  for (const Row& r : rows) {
    auto cond = ParseCondition(r.Text("condition_name"));
    if (!cond || !policy.Enabled(*cond)) continue;
    STEWARD_ASSIGN_OR_RETURN(
        WindowState st, WindowState::FromJson(Json::parse(r.Text("state_json"), nullptr, false)));
    Step step = EvaluateTime(policy, *cond, st, ToMillis(now));
    if (step.transition == Transition::kNone) continue;
    STEWARD_RETURN_IF_ERROR(
        c.Execute("UPDATE alert_windows SET state_json = ?, updated_at = ? WHERE device_id = ?"
                  " AND condition_name = ? AND series_key = ?",
                  {step.state.ToJson().dump(), ToMillis(now), device_id, r.Text("condition_name"),
                   r.Text("series_key")})
            .status());
    touched[*cond] += step.transition == Transition::kRaised ? 1 : 0;
  }
  for (const auto& [cond, raises] : touched) {
    STEWARD_RETURN_IF_ERROR(Reconcile(c, device, policy, cond, raises, now));
  }
  return Status::Ok();
}

Status MonitoringService::RunJobs(Timestamp now) {
  // Compaction in short transactions, so ingest never waits long behind it:
  // a round of 20,000 samples takes some tens of milliseconds, and 500
  // rounds a run keep up with 25,000 agents' 100 metrics a minute.
  constexpr int64_t kCompactSamples = 20000;
  for (int round = 0; round < 500; ++round) {
    CompactionStep step;
    STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
      STEWARD_ASSIGN_OR_RETURN(step, store_->Compact(c, ToMillis(now), kCompactSamples));
      return Status::Ok();
    }));
    if (!step.more) break;
  }
  // After compaction, so that records past the raw retention (a server that
  // was down for days) reach the rollups before their raw samples go.
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    return store_->Prune(c, options_.retention, ToMillis(now)).status();
  }));
  // Devices that ever checked in (offline needs a last check-in) or have
  // time-driven windows; each in its own transaction so one bad device
  // cannot stall the rest.
  std::vector<int64_t> devices;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows rows,
        c.Query("SELECT k.device_id FROM device_checkins k JOIN cis d ON d.id = k.device_id"
                " WHERE d.status = 'active' ORDER BY k.device_id"));
    for (const Row& r : rows) devices.push_back(r.Int("device_id"));
    return Status::Ok();
  }));
  Status first_error;
  for (int64_t id : devices) {
    Status st = db_.Transact([&](Connection& c) { return RunJobsForDevice(c, id, now); });
    if (!st.ok()) {
      LogWarn("monitoring job for device {}: {}", id, st.ToString());
      if (first_error.ok()) first_error = st;
    }
  }
  return first_error;
}

}  // namespace steward::monitoring
