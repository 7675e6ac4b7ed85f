// Webhooks end to end: an alert opened by ingest is POSTed to a real HTTP
// receiver on loopback (Steward's own HttpServer in the test) with a
// signature the receiver can verify; a 500 is retried after the back-off on
// the fake clock, a 400 is not; the delivery log shows each attempt.
#include <mutex>

#include "core/crypto.h"
#include "net/http_server.h"
#include "server_fixture.h"

namespace steward::testing {
namespace {

struct Received {
  net::HttpRequest request;
};

class Receiver {
 public:
  Receiver() {
    net::HttpServerOptions o;
    o.port = 0;
    o.worker_threads = 1;
    server_ = std::make_unique<net::HttpServer>(
        o,
        [this](net::HttpRequest& r) {
          std::lock_guard lock(mu_);
          received_.push_back(r);
          net::HttpResponse resp;
          resp.status = statuses_.empty() ? 200 : statuses_.front();
          if (!statuses_.empty()) statuses_.erase(statuses_.begin());
          resp.body = "{}";
          return resp;
        },
        [](std::string_view, std::string_view) { return size_t{1} << 20; },
        [](const net::HttpRequest&, int, double) {});
    EXPECT_TRUE(server_->Start().ok());
  }
  ~Receiver() { server_->Stop(); }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
  }
  void AnswerNext(std::vector<int> statuses) {
    std::lock_guard lock(mu_);
    statuses_ = std::move(statuses);
  }
  std::vector<net::HttpRequest> received() {
    std::lock_guard lock(mu_);
    return received_;
  }

 private:
  std::mutex mu_;
  std::vector<int> statuses_;
  std::vector<net::HttpRequest> received_;
  std::unique_ptr<net::HttpServer> server_;
};

class WebhookTest : public ServerTest {
 protected:
  void ModifyConfig(app::ServerConfig& c) override { c.webhooks_allow_internal = true; }

  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    owner_ = Owner();
    auto cu = owner_.Post("/api/v1/customers", {{"name", "Acme"}});
    customer_ = cu.json()["id"].get<int64_t>();
    auto ci = owner_.Post("/api/v1/cis",
                          {{"customer_id", customer_}, {"kind", "server"}, {"name", "web01"}});
    device_ = ci.json()["id"].get<int64_t>();
  }

  void OpenMemoryAlert() {
    Json sample = {{"device_id", device_},
                   {"metric", "memory.used_percent"},
                   {"ts", FormatIso8601(clock().Now())},
                   {"value", 97}};
    ASSERT_EQ(owner_.Post("/api/v1/ingest", {{"samples", {sample}}}).status, 202);
  }

  HttpClient owner_{0};
  int64_t customer_ = 0, device_ = 0;
};

TEST_P(WebhookTest, AlertsArePostedSignedAndRetriedOnServerErrors) {
  Receiver receiver;
  auto hook = owner_.Post(
      "/api/v1/webhooks",
      {{"url", receiver.Url("/hook")}, {"events", {"alert.opened"}}, {"customer_id", customer_}});
  ASSERT_EQ(hook.status, 201) << hook.body;
  std::string secret = hook.json()["secret"];
  int64_t hook_id = hook.json()["id"];
  EXPECT_FALSE(owner_.Get("/api/v1/webhooks").json()["webhooks"][0].contains("secret"));

  receiver.AnswerNext({500});
  OpenMemoryAlert();
  app_->RunJobsOnceForTest();
  ASSERT_EQ(receiver.received().size(), 1u);
  auto log = owner_.Get("/api/v1/webhooks/" + std::to_string(hook_id) + "/deliveries").json();
  ASSERT_EQ(log["deliveries"].size(), 1u);
  EXPECT_EQ(log["deliveries"][0]["status"], "pending");
  EXPECT_EQ(log["deliveries"][0]["last_status_code"], 500);
  app_->RunJobsOnceForTest();  // not due yet
  EXPECT_EQ(receiver.received().size(), 1u);
  Advance(std::chrono::seconds(61));
  app_->RunJobsOnceForTest();
  auto got = receiver.received();
  ASSERT_EQ(got.size(), 2u);
  const net::HttpRequest& r = got[1];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/hook");
  EXPECT_EQ(*r.Header("X-Steward-Event"), "alert.opened");
  std::string timestamp(*r.Header("X-Steward-Timestamp"));
  EXPECT_EQ(std::string(*r.Header("X-Steward-Signature")),
            "sha256=" + HmacSha256Hex(secret, timestamp + "." + r.body));
  Json body = *ParseJsonStrict(r.body);
  EXPECT_EQ(body["event"], "alert.opened");
  EXPECT_EQ(body["customer_id"], customer_);
  EXPECT_EQ(body["data"]["condition"], "memory_high");
  EXPECT_EQ(body["data"]["device_id"], device_);
  log = owner_.Get("/api/v1/webhooks/" + std::to_string(hook_id) + "/deliveries").json();
  EXPECT_EQ(log["deliveries"][0]["status"], "delivered");
  EXPECT_EQ(log["deliveries"][0]["attempts"], 2);
}

TEST_P(WebhookTest, ClientErrorsAreNotRetriedAndBadUrlsAreRefused) {
  Receiver receiver;
  auto hook = owner_.Post("/api/v1/webhooks", {{"url", receiver.Url("/gone")}});
  ASSERT_EQ(hook.status, 201) << hook.body;
  receiver.AnswerNext({404});
  OpenMemoryAlert();
  app_->RunJobsOnceForTest();
  // Past the first retry delay (1 minute): a 404 is final, so nothing is sent again.
  Advance(std::chrono::seconds(90));
  app_->RunJobsOnceForTest();
  EXPECT_EQ(receiver.received().size(), 1u);
  auto log = owner_
                 .Get("/api/v1/webhooks/" + std::to_string(hook.json()["id"].get<int64_t>()) +
                      "/deliveries")
                 .json();
  EXPECT_EQ(log["deliveries"][0]["status"], "failed");

  auto metadata = owner_.Post("/api/v1/webhooks", {{"url", "http://169.254.169.254/latest"}});
  EXPECT_EQ(metadata.status, 400);
  EXPECT_EQ(metadata.json()["error"]["field"], "url");
  EXPECT_EQ(owner_.Post("/api/v1/webhooks", {{"url", "ftp://example.com/"}}).status, 400);
  EXPECT_EQ(
      owner_.Post("/api/v1/webhooks", {{"url", receiver.Url("/x")}, {"events", {"boom"}}}).status,
      400);
  // Technicians do not manage webhooks.
  AddUser("tech@msp.example", accounts::Role::kTechnician);
  EXPECT_EQ(
      LoggedIn("tech@msp.example").Post("/api/v1/webhooks", {{"url", receiver.Url("/t")}}).status,
      403);
}

STEWARD_INSTANTIATE_SERVER_TEST(WebhookTest);

}  // namespace
}  // namespace steward::testing
