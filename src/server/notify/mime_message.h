// An outbox row as an RFC 5322 message: Date, From, To, a Subject encoded
// per RFC 2047 when it is not ASCII, the Message-ID the outbox assigned,
// Auto-Submitted (so auto-replies never answer us), the row's own headers
// (In-Reply-To, References, ...) and a UTF-8 plain-text body in
// quoted-printable. Pure: tested without a mail server.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace steward::notify {

struct MessageParts {
  std::string from;  // the sender address configured for the server
  std::string to;
  std::string subject;
  std::string body_text;
  std::string message_id;  // without angle brackets
  std::map<std::string, std::string> headers;
};

std::string FormatMessage(const MessageParts& m, Timestamp date);

// "=?UTF-8?B?...?=" words for non-ASCII text (as is otherwise).
std::string EncodeHeaderText(std::string_view text);
// Quoted-printable (RFC 2045) with CRLF line ends and 76-character lines.
std::string QuotedPrintable(std::string_view text);

}  // namespace steward::notify
