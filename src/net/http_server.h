// HttpServer: HTTP/1.1 (plain or TLS) on Boost.Beast. Each connection reads a
// request in two steps — headers, then a body whose size limit depends on the
// route (BodyLimitFn) — so a large upload is allowed only where declared and
// an oversized body is refused before it is read. The request is then handed
// to the handler on a worker pool (handlers may block on the database; I/O
// threads never do) and the response is written back on the connection's strand.
//
// Threading: Start() runs `io_threads` I/O threads and `worker_threads`
// handler threads; the handler must be thread-safe. Stop() closes the
// listener and joins all threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "net/http_types.h"
#include "net/websocket.h"

namespace steward::net {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port (read it back with port())
  int io_threads = 1;
  int worker_threads = 4;
  size_t max_header_bytes = 16 * 1024;
  // Open connections (HTTP and WebSocket) at most; beyond, new clients wait
  // in the listen backlog. 0: the process's open-file limit minus a reserve
  // for the database, logs and files, so that descriptors never run out.
  int max_connections = 0;
  int read_timeout_seconds = 30;
  std::string tls_cert_file;  // PEM; both set → HTTPS
  std::string tls_key_file;
};

using HttpHandler = std::function<HttpResponse(HttpRequest&)>;
// Largest body accepted for `method` + `path`, decided before the body is read.
using BodyLimitFn = std::function<size_t(std::string_view method, std::string_view path)>;
// Called after each response: for the access log and metrics.
using AccessLogFn = std::function<void(const HttpRequest&, int status, double seconds)>;

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler handler, BodyLimitFn body_limit,
             AccessLogFn access_log);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving in background threads. Unavailable if the address
  // cannot be bound, InvalidArgument for bad TLS files.
  Status Start();
  void Stop();
  // Registers a WebSocket path; call before Start().
  void AddWebSocketEndpoint(WebSocketEndpoint endpoint);
  uint16_t port() const;
  bool tls() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace steward::net
