// The patch part of `steward init --demo`: three weeks of update scans on
// every demo server and workstation, replayed on a clock of their own. Each
// device first reported an OpenSSL security fix and a tzdata point release
// 20 days ago; six days ago tzdata was installed everywhere, half the
// devices had installed OpenSSL too and a kernel fix that wants a reboot
// arrived (still within its deadline: compliant), the others still wait for
// OpenSSL past its deadline (overdue); the last device of each customer
// stopped reporting after that (unknown). The first customer classes
// OpenSSL as critical.
#include <string>
#include <vector>

#include "server/app/demo_data.h"
#include "server/patching/patch_service.h"

namespace steward::app {

namespace {

using patching::PendingUpdate;
using std::chrono::hours;

PendingUpdate Update(std::string package, std::string installed, std::string candidate,
                     std::string origin, std::vector<std::string> cves, bool reboot) {
  PendingUpdate u;
  u.package = std::move(package);
  u.installed_version = std::move(installed);
  u.candidate_version = std::move(candidate);
  u.origin = std::move(origin);
  u.cves = std::move(cves);
  u.reboot_suggested = reboot;
  return u;
}

PendingUpdate OpenSsl(const char* candidate) {
  return Update("openssl", "3.0.14-1~deb12u1", candidate, "Debian-Security:12/stable-security",
                {"CVE-2024-5535", "CVE-2024-6119"}, false);
}
PendingUpdate Kernel() {
  return Update("linux-image-amd64", "6.1.112-1", "6.1.119-1", "Debian-Security:12/stable-security",
                {"CVE-2024-50264"}, true);
}
PendingUpdate Tzdata() {
  return Update("tzdata", "2024a-0+deb12u1", "2025b-0+deb12u1", "Debian:12.9/stable", {}, false);
}

struct Device {
  int64_t id = 0;
  int64_t customer_id = 0;
};

}  // namespace

Status SeedPatchingDemo(Services& services) {
  storage::Database& db = services.db();
  std::vector<std::vector<Device>> customers;
  STEWARD_RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows,
                             c.Query("SELECT id, customer_id FROM cis WHERE kind IN ('server',"
                                     " 'workstation') AND status <> 'retired'"
                                     " ORDER BY customer_id, id"));
    for (const storage::Row& r : rows) {
      if (customers.empty() || customers.back().front().customer_id != r.Int("customer_id")) {
        customers.emplace_back();
      }
      customers.back().push_back({r.Int("id"), r.Int("customer_id")});
    }
    return Status::Ok();
  }));
  if (customers.empty()) return Status::Ok();

  auto system = accounts::Principal::System("steward init --demo");
  accounts::Actor actor{system, "local"};
  const Timestamp now = services.clock().Now();
  ManualClock clock(now - hours(24 * 20));
  patching::PatchService replay(db, clock);
  STEWARD_RETURN_IF_ERROR(replay
                              .SetOverrides(actor, customers.front().front().customer_id,
                                            {{"openssl", patching::UpdateClass::kCritical}})
                              .status());
  auto report = [&](const Device& d, std::vector<PendingUpdate> updates) {
    return replay.Report(actor, d.id, {patching::PackageFamily::kDebian, std::move(updates)})
        .status();
  };
  for (const auto& devices : customers) {
    for (const Device& d : devices) {
      STEWARD_RETURN_IF_ERROR(report(d, {OpenSsl("3.0.15-1~deb12u1"), Tzdata()}));
    }
  }
  clock.Set(now - hours(24 * 6));
  for (const auto& devices : customers) {
    for (size_t i = 0; i < devices.size(); ++i) {
      std::vector<PendingUpdate> pending = {Kernel()};
      if (i % 2 == 1) pending.push_back(OpenSsl("3.0.16-1~deb12u1"));
      STEWARD_RETURN_IF_ERROR(report(devices[i], pending));
    }
  }
  clock.Set(now - hours(1));
  for (const auto& devices : customers) {
    for (size_t i = 0; i + 1 < devices.size(); ++i) {
      std::vector<PendingUpdate> pending = {Kernel()};
      if (i % 2 == 1) pending.push_back(OpenSsl("3.0.16-1~deb12u1"));
      STEWARD_RETURN_IF_ERROR(report(devices[i], pending));
    }
  }
  return Status::Ok();
}

}  // namespace steward::app
