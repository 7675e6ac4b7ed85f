// Customer documents: contracts, SOWs, SLAs, DR plans, site surveys,
// security requirements and other attachments. Metadata in the database,
// bytes in DocumentFiles.
#include <algorithm>

#include "core/crypto.h"
#include "core/log.h"
#include "server/audit/audit_log.h"
#include "server/cmdb/cmdb_common.h"
#include "server/cmdb/cmdb_fields.h"
#include "server/cmdb/cmdb_service.h"
#include "server/cmdb/record_fields.h"
#include "server/cmdb/search_index.h"

namespace steward::cmdb {

using storage::Connection;
using storage::Params;
using storage::Row;

namespace {

constexpr std::string_view kDocumentSelect =
    "SELECT id, customer_id, kind, title, file_name, content_type, size_bytes, sha256,"
    " storage_key, uploaded_by, created_at FROM documents";

// Text documents are searchable by content; the first 64 KiB is plenty for
// an SLA or a DR plan and bounds the index.
constexpr size_t kMaxIndexedText = 64 * 1024;

Json DocumentJson(const Row& r) {
  auto uploader = r.OptInt("uploaded_by");
  return {{"id", r.Int("id")},
          {"customer_id", r.Int("customer_id")},
          {"kind", r.Text("kind")},
          {"title", r.Text("title")},
          {"file_name", r.Text("file_name")},
          {"content_type", r.Text("content_type")},
          {"size_bytes", r.Int("size_bytes")},
          {"sha256", r.Text("sha256")},
          {"uploaded_by", uploader ? Json(*uploader) : Json(nullptr)},
          {"created_at", internal::IsoTime(r.Int("created_at"))}};
}

// The document if `scope` allows its customer.
Result<std::optional<Row>> FindDocument(Connection& c, const storage::TenantScope& scope,
                                        int64_t id) {
  std::string sql = std::string(kDocumentSelect) + " WHERE id = ?";
  Params params{id};
  scope.AppendFilter(sql, params, "customer_id");
  return c.QueryOptional(sql, params);
}

std::string IndexableText(const std::string& content_type, std::string_view content) {
  if (content_type.rfind("text/", 0) != 0) return {};
  size_t cut = std::min(content.size(), kMaxIndexedText);
  // Do not cut a UTF-8 sequence in half: back up to the start of the
  // character that straddles the limit.
  if (cut < content.size()) {
    while (cut > 0 && (static_cast<unsigned char>(content[cut]) & 0xC0) == 0x80) --cut;
  }
  std::string_view head = content.substr(0, cut);
  return IsValidUtf8(head) ? std::string(head) : std::string();
}

Status ValidateNewDocument(const NewDocument& doc, std::string* title) {
  bool known_kind = false;
  for (auto k : DocumentKinds()) known_kind = known_kind || k == doc.kind;
  if (!known_kind) {
    return Status::InvalidArgument(
        "must be one of: master_contract, sow, sla, dr_plan, site_survey, "
        "security_requirements, other",
        "kind");
  }
  STEWARD_RETURN_IF_ERROR(ValidateFileName(doc.file_name));
  *title = doc.title.empty() ? doc.file_name : doc.title;
  if (title->size() > 200) return Status::InvalidArgument("longer than 200 bytes", "title");
  if (!IsValidUtf8(*title) || HasControlCharacters(*title, false)) {
    return Status::InvalidArgument("must be UTF-8 text without control characters", "title");
  }
  if (doc.content.empty()) return Status::InvalidArgument("the file is empty", "body");
  if (doc.content.size() > kMaxDocumentBytes) {
    return Status::PayloadTooLarge("documents are limited to 20 MiB");
  }
  return Status::Ok();
}

}  // namespace

Result<Json> CmdbService::UploadDocument(const accounts::Actor& actor, const NewDocument& doc) {
  std::string title;
  STEWARD_RETURN_IF_ERROR(ValidateNewDocument(doc, &title));
  std::string sha256 = Sha256Hex(doc.content);
  std::string content_type = ContentTypeForFileName(doc.file_name);

  // The file first, then the row: a row never points at a missing file. If
  // the row does not commit, the file is removed again.
  STEWARD_ASSIGN_OR_RETURN(std::string key, files_.Write(doc.content));
  Json out;
  Status s = db_.Transact([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(
        internal::RequireVisibleCustomer(c, actor.principal.scope(), doc.customer_id));
    Timestamp now = clock_.Now();
    const auto& p = actor.principal;
    STEWARD_ASSIGN_OR_RETURN(
        Row inserted,
        c.QueryOne("INSERT INTO documents (customer_id, kind, title, file_name, content_type,"
                   " size_bytes, sha256, storage_key, uploaded_by, created_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {doc.customer_id, doc.kind, title, doc.file_name, content_type,
                    static_cast<int64_t>(doc.content.size()), sha256, key,
                    p.user_id ? storage::Value(p.user_id) : storage::Value(), ToMillis(now)}));
    int64_t id = inserted.Int("id");
    STEWARD_ASSIGN_OR_RETURN(Row row,
                             c.QueryOne(std::string(kDocumentSelect) + " WHERE id = ?", {id}));
    out = DocumentJson(row);
    STEWARD_RETURN_IF_ERROR(search::Upsert(
        c,
        {search::ObjectType::kDocument, id, doc.customer_id, title,
         search::BodyText({doc.file_name, doc.kind, IndexableText(content_type, doc.content)})}));
    return audit::Record(c, now, actor,
                         {"document.upload",
                          "document",
                          std::to_string(id),
                          doc.customer_id,
                          {{"title", title},
                           {"file_name", doc.file_name},
                           {"kind", doc.kind},
                           {"size_bytes", doc.content.size()},
                           {"sha256", sha256}}});
  });
  if (!s.ok()) {
    if (Status removed = files_.Remove(key); !removed.ok()) {
      LogWarn("document upload failed and its file {} stays behind: {}", key, removed.ToString());
    }
    return s;
  }
  return out;
}

Result<Json> CmdbService::ListDocuments(const accounts::Principal& viewer,
                                        std::optional<int64_t> customer_id, Page page) {
  return internal::ListCustomerOwned(
      db_, viewer.scope(), customer_id, page,
      {"SELECT COUNT(*) AS n FROM documents", kDocumentSelect,
       " ORDER BY customer_id, created_at DESC, id DESC", "documents", DocumentJson});
}

Result<Json> CmdbService::GetDocument(const accounts::Principal& viewer, int64_t id) {
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, FindDocument(c, viewer.scope(), id));
    if (!row) return Status::NotFound("document", std::to_string(id));
    out = DocumentJson(*row);
    return Status::Ok();
  }));
  return out;
}

Result<DocumentContent> CmdbService::ReadDocument(const accounts::Principal& viewer, int64_t id) {
  std::optional<Row> row;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(row, FindDocument(c, viewer.scope(), id));
    return Status::Ok();
  }));
  if (!row) return Status::NotFound("document", std::to_string(id));
  auto bytes = files_.Read(row->Text("storage_key"));
  if (!bytes.ok()) {
    if (bytes.status().code() == StatusCode::kNotFound ||
        bytes.status().code() == StatusCode::kInvalidArgument) {
      return Status::DataLoss("the file of document " + std::to_string(id) + " is missing");
    }
    return bytes.status();
  }
  // A file changed behind the database's back is not served as the document.
  if (Sha256Hex(*bytes) != row->Text("sha256")) {
    return Status::DataLoss("the file of document " + std::to_string(id) +
                            " does not match its recorded SHA-256");
  }
  return DocumentContent{row->Text("file_name"), row->Text("content_type"), std::move(*bytes)};
}

Status CmdbService::DeleteDocument(const accounts::Actor& actor, int64_t id) {
  std::string key;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, FindDocument(c, actor.principal.scope(), id));
    if (!row) return Status::NotFound("document", std::to_string(id));
    key = row->Text("storage_key");
    STEWARD_RETURN_IF_ERROR(c.Execute("DELETE FROM documents WHERE id = ?", {id}).status());
    STEWARD_RETURN_IF_ERROR(search::Remove(c, search::ObjectType::kDocument, id));
    return audit::Record(c, clock_.Now(), actor,
                         {"document.delete",
                          "document",
                          std::to_string(id),
                          row->Int("customer_id"),
                          {{"title", row->Text("title")}, {"sha256", row->Text("sha256")}}});
  }));
  // After the commit: if removing the file fails, an unreferenced file stays
  // behind, which is untidy but never wrong (the reverse would be).
  if (Status removed = files_.Remove(key); !removed.ok()) {
    LogWarn("document {} deleted but its file {} stays behind: {}", id, key, removed.ToString());
  }
  return Status::Ok();
}

}  // namespace steward::cmdb
