#include "net/http_server.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <deque>
#include <functional>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <sys/resource.h>

#include "core/log.h"

namespace steward::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

struct Shared {
  HttpServerOptions options;
  HttpHandler handler;
  BodyLimitFn body_limit;
  AccessLogFn access_log;
  asio::thread_pool* workers = nullptr;
  asio::ssl::context* ssl = nullptr;
  std::vector<WebSocketEndpoint> websockets;

  // Connection accounting (see HttpServerOptions::max_connections): the
  // acceptor pauses at the limit and the connection that closes first
  // resumes it.
  int max_connections = 0;
  std::atomic<int> open_connections{0};
  std::atomic<bool> accept_paused{false};
  std::mutex resume_mu;
  std::function<void()> resume_accept;  // GUARDED_BY(resume_mu); empty once stopped

  void ConnectionClosed() {
    int open = --open_connections;
    if (open < max_connections && accept_paused.exchange(false)) {
      std::lock_guard lock(resume_mu);
      if (resume_accept) resume_accept();
    }
  }

  const WebSocketEndpoint* FindWebSocket(std::string_view path) const {
    for (const auto& ep : websockets) {
      if (ep.path == path) return &ep;
    }
    return nullptr;
  }
};

// Held by whichever session owns a client's socket (HTTP, then WebSocket
// after an upgrade): the connection counts as open until the last holder
// is gone.
struct ConnectionSlot {
  explicit ConnectionSlot(std::shared_ptr<Shared> s) : shared(std::move(s)) {}
  ~ConnectionSlot() { shared->ConnectionClosed(); }
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;
  std::shared_ptr<Shared> shared;
};

HttpResponse PlainError(int status, std::string_view code, std::string_view message) {
  HttpResponse r;
  r.status = status;
  r.body = std::string("{\"error\":{\"code\":\"") + std::string(code) + "\",\"message\":\"" +
           std::string(message) + "\",\"field\":null}}";
  return r;
}

// One upgraded connection. Reads one message at a time and hands it to the
// handler on a worker; writes go through a queue on the connection's strand.
template <class NextLayer>
class WsSession : public WebSocketConnection,
                  public std::enable_shared_from_this<WsSession<NextLayer>> {
 public:
  WsSession(NextLayer&& stream, std::shared_ptr<Shared> shared, const WebSocketEndpoint& endpoint,
            std::string remote_ip, std::shared_ptr<ConnectionSlot> slot)
      : ws_(std::move(stream)),
        shared_(std::move(shared)),
        endpoint_(endpoint),
        remote_ip_(std::move(remote_ip)),
        slot_(std::move(slot)) {}

  // Runs the endpoint's accept function on a worker, then upgrades or refuses.
  void Start(http::request<http::string_body> upgrade, std::shared_ptr<HttpRequest> request) {
    upgrade_ = std::move(upgrade);
    auto self = this->shared_from_this();
    asio::post(*shared_->workers, [self, request]() {
      WebSocketAcceptResult result = HttpResponse{};
      try {
        result = self->endpoint_.accept(*request, self);
      } catch (const std::exception& e) {
        LogError("websocket accept threw: {}", e.what());
        result = PlainError(500, "internal", "internal error");
      }
      asio::post(self->ws_.get_executor(), [self, result = std::move(result)]() mutable {
        if (auto* refusal = std::get_if<HttpResponse>(&result)) {
          self->Refuse(std::move(*refusal));
        } else {
          self->Accept(std::get<std::shared_ptr<WebSocketHandler>>(std::move(result)));
        }
      });
    });
  }

  void Send(std::string text) override {
    auto self = this->shared_from_this();
    asio::post(ws_.get_executor(), [self, text = std::move(text)]() mutable {
      if (self->closed_) return;
      self->outbox_.push_back(std::move(text));
      if (self->outbox_.size() == 1 && self->open_) self->DoWrite();
    });
  }

  void Close() override {
    auto self = this->shared_from_this();
    asio::post(ws_.get_executor(), [self]() {
      self->close_requested_ = true;
      if (self->open_ && self->outbox_.empty()) self->DoClose();
    });
  }

  const std::string& remote_ip() const override { return remote_ip_; }

 private:
  void Refuse(HttpResponse r) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(r.status));
    res->set(http::field::server, "steward");
    res->set(http::field::content_type, r.content_type);
    for (auto& [k, v] : r.headers) res->insert(k, v);
    res->body() = std::move(r.body);
    res->keep_alive(false);
    res->prepare_payload();
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
    auto self = this->shared_from_this();
    http::async_write(ws_.next_layer(), *res, [self, res](beast::error_code, std::size_t) {
      beast::error_code ec;
      beast::get_lowest_layer(self->ws_).socket().shutdown(tcp::socket::shutdown_both, ec);
    });
  }

  void Accept(std::shared_ptr<WebSocketHandler> handler) {
    handler_ = std::move(handler);
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = std::chrono::seconds(30);
    timeouts.idle_timeout = std::chrono::seconds(endpoint_.idle_timeout_seconds);
    timeouts.keep_alive_pings = true;  // a half-open peer is found and dropped
    ws_.set_option(timeouts);
    ws_.read_message_max(endpoint_.max_message_bytes);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "steward"); }));
    auto self = this->shared_from_this();
    ws_.async_accept(upgrade_, [self](beast::error_code ec) {
      if (ec) return self->Finish();
      self->open_ = true;
      if (!self->outbox_.empty()) self->DoWrite();
      if (self->close_requested_ && self->outbox_.empty()) return self->DoClose();
      self->DoRead();
    });
  }

  void DoRead() {
    auto self = this->shared_from_this();
    ws_.async_read(buffer_, [self](beast::error_code ec, std::size_t) {
      if (ec) return self->Finish();
      if (!self->ws_.got_text()) {
        // Binary frames are not part of the protocol: refuse the peer.
        self->close_requested_ = true;
        return self->DoClose();
      }
      std::string text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      // handler_ is fixed once accepted, so the worker may read it; OnClose
      // waits until this message is handled (see Finish).
      self->handling_ = true;
      asio::post(*self->shared_->workers, [self, text = std::move(text)]() {
        try {
          self->handler_->OnMessage(text);
        } catch (const std::exception& e) {
          LogError("websocket handler threw: {}", e.what());
        }
        asio::post(self->ws_.get_executor(), [self]() {
          self->handling_ = false;
          if (self->closed_) return self->NotifyClosed();
          if (!self->close_requested_) self->DoRead();
        });
      });
    });
  }

  void DoWrite() {
    auto self = this->shared_from_this();
    ws_.text(true);
    ws_.async_write(asio::buffer(outbox_.front()), [self](beast::error_code ec, std::size_t) {
      if (ec) return self->Finish();
      self->outbox_.pop_front();
      if (!self->outbox_.empty()) return self->DoWrite();
      if (self->close_requested_) self->DoClose();
    });
  }

  void DoClose() {
    if (closing_) return;
    closing_ = true;
    auto self = this->shared_from_this();
    ws_.async_close(websocket::close_code::normal, [self](beast::error_code) { self->Finish(); });
  }

  // The connection is over: tell the handler once, after any message it is
  // still handling. (Handlers hold the connection weakly, so there is no
  // ownership cycle to break here.)
  void Finish() {
    if (closed_) return;
    closed_ = true;
    open_ = false;
    outbox_.clear();
    if (!handling_) NotifyClosed();
  }

  void NotifyClosed() {
    if (notified_ || !handler_) return;
    notified_ = true;
    auto handler = handler_;
    asio::post(*shared_->workers, [handler]() { handler->OnClose(); });
  }

  websocket::stream<NextLayer> ws_;
  std::shared_ptr<Shared> shared_;
  const WebSocketEndpoint& endpoint_;
  std::string remote_ip_;
  std::shared_ptr<ConnectionSlot> slot_;
  http::request<http::string_body> upgrade_;
  std::shared_ptr<WebSocketHandler> handler_;
  beast::flat_buffer buffer_;
  std::deque<std::string> outbox_;
  bool open_ = false;
  bool closing_ = false;
  bool closed_ = false;
  bool close_requested_ = false;
  bool handling_ = false;
  bool notified_ = false;
};

// One connection. `Derived` supplies stream() (plain or TLS), after Beast's
// advanced_server_flex example.
template <class Derived>
class Session {
 public:
  Session(std::shared_ptr<Shared> shared, std::string remote_ip)
      : shared_(shared),
        remote_ip_(std::move(remote_ip)),
        slot_(std::make_shared<ConnectionSlot>(std::move(shared))) {}

 protected:
  Derived& self() { return static_cast<Derived&>(*this); }

  void DoRead() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(shared_->options.max_header_bytes));
    // No body limit yet: OnHeader sets the route's limit once the target is known.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    beast::get_lowest_layer(self().stream())
        .expires_after(std::chrono::seconds(shared_->options.read_timeout_seconds));
    http::async_read_header(
        self().stream(), buffer_, *parser_,
        beast::bind_front_handler(&Session::OnHeader, self().shared_from_this()));
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    started_ = std::chrono::steady_clock::now();
    auto& req = parser_->get();
    std::string_view target(req.target().data(), req.target().size());
    std::string_view path = target.substr(0, target.find('?'));
    size_t limit = shared_->body_limit(
        std::string_view(req.method_string().data(), req.method_string().size()), path);
    auto length = parser_->content_length();
    if (length && *length > limit) {
      // Refuse without reading: the client learns the limit, we spend nothing.
      return Respond(PlainError(413, "payload_too_large",
                                "request body exceeds " + std::to_string(limit) + " bytes"),
                     /*close=*/true);
    }
    parser_->body_limit(limit);
    if (parser_->is_done()) return OnBody({}, 0);
    http::async_read(self().stream(), buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnBody, self().shared_from_this()));
  }

  void OnBody(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit) {
      return Respond(PlainError(413, "payload_too_large", "request body too large"), true);
    }
    if (ec) return OnReadError(ec);
    auto msg = parser_->release();
    auto request = std::make_shared<HttpRequest>();
    request->method = std::string(msg.method_string());
    request->target = std::string(msg.target());
    std::string_view target = request->target;
    size_t q = target.find('?');
    auto decoded = PercentDecode(target.substr(0, q), false);
    request->query = q == std::string_view::npos ? "" : std::string(target.substr(q + 1));
    for (const auto& field : msg) {
      request->headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    request->body = std::move(msg.body());
    request->remote_ip = remote_ip_;
    request->tls = shared_->ssl != nullptr;
    keep_alive_ = msg.keep_alive();
    if (!decoded) {
      return Respond(PlainError(400, "invalid_argument", "malformed percent-encoding in path"),
                     true);
    }
    request->path = std::move(*decoded);
    if (websocket::is_upgrade(msg)) {
      if (const WebSocketEndpoint* ep = shared_->FindWebSocket(request->path)) {
        // The stream moves to a WebSocket session; this HTTP session ends here.
        auto ws = std::make_shared<WsSession<std::remove_reference_t<decltype(self().stream())>>>(
            std::move(self().stream()), shared_, *ep, remote_ip_, slot_);
        ws->Start(std::move(msg), request);
        return;
      }
    }
    current_ = request;
    // Hand the request to a worker: handlers may block on the database.
    auto self_ptr = self().shared_from_this();
    asio::post(*shared_->workers, [self_ptr, request]() {
      HttpResponse response;
      try {
        response = self_ptr->shared_->handler(*request);
      } catch (const std::exception& e) {
        LogError("handler threw for {} {}: {}", request->method, request->path, e.what());
        response = PlainError(500, "internal", "internal error");
      } catch (...) {
        response = PlainError(500, "internal", "internal error");
      }
      auto& strand_owner = beast::get_lowest_layer(self_ptr->stream());
      asio::post(strand_owner.get_executor(), [self_ptr, r = std::move(response)]() mutable {
        self_ptr->Respond(std::move(r), !self_ptr->keep_alive_);
      });
    });
  }

  void Respond(HttpResponse r, bool close) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(r.status));
    res->set(http::field::server, "steward");
    if (!r.body.empty() || r.status != 204) {
      res->set(http::field::content_type, r.content_type);
    }
    for (auto& [k, v] : r.headers) res->insert(k, v);
    res->body() = std::move(r.body);
    res->keep_alive(!close);
    res->prepare_payload();
    close_after_write_ = close;
    status_ = r.status;
    response_ = res;
    beast::get_lowest_layer(self().stream()).expires_after(std::chrono::seconds(30));
    http::async_write(self().stream(), *res,
                      beast::bind_front_handler(&Session::OnWrite, self().shared_from_this()));
  }

  void OnWrite(beast::error_code ec, std::size_t) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    if (current_) {
      shared_->access_log(*current_, status_, seconds);
    } else {
      HttpRequest partial;
      partial.method = parser_ ? std::string(parser_->get().method_string()) : "";
      partial.remote_ip = remote_ip_;
      shared_->access_log(partial, status_, seconds);
    }
    current_.reset();
    response_.reset();
    if (ec) return;
    if (close_after_write_) return self().DoClose();
    DoRead();
  }

  void OnReadError(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::eof) {
      return self().DoClose();
    }
    if (ec == http::error::header_limit) {
      return Respond(PlainError(431, "invalid_argument", "request headers too large"), true);
    }
    if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
      return Respond(PlainError(400, "invalid_argument", "malformed HTTP request"), true);
    }
    // Connection reset and the like: nothing to answer.
  }

  std::shared_ptr<Shared> shared_;
  std::string remote_ip_;
  std::shared_ptr<ConnectionSlot> slot_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<HttpRequest> current_;
  std::shared_ptr<http::response<http::string_body>> response_;
  bool keep_alive_ = true;
  bool close_after_write_ = false;
  int status_ = 0;
  std::chrono::steady_clock::time_point started_;
};

class PlainSession : public Session<PlainSession>,
                     public std::enable_shared_from_this<PlainSession> {
 public:
  PlainSession(tcp::socket socket, std::shared_ptr<Shared> shared, std::string ip)
      : Session(std::move(shared), std::move(ip)), stream_(std::move(socket)) {}
  beast::tcp_stream& stream() { return stream_; }
  void Run() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&PlainSession::DoRead, shared_from_this()));
  }
  void DoClose() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

 private:
  friend class Session<PlainSession>;
  beast::tcp_stream stream_;
};

class TlsSession : public Session<TlsSession>, public std::enable_shared_from_this<TlsSession> {
 public:
  TlsSession(tcp::socket socket, std::shared_ptr<Shared> shared, std::string ip)
      : Session(shared, std::move(ip)), stream_(std::move(socket), *shared->ssl) {}
  beast::ssl_stream<beast::tcp_stream>& stream() { return stream_; }
  void Run() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      beast::get_lowest_layer(self->stream_).expires_after(std::chrono::seconds(30));
      self->stream_.async_handshake(asio::ssl::stream_base::server, [self](beast::error_code ec) {
        if (!ec) self->DoRead();
      });
    });
  }
  void DoClose() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {});
  }

 private:
  friend class Session<TlsSession>;
  beast::ssl_stream<beast::tcp_stream> stream_;
};

}  // namespace

class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, HttpHandler handler, BodyLimitFn body_limit,
       AccessLogFn access_log)
      : shared_(std::make_shared<Shared>()),
        workers_(static_cast<size_t>(std::max(1, options.worker_threads))),
        ssl_(asio::ssl::context::tls_server),
        acceptor_(asio::make_strand(io_)) {
    shared_->options = std::move(options);
    shared_->handler = std::move(handler);
    shared_->body_limit = std::move(body_limit);
    shared_->access_log = std::move(access_log);
    shared_->workers = &workers_;
  }

  ~Impl() { Stop(); }

  Status Start() {
    const auto& o = shared_->options;
    if (!o.tls_cert_file.empty() || !o.tls_key_file.empty()) {
      beast::error_code ec;
      ssl_.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                       asio::ssl::context::no_tlsv1_1);
      ssl_.use_certificate_chain_file(o.tls_cert_file, ec);
      if (ec)
        return Status::InvalidArgument("TLS certificate " + o.tls_cert_file + ": " + ec.message());
      ssl_.use_private_key_file(o.tls_key_file, asio::ssl::context::pem, ec);
      if (ec) return Status::InvalidArgument("TLS key " + o.tls_key_file + ": " + ec.message());
      shared_->ssl = &ssl_;
    }
    beast::error_code ec;
    auto address = asio::ip::make_address(o.host, ec);
    if (ec) return Status::InvalidArgument("listen address " + o.host + ": " + ec.message());
    tcp::endpoint endpoint(address, o.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Status::Unavailable("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                                 ": " + ec.message());
    }
    port_ = acceptor_.local_endpoint().port();
    shared_->max_connections =
        o.max_connections > 0 ? o.max_connections : ConnectionsForFileLimit();
    {
      std::lock_guard lock(shared_->resume_mu);
      shared_->resume_accept = [this] {
        asio::post(acceptor_.get_executor(), [this] {
          if (!stopped_) DoAccept();
        });
      };
    }
    DoAccept();
    for (int i = 0; i < std::max(1, o.io_threads); ++i) {
      threads_.emplace_back([this] {
        while (true) {
          try {
            io_.run();
            return;
          } catch (const std::exception& e) {
            LogError("http i/o thread: {}", e.what());  // keep serving
          }
        }
      });
    }
    return Status::Ok();
  }

  void Stop() {
    if (stopped_.exchange(true)) return;
    {
      std::lock_guard lock(shared_->resume_mu);
      shared_->resume_accept = nullptr;
    }
    asio::post(acceptor_.get_executor(), [this] {
      beast::error_code ec;
      acceptor_.close(ec);
      accept_retry_.cancel();
    });
    io_.stop();
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
    workers_.join();
  }

  uint16_t port() const { return port_; }
  bool tls() const { return shared_->ssl != nullptr; }
  void AddWebSocketEndpoint(WebSocketEndpoint endpoint) {
    shared_->websockets.push_back(std::move(endpoint));
  }

 private:
  void DoAccept() {
    acceptor_.async_accept(asio::make_strand(io_), [this](beast::error_code ec, tcp::socket s) {
      if (ec) {
        if (ec == asio::error::operation_aborted) return;
        return RetryAcceptLater(ec);
      } else {
        beast::error_code ep_ec;
        auto ep = s.remote_endpoint(ep_ec);
        std::string ip = ep_ec ? "" : ep.address().to_string();
        ++shared_->open_connections;
        if (shared_->ssl) {
          std::make_shared<TlsSession>(std::move(s), shared_, std::move(ip))->Run();
        } else {
          std::make_shared<PlainSession>(std::move(s), shared_, std::move(ip))->Run();
        }
        if (shared_->open_connections >= shared_->max_connections) {
          // At the limit: stop accepting until a connection closes (its
          // slot resumes us). Checked again after pausing, in case the
          // last one closed in between.
          LogWarn("{} connections open, the limit: new clients wait", shared_->max_connections);
          shared_->accept_paused = true;
          if (shared_->open_connections >= shared_->max_connections ||
              !shared_->accept_paused.exchange(false)) {
            return;
          }
        }
      }
      if (!stopped_) DoAccept();
    });
  }

  // The open-file limit less what the server needs besides client sockets:
  // the database pool, logs, documents, mail and webhook connections.
  static int ConnectionsForFileLimit() {
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) return 100000;
    int files = static_cast<int>(std::min<rlim_t>(lim.rlim_cur, 1 << 30));
    return std::max(16, std::max(files - 128, files / 2));
  }

  // Out of file descriptors (or memory), accept fails at once for as long as
  // a connection waits in the backlog: retrying immediately spins a core and
  // floods the log while the server starves. Wait, say so once per pause,
  // and accept again when connections may have closed; the backlog holds the
  // waiting clients meanwhile.
  void RetryAcceptLater(const beast::error_code& ec) {
    bool exhausted = ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
                     ec == asio::error::no_memory || ec.value() == ENFILE;
    auto pause = exhausted ? std::chrono::milliseconds(250) : std::chrono::milliseconds(20);
    LogWarn("accept: {}; accepting again in {} ms", ec.message(), pause.count());
    accept_retry_.expires_after(pause);
    accept_retry_.async_wait([this](beast::error_code wait_ec) {
      if (!wait_ec && !stopped_) DoAccept();
    });
  }

  std::shared_ptr<Shared> shared_;
  asio::io_context io_;
  asio::thread_pool workers_;
  asio::ssl::context ssl_;
  tcp::acceptor acceptor_;
  asio::steady_timer accept_retry_{acceptor_.get_executor()};
  std::vector<std::thread> threads_;
  std::atomic<bool> stopped_{false};
  uint16_t port_ = 0;
};

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler, BodyLimitFn body_limit,
                       AccessLogFn access_log)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(body_limit),
                                   std::move(access_log))) {}
HttpServer::~HttpServer() = default;
Status HttpServer::Start() { return impl_->Start(); }
void HttpServer::Stop() { impl_->Stop(); }
uint16_t HttpServer::port() const { return impl_->port(); }
bool HttpServer::tls() const { return impl_->tls(); }
void HttpServer::AddWebSocketEndpoint(WebSocketEndpoint endpoint) {
  impl_->AddWebSocketEndpoint(std::move(endpoint));
}

}  // namespace steward::net
