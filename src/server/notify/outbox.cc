#include "server/notify/outbox.h"

#include <nlohmann/json.hpp>

#include "core/crypto.h"

namespace steward::notify {
namespace {

// A deliberately plain check: one @, a non-empty local part and a dotted
// domain, no spaces or header-breaking characters. SMTP has the final word.
bool LooksLikeAddress(const std::string& a) {
  if (a.size() > 254 || a.find_first_of(" \t\r\n<>,;\"") != std::string::npos) return false;
  size_t at = a.find('@');
  if (at == std::string::npos || at == 0 || a.find('@', at + 1) != std::string::npos) return false;
  size_t dot = a.find('.', at);
  return dot != std::string::npos && dot > at + 1 && dot + 1 < a.size();
}

bool HasLineBreak(const std::string& s) { return s.find_first_of("\r\n") != std::string::npos; }

}  // namespace

Result<EnqueuedEmail> EnqueueEmail(storage::Connection& c, const OutboundEmail& email,
                                   Timestamp now) {
  if (!LooksLikeAddress(email.to_address)) {
    return Status::InvalidArgument("not an e-mail address", "to_address");
  }
  if (email.subject.empty() || HasLineBreak(email.subject)) {
    return Status::InvalidArgument("subject must be one non-empty line", "subject");
  }
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : email.headers) {
    if (name.empty() || HasLineBreak(name) || HasLineBreak(value)) {
      return Status::InvalidArgument("header names and values must be single lines", "headers");
    }
    headers[name] = value;
  }
  EnqueuedEmail out;
  out.message_id = "steward." + RandomHex(16) + "@steward.invalid";
  int64_t at = ToMillis(now);
  STEWARD_ASSIGN_OR_RETURN(
      storage::Row row,
      c.QueryOne(
          "INSERT INTO outbox_emails (customer_id, to_address, subject, body_text, "
          "headers_json, message_id, related_type, related_id, status, attempts, "
          "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) "
          "RETURNING id",
          {email.customer_id, email.to_address, email.subject, email.body_text, headers.dump(),
           out.message_id,
           email.related_type.empty() ? storage::Value() : storage::Value(email.related_type),
           email.related_id, at, at}));
  out.id = row.Int("id");
  return out;
}

}  // namespace steward::notify
