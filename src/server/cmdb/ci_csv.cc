// CSV export and import of CIs, for onboarding a customer from a spreadsheet
// and for handing the inventory back. Columns are "id" plus the CI fields by
// name (structured fields as JSON text). Import matches rows to existing CIs
// of the customer by serial_number; each row is validated like an API body
// and refused rows are reported, not applied.
#include <map>

#include "server/audit/audit_log.h"
#include "server/cmdb/ci_history.h"
#include "server/cmdb/ci_store.h"
#include "server/cmdb/cmdb_common.h"
#include "server/cmdb/cmdb_fields.h"
#include "server/cmdb/cmdb_service.h"
#include "server/cmdb/csv.h"

namespace steward::cmdb {

using storage::Connection;
using storage::Params;
using storage::Row;

namespace {

constexpr size_t kMaxImportRows = 10000;
constexpr size_t kMaxReportedErrors = 1000;

std::string CellText(const Json& v) {
  if (v.is_null()) return {};
  if (v.is_string()) return v.get<std::string>();
  return DumpJson(v);
}

std::string Trimmed(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// Integers in cells: an optional '-' and up to 18 digits.
std::optional<int64_t> ParseCellInt(const std::string& s) {
  size_t start = (!s.empty() && s[0] == '-') ? 1 : 0;
  if (s.size() == start || s.size() - start > 18) return std::nullopt;
  if (s.find_first_not_of("0123456789", start) != std::string::npos) return std::nullopt;
  return std::stoll(s);
}

struct RowError {
  int64_t row;
  std::string field;
  std::string message;
};

// What a header cell refers to: the "id" column (informational, ignored),
// or a CI field.
struct Column {
  bool is_id = false;
  const FieldSpec* field = nullptr;
};

Result<std::vector<Column>> ReadHeader(const CsvRecord& header) {
  std::vector<Column> columns;
  std::map<std::string, bool> seen;
  for (const std::string& raw : header.fields) {
    std::string name = Trimmed(raw);
    for (char& ch : name) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    if (seen.count(name)) return Status::InvalidArgument("column appears twice", name);
    seen[name] = true;
    Column col;
    if (name == "id") {
      col.is_id = true;
    } else {
      for (const FieldSpec& f : CiFields()) {
        if (f.name == name) col.field = &f;
      }
      if (!col.field) {
        return Status::InvalidArgument("unknown column \"" + name.substr(0, 64) + "\"",
                                       name.substr(0, 64));
      }
    }
    columns.push_back(col);
  }
  return columns;
}

// Turns one CSV row into an API-style body. Empty cells are left out: on an
// update they keep the stored value, on a create the default.
Status RowToBody(const CsvRecord& rec, const std::vector<Column>& columns, int64_t customer_id,
                 Json* body) {
  *body = Json::object();
  for (size_t i = 0; i < columns.size(); ++i) {
    const Column& col = columns[i];
    if (col.is_id) continue;
    std::string cell = UnguardFormula(rec.fields[i]);
    if (cell.empty()) continue;
    std::string key(col.field->name);
    if (key == "customer_id") {
      auto n = ParseCellInt(cell);
      if (!n || *n != customer_id) {
        return Status::InvalidArgument("does not match the customer being imported", key);
      }
      continue;
    }
    switch (col.field->type) {
      case FieldType::kInt: {
        auto n = ParseCellInt(cell);
        if (!n) return Status::InvalidArgument("must be an integer", key);
        (*body)[key] = *n;
        break;
      }
      case FieldType::kBool:
        if (cell != "true" && cell != "false") {
          return Status::InvalidArgument("must be true or false", key);
        }
        (*body)[key] = cell == "true";
        break;
      case FieldType::kJsonObject:
      case FieldType::kSoftwareList: {
        auto parsed = ParseJsonStrict(cell);
        if (!parsed.ok()) return Status::InvalidArgument("must be JSON", key);
        (*body)[key] = std::move(*parsed);
        break;
      }
      default:
        (*body)[key] = cell;
        break;
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> CmdbService::ExportCisCsv(const accounts::Principal& viewer,
                                              std::optional<int64_t> customer_id) {
  std::string out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::string sql = std::string(internal::kCiSelect) + " WHERE 1 = 1";
    Params params;
    viewer.scope().AppendFilter(sql, params, "customer_id");
    if (customer_id) {
      STEWARD_RETURN_IF_ERROR(internal::RequireVisibleCustomer(c, viewer.scope(), *customer_id));
      sql += " AND customer_id = ?";
      params.emplace_back(*customer_id);
    }
    sql += " ORDER BY customer_id, id";
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
    std::vector<std::string> header = {"id"};
    for (const FieldSpec& f : CiFields()) header.emplace_back(f.name);
    out = CsvLine(header);
    for (const Row& r : rows) {
      Json ci = FieldsFromRow(r, CiFields());
      std::vector<std::string> cells = {std::to_string(r.Int("id"))};
      for (const FieldSpec& f : CiFields()) cells.push_back(CellText(ci[std::string(f.name)]));
      out += CsvLine(cells);
    }
    return Status::Ok();
  }));
  return out;
}

Result<Json> CmdbService::ImportCisCsv(const accounts::Actor& actor, int64_t customer_id,
                                       std::string_view csv,
                                       const std::optional<std::string>& rfc_ref) {
  if (csv.size() > kMaxImportBytes) {
    return Status::PayloadTooLarge("a CSV import is limited to 5 MiB");
  }
  STEWARD_RETURN_IF_ERROR(internal::CheckRfcRef(rfc_ref));
  STEWARD_ASSIGN_OR_RETURN(std::vector<CsvRecord> records,
                           ParseCsv(csv, {.max_records = kMaxImportRows + 1}));
  if (records.empty()) return Status::InvalidArgument("the CSV has no header row");
  STEWARD_ASSIGN_OR_RETURN(std::vector<Column> columns, ReadHeader(records[0]));

  int64_t created = 0;
  int64_t updated = 0;
  std::vector<RowError> errors;
  size_t error_count = 0;
  auto report = [&](int64_t row, const Status& s) {
    ++error_count;
    if (errors.size() < kMaxReportedErrors) errors.push_back({row, s.field(), s.message()});
  };

  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(
        internal::RequireVisibleCustomer(c, actor.principal.scope(), customer_id));
    // Once, before any row is written: a row refused after its write would
    // be reported and kept.
    if (rfc_ref) {
      STEWARD_RETURN_IF_ERROR(ResolveRfcRef(c, customer_id, *rfc_ref).status());
    }
    for (size_t i = 1; i < records.size(); ++i) {
      const CsvRecord& rec = records[i];
      // Rows are numbered like spreadsheet rows: the header is row 1.
      int64_t row_number = static_cast<int64_t>(i) + 1;
      bool blank = true;
      for (const auto& f : rec.fields) blank = blank && f.empty();
      if (blank) continue;
      if (rec.fields.size() != columns.size()) {
        report(row_number,
               Status::InvalidArgument("has " + std::to_string(rec.fields.size()) +
                                       " cells; the header has " + std::to_string(columns.size())));
        continue;
      }
      Json body;
      if (Status s = RowToBody(rec, columns, customer_id, &body); !s.ok()) {
        report(row_number, s);
        continue;
      }
      std::optional<int64_t> existing;
      if (body.contains("serial_number")) {
        STEWARD_ASSIGN_OR_RETURN(
            storage::Rows matches,
            c.Query("SELECT id FROM cis WHERE customer_id = ? AND serial_number = ? LIMIT 2",
                    {customer_id, body["serial_number"].get<std::string>()}));
        if (matches.size() > 1) {
          report(row_number,
                 Status::InvalidArgument("several CIs of this customer have this serial number",
                                         "serial_number"));
          continue;
        }
        if (!matches.empty()) existing = matches[0].Int("id");
      }
      // Refusals (InvalidArgument) are raised before the first write of a
      // row, so reporting them and moving on keeps the transaction clean;
      // any other failure aborts the whole import.
      Result<Json> applied = Status::Internal("unset");
      if (existing) {
        ObjectReader r(body);
        auto changes = ParseFields(r, body, CiFields(), ParseMode::kPatch);
        applied = changes.ok() ? PatchCi(c, actor, *existing, *changes, rfc_ref, "ci.update")
                               : Result<Json>(changes.status());
      } else {
        body["customer_id"] = customer_id;
        ObjectReader r(body);
        auto fields = ParseFields(r, body, CiFields(), ParseMode::kCreate);
        applied = fields.ok() ? CreateCiInTransaction(c, actor, *fields, rfc_ref)
                              : Result<Json>(fields.status());
      }
      if (!applied.ok()) {
        if (applied.status().code() != StatusCode::kInvalidArgument) return applied.status();
        report(row_number, applied.status());
        continue;
      }
      if (existing) {
        ++updated;
      } else {
        ++created;
      }
    }
    Json details = {{"created", created}, {"updated", updated}, {"errors", error_count}};
    if (rfc_ref) details["rfc_ref"] = *rfc_ref;
    return audit::Record(
        c, clock_.Now(), actor,
        {"ci.import", "customer", std::to_string(customer_id), customer_id, std::move(details)});
  }));

  Json error_list = Json::array();
  for (const RowError& e : errors) {
    error_list.push_back({{"row", e.row},
                          {"field", e.field.empty() ? Json(nullptr) : Json(e.field)},
                          {"message", e.message}});
  }
  return Json{{"created", created}, {"updated", updated}, {"errors", std::move(error_list)}};
}

}  // namespace steward::cmdb
