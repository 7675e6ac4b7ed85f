#include "net/client.h"

#include <deque>
#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "core/json.h"

namespace steward::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

Result<ServerUrl> ParseServerUrl(std::string_view url) {
  ServerUrl out;
  std::string_view rest;
  if (url.rfind("https://", 0) == 0) {
    out.tls = true;
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    return Status::InvalidArgument("the server URL must start with https:// or http://", "server");
  }
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.empty() || rest.find('/') != std::string_view::npos ||
      rest.find('@') != std::string_view::npos) {
    return Status::InvalidArgument("the server URL is scheme://host[:port]", "server");
  }
  size_t colon = rest.rfind(':');
  bool bracketed = rest.front() == '[';
  if (colon != std::string_view::npos && (!bracketed || rest[colon - 1] == ']')) {
    std::string port(rest.substr(colon + 1));
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) == 0 ||
        std::stoi(port) > 65535) {
      return Status::InvalidArgument("bad port in the server URL", "server");
    }
    out.port = static_cast<uint16_t>(std::stoi(port));
    rest = rest.substr(0, colon);
  } else {
    out.port = out.tls ? 443 : 80;
  }
  if (bracketed) {
    if (rest.size() < 3 || rest.back() != ']') {
      return Status::InvalidArgument("bad IPv6 host in the server URL", "server");
    }
    rest = rest.substr(1, rest.size() - 2);
  }
  if (rest.empty()) return Status::InvalidArgument("the server URL has no host", "server");
  out.host = std::string(rest);
  return out;
}

namespace {

std::string CertSha256(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!cert || X509_digest(cert, EVP_sha256(), md, &len) != 1) return "";
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 15]);
  }
  return out;
}

std::string PeerSha256(SSL* ssl) {
  X509* cert = SSL_get1_peer_certificate(ssl);
  std::string out = CertSha256(cert);
  if (cert) X509_free(cert);
  return out;
}

Status ConfigureTls(ssl::context& ctx, const TlsTrust& trust) {
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  if (!trust.ca_file.empty()) {
    beast::error_code ec;
    ctx.load_verify_file(trust.ca_file, ec);
    if (ec) return Status::InvalidArgument("CA file " + trust.ca_file + ": " + ec.message(), "ca");
  }
  return Status::Ok();
}

// Sets how the server certificate is checked on `stream`.
template <class SslStream>
Status PrepareTls(SslStream& stream, const ServerUrl& server, const TlsTrust& trust) {
  if (!SSL_set_tlsext_host_name(stream.native_handle(), server.host.c_str())) {
    return Status::Internal("cannot set TLS server name");
  }
  beast::error_code ec;
  if (!trust.ca_file.empty()) {
    stream.set_verify_mode(ssl::verify_peer, ec);
    stream.set_verify_callback(ssl::host_name_verification(server.host), ec);
  } else if (!trust.pinned_sha256.empty()) {
    std::string pin = trust.pinned_sha256;
    stream.set_verify_mode(ssl::verify_peer, ec);
    stream.set_verify_callback(
        [pin](bool, ssl::verify_context& ctx) {
          X509_STORE_CTX* store = ctx.native_handle();
          if (X509_STORE_CTX_get_error_depth(store) > 0) return true;  // only the leaf counts
          return CertSha256(X509_STORE_CTX_get_current_cert(store)) == pin;
        },
        ec);
  } else if (trust.trust_on_first_use) {
    stream.set_verify_mode(ssl::verify_none, ec);
  } else {
    return Status::InvalidArgument("no way to trust the server: give a CA file or a pin");
  }
  return ec ? Status::Internal("TLS setup: " + ec.message()) : Status::Ok();
}

// Runs `io` until `done` or the deadline; on timeout closes `socket` so the
// pending operations finish (aborted) and the io_context is clean again.
Status RunUntil(asio::io_context& io, const bool& done, Clock::time_point deadline,
                tcp::socket& socket) {
  io.restart();
  while (!done && Clock::now() < deadline) {
    if (io.run_one_until(deadline) == 0 && io.stopped()) io.restart();
  }
  if (done) return Status::Ok();
  beast::error_code ec;
  socket.close(ec);
  io.restart();
  io.run_for(std::chrono::seconds(2));
  return Status::Unavailable("timed out");
}

Status Resolve(asio::io_context& io, const ServerUrl& server, tcp::resolver::results_type& out) {
  tcp::resolver resolver(io);
  beast::error_code ec;
  out = resolver.resolve(server.host, std::to_string(server.port), ec);
  if (ec) return Status::Unavailable("cannot resolve " + server.host + ": " + ec.message());
  return Status::Ok();
}

Status ConnectTcp(asio::io_context& io, tcp::socket& socket, const ServerUrl& server,
                  Clock::time_point deadline) {
  tcp::resolver::results_type endpoints;
  STEWARD_RETURN_IF_ERROR(Resolve(io, server, endpoints));
  bool done = false;
  beast::error_code result;
  asio::async_connect(socket, endpoints, [&](beast::error_code ec, const tcp::endpoint&) {
    result = ec;
    done = true;
  });
  STEWARD_RETURN_IF_ERROR(RunUntil(io, done, deadline, socket));
  if (result) {
    return Status::Unavailable("cannot connect to " + server.host + ":" +
                               std::to_string(server.port) + ": " + result.message());
  }
  return Status::Ok();
}

template <class SslStream>
Status Handshake(asio::io_context& io, SslStream& stream, Clock::time_point deadline,
                 std::string& fingerprint) {
  bool done = false;
  beast::error_code result;
  stream.async_handshake(ssl::stream_base::client, [&](beast::error_code ec) {
    result = ec;
    done = true;
  });
  STEWARD_RETURN_IF_ERROR(RunUntil(io, done, deadline, beast::get_lowest_layer(stream).socket()));
  if (result) {
    return Status::Unauthenticated("TLS handshake failed (certificate not trusted?): " +
                                   result.message());
  }
  fingerprint = PeerSha256(stream.native_handle());
  return Status::Ok();
}

std::string ErrorMessageOf(const std::string& body) {
  auto j = ParseJsonStrict(body);
  if (j.ok() && j->is_object() && j->contains("error") && (*j)["error"].is_object() &&
      (*j)["error"].value("message", Json()).is_string()) {
    return (*j)["error"]["message"].get<std::string>();
  }
  return body.substr(0, 200);
}

template <class Stream>
Result<ClientResponse> Exchange(asio::io_context& io, Stream& stream, tcp::socket& socket,
                                const ServerUrl& server, const std::string& method,
                                const std::string& target, const std::string& body,
                                const Headers& headers, Clock::time_point deadline) {
  http::request<http::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(http::field::host, server.host);
  req.set(http::field::user_agent, "steward-agent");
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  bool done = false;
  beast::error_code result;
  http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
    result = ec;
    done = true;
  });
  STEWARD_RETURN_IF_ERROR(RunUntil(io, done, deadline, socket));
  if (result) return Status::Unavailable("sending the request: " + result.message());
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(8 * 1024 * 1024);
  done = false;
  http::async_read(stream, buffer, parser, [&](beast::error_code ec, std::size_t) {
    result = ec;
    done = true;
  });
  STEWARD_RETURN_IF_ERROR(RunUntil(io, done, deadline, socket));
  if (result) return Status::Unavailable("reading the response: " + result.message());
  ClientResponse out;
  out.status = static_cast<int>(parser.get().result_int());
  out.body = parser.get().body();
  return out;
}

}  // namespace

Result<ClientResponse> SendHttpRequest(const ServerUrl& server, const TlsTrust& trust,
                                       const std::string& method, const std::string& target,
                                       const std::string& body, const Headers& headers,
                                       std::chrono::milliseconds timeout) {
  asio::io_context io;
  auto deadline = Clock::now() + timeout;
  if (!server.tls) {
    beast::tcp_stream stream(io);
    STEWARD_RETURN_IF_ERROR(ConnectTcp(io, stream.socket(), server, deadline));
    return Exchange(io, stream, stream.socket(), server, method, target, body, headers, deadline);
  }
  ssl::context ctx(ssl::context::tls_client);
  STEWARD_RETURN_IF_ERROR(ConfigureTls(ctx, trust));
  beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
  STEWARD_RETURN_IF_ERROR(PrepareTls(stream, server, trust));
  tcp::socket& socket = beast::get_lowest_layer(stream).socket();
  STEWARD_RETURN_IF_ERROR(ConnectTcp(io, socket, server, deadline));
  std::string fingerprint;
  STEWARD_RETURN_IF_ERROR(Handshake(io, stream, deadline, fingerprint));
  STEWARD_ASSIGN_OR_RETURN(ClientResponse out, Exchange(io, stream, socket, server, method, target,
                                                        body, headers, deadline));
  out.server_cert_sha256 = fingerprint;
  return out;
}

// --- WebSocket ---------------------------------------------------------------

class WsClient::Impl {
 public:
  virtual ~Impl() = default;
  virtual Status Connect(const ServerUrl& server, const TlsTrust& trust, const std::string& target,
                         const Headers& headers, Clock::time_point deadline) = 0;
  virtual void Send(std::string text) = 0;
  virtual Result<std::vector<std::string>> Poll(std::chrono::milliseconds wait) = 0;
  virtual size_t pending_writes() const = 0;
  virtual void Close() = 0;
  virtual bool connected() const = 0;
};

namespace {

template <class NextLayer>
class WsImpl final : public WsClient::Impl {
 public:
  template <class... Args>
  explicit WsImpl(asio::io_context& io, Args&&... args)
      : io_(io), ws_(io, std::forward<Args>(args)...) {}

  Status Connect(const ServerUrl& server, const TlsTrust& trust, const std::string& target,
                 const Headers& headers, Clock::time_point deadline) override {
    tcp::socket& socket = beast::get_lowest_layer(ws_).socket();
    if constexpr (std::is_same_v<NextLayer, beast::ssl_stream<beast::tcp_stream>>) {
      STEWARD_RETURN_IF_ERROR(PrepareTls(ws_.next_layer(), server, trust));
      STEWARD_RETURN_IF_ERROR(ConnectTcp(io_, socket, server, deadline));
      std::string fingerprint;
      STEWARD_RETURN_IF_ERROR(Handshake(io_, ws_.next_layer(), deadline, fingerprint));
    } else {
      (void)trust;
      STEWARD_RETURN_IF_ERROR(ConnectTcp(io_, socket, server, deadline));
    }
    ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
      req.set(http::field::user_agent, "steward-agent");
      for (const auto& [k, v] : headers) req.set(k, v);
    }));
    ws_.read_message_max(8 * 1024 * 1024);
    websocket::response_type response;
    bool done = false;
    beast::error_code result;
    std::string host = server.host + ":" + std::to_string(server.port);
    ws_.async_handshake(response, host, target, [&](beast::error_code ec) {
      result = ec;
      done = true;
    });
    STEWARD_RETURN_IF_ERROR(RunUntil(io_, done, deadline, socket));
    if (result) {
      int status = static_cast<int>(response.result_int());
      std::string why = ErrorMessageOf(response.body());
      if (status == 401 || status == 403) {
        return Status::Unauthenticated("server refused the agent: " + why);
      }
      return Status::Unavailable("WebSocket handshake: " + result.message() +
                                 (status ? " (HTTP " + std::to_string(status) + ")" : ""));
    }
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = std::chrono::seconds(30);
    timeouts.idle_timeout = std::chrono::seconds(90);
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    connected_ = true;
    StartRead();
    return Status::Ok();
  }

  void Send(std::string text) override {
    outbox_.push_back(std::move(text));
    if (outbox_.size() == 1 && connected_) DoWrite();
  }

  Result<std::vector<std::string>> Poll(std::chrono::milliseconds wait) override {
    auto deadline = Clock::now() + wait;
    io_.restart();
    while (inbox_.empty() && !error_ && Clock::now() < deadline) {
      io_.run_one_until(deadline);
      if (io_.stopped()) io_.restart();
    }
    // Let finished writes and other ready handlers complete.
    io_.poll();
    std::vector<std::string> out(std::make_move_iterator(inbox_.begin()),
                                 std::make_move_iterator(inbox_.end()));
    inbox_.clear();
    if (out.empty() && error_) return Status::Unavailable("connection lost: " + error_.message());
    return out;
  }

  size_t pending_writes() const override { return outbox_.size(); }

  void Close() override {
    if (!connected_) return;
    connected_ = false;
    bool done = false;
    ws_.async_close(websocket::close_code::normal, [&](beast::error_code) { done = true; });
    io_.restart();
    io_.run_for(std::chrono::seconds(2));
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
    io_.restart();
    io_.run_for(std::chrono::milliseconds(100));
    (void)done;
  }

  bool connected() const override { return connected_ && !error_; }

 private:
  void StartRead() {
    ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
      if (ec) {
        error_ = ec;
        return;
      }
      inbox_.push_back(beast::buffers_to_string(buffer_.data()));
      buffer_.consume(buffer_.size());
      StartRead();
    });
  }

  void DoWrite() {
    ws_.text(true);
    ws_.async_write(asio::buffer(outbox_.front()), [this](beast::error_code ec, std::size_t) {
      if (ec) {
        error_ = ec;
        return;
      }
      outbox_.pop_front();
      if (!outbox_.empty()) DoWrite();
    });
  }

 private:
  asio::io_context& io_;
  websocket::stream<NextLayer> ws_;
  beast::flat_buffer buffer_;
  std::deque<std::string> outbox_;
  std::deque<std::string> inbox_;
  beast::error_code error_;
  bool connected_ = false;
};

}  // namespace

WsClient::WsClient() = default;
WsClient::~WsClient() {
  if (impl_) impl_->Close();
}

namespace {

// Owns the io_context and TLS context the stream borrows.
template <class NextLayer>
class OwningWs final : public WsClient::Impl {
 public:
  explicit OwningWs(std::optional<ssl::context> ctx) : ctx_(std::move(ctx)) {
    if constexpr (std::is_same_v<NextLayer, beast::tcp_stream>) {
      ws_.emplace(io_);
    } else {
      ws_.emplace(io_, *ctx_);
    }
  }
  Status Connect(const ServerUrl& s, const TlsTrust& t, const std::string& target, const Headers& h,
                 Clock::time_point d) override {
    return Inner().Connect(s, t, target, h, d);
  }
  void Send(std::string text) override { Inner().Send(std::move(text)); }
  Result<std::vector<std::string>> Poll(std::chrono::milliseconds wait) override {
    return Inner().Poll(wait);
  }
  size_t pending_writes() const override { return ws_->pending_writes(); }
  void Close() override { Inner().Close(); }
  bool connected() const override { return ws_->connected(); }

 private:
  WsImpl<NextLayer>& Inner() { return *ws_; }
  asio::io_context io_;
  std::optional<ssl::context> ctx_;
  std::optional<WsImpl<NextLayer>> ws_;
};

}  // namespace

Status WsClient::Connect(const ServerUrl& server, const TlsTrust& trust, const std::string& target,
                         const Headers& headers, std::chrono::milliseconds timeout) {
  if (impl_) impl_->Close();
  impl_.reset();
  if (server.tls) {
    ssl::context ctx(ssl::context::tls_client);
    STEWARD_RETURN_IF_ERROR(ConfigureTls(ctx, trust));
    impl_ = std::make_unique<OwningWs<beast::ssl_stream<beast::tcp_stream>>>(std::move(ctx));
  } else {
    impl_ = std::make_unique<OwningWs<beast::tcp_stream>>(std::nullopt);
  }
  Status s = impl_->Connect(server, trust, target, headers, Clock::now() + timeout);
  if (!s.ok()) impl_.reset();
  return s;
}

void WsClient::Send(std::string text) {
  if (impl_) impl_->Send(std::move(text));
}
Result<std::vector<std::string>> WsClient::Poll(std::chrono::milliseconds wait) {
  if (!impl_) return Status::Unavailable("not connected");
  return impl_->Poll(wait);
}
size_t WsClient::pending_writes() const { return impl_ ? impl_->pending_writes() : 0; }
void WsClient::Close() {
  if (impl_) impl_->Close();
  impl_.reset();
}
bool WsClient::connected() const { return impl_ && impl_->connected(); }

}  // namespace steward::net
