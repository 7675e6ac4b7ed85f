// The outbox delivered to a real SMTP server on loopback (aiosmtpd from
// Debian's python3-aiosmtpd, tests/tools/smtp_sink.py), on both backends:
// content and encoding as received, AUTH, retries with back-off on the fake
// clock while the server is down, never twice, and the server's job loop
// sending mail when `--smtp-url` is configured.
#include "server/notify/mail_delivery.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/notify/outbox.h"
#include "server_fixture.h"
#include "smtp_sink.h"
#include "testing/subprocess.h"

namespace steward::testing {
namespace {

using std::chrono::minutes;

class MailDeliveryTest : public ServerTest {
 protected:
  int64_t Enqueue(const std::string& to, const std::string& subject, const std::string& body) {
    int64_t id = 0;
    EXPECT_TRUE(app_->services()
                    .db()
                    .Transact([&](storage::Connection& c) -> steward::Status {
                      notify::OutboundEmail e;
                      e.to_address = to;
                      e.subject = subject;
                      e.body_text = body;
                      e.related_type = "alert";
                      STEWARD_ASSIGN_OR_RETURN(auto q, notify::EnqueueEmail(c, e, clock().Now()));
                      id = q.id;
                      return Status::Ok();
                    })
                    .ok());
    return id;
  }

  std::string OutboxStatus(int64_t id) {
    std::string s;
    EXPECT_TRUE(app_->services()
                    .db()
                    .Read([&](storage::Connection& c) -> steward::Status {
                      STEWARD_ASSIGN_OR_RETURN(
                          storage::Row r,
                          c.QueryOne("SELECT status FROM outbox_emails WHERE id = ?", {id}));
                      s = r.Text("status");
                      return steward::Status::Ok();
                    })
                    .ok());
    return s;
  }

  Result<notify::DeliveryReport> Deliver(notify::MailSender& sender) {
    return notify::DeliverDueEmails(app_->services().db(), clock(), sender, "steward@msp.example");
  }
};

TEST_P(MailDeliveryTest, DeliversWithTheRightHeadersAndEncoding) {
  SmtpSink sink;
  notify::CurlSmtpSender sender({.url = sink.Url()});
  int64_t id =
      Enqueue("oncall@msp.example", "Störung: cpu_high on HVL-HV01", "CPU über 90 %\nline 2");
  auto report = Deliver(sender);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->sent, 1);
  EXPECT_EQ(OutboxStatus(id), "sent");
  auto messages = sink.Messages();
  ASSERT_EQ(messages.size(), 1u);
  const std::string& m = messages[0];
  EXPECT_NE(m.find("X-Envelope-To: oncall@msp.example"), std::string::npos) << m;
  EXPECT_NE(m.find("From: steward@msp.example"), std::string::npos);
  EXPECT_NE(m.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(m.find("Message-ID: <steward."), std::string::npos);
  EXPECT_NE(m.find("CPU =C3=BCber 90 %"), std::string::npos);
  // Nothing is due any more: a second run sends nothing.
  auto again = Deliver(sender);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->sent, 0);
  EXPECT_EQ(sink.Messages().size(), 1u);
}

TEST_P(MailDeliveryTest, RetriesWithBackOffWhileTheServerIsDownAndSendsOnce) {
  auto sink = std::make_unique<SmtpSink>();
  std::string url = sink->Url();
  sink->Stop();
  notify::CurlSmtpSender sender({.url = url, .timeout = std::chrono::seconds(5)});
  int64_t id = Enqueue("oncall@msp.example", "backup failed", "no backup for 30 hours");
  auto first = Deliver(sender);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->retried, 1);
  EXPECT_EQ(OutboxStatus(id), "pending");
  // Not due again before its back-off.
  auto early = Deliver(sender);
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->retried + early->sent, 0);
  Advance(std::chrono::seconds(61));
  EXPECT_EQ(Deliver(sender)->retried, 1);  // attempt 2 fails too; next in 5 minutes
  EXPECT_EQ(notify::RetryDelay(2), minutes(5));
  Advance(std::chrono::seconds(301));
  // The server is back (same port is not guaranteed: send to a new sink).
  SmtpSink back;
  notify::CurlSmtpSender sender2({.url = back.Url()});
  auto done = Deliver(sender2);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->sent, 1);
  EXPECT_EQ(OutboxStatus(id), "sent");
  EXPECT_EQ(back.Messages().size(), 1u);
}

TEST_P(MailDeliveryTest, AuthIsUsedAndAWrongPasswordIsRetriedNotLost) {
  SmtpSink sink("steward:s3cret");
  notify::CurlSmtpSender wrong({.url = sink.Url(), .username = "steward", .password = "nope"});
  int64_t id = Enqueue("oncall@msp.example", "auth", "body");
  EXPECT_EQ(Deliver(wrong)->retried, 1);
  EXPECT_EQ(sink.Messages().size(), 0u);
  Advance(std::chrono::seconds(61));
  notify::CurlSmtpSender right({.url = sink.Url(), .username = "steward", .password = "s3cret"});
  EXPECT_EQ(Deliver(right)->sent, 1);
  EXPECT_EQ(OutboxStatus(id), "sent");
  EXPECT_EQ(sink.Messages().size(), 1u);
}

// The server's own job loop delivers when SMTP is configured.
class ServedMailTest : public MailDeliveryTest {
 protected:
  void ModifyConfig(app::ServerConfig& c) override {
    sink_ = std::make_unique<SmtpSink>();
    c.smtp.url = sink_->Url();
    c.smtp_from = "steward@msp.example";
  }
  void TearDown() override {
    MailDeliveryTest::TearDown();
    sink_.reset();
  }
  std::unique_ptr<SmtpSink> sink_;
};

TEST_P(ServedMailTest, TheJobLoopSendsQueuedMail) {
  int64_t id = Enqueue("oncall@msp.example", "from the job", "body");
  app_->RunJobsOnceForTest();
  EXPECT_EQ(OutboxStatus(id), "sent");
  ASSERT_EQ(sink_->Messages().size(), 1u);
  EXPECT_NE(sink_->Messages()[0].find("Subject: from the job"), std::string::npos);
}

STEWARD_INSTANTIATE_SERVER_TEST(MailDeliveryTest);
STEWARD_INSTANTIATE_SERVER_TEST(ServedMailTest);

}  // namespace
}  // namespace steward::testing
