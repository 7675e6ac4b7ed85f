// Optional times between rows (epoch milliseconds, NULL) and the model.
#pragma once

#include <optional>
#include <string_view>

#include "core/clock.h"
#include "storage/database.h"

namespace steward::deploy {

inline std::optional<Timestamp> OptTime(const storage::Row& r, std::string_view column) {
  if (auto ms = r.OptInt(column)) return FromMillis(*ms);
  return std::nullopt;
}

inline std::optional<int64_t> OptMillis(const std::optional<Timestamp>& t) {
  if (t) return ToMillis(*t);
  return std::nullopt;
}

}  // namespace steward::deploy
