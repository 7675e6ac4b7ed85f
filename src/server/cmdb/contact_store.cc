// Contacts: the customer's people (some of them are also portal users).
#include "server/audit/audit_log.h"
#include "server/cmdb/cmdb_common.h"
#include "server/cmdb/cmdb_fields.h"
#include "server/cmdb/cmdb_service.h"
#include "server/cmdb/search_index.h"

namespace steward::cmdb {

using storage::Connection;
using storage::Params;
using storage::Row;

namespace {

constexpr std::string_view kContactSelect =
    "SELECT id, customer_id, site_id, name, email, phone, title, is_primary, notes, created_at,"
    " updated_at FROM contacts";

Json ContactJson(const Row& r) {
  Json j = FieldsFromRow(r, ContactFields());
  j["id"] = r.Int("id");
  j["created_at"] = internal::IsoTime(r.Int("created_at"));
  j["updated_at"] = internal::IsoTime(r.Int("updated_at"));
  return j;
}

// The contact if `scope` allows its customer.
Result<std::optional<Row>> FindContact(Connection& c, const storage::TenantScope& scope,
                                       int64_t id) {
  std::string sql = std::string(kContactSelect) + " WHERE id = ?";
  Params params{id};
  scope.AppendFilter(sql, params, "customer_id");
  return c.QueryOptional(sql, params);
}

Status IndexContact(Connection& c, const Json& contact) {
  auto text = [&](const char* key) {
    const Json& v = contact.at(key);
    return v.is_string() ? v.get<std::string>() : std::string();
  };
  return search::Upsert(
      c, {search::ObjectType::kContact, contact.at("id").get<int64_t>(),
          contact.at("customer_id").get<int64_t>(), text("name"),
          search::BodyText({text("title"), text("email"), text("phone"), text("notes")})});
}

// One primary contact per customer: setting the flag moves it.
Status ClearOtherPrimaries(Connection& c, int64_t customer_id, int64_t keep_id, int64_t now) {
  return c
      .Execute(
          "UPDATE contacts SET is_primary = 0, updated_at = ? WHERE customer_id = ?"
          " AND id <> ? AND is_primary = 1",
          {now, customer_id, keep_id})
      .status();
}

}  // namespace

Result<Json> CmdbService::CreateContact(const accounts::Actor& actor, const Json& body) {
  ObjectReader r(body);
  STEWARD_ASSIGN_OR_RETURN(Json fields, ParseFields(r, body, ContactFields(), ParseMode::kCreate));
  int64_t customer_id = fields["customer_id"].get<int64_t>();
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(
        internal::RequireVisibleCustomer(c, actor.principal.scope(), customer_id));
    if (fields["site_id"].is_number_integer()) {
      STEWARD_RETURN_IF_ERROR(
          internal::RequireSiteOfCustomer(c, fields["site_id"].get<int64_t>(), customer_id));
    }
    Timestamp now = clock_.Now();
    Params params;
    BindFields(fields, ContactFields(), params);
    params.emplace_back(ToMillis(now));
    params.emplace_back(ToMillis(now));
    STEWARD_ASSIGN_OR_RETURN(
        Row inserted,
        c.QueryOne("INSERT INTO contacts (customer_id, site_id, name, email, phone, title,"
                   " is_primary, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                   " ?, ?) RETURNING id",
                   params));
    int64_t id = inserted.Int("id");
    if (fields["is_primary"].get<bool>()) {
      STEWARD_RETURN_IF_ERROR(ClearOtherPrimaries(c, customer_id, id, ToMillis(now)));
    }
    STEWARD_ASSIGN_OR_RETURN(Row row,
                             c.QueryOne(std::string(kContactSelect) + " WHERE id = ?", {id}));
    out = ContactJson(row);
    STEWARD_RETURN_IF_ERROR(IndexContact(c, out));
    return audit::Record(
        c, now, actor,
        {"contact.create", "contact", std::to_string(id), customer_id, {{"name", out["name"]}}});
  }));
  return out;
}

Result<Json> CmdbService::GetContact(const accounts::Principal& viewer, int64_t id) {
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, FindContact(c, viewer.scope(), id));
    if (!row) return Status::NotFound("contact", std::to_string(id));
    out = ContactJson(*row);
    return Status::Ok();
  }));
  return out;
}

Result<Json> CmdbService::ListContacts(const accounts::Principal& viewer,
                                       std::optional<int64_t> customer_id, Page page) {
  return internal::ListCustomerOwned(
      db_, viewer.scope(), customer_id, page,
      {"SELECT COUNT(*) AS n FROM contacts", kContactSelect,
       " ORDER BY customer_id, is_primary DESC, name, id", "contacts", ContactJson});
}

Result<Json> CmdbService::UpdateContact(const accounts::Actor& actor, int64_t id,
                                        const Json& patch) {
  ObjectReader r(patch);
  STEWARD_ASSIGN_OR_RETURN(Json changes, ParseFields(r, patch, ContactFields(), ParseMode::kPatch));
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, FindContact(c, actor.principal.scope(), id));
    if (!row) return Status::NotFound("contact", std::to_string(id));
    int64_t customer_id = row->Int("customer_id");
    Json before = FieldsFromRow(*row, ContactFields());
    Json changed = internal::ChangedFieldNames(before, changes);
    if (changed.empty()) {
      out = ContactJson(*row);
      return Status::Ok();
    }
    if (changes.contains("site_id") && changes["site_id"].is_number_integer()) {
      STEWARD_RETURN_IF_ERROR(
          internal::RequireSiteOfCustomer(c, changes["site_id"].get<int64_t>(), customer_id));
    }
    Json merged = before;
    merged.update(changes);
    Timestamp now = clock_.Now();
    Params params;
    BindFields(merged, ContactFields(), params);
    params.emplace_back(ToMillis(now));
    params.emplace_back(id);
    STEWARD_RETURN_IF_ERROR(
        c.Execute("UPDATE contacts SET customer_id = ?, site_id = ?, name = ?, email = ?,"
                  " phone = ?, title = ?, is_primary = ?, notes = ?, updated_at = ? WHERE id = ?",
                  params)
            .status());
    if (merged["is_primary"].get<bool>()) {
      STEWARD_RETURN_IF_ERROR(ClearOtherPrimaries(c, customer_id, id, ToMillis(now)));
    }
    STEWARD_ASSIGN_OR_RETURN(Row updated,
                             c.QueryOne(std::string(kContactSelect) + " WHERE id = ?", {id}));
    out = ContactJson(updated);
    STEWARD_RETURN_IF_ERROR(IndexContact(c, out));
    return audit::Record(
        c, now, actor,
        {"contact.update", "contact", std::to_string(id), customer_id, {{"fields", changed}}});
  }));
  return out;
}

Status CmdbService::DeleteContact(const accounts::Actor& actor, int64_t id) {
  return db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, FindContact(c, actor.principal.scope(), id));
    if (!row) return Status::NotFound("contact", std::to_string(id));
    STEWARD_ASSIGN_OR_RETURN(Row users, c.QueryOne("SELECT COUNT(*) AS n FROM users"
                                                   " WHERE contact_id = ?",
                                                   {id}));
    if (users.Int("n") > 0) {
      return Status::FailedPrecondition(
          "a portal user is linked to this contact; remove or relink the user first");
    }
    STEWARD_RETURN_IF_ERROR(c.Execute("DELETE FROM contacts WHERE id = ?", {id}).status());
    STEWARD_RETURN_IF_ERROR(search::Remove(c, search::ObjectType::kContact, id));
    return audit::Record(c, clock_.Now(), actor,
                         {"contact.delete",
                          "contact",
                          std::to_string(id),
                          row->Int("customer_id"),
                          {{"name", row->Text("name")}}});
  });
}

}  // namespace steward::cmdb
