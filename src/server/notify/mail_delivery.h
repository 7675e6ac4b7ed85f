// Draining the outbox (every minute from the server's job loop): each due
// row is claimed in a short transaction (so two nodes never send it both),
// sent outside any transaction, then marked sent — or put back with a
// back-off of 1, 5, 15, 60 minutes, then every 4 hours, and marked failed
// after 8 attempts or at once on a permanent (5xx) refusal. A node that dies
// mid-send leaves the claim to expire after 10 minutes and the row is sent
// again: delivery is at least once.
#pragma once

#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "server/notify/smtp_sender.h"
#include "storage/database.h"

namespace steward::notify {

inline constexpr int kMaxDeliveryAttempts = 8;

struct DeliveryReport {
  int sent = 0;
  int retried = 0;
  int failed = 0;
};

// The delay before attempt number `attempts + 1`.
std::chrono::minutes RetryDelay(int attempts);

Result<DeliveryReport> DeliverDueEmails(storage::Database& db, const Clock& clock,
                                        MailSender& sender, const std::string& from_address,
                                        int limit = 100);

}  // namespace steward::notify
