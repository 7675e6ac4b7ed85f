#include "server/accounts/token_scope.h"

#include "core/json.h"

namespace steward::accounts {

std::string_view TokenScopeName(TokenScope s) {
  switch (s) {
    case TokenScope::kRead:
      return "read";
    case TokenScope::kServiceDesk:
      return "servicedesk";
    case TokenScope::kMonitoring:
      return "monitoring";
    case TokenScope::kIngest:
      return "ingest";
    case TokenScope::kCmdb:
      return "cmdb";
    case TokenScope::kBilling:
      return "billing";
    case TokenScope::kCommands:
      return "commands";
    case TokenScope::kAgents:
      return "agents";
    case TokenScope::kAdmin:
      return "admin";
  }
  return "unknown";
}

const std::vector<TokenScope>& AllTokenScopes() {
  static const std::vector<TokenScope> kAll = {
      TokenScope::kRead,     TokenScope::kServiceDesk, TokenScope::kMonitoring,
      TokenScope::kIngest,   TokenScope::kCmdb,        TokenScope::kBilling,
      TokenScope::kCommands, TokenScope::kAgents,      TokenScope::kAdmin};
  return kAll;
}

std::optional<TokenScope> ParseTokenScope(std::string_view name) {
  for (TokenScope s : AllTokenScopes()) {
    if (TokenScopeName(s) == name) return s;
  }
  return std::nullopt;
}

bool TokenScopeSet::HasPrivileged() const {
  for (TokenScope s : AllTokenScopes()) {
    if (Contains(s) && IsPrivilegedScope(s)) return true;
  }
  return false;
}

std::vector<std::string> TokenScopeSet::Names() const {
  std::vector<std::string> out;
  for (TokenScope s : AllTokenScopes()) {
    if (Contains(s)) out.emplace_back(TokenScopeName(s));
  }
  return out;
}

std::string TokenScopeSet::ToJsonText() const { return Json(Names()).dump(); }

std::optional<TokenScopeSet> TokenScopeSet::FromNames(const std::vector<std::string>& names,
                                                      std::string* bad) {
  TokenScopeSet out;
  for (const auto& n : names) {
    auto s = ParseTokenScope(n);
    if (!s) {
      if (bad) *bad = n;
      return std::nullopt;
    }
    out.Add(*s);
  }
  return out;
}

TokenScopeSet TokenScopeSet::FromJsonText(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return {};
  std::vector<std::string> names;
  for (const auto& e : j) {
    if (!e.is_string()) return {};
    names.push_back(e.get<std::string>());
  }
  return FromNames(names).value_or(TokenScopeSet{});
}

}  // namespace steward::accounts
