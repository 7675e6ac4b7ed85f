// The monthly billing run at MSP scale (issue 13): 1,000 customers with 20
// devices each (2 servers under Bronze, 18 desktops under a workstation
// plan) and a ticket with four time entries a month, on a real database:
// SQLite in a temp dir, or PostgreSQL when STEWARD_BENCH_PG_URL names a
// server (a libpq URL such as postgresql://steward@127.0.0.1:PORT/db; the
// bench creates a database of its own there and drops it at exit). Each
// iteration drafts one new month's 1,000 invoices — recurring lines with the
// quantity discount, and the previous month's time split against the
// included hours — the way `POST /api/v1/billing/runs` does. The benchmark is
// named after the backend (…/sqlite, …/postgres) and counts the statements
// each run sends (on PostgreSQL, one round trip each).
// The target: under 10 s for the whole run.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>
#include <date/tz.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "server/accounts/principal.h"
#include "server/billing/invoice_service.h"
#include "server/billing/model/dates.h"
#include "server/billing/store/contract_store.h"
#include "storage/database.h"
#include "storage/migrator.h"
#include "storage/scoped_connection.h"
#include "support/bench_database.h"

namespace steward {
namespace {

using bench::BackendName;
using bench::BenchDatabase;
using bench::CheckOrDie;
using storage::Connection;

constexpr int kCustomers = 1000;
constexpr int kServers = 2;
constexpr int kDesktops = 18;
constexpr int kEntriesPerMonth = 4;
constexpr int kMonthsOfTime = 12;  // 2026
// 2026-12-20 09:00 UTC: the run day is the clock's business, not the bench's.
constexpr int64_t kNow = 1'797'757'200'000;

// Counts the statements sent through the connections it hands out: on
// PostgreSQL each one is a network round trip (PQexecParams, no pipelining).
// BEGIN and COMMIT are the wrapped database's and not counted.
class CountingConnection final : public Connection {
 public:
  CountingConnection(Connection& inner, int64_t& count) : inner_(inner), count_(count) {}
  using Connection::Execute;
  using Connection::Query;

  storage::Dialect dialect() const override { return inner_.dialect(); }
  Result<storage::Rows> Query(std::string_view sql, const storage::Params& params) override {
    ++count_;
    return inner_.Query(sql, params);
  }
  Result<int64_t> Execute(std::string_view sql, const storage::Params& params) override {
    ++count_;
    return inner_.Execute(sql, params);
  }
  Status ExecuteScript(std::string_view sql) override {
    ++count_;
    return inner_.ExecuteScript(sql);
  }

 private:
  Connection& inner_;
  int64_t& count_;
};

class CountingDatabase final : public storage::Database {
 public:
  explicit CountingDatabase(storage::Database& inner) : inner_(inner) {}

  storage::Dialect dialect() const override { return inner_.dialect(); }
  Status Transact(const std::function<Status(Connection&)>& fn) override {
    return inner_.Transact([&](Connection& c) {
      CountingConnection counted(c, statements_);
      return fn(counted);
    });
  }
  Status Read(const std::function<Status(Connection&)>& fn) override {
    return inner_.Read([&](Connection& c) {
      CountingConnection counted(c, statements_);
      return fn(counted);
    });
  }
  std::string Describe() const override { return inner_.Describe(); }

  int64_t statements() const { return statements_; }

 private:
  storage::Database& inner_;
  int64_t statements_ = 0;
};

struct Fixture {
  ManualClock clock{FromMillis(kNow)};
  BenchDatabase base{"billing", clock};
  storage::Database& db = base.db();

  Fixture() {
    CheckOrDie(storage::TransactScoped(db, storage::TenantScope::Staff(),
                                       [&](auto& sc) { return Populate(sc); }));
  }

  static Status Populate(storage::ScopedConnection& sc) {
    Connection& c = sc.connection();
    STEWARD_ASSIGN_OR_RETURN(storage::Row user,
                             c.QueryOne("INSERT INTO users (email, name, role, password_hash,"
                                        " created_at, updated_at) VALUES ('t@msp.example', 't',"
                                        " 'technician', 'x', 0, 0) RETURNING id"));
    STEWARD_ASSIGN_OR_RETURN(
        storage::Row desktop_plan,
        c.QueryOne("INSERT INTO plans (name, unit, price_cents, tiers_json,"
                   " included_support_minutes, flex_minutes, discountable,"
                   " emergency_onsite_hourly_cents, covers, active, created_at, updated_at)"
                   " VALUES ('Workstation care', 'desktop', 4500, '[]', 15, 0, 0, 0, '', 1, 0, 0)"
                   " RETURNING id"));
    STEWARD_ASSIGN_OR_RETURN(storage::Row bronze,
                             c.QueryOne("SELECT id FROM plans WHERE name = 'Bronze'"));
    billing::ContractStore contracts(sc);
    const billing::Date start = date::year{2026} / 1 / 1;
    const char* kinds[] = {"remote", "phone", "after_hours", "remote"};
    for (int i = 0; i < kCustomers; ++i) {
      STEWARD_ASSIGN_OR_RETURN(storage::Row cu,
                               c.QueryOne("INSERT INTO customers (name, created_at, updated_at)"
                                          " VALUES (?, 0, 0) RETURNING id",
                                          {"Customer " + std::to_string(i)}));
      const int64_t customer = cu.Int("id");
      std::vector<int64_t> servers, desktops;
      for (int d = 0; d < kServers + kDesktops; ++d) {
        const bool server = d < kServers;
        STEWARD_ASSIGN_OR_RETURN(
            storage::Row ci,
            c.QueryOne("INSERT INTO cis (customer_id, kind, name, created_at, updated_at)"
                       " VALUES (?, ?, ?, 0, 0) RETURNING id",
                       {customer, std::string(server ? "server" : "workstation"),
                        "dev-" + std::to_string(i) + "-" + std::to_string(d)}));
        (server ? servers : desktops).push_back(ci.Int("id"));
      }
      billing::NewContract n;
      n.customer_id = customer;
      n.start_date = start;
      n.term_months = 36;
      n.payment_days = 14;
      STEWARD_ASSIGN_OR_RETURN(int64_t id, contracts.Insert(n, std::nullopt, 0));
      STEWARD_ASSIGN_OR_RETURN(billing::Contract k, contracts.Get(id));
      STEWARD_RETURN_IF_ERROR(
          contracts.AddLine(k, bronze.Int("id"), std::nullopt, start, servers, 0).status());
      STEWARD_RETURN_IF_ERROR(
          contracts.AddLine(k, desktop_plan.Int("id"), std::nullopt, start, desktops, 0).status());
      STEWARD_ASSIGN_OR_RETURN(
          storage::Row t,
          c.QueryOne("INSERT INTO tickets (customer_id, subject, description, priority,"
                     " priority_rank, status, source, assignee_id, sla_policy, created_at,"
                     " updated_at) VALUES (?, 'Support', 'x', 'normal', 2, 'open', 'phone', ?,"
                     " 'default', 0, 0) RETURNING id",
                     {customer, user.Int("id")}));
      for (int m = 1; m <= kMonthsOfTime; ++m) {
        for (int e = 0; e < kEntriesPerMonth; ++e) {
          char day[16];
          std::snprintf(day, sizeof day, "2026-%02d-%02d", m, 3 + e * 7);
          STEWARD_RETURN_IF_ERROR(
              c.Execute("INSERT INTO ticket_time_entries (ticket_id, customer_id, user_id,"
                        " work_date, minutes, work_type, billable, created_at, updated_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, 1, 0, 0)",
                        {t.Int("id"), customer, user.Int("id"), std::string(day),
                         int64_t{45 + 15 * e}, std::string(kinds[e])})
                  .status());
        }
      }
    }
    return Status::Ok();
  }
};

Fixture& Shared() {
  static Fixture f;
  return f;
}

// Runs February 2026, March 2026, … one month per iteration: each drafts
// 1,000 invoices and bills the previous month's 4,000 time entries.
void BM_BillingRun1000Customers(benchmark::State& state) {
  Fixture& f = Shared();
  CountingDatabase counted(f.db);
  billing::InvoiceService invoices(counted, f.clock, date::locate_zone("UTC"));
  const auto system = accounts::Principal::System("bench");
  static int month = 2;
  for (auto _ : state) {
    const billing::Month m{date::year{2026}, date::month{static_cast<unsigned>(month++)}};
    auto ids = invoices.Run({system, "bench"}, m);
    if (!ids.ok() || ids->size() != static_cast<size_t>(kCustomers)) {
      state.SkipWithError("the run did not draft one invoice per customer");
      return;
    }
  }
  const double runs = static_cast<double>(state.iterations());
  state.counters["invoices"] =
      benchmark::Counter(static_cast<double>(kCustomers) * runs, benchmark::Counter::kIsRate);
  // Per run, and per contract (one contract per customer).
  state.counters["statements"] = static_cast<double>(counted.statements()) / runs;
  state.counters["stmts_per_contract"] =
      static_cast<double>(counted.statements()) / runs / static_cast<double>(kCustomers);
}
BENCHMARK(BM_BillingRun1000Customers)
    ->Name("BM_BillingRun1000Customers/" + BackendName())
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3)
    ->UseRealTime();

}  // namespace
}  // namespace steward

BENCHMARK_MAIN();
