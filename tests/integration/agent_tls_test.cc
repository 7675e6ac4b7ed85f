// The agent over TLS (issue 3 item 2): `steward init --tls-self-signed` style
// certificate, enrolment that pins it, a CA file instead of the pin, and a
// server that presents another certificate later (a man in the middle) being
// refused by the enrolled agent, which then stores nothing anywhere.
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include "net/self_signed.h"
#include "server/agentlink/agent_service.h"
#include "server/cmdb/cmdb_service.h"
#include "server_fixture.h"
#include "testing/subprocess.h"

namespace steward::testing {
namespace {

using std::chrono::seconds;

class AgentTlsTest : public ServerTest {
 protected:
  void ModifyConfig(app::ServerConfig& c) override {
    c.fake_time.reset();
    std::string dir = MakeTempDir("steward-tls");
    cert_ = dir + "/server.crt";
    auto fp =
        net::WriteSelfSignedCertificate(cert_, dir + "/server.key", {"localhost", "127.0.0.1"});
    ASSERT_TRUE(fp.ok()) << fp.status().ToString();
    fingerprint_ = *fp;
    c.tls_cert_file = cert_;
    c.tls_key_file = dir + "/server.key";
    config_ = c;
  }

  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    auto system = accounts::Principal::System("test");
    accounts::Actor actor{system, "test"};
    auto customer = app_->services().cmdb().CreateCustomer(actor, {{"name", "Acme"}});
    ASSERT_TRUE(customer.ok());
    customer_ = (*customer)["id"].get<int64_t>();
  }

  std::string Token() {
    auto system = accounts::Principal::System("test");
    accounts::Actor actor{system, "test"};
    auto t = app_->services().agents().CreateEnrollmentToken(
        actor, {{"customer_id", customer_}, {"auto_approve", true}, {"max_uses", 5}});
    EXPECT_TRUE(t.ok());
    return t.ok() ? (*t)["token"].get<std::string>() : "";
  }

  std::string Url() const { return "https://127.0.0.1:" + std::to_string(app_->port()); }

  CommandResult Enroll(const std::string& state, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {STEWARD_AGENT_PATH, "enroll",          "--server", Url(),
                                     "--token",          Token(),           "--state",  state,
                                     "--machine-id",     "tls-machine-0001"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return RunCommand(argv, seconds(60));
  }

  Json StateOf(const std::string& state) {
    std::ifstream in(state + "/agent.json");
    std::stringstream buf;
    buf << in.rdbuf();
    return ParseJsonStrict(buf.str()).value_or(Json());
  }

  int64_t Samples() {
    int64_t n = -1;
    EXPECT_TRUE(
        app_->services()
            .db()
            .Read([&](storage::Connection& c) -> Status {
              STEWARD_ASSIGN_OR_RETURN(
                  storage::Row r,
                  c.QueryOne("SELECT COALESCE(SUM(sample_count), 0) AS n FROM metric_batches"));
              n = r.Int("n");
              return Status::Ok();
            })
            .ok());
    return n;
  }

  app::ServerConfig config_;
  std::string cert_;
  std::string fingerprint_;
  int64_t customer_ = 0;
};

TEST_P(AgentTlsTest, EnrolmentPinsTheCertificateAndTheChannelIsEncrypted) {
  std::string state = MakeTempDir("agent-tls");
  auto r = Enroll(state);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(StateOf(state)["server_cert_sha256"], fingerprint_);
  Subprocess agent({STEWARD_AGENT_PATH, "run", "--state", state, "--interval", "0.2"});
  for (int i = 0; i < 100 && Samples() < 5; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_GE(Samples(), 5) << agent.output();
  agent.Signal(SIGTERM);
  EXPECT_EQ(agent.Wait(), 0);

  // With a CA file instead of a pin, the chain and the host name are checked.
  std::string with_ca = MakeTempDir("agent-tls-ca");
  auto ca = Enroll(with_ca, {"--ca", cert_});
  EXPECT_EQ(ca.exit_code, 0) << ca.output;
  EXPECT_EQ(StateOf(with_ca)["server_cert_sha256"], "");
  EXPECT_EQ(StateOf(with_ca)["ca_file"], cert_);
}

TEST_P(AgentTlsTest, AnotherCertificateLaterIsRefused) {
  std::string state = MakeTempDir("agent-tls");
  auto r = Enroll(state);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  uint16_t port = app_->port();
  // The same address now presents a different certificate.
  app_->Stop();
  app_.reset();
  std::string dir = MakeTempDir("steward-tls-mitm");
  ASSERT_TRUE(net::WriteSelfSignedCertificate(dir + "/c.crt", dir + "/c.key", {"127.0.0.1"}).ok());
  app::ServerConfig c = config_;
  c.listen_port = port;
  c.tls_cert_file = dir + "/c.crt";
  c.tls_key_file = dir + "/c.key";
  auto app = app::ServerApp::Create(c);
  ASSERT_TRUE(app.ok());
  app_ = std::move(*app);
  ASSERT_TRUE(app_->Start().ok());
  int64_t before = Samples();
  Subprocess agent({STEWARD_AGENT_PATH, "run", "--state", state, "--interval", "0.2"});
  EXPECT_TRUE(agent.WaitForOutput("TLS handshake failed", std::chrono::seconds(20)))
      << agent.output();
  EXPECT_EQ(Samples(), before);
  agent.Signal(SIGTERM);
  EXPECT_EQ(agent.Wait(), 0);

  // A CA that did not sign the server's certificate is refused at enrolment.
  std::string other = MakeTempDir("agent-tls-other");
  auto refused = Enroll(other, {"--ca", cert_});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.output.find("TLS handshake failed"), std::string::npos) << refused.output;
}

STEWARD_INSTANTIATE_SERVER_TEST(AgentTlsTest);

}  // namespace
}  // namespace steward::testing
