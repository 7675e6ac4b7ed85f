// An outbox row as an RFC 5322 message: Date, From, To, a Subject encoded
// per RFC 2047 when it is not ASCII, the Message-ID the outbox assigned,
// Auto-Submitted (so auto-replies never answer us), the row's own headers
// (In-Reply-To, References, ...) and a UTF-8 plain-text body in
// quoted-printable. With attachments (an invoice's PDF) the message is
// multipart/mixed (RFC 2046): the text part first, then each attachment in
// base64 with its file name. Pure: tested without a mail server, and read
// back with GMime in the tests.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace steward::notify {

// A file sent with a message. The outbox checked the name (letters, digits,
// '.', '-', '_') and the content type ("type/subtype").
struct Attachment {
  std::string file_name;
  std::string content_type;
  std::string bytes;
  bool operator==(const Attachment&) const = default;
};

struct MessageParts {
  std::string from;  // the sender address configured for the server
  std::string to;
  std::string subject;
  std::string body_text;
  std::string message_id;  // without angle brackets
  std::map<std::string, std::string> headers;
  std::vector<Attachment> attachments;
};

std::string FormatMessage(const MessageParts& m, Timestamp date);

// "=?UTF-8?B?...?=" words for non-ASCII text (as is otherwise).
std::string EncodeHeaderText(std::string_view text);
// Base64 (RFC 2045) in lines of 76 characters with CRLF line ends.
std::string Base64Lines(std::string_view bytes);
// Quoted-printable (RFC 2045) with CRLF line ends and 76-character lines.
std::string QuotedPrintable(std::string_view text);

}  // namespace steward::notify
