// The e-mail outbox. Services enqueue mail in the same transaction as the
// change that caused it (a ticket update, an alert), so a rolled-back change
// sends nothing and a committed one is never forgotten; the delivery job drains
// the outbox over SMTP with retries.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "server/notify/mime_message.h"
#include "storage/database.h"

namespace steward::notify {

struct OutboundEmail {
  std::optional<int64_t> customer_id;  // empty for MSP-internal mail
  std::string to_address;
  std::string subject;
  std::string body_text;
  std::map<std::string, std::string> headers;  // e.g. In-Reply-To, References
  std::string related_type;                    // e.g. "ticket", "alert"
  std::optional<int64_t> related_id;
  // Stored with the row (in the database, so every node can send it and a
  // restart loses nothing): at most 10 files of 10 MiB in all.
  std::vector<Attachment> attachments;
};

inline constexpr size_t kMaxAttachments = 10;
inline constexpr size_t kMaxAttachmentBytes = 10 * 1024 * 1024;

struct EnqueuedEmail {
  int64_t id = 0;
  std::string message_id;  // without angle brackets; matches In-Reply-To of replies
};

// Validates the address, the headers and the attachments (a file name of
// letters, digits, '.', '-' and '_'; a "type/subtype" content type) and
// stores the message as pending, due now.
Result<EnqueuedEmail> EnqueueEmail(storage::Connection& c, const OutboundEmail& email,
                                   Timestamp now);

// The attachments stored with outbox row `email_id`, in order.
Result<std::vector<Attachment>> LoadAttachments(storage::Connection& c, int64_t email_id);

// What became of the mail about one object (an invoice, a ticket), oldest
// first: for the console's "sent to … on …".
struct EmailDelivery {
  int64_t id = 0;
  std::string to_address;
  std::string subject;
  std::string status;  // pending, sending, sent, failed
  int attempts = 0;
  std::optional<std::string> last_error;
  Timestamp created_at;
  std::optional<Timestamp> sent_at;
  std::vector<std::string> attachment_names;
};
Result<std::vector<EmailDelivery>> ListDeliveries(storage::Connection& c,
                                                  const std::string& related_type,
                                                  int64_t related_id);

}  // namespace steward::notify
