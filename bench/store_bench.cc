// The store's hot paths on a real SQLite database (issue 6 item 2): appending
// an agent batch (one write-ahead record, one commit), reading six hours of a
// series from records and from compressed chunks, compacting a closed window,
// reading rollups, and the technician queue over 1,000,000 tickets of 5,000
// customers.
//
// The database lives in a temporary directory created at start; the ticket
// data set is built once (about a minute) before the queue benchmarks.
#include <filesystem>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "core/clock.h"
#include "server/accounts/principal.h"
#include "server/api/ticket_json.h"
#include "server/monitoring/sample_store.h"
#include "server/servicedesk/ticket_service.h"
#include "storage/database.h"
#include "storage/migrator.h"

namespace steward {
namespace {

using storage::Connection;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kStart = 1'793'577'600'000;  // on a two-hour boundary
constexpr int kSeries = 30;                    // the fleet's metric mix per device

struct Fixture {
  std::string dir;
  ManualClock clock{FromMillis(kStart)};
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<monitoring::SampleStore> store = monitoring::MakeSqlSampleStore();
  int64_t customer = 0, device = 0, next_device_ts = kStart;

  Fixture() {
    char tmpl[] = "/tmp/steward-store-bench-XXXXXX";
    dir = mkdtemp(tmpl);
    auto opened = storage::OpenDatabase("sqlite:" + dir + "/steward.db");
    if (!opened.ok()) std::abort();
    db = std::move(*opened);
    if (!storage::Migrate(*db, clock).ok()) std::abort();
    Check(db->Transact([&](Connection& c) -> Status {
      STEWARD_ASSIGN_OR_RETURN(storage::Row cu,
                               c.QueryOne("INSERT INTO customers (name, created_at, updated_at)"
                                          " VALUES ('Bench', 0, 0) RETURNING id"));
      customer = cu.Int("id");
      STEWARD_ASSIGN_OR_RETURN(storage::Row d,
                               c.QueryOne("INSERT INTO cis (customer_id, kind, name, created_at,"
                                          " updated_at) VALUES (?, 'server', 'bench', 0, 0)"
                                          " RETURNING id",
                                          {customer}));
      device = d.Int("id");
      return Status::Ok();
    }));
  }
  ~Fixture() { std::filesystem::remove_all(dir); }

  static void Check(const Status& s) {
    if (!s.ok()) {
      std::fprintf(stderr, "bench setup: %s\n", s.ToString().c_str());
      std::abort();
    }
  }

  // One agent batch: every series once at `ts`, one-decimal percentages.
  std::vector<monitoring::Sample> Batch(int64_t ts) const {
    std::vector<monitoring::Sample> out;
    for (int s = 0; s < kSeries; ++s) {
      double v = static_cast<double>((ts / kMinute * 7 + s * 13) % 1000) / 10;
      out.push_back({device,
                     "volume.free_percent",
                     FromMillis(ts),
                     v,
                     {{"mount", "/srv/" + std::to_string(s)}}});
    }
    return out;
  }

  void Append(int64_t ts) {
    auto batch = Batch(ts);
    Check(db->Transact([&](Connection& c) { return store->Append(c, customer, device, batch); }));
  }
};

Fixture& Shared() {
  static Fixture f;
  return f;
}

void BM_AppendAgentBatch(benchmark::State& state) {
  Fixture& f = Shared();
  for (auto _ : state) {
    f.Append(f.next_device_ts);
    f.next_device_ts += kMinute;
  }
  state.SetItemsProcessed(state.iterations() * kSeries);
}
BENCHMARK(BM_AppendAgentBatch)->Unit(benchmark::kMicrosecond);

// Six hours of one series, from write-ahead records (before compaction) and
// from chunks.
void ReadSixHours(benchmark::State& state, bool compacted) {
  Fixture f;
  for (int64_t m = 0; m < 8 * 60; ++m) f.Append(kStart + m * kMinute);
  if (compacted) {
    Fixture::Check(f.db->Transact([&](Connection& c) -> Status {
      return f.store->Compact(c, kStart + 10 * 60 * kMinute, 1'000'000).status();
    }));
  }
  monitoring::SeriesQuery q{.device_id = f.device,
                            .metric = "volume.free_percent",
                            .from_ms = kStart,
                            .to_ms = kStart + 6 * 60 * kMinute,
                            .label_filter = {{"mount", "/srv/7"}}};
  size_t points = 0;
  for (auto _ : state) {
    Fixture::Check(f.db->Read([&](Connection& c) -> Status {
      STEWARD_ASSIGN_OR_RETURN(auto series, f.store->Read(c, q));
      points = series.empty() ? 0 : series[0].points.size();
      benchmark::DoNotOptimize(series);
      return Status::Ok();
    }));
  }
  if (points != 360) state.SkipWithError("wrong number of points");
  state.SetItemsProcessed(state.iterations() * 360);
}
void BM_ReadSixHoursFromRecords(benchmark::State& state) { ReadSixHours(state, false); }
void BM_ReadSixHoursFromChunks(benchmark::State& state) { ReadSixHours(state, true); }
BENCHMARK(BM_ReadSixHoursFromRecords)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReadSixHoursFromChunks)->Unit(benchmark::kMicrosecond);

// Compacting one closed two-hour window of the device (30 series × 120).
void BM_CompactWindow(benchmark::State& state) {
  Fixture f;
  int64_t window = kStart;
  for (auto _ : state) {
    state.PauseTiming();
    for (int64_t m = 0; m < 120; ++m) f.Append(window + m * kMinute);
    state.ResumeTiming();
    Fixture::Check(f.db->Transact([&](Connection& c) -> Status {
      return f.store->Compact(c, window + 3 * 60 * kMinute, 1'000'000).status();
    }));
    window += 2 * 60 * kMinute;
  }
  state.SetItemsProcessed(state.iterations() * 120 * kSeries);
}
BENCHMARK(BM_CompactWindow)->Unit(benchmark::kMillisecond)->Iterations(5);

// Seven days of 5-minute rollups of one series (what a week's chart reads),
// once compacted as a running server keeps them (the last hours would come
// from write-ahead records).
void BM_ReadWeekOfRollups(benchmark::State& state) {
  Fixture f;
  for (int64_t m = 0; m < 7 * 24 * 60; m += 5) f.Append(kStart + m * kMinute);
  Fixture::Check(f.db->Transact([&](Connection& c) -> Status {
    return f.store->Compact(c, kStart + 8 * 24 * 60 * kMinute, 10'000'000).status();
  }));
  monitoring::SeriesQuery q{.device_id = f.device,
                            .metric = "volume.free_percent",
                            .from_ms = kStart,
                            .to_ms = kStart + 7 * 24 * 60 * kMinute,
                            .resolution = monitoring::Resolution::kFiveMinutes,
                            .label_filter = {{"mount", "/srv/3"}}};
  for (auto _ : state) {
    Fixture::Check(f.db->Read([&](Connection& c) -> Status {
      STEWARD_ASSIGN_OR_RETURN(auto series, f.store->Read(c, q));
      benchmark::DoNotOptimize(series);
      return Status::Ok();
    }));
  }
  state.SetItemsProcessed(state.iterations() * 7 * 24 * 12);
}
BENCHMARK(BM_ReadWeekOfRollups)->Unit(benchmark::kMicrosecond);

// 1,000,000 tickets of 5,000 customers assigned to 50 technicians, in every
// status and priority, built with set-based SQL.
struct TicketFixture : Fixture {
  int64_t technician = 0;
  std::unique_ptr<servicedesk::TicketService> tickets;
  TicketFixture() {
    Check(db->Transact([&](Connection& c) -> Status {
      STEWARD_RETURN_IF_ERROR(
          c.Execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                    " WHERE i < 5000) INSERT INTO customers (name, created_at, updated_at)"
                    " SELECT 'Customer ' || i, 0, 0 FROM n")
              .status());
      STEWARD_RETURN_IF_ERROR(
          c.Execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                    " WHERE i < 50) INSERT INTO users (email, name, role, password_hash,"
                    " created_at, updated_at) SELECT 'tech' || i || '@msp.example',"
                    " 'Tech ' || i, 'technician', 'x', 0, 0 FROM n")
              .status());
      STEWARD_ASSIGN_OR_RETURN(storage::Row t, c.QueryOne("SELECT MIN(id) AS first FROM users"
                                                          " WHERE role = 'technician'"));
      technician = t.Int("first");
      return c
          .Execute(
              "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)"
              " INSERT INTO tickets (customer_id, subject, description, priority, priority_rank,"
              " status, source, assignee_id, sla_policy, response_due, resolution_due,"
              " first_response_at, created_at, updated_at)"
              " SELECT 1 + (i / 10) % 5000, 'Ticket ' || i, 'Something broke', CASE i % 4 WHEN 0 "
              "THEN"
              " 'critical' WHEN 1 THEN 'high' WHEN 2 THEN 'normal' ELSE 'low' END, i % 4,"
              " CASE WHEN i % 10 < 7 THEN 'closed' WHEN i % 10 = 7 THEN 'open' WHEN i % 10 = 8"
              " THEN 'new' ELSE 'hold_research' END, 'email', ? + (i / 10) % 50, 'default',"
              " ? + i * 1000, ? + i * 3000, CASE WHEN i % 3 = 0 THEN NULL ELSE ? END, ?, ?"
              " FROM n",
              {technician, kStart, kStart, kStart, kStart, kStart})
          .status();
    }));
    tickets = std::make_unique<servicedesk::TicketService>(*db, clock);
  }
};

TicketFixture& Tickets() {
  static TicketFixture f;
  return f;
}

void TicketQueue(benchmark::State& state, const servicedesk::TicketQuery& q) {
  TicketFixture& f = Tickets();
  accounts::Principal tech;
  tech.user_id = f.technician;
  tech.role = accounts::Role::kTechnician;
  tech.method = accounts::AuthMethod::kSession;
  size_t n = 0;
  for (auto _ : state) {
    // The queue as the API answers it: the typed list, then its JSON.
    auto list = f.tickets->List(tech, q);
    if (!list.ok()) {
      state.SkipWithError(list.status().ToString().c_str());
      return;
    }
    Json out = api::TicketListJson(*list);
    n = out["tickets"].size();
    benchmark::DoNotOptimize(out);
  }
  state.counters["tickets"] = static_cast<double>(n);
}
void BM_TicketQueueMine(benchmark::State& state) {
  TicketQueue(state, {.active_only = true, .assignee_id = Tickets().technician, .limit = 50});
}
void BM_TicketQueueAllOpen(benchmark::State& state) {
  TicketQueue(state, {.active_only = true, .limit = 50});
}
void BM_TicketQueueCustomer(benchmark::State& state) {
  TicketQueue(state, {.active_only = true, .customer_id = int64_t{42}, .limit = 50});
}
// The same first page as BM_TicketQueueAllOpen, ordered the way the queue
// was before migration 11 (no index matches it: every open ticket is read
// and sorted) — the "before" of that change, measured in the same run.
void BM_TicketQueueAllOpenBeforeIndexes(benchmark::State& state) {
  TicketFixture& f = Tickets();
  for (auto _ : state) {
    Fixture::Check(f.db->Read([&](Connection& c) -> Status {
      STEWARD_ASSIGN_OR_RETURN(
          storage::Rows rows,
          c.Query("SELECT id FROM tickets WHERE status <> 'closed' ORDER BY priority_rank,"
                  " (CASE WHEN first_response_at IS NULL THEN response_due ELSE resolution_due"
                  " END) IS NULL, CASE WHEN first_response_at IS NULL THEN response_due ELSE"
                  " resolution_due END, id LIMIT 50"));
      benchmark::DoNotOptimize(rows);
      return Status::Ok();
    }));
  }
}
BENCHMARK(BM_TicketQueueAllOpenBeforeIndexes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TicketQueueMine)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TicketQueueAllOpen)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TicketQueueCustomer)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace steward

BENCHMARK_MAIN();
