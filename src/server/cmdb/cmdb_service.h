// CmdbService is the customer data repository (SPEC §1): customers, their
// sites and contacts, the MSP's staff directory, configuration items (CIs)
// with field-level change history and relations, per-customer documents,
// full-text search and CSV import/export of CIs.
//
// Tenant isolation lives here, once: every read and write filters its store
// queries with the caller's TenantScope, so an object of another customer is
// NotFound — never returned, never distinguishable from a missing one — in
// get, list, search, export, history and relation calls alike. Route roles
// decide *whether* a caller may act; this class decides *what* it can see.
//
// Every write runs in one database transaction together with its audit record,
// its CI history rows and its search-index rows: a failed validation or a
// failed statement stores nothing. Document bytes live outside the database in
// <data_dir>/documents/ under server-generated names; a file whose database
// row did not commit is removed again.
//
// Results are JSON shaped for the HTTP API (times ISO 8601 UTC, dates
// "YYYY-MM-DD"). Input bodies are validated with ObjectReader: unknown fields,
// wrong types, over-long strings and bad enum values are InvalidArgument
// naming the field.
//
// Thread-safe: all state is in the database and the document directory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/json.h"
#include "server/accounts/principal.h"
#include "server/cmdb/document_files.h"
#include "storage/database.h"

namespace steward::cmdb {

// Paging of list calls. Lists answer {"<items>":[...],"total":n,"limit":l,"offset":o}.
struct Page {
  int64_t limit = 50;  // 1..500
  int64_t offset = 0;
};

struct CustomerQuery {
  std::optional<std::string> q;  // case-insensitive substring of the name
  Page page;
};

struct CiQuery {
  std::optional<int64_t> customer_id;
  std::optional<std::string> kind;    // one of the CI kinds
  std::optional<std::string> status;  // active | retired
  std::optional<std::string> q;       // substring of name, serial number, make or model
  Page page;
};

struct NewDocument {
  int64_t customer_id = 0;
  std::string kind;       // master_contract, sow, sla, dr_plan, site_survey, ...
  std::string title;      // defaults to file_name when empty
  std::string file_name;  // user input: validated, shown, never used as a path
  std::string_view content;
};

struct DocumentContent {
  std::string file_name;
  std::string content_type;
  std::string bytes;
};

// The objects whose owning customer OwnerOf can report.
enum class ObjectKind { kCustomer, kSite, kContact, kCi, kDocument, kStaff };

inline constexpr size_t kMaxDocumentBytes = 20u * 1024u * 1024u;
inline constexpr size_t kMaxImportBytes = 5u * 1024u * 1024u;

class CmdbService {
 public:
  CmdbService(storage::Database& db, const Clock& clock, std::string data_dir);

  // --- Customers -----------------------------------------------------------
  // Body: name (required, unique), code, status, phone, website, notes,
  // sla_policy, calendar_id. Returns the stored customer. AlreadyExists (field
  // "name") for a taken name; PermissionDenied for a caller bound to a customer.
  Result<Json> CreateCustomer(const accounts::Actor& actor, const Json& body);
  Result<Json> GetCustomer(const accounts::Principal& viewer, int64_t id);
  Result<Json> ListCustomers(const accounts::Principal& viewer, const CustomerQuery& query);
  // Any subset of the create fields.
  Result<Json> UpdateCustomer(const accounts::Actor& actor, int64_t id, const Json& patch);

  // --- Sites ---------------------------------------------------------------
  // Body: customer_id (required, fixed), name (required), address, city,
  // postal_code, country, phone, notes. NotFound for an invisible customer.
  Result<Json> CreateSite(const accounts::Actor& actor, const Json& body);
  Result<Json> GetSite(const accounts::Principal& viewer, int64_t id);
  // Every visible site, or those of `customer_id` (NotFound if it is not visible).
  Result<Json> ListSites(const accounts::Principal& viewer, std::optional<int64_t> customer_id,
                         Page page);
  Result<Json> UpdateSite(const accounts::Actor& actor, int64_t id, const Json& patch);
  // FailedPrecondition while a contact or CI still references the site.
  Status DeleteSite(const accounts::Actor& actor, int64_t id);

  // --- Contacts ------------------------------------------------------------
  // Body: customer_id (required, fixed), site_id (same customer), name
  // (required), email, phone, title, is_primary, notes. Making a contact
  // primary clears the flag on the customer's other contacts.
  Result<Json> CreateContact(const accounts::Actor& actor, const Json& body);
  Result<Json> GetContact(const accounts::Principal& viewer, int64_t id);
  Result<Json> ListContacts(const accounts::Principal& viewer, std::optional<int64_t> customer_id,
                            Page page);
  Result<Json> UpdateContact(const accounts::Actor& actor, int64_t id, const Json& patch);
  // FailedPrecondition while a portal user is linked to the contact.
  Status DeleteContact(const accounts::Actor& actor, int64_t id);

  // --- Staff directory (read-only; users are edited through the user API) --
  // Staff users (role != portal) with phone, expertise, responsibilities,
  // availability, on_call and the active CIs they are responsible for.
  // PermissionDenied for a caller bound to a customer.
  Result<Json> ListStaff(const accounts::Principal& viewer);
  Result<Json> GetStaff(const accounts::Principal& viewer, int64_t user_id);

  // --- Configuration items -------------------------------------------------
  // Body: customer_id, kind and name (required) and any other CI field (see
  // cmdb_fields.h), plus an optional "rfc_ref". Records one "created" history
  // entry. InvalidArgument naming the field for a site of another customer or
  // a responsible user who is not active staff.
  Result<Json> CreateCi(const accounts::Actor& actor, const Json& body);
  Result<Json> GetCi(const accounts::Principal& viewer, int64_t id);
  Result<Json> ListCis(const accounts::Principal& viewer, const CiQuery& query);
  // Any subset of the CI fields (customer_id is fixed) plus an optional
  // "rfc_ref" naming the change the edit belongs to. Each changed field gets
  // one history entry; an edit that changes nothing records nothing.
  Result<Json> UpdateCi(const accounts::Actor& actor, int64_t id, const Json& patch);
  // The same inside the caller's transaction, for services (inventory
  // ingest) that update CIs as part of a larger write. Validates, writes,
  // records history, the search entry and the audit record on `c`.
  Result<Json> UpdateCiInTransaction(storage::Connection& c, const accounts::Actor& actor,
                                     int64_t id, const Json& patch);
  // CreateCi inside the caller's transaction (agent enrolment creates the
  // device together with its credential); `body` is validated the same way.
  Result<Json> CreateCiWithin(storage::Connection& c, const accounts::Actor& actor,
                              const Json& body);
  // Sets status "retired" (history is kept). Returns the CI.
  Result<Json> RetireCi(const accounts::Actor& actor, int64_t id,
                        const std::optional<std::string>& rfc_ref);
  // {"history":[{"id","at","actor","actor_user_id","field","old_value","new_value","rfc_ref"}]}
  // newest first.
  Result<Json> CiHistory(const accounts::Principal& viewer, int64_t ci_id, int64_t limit = 500);

  // --- CI relations (runs_on, depends_on, connected_to) --------------------
  // {"outgoing":[...],"incoming":[...]}, each
  // {"id","kind","ci_id","ci_name","ci_kind","created_at"}.
  Result<Json> ListRelations(const accounts::Principal& viewer, int64_t ci_id);
  // Body: to_ci_id, kind, optional rfc_ref. InvalidArgument for a self
  // relation or a CI of another customer; AlreadyExists for a duplicate
  // (connected_to counts both directions).
  Result<Json> AddRelation(const accounts::Actor& actor, int64_t ci_id, const Json& body);
  Status DeleteRelation(const accounts::Actor& actor, int64_t ci_id, int64_t relation_id);

  // --- CSV -----------------------------------------------------------------
  // RFC 4180 CSV with a header row, formula-injection-safe cells.
  Result<std::string> ExportCisCsv(const accounts::Principal& viewer,
                                   std::optional<int64_t> customer_id);
  // Creates or (by serial_number) updates CIs of `customer_id` from `csv`.
  // Returns {"created":n,"updated":m,"errors":[{"row","field","message"}]};
  // bad rows are skipped, good rows applied, all in one transaction.
  // InvalidArgument for input that is not CSV or has an unknown column.
  Result<Json> ImportCisCsv(const accounts::Actor& actor, int64_t customer_id, std::string_view csv,
                            const std::optional<std::string>& rfc_ref);

  // --- Documents -----------------------------------------------------------
  // Stores the bytes under a random key (temp file, fsync, rename) and the
  // metadata with the SHA-256. InvalidArgument (field "file_name") for a name
  // that could act as a path; PayloadTooLarge past kMaxDocumentBytes.
  Result<Json> UploadDocument(const accounts::Actor& actor, const NewDocument& doc);
  Result<Json> ListDocuments(const accounts::Principal& viewer, std::optional<int64_t> customer_id,
                             Page page);
  Result<Json> GetDocument(const accounts::Principal& viewer, int64_t id);
  // DataLoss if the stored bytes no longer match the recorded SHA-256.
  Result<DocumentContent> ReadDocument(const accounts::Principal& viewer, int64_t id);
  Status DeleteDocument(const accounts::Actor& actor, int64_t id);

  // --- Search --------------------------------------------------------------
  // {"results":[{"type","id","title","customer_id"}]}, best match first, at
  // most `limit`. Every word of `q` is a prefix term; all must match.
  // InvalidArgument (field "q") when `q` has no letters or digits.
  Result<Json> Search(const accounts::Principal& viewer, std::string_view q, int limit = 50);

  // The customer an object belongs to, ignoring any scope: 0 for MSP-wide
  // objects (staff), nullopt if it does not exist. Only for deciding between
  // 404 and 403 for callers whose role is refused; never to show data.
  Result<std::optional<int64_t>> OwnerOf(ObjectKind kind, int64_t id);

  const DocumentFiles& document_files() const { return files_; }

 private:
  Result<Json> CreateCiInTransaction(storage::Connection& c, const accounts::Actor& actor,
                                     Json fields, const std::optional<std::string>& rfc_ref);
  Result<Json> PatchCi(storage::Connection& c, const accounts::Actor& actor, int64_t id,
                       const Json& changes, const std::optional<std::string>& rfc_ref,
                       const char* audit_action);

  storage::Database& db_;
  const Clock& clock_;
  DocumentFiles files_;
};

}  // namespace steward::cmdb
