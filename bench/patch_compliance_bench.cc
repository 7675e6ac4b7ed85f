// Patch compliance at MSP scale (issue 14 item 9): one customer with 25,000
// managed devices × 200 pending updates (5,000,000 pending records, plus
// ten installed ones per device as history) and a second customer of 2,000
// devices × 50 that must not count, on a real database: SQLite in a temp
// dir, or PostgreSQL when STEWARD_BENCH_PG_URL names a server (the bench
// creates a database of its own there and drops it at exit). The schema is
// the real one, through the migrations.
//
// The mix: 86 % of the devices scanned within the last 40 h, 9 % stale
// (49 h to 30 days) and 5 % never scanned; classes from critical (4 %) to
// service releases (36 %); 4 % of the records rejected, most critical and
// important ones approved (a few of them after their deadline, some of those
// by an automatic approval that takes effect only later), a person's
// decision now and then. Most waiting records are within their deadline;
// 15 % of the devices lag with about a tenth of their waiting records
// overdue; 1 % of the devices have every update rejected (fully patched when
// known). 100 retired devices keep records that must not count.
//
// BM_PatchCompliance times what GET /api/v1/customers/{id}/patch-compliance
// runs (PatchService::Compliance); BM_PatchComplianceFullLoad the reference
// path (UpdateStore::CustomerState, every pending record grouped per device
// and class, then the pure SummariseCompliance) — what the endpoint ran
// before. The setup checks both give the same figures. The target: under
// 200 ms on SQLite in a Release build. Seeding takes about a minute.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/time_format.h"
#include "server/accounts/principal.h"
#include "server/patching/patch_service.h"
#include "server/patching/rules/compliance.h"
#include "server/patching/store/update_store.h"
#include "storage/database.h"
#include "storage/migrator.h"
#include "storage/scoped_connection.h"
#include "support/bench_database.h"

namespace steward {
namespace {

using namespace std::chrono_literals;
using bench::BackendName;
using bench::BenchDatabase;
using bench::CheckOrDie;
using bench::OutsideTransaction;
using patching::UpdateClass;
using storage::Connection;

constexpr int kDevices = 25'000;
constexpr int kPendingPerDevice = 200;
constexpr int kInstalledPerDevice = 10;
constexpr int kRetiredDevices = 100;
constexpr int kOtherDevices = 2'000;
constexpr int kOtherPending = 50;
constexpr int kRowsPerInsert = 100;

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;

// splitmix64: the same data set on every run and backend.
class Random {
 public:
  explicit Random(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double Unit() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }
  int64_t Between(int64_t lo, int64_t hi) {  // [lo, hi]
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }

 private:
  uint64_t s_;
};

struct ClassMix {
  UpdateClass cls;
  const char* name;
  double weight;
  int64_t allowance;  // roughly what rules/deadlines.h gives
  double approved;    // share approved by the policy or a person
};
constexpr ClassMix kMix[] = {
    {UpdateClass::kCritical, "critical", 0.04, 5 * kDay, 0.70},
    {UpdateClass::kImportant, "important", 0.10, 14 * kDay, 0.70},
    {UpdateClass::kModerate, "moderate", 0.18, 91 * kDay, 0.15},
    {UpdateClass::kLow, "low", 0.20, 91 * kDay, 0.15},
    {UpdateClass::kServiceRelease, "service_release", 0.36, 182 * kDay, 0.15},
    {UpdateClass::kMajorRevision, "major_revision", 0.12, 365 * kDay, 0.15},
};

const ClassMix& PickClass(Random& r) {
  double x = r.Unit();
  for (const ClassMix& m : kMix) {
    if (x < m.weight) return m;
    x -= m.weight;
  }
  return kMix[4];
}

// Multi-row INSERTs of device_updates through one cached statement.
class UpdateWriter {
 public:
  explicit UpdateWriter(Connection& c) : c_(c) {
    constexpr std::string_view kRow =
        "(?, ?, ?, '1.0-1', '1.0-2', ?, '', ?, '', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    sql_ =
        "INSERT INTO device_updates (customer_id, device_id, package, installed_version,"
        " candidate_version, origin, severity, cves, advisories, reboot_suggested, update_class,"
        " first_seen_at, last_seen_at, deadline_at, status, resolved_at, approval, approval_at,"
        " approval_by_person) VALUES ";
    for (int i = 0; i < kRowsPerInsert; ++i) {
      if (i > 0) sql_ += ", ";
      sql_ += kRow;
    }
  }

  struct Record {
    int64_t customer_id, device_id;
    std::string package;
    const char* origin;
    const char* cves;
    const char* cls;
    int64_t first_seen, last_seen, deadline;
    bool installed;
    int64_t resolved_at;
    const char* approval;
    std::optional<int64_t> approval_at;
    bool by_person;
  };

  Status Add(Record r) {
    params_.insert(params_.end(),
                   {r.customer_id, r.device_id, std::move(r.package), r.origin, r.cves, r.cls,
                    r.first_seen, r.last_seen, r.deadline, r.installed ? "installed" : "pending",
                    r.installed ? storage::Value(r.resolved_at) : storage::Value(), r.approval,
                    storage::Value(r.approval_at), r.by_person});
    if (++rows_ == kRowsPerInsert) return Flush();
    return Status::Ok();
  }

  // The last partial batch row by row (the statement has a fixed width).
  Status Finish() {
    constexpr size_t kWidth = 14;
    for (size_t at = 0; at < params_.size(); at += kWidth) {
      storage::Params one(params_.begin() + static_cast<std::ptrdiff_t>(at),
                          params_.begin() + static_cast<std::ptrdiff_t>(at + kWidth));
      STEWARD_RETURN_IF_ERROR(
          c_.Execute("INSERT INTO device_updates (customer_id, device_id, package,"
                     " installed_version, candidate_version, origin, severity, cves, advisories,"
                     " reboot_suggested, update_class, first_seen_at, last_seen_at, deadline_at,"
                     " status, resolved_at, approval, approval_at, approval_by_person) VALUES"
                     " (?, ?, ?, '1.0-1', '1.0-2', ?, '', ?, '', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     one)
              .status());
    }
    params_.clear();
    rows_ = 0;
    return Status::Ok();
  }

 private:
  Status Flush() {
    STEWARD_RETURN_IF_ERROR(c_.Execute(sql_, params_).status());
    params_.clear();
    rows_ = 0;
    return Status::Ok();
  }

  Connection& c_;
  std::string sql_;
  storage::Params params_;
  int rows_ = 0;
};

// One device's records: `pending` waiting/approved/rejected ones and
// `installed` closed ones.
Status SeedDevice(UpdateWriter& w, Random& r, int64_t now, int64_t customer, int64_t device,
                  int pending, int installed, int64_t last_seen) {
  const bool laggard = r.Unit() < 0.15;
  const bool all_rejected = r.Unit() < 0.01;
  for (int i = 0; i < pending; ++i) {
    const ClassMix& m = PickClass(r);
    UpdateWriter::Record rec{customer,
                             device,
                             "pkg-" + std::to_string(i),
                             i % 3 == 0 ? "bookworm-security" : "bookworm-updates",
                             m.cls <= UpdateClass::kImportant ? "CVE-2026-1234" : "",
                             m.name,
                             0,
                             last_seen,
                             0,
                             false,
                             0,
                             "pending",
                             std::nullopt,
                             false};
    const double a = r.Unit();
    if (all_rejected || a < 0.04) {
      rec.approval = "rejected";
      rec.deadline = now + r.Between(-60 * kDay, m.allowance);
      rec.approval_at = rec.deadline - m.allowance + r.Between(0, 2 * kDay);
      rec.by_person = r.Unit() < 0.5;
    } else if (a < 0.04 + m.approved) {
      rec.approval = "approved";
      rec.deadline = now + r.Between(-60 * kDay, m.allowance);
      const double late = r.Unit();
      if (late < 0.02) {
        // A person approved after the deadline: overdue until then, not now.
        rec.approval_at = rec.deadline + r.Between(kHour, 5 * kDay);
        if (*rec.approval_at > now) rec.approval_at = now - kHour;
        rec.by_person = true;
      } else if (late < 0.04) {
        // An automatic approval whose delay runs past the deadline and that
        // is not in force yet: overdue now when the deadline has passed.
        rec.approval_at = now + r.Between(kHour, 10 * kDay);
      } else {
        rec.approval_at = rec.deadline - m.allowance + r.Between(0, m.allowance / 2);
        rec.by_person = r.Unit() < 0.2;
      }
    } else if (laggard && r.Unit() < 0.10) {
      rec.deadline = now - r.Between(kHour, 30 * kDay);  // overdue, still waiting
    } else {
      rec.deadline = now + r.Between(kHour, m.allowance);  // within its deadline
    }
    rec.first_seen = rec.deadline - m.allowance;
    STEWARD_RETURN_IF_ERROR(w.Add(std::move(rec)));
  }
  for (int i = 0; i < installed; ++i) {
    const ClassMix& m = PickClass(r);
    const int64_t resolved = now - r.Between(kDay, 200 * kDay);
    STEWARD_RETURN_IF_ERROR(
        w.Add({customer, device, "old-" + std::to_string(i), "bookworm-updates", "", m.name,
               resolved - 10 * kDay, resolved - kDay, resolved - 10 * kDay + m.allowance, true,
               resolved, "approved", resolved - 5 * kDay, false}));
  }
  return Status::Ok();
}

struct Fixture {
  ManualClock clock{*ParseIso8601("2026-12-07T12:00:00Z")};
  BenchDatabase base{"patch-compliance", clock};
  storage::Database& db = base.db();
  int64_t customer = 0, other = 0;

  Fixture() {
    const auto started = std::chrono::steady_clock::now();
    CheckOrDie(db.Transact([&](Connection& c) { return Populate(c); }));
    if (db.dialect() == storage::Dialect::kPostgres) {
      CheckOrDie(OutsideTransaction(db, "VACUUM ANALYZE"));
    }
    std::fprintf(stderr, "seeded %d + %d devices in %.1f s\n", kDevices, kOtherDevices,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }

  Status Populate(Connection& c) {
    const int64_t now = ToMillis(clock.Now());
    Random r(20261207);
    UpdateWriter w(c);
    STEWARD_ASSIGN_OR_RETURN(customer, NewCustomer(c, "Big fleet"));
    STEWARD_ASSIGN_OR_RETURN(other, NewCustomer(c, "Small fleet"));
    auto fleet = [&](int64_t cu, int devices, int pending, int installed,
                     const char* status) -> Status {
      for (int d = 0; d < devices; ++d) {
        STEWARD_ASSIGN_OR_RETURN(
            storage::Row ci,
            c.QueryOne("INSERT INTO cis (customer_id, kind, name, status, created_at, updated_at)"
                       " VALUES (?, ?, ?, ?, 0, 0) RETURNING id",
                       {cu, d % 10 == 0 ? "server" : "workstation",
                        "dev-" + std::to_string(cu) + "-" + std::to_string(d), status}));
        const int64_t device = ci.Int("id");
        const double s = r.Unit();
        int64_t last_seen = now - 20 * kDay;
        if (s < 0.95) {
          int64_t at = s < 0.86 ? now - r.Between(5 * 60'000, 40 * kHour)
                                : now - r.Between(49 * kHour, 30 * kDay);
          if (d == 7) at = now - 48 * kHour;  // exactly 48 h: still fresh
          if (d == 8) at = now - 48 * kHour - 1;
          last_seen = at;
          STEWARD_RETURN_IF_ERROR(
              c.Execute("INSERT INTO device_update_scans (device_id, customer_id,"
                        " package_family, scanned_at, pending_count) VALUES (?, ?, 'debian', ?,"
                        " ?)",
                        {device, cu, at, int64_t{pending}})
                  .status());
        }
        STEWARD_RETURN_IF_ERROR(SeedDevice(w, r, now, cu, device, pending, installed, last_seen));
      }
      return Status::Ok();
    };
    STEWARD_RETURN_IF_ERROR(
        fleet(customer, kDevices, kPendingPerDevice, kInstalledPerDevice, "active"));
    STEWARD_RETURN_IF_ERROR(fleet(customer, kRetiredDevices, kPendingPerDevice, 0, "retired"));
    STEWARD_RETURN_IF_ERROR(fleet(other, kOtherDevices, kOtherPending, 5, "active"));
    return w.Finish();
  }

  static Result<int64_t> NewCustomer(Connection& c, const std::string& name) {
    STEWARD_ASSIGN_OR_RETURN(storage::Row cu,
                             c.QueryOne("INSERT INTO customers (name, created_at, updated_at)"
                                        " VALUES (?, 0, 0) RETURNING id",
                                        {name}));
    return cu.Int("id");
  }

  // The reference: every pending record per device and class, then the pure rule.
  patching::CustomerCompliance FullLoad() {
    patching::CustomerCompliance out;
    CheckOrDie(storage::ReadScoped(
        db, storage::TenantScope::Staff(), [&](storage::ScopedConnection& sc) -> Status {
          STEWARD_ASSIGN_OR_RETURN(auto devices,
                                   patching::UpdateStore(sc).CustomerState(customer, clock.Now()));
          out = patching::SummariseCompliance(devices, clock.Now());
          return Status::Ok();
        }));
    return out;
  }
};

bool Same(const patching::CustomerCompliance& a, const patching::CustomerCompliance& b) {
  return a.devices == b.devices && a.compliant == b.compliant &&
         a.fully_patched == b.fully_patched && a.unknown == b.unknown && a.percent == b.percent &&
         a.overdue_by_class == b.overdue_by_class;
}

void Print(const char* what, const patching::CustomerCompliance& c) {
  std::fprintf(stderr, "%s: devices %lld compliant %lld fully_patched %lld unknown %lld (%.1f %%)",
               what, static_cast<long long>(c.devices), static_cast<long long>(c.compliant),
               static_cast<long long>(c.fully_patched), static_cast<long long>(c.unknown),
               c.percent.value_or(-1));
  for (const auto& [cls, n] : c.overdue_by_class) {
    std::fprintf(stderr, " %s=%lld", std::string(patching::UpdateClassName(cls)).c_str(),
                 static_cast<long long>(n));
  }
  std::fprintf(stderr, "\n");
}

Fixture& Shared() {
  static Fixture f;
  static const bool checked = [] {
    patching::PatchService service(f.db, f.clock);
    auto fast = service.Compliance(accounts::Principal::System("bench"), f.customer);
    CheckOrDie(fast.status());
    const patching::CustomerCompliance reference = f.FullLoad();
    Print("service  ", *fast);
    Print("reference", reference);
    if (!Same(*fast, reference) || fast->devices != kDevices) {
      std::fprintf(stderr, "the service and the reference disagree\n");
      std::abort();
    }
    return true;
  }();
  (void)checked;
  return f;
}

void BM_PatchCompliance(benchmark::State& state) {
  Fixture& f = Shared();
  patching::PatchService service(f.db, f.clock);
  const auto staff = accounts::Principal::System("bench");
  for (auto _ : state) {
    auto c = service.Compliance(staff, f.customer);
    if (!c.ok() || c->devices != kDevices) {
      state.SkipWithError("compliance failed");
      return;
    }
    benchmark::DoNotOptimize(c);
  }
  state.counters["devices"] = kDevices;
}
BENCHMARK(BM_PatchCompliance)
    ->Name("BM_PatchCompliance25kDevices/" + BackendName())
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3)
    ->Repetitions(7)
    ->ReportAggregatesOnly(true)
    ->UseRealTime();

void BM_PatchComplianceFullLoad(benchmark::State& state) {
  Fixture& f = Shared();
  for (auto _ : state) {
    auto c = f.FullLoad();
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_PatchComplianceFullLoad)
    ->Name("BM_PatchComplianceFullLoad25kDevices/" + BackendName())
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true)
    ->UseRealTime();

}  // namespace
}  // namespace steward

BENCHMARK_MAIN();
