// AccountService owns users, sessions, API tokens, login throttling and the
// TOTP second factor. It is the only code that reads password hashes, session
// hashes or TOTP secrets; nothing it returns contains them.
//
// Sessions: a 256-bit random token in an HttpOnly cookie, stored only as its
// SHA-256, with its own CSRF token. A session ends after `idle_timeout`
// without use or `absolute_timeout` after login, when its user is disabled,
// changes role, changes or resets the password or has TOTP reset, or at
// logout. Those same events revoke the user's API tokens. Login always issues a
// new session id (no fixation).
//
// Thread-safe: all state is in the database.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/json.h"
#include "server/accounts/login_throttle.h"
#include "server/accounts/principal.h"
#include "storage/database.h"

namespace steward::accounts {

struct AccountPolicy {
  std::chrono::minutes idle_timeout{30};
  std::chrono::hours absolute_timeout{12};
  LoginThrottlePolicy throttle;
  int max_token_days = 90;
  PasswordHashCost hash_cost = PasswordHashCost::Interactive();
};

struct NewUser {
  std::string email;
  std::string name;
  std::string password;
  Role role = Role::kTechnician;
  std::optional<int64_t> customer_id;  // required for portal, forbidden otherwise
  std::optional<int64_t> contact_id;
};

struct LoginResult {
  std::string session_token;  // goes into the cookie, nowhere else
  std::string csrf_token;
  Json user;
  bool mfa_setup_required = false;
};

struct TotpEnrolment {
  std::string secret_base32;
  std::string otpauth_uri;
};

class AccountService {
 public:
  AccountService(storage::Database& db, const Clock& clock, AccountPolicy policy = {});

  // 201-style creation. InvalidArgument for a weak password, bad e-mail or a
  // portal user without customer; AlreadyExists for a taken e-mail; NotFound
  // for an unknown customer.
  Result<int64_t> CreateUser(const Actor& actor, const NewUser& user);
  // Used by `steward init`/`user add` before any session exists.
  Result<int64_t> CreateUserInTransaction(storage::Connection& c, const Actor& actor,
                                          const NewUser& user);
  Result<Json> ListUsers(const Principal& viewer);
  Result<Json> GetUser(const Principal& viewer, int64_t id);
  // Fields: name, role, disabled, phone, expertise, responsibilities,
  // availability, on_call. Changing role or disabling ends every session.
  Result<Json> UpdateUser(const Actor& actor, int64_t id, const Json& patch);
  Status SetDisabled(const Actor& actor, int64_t id, bool disabled);
  Status ResetPassword(const Actor& actor, int64_t id, const std::string& new_password);
  Status ChangeOwnPassword(const Actor& actor, const std::string& current,
                           const std::string& replacement);
  // Looks a user up by e-mail (for the CLI).
  Result<int64_t> FindUserId(const std::string& email);

  // Unauthenticated on bad credentials (one message for unknown user and bad
  // password), ResourceExhausted when throttled, Unauthenticated with message
  // "mfa_required" when a TOTP code is needed and missing or wrong.
  Result<LoginResult> Login(const std::string& email, const std::string& password,
                            const std::optional<std::string>& totp_code, const std::string& ip,
                            const std::string& user_agent);
  Status Logout(const Principal& principal, const std::string& ip);
  // The principal behind a session cookie; Unauthenticated if unknown,
  // expired or its user is disabled.
  Result<Principal> AuthenticateSession(const std::string& session_token);
  // The principal behind a bearer token.
  Result<Principal> AuthenticateToken(const std::string& bearer);

  // API tokens belong to the creating user: a request they authenticate
  // needs that user's role and one of the token's scopes (token_scope.h).
  // A token cannot create tokens (PermissionDenied). Privileged scopes
  // (commands, agents, admin) need a session — or the local CLI — and, from
  // a session, a user with TOTP enabled who sends a current code in
  // `totp_code` (step-up: the second factor is checked at this very request).
  struct CreatedToken {
    int64_t id;
    std::string token;
    Json info;
  };
  Result<CreatedToken> CreateToken(const Actor& actor, const std::string& name,
                                   const TokenScopeSet& scopes, std::optional<int> expires_in_days,
                                   const std::optional<std::string>& totp_code = std::nullopt);
  Result<Json> ListTokens(const Principal& viewer);
  Status RevokeToken(const Actor& actor, int64_t token_id);
  Status RevokeTokenByPrefix(const Actor& actor, const std::string& prefix);

  // TOTP (RFC 6238, 30 s steps, 6 digits, ±1 step, each code accepted once).
  Result<TotpEnrolment> BeginTotp(const Actor& actor);
  Status EnableTotp(const Actor& actor, const std::string& code);
  Status DisableTotp(const Actor& actor, int64_t user_id, const std::optional<std::string>& code);

  // Owner setting: staff must use TOTP.
  Result<bool> MfaRequiredForStaff();
  Status SetMfaRequiredForStaff(const Actor& actor, bool required);

  const AccountPolicy& policy() const { return policy_; }
  // The hash an unknown account's password is checked against (tests
  // compare its Argon2id parameters with a real user's).
  const std::string& decoy_hash() const { return decoy_hash_; }

 private:
  Result<bool> VerifyTotp(storage::Connection& c, int64_t user_id, const std::string& secret_hex,
                          int64_t last_step, const std::string& code);
  // Ends every session of the user and revokes every live API token of
  // theirs (audited as token.revoke_all with `reason` when any was live).
  Status EndSessionsAndTokens(storage::Connection& c, const Actor& actor, int64_t user_id,
                              std::string_view reason);
  // The recent failures of this account and address, as DecideLogin reads them.
  Result<LoginHistory> LoadLoginHistory(storage::Connection& c, const std::string& email,
                                        const std::string& ip);

  storage::Database& db_;
  const Clock& clock_;
  AccountPolicy policy_;
  // An Argon2id hash of a random password at the policy's own cost: an
  // unknown account is verified against it, so it answers as slowly as a
  // known one and timing does not tell which accounts exist.
  std::string decoy_hash_;
};

// The JSON shape of a user row (no secrets).
Json UserJson(const storage::Row& row);

// Password rule: 10 to 200 characters. InvalidArgument naming `field`.
Status CheckPasswordStrength(const std::string& password, const std::string& field = "password");

}  // namespace steward::accounts
