// Declarative field tables for the CMDB's records. Each object type (customer,
// site, contact, CI) is described once by a list of FieldSpec: its JSON key
// (which is also its column name), type, limits and defaults. From that one
// table come input validation (create and patch), the JSON shape of a stored
// row, the bound parameters of the store's constant INSERT/UPDATE statements
// and the text form of values in the CI history. The SQL itself stays
// constant text written next to each table (SECURITY.md rule 4): the table
// only orders the bound values.
//
// Records travel as JSON objects keyed by field name; a null value is SQL NULL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "storage/database.h"

namespace steward::cmdb {

enum class FieldType {
  kText,           // one line: no control characters
  kMultilineText,  // may contain \n, \r and \t
  kEmail,          // one line, shaped like an e-mail address
  kUrl,            // one line, http:// or https:// only (it becomes a link in the console)
  kEnum,           // one of `allowed`
  kDate,           // "YYYY-MM-DD", a real calendar date
  kInt,            // within [min, max]
  kBool,
  kJsonObject,    // any JSON object, serialised size <= max_len
  kSoftwareList,  // [{"name","version","publisher"}], at most `max` items
};

struct FieldSpec {
  std::string_view name;
  FieldType type = FieldType::kText;
  size_t max_len = 200;  // bytes of text, or of the serialised JSON
  std::vector<std::string_view> allowed = {};
  int64_t min = 0;
  int64_t max = 0;
  bool required = false;   // on create; never null or empty afterwards
  bool immutable = false;  // set on create, refused in a patch
  // Filled in on create when absent. A field with a non-null default is not
  // nullable: its value can change but never be cleared.
  Json default_value = nullptr;
};

using FieldSpecs = std::vector<FieldSpec>;

enum class ParseMode { kCreate, kPatch };

// Reads every field of `specs` from `body` through `reader` and finishes the
// reader (so the caller must take any extra keys, such as "rfc_ref", first).
// kCreate: the result holds every field, absent ones at their default (or
// null). kPatch: only the fields present. Empty strings of optional text
// fields become null. InvalidArgument naming the first bad or unknown field.
Result<Json> ParseFields(ObjectReader& reader, const Json& body, const FieldSpecs& specs,
                         ParseMode mode);

// The record stored in `row` (which must select every column of `specs`).
Json FieldsFromRow(const storage::Row& row, const FieldSpecs& specs);

// Appends the values of `record` in the order of `specs`.
void BindFields(const Json& record, const FieldSpecs& specs, storage::Params& params);

// A value as history text: null for null, strings as themselves, everything
// else as compact JSON.
std::optional<std::string> HistoryText(const Json& value);

// True for "YYYY-MM-DD" naming a real date.
bool IsDate(std::string_view s);

// True if `s` holds a control character; `multiline` permits \n, \r and \t.
bool HasControlCharacters(std::string_view s, bool multiline);

// Compact JSON text that never throws: invalid UTF-8 (possible in JSON built
// by a caller from agent data rather than parsed strictly) becomes U+FFFD.
std::string DumpJson(const Json& value);

}  // namespace steward::cmdb
