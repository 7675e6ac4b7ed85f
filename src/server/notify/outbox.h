// The e-mail outbox. Services enqueue mail in the same transaction as the
// change that caused it (a ticket update, an alert), so a rolled-back change
// sends nothing and a committed one is never forgotten; the delivery job drains
// the outbox over SMTP with retries.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"
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
};

struct EnqueuedEmail {
  int64_t id = 0;
  std::string message_id;  // without angle brackets; matches In-Reply-To of replies
};

// Validates the address and stores the message as pending, due now.
Result<EnqueuedEmail> EnqueueEmail(storage::Connection& c, const OutboundEmail& email,
                                   Timestamp now);

}  // namespace steward::notify
