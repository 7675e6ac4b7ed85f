#include "core/json.h"

#include <vector>

#include "core/time_format.h"

namespace steward {

Json IsoOrNull(std::optional<int64_t> millis) {
  return millis ? Json(FormatIso8601(FromMillis(*millis))) : Json(nullptr);
}

Json IsoOrNull(const std::optional<Timestamp>& at) {
  return IsoOrNull(at ? std::optional<int64_t>(ToMillis(*at)) : std::nullopt);
}
namespace {

// Builds a DOM like nlohmann's own parser, but rejects duplicate keys and
// excessive depth, which the stock parser silently accepts.
class StrictSax : public nlohmann::json_sax<Json> {
 public:
  explicit StrictSax(JsonLimits limits) : limits_(limits) {}

  bool null() override { return Put(Json(nullptr)); }
  bool boolean(bool v) override { return Put(Json(v)); }
  bool number_integer(number_integer_t v) override { return Put(Json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Put(Json(v)); }
  bool number_float(number_float_t v, const string_t&) override { return Put(Json(v)); }
  bool string(string_t& v) override { return Put(Json(std::move(v))); }
  bool binary(binary_t&) override { return Fail("binary values are not JSON"); }

  bool start_object(std::size_t) override { return Open(Json::object()); }
  bool key(string_t& k) override {
    Frame& f = stack_.back();
    if (f.keys.count(k)) return Fail("duplicate key \"" + k + "\"");
    f.keys.insert(k);
    f.pending_key = std::move(k);
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(Json::array()); }
  bool end_array() override { return Close(); }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    if (error_.empty()) {
      error_ = "malformed JSON at byte " + std::to_string(position);
      std::string what = ex.what();
      // nlohmann's messages say why (e.g. "ill-formed UTF-8 byte"); keep the tail.
      auto colon = what.rfind(": ");
      if (colon != std::string::npos) error_ += ": " + what.substr(colon + 2);
    }
    return false;
  }

  Json TakeRoot() { return std::move(root_); }
  const std::string& error() const { return error_; }

 private:
  struct Frame {
    Json value;
    std::set<std::string> keys;
    std::string pending_key;
  };

  bool Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }
  bool Put(Json v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return true;
    }
    Frame& f = stack_.back();
    if (f.value.is_object()) {
      f.value[f.pending_key] = std::move(v);
    } else {
      f.value.push_back(std::move(v));
    }
    return true;
  }
  bool Open(Json v) {
    if (stack_.size() >= limits_.max_depth) return Fail("JSON nested too deeply");
    stack_.push_back(Frame{std::move(v), {}, {}});
    return true;
  }
  bool Close() {
    Json v = std::move(stack_.back().value);
    stack_.pop_back();
    return Put(std::move(v));
  }

  JsonLimits limits_;
  std::vector<Frame> stack_;
  Json root_;
  std::string error_;
};

}  // namespace

Result<Json> ParseJsonStrict(std::string_view text, JsonLimits limits) {
  if (text.empty()) return Status::InvalidArgument("request body is empty; JSON expected");
  if (!IsValidUtf8(text)) return Status::InvalidArgument("body is not valid UTF-8");
  // RFC 8259 §8.1: JSON text sent between systems must not begin with a
  // byte-order mark; nlohmann skips one silently, strict parsing refuses it.
  if (text.starts_with("\xEF\xBB\xBF")) {
    return Status::InvalidArgument("malformed JSON: a byte-order mark before the value");
  }
  StrictSax sax(limits);
  bool ok = false;
  try {
    ok = Json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json,
                         /*strict=*/true);
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("malformed JSON: ") + e.what());
  }
  if (!ok) {
    return Status::InvalidArgument(sax.error().empty() ? "malformed JSON" : sax.error());
  }
  return sax.TakeRoot();
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return false;
    }
    i += len;
  }
  return true;
}

ObjectReader::ObjectReader(const Json& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {
  if (!object_.is_object()) {
    first_error_ = Status::InvalidArgument("a JSON object is expected", prefix_);
  }
}

std::string ObjectReader::FieldName(std::string_view key) const {
  return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
}

void ObjectReader::Fail(Status status) {
  if (first_error_.ok()) first_error_ = std::move(status);
}

bool ObjectReader::Has(std::string_view key) const {
  return object_.is_object() && object_.contains(key);
}

const Json* ObjectReader::Take(std::string_view key) {
  known_.insert(std::string(key));
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(key);
  if (it == object_.end()) return nullptr;
  return &*it;
}

const Json* ObjectReader::OptionalRaw(std::string_view key) { return Take(key); }

std::optional<std::string> ObjectReader::OptionalString(std::string_view key, size_t max_len) {
  const Json* v = Take(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) {
    Fail(Status::InvalidArgument("must be a string", FieldName(key)));
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max_len) {
    Fail(Status::InvalidArgument("longer than " + std::to_string(max_len) + " bytes",
                                 FieldName(key)));
    return std::nullopt;
  }
  return s;
}

std::optional<std::optional<std::string>> ObjectReader::NullableString(std::string_view key,
                                                                       size_t max_len) {
  const Json* v = Take(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>();
  auto s = OptionalString(key, max_len);
  if (!s) return std::nullopt;
  return std::optional<std::string>(std::move(*s));
}

std::string ObjectReader::RequiredString(std::string_view key, size_t min_len, size_t max_len) {
  if (!Has(key) || object_[std::string(key)].is_null()) {
    Take(key);
    Fail(Status::InvalidArgument("is required", FieldName(key)));
    return {};
  }
  auto s = OptionalString(key, max_len);
  if (!s) return {};
  if (s->size() < min_len) {
    Fail(Status::InvalidArgument(
        min_len == 1 ? "must not be empty" : "shorter than " + std::to_string(min_len) + " bytes",
        FieldName(key)));
  }
  return *s;
}

std::optional<int64_t> ObjectReader::OptionalInt(std::string_view key, int64_t min, int64_t max) {
  const Json* v = Take(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_number_integer()) {
    Fail(Status::InvalidArgument("must be an integer", FieldName(key)));
    return std::nullopt;
  }
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    Fail(Status::InvalidArgument("out of range", FieldName(key)));
    return std::nullopt;
  }
  int64_t n = v->get<int64_t>();
  if (n < min || n > max) {
    Fail(Status::InvalidArgument(
        "must be between " + std::to_string(min) + " and " + std::to_string(max), FieldName(key)));
    return std::nullopt;
  }
  return n;
}

std::optional<std::optional<int64_t>> ObjectReader::NullableInt(std::string_view key, int64_t min,
                                                                int64_t max) {
  const Json* v = Take(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<int64_t>();
  auto n = OptionalInt(key, min, max);
  if (!n) return std::nullopt;
  return std::optional<int64_t>(*n);
}

int64_t ObjectReader::RequiredInt(std::string_view key, int64_t min, int64_t max) {
  if (!Has(key)) {
    Take(key);
    Fail(Status::InvalidArgument("is required", FieldName(key)));
    return 0;
  }
  return OptionalInt(key, min, max).value_or(0);
}

std::optional<double> ObjectReader::OptionalNumber(std::string_view key, double min, double max) {
  const Json* v = Take(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_number()) {
    Fail(Status::InvalidArgument("must be a number", FieldName(key)));
    return std::nullopt;
  }
  double d = v->get<double>();
  if (!(d >= min && d <= max)) {
    Fail(Status::InvalidArgument("out of range", FieldName(key)));
    return std::nullopt;
  }
  return d;
}

std::optional<bool> ObjectReader::OptionalBool(std::string_view key) {
  const Json* v = Take(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_boolean()) {
    Fail(Status::InvalidArgument("must be true or false", FieldName(key)));
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::string> ObjectReader::OptionalEnum(
    std::string_view key, const std::vector<std::string_view>& allowed) {
  auto s = OptionalString(key, 64);
  if (!s) return std::nullopt;
  for (auto a : allowed) {
    if (a == *s) return s;
  }
  std::string list;
  for (auto a : allowed) {
    if (!list.empty()) list += ", ";
    list += a;
  }
  Fail(Status::InvalidArgument("must be one of: " + list, FieldName(key)));
  return std::nullopt;
}

std::string ObjectReader::RequiredEnum(std::string_view key,
                                       const std::vector<std::string_view>& allowed) {
  if (!Has(key)) {
    Take(key);
    Fail(Status::InvalidArgument("is required", FieldName(key)));
    return {};
  }
  return OptionalEnum(key, allowed).value_or("");
}

std::optional<std::vector<std::string>> ObjectReader::OptionalStringArray(std::string_view key,
                                                                          size_t max_items,
                                                                          size_t max_len) {
  const Json* v = Take(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_array()) {
    Fail(Status::InvalidArgument("must be an array of strings", FieldName(key)));
    return std::nullopt;
  }
  if (v->size() > max_items) {
    Fail(Status::InvalidArgument("more than " + std::to_string(max_items) + " items",
                                 FieldName(key)));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : *v) {
    if (!item.is_string() || item.get_ref<const std::string&>().size() > max_len) {
      Fail(Status::InvalidArgument(
          "items must be strings of at most " + std::to_string(max_len) + " bytes",
          FieldName(key)));
      return std::nullopt;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

Status ObjectReader::Finish() {
  if (!first_error_.ok()) return first_error_;
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    if (!known_.count(it.key())) {
      return Status::InvalidArgument("unknown field", FieldName(it.key()));
    }
  }
  return Status::Ok();
}

}  // namespace steward
