// WebSocket endpoints on HttpServer (the agent channel). The server upgrades
// a request whose path was registered; the accept function — run on a worker
// thread, so it may query the database — authenticates the request and either
// refuses it with a plain HTTP response or returns the handler of the new
// connection. Messages are handed to the handler one at a time, in order, on
// a worker thread; the next message is read only after the handler returned,
// so a slow handler pushes back on its peer instead of queueing without bound.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "net/http_types.h"

namespace steward::net {

// The server's side of one WebSocket. Thread-safe: Send and Close may be
// called from any thread; messages are written in the order sent.
class WebSocketConnection {
 public:
  virtual ~WebSocketConnection() = default;
  virtual void Send(std::string text) = 0;
  // Closes with a normal close frame after queued messages.
  virtual void Close() = 0;
  virtual const std::string& remote_ip() const = 0;
};

// The connection owns its handler until it is destroyed: a handler must hold
// its WebSocketConnection weakly (or the two keep each other alive).
class WebSocketHandler {
 public:
  virtual ~WebSocketHandler() = default;
  virtual void OnMessage(std::string_view text) = 0;
  // Once, when the connection ends for any reason, after the last OnMessage returned.
  virtual void OnClose() = 0;
};

using WebSocketAcceptResult = std::variant<HttpResponse, std::shared_ptr<WebSocketHandler>>;
using WebSocketAcceptFn = std::function<WebSocketAcceptResult(
    const HttpRequest& request, std::shared_ptr<WebSocketConnection> connection)>;

struct WebSocketEndpoint {
  std::string path;
  WebSocketAcceptFn accept;
  size_t max_message_bytes = 4 * 1024 * 1024;
  int idle_timeout_seconds = 120;  // no frame (data or ping) for this long: closed
};

}  // namespace steward::net
