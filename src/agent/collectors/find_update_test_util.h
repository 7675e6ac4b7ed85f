// Test code only: looks an update up by package name in a parser's result,
// shared by the dnf and zypper parser tests (one definition, so a unity
// build never sees two).
#pragma once

#include <string_view>
#include <vector>

#include "agent/collectors/packages.h"

namespace steward::agent {

inline const PendingUpdate* FindUpdate(const std::vector<PendingUpdate>& updates,
                                       std::string_view name) {
  for (const auto& u : updates) {
    if (u.name == name) return &u;
  }
  return nullptr;
}

}  // namespace steward::agent
