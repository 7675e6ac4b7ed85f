// A received e-mail after MIME parsing: what the intake mailbox hands to the
// service desk. Parsing (GMime) and fetching (IMAP) live in this module; the
// service desk only ever sees this plain struct.
#pragma once

#include <string>
#include <vector>

namespace steward::mail {

struct InboundAttachment {
  std::string file_name;
  std::string content_type;
  std::string bytes;       // up to the size limit
  bool truncated = false;  // the original was larger than the limit
  size_t original_size = 0;
};

struct InboundMessage {
  std::string message_id;               // without angle brackets
  std::string in_reply_to;              // without angle brackets, may be empty
  std::vector<std::string> references;  // without angle brackets
  std::string from_address;             // lower-case addr-spec
  std::string from_name;
  std::vector<std::string> to_addresses;
  std::string subject;    // decoded (RFC 2047) to UTF-8
  std::string text_body;  // UTF-8; HTML-only mail converted to text
  std::vector<InboundAttachment> attachments;
  // Auto-Submitted other than "no", Precedence bulk/junk/list, or one of our
  // own outgoing messages: never opens a ticket.
  bool automated = false;
  std::string automated_reason;
};

}  // namespace steward::mail
