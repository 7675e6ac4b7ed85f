// Ticket attachments: metadata in ticket_attachments, bytes in the data
// directory under server-generated names (the document store's DocumentFiles:
// a user's or a mail's file name is never part of a path). A portal user sees
// only their customer's tickets and never the attachments of internal notes;
// downloads get a safe content type (never HTML or anything a browser runs).
#include "core/crypto.h"
#include "core/log.h"
#include "server/audit/audit_log.h"
#include "server/servicedesk/servicedesk_internal.h"
#include "server/servicedesk/servicedesk_service.h"

namespace steward::servicedesk {

using storage::Connection;
using storage::Row;

namespace {

constexpr std::string_view kAttachmentColumns =
    "SELECT id, reply_id, internal, file_name, content_type, size_bytes, truncated,"
    " original_size, source, created_at, sha256, storage_key FROM ticket_attachments";

}  // namespace

Json internal::AttachmentJson(const Row& r) {
  auto reply = r.OptInt("reply_id");
  return {{"id", r.Int("id")},
          {"reply_id", reply ? Json(*reply) : Json(nullptr)},
          {"internal", r.Bool("internal")},
          {"file_name", r.Text("file_name")},
          {"content_type", r.Text("content_type")},
          {"size_bytes", r.Int("size_bytes")},
          {"truncated", r.Bool("truncated")},
          {"original_size", r.Int("original_size")},
          {"source", r.Text("source")},
          {"created_at", IsoOrNull(r.Int("created_at"))}};
}

Result<Json> ServiceDesk::AddAttachment(const accounts::Actor& actor, int64_t ticket_id,
                                        const std::string& file_name, const std::string& bytes,
                                        const std::string& internal) {
  const accounts::Principal& p = actor.principal;
  // Another customer's ticket looks absent before the upload is judged.
  STEWARD_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) {
    return internal::LoadTicket(c, p.scope(), ticket_id).status();
  }));
  if (internal != "true" && internal != "false") {
    return Status::InvalidArgument("must be true or false", "internal");
  }
  const bool internal_only = internal == "true";
  if (internal_only && !p.scope().is_all()) {
    return Status::PermissionDenied("internal attachments are for staff");
  }
  STEWARD_RETURN_IF_ERROR(cmdb::ValidateFileName(file_name));
  if (bytes.empty()) return Status::InvalidArgument("the file is empty", "body");
  if (bytes.size() > options_.max_attachment_bytes) {
    return Status::PayloadTooLarge("attachments are limited to " +
                                   std::to_string(options_.max_attachment_bytes) + " bytes");
  }
  if (options_.attachments_dir.empty()) {
    return Status::FailedPrecondition("this server stores no attachments");
  }
  std::string sha = Sha256Hex(bytes);
  std::string content_type = cmdb::ContentTypeForFileName(file_name);
  // The file first, then the row: a row never points at a missing file.
  STEWARD_ASSIGN_OR_RETURN(std::string key, files_.Write(bytes));
  Json out;
  Timestamp now = clock_.Now();
  Status s = db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Ticket t, internal::LoadTicket(c, p.scope(), ticket_id));
    if (t.status == TicketStatus::kClosed && !internal_only) {
      return Status::Conflict("the ticket is closed");
    }
    STEWARD_ASSIGN_OR_RETURN(
        Row row,
        c.QueryOne("INSERT INTO ticket_attachments (ticket_id, customer_id, internal, file_name,"
                   " content_type, size_bytes, original_size, truncated, sha256, storage_key,"
                   " source, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?,"
                   " 'upload', ?, ?) RETURNING id",
                   {ticket_id, t.customer_id, internal_only, file_name, content_type,
                    static_cast<int64_t>(bytes.size()), static_cast<int64_t>(bytes.size()), sha,
                    key, p.user_id > 0 ? std::optional(p.user_id) : std::nullopt, ToMillis(now)}));
    int64_t id = row.Int("id");
    STEWARD_ASSIGN_OR_RETURN(Row stored,
                             c.QueryOne(std::string(kAttachmentColumns) + " WHERE id = ?", {id}));
    out = internal::AttachmentJson(stored);
    out["ticket_id"] = ticket_id;
    return audit::Record(c, now, actor,
                         {"ticket.attachment",
                          "ticket",
                          std::to_string(ticket_id),
                          t.customer_id,
                          {{"attachment_id", id},
                           {"file_name", file_name},
                           {"size_bytes", bytes.size()},
                           {"sha256", sha},
                           {"internal", internal_only}}});
  });
  if (!s.ok()) {
    if (Status removed = files_.Remove(key); !removed.ok()) {
      LogWarn("attachment upload failed and its file {} stays behind: {}", key, removed.ToString());
    }
    return s;
  }
  return out;
}

Result<Json> ServiceDesk::ListAttachments(const accounts::Principal& viewer, int64_t ticket_id) {
  const bool staff = viewer.scope().is_all();
  Json list = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(internal::LoadTicket(c, viewer.scope(), ticket_id).status());
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows rows,
        c.Query(std::string(kAttachmentColumns) + " WHERE ticket_id = ? ORDER BY id", {ticket_id}));
    for (const Row& r : rows) {
      if (r.Bool("internal") && !staff) continue;
      list.push_back(internal::AttachmentJson(r));
    }
    return Status::Ok();
  }));
  return Json{{"attachments", list}};
}

Result<AttachmentContent> ServiceDesk::ReadAttachment(const accounts::Principal& viewer,
                                                      int64_t ticket_id, int64_t attachment_id) {
  std::optional<Row> row;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(internal::LoadTicket(c, viewer.scope(), ticket_id).status());
    STEWARD_ASSIGN_OR_RETURN(
        row, c.QueryOptional(std::string(kAttachmentColumns) + " WHERE id = ? AND ticket_id = ?",
                             {attachment_id, ticket_id}));
    return Status::Ok();
  }));
  if (!row || (row->Bool("internal") && !viewer.scope().is_all())) {
    return Status::NotFound("attachment", std::to_string(attachment_id));
  }
  auto bytes = files_.Read(row->Text("storage_key"));
  if (!bytes.ok()) {
    if (bytes.status().code() == StatusCode::kNotFound ||
        bytes.status().code() == StatusCode::kInvalidArgument) {
      return Status::DataLoss("the file of attachment " + std::to_string(attachment_id) +
                              " is missing");
    }
    return bytes.status();
  }
  if (Sha256Hex(*bytes) != row->Text("sha256")) {
    return Status::DataLoss("the file of attachment " + std::to_string(attachment_id) +
                            " does not match its recorded SHA-256");
  }
  // Served by the file name's type only: a mail's claimed type is not trusted.
  return AttachmentContent{row->Text("file_name"),
                           cmdb::ContentTypeForFileName(row->Text("file_name")), std::move(*bytes)};
}

Result<std::vector<std::string>> ServiceDesk::WriteAttachmentFiles(const mail::InboundMessage& m) {
  std::vector<std::string> keys;
  if (options_.attachments_dir.empty()) return keys;
  for (const mail::InboundAttachment& a : m.attachments) {
    // The parser's limit may be larger than the store's: cut again here.
    std::string_view bytes(a.bytes);
    if (bytes.size() > options_.max_attachment_bytes) {
      bytes = bytes.substr(0, options_.max_attachment_bytes);
    }
    auto key = files_.Write(bytes);
    if (!key.ok()) {
      RemoveFiles(keys);
      return key.status();
    }
    keys.push_back(*key);
  }
  return keys;
}

void ServiceDesk::RemoveFiles(const std::vector<std::string>& keys) {
  for (const std::string& key : keys) {
    if (Status removed = files_.Remove(key); !removed.ok()) {
      LogWarn("attachment file {} stays behind: {}", key, removed.ToString());
    }
  }
}

}  // namespace steward::servicedesk
