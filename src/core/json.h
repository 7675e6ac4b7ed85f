// Strict JSON for everything that arrives from outside (API bodies, agent
// messages, files): invalid UTF-8, duplicate keys, excessive nesting and
// trailing data are errors, never silently "fixed". ObjectReader pulls typed,
// length-checked fields out of an object and reports unknown ones, so every
// handler validates the same way and names the offending field.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/result.h"

namespace steward {

using Json = nlohmann::json;

// The largest id a request may name (ObjectReader ranges: 1..kMaxId).
inline constexpr int64_t kMaxId = std::numeric_limits<int64_t>::max();

// A time stored as milliseconds since the epoch, as ISO 8601 UTC
// ("2026-11-23T09:00:00Z"), or null when there is none.
Json IsoOrNull(std::optional<int64_t> millis);
Json IsoOrNull(const std::optional<Timestamp>& at);

struct JsonLimits {
  size_t max_depth = 32;
};

// Parses `text`. InvalidArgument naming the problem for malformed input
// (also a leading byte-order mark, which RFC 8259 forbids on the wire).
Result<Json> ParseJsonStrict(std::string_view text, JsonLimits limits = {});

// True if `s` is well-formed UTF-8 without NUL bytes.
bool IsValidUtf8(std::string_view s);

class ObjectReader {
 public:
  // `object` must outlive the reader. A non-object produces an error on Finish().
  explicit ObjectReader(const Json& object, std::string prefix = {});

  // Strings are checked for length in bytes (after UTF-8 validation by the
  // parser) and trimmed of nothing: what the caller sent is what is stored.
  std::string RequiredString(std::string_view key, size_t min_len = 1, size_t max_len = 200);
  std::optional<std::string> OptionalString(std::string_view key, size_t max_len = 200);
  // Like OptionalString but distinguishes explicit null (returns "" with present=true).
  std::optional<std::optional<std::string>> NullableString(std::string_view key,
                                                           size_t max_len = 200);
  int64_t RequiredInt(std::string_view key, int64_t min, int64_t max);
  std::optional<int64_t> OptionalInt(std::string_view key, int64_t min, int64_t max);
  std::optional<std::optional<int64_t>> NullableInt(std::string_view key, int64_t min, int64_t max);
  std::optional<double> OptionalNumber(std::string_view key, double min, double max);
  std::optional<bool> OptionalBool(std::string_view key);
  // One of `allowed`; InvalidArgument listing them otherwise.
  std::optional<std::string> OptionalEnum(std::string_view key,
                                          const std::vector<std::string_view>& allowed);
  std::string RequiredEnum(std::string_view key, const std::vector<std::string_view>& allowed);
  std::optional<std::vector<std::string>> OptionalStringArray(std::string_view key,
                                                              size_t max_items, size_t max_len);
  // Raw access for nested structures; marks the key as known.
  const Json* OptionalRaw(std::string_view key);

  bool Has(std::string_view key) const;
  // The first error seen, or an error for the first unknown field.
  Status Finish();

 private:
  const Json* Take(std::string_view key);
  void Fail(Status status);
  std::string FieldName(std::string_view key) const;

  const Json& object_;
  std::string prefix_;
  std::set<std::string, std::less<>> known_;
  Status first_error_;
};

}  // namespace steward
