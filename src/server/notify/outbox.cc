#include "server/notify/outbox.h"

#include <algorithm>
#include <cctype>

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

bool IsFileNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
}

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+';
}

// "application/pdf": two tokens around one slash.
bool LooksLikeContentType(const std::string& t) {
  size_t slash = t.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == t.size() || t.size() > 100) {
    return false;
  }
  for (size_t i = 0; i < t.size(); ++i) {
    if (i != slash && !IsTokenChar(t[i])) return false;
  }
  return true;
}

Status CheckAttachments(const std::vector<Attachment>& attachments) {
  if (attachments.size() > kMaxAttachments) {
    return Status::InvalidArgument("at most 10 attachments", "attachments");
  }
  size_t total = 0;
  for (const Attachment& a : attachments) {
    const bool name_ok = !a.file_name.empty() && a.file_name.size() <= 200 &&
                         a.file_name.front() != '.' &&
                         std::all_of(a.file_name.begin(), a.file_name.end(), IsFileNameChar);
    if (!name_ok) {
      return Status::InvalidArgument(
          "an attachment's file name is 1 to 200 letters, digits, '.', '-' or '_'", "attachments");
    }
    if (!LooksLikeContentType(a.content_type)) {
      return Status::InvalidArgument("an attachment's content type is \"type/subtype\"",
                                     "attachments");
    }
    total += a.bytes.size();
  }
  if (total > kMaxAttachmentBytes) {
    return Status::InvalidArgument("attachments are at most 10 MiB in all", "attachments");
  }
  return Status::Ok();
}

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
  STEWARD_RETURN_IF_ERROR(CheckAttachments(email.attachments));
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
  for (size_t i = 0; i < email.attachments.size(); ++i) {
    const Attachment& a = email.attachments[i];
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO outbox_attachments (email_id, position, file_name, content_type,"
                  " content) VALUES (?, ?, ?, ?, ?)",
                  {out.id, static_cast<int64_t>(i), a.file_name, a.content_type,
                   storage::Bytes{a.bytes}})
            .status());
  }
  return out;
}

Result<std::vector<Attachment>> LoadAttachments(storage::Connection& c, int64_t email_id) {
  STEWARD_ASSIGN_OR_RETURN(storage::Rows rows,
                           c.Query("SELECT file_name, content_type, content FROM"
                                   " outbox_attachments WHERE email_id = ? ORDER BY position",
                                   {email_id}));
  std::vector<Attachment> out;
  out.reserve(rows.size());
  for (const storage::Row& r : rows) {
    out.push_back({r.Text("file_name"), r.Text("content_type"), r.Blob("content")});
  }
  return out;
}

Result<std::vector<EmailDelivery>> ListDeliveries(storage::Connection& c,
                                                  const std::string& related_type,
                                                  int64_t related_id) {
  STEWARD_ASSIGN_OR_RETURN(
      storage::Rows rows,
      c.Query("SELECT id, to_address, subject, status, attempts, last_error, created_at, sent_at"
              " FROM outbox_emails WHERE related_type = ? AND related_id = ? ORDER BY id",
              {related_type, related_id}));
  std::vector<EmailDelivery> out;
  for (const storage::Row& r : rows) {
    EmailDelivery d;
    d.id = r.Int("id");
    d.to_address = r.Text("to_address");
    d.subject = r.Text("subject");
    d.status = r.Text("status");
    d.attempts = static_cast<int>(r.Int("attempts"));
    d.last_error = r.OptText("last_error");
    d.created_at = FromMillis(r.Int("created_at"));
    if (auto sent = r.OptInt("sent_at")) d.sent_at = FromMillis(*sent);
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows names,
        c.Query("SELECT file_name FROM outbox_attachments WHERE email_id = ? ORDER BY position",
                {d.id}));
    for (const storage::Row& n : names) d.attachment_names.push_back(n.Text("file_name"));
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace steward::notify
