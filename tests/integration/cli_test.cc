// The `steward` binary as an operator uses it: init, users, tokens, backup
// while serving, restore, bad arguments, and a kill -9 in the middle of
// writes that must leave a consistent database with every acknowledged write.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "core/crypto.h"
#include "steward_process.h"
#include "storage/sqlite/sqlite_database.h"
#include "testing/http_client.h"
#include "testing/subprocess.h"
#include "testing/test_database.h"

namespace steward::testing {
namespace {

const std::string kPass = "correct-horse-battery";

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    dir_ = MakeTempDir("steward-cli") + "/data";
  }
  CommandResult Steward(std::vector<std::string> args) {
    args.insert(args.begin(), StewardBinary());
    return RunCommand(args);
  }
  void Init(bool demo = false) {
    std::vector<std::string> args = {
        "init", "--data", dir_, "--owner-email", "owner@msp.example", "--owner-password", kPass};
    if (demo) args.push_back("--demo");
    auto r = Steward(args);
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  // Starts `steward serve` on a free port and returns it.
  uint16_t Serve(std::unique_ptr<Subprocess>& server) {
    server = std::make_unique<Subprocess>(std::vector<std::string>{
        StewardBinary(), "serve", "--data", dir_, "--listen", "127.0.0.1:0", "--no-backup"});
    return ServingPort(*server);
  }
  std::string dir_;
};

TEST_F(CliTest, BadArgumentsGiveAMessageAndNonZeroExit) {
  auto none = Steward({});
  EXPECT_NE(none.exit_code, 0);
  EXPECT_NE(none.output.find("subcommand"), std::string::npos) << none.output;
  auto missing = Steward({"init", "--data", dir_});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.output.find("--owner-email"), std::string::npos) << missing.output;
  auto weak = Steward(
      {"init", "--data", dir_, "--owner-email", "o@x.example", "--owner-password", "short"});
  EXPECT_EQ(weak.exit_code, 1);
  EXPECT_NE(weak.output.find("at least 10"), std::string::npos) << weak.output;
  auto listen = Steward({"serve", "--data", dir_, "--listen", "nonsense"});
  EXPECT_EQ(listen.exit_code, 1);
  EXPECT_NE(listen.output.find("HOST:PORT"), std::string::npos) << listen.output;
  auto fake = Steward({"serve", "--data", dir_, "--fake-time", "soon"});
  EXPECT_EQ(fake.exit_code, 1);
  auto role = Steward({"user", "add", "--data", dir_, "--email", "a@b.example", "--password", kPass,
                       "--role", "wizard"});
  EXPECT_NE(role.exit_code, 0);
}

TEST_F(CliTest, InitWithDemoDataThenUsersAndTokens) {
  Init(/*demo=*/true);
  auto again = Steward(
      {"init", "--data", dir_, "--owner-email", "x@msp.example", "--owner-password", kPass});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.output.find("already initialised"), std::string::npos);

  auto add = Steward({"user", "add", "--data", dir_, "--email", "new.tech@msp.example",
                      "--password", kPass, "--role", "technician", "--name", "New Tech"});
  ASSERT_EQ(add.exit_code, 0) << add.output;
  auto list = Steward({"user", "list", "--data", dir_});
  ASSERT_EQ(list.exit_code, 0);
  EXPECT_NE(list.output.find("new.tech@msp.example\ttechnician"), std::string::npos);
  EXPECT_NE(list.output.find("service_manager"), std::string::npos);  // demo staff
  EXPECT_NE(list.output.find("\tportal"), std::string::npos);         // demo portal users
  {
    // Demo monitoring: history for the devices, alerts open and resolved,
    // and a webhook's delivery log.
    auto db = storage::OpenDatabase("sqlite:" + dir_ + "/steward.db");
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    std::map<std::string, int64_t> counts;
    ASSERT_TRUE((*db)
                    ->Read([&](storage::Connection& c) -> Status {
                      for (const char* sql :
                           {"SELECT COUNT(*) AS n FROM metric_batches",
                            "SELECT COUNT(*) AS n FROM metric_chunks",
                            "SELECT COUNT(*) AS n FROM metric_rollups",
                            "SELECT COUNT(*) AS n FROM alerts WHERE status = 'open'",
                            "SELECT COUNT(*) AS n FROM alerts WHERE status = 'resolved'",
                            "SELECT COUNT(*) AS n FROM webhook_deliveries"}) {
                        STEWARD_ASSIGN_OR_RETURN(storage::Row r, c.QueryOne(sql));
                        counts[sql] = r.Int("n");
                      }
                      return Status::Ok();
                    })
                    .ok());
    for (const auto& [sql, n] : counts) EXPECT_GE(n, 3) << sql;
  }

  auto token = Steward(
      {"token", "create", "--data", dir_, "--email", "new.tech@msp.example", "--name", "script"});
  ASSERT_EQ(token.exit_code, 0) << token.output;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(token.output, m, std::regex("(stw_[0-9a-f]{64})")));
  std::string secret = m[1];

  std::unique_ptr<Subprocess> server;
  uint16_t port = Serve(server);
  HttpClient api(port);
  api.set_bearer(secret);
  EXPECT_EQ(api.Get("/api/v1/auth/me").status, 200);
  EXPECT_EQ(api.Get("/api/v1/auth/me").json()["user"]["email"], "new.tech@msp.example");

  auto revoke = Steward({"token", "revoke", "--data", dir_, "--prefix", secret.substr(0, 12)});
  EXPECT_EQ(revoke.exit_code, 0) << revoke.output;
  EXPECT_EQ(api.Get("/api/v1/auth/me").status, 401);

  auto disable = Steward({"user", "disable", "--data", dir_, "--email", "new.tech@msp.example"});
  EXPECT_EQ(disable.exit_code, 0);
  HttpClient login(port);
  EXPECT_EQ(login.Login("new.tech@msp.example", kPass).status, 401);
  auto reset = Steward({"user", "reset-password", "--data", dir_, "--email", "owner@msp.example",
                        "--password", "another-long-password"});
  EXPECT_EQ(reset.exit_code, 0);
  EXPECT_EQ(login.Login("owner@msp.example", "another-long-password").status, 200);
  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(), 0);
}

TEST_F(CliTest, BackupWhileServingAndRestore) {
  Init();
  std::unique_ptr<Subprocess> server;
  uint16_t port = Serve(server);
  HttpClient owner(port);
  ASSERT_EQ(owner.Login("owner@msp.example", kPass).status, 200);
  ASSERT_EQ(owner.Post("/api/v1/tokens", {{"name", "before-backup"}}).status, 201);

  std::string backup = dir_ + "/../snapshot.db";
  auto b = Steward({"backup", "--data", dir_, "--to", backup});
  ASSERT_EQ(b.exit_code, 0) << b.output;
  EXPECT_TRUE(storage::CheckSqliteFile(backup).ok());
  ASSERT_EQ(owner.Post("/api/v1/tokens", {{"name", "after-backup"}}).status, 201);
  server->Signal(SIGTERM);
  ASSERT_EQ(server->Wait(), 0);

  auto bad = Steward({"restore", "--data", dir_, "--from", dir_ + "/../missing.db"});
  EXPECT_EQ(bad.exit_code, 1);
  auto r = Steward({"restore", "--data", dir_, "--from", backup});
  ASSERT_EQ(r.exit_code, 0) << r.output;

  port = Serve(server);
  HttpClient again(port);
  ASSERT_EQ(again.Login("owner@msp.example", kPass).status, 200);
  std::string tokens = again.Get("/api/v1/tokens").body;
  EXPECT_NE(tokens.find("before-backup"), std::string::npos);
  EXPECT_EQ(tokens.find("after-backup"), std::string::npos);
}

TEST_F(CliTest, KillDashNineDuringWritesLeavesAConsistentDatabase) {
  Init();
  std::unique_ptr<Subprocess> server;
  uint16_t port = Serve(server);
  HttpClient owner(port);
  ASSERT_EQ(owner.Login("owner@msp.example", kPass).status, 200);

  // Two writers create tokens as fast as they can; every 201 is an
  // acknowledgement that must survive the crash.
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::vector<std::string> acknowledged;
  auto writer = [&](int w) {
    HttpClient c(port);
    c.Login("owner@msp.example", kPass);
    for (int i = 0; !stop && i < 200; ++i) {
      std::string name = "w" + std::to_string(w) + "-" + std::to_string(i);
      auto r = c.Post("/api/v1/tokens", {{"name", name}});
      if (r.status == 201) {
        std::lock_guard lock(mu);
        acknowledged.push_back(name);
      }
      if (r.status < 0) return;  // server gone
    }
  };
  std::thread a(writer, 1), b(writer, 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  server->Signal(SIGKILL);
  EXPECT_EQ(server->Wait(), -SIGKILL);
  stop = true;
  a.join();
  b.join();
  ASSERT_GT(acknowledged.size(), 5u) << "too few writes before the kill to mean anything";

  EXPECT_TRUE(storage::CheckSqliteFile(dir_ + "/steward.db").ok());
  port = Serve(server);
  HttpClient after(port);
  ASSERT_EQ(after.Login("owner@msp.example", kPass).status, 200);
  Json tokens = after.Get("/api/v1/tokens").json()["tokens"];
  std::set<std::string> stored;
  for (const auto& t : tokens) stored.insert(t["name"].get<std::string>());
  for (const auto& name : acknowledged) EXPECT_TRUE(stored.count(name)) << name << " was lost";
  // Every token has its audit record: no half-written request.
  Json audit = after.Get("/api/v1/audit?action=token.create&limit=500").json()["events"];
  EXPECT_EQ(audit.size(), tokens.size());
  EXPECT_EQ(after.Get("/api/v1/audit/verify").json()["intact"], true);
}

// User + system CPU seconds of a process so far, from /proc/PID/stat.
double CpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) utime = std::stoll(field);
    if (i == 15) stime = std::stoll(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// More clients than the server may open files for: it stops accepting at
// its connection limit (below the file limit, so the database and its own
// files stay openable) instead of spinning on failed accepts or flooding
// its log, and serves again once clients leave.
TEST_F(CliTest, RunningOutOfFileDescriptorsNeitherSpinsNorStopsTheServer) {
  Init();
  // `ulimit -n` in sh sets the hard limit too, so serve cannot lift it.
  auto server = std::make_unique<Subprocess>(std::vector<std::string>{
      "/bin/sh", "-c",
      "ulimit -n 96 && exec \"$0\" serve --data \"$1\" --listen 127.0.0.1:0 --no-backup",
      StewardBinary(), dir_});
  uint16_t port = ServingPort(*server);
  ASSERT_NE(port, 0);

  std::vector<int> clients;
  for (int i = 0; i < 150; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0) << i;
    clients.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_TRUE(server->WaitForOutput("the limit: new clients wait", std::chrono::seconds(10)))
      << "the server never reached its limit: the test proves nothing\n"
      << server->output();
  double cpu_before = CpuSeconds(server->pid());
  std::this_thread::sleep_for(std::chrono::seconds(2));
  double cpu = CpuSeconds(server->pid()) - cpu_before;
  EXPECT_LT(cpu, 0.5) << "the accept loop spins";
  std::string log = server->output();
  size_t lines = 0;
  for (size_t at = 0; (at = log.find("[warning]", at)) != std::string::npos; ++at) ++lines;
  EXPECT_LT(lines, 20u) << "the log is flooded:\n" << log.substr(0, 3000);

  for (int fd : clients) close(fd);
  bool healthy = false;
  for (int i = 0; i < 100 && !healthy; ++i) {
    HttpClient probe(port);
    healthy = probe.Get("/healthz").status == 200;
    if (!healthy) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(healthy) << "the server does not serve again";
  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(), 0) << server->output().substr(0, 2000);
}

}  // namespace
}  // namespace steward::testing
