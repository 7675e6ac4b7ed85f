// Plain request/response values exchanged between the HTTP server and the API
// layer, so nothing above net/ includes Boost.Beast (which keeps the heavy
// templates in two translation units and the rest of the build fast).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace steward::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw request target, "/api/v1/cis?q=x"
  std::string path;    // percent-decoded path without the query
  std::string query;   // raw query string without '?'
  Headers headers;
  std::string body;
  std::string remote_ip;
  bool tls = false;
  // Set by the dispatcher: the matched route pattern ("/api/v1/cis/{id}"),
  // used for metrics and the access log so their label sets stay bounded.
  std::string route;

  // Case-insensitive header lookup; nullopt if absent.
  std::optional<std::string_view> Header(std::string_view name) const;
  // Value of a cookie from the Cookie header.
  std::optional<std::string> Cookie(std::string_view name) const;
  // Decoded value of a query parameter (the first one if repeated).
  std::optional<std::string> QueryParam(std::string_view name) const;
  // Every parameter name in the query string, decoded.
  std::vector<std::string> QueryParamNames() const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  Headers headers;
  std::string body;

  void SetHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

// Percent-decodes `s` ('+' stays '+' in paths, becomes ' ' in queries when
// `plus_is_space`). nullopt for a malformed escape or a NUL byte, encoded or
// raw (a raw NUL was found by tests/fuzz).
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space);

}  // namespace steward::net
