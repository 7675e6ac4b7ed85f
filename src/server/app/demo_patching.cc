// The patch part of `steward init --demo`: three weeks of update scans,
// replayed on a clock of their own, on the demo devices whose operating
// system Steward can scan — Windows machines as a patch tool reports them
// over the API (KB articles with the MSRC severity), Linux servers as the
// agent does (apt). The ESXi host and machines that never reported have no
// scan: their patch state is unknown.
//
// The MSP's policy approves critical updates after a day's soak and point
// releases at once; important updates wait for the change manager. Twenty
// days ago every scanned machine reported a security update; six days ago
// half of them had installed it (compliant) while the others still wait
// for it past its deadline (overdue), and a new update arrived everywhere.
// The last scanned machine of each customer stopped reporting after that
// (unknown). The first customer treats the .NET update as critical.
#include <string>
#include <vector>

#include "server/app/demo_data.h"
#include "server/patching/change_window_service.h"
#include "server/patching/patch_service.h"

namespace steward::app {

namespace {

using patching::PackageFamily;
using patching::PendingUpdate;
using std::chrono::hours;

PendingUpdate Update(std::string package, std::string installed, std::string candidate,
                     std::string origin, std::string severity, std::vector<std::string> cves,
                     bool reboot) {
  PendingUpdate u;
  u.package = std::move(package);
  u.installed_version = std::move(installed);
  u.candidate_version = std::move(candidate);
  u.origin = std::move(origin);
  u.severity = std::move(severity);
  u.cves = std::move(cves);
  u.reboot_suggested = reboot;
  return u;
}

struct Device {
  int64_t id = 0;
  int64_t customer_id = 0;
  PackageFamily family = PackageFamily::kDebian;
};

// What each kind of machine had pending: first the security update that
// some never installed, then the one that arrived six days ago, then the
// point release installed since.
struct Updates {
  PendingUpdate waiting, newer, installed;
};

Updates UpdatesFor(PackageFamily family) {
  if (family == PackageFamily::kWindows) {
    return {
        Update("KB5045935", "", "2024-10 Cumulative Update for .NET Framework 3.5 and 4.8.1",
               "Windows Update", "Important", {"CVE-2024-43483", "CVE-2024-43484"}, false),
        Update("KB5048667", "", "2024-12 Cumulative Update for Windows (Security)",
               "Windows Update", "Critical", {"CVE-2024-49138"}, true),
        Update("KB2267602", "1.421.1102.0", "1.421.1590.0", "Microsoft Defender", "", {}, false)};
  }
  return {Update("openssl", "3.0.2-0ubuntu1.15", "3.0.2-0ubuntu1.18", "jammy-security", "",
                 {"CVE-2024-5535", "CVE-2024-6119"}, false),
          Update("linux-image-generic", "5.15.0.124.124", "5.15.0.126.126", "jammy-security", "",
                 {"CVE-2024-50264"}, true),
          Update("tzdata", "2024a-0ubuntu0.22.04.1", "2024b-0ubuntu0.22.04.1", "jammy-updates", "",
                 {}, false)};
}

}  // namespace

Status SeedPatchingDemo(Services& services) {
  storage::Database& db = services.db();
  std::vector<std::vector<Device>> customers;
  STEWARD_RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows,
                             c.Query("SELECT id, customer_id, os_name FROM cis WHERE kind IN"
                                     " ('server', 'workstation') AND status <> 'retired'"
                                     " ORDER BY customer_id, id"));
    for (const storage::Row& r : rows) {
      const std::string os = r.OptText("os_name").value_or("");
      PackageFamily family;
      if (os.find("Windows") != std::string::npos) {
        family = PackageFamily::kWindows;
      } else if (os.find("Ubuntu") != std::string::npos) {
        family = PackageFamily::kUbuntu;
      } else if (os.find("Debian") != std::string::npos) {
        family = PackageFamily::kDebian;
      } else {
        continue;  // an ESXi host, a machine not yet reported: no scan
      }
      if (customers.empty() || customers.back().front().customer_id != r.Int("customer_id")) {
        customers.emplace_back();
      }
      customers.back().push_back({r.Int("id"), r.Int("customer_id"), family});
    }
    return Status::Ok();
  }));
  if (customers.empty()) return Status::Ok();

  auto system = accounts::Principal::System("steward init --demo");
  accounts::Actor actor{system, "local"};
  const Timestamp now = services.clock().Now();
  ManualClock clock(now - hours(24 * 20));
  patching::PatchService replay(db, clock);
  using patching::ApprovalMode;
  using patching::PolicyLevel;
  using patching::UpdateClass;
  STEWARD_RETURN_IF_ERROR(
      replay
          .SetApprovalPolicy(
              actor, {PolicyLevel::kGlobal, 0},
              {{PolicyLevel::kGlobal, UpdateClass::kCritical, ApprovalMode::kAutomatic, 1},
               {PolicyLevel::kGlobal, UpdateClass::kImportant, ApprovalMode::kManual, 0},
               {PolicyLevel::kGlobal, UpdateClass::kServiceRelease, ApprovalMode::kAutomatic, 0},
               {PolicyLevel::kGlobal, UpdateClass::kMajorRevision, ApprovalMode::kManual, 0}})
          .status());
  STEWARD_RETURN_IF_ERROR(replay
                              .SetOverrides(actor, customers.front().front().customer_id,
                                            {{"KB5045935", UpdateClass::kCritical}})
                              .status());
  auto report = [&](const Device& d, std::vector<PendingUpdate> updates) {
    return replay.Report(actor, d.id, {d.family, std::move(updates)}).status();
  };
  for (const auto& devices : customers) {
    for (const Device& d : devices) {
      Updates u = UpdatesFor(d.family);
      STEWARD_RETURN_IF_ERROR(report(d, {u.waiting, u.installed}));
    }
  }
  // Six days ago, and an hour ago for all but the last of each customer.
  for (auto [at, skip_last] : {std::pair{now - hours(24 * 6), false}, {now - hours(1), true}}) {
    clock.Set(at);
    for (const auto& devices : customers) {
      for (size_t i = 0; i + (skip_last ? 1 : 0) < devices.size(); ++i) {
        Updates u = UpdatesFor(devices[i].family);
        // Linux servers keep waiting for OpenSSL: a technician's to-do.
        bool still_waiting = i % 2 == 1 || devices[i].family != PackageFamily::kWindows;
        std::vector<PendingUpdate> pending = {u.newer};
        if (still_waiting) pending.push_back(u.waiting);
        STEWARD_RETURN_IF_ERROR(report(devices[i], pending));
      }
    }
  }
  // Change windows: each customer's weekly window (the law firm's Saturday
  // night, the clinic's Sunday evening, the factory's Sunday-morning
  // shutdown); the first customer's first scanned server also takes Patch
  // Tuesday evenings on its own.
  struct Weekly {
    const char* customer;
    const char* name;
    const char* day;
    const char* time;
    int minutes;
  };
  constexpr Weekly kWeekly[] = {
      {"Harbor & Vale Law LLP", "Saturday night", "SA", "22:00", 240},
      {"Brightsmile Dental Group", "Sunday evening", "SU", "20:00", 180},
      {"Kessler Precision Components", "Sunday morning shutdown", "SU", "06:00", 240},
  };
  const auto today = date::floor<date::days>(services.clock().Now());
  const std::string start_day = date::format("%Y-%m-%d", today - date::days{30});
  for (const auto& devices : customers) {
    const int64_t customer = devices.front().customer_id;
    std::string name;
    STEWARD_RETURN_IF_ERROR(services.db().Read([&](storage::Connection& c) -> Status {
      STEWARD_ASSIGN_OR_RETURN(storage::Row r,
                               c.QueryOne("SELECT name FROM customers WHERE id = ?", {customer}));
      name = r.Text("name");
      return Status::Ok();
    }));
    Weekly w{"", "Saturday night", "SA", "22:00", 240};  // a customer the demo added later
    for (const Weekly& k : kWeekly) {
      if (name == k.customer) w = k;
    }
    patching::NewChangeWindow weekly{
        customer, patching::WindowLevel::kCustomer,          customer,
        w.name,   std::string("FREQ=WEEKLY;BYDAY=") + w.day, start_day + "T" + w.time,
        w.minutes};
    STEWARD_RETURN_IF_ERROR(services.change_windows().Create(actor, weekly).status());
  }
  const Device& first = customers.front().front();
  patching::NewChangeWindow tuesday{
      first.customer_id,        patching::WindowLevel::kDevice, first.id, "Patch Tuesday evening",
      "FREQ=MONTHLY;BYDAY=2TU", start_day + "T20:00",           180};
  return services.change_windows().Create(actor, tuesday).status();
}

}  // namespace steward::app
