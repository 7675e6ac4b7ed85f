// Webhooks: JSON POSTs to the MSP's own systems when something happens
// (alert.opened, alert.resolved, ...). Events are queued in the caller's
// transaction, one delivery per matching endpoint; the job posts them with
// an HMAC-SHA256 signature, retries with back-off on network errors, 5xx and
// 429 (never on other 4xx), and keeps a delivery log.
//
// Receivers verify: X-Steward-Signature == "sha256=" +
// hex(HMAC-SHA256(secret, X-Steward-Timestamp + "." + body)), and reject
// timestamps older than a few minutes (replay).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "storage/database.h"

namespace steward::notify {

// http(s) only; never link-local (169.254.0.0/16, fe80::/10: cloud metadata)
// or unspecified addresses; loopback and private ranges only when allowed.
// InvalidArgument (field "url") otherwise.
Status ValidateWebhookUrl(std::string_view url, bool allow_internal);

// Queues `payload` for every active endpoint of `customer_id` (and every
// MSP-wide endpoint) subscribed to `event_type`.
Status EnqueueWebhookEvent(storage::Connection& c, std::string_view event_type,
                           std::optional<int64_t> customer_id, const Json& payload, Timestamp now);

struct WebhookResponse {
  int status_code = 0;  // 0: no HTTP answer (connection refused, timeout)
  std::string error;
  // The address it resolved to is not one Steward may reach: final, never
  // retried (it will not become allowed by waiting).
  bool refused = false;
};

class WebhookPoster {
 public:
  virtual ~WebhookPoster() = default;
  virtual WebhookResponse Post(const std::string& url, const std::vector<std::string>& headers,
                               const std::string& body) = 0;
};

class CurlWebhookPoster final : public WebhookPoster {
 public:
  // `allow_internal`: whether loopback and private addresses may be reached
  // (link-local never); checked on the resolved address of every connection.
  explicit CurlWebhookPoster(bool allow_internal,
                             std::chrono::seconds timeout = std::chrono::seconds(10))
      : allow_internal_(allow_internal), timeout_(timeout) {}
  WebhookResponse Post(const std::string& url, const std::vector<std::string>& headers,
                       const std::string& body) override;

 private:
  bool allow_internal_;
  std::chrono::seconds timeout_;
};

struct WebhookReport {
  int delivered = 0;
  int retried = 0;
  int failed = 0;
};

Result<WebhookReport> DeliverDueWebhooks(storage::Database& db, const Clock& clock,
                                         WebhookPoster& poster, int limit = 100);

inline constexpr const char* kWebhookEvents[] = {"alert.opened", "alert.resolved", "*"};

// The endpoints, for the API (owner, service manager). Writes are audited.
class WebhookService {
 public:
  WebhookService(storage::Database& db, const Clock& clock, bool allow_internal_urls)
      : db_(db), clock_(clock), allow_internal_(allow_internal_urls) {}
  // Body: url, events [..], customer_id (optional: MSP-wide), description.
  // Returns the endpoint with its "secret" (shown once).
  Result<Json> Create(const accounts::Actor& actor, const Json& body);
  Result<Json> List(const accounts::Principal& viewer);
  Status Delete(const accounts::Actor& actor, int64_t id);
  Result<Json> Deliveries(const accounts::Principal& viewer, int64_t id);
  Result<std::optional<int64_t>> OwnerOf(int64_t id);

 private:
  storage::Database& db_;
  const Clock& clock_;
  bool allow_internal_;
};

}  // namespace steward::notify
