// Acknowledged samples survive a crash. A simulated agent streams batches
// over the real channel to a `steward serve` process with several batches
// in flight; the server is killed with SIGKILL mid-stream. After a restart
// every batch the server acknowledged is stored, and once the agent sends
// again what it holds unacknowledged (as the real agent's spool does),
// every batch is stored exactly once. On SQLite (the embedded store) and on
// PostgreSQL.
#include <signal.h>

#include <map>
#include <set>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/json.h"
#include "net/client.h"
#include "proto/agent_frames.h"
#include "steward_process.h"
#include "storage/database.h"
#include "stored_samples.h"
#include "testing/http_client.h"
#include "testing/subprocess.h"
#include "testing/test_database.h"

namespace steward::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const std::string kPass = "correct-horse-battery";
constexpr int kSeriesPerBatch = 30;
constexpr int kInFlight = 8;

class IngestCrashTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    InitCrypto();
    dir_ = MakeTempDir("steward-crash") + "/data";
    url_ = NewTestDatabaseUrl(GetParam());
    auto r = RunCommand(WithDatabase({StewardBinary(), "init", "--data", dir_, "--owner-email",
                                      "owner@msp.example", "--owner-password", kPass}));
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }

  std::vector<std::string> WithDatabase(std::vector<std::string> args) {
    if (GetParam() == Backend::kPostgres) {
      args.push_back("--database");
      args.push_back(url_);
    }
    return args;
  }

  uint16_t Serve() {
    server_ = std::make_unique<Subprocess>(WithDatabase(
        {StewardBinary(), "serve", "--data", dir_, "--listen", "127.0.0.1:0", "--no-backup"}));
    return ServingPort(*server_);
  }

  // One batch: a CPU sample with a time unique to `seq` (what the test
  // counts) and volume samples filling the batch out like an agent's.
  std::string Batch(int64_t seq) const {
    int64_t ts = start_ms_ + seq * 10;
    Json samples = Json::array();
    samples.push_back({{"metric", "cpu.used_percent"}, {"ts", ts}, {"value", seq % 100}});
    for (int i = 1; i < kSeriesPerBatch; ++i) {
      samples.push_back({{"metric", "volume.free_percent"},
                         {"ts", ts},
                         {"value", 50.5},
                         {"labels", {{"mount", "/v" + std::to_string(i)}}}});
    }
    return Json{{"type", "batch"}, {"seq", seq}, {"samples", samples}}.dump();
  }

  std::string dir_, url_;
  std::unique_ptr<Subprocess> server_;
  int64_t start_ms_ = ToMillis(SystemClock().Now()) - 60 * 60 * 1000;
};

TEST_P(IngestCrashTest, EveryAcknowledgedBatchSurvivesSigkill) {
  uint16_t port = Serve();
  HttpClient owner(port);
  ASSERT_EQ(owner.Login("owner@msp.example", kPass).status, 200);
  auto customer = owner.Post("/api/v1/customers", {{"name", "Crash Test Ltd"}});
  ASSERT_EQ(customer.status, 201) << customer.body;
  auto token = owner.Post("/api/v1/enrollment-tokens",
                          {{"customer_id", customer.json()["id"]}, {"auto_approve", true}});
  ASSERT_EQ(token.status, 201) << token.body;
  HttpClient anonymous(port);
  auto enrolled = anonymous.Post("/api/v1/agent/enroll", {{"token", token.json()["token"]},
                                                          {"hostname", "crash-01"},
                                                          {"machine_id", "crash-machine-01"},
                                                          {"agent_version", "test"}});
  ASSERT_EQ(enrolled.status, 201) << enrolled.body;
  int64_t device = enrolled.json()["device_id"].get<int64_t>();
  std::string credential = enrolled.json()["credential"].get<std::string>();

  auto connect = [&](uint16_t p, net::WsClient& ws) {
    auto server = net::ParseServerUrl("http://127.0.0.1:" + std::to_string(p));
    ASSERT_TRUE(server.ok());
    ASSERT_TRUE(ws.Connect(*server, {}, std::string(proto::kAgentChannelPath),
                           {{"Authorization", "Bearer " + credential}}, seconds(10))
                    .ok());
    // An agent opens with hello and the server answers welcome.
    ws.Send(R"({"type":"hello","agent_version":"crash-test"})");
    bool welcomed = false;
    for (int i = 0; i < 200 && !welcomed; ++i) {
      auto got = ws.Poll(milliseconds(50));
      ASSERT_TRUE(got.ok());
      for (const auto& text : *got) welcomed |= (*ParseJsonStrict(text))["type"] == "welcome";
    }
    ASSERT_TRUE(welcomed);
  };

  // Stream with kInFlight batches outstanding; kill the server once enough
  // were acknowledged, with batches still in flight.
  std::set<int64_t> acked;
  int64_t sent = 0;
  {
    net::WsClient ws;
    connect(port, ws);
    bool killed = false;
    // After the kill, acks already in the socket are still read (they count:
    // the server sent them); the loop ends when the connection reports it
    // is gone or stays silent.
    for (int quiet = 0; quiet < 20;) {
      while (!killed && sent - static_cast<int64_t>(acked.size()) < kInFlight) {
        ws.Send(Batch(++sent));
      }
      auto got = ws.Poll(milliseconds(50));
      if (!got.ok()) break;
      quiet = got->empty() && killed ? quiet + 1 : 0;
      for (const auto& text : *got) {
        auto frame = ParseJsonStrict(text);
        ASSERT_TRUE(frame.ok());
        ASSERT_EQ((*frame)["type"], "ack") << text;
        acked.insert((*frame)["seq"].get<int64_t>());
      }
      if (!killed && acked.size() >= 150) {
        server_->Signal(SIGKILL);
        EXPECT_EQ(server_->Wait(), -SIGKILL);
        killed = true;
      }
    }
  }
  ASSERT_GE(acked.size(), 150u);
  ASSERT_GT(sent, static_cast<int64_t>(acked.size())) << "nothing was in flight at the kill";

  // After the restart: every acknowledged batch is there, none twice.
  port = Serve();
  auto db = storage::OpenDatabase(
      GetParam() == Backend::kPostgres ? url_ : "sqlite:" + dir_ + "/steward.db");
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto stored = [&] { return StoredSampleTimes(**db, device, "cpu.used_percent"); };
  std::vector<int64_t> times = stored();
  std::set<int64_t> distinct(times.begin(), times.end());
  EXPECT_EQ(distinct.size(), times.size()) << "a batch was stored twice";
  for (int64_t seq : acked) {
    EXPECT_TRUE(distinct.count(start_ms_ + seq * 10)) << "acknowledged batch " << seq << " lost";
  }

  // The agent sends again everything it holds unacknowledged: batches the
  // server committed but whose ack died with it are acknowledged without
  // being stored again; the rest are stored now.
  {
    net::WsClient ws;
    connect(port, ws);
    std::set<int64_t> again;
    for (int64_t seq = *acked.rbegin() + 1; seq <= sent; ++seq) ws.Send(Batch(seq));
    for (int i = 0; i < 200 && static_cast<int64_t>(again.size()) < sent - *acked.rbegin(); ++i) {
      auto got = ws.Poll(milliseconds(50));
      ASSERT_TRUE(got.ok());
      for (const auto& text : *got) {
        auto frame = ParseJsonStrict(text);
        ASSERT_TRUE(frame.ok());
        EXPECT_EQ((*frame)["type"], "ack") << text;
        again.insert((*frame)["seq"].get<int64_t>());
      }
    }
    EXPECT_EQ(static_cast<int64_t>(again.size()), sent - *acked.rbegin());
  }
  times = stored();
  distinct = std::set<int64_t>(times.begin(), times.end());
  EXPECT_EQ(static_cast<int64_t>(times.size()), sent) << "exactly once: one sample per batch";
  EXPECT_EQ(distinct.size(), times.size());
  // Every series of every batch, not only the counted one.
  EXPECT_EQ(static_cast<int64_t>(StoredSampleTimes(**db, device, "volume.free_percent").size()),
            sent * (kSeriesPerBatch - 1));
}

INSTANTIATE_TEST_SUITE_P(Backends, IngestCrashTest, ::testing::ValuesIn(AvailableBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace steward::testing
