#include "server/notify/outbox.h"

#include <gtest/gtest.h>

#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::notify {
namespace {

using testing::Backend;

class OutboxTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = testing::NewTestDatabase(GetParam());
    ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
  }
  Result<EnqueuedEmail> Enqueue(const OutboundEmail& e) {
    Result<EnqueuedEmail> out = Status::Internal("not run");
    (void)db_->Transact([&](storage::Connection& c) -> Status {
      out = EnqueueEmail(c, e, clock_.Now());
      return out.ok() ? Status::Ok() : out.status();
    });
    return out;
  }
  ManualClock clock_{FromMillis(1'795'000'000'000)};
  std::unique_ptr<storage::Database> db_;
};

TEST_P(OutboxTest, StoresAPendingMessageDueNowWithAUniqueMessageId) {
  OutboundEmail e{.to_address = "ops@contoso.example",
                  .subject = "[T-1] Printer down",
                  .body_text = "We are on it.",
                  .headers = {{"In-Reply-To", "<abc@mail.contoso.example>"}},
                  .related_type = "ticket",
                  .related_id = 1};
  auto first = Enqueue(e);
  auto second = Enqueue(e);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(second.ok());
  EXPECT_NE(first->message_id, second->message_id);
  std::vector<storage::Row> rows;
  ASSERT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                   STEWARD_ASSIGN_OR_RETURN(rows,
                                            c.Query("SELECT status, next_attempt_at, headers_json "
                                                    "FROM outbox_emails ORDER BY id"));
                   return Status::Ok();
                 })
                  .ok());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Text("status"), "pending");
  EXPECT_EQ(rows[0].Int("next_attempt_at"), ToMillis(clock_.Now()));
  EXPECT_NE(rows[0].Text("headers_json").find("In-Reply-To"), std::string::npos);
}

TEST_P(OutboxTest, RefusesBadAddressesAndHeaderInjection) {
  OutboundEmail e{.to_address = "not-an-address", .subject = "s", .body_text = "b"};
  auto r = Enqueue(e);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "to_address");
  e.to_address = "a@b.example";
  e.subject = "hi\r\nBcc: everyone@example.com";
  r = Enqueue(e);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "subject");
  e.subject = "ok";
  e.headers = {{"X-Test", "v\nBcc: x@example.com"}};
  EXPECT_FALSE(Enqueue(e).ok());
  int64_t count = -1;
  ASSERT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                   STEWARD_ASSIGN_OR_RETURN(storage::Row row,
                                            c.QueryOne("SELECT COUNT(*) AS n FROM outbox_emails"));
                   count = row.Int("n");
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(count, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxTest, ::testing::ValuesIn(testing::AvailableBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace steward::notify
