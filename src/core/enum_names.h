// Enums stored and sent by name: one constexpr table of (value, name) pairs
// per enum, read both ways. A name that parses is a value of the table; the
// first entry answers for a value missing from it (none should be).
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace steward {

template <typename E, size_t N>
using EnumNames = std::array<std::pair<E, std::string_view>, N>;

template <typename E, size_t N>
std::string_view NameIn(const EnumNames<E, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return table[0].second;
}

template <typename E, size_t N>
std::optional<E> ParseIn(const EnumNames<E, N>& table, std::string_view s) {
  for (const auto& [e, name] : table) {
    if (name == s) return e;
  }
  return std::nullopt;
}

}  // namespace steward
