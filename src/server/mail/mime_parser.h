// Raw RFC 5322 bytes → InboundMessage, with GMime 3. Never crashes on broken
// input: whatever GMime can make of it is returned; only input that is not a
// message at all (no header, nothing parseable) is InvalidArgument, and the
// caller keeps the raw text visible instead (see the service desk's triage).
// Thread-safe (GMime is initialised once; each call has its own objects).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "server/mail/inbound_message.h"

namespace steward::mail {

struct ParseOptions {
  // An attachment larger than this is kept up to it (truncated = true).
  size_t max_attachment_bytes = 10 * 1024 * 1024;
  size_t max_attachments = 20;
  // The text body is cut here (at a UTF-8 boundary).
  size_t max_body_bytes = 256 * 1024;
  // Our own outgoing mail: Message-IDs "<...@domain>" the outbox assigns and
  // the sender addresses we use. Mail from them never opens a ticket.
  std::string own_message_id_domain = "steward.invalid";
  std::vector<std::string> own_addresses;
};

// The header our outgoing ticket mail carries (value "T-<id>"): an incoming
// message with it is our own mail come back (a loop), never a new request.
inline constexpr char kTicketHeader[] = "X-Steward-Ticket";

Result<InboundMessage> ParseMessage(std::string_view raw, const ParseOptions& options = {});

}  // namespace steward::mail
