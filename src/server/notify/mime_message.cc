#include "server/notify/mime_message.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <ctime>

namespace steward::notify {

namespace {

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80 || c < 0x20) return false;
  }
  return true;
}

std::string Base64(std::string_view in) {
  static const char* kChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    for (int s : {18, 12, 6, 0}) out.push_back(kChars[(v >> s) & 63]);
  }
  if (i < in.size()) {
    uint32_t v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out.push_back(kChars[(v >> 18) & 63]);
    out.push_back(kChars[(v >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kChars[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

// The user-visible part of a header value must never carry a line break.
std::string OneLine(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(c == '\r' || c == '\n' ? ' ' : c);
  return out;
}

std::string RfcDate(Timestamp t) {
  std::time_t secs = ToMillis(t) / 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

}  // namespace

namespace {

// The plain-text body as a MIME entity: its headers, a blank line, the
// quoted-printable text ending in CRLF.
std::string TextPart(std::string_view body) {
  std::string out =
      "Content-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
  out += QuotedPrintable(body);
  if (out.substr(out.size() - 2) != "\r\n") out += "\r\n";
  return out;
}

}  // namespace

std::string EncodeHeaderText(std::string_view text) {
  std::string clean = OneLine(text);
  if (IsAscii(clean)) return clean;
  // Encoded words of at most 45 input bytes (75 characters each), split on
  // UTF-8 character boundaries.
  std::string out;
  size_t pos = 0;
  while (pos < clean.size()) {
    size_t end = std::min(clean.size(), pos + 45);
    while (end < clean.size() && end > pos &&
           (static_cast<unsigned char>(clean[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(std::string_view(clean).substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string Base64Lines(std::string_view bytes) {
  const std::string flat = Base64(bytes);
  std::string out;
  out.reserve(flat.size() + flat.size() / 38 + 2);
  for (size_t pos = 0; pos < flat.size(); pos += 76) {
    out.append(flat, pos, 76);
    out += "\r\n";
  }
  return out;
}

std::string QuotedPrintable(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  size_t line = 0;
  auto emit = [&](const std::string& piece) {
    if (line + piece.size() > 75) {
      out += "=\r\n";
      line = 0;
    }
    out += piece;
    line += piece.size();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\r\n";
      line = 0;
      continue;
    }
    if (c == '\r') continue;
    bool trailing_space = (c == ' ' || c == '\t') && (i + 1 == text.size() || text[i + 1] == '\n');
    if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !trailing_space)) {
      emit(std::string(1, static_cast<char>(c)));
    } else {
      emit(std::string{'=', kHex[c >> 4], kHex[c & 15]});
    }
  }
  return out;
}

std::string FormatMessage(const MessageParts& m, Timestamp date) {
  std::string out;
  out += "Date: " + RfcDate(date) + "\r\n";
  out += "From: " + OneLine(m.from) + "\r\n";
  out += "To: " + OneLine(m.to) + "\r\n";
  out += "Subject: " + EncodeHeaderText(m.subject) + "\r\n";
  out += "Message-ID: <" + OneLine(m.message_id) + ">\r\n";
  // Auto-Submitted: auto-generated, or auto-replied for an answer to a
  // message (RFC 3834; an acknowledgement of a ticket opened by mail).
  std::string auto_submitted = "auto-generated";
  for (const auto& [name, value] : m.headers) {
    std::string lower;
    for (char c : name)
      lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (lower == "auto-submitted" && value == "auto-replied") auto_submitted = value;
  }
  out += "Auto-Submitted: " + auto_submitted + "\r\n";
  for (const auto& [name, value] : m.headers) {
    // The outbox validated these; the fixed headers above cannot be overridden.
    static const char* kFixed[] = {"date",
                                   "from",
                                   "to",
                                   "subject",
                                   "message-id",
                                   "auto-submitted",
                                   "mime-version",
                                   "content-type",
                                   "content-transfer-encoding",
                                   "bcc",
                                   "cc"};
    std::string lower;
    for (char c : name)
      lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    bool fixed = false;
    for (const char* f : kFixed) fixed |= lower == f;
    if (fixed || name.find(':') != std::string::npos) continue;
    out += OneLine(name) + ": " + EncodeHeaderText(value) + "\r\n";
  }
  out += "MIME-Version: 1.0\r\n";
  if (m.attachments.empty()) {
    out += TextPart(m.body_text);
    return out;
  }
  // "=_" never occurs in quoted-printable or base64 text, so no part can
  // contain the boundary line by accident (the RFC 2045 trick).
  const std::string boundary = "=_steward_mixed";
  out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n";
  out += "\r\nThis is a message in MIME format.\r\n";
  out += "--" + boundary + "\r\n";
  out += TextPart(m.body_text);
  for (const Attachment& a : m.attachments) {
    out += "--" + boundary + "\r\n";
    out +=
        "Content-Type: " + OneLine(a.content_type) + "; name=\"" + OneLine(a.file_name) + "\"\r\n";
    out += "Content-Disposition: attachment; filename=\"" + OneLine(a.file_name) + "\"\r\n";
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += Base64Lines(a.bytes);
  }
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace steward::notify
