#include "testing/http_client.h"

#include <strings.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace steward::testing {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

Json HttpResult::json() const {
  Json j = Json::parse(body, nullptr, false);
  return j.is_discarded() ? Json(nullptr) : j;
}

std::optional<std::string> HttpResult::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  }
  return std::nullopt;
}

HttpResult HttpClient::Send(const std::string& method, const std::string& target,
                            const std::string& body, const std::string& content_type,
                            const net::Headers& extra) {
  HttpResult out;
  try {
    boost::asio::io_context io;
    tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(30));
    stream.connect(resolver.resolve(host_, std::to_string(port_)));
    http::request<http::string_body> req(http::string_to_verb(method), target, 11);
    req.set(http::field::host, host_ + ":" + std::to_string(port_));
    if (!body.empty() || method == "POST" || method == "PATCH") {
      req.set(http::field::content_type, content_type);
      req.body() = body;
    }
    if (!cookies_.empty()) {
      std::string cookie;
      for (const auto& [k, v] : cookies_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
      req.set(http::field::cookie, cookie);
    }
    if (!bearer_.empty()) req.set(http::field::authorization, "Bearer " + bearer_);
    bool safe = method == "GET" || method == "HEAD";
    if (!safe && send_csrf_ && !csrf_.empty()) req.set("X-CSRF-Token", csrf_);
    for (const auto& [k, v] : extra) req.set(k, v);
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(stream, buffer, parser);
    auto res = parser.release();
    out.status = static_cast<int>(res.result_int());
    for (const auto& f : res) {
      out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
      if (f.name() == http::field::set_cookie) {
        std::string v(f.value());
        std::string pair = v.substr(0, v.find(';'));
        size_t eq = pair.find('=');
        if (eq != std::string::npos) {
          std::string name = pair.substr(0, eq), value = pair.substr(eq + 1);
          bool expired = v.find("Max-Age=0") != std::string::npos;
          if (value.empty() || expired) {
            cookies_.erase(name);
          } else {
            cookies_[name] = value;
          }
        }
      }
    }
    out.body = std::move(res.body());
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  } catch (const std::exception& e) {
    out.status = -1;
    out.body = e.what();
  }
  return out;
}

HttpResult HttpClient::Login(const std::string& email, const std::string& password,
                             const std::optional<std::string>& totp) {
  Json body = {{"email", email}, {"password", password}};
  if (totp) body["totp"] = *totp;
  HttpResult r = Post("/api/v1/auth/login", body);
  if (r.status == 200) csrf_ = r.json().value("csrf_token", "");
  return r;
}

}  // namespace steward::testing
