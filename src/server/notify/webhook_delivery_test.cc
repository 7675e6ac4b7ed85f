// Webhook delivery on SQLite and PostgreSQL: an address the server may not
// reach is final at once, never retried, while a receiver's 503 is retried.
#include <gtest/gtest.h>

#include "server/notify/webhooks.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::notify {
namespace {

using testing::Backend;

class ScriptedPoster : public WebhookPoster {
 public:
  explicit ScriptedPoster(WebhookResponse answer) : answer_(std::move(answer)) {}
  WebhookResponse Post(const std::string&, const std::vector<std::string>&,
                       const std::string&) override {
    ++posts;
    return answer_;
  }
  int posts = 0;

 private:
  WebhookResponse answer_;
};

class WebhookDeliveryTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = testing::NewTestDatabase(GetParam());
    ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
    ASSERT_TRUE(db_->Transact([&](storage::Connection& c) -> Status {
                     STEWARD_RETURN_IF_ERROR(
                         c.Execute("INSERT INTO webhooks (url, secret, events_json, description,"
                                   " active, created_at) VALUES (?, 's', '[\"*\"]', '', 1, 0)",
                                   {std::string("https://hooks.example.com/x")})
                             .status());
                     return EnqueueWebhookEvent(c, "alert.opened", std::nullopt, Json::object(),
                                                clock_.Now());
                   })
                    .ok());
  }

  std::string DeliveryStatus() {
    std::string out;
    EXPECT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                     STEWARD_ASSIGN_OR_RETURN(storage::Row r,
                                              c.QueryOne("SELECT status FROM webhook_deliveries"));
                     out = r.Text("status");
                     return Status::Ok();
                   })
                    .ok());
    return out;
  }

  ManualClock clock_{FromMillis(1'795'000'000'000)};
  std::unique_ptr<storage::Database> db_;
};

TEST_P(WebhookDeliveryTest, ARefusedAddressFailsAtOnce) {
  WebhookResponse refused;
  refused.refused = true;
  refused.error = "the host resolved to an internal or link-local address; refused";
  ScriptedPoster poster(refused);
  ASSERT_TRUE(DeliverDueWebhooks(*db_, clock_, poster, 10).ok());
  EXPECT_EQ(DeliveryStatus(), "failed");
  clock_.Advance(std::chrono::hours(48));
  ASSERT_TRUE(DeliverDueWebhooks(*db_, clock_, poster, 10).ok());
  EXPECT_EQ(poster.posts, 1);
}

TEST_P(WebhookDeliveryTest, AServerErrorIsRetried) {
  ScriptedPoster poster({503, "", false});
  ASSERT_TRUE(DeliverDueWebhooks(*db_, clock_, poster, 10).ok());
  EXPECT_EQ(DeliveryStatus(), "pending");
  EXPECT_EQ(poster.posts, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhookDeliveryTest,
                         ::testing::ValuesIn(testing::AvailableBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace steward::notify
