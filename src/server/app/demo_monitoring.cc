// The monitoring part of `steward init --demo`: three days of metric history
// for every demo server and workstation, replayed through the real ingest
// path on a clock that walks from three days ago to now, so rollups, window
// state, check-ins, alerts (open and resolved, with their history) and the
// on-call e-mails are exactly what a running server would have produced.
#include <cmath>

#include "server/app/demo_data.h"
#include "server/monitoring/email_notifier.h"
#include "server/monitoring/monitoring_service.h"
#include "server/servicedesk/servicedesk_service.h"

namespace steward::app {

namespace {

using monitoring::Sample;
using std::chrono::hours;
using std::chrono::minutes;

constexpr double kGb = 1024.0 * 1024 * 1024;

struct DemoDevice {
  int64_t id;
  int64_t customer_id;
  std::string name;
  bool server;
};

// A smooth daily rhythm in [0, 1], peaking mid-afternoon.
double Daily(Timestamp t) {
  double h = static_cast<double>(ToMillis(t) % (24 * 3600'000)) / 3600'000.0;
  return 0.5 + 0.5 * std::sin((h - 9) / 24.0 * 2 * M_PI);
}

Sample Make(const DemoDevice& d, const char* metric, Timestamp t, double v,
            std::map<std::string, std::string> labels = {}) {
  return Sample{d.id, metric, t, v, std::move(labels)};
}

// The samples `d` reports at `t` (`start` is three days ago, `end` now).
std::vector<Sample> SamplesAt(const DemoDevice& d, Timestamp t, Timestamp start, Timestamp end) {
  std::vector<Sample> s;
  double progress = static_cast<double>((t - start).count()) / (end - start).count();
  double rhythm = Daily(t);
  double cpu = 8 + 30 * rhythm + (d.id % 5);
  double memory = (d.server ? 52 : 40) + 12 * rhythm;
  double system_free = (d.server ? 38 : 95) * kGb;
  if (d.name == "HVL-HV01") memory = 84 + 3 * rhythm;                     // an open memory alert
  if (d.name == "BSD-SRV01") system_free = (3.2 - 1.7 * progress) * kGb;  // filling up
  s.push_back(Make(d, "cpu.used_percent", t, std::min(cpu, 100.0)));
  s.push_back(Make(d, "memory.used_percent", t, std::min(memory, 100.0)));
  s.push_back(Make(d, "volume.free_bytes", t, system_free, {{"mount", "/"}, {"system", "true"}}));
  s.push_back(Make(d, "volume.free_percent", t, system_free / (d.server ? 120 : 250) / kGb * 100,
                   {{"mount", "/"}, {"system", "true"}}));
  if (d.server) {
    double data_percent = d.name == "HVL-FS01" ? 31 - 17 * progress : 64;
    s.push_back(Make(d, "volume.free_percent", t, data_percent,
                     {{"mount", "/srv/data"}, {"system", "false"}}));
    s.push_back(Make(d, "volume.free_bytes", t, data_percent / 100 * 2000 * kGb,
                     {{"mount", "/srv/data"}, {"system", "false"}}));
  }
  return s;
}

}  // namespace

Status SeedMonitoringDemo(Services& services) {
  auto& db = services.db();
  std::vector<DemoDevice> devices;
  STEWARD_RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows rows,
        c.Query("SELECT id, customer_id, name, kind FROM cis WHERE kind IN ('server',"
                " 'workstation') AND status = 'active' ORDER BY id"));
    for (const auto& r : rows) {
      devices.push_back(
          {r.Int("id"), r.Int("customer_id"), r.Text("name"), r.Text("kind") == "server"});
    }
    return Status::Ok();
  }));
  if (devices.empty()) return Status::Ok();

  // Replay history on a clock of its own; the real service is untouched.
  // Samples on quarter hours, like an agent that started on one.
  const Timestamp now = services.clock().Now();
  const Timestamp end = now - std::chrono::milliseconds(ToMillis(now) % (15 * 60'000));
  const Timestamp start = end - hours(72);
  ManualClock clock(start);
  monitoring::MonitoringService replay(db, clock);
  monitoring::EmailAlertNotifier mail;
  replay.AddListener(&mail);
  // Alerts open incident tickets, on the same replay clock.
  servicedesk::ServiceDesk desk(db, clock);
  replay.AddListener(&desk);
  auto ingest = [&](const DemoDevice& d, std::vector<Sample> samples) {
    return db.Transact([&](storage::Connection& c) {
      return replay.IngestInTransaction(c, d.customer_id, d.id, samples);
    });
  };

  int step = 0;
  for (Timestamp t = start; t <= end; t += minutes(15), ++step) {
    clock.Set(t);
    double hours_ago = static_cast<double>((end - t).count()) / 3600'000.0;
    for (const DemoDevice& d : devices) {
      // One workstation went quiet two hours ago: offline.
      if (d.name == "BSD-WS02" && hours_ago < 2) continue;
      std::vector<Sample> s = SamplesAt(d, t, start, end);
      // Nightly backup reports at 01:00; last night's failed on the file server.
      if (d.server && ToMillis(t) % (24 * 3600'000) == 3600'000) {
        bool failed = d.name == "HVL-FS01" && hours_ago < 24;
        s.push_back(Make(d, "backup.success", t, failed ? 0 : 1, {{"job", "nightly"}}));
      }
      // A warning in the event log two days ago (resolved after an hour's quiet).
      if (d.name == "BSD-SRV01" && step == 96) {
        s.push_back(Make(d, "event.log", t, 4,
                         {{"message", "smartd: Device /dev/sda, 8 Currently unreadable sectors"}}));
      }
      // A UPS on battery for half an hour yesterday; a virus found this morning.
      if (d.name == "KPC-SRV01") {
        if (step == 150) s.push_back(Make(d, "ups.status", t, 1));
        if (step == 152) s.push_back(Make(d, "ups.status", t, 0));
        if (hours_ago <= 5 && hours_ago > 4.8) s.push_back(Make(d, "av.detections", t, 1));
      }
      STEWARD_RETURN_IF_ERROR(ingest(d, std::move(s)));
      // A CPU spike on the file server yesterday afternoon: one-minute
      // samples for eight minutes open cpu_high at minute five, then it clears.
      if (d.name == "HVL-FS01" && step == 200) {
        for (int m = 1; m <= 9; ++m) {
          clock.Set(t + minutes(m));
          STEWARD_RETURN_IF_ERROR(
              ingest(d, {Make(d, "cpu.used_percent", t + minutes(m), m < 9 ? 97 : 35)}));
        }
        clock.Set(t);
      }
    }
    if (step % 4 == 0) {
      STEWARD_RETURN_IF_ERROR(replay.RunJobs(t));
      STEWARD_RETURN_IF_ERROR(desk.RunJobs(t));
    }
  }
  clock.Set(now);
  STEWARD_RETURN_IF_ERROR(replay.RunJobs(now));
  return desk.RunJobs(now);
}

}  // namespace steward::app
