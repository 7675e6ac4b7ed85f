// Principal: who is making a request, as established by the auth layer from a
// session cookie or a bearer token. Carries the tenant scope every store call
// is filtered by.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/accounts/role.h"
#include "server/accounts/token_scope.h"
#include "storage/scope.h"

namespace steward::accounts {

enum class AuthMethod { kNone, kSession, kApiToken, kSystem };

struct Principal {
  int64_t user_id = 0;
  std::string email;
  std::string name;
  Role role = Role::kPortal;
  std::optional<int64_t> customer_id;  // set for portal users only
  AuthMethod method = AuthMethod::kNone;
  std::string session_hash;     // for session logins
  std::string csrf_token;       // for session logins
  bool mfa_setup_only = false;  // logged in but must enrol TOTP first
  TokenScopeSet scopes;         // for bearer tokens: what the token may do on top of the role

  bool authenticated() const { return method != AuthMethod::kNone; }
  storage::TenantScope scope() const {
    return customer_id ? storage::TenantScope::Customer(*customer_id)
                       : storage::TenantScope::Staff();
  }
  // "alice@msp.example (technician)" — the actor label in audit records.
  std::string Label() const;

  // The CLI and the scheduler act as this principal (owner rights, audited as "system").
  static Principal System(std::string label);
};

// What every write needs besides its own data: who, from where, when.
struct Actor {
  const Principal& principal;
  std::string ip;
};

}  // namespace steward::accounts
