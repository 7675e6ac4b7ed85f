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

TEST_P(OutboxTest, StoresAttachmentsWithTheMessageInOrder) {
  std::string pdf("%PDF-1.5\0\x01\xff binary", 19);
  OutboundEmail e{.to_address = "ap@contoso.example",
                  .subject = "Invoice 42",
                  .body_text = "attached",
                  .related_type = "invoice",
                  .related_id = 42,
                  .attachments = {{"invoice-42.pdf", "application/pdf", pdf},
                                  {"notes.txt", "text/plain", "second"}}};
  auto queued = Enqueue(e);
  ASSERT_TRUE(queued.ok()) << queued.status().ToString();
  std::vector<Attachment> back;
  std::vector<EmailDelivery> deliveries;
  ASSERT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                   STEWARD_ASSIGN_OR_RETURN(back, LoadAttachments(c, queued->id));
                   STEWARD_ASSIGN_OR_RETURN(deliveries, ListDeliveries(c, "invoice", 42));
                   return Status::Ok();
                 })
                  .ok());
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0], e.attachments[0]);  // the binary bytes unchanged
  EXPECT_EQ(back[1].file_name, "notes.txt");
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].to_address, "ap@contoso.example");
  EXPECT_EQ(deliveries[0].status, "pending");
  EXPECT_EQ(deliveries[0].attachment_names,
            (std::vector<std::string>{"invoice-42.pdf", "notes.txt"}));
}

TEST_P(OutboxTest, RefusesBadAttachmentsAndStoresNothing) {
  auto with = [](Attachment a) {
    return OutboundEmail{.to_address = "ap@contoso.example",
                         .subject = "Invoice",
                         .body_text = "b",
                         .attachments = {std::move(a)}};
  };
  for (const Attachment& bad :
       {Attachment{"", "application/pdf", "x"}, Attachment{"../../etc/passwd", "text/plain", "x"},
        Attachment{"a\r\nBcc: x.pdf", "application/pdf", "x"},
        Attachment{".hidden", "text/plain", "x"}, Attachment{"a.pdf", "application", "x"},
        Attachment{"a.pdf", "application/pdf\r\nX: y", "x"},
        Attachment{"a.pdf", "application/pdf", std::string(kMaxAttachmentBytes + 1, 'x')}}) {
    auto r = Enqueue(with(bad));
    ASSERT_FALSE(r.ok()) << bad.file_name;
    EXPECT_EQ(r.status().field(), "attachments");
  }
  OutboundEmail many = with({"a.txt", "text/plain", "x"});
  many.attachments.resize(kMaxAttachments + 1, many.attachments[0]);
  EXPECT_FALSE(Enqueue(many).ok());
  int64_t emails = -1, files = -1;
  ASSERT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                   STEWARD_ASSIGN_OR_RETURN(storage::Row a,
                                            c.QueryOne("SELECT COUNT(*) AS n FROM outbox_emails"));
                   STEWARD_ASSIGN_OR_RETURN(
                       storage::Row b, c.QueryOne("SELECT COUNT(*) AS n FROM outbox_attachments"));
                   emails = a.Int("n");
                   files = b.Int("n");
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(emails, 0);
  EXPECT_EQ(files, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxTest, ::testing::ValuesIn(testing::AvailableBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace steward::notify
