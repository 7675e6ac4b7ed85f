// MonitoringService is SPEC §2's server side: it stores samples (behind
// SampleStore), evaluates thresholds incrementally as samples arrive (the
// pure evaluator in evaluator.h, its window state persisted per device,
// condition and series), keeps one open alert per device and condition with
// repeat counts, acknowledgement, automatic resolution and full history,
// honours maintenance windows, and tells AlertListeners (e-mail to whoever
// is on call, tickets later) inside the same transaction.
//
// Every ingest path ends in IngestInTransaction: the agent channel calls it
// inside its own transaction (batch, sequence number and samples commit
// together), the HTTP ingest API through Ingest. Everything a device sends
// is validated first; one bad sample refuses the whole batch.
//
// Tenant isolation: every read and write takes the caller's principal and
// runs under its TenantScope; the stores (store/) apply it in every query,
// so another customer's device, alert, window or group is NotFound. Writes
// (ack, policies, maintenance windows, groups) record an audit entry in
// their transaction. Thread-safe: all state is in the database.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "server/accounts/principal.h"
#include "server/monitoring/alert_listener.h"
#include "server/monitoring/evaluator.h"
#include "server/monitoring/model/alert.h"
#include "server/monitoring/model/device.h"
#include "server/monitoring/model/device_group.h"
#include "server/monitoring/model/maintenance_window.h"
#include "server/monitoring/policy.h"
#include "server/monitoring/sample.h"
#include "server/monitoring/sample_store.h"
#include "server/monitoring/series_math.h"

namespace steward::monitoring {

struct MonitoringOptions {
  Retention retention;
};

struct MetricQuery {
  std::string metric;
  std::optional<Timestamp> from;  // default: `to` minus 6 hours
  std::optional<Timestamp> to;    // default: now
  std::optional<int64_t> step_seconds;
  std::map<std::string, std::string> labels;  // filter
};

// The objects whose owning customer OwnerOf reports (for 404-vs-403).
enum class MonitoringObject { kDevice, kAlert, kMaintenanceWindow, kGroup, kPolicy };

class MonitoringService final : public SampleSink {
 public:
  MonitoringService(storage::Database& db, const Clock& clock, MonitoringOptions options = {});
  ~MonitoringService() override;

  // Listeners are added while the server is built, before it serves.
  void AddListener(AlertListener* listener) { listeners_.push_back(listener); }

  // --- Ingest --------------------------------------------------------------
  // SampleSink: validates (InvalidArgument naming samples[i].<field>; a
  // sample whose device_id is neither 0 nor `device_id` is refused), checks
  // that `device_id` is a server or workstation of `customer_id` (NotFound /
  // InvalidArgument), stores, records the check-in and evaluates.
  Status IngestInTransaction(storage::Connection& c, int64_t customer_id, int64_t device_id,
                             std::span<const Sample> samples) override;
  Result<std::vector<RefusedSample>> IngestValidInTransaction(
      storage::Connection& c, int64_t customer_id, int64_t device_id,
      std::span<const Sample> samples) override;
  // POST /api/v1/ingest: {"samples":[{"device_id","metric","ts","value","labels"}]}
  // → {"accepted":N}. All or nothing: InvalidArgument naming the field
  // ("samples[2].ts") or NotFound for a device the caller cannot see stores
  // nothing. PayloadTooLarge past kMaxSamplesPerBatch.
  Result<Json> Ingest(const accounts::Actor& actor, const Json& body);

  // --- Reading -------------------------------------------------------------
  // {"device_id","metric","resolution","from","to","step","series":[{"labels",
  // "points":[{"ts","value","min","max","count"}]}]}; value is the average.
  Result<Json> QueryMetric(const accounts::Principal& viewer, int64_t device_id,
                           const MetricQuery& query);
  // {"device_id","volumes":[{"labels","free_bytes","slope_bytes_per_day",
  // "days_until_full","full_at"}]} from a linear fit over 14 days of hourly
  // free-bytes averages; days_until_full is null when space is not shrinking.
  Result<Json> Forecast(const accounts::Principal& viewer, int64_t device_id);
  // {"device_id","metrics":[{"metric","labels"}]}: what the device reported
  // in the last 7 days, for choosing charts.
  Result<Json> ListDeviceMetrics(const accounts::Principal& viewer, int64_t device_id);
  // {"device_id","last_seen_at","open_alerts":n}.
  Result<Json> DeviceStatus(const accounts::Principal& viewer, int64_t device_id);

  // --- Alerts --------------------------------------------------------------
  // InvalidArgument (device_id) for a CI that is no device; NotFound for a
  // device or customer the viewer cannot see.
  Result<std::vector<Alert>> ListAlerts(const accounts::Principal& viewer, const AlertQuery& query);
  // The alert with its history.
  Result<AlertDetail> GetAlert(const accounts::Principal& viewer, int64_t id);
  // FailedPrecondition for a resolved alert; acknowledging twice is a no-op.
  Result<AlertDetail> AcknowledgeAlert(const accounts::Actor& actor, int64_t id);

  // --- Policies ------------------------------------------------------------
  // {"defaults":{...},"policies":[{"id","scope","scope_id","customer_id","settings","updated_at"}]}
  Result<Json> ListPolicies(const accounts::Principal& viewer);
  // Body {"scope":"global|customer|group|device","scope_id","settings":{...}}:
  // creates or replaces the override of that scope.
  Result<Json> SetPolicy(const accounts::Actor& actor, const Json& body);
  Status DeletePolicy(const accounts::Actor& actor, int64_t id);
  // {"device_id","policy":{...}} merged from every level.
  Result<Json> EffectivePolicy(const accounts::Principal& viewer, int64_t device_id);

  // --- Maintenance windows -------------------------------------------------
  // InvalidArgument("ends_at") for a window that ends before it starts or
  // lasts more than 31 days; NotFound for a customer or device out of scope
  // (naming device_id), InvalidArgument for another customer's device.
  Result<MaintenanceWindow> CreateMaintenanceWindow(const accounts::Actor& actor,
                                                    const NewMaintenanceWindow& window);
  Result<std::vector<MaintenanceWindow>> ListMaintenanceWindows(const accounts::Principal& viewer,
                                                                std::optional<int64_t> customer_id);
  Status DeleteMaintenanceWindow(const accounts::Actor& actor, int64_t id);

  // --- Device groups -------------------------------------------------------
  // AlreadyExists("name") for a name the customer uses already.
  Result<DeviceGroup> CreateGroup(const accounts::Actor& actor, const NewDeviceGroup& group);
  Result<std::vector<DeviceGroup>> ListGroups(const accounts::Principal& viewer,
                                              std::optional<int64_t> customer_id);
  // The group as it is now; adding a member twice is a no-op. The device
  // must be the group's customer's (InvalidArgument naming device_id).
  Result<DeviceGroup> AddGroupMember(const accounts::Actor& actor, int64_t group_id,
                                     int64_t device_id);
  Status RemoveGroupMember(const accounts::Actor& actor, int64_t group_id, int64_t device_id);

  // --- Jobs ----------------------------------------------------------------
  // Retention, offline detection and the time-driven conditions (event-log
  // quiet period, missing backup reports) at `now`.
  Status RunJobs(Timestamp now);

  // A condition another module decides (a device not back after its patch
  // reboot): in the caller's transaction, opens the device's alert of
  // `condition` (critical, with `message`) when `firing` and none is open,
  // resolves the open one when not; listeners hear of it as of any alert.
  // A maintenance window or the policy turning the condition off keeps it
  // from opening. NotFound("device") for no such device.
  Status SetDecidedCondition(storage::Connection& c, int64_t device_id, Condition condition,
                             bool firing, const std::string& message, Timestamp at);

  Result<std::optional<int64_t>> OwnerOf(MonitoringObject kind, int64_t id);
  const MonitoringOptions& options() const { return options_; }

 private:
  // InvalidArgument naming `prefix` + the field ("samples[2].ts"), or OK.
  Status CheckSample(const Sample& s, int64_t device_id, Timestamp now,
                     const std::string& prefix) const;
  // Stores checked samples: the device's check-in, the samples, the alert
  // windows they touch.
  Status StoreInTransaction(storage::Connection& c, int64_t customer_id, int64_t device_id,
                            std::span<const Sample> samples);
  using Device = MonitoredDevice;
  Result<Device> LoadDevice(storage::Connection& c, const storage::TenantScope& scope,
                            int64_t device_id);
  Result<Policy> LoadPolicy(storage::Connection& c, const Device& device);
  // Opens, repeats or resolves the alert of (device, condition) after its
  // windows changed; `raises` counts the times a window raised in this step
  // (each beyond the first opening counts as a repeat).
  // The window states of a device as an ingest step left them, each with
  // the time it was last written (the newest firing one names the alert).
  struct KnownWindow {
    WindowState state;
    int64_t updated_at = 0;
  };
  using KnownWindows = std::map<std::pair<Condition, std::string>, KnownWindow>;
  // `known`: the device's windows already in hand (saves reading them back).
  Status Reconcile(storage::Connection& c, const Device& device, const Policy& policy,
                   Condition condition, int raises, Timestamp at,
                   const KnownWindows* known = nullptr);
  Status RunJobsForDevice(storage::Connection& c, int64_t device_id, Timestamp now);
  // Reconcile's writes once it knows whether the condition fires.
  Status ApplyFiring(storage::Connection& c, const Device& device, const Policy& policy,
                     Condition condition, bool firing, Severity severity, std::string message,
                     int raises, Timestamp at);

  storage::Database& db_;
  const Clock& clock_;
  MonitoringOptions options_;
  std::unique_ptr<SampleStore> store_;
  std::vector<AlertListener*> listeners_;
};

}  // namespace steward::monitoring
