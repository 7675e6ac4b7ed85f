#include "server/notify/webhooks.h"

#include <cstring>
#include <limits>

#include <arpa/inet.h>
#include <curl/curl.h>

#include "core/crypto.h"
#include "core/log.h"
#include "core/strings.h"
#include "core/time_format.h"
#include "server/audit/audit_log.h"
#include "server/notify/mail_delivery.h"

namespace steward::notify {

using storage::Connection;
using storage::Row;

namespace {

constexpr std::chrono::minutes kWebhookClaimFor{5};

bool InternalIpv4(const in_addr& a, bool& link_local) {
  uint32_t ip = ntohl(a.s_addr);
  link_local = (ip >> 16) == 0xA9FE;                                      // 169.254/16
  return (ip >> 24) == 127 || (ip >> 24) == 10 || (ip >> 20) == 0xAC1 ||  // 172.16/12
         (ip >> 16) == 0xC0A8 || ip == 0 || link_local;
}

// The same rules for an address the resolver returned, checked when curl
// opens the socket: a public DNS name that resolves (or is re-pointed) inside
// is refused at delivery time, not only when the endpoint is created.
struct SocketGuard {
  bool allow_internal = false;
  bool refused = false;
};

curl_socket_t OpenCheckedSocket(void* user, curlsocktype, curl_sockaddr* address) {
  auto* guard = static_cast<SocketGuard*>(user);
  bool link_local = false;
  bool internal = false;
  if (address->family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address->addr);
    internal = InternalIpv4(v4->sin_addr, link_local);
  } else if (address->family == AF_INET6) {
    const in6_addr& v6 = reinterpret_cast<const sockaddr_in6*>(&address->addr)->sin6_addr;
    link_local = v6.s6_addr[0] == 0xfe && (v6.s6_addr[1] & 0xc0) == 0x80;
    internal = IN6_IS_ADDR_LOOPBACK(&v6) || IN6_IS_ADDR_UNSPECIFIED(&v6) || link_local ||
               (v6.s6_addr[0] & 0xfe) == 0xfc || IN6_IS_ADDR_V4MAPPED(&v6);
  } else {
    internal = true;
  }
  if (link_local || (internal && !guard->allow_internal)) {
    guard->refused = true;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

Json EndpointJson(const Row& r) {
  return {{"id", r.Int("id")},
          {"customer_id", r.OptInt("customer_id") ? Json(*r.OptInt("customer_id")) : Json(nullptr)},
          {"url", r.Text("url")},
          {"events", ParseJsonStrict(r.Text("events_json")).value_or(Json::array())},
          {"description", r.Text("description")},
          {"active", r.Bool("active")},
          {"created_at", FormatIso8601(FromMillis(r.Int("created_at")))}};
}

}  // namespace

Status ValidateWebhookUrl(std::string_view url, bool allow_internal) {
  Status bad =
      Status::InvalidArgument("must be an http:// or https:// URL of a public host", "url");
  std::string u = AsciiLower(url);
  std::string_view rest;
  if (u.rfind("https://", 0) == 0) {
    rest = std::string_view(u).substr(8);
  } else if (u.rfind("http://", 0) == 0) {
    rest = std::string_view(u).substr(7);
  } else {
    return bad;
  }
  if (url.size() > 2000 || url.find_first_of(" \r\n\t") != std::string_view::npos) return bad;
  std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.find('@') != std::string_view::npos || host.empty()) return bad;
  std::string h(host);
  if (h.front() == '[') {
    h = h.substr(1, h.find(']') == std::string::npos ? 0 : h.find(']') - 1);
  } else if (auto colon = h.rfind(':'); colon != std::string::npos) {
    h = h.substr(0, colon);
  }
  if (h.empty()) return bad;
  in_addr v4{};
  in6_addr v6{};
  bool link_local = false;
  bool internal = false;
  // inet_aton, not inet_pton: it reads every form the resolver (and so curl)
  // accepts — 2130706433, 0x7f000001, 0177.0.0.1, 127.1 — so none of them
  // passes here as a "host name" that then connects to loopback.
  if (inet_aton(h.c_str(), &v4) != 0) {
    internal = InternalIpv4(v4, link_local);
  } else if (inet_pton(AF_INET6, h.c_str(), &v6) == 1) {
    link_local = v6.s6_addr[0] == 0xfe && (v6.s6_addr[1] & 0xc0) == 0x80;
    internal = IN6_IS_ADDR_LOOPBACK(&v6) || IN6_IS_ADDR_UNSPECIFIED(&v6) || link_local ||
               (v6.s6_addr[0] & 0xfe) == 0xfc;
    if (IN6_IS_ADDR_V4MAPPED(&v6)) {  // ::ffff:127.0.0.1 is 127.0.0.1
      in_addr mapped{};
      std::memcpy(&mapped.s_addr, &v6.s6_addr[12], 4);
      internal = InternalIpv4(mapped, link_local);
    }
  } else {
    internal = h == "localhost" || h.ends_with(".localhost") || h == "metadata.google.internal";
    link_local = h == "metadata.google.internal";
  }
  if (link_local) {
    return Status::InvalidArgument("link-local and cloud metadata addresses are refused", "url");
  }
  if (internal && !allow_internal) {
    return Status::InvalidArgument(
        "internal addresses are refused (the server's configuration "
        "can allow them)",
        "url");
  }
  return Status::Ok();
}

Status EnqueueWebhookEvent(Connection& c, std::string_view event_type,
                           std::optional<int64_t> customer_id, const Json& payload, Timestamp now) {
  STEWARD_ASSIGN_OR_RETURN(
      storage::Rows hooks,
      c.Query("SELECT id, events_json FROM webhooks WHERE active = 1 AND (customer_id IS NULL OR"
              " customer_id = ?)",
              {customer_id ? storage::Value(*customer_id) : storage::Value(int64_t{-1})}));
  std::string body = Json{
      {"event", event_type},
      {"occurred_at", FormatIso8601(now)},
      {"customer_id", customer_id ? Json(*customer_id) : Json(nullptr)},
      {"data", payload}}.dump(-1, ' ', false, Json::error_handler_t::replace);
  for (const Row& h : hooks) {
    auto events = ParseJsonStrict(h.Text("events_json")).value_or(Json::array());
    bool wanted = false;
    for (const Json& e : events) wanted |= e == event_type || e == "*";
    if (!wanted) continue;
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO webhook_deliveries (webhook_id, customer_id, event_type, payload,"
                  " status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'pending',"
                  " 0, ?, ?)",
                  {h.Int("id"), customer_id ? storage::Value(*customer_id) : storage::Value(),
                   std::string(event_type), body, ToMillis(now), ToMillis(now)})
            .status());
  }
  return Status::Ok();
}

WebhookResponse CurlWebhookPoster::Post(const std::string& url,
                                        const std::vector<std::string>& headers,
                                        const std::string& body) {
  WebhookResponse out;
  CURL* curl = curl_easy_init();
  if (!curl) {
    out.error = "libcurl could not start";
    return out;
  }
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect could point inside
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(timeout_.count()));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(
      curl, CURLOPT_WRITEFUNCTION,
      +[](char*, size_t size, size_t n, void*) -> size_t { return size * n; });
  SocketGuard guard{allow_internal_};
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, &OpenCheckedSocket);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &guard);
  CURLcode rc = curl_easy_perform(curl);
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  out.status_code = rc == CURLE_OK ? static_cast<int>(code) : 0;
  if (guard.refused) {
    out.refused = true;
    out.error = "the host resolved to an internal or link-local address; refused";
  } else if (rc != CURLE_OK) {
    out.error = std::string(curl_easy_strerror(rc)) + (error[0] ? ": " + std::string(error) : "");
  }
  return out;
}

Result<WebhookReport> DeliverDueWebhooks(storage::Database& db, const Clock& clock,
                                         WebhookPoster& poster, int limit) {
  WebhookReport report;
  Timestamp now = clock.Now();
  std::vector<Row> due;
  STEWARD_RETURN_IF_ERROR(db.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows rows,
        c.Query("SELECT d.id, d.event_type, d.payload, d.attempts, w.url, w.secret"
                " FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id"
                " WHERE d.status IN ('pending', 'sending') AND d.next_attempt_at <= ?"
                " ORDER BY d.next_attempt_at, d.id LIMIT ?",
                {ToMillis(now), limit}));
    for (Row& r : rows) {
      STEWARD_ASSIGN_OR_RETURN(
          int64_t claimed,
          c.Execute("UPDATE webhook_deliveries SET status = 'sending', next_attempt_at = ?"
                    " WHERE id = ? AND status IN ('pending', 'sending') AND next_attempt_at <= ?",
                    {ToMillis(now + kWebhookClaimFor), r.Int("id"), ToMillis(now)}));
      if (claimed == 1) due.push_back(std::move(r));
    }
    return Status::Ok();
  }));
  for (const Row& r : due) {
    std::string timestamp = std::to_string(ToMillis(clock.Now()) / 1000);
    std::string body = r.Text("payload");
    std::vector<std::string> headers = {
        "Content-Type: application/json",
        "User-Agent: Steward-Webhooks/1",
        "X-Steward-Event: " + r.Text("event_type"),
        "X-Steward-Delivery: " + std::to_string(r.Int("id")),
        "X-Steward-Timestamp: " + timestamp,
        "X-Steward-Signature: sha256=" + HmacSha256Hex(r.Text("secret"), timestamp + "." + body)};
    auto started = std::chrono::steady_clock::now();
    WebhookResponse resp = poster.Post(r.Text("url"), headers, body);
    int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count();
    int attempts = static_cast<int>(r.Int("attempts")) + 1;
    bool ok = resp.status_code >= 200 && resp.status_code < 300;
    // Retry what the receiver may fix by itself: no answer, 5xx, 429.
    bool retryable = !resp.refused &&
                     (resp.status_code == 0 || resp.status_code >= 500 || resp.status_code == 429);
    std::string error =
        ok ? "" : (resp.error.empty() ? "HTTP " + std::to_string(resp.status_code) : resp.error);
    STEWARD_RETURN_IF_ERROR(db.Transact([&](Connection& c) -> Status {
      storage::Value code = resp.status_code ? storage::Value(resp.status_code) : storage::Value();
      storage::Value err = ok ? storage::Value() : storage::Value(error);
      if (ok) {
        ++report.delivered;
        return c
            .Execute(
                "UPDATE webhook_deliveries SET status = 'delivered', attempts = ?,"
                " last_status_code = ?, last_error = NULL, last_duration_ms = ?,"
                " delivered_at = ? WHERE id = ?",
                {attempts, code, ms, ToMillis(clock.Now()), r.Int("id")})
            .status();
      }
      if (!retryable || attempts >= kMaxDeliveryAttempts) {
        ++report.failed;
        return c
            .Execute(
                "UPDATE webhook_deliveries SET status = 'failed', attempts = ?,"
                " last_status_code = ?, last_error = ?, last_duration_ms = ? WHERE id = ?",
                {attempts, code, err, ms, r.Int("id")})
            .status();
      }
      ++report.retried;
      return c
          .Execute(
              "UPDATE webhook_deliveries SET status = 'pending', attempts = ?,"
              " last_status_code = ?, last_error = ?, last_duration_ms = ?,"
              " next_attempt_at = ? WHERE id = ?",
              {attempts, code, err, ms, ToMillis(clock.Now() + RetryDelay(attempts)), r.Int("id")})
          .status();
    }));
  }
  return report;
}

Result<Json> WebhookService::Create(const accounts::Actor& actor, const Json& body) {
  ObjectReader r(body);
  std::string url = r.RequiredString("url", 1, 2000);
  auto customer_id = r.OptionalInt("customer_id", 1, std::numeric_limits<int64_t>::max());
  auto events = r.OptionalStringArray("events", 10, 40);
  std::string description = r.OptionalString("description", 200).value_or("");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  STEWARD_RETURN_IF_ERROR(ValidateWebhookUrl(url, allow_internal_));
  std::vector<std::string> list = events.value_or(std::vector<std::string>{"*"});
  if (list.empty()) return Status::InvalidArgument("name at least one event", "events");
  for (const auto& e : list) {
    bool known = false;
    for (const char* k : kWebhookEvents) known |= e == k;
    if (!known) return Status::InvalidArgument("unknown event " + e, "events");
  }
  if (actor.principal.customer_id) return Status::PermissionDenied("staff only");
  Timestamp now = clock_.Now();
  std::string secret = RandomHex(32);
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    if (customer_id) {
      STEWARD_ASSIGN_OR_RETURN(
          auto cu, c.QueryOptional("SELECT id FROM customers WHERE id = ?", {*customer_id}));
      if (!cu) return Status::NotFound("customer", std::to_string(*customer_id));
    }
    STEWARD_ASSIGN_OR_RETURN(
        Row row,
        c.QueryOne("INSERT INTO webhooks (customer_id, url, secret, events_json,"
                   " description, active, created_by, created_at) VALUES (?, ?, ?, ?, ?,"
                   " 1, ?, ?) RETURNING id",
                   {customer_id ? storage::Value(*customer_id) : storage::Value(), url, secret,
                    Json(list).dump(), description, actor.principal.user_id, ToMillis(now)}));
    int64_t id = row.Int("id");
    STEWARD_ASSIGN_OR_RETURN(Row stored, c.QueryOne("SELECT * FROM webhooks WHERE id = ?", {id}));
    out = EndpointJson(stored);
    out["secret"] = secret;
    return audit::Record(c, now, actor,
                         {"webhook.create", "webhook", std::to_string(id), customer_id,
                          Json{{"url", url}, {"events", list}}});
  }));
  return out;
}

Result<Json> WebhookService::List(const accounts::Principal& viewer) {
  Json list = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::string sql = "SELECT * FROM webhooks WHERE active = 1";
    storage::Params params;
    viewer.scope().AppendFilter(sql, params, "customer_id");
    sql += " ORDER BY id";
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
    for (const Row& r : rows) list.push_back(EndpointJson(r));
    return Status::Ok();
  }));
  return Json{{"webhooks", list}};
}

Status WebhookService::Delete(const accounts::Actor& actor, int64_t id) {
  Timestamp now = clock_.Now();
  return db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT customer_id FROM webhooks WHERE"
                                                       " id = ? AND active = 1",
                                                       {id}));
    if (!row) return Status::NotFound("webhook", std::to_string(id));
    STEWARD_RETURN_IF_ERROR(
        c.Execute("UPDATE webhooks SET active = 0 WHERE id = ?", {id}).status());
    STEWARD_RETURN_IF_ERROR(c.Execute("UPDATE webhook_deliveries SET status = 'cancelled' WHERE"
                                      " webhook_id = ? AND status IN ('pending', 'sending')",
                                      {id})
                                .status());
    return audit::Record(c, now, actor,
                         {"webhook.delete", "webhook", std::to_string(id),
                          row->OptInt("customer_id"), Json::object()});
  });
}

Result<Json> WebhookService::Deliveries(const accounts::Principal& viewer, int64_t id) {
  Json list = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::string sql = "SELECT id FROM webhooks WHERE id = ?";
    storage::Params params{id};
    viewer.scope().AppendFilter(sql, params, "customer_id");
    STEWARD_ASSIGN_OR_RETURN(auto hook, c.QueryOptional(sql, params));
    if (!hook) return Status::NotFound("webhook", std::to_string(id));
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows rows,
        c.Query("SELECT id, event_type, status, attempts, last_status_code, last_error,"
                " last_duration_ms, created_at, delivered_at FROM webhook_deliveries"
                " WHERE webhook_id = ? ORDER BY id DESC LIMIT 200",
                {id}));
    for (const Row& r : rows) {
      list.push_back(
          {{"id", r.Int("id")},
           {"event", r.Text("event_type")},
           {"status", r.Text("status")},
           {"attempts", r.Int("attempts")},
           {"last_status_code",
            r.OptInt("last_status_code") ? Json(*r.OptInt("last_status_code")) : Json(nullptr)},
           {"last_error", r.OptText("last_error") ? Json(*r.OptText("last_error")) : Json(nullptr)},
           {"last_duration_ms",
            r.OptInt("last_duration_ms") ? Json(*r.OptInt("last_duration_ms")) : Json(nullptr)},
           {"created_at", FormatIso8601(FromMillis(r.Int("created_at")))},
           {"delivered_at", r.OptInt("delivered_at")
                                ? Json(FormatIso8601(FromMillis(*r.OptInt("delivered_at"))))
                                : Json(nullptr)}});
    }
    return Status::Ok();
  }));
  return Json{{"deliveries", list}};
}

Result<std::optional<int64_t>> WebhookService::OwnerOf(int64_t id) {
  std::optional<int64_t> owner;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        auto row, c.QueryOptional("SELECT customer_id FROM webhooks WHERE id = ?", {id}));
    if (row) owner = row->OptInt("customer_id").value_or(0);
    return Status::Ok();
  }));
  return owner;
}

}  // namespace steward::notify
