#include "server/notify/mail_delivery.h"

#include <map>

#include "core/json.h"
#include "core/log.h"
#include "server/notify/mime_message.h"
#include "server/notify/outbox.h"

namespace steward::notify {

using storage::Connection;
using storage::Row;

namespace {

constexpr std::chrono::minutes kMailClaimFor{10};

}  // namespace

std::chrono::minutes RetryDelay(int attempts) {
  static const int kMinutes[] = {1, 5, 15, 60};
  if (attempts < 1) return std::chrono::minutes(1);
  if (attempts <= 4) return std::chrono::minutes(kMinutes[attempts - 1]);
  return std::chrono::minutes(240);
}

Result<DeliveryReport> DeliverDueEmails(storage::Database& db, const Clock& clock,
                                        MailSender& sender, const std::string& from_address,
                                        int limit) {
  DeliveryReport report;
  Timestamp now = clock.Now();
  std::vector<Row> due;
  std::map<int64_t, std::vector<Attachment>> attachments;
  STEWARD_RETURN_IF_ERROR(db.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows rows,
        c.Query("SELECT id, to_address, subject, body_text, headers_json, message_id, attempts"
                " FROM outbox_emails WHERE status IN ('pending', 'sending') AND"
                " next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
                {ToMillis(now), limit}));
    for (Row& r : rows) {
      // The claim: whoever moves the row first sends it.
      STEWARD_ASSIGN_OR_RETURN(
          int64_t claimed,
          c.Execute("UPDATE outbox_emails SET status = 'sending', next_attempt_at = ? WHERE id = ?"
                    " AND status IN ('pending', 'sending') AND next_attempt_at <= ?",
                    {ToMillis(now + kMailClaimFor), r.Int("id"), ToMillis(now)}));
      if (claimed == 1) due.push_back(std::move(r));
    }
    for (const Row& r : due) {
      STEWARD_ASSIGN_OR_RETURN(attachments[r.Int("id")], LoadAttachments(c, r.Int("id")));
    }
    return Status::Ok();
  }));
  for (const Row& r : due) {
    MessageParts parts;
    parts.from = from_address;
    parts.to = r.Text("to_address");
    parts.subject = r.Text("subject");
    parts.body_text = r.Text("body_text");
    parts.message_id = r.Text("message_id");
    parts.attachments = std::move(attachments[r.Int("id")]);
    auto headers = ParseJsonStrict(r.Text("headers_json"));
    if (headers.ok() && headers->is_object()) {
      for (const auto& [k, v] : headers->items()) {
        if (v.is_string()) parts.headers[k] = v.get<std::string>();
      }
    }
    Status sent = sender.Send(from_address, parts.to, FormatMessage(parts, now));
    int attempts = static_cast<int>(r.Int("attempts")) + 1;
    Status recorded = db.Transact([&](Connection& c) -> Status {
      if (sent.ok()) {
        ++report.sent;
        return c
            .Execute(
                "UPDATE outbox_emails SET status = 'sent', attempts = ?, sent_at = ?,"
                " last_error = NULL WHERE id = ?",
                {attempts, ToMillis(clock.Now()), r.Int("id")})
            .status();
      }
      bool permanent = sent.code() == StatusCode::kInvalidArgument;
      if (permanent || attempts >= kMaxDeliveryAttempts) {
        ++report.failed;
        LogWarn("mail {} to {} failed for good: {}", r.Int("id"), parts.to, sent.message());
        return c
            .Execute(
                "UPDATE outbox_emails SET status = 'failed', attempts = ?, last_error = ?"
                " WHERE id = ?",
                {attempts, sent.message(), r.Int("id")})
            .status();
      }
      ++report.retried;
      return c
          .Execute(
              "UPDATE outbox_emails SET status = 'pending', attempts = ?, last_error = ?,"
              " next_attempt_at = ? WHERE id = ?",
              {attempts, sent.message(), ToMillis(clock.Now() + RetryDelay(attempts)), r.Int("id")})
          .status();
    });
    STEWARD_RETURN_IF_ERROR(recorded);
  }
  return report;
}

}  // namespace steward::notify
