// What an API token may do besides carrying its user's role (issue 17 item 1).
// A token holds a set of scopes chosen at creation; every request it
// authenticates needs the scope the route table assigns to that route (see
// server/api/token_scopes.h) AND the user's role. "commands", "agents" and
// "admin" reach remote execution, enrolment and accounts, so they are granted
// only explicitly, from a session, with a fresh one-time code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::accounts {

enum class TokenScope : uint8_t {
  kRead,         // GET on everything the role may read
  kServiceDesk,  // tickets, time, calendars, knowledge, problems, mail
  kMonitoring,   // alerts, policies, maintenance windows, device groups
  kIngest,       // POST /api/v1/ingest only
  kCmdb,         // customers, sites, contacts, CIs, documents
  kBilling,      // plans and contracts
  kCommands,     // remote execution and scripts (privileged)
  kAgents,       // enrolment tokens, agent approval and revocation (privileged)
  kAdmin,        // users, webhooks, settings, audit, anything unmapped (privileged)
};

std::string_view TokenScopeName(TokenScope s);
std::optional<TokenScope> ParseTokenScope(std::string_view name);
const std::vector<TokenScope>& AllTokenScopes();
// Scopes that reach code execution, agent identity or accounts: granting one
// needs a session with a fresh second factor.
inline bool IsPrivilegedScope(TokenScope s) {
  return s == TokenScope::kCommands || s == TokenScope::kAgents || s == TokenScope::kAdmin;
}

class TokenScopeSet {
 public:
  constexpr TokenScopeSet() = default;
  constexpr void Add(TokenScope s) { bits_ |= Bit(s); }
  constexpr bool Contains(TokenScope s) const { return bits_ & Bit(s); }
  constexpr bool empty() const { return bits_ == 0; }
  bool HasPrivileged() const;
  std::vector<std::string> Names() const;
  // A JSON array of names, as stored in api_tokens.scopes.
  std::string ToJsonText() const;
  // Parses a stored or requested list; nullopt names the first unknown entry
  // through `bad` (when given).
  static std::optional<TokenScopeSet> FromNames(const std::vector<std::string>& names,
                                                std::string* bad = nullptr);
  // Reads the stored column; unknown or malformed text yields an empty set
  // (a token that can do nothing), never more rights.
  static TokenScopeSet FromJsonText(const std::string& text);

 private:
  static constexpr uint32_t Bit(TokenScope s) { return 1u << static_cast<uint32_t>(s); }
  uint32_t bits_ = 0;
};

}  // namespace steward::accounts
