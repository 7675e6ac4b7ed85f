// Patch management over a real database (SQLite and PostgreSQL): a scan
// becomes records whose deadline counts the customer's business days, a
// newer candidate keeps the first-seen time, what disappears was installed,
// compliance moves with the clock, overrides reclassify the next scan, bad
// reports write nothing and a customer's people see only their devices; the
// compliance figure from indexes equals the pure rule on the full state.
#include "server/patching/patch_service.h"

#include <random>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/time_format.h"
#include "server/cmdb/cmdb_service.h"
#include "server/patching/store/update_store.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::patching {
namespace {

using std::chrono::hours;
using steward::testing::Backend;

class PatchServiceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    InitCrypto();
    db_ = steward::testing::NewTestDatabase(GetParam());
    ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
    cmdb_ = std::make_unique<cmdb::CmdbService>(*db_, clock_, ::testing::TempDir());
    service_ = std::make_unique<PatchService>(*db_, clock_);
    acme_ = Customer("Acme");
    beta_ = Customer("Beta");
    // Acme works Monday to Friday, 08:00-17:00 in Berlin.
    ASSERT_TRUE(db_->Transact([&](storage::Connection& c) -> Status {
                     STEWARD_ASSIGN_OR_RETURN(
                         storage::Row cal,
                         c.QueryOne("INSERT INTO business_calendars (name, time_zone, hours_json,"
                                    " holidays_json, created_at, updated_at) VALUES ('Office',"
                                    " 'Europe/Berlin', ?, '[]', 0, 0) RETURNING id",
                                    {std::string(R"({"mon":[["08:00","17:00"]],)"
                                                 R"("tue":[["08:00","17:00"]],)"
                                                 R"("wed":[["08:00","17:00"]],)"
                                                 R"("thu":[["08:00","17:00"]],)"
                                                 R"("fri":[["08:00","17:00"]]})")}));
                     return c
                         .Execute("UPDATE customers SET calendar_id = ? WHERE id = ?",
                                  {cal.Int("id"), acme_})
                         .status();
                   })
                    .ok());
    web01_ = Device(acme_, "web01");
    db01_ = Device(acme_, "db01");
    beta01_ = Device(beta_, "beta01");
  }

  int64_t Customer(const std::string& name) {
    auto c = cmdb_->CreateCustomer(Staff(), {{"name", name}});
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? (*c)["id"].get<int64_t>() : 0;
  }
  int64_t Device(int64_t customer, const std::string& name) {
    auto ci =
        cmdb_->CreateCi(Staff(), {{"customer_id", customer}, {"kind", "server"}, {"name", name}});
    EXPECT_TRUE(ci.ok()) << ci.status().ToString();
    return ci.ok() ? (*ci)["id"].get<int64_t>() : 0;
  }

  accounts::Actor Staff() { return {staff_, "127.0.0.1"}; }

  static PendingUpdate U(std::string package, std::string candidate, std::string origin = "",
                         std::vector<std::string> cves = {}) {
    PendingUpdate u;
    u.package = std::move(package);
    u.installed_version = "1.0-1";
    u.candidate_version = std::move(candidate);
    u.origin = std::move(origin);
    u.cves = std::move(cves);
    return u;
  }

  ReportOutcome Report(int64_t device, std::vector<PendingUpdate> updates) {
    auto r = service_->Report(Staff(), device, {PackageFamily::kDebian, std::move(updates)});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : ReportOutcome{};
  }

  DeviceUpdates Updates(int64_t device, bool history = false) {
    auto u = service_->DeviceUpdatesOf(staff_, device, history);
    EXPECT_TRUE(u.ok()) << u.status().ToString();
    return u.ok() ? *u : DeviceUpdates{};
  }

  // Friday 4 December 2026, 10:00 in Berlin.
  ManualClock clock_{*ParseIso8601("2026-12-04T09:00:00Z")};
  accounts::Principal staff_ = accounts::Principal::System("test");
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<cmdb::CmdbService> cmdb_;
  std::unique_ptr<PatchService> service_;
  int64_t acme_ = 0, beta_ = 0, web01_ = 0, db01_ = 0, beta01_ = 0;
};

TEST_P(PatchServiceTest, AScanBecomesRecordsWithClassesAndBusinessDayDeadlines) {
  ReportOutcome r = Report(web01_, {U("openssl", "3.0.15-1", "Debian-Security:12/stable-security"),
                                    U("tzdata", "1.2-1", "Debian:12.9/stable")});
  EXPECT_EQ(r.pending, 2);
  EXPECT_EQ(r.added, 2);
  DeviceUpdates u = Updates(web01_);
  EXPECT_TRUE(u.known);
  ASSERT_EQ(u.updates.size(), 2u);
  // Important (a security archive, no severity): the end of the 10th
  // business day after Friday 4 Dec in Berlin, skipping two weekends, is
  // Friday 18 Dec at 17:00 CET.
  const UpdateView& openssl = u.updates[0];
  EXPECT_EQ(openssl.record.update.package, "openssl");
  EXPECT_EQ(openssl.record.cls, UpdateClass::kImportant);
  EXPECT_EQ(openssl.record.deadline, *ParseIso8601("2026-12-18T16:00:00Z"));
  EXPECT_EQ(openssl.clock, DeadlineState::kOk);
  // A point release: a service release, six calendar months at the same
  // local time, 10:00 in Berlin, which is summer time by then.
  EXPECT_EQ(u.updates[1].record.cls, UpdateClass::kServiceRelease);
  EXPECT_EQ(u.updates[1].record.deadline, *ParseIso8601("2027-06-04T08:00:00Z"));
}

TEST_P(PatchServiceTest, ANewerCandidateKeepsTheDeadlineAndWhatDisappearsWasInstalled) {
  Report(web01_, {U("openssl", "3.0.15-1", "bookworm-security"), U("bash", "5.2.15-2")});
  Timestamp first_deadline = Updates(web01_).updates[0].record.deadline;
  clock_.Advance(hours(24 * 5));
  ReportOutcome r = Report(web01_, {U("openssl", "3.0.16-1", "bookworm-security")});
  EXPECT_EQ(r.added, 0);
  EXPECT_EQ(r.installed, 1) << "bash is gone from the scan";
  DeviceUpdates u = Updates(web01_, /*history=*/true);
  ASSERT_EQ(u.updates.size(), 2u);
  EXPECT_EQ(u.updates[0].record.update.candidate_version, "3.0.16-1");
  EXPECT_EQ(u.updates[0].record.deadline, first_deadline) << "no deadline laundering";
  EXPECT_EQ(u.updates[0].record.first_seen, *ParseIso8601("2026-12-04T09:00:00Z"));
  EXPECT_EQ(u.updates[1].record.update.package, "bash");
  EXPECT_EQ(u.updates[1].record.status, UpdateStatus::kInstalled);
  ASSERT_TRUE(u.updates[1].record.resolved_at);
  // bash showing up again later is a new record with a new clock.
  clock_.Advance(hours(1));
  EXPECT_EQ(
      Report(web01_, {U("openssl", "3.0.16-1", "bookworm-security"), U("bash", "5.2.15-3")}).added,
      1);
  EXPECT_EQ(Updates(web01_).updates.size(), 2u);
}

TEST_P(PatchServiceTest, ComplianceMovesWithTheClockAndAStaleScanIsUnknown) {
  Report(web01_, {U("curl", "8.5-1", "", {"CVE-2024-2398"})});  // important: 10 business days
  Report(db01_, {});                                            // fully patched
  auto c = service_->Compliance(staff_, acme_);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->devices, 2);
  EXPECT_EQ(c->compliant, 2);
  EXPECT_DOUBLE_EQ(*c->percent, 100.0);
  // Past the deadline (Friday 18 Dec, 17:00 CET), with db01 still reporting.
  clock_.Set(*ParseIso8601("2026-12-18T16:00:01Z"));
  Report(db01_, {});
  auto clock = Updates(web01_).updates.at(0).clock;
  EXPECT_EQ(clock, DeadlineState::kBreached);
  c = service_->Compliance(staff_, acme_);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->compliant, 1);
  EXPECT_EQ(c->unknown, 1) << "web01 has not reported for two weeks";
  EXPECT_EQ(c->overdue_by_class.at(UpdateClass::kImportant), 1);
  EXPECT_DOUBLE_EQ(*c->percent, 50.0);
}

TEST_P(PatchServiceTest, OverridesClassifyTheNextScan) {
  auto set = service_->SetOverrides(
      Staff(), acme_, {{"openssl", UpdateClass::kCritical}, {"lib*", UpdateClass::kLow}});
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  Report(web01_, {U("openssl", "3.0.15-1"), U("libxml2", "2.9.14-2")});
  DeviceUpdates u = Updates(web01_);
  ASSERT_EQ(u.updates.size(), 2u);
  EXPECT_EQ(u.updates[0].record.cls, UpdateClass::kCritical);
  // The end of the 3rd business day after Friday 4 Dec: Wednesday 9 Dec,
  // 17:00 CET.
  EXPECT_EQ(u.updates[0].record.deadline, *ParseIso8601("2026-12-09T16:00:00Z"));
  EXPECT_EQ(u.updates[1].record.cls, UpdateClass::kLow);
  // A repeated pattern is refused and changes nothing.
  auto bad = service_->SetOverrides(
      Staff(), acme_, {{"curl", UpdateClass::kLow}, {"curl", UpdateClass::kCritical}});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "overrides[1].pattern");
  EXPECT_EQ(service_->Overrides(staff_, acme_)->size(), 2u);
}

TEST_P(PatchServiceTest, ABadReportIsRefusedWithItsFieldAndWritesNothing) {
  Report(web01_, {U("openssl", "3.0.15-1")});
  auto bad = service_->Report(
      Staff(), web01_,
      {PackageFamily::kDebian, {U("openssl", "3.0.16-1"), U("curl", "8.5-1", "", {"CVE-1"})}});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "updates[1].cves[0]");
  DeviceUpdates u = Updates(web01_);
  ASSERT_EQ(u.updates.size(), 1u);
  EXPECT_EQ(u.updates[0].record.update.candidate_version, "3.0.15-1");
  // A CI that is no device.
  auto site =
      cmdb_->CreateCi(Staff(), {{"customer_id", acme_}, {"kind", "printer"}, {"name", "hp"}});
  ASSERT_TRUE(site.ok()) << site.status().ToString();
  EXPECT_EQ(service_->Report(Staff(), (*site)["id"].get<int64_t>(), {}).status().code(),
            StatusCode::kNotFound);
}

TEST_P(PatchServiceTest, ACustomersPeopleSeeOnlyTheirDevices) {
  Report(web01_, {U("openssl", "3.0.15-1")});
  Report(beta01_, {U("openssl", "3.0.15-1")});
  accounts::Principal portal;
  portal.user_id = 99;
  portal.role = accounts::Role::kPortal;
  portal.customer_id = beta_;
  EXPECT_TRUE(service_->DeviceUpdatesOf(portal, beta01_, false).ok());
  EXPECT_EQ(service_->DeviceUpdatesOf(portal, web01_, false).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(service_->Compliance(portal, acme_).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(service_->Report({portal, ""}, web01_, {}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Updates(web01_).updates.size(), 1u) << "nothing of Acme's changed";
  EXPECT_EQ(service_->Overrides(portal, beta_).status().code(), StatusCode::kPermissionDenied);
  auto owner = service_->DeviceOwner(web01_);
  ASSERT_TRUE(owner.ok());
  EXPECT_EQ(*owner, acme_);
}

TEST_P(PatchServiceTest, ThePolicyApprovesRejectsOrWaitsAndAnApprovalStopsTheClock) {
  // Globally: critical updates approve themselves after a day's soak,
  // major revisions are rejected. For Acme: important ones need a person.
  ASSERT_TRUE(
      service_
          ->SetApprovalPolicy(
              Staff(), {PolicyLevel::kGlobal, 0},
              {{PolicyLevel::kGlobal, UpdateClass::kCritical, ApprovalMode::kAutomatic, 1},
               {PolicyLevel::kGlobal, UpdateClass::kImportant, ApprovalMode::kAutomatic, 0},
               {PolicyLevel::kGlobal, UpdateClass::kMajorRevision, ApprovalMode::kReject, 0}})
          .ok());
  ASSERT_TRUE(service_
                  ->SetApprovalPolicy(
                      Staff(), {PolicyLevel::kCustomer, acme_},
                      {{PolicyLevel::kCustomer, UpdateClass::kImportant, ApprovalMode::kManual, 0}})
                  .ok());
  ASSERT_TRUE(service_->SetOverrides(Staff(), acme_, {{"curl", UpdateClass::kCritical}}).ok());
  PendingUpdate major = U("postgresql", "16.2-1");
  major.installed_version = "15.6-1";
  Report(web01_, {U("curl", "8.5-1"), U("openssl", "3.0.15-1", "bookworm-security"), major});
  Report(beta01_, {U("openssl", "3.0.15-1", "bookworm-security")});

  DeviceUpdates u = Updates(web01_);
  ASSERT_EQ(u.updates.size(), 3u);
  const UpdateView& curl = u.updates[0];
  EXPECT_EQ(curl.record.update.package, "curl");
  EXPECT_EQ(curl.record.approval.decision, Approval::kApproved);
  EXPECT_EQ(curl.in_force, Approval::kPending) << "not before its day of soak";
  EXPECT_EQ(u.updates[1].record.update.package, "openssl");
  EXPECT_EQ(u.updates[1].in_force, Approval::kPending) << "Acme's own rule: a person decides";
  EXPECT_EQ(u.updates[2].in_force, Approval::kRejected);
  EXPECT_EQ(Updates(beta01_).updates[0].in_force, Approval::kApproved) << "the global rule";

  // A day later curl is approved; openssl waits past its deadline.
  clock_.Set(*ParseIso8601("2026-12-18T16:00:00Z"));
  Report(web01_, {U("curl", "8.5-1"), U("openssl", "3.0.15-1", "bookworm-security"), major});
  u = Updates(web01_);
  EXPECT_EQ(u.updates[0].in_force, Approval::kApproved);
  auto c = service_->Compliance(staff_, acme_);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->overdue_by_class.at(UpdateClass::kImportant), 1);
  EXPECT_EQ(c->overdue_by_class.at(UpdateClass::kCritical), 0) << "approved in time";
  EXPECT_EQ(c->overdue_by_class.at(UpdateClass::kMajorRevision), 0) << "rejected";

  // The change manager approves openssl (late, and the audit says so).
  auto approved = service_->DecideUpdate(Staff(), web01_, u.updates[1].record.id,
                                         Approval::kApproved, "tested on the staging server");
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(approved->in_force, Approval::kApproved);
  EXPECT_TRUE(approved->record.approval.by_person);
  c = service_->Compliance(staff_, acme_);
  EXPECT_EQ(c->overdue_by_class.at(UpdateClass::kImportant), 0);
  // The next scan keeps the person's decision whatever the policy says.
  Report(web01_, {U("curl", "8.5-1"), U("openssl", "3.0.16-1", "bookworm-security"), major});
  EXPECT_EQ(Updates(web01_).updates[1].in_force, Approval::kApproved);
  EXPECT_EQ(Updates(web01_).updates[1].record.approval.note, "tested on the staging server");

  // Deciding on an update of another device, or one since installed: NotFound.
  EXPECT_EQ(service_->DecideUpdate(Staff(), db01_, u.updates[1].record.id, Approval::kRejected, "")
                .status()
                .code(),
            StatusCode::kNotFound);
  // A rule for a class twice is refused and changes nothing.
  auto bad = service_->SetApprovalPolicy(
      Staff(), {PolicyLevel::kCustomer, acme_},
      {{PolicyLevel::kCustomer, UpdateClass::kLow, ApprovalMode::kManual, 0},
       {PolicyLevel::kCustomer, UpdateClass::kLow, ApprovalMode::kReject, 0}});
  EXPECT_EQ(bad.status().field(), "rules[1].class");
  EXPECT_EQ(service_->ApprovalPolicy(staff_, {PolicyLevel::kCustomer, acme_})->size(), 1u);
}

// The figure the endpoint runs (UpdateStore::CustomerFacts, reading only
// the overdue records, then SummariseFacts) against its definition
// (CustomerState, every pending record, then SummariseCompliance), on
// random records of every kind — waiting, approved in time, approved late
// or not in force yet, rejected, installed; deadlines and approvals on
// either side of `now` and exactly at it; scans fresh, exactly 48 h old,
// a millisecond older, stale or missing — plus a retired device, a device
// moved to another customer, a CI that is no device and another customer's
// fleet, asked at many times.
TEST_P(PatchServiceTest, TheFigureFromIndexesEqualsThePureRuleOnTheFullState) {
  const int64_t base = ToMillis(clock_.Now());
  constexpr int64_t kH = 3'600'000;
  std::mt19937_64 rng(1409);
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  // Times near which records change: the checks ask at these and around them.
  const std::vector<int64_t> moments = {
      base - 30 * 24 * kH, base - 50 * kH, base - 48 * kH,     base - kH, base,
      base + kH,           base + 48 * kH, base + 10 * 24 * kH};
  auto near = [&] {
    const auto last = static_cast<int64_t>(moments.size()) - 1;
    return moments[static_cast<size_t>(pick(0, last))] + pick(-1, 1) * pick(0, 2);
  };
  const char* kClasses[] = {"critical", "important",       "moderate",
                            "low",      "service_release", "major_revision"};
  std::vector<int64_t> acme_devices = {web01_, db01_};
  for (int i = 0; i < 14; ++i) acme_devices.push_back(Device(acme_, "ws" + std::to_string(i)));
  std::vector<int64_t> beta_devices = {beta01_, Device(beta_, "beta02")};
  int64_t retired = 0, moved = 0, printer = 0;
  ASSERT_TRUE(
      db_->Transact([&](storage::Connection& c) -> Status {
           STEWARD_ASSIGN_OR_RETURN(storage::Row p,
                                    c.QueryOne("INSERT INTO cis (customer_id, kind, name,"
                                               " created_at, updated_at) VALUES (?, 'printer',"
                                               " 'lobby', 0, 0) RETURNING id",
                                               {acme_}));
           printer = p.Int("id");
           retired = acme_devices[14];
           moved = acme_devices[15];
           STEWARD_RETURN_IF_ERROR(
               c.Execute("UPDATE cis SET status = 'retired' WHERE id = ?", {retired}).status());
           // Moved to Beta after Acme's records were written: they stay Acme's.
           STEWARD_RETURN_IF_ERROR(
               c.Execute("UPDATE cis SET customer_id = ? WHERE id = ?", {beta_, moved}).status());
           std::vector<std::pair<int64_t, int64_t>> fleet;  // (customer, device)
           for (int64_t d : acme_devices) fleet.emplace_back(acme_, d);
           for (int64_t d : beta_devices) fleet.emplace_back(beta_, d);
           fleet.emplace_back(acme_, printer);
           int64_t n = 0;
           for (auto [customer, device] : fleet) {
             const int64_t scan = pick(0, 5);
             if (scan > 0) {
               const int64_t at = scan == 1   ? base - 48 * kH
                                  : scan == 2 ? base - 48 * kH - 1
                                  : scan == 3 ? base - pick(0, 47) * kH
                                              : near();
               STEWARD_RETURN_IF_ERROR(
                   c.Execute("INSERT INTO device_update_scans (device_id, customer_id,"
                             " package_family, scanned_at, pending_count) VALUES (?, ?,"
                             " 'debian', ?, 0)",
                             {device, customer, at})
                       .status());
             }
             const int64_t records = pick(0, 3) == 0 ? pick(0, 2) : pick(3, 25);
             for (int64_t i = 0; i < records; ++i) {
               const int64_t kind = pick(0, 9);
               const bool installed = kind == 0;
               const char* approval = kind <= 4 ? "pending" : kind <= 7 ? "approved" : "rejected";
               storage::Value approval_at;
               if (pick(0, 3) > 0) approval_at = near();
               STEWARD_RETURN_IF_ERROR(
                   c.Execute("INSERT INTO device_updates (customer_id, device_id,"
                             " package, installed_version, candidate_version, origin,"
                             " severity, cves, advisories, reboot_suggested,"
                             " update_class, first_seen_at, last_seen_at, deadline_at,"
                             " status, resolved_at, approval, approval_at,"
                             " approval_by_person) VALUES (?, ?, ?, '1', '2', '', '',"
                             " '', '', 0, ?, 0, 0, ?, ?, ?, ?, ?, ?)",
                             {customer, device, "p" + std::to_string(n++),
                              std::string(kClasses[static_cast<size_t>(pick(0, 5))]), near(),
                              std::string(installed ? "installed" : "pending"),
                              installed ? storage::Value(base) : storage::Value(),
                              std::string(approval), approval_at, pick(0, 1) == 1})
                       .status());
             }
           }
           return Status::Ok();
         })
          .ok());

  int compared = 0, overdue_seen = 0;
  for (int64_t m : moments) {
    for (int64_t delta : {-1, 0, 1}) {
      const Timestamp now = FromMillis(m + delta);
      for (int64_t customer : {acme_, beta_}) {
        std::vector<DevicePatchState> full;
        std::vector<DeviceComplianceFacts> fast;
        ASSERT_TRUE(storage::ReadScoped(
                        *db_, storage::TenantScope::Staff(),
                        [&](storage::ScopedConnection& sc) -> Status {
                          UpdateStore store(sc);
                          STEWARD_ASSIGN_OR_RETURN(full, store.CustomerState(customer, now));
                          STEWARD_ASSIGN_OR_RETURN(fast, store.CustomerFacts(customer, now));
                          return Status::Ok();
                        })
                        .ok());
        ASSERT_EQ(fast.size(), full.size());
        for (size_t i = 0; i < full.size(); ++i) {
          EXPECT_EQ(fast[i], FactsOf(full[i]))
              << "device " << full[i].device_id << " at " << ToMillis(now) - base << " ms";
          if (!full[i].overdue.empty()) ++overdue_seen;
        }
        const CustomerCompliance want = SummariseCompliance(full, now);
        const CustomerCompliance got = SummariseFacts(fast, now);
        EXPECT_EQ(got.devices, want.devices);
        EXPECT_EQ(got.compliant, want.compliant);
        EXPECT_EQ(got.fully_patched, want.fully_patched);
        EXPECT_EQ(got.unknown, want.unknown);
        EXPECT_EQ(got.percent, want.percent);
        EXPECT_EQ(got.overdue_by_class, want.overdue_by_class);
        // And what the service answers.
        clock_.Set(now);
        auto served = service_->Compliance(staff_, customer);
        ASSERT_TRUE(served.ok()) << served.status().ToString();
        EXPECT_EQ(served->compliant, want.compliant);
        EXPECT_EQ(served->fully_patched, want.fully_patched);
        EXPECT_EQ(served->overdue_by_class, want.overdue_by_class);
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 48);
  EXPECT_GT(overdue_seen, 20) << "the data exercise overdue records";
  // The retired device, the moved one and the printer are not Acme's devices.
  clock_.Set(FromMillis(base));
  EXPECT_EQ(service_->Compliance(staff_, acme_)->devices, 14);
  EXPECT_EQ(service_->Compliance(staff_, beta_)->devices, 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, PatchServiceTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace steward::patching
