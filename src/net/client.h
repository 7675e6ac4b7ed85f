// Client side of Steward's own protocols, for the agent (and the tests): one
// HTTPS request (enrolment) and a WebSocket (the channel), over plain TCP or
// TLS. TLS trust is either a CA file (chain and host name verified) or a
// pinned SHA-256 fingerprint of the server's certificate, taken at enrolment;
// with neither, the first connection records the fingerprint it saw
// (trust on first use, only allowed for enrolment, which a one-time token
// already authenticates).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "net/http_types.h"

namespace steward::net {

struct ServerUrl {
  bool tls = false;
  std::string host;
  uint16_t port = 0;
};
// "https://host[:port]" or "http://host[:port]" (a trailing "/" allowed).
Result<ServerUrl> ParseServerUrl(std::string_view url);

struct TlsTrust {
  std::string ca_file;              // verify the chain and host name against this CA
  std::string pinned_sha256;        // or: the certificate must have this fingerprint
  bool trust_on_first_use = false;  // neither: accept and report the fingerprint
};

struct ClientResponse {
  int status = 0;
  std::string body;
  std::string server_cert_sha256;  // hex, empty over plain HTTP
};

// One request, with a deadline for the whole exchange.
Result<ClientResponse> SendHttpRequest(const ServerUrl& server, const TlsTrust& trust,
                                       const std::string& method, const std::string& target,
                                       const std::string& body, const Headers& headers,
                                       std::chrono::milliseconds timeout);

// A WebSocket client driven by the caller's thread: Poll runs the I/O for a
// while and returns the messages that arrived.
class WsClient {
 public:
  WsClient();
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  // Unauthenticated for a 401/403 refusal (the body's message included),
  // Unavailable for anything the network or server may fix by itself.
  Status Connect(const ServerUrl& server, const TlsTrust& trust, const std::string& target,
                 const Headers& headers, std::chrono::milliseconds timeout);
  void Send(std::string text);
  // Runs I/O for up to `wait` (returns early once a message arrived). An error
  // once the connection is gone.
  Result<std::vector<std::string>> Poll(std::chrono::milliseconds wait);
  // Messages queued by Send and not yet written.
  size_t pending_writes() const;
  void Close();
  bool connected() const;

  class Impl;  // plain or TLS, in client.cc

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace steward::net
