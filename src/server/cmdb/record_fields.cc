#include "server/cmdb/record_fields.h"

#include "core/time_format.h"

namespace steward::cmdb {
namespace {

bool IsEmailShaped(std::string_view s) {
  size_t at = s.find('@');
  return s.size() >= 3 && at != std::string_view::npos && at > 0 && at == s.rfind('@') &&
         at + 1 < s.size() && s.find_first_of(" \t<>,;\"()[]\\") == std::string_view::npos;
}

bool IsHttpUrl(std::string_view s) {
  auto starts = [&](std::string_view prefix) {
    if (s.size() <= prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
      char c = s[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != prefix[i]) return false;
    }
    return true;
  };
  // Anything else (javascript:, data:) would be a script the console links to.
  return (starts("http://") || starts("https://")) && s.find(' ') == std::string_view::npos;
}

Status CheckText(const FieldSpec& f, const std::string& s) {
  std::string key(f.name);
  if (!IsValidUtf8(s)) return Status::InvalidArgument("must be valid UTF-8", key);
  if (HasControlCharacters(s, f.type == FieldType::kMultilineText)) {
    return Status::InvalidArgument("must not contain control characters", key);
  }
  if (f.type == FieldType::kEmail && !IsEmailShaped(s)) {
    return Status::InvalidArgument("not a valid e-mail address", key);
  }
  if (f.type == FieldType::kUrl && !IsHttpUrl(s)) {
    return Status::InvalidArgument("must be an http:// or https:// address", key);
  }
  return Status::Ok();
}

// Validates an installed-software list and returns it in normal form
// ({"name","version"[,"publisher"]}); agents send these, so every item is
// checked like API input.
Result<Json> ReadSoftwareList(const FieldSpec& f, const Json& v) {
  std::string key(f.name);
  if (!v.is_array()) return Status::InvalidArgument("must be an array of objects", key);
  if (v.size() > static_cast<size_t>(f.max)) {
    return Status::InvalidArgument("more than " + std::to_string(f.max) + " items", key);
  }
  Json out = Json::array();
  for (size_t i = 0; i < v.size(); ++i) {
    std::string prefix = key + "[" + std::to_string(i) + "]";
    ObjectReader item(v[i], prefix);
    std::string name = item.RequiredString("name", 1, 200);
    auto version = item.OptionalString("version", 100);
    auto publisher = item.OptionalString("publisher", 200);
    STEWARD_RETURN_IF_ERROR(item.Finish());
    for (const std::string* s :
         {&name, version ? &*version : nullptr, publisher ? &*publisher : nullptr}) {
      if (s && (!IsValidUtf8(*s) || HasControlCharacters(*s, false))) {
        return Status::InvalidArgument("must be UTF-8 text without control characters", prefix);
      }
    }
    Json entry = {{"name", name}, {"version", version ? Json(*version) : Json(nullptr)}};
    if (publisher) entry["publisher"] = *publisher;
    out.push_back(std::move(entry));
  }
  if (DumpJson(out).size() > f.max_len) {
    return Status::InvalidArgument("longer than " + std::to_string(f.max_len) + " bytes", key);
  }
  return out;
}

Json ParseStoredJson(const std::optional<std::string>& text, Json fallback) {
  if (!text) return fallback;
  Json j = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? fallback : j;
}

}  // namespace

bool IsDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  return ParseIso8601(s).ok();
}

bool HasControlCharacters(std::string_view s, bool multiline) {
  for (unsigned char c : s) {
    if (c == 0x7f) return true;
    if (c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) return true;
  }
  return false;
}

Result<Json> ParseFields(ObjectReader& r, const Json& body, const FieldSpecs& specs,
                         ParseMode mode) {
  Json out = Json::object();
  Status error;
  auto fail = [&](Status s) {
    if (error.ok()) error = std::move(s);
  };
  for (const FieldSpec& f : specs) {
    std::string key(f.name);
    if (!r.Has(key)) {
      (void)r.OptionalRaw(key);
      if (mode == ParseMode::kCreate) {
        if (f.required) {
          fail(Status::InvalidArgument("is required", key));
        } else {
          out[key] = f.default_value;
        }
      }
      continue;
    }
    if (mode == ParseMode::kPatch && f.immutable) {
      (void)r.OptionalRaw(key);
      fail(Status::InvalidArgument("cannot be changed", key));
      continue;
    }
    const Json& v = body.at(key);
    if (v.is_null()) {
      (void)r.OptionalRaw(key);
      if (f.required || !f.default_value.is_null()) {
        fail(Status::InvalidArgument("must not be null", key));
      } else {
        out[key] = nullptr;
      }
      continue;
    }
    switch (f.type) {
      case FieldType::kText:
      case FieldType::kMultilineText:
      case FieldType::kEmail:
      case FieldType::kUrl: {
        auto s = r.OptionalString(key, f.max_len);
        if (!s) break;  // the reader recorded why
        if (s->empty()) {
          if (f.required) {
            fail(Status::InvalidArgument("must not be empty", key));
          } else {
            out[key] = nullptr;  // "" clears a field; one spelling of "nothing"
          }
          break;
        }
        Status checked = CheckText(f, *s);
        if (!checked.ok()) {
          fail(checked);
          break;
        }
        out[key] = *s;
        break;
      }
      case FieldType::kEnum: {
        auto s = r.OptionalEnum(key, f.allowed);
        if (s) out[key] = *s;
        break;
      }
      case FieldType::kDate: {
        auto s = r.OptionalString(key, 10);
        if (!s) break;
        if (s->empty() && !f.required && f.default_value.is_null()) {
          out[key] = nullptr;
        } else if (!IsDate(*s)) {
          fail(Status::InvalidArgument("must be a date YYYY-MM-DD", key));
        } else {
          out[key] = *s;
        }
        break;
      }
      case FieldType::kInt: {
        auto n = r.OptionalInt(key, f.min, f.max);
        if (n) out[key] = *n;
        break;
      }
      case FieldType::kBool: {
        auto b = r.OptionalBool(key);
        if (b) out[key] = *b;
        break;
      }
      case FieldType::kJsonObject: {
        const Json* raw = r.OptionalRaw(key);
        if (!raw->is_object()) {
          fail(Status::InvalidArgument("must be a JSON object", key));
        } else if (DumpJson(*raw).size() > f.max_len) {
          fail(Status::InvalidArgument("longer than " + std::to_string(f.max_len) + " bytes", key));
        } else {
          out[key] = *raw;
        }
        break;
      }
      case FieldType::kSoftwareList: {
        auto list = ReadSoftwareList(f, *r.OptionalRaw(key));
        if (!list.ok()) {
          fail(list.status());
        } else {
          out[key] = std::move(*list);
        }
        break;
      }
    }
  }
  // The reader's errors (wrong JSON types, unknown fields) and ours: report
  // the reader's first, as a wrong type is the more basic mistake.
  STEWARD_RETURN_IF_ERROR(r.Finish());
  STEWARD_RETURN_IF_ERROR(error);
  return out;
}

Json FieldsFromRow(const storage::Row& row, const FieldSpecs& specs) {
  Json out = Json::object();
  for (const FieldSpec& f : specs) {
    std::string key(f.name);
    switch (f.type) {
      case FieldType::kInt: {
        auto v = row.OptInt(f.name);
        out[key] = v ? Json(*v) : Json(nullptr);
        break;
      }
      case FieldType::kBool:
        out[key] = row.Bool(f.name);
        break;
      case FieldType::kJsonObject:
        out[key] = ParseStoredJson(row.OptText(f.name), Json::object());
        break;
      case FieldType::kSoftwareList:
        out[key] = ParseStoredJson(row.OptText(f.name), Json::array());
        break;
      default: {
        auto v = row.OptText(f.name);
        out[key] = v ? Json(*v) : Json(nullptr);
        break;
      }
    }
  }
  return out;
}

void BindFields(const Json& record, const FieldSpecs& specs, storage::Params& params) {
  for (const FieldSpec& f : specs) {
    auto it = record.find(f.name);
    if (it == record.end() || it->is_null()) {
      params.emplace_back();
    } else if (it->is_string()) {
      params.emplace_back(it->get<std::string>());
    } else if (it->is_boolean()) {
      params.emplace_back(it->get<bool>());
    } else if (it->is_number_integer()) {
      params.emplace_back(it->get<int64_t>());
    } else {
      params.emplace_back(DumpJson(*it));
    }
  }
}

std::optional<std::string> HistoryText(const Json& value) {
  if (value.is_null()) return std::nullopt;
  if (value.is_string()) return value.get<std::string>();
  return DumpJson(value);
}

std::string DumpJson(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace steward::cmdb
