// A small blocking HTTP/1.1 client for tests: one request per connection,
// a cookie jar for the session cookie, and the CSRF header added to writes
// once a login has returned a token. Not for production use.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/json.h"
#include "net/http_types.h"

namespace steward::testing {

struct HttpResult {
  int status = 0;
  net::Headers headers;
  std::string body;

  // The body as JSON (null if it isn't JSON).
  Json json() const;
  std::optional<std::string> Header(std::string_view name) const;
};

class HttpClient {
 public:
  explicit HttpClient(uint16_t port, std::string host = "127.0.0.1")
      : host_(std::move(host)), port_(port) {}

  HttpResult Get(const std::string& target) { return Send("GET", target, ""); }
  HttpResult Delete(const std::string& target) { return Send("DELETE", target, ""); }
  HttpResult Post(const std::string& target, const Json& body) {
    return Send("POST", target, body.dump(), "application/json");
  }
  HttpResult Patch(const std::string& target, const Json& body) {
    return Send("PATCH", target, body.dump(), "application/json");
  }
  HttpResult Put(const std::string& target, const Json& body) {
    return Send("PUT", target, body.dump(), "application/json");
  }
  // Sends exactly `body` with `content_type` (for malformed-input tests).
  HttpResult Send(const std::string& method, const std::string& target, const std::string& body,
                  const std::string& content_type = "application/json",
                  const net::Headers& extra = {});

  // POST /api/v1/auth/login; keeps the cookie and CSRF token on success.
  HttpResult Login(const std::string& email, const std::string& password,
                   const std::optional<std::string>& totp = std::nullopt);

  void set_bearer(std::string token) { bearer_ = std::move(token); }
  void set_send_csrf(bool on) { send_csrf_ = on; }
  void clear_session() {
    cookies_.clear();
    csrf_.clear();
  }
  const std::string& csrf() const { return csrf_; }
  std::map<std::string, std::string>& cookies() { return cookies_; }

 private:
  std::string host_;
  uint16_t port_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_;
  std::string bearer_;
  bool send_csrf_ = true;
};

}  // namespace steward::testing
