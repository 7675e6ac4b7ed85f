#include "server/accounts/account_service.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <liboath/oath.h>

#include "core/strings.h"
#include "core/time_format.h"
#include "server/audit/audit_log.h"

namespace steward::accounts {

using storage::Connection;
using storage::Row;
using storage::Rows;
using storage::Value;

namespace {

constexpr std::string_view kUserSelect =
    "SELECT id, email, name, role, customer_id, contact_id, disabled, totp_enabled, phone,"
    " expertise, responsibilities, availability, on_call, created_at, updated_at FROM users ";

Status CheckEmail(const std::string& email) {
  auto at = email.find('@');
  bool ok = email.size() >= 3 && email.size() <= 254 && at != std::string::npos && at > 0 &&
            at == email.rfind('@') && at + 1 < email.size() &&
            email.find_first_of(" \t\r\n<>,;\"") == std::string::npos;
  return ok ? Status::Ok() : Status::InvalidArgument("not a valid e-mail address", "email");
}

Json ParseJsonColumn(const std::string& text, Json fallback) {
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? fallback : j;
}

std::string HexToBytes(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::strtol(hex.substr(i, 2).c_str(), nullptr, 16)));
  }
  return out;
}

Json OptIntJson(const Row& r, std::string_view col) {
  auto v = r.OptInt(col);
  return v ? Json(*v) : Json(nullptr);
}

}  // namespace

Json UserJson(const Row& r) {
  return {{"id", r.Int("id")},
          {"email", r.Text("email")},
          {"name", r.Text("name")},
          {"role", r.Text("role")},
          {"customer_id", OptIntJson(r, "customer_id")},
          {"contact_id", OptIntJson(r, "contact_id")},
          {"disabled", r.Bool("disabled")},
          {"totp_enabled", r.Bool("totp_enabled")},
          {"phone", r.OptText("phone") ? Json(*r.OptText("phone")) : Json(nullptr)},
          {"expertise", ParseJsonColumn(r.Text("expertise"), Json::array())},
          {"responsibilities", ParseJsonColumn(r.Text("responsibilities"), Json::array())},
          {"availability",
           r.OptText("availability") ? Json(*r.OptText("availability")) : Json(nullptr)},
          {"on_call", r.Bool("on_call")},
          {"created_at", FormatIso8601(FromMillis(r.Int("created_at")))},
          {"updated_at", FormatIso8601(FromMillis(r.Int("updated_at")))}};
}

Status CheckPasswordStrength(const std::string& password, const std::string& field) {
  if (password.size() < 10) {
    return Status::InvalidArgument("must be at least 10 characters", field);
  }
  if (password.size() > 200)
    return Status::InvalidArgument("must be at most 200 characters", field);
  return Status::Ok();
}

AccountService::AccountService(storage::Database& db, const Clock& clock, AccountPolicy policy)
    : db_(db), clock_(clock), policy_(policy) {
  oath_init();
  // Hashed once at start, at the real cost. Should hashing fail (out of
  // memory), the fixed decoy below still costs the OWASP floor.
  auto decoy = HashPassword(RandomHex(16), policy_.hash_cost);
  decoy_hash_ = decoy.ok() ? *decoy
                           : "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$"
                             "RdescudvJCsgt3ub+b+dWRWJTmaaJObG";
}

Result<int64_t> AccountService::CreateUserInTransaction(Connection& c, const Actor& actor,
                                                        const NewUser& u) {
  std::string email = AsciiLower(u.email);
  STEWARD_RETURN_IF_ERROR(CheckEmail(email));
  STEWARD_RETURN_IF_ERROR(CheckPasswordStrength(u.password));
  if (u.role == Role::kPortal && !u.customer_id) {
    return Status::InvalidArgument("a portal user needs a customer_id", "customer_id");
  }
  if (u.role != Role::kPortal && u.customer_id) {
    return Status::InvalidArgument("only portal users belong to a customer", "customer_id");
  }
  if (u.customer_id) {
    STEWARD_ASSIGN_OR_RETURN(
        auto found, c.QueryOptional("SELECT id FROM customers WHERE id = ?", {*u.customer_id}));
    if (!found) return Status::NotFound("customer", std::to_string(*u.customer_id));
  }
  if (u.contact_id) {
    STEWARD_ASSIGN_OR_RETURN(
        auto found, c.QueryOptional("SELECT id FROM contacts WHERE id = ? AND customer_id = ?",
                                    {*u.contact_id, u.customer_id.value_or(-1)}));
    if (!found) return Status::NotFound("contact", std::to_string(*u.contact_id));
  }
  STEWARD_ASSIGN_OR_RETURN(auto existing,
                           c.QueryOptional("SELECT id FROM users WHERE email = ?", {email}));
  if (existing) return Status::AlreadyExists("a user with this e-mail exists", "email");
  STEWARD_ASSIGN_OR_RETURN(std::string hash, HashPassword(u.password, policy_.hash_cost));
  int64_t now = ToMillis(clock_.Now());
  STEWARD_ASSIGN_OR_RETURN(
      Row row, c.QueryOne("INSERT INTO users (email, name, role, customer_id, contact_id,"
                          " password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                          " RETURNING id",
                          {email, u.name.empty() ? email : u.name, std::string(RoleName(u.role)),
                           u.customer_id, u.contact_id, hash, now, now}));
  int64_t id = row.Int("id");
  STEWARD_RETURN_IF_ERROR(audit::Record(c, clock_.Now(), actor,
                                        {"user.create",
                                         "user",
                                         std::to_string(id),
                                         u.customer_id,
                                         {{"email", email}, {"role", RoleName(u.role)}}}));
  return id;
}

Result<int64_t> AccountService::CreateUser(const Actor& actor, const NewUser& u) {
  int64_t id = 0;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(id, CreateUserInTransaction(c, actor, u));
    return Status::Ok();
  }));
  return id;
}

Result<Json> AccountService::ListUsers(const Principal& viewer) {
  Json out = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::string sql = std::string(kUserSelect) + "WHERE 1 = 1";
    storage::Params params;
    viewer.scope().AppendFilter(sql, params, "customer_id");
    sql += " ORDER BY id";
    STEWARD_ASSIGN_OR_RETURN(Rows rows, c.Query(sql, params));
    for (const auto& r : rows) out.push_back(UserJson(r));
    return Status::Ok();
  }));
  return out;
}

Result<Json> AccountService::GetUser(const Principal& viewer, int64_t id) {
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::string sql = std::string(kUserSelect) + "WHERE id = ?";
    storage::Params params{id};
    viewer.scope().AppendFilter(sql, params, "customer_id");
    STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, params));
    if (!row) return Status::NotFound("user", std::to_string(id));
    out = UserJson(*row);
    return Status::Ok();
  }));
  return out;
}

Result<Json> AccountService::UpdateUser(const Actor& actor, int64_t id, const Json& patch) {
  ObjectReader r(patch);
  auto name = r.OptionalString("name", 200);
  auto role_name = r.OptionalEnum("role", {"owner", "service_manager", "technician",
                                           "change_manager", "billing_admin", "account_manager"});
  auto disabled = r.OptionalBool("disabled");
  auto phone = r.NullableString("phone", 64);
  auto expertise = r.OptionalStringArray("expertise", 50, 100);
  auto responsibilities = r.OptionalStringArray("responsibilities", 50, 200);
  auto availability = r.NullableString("availability", 500);
  auto on_call = r.OptionalBool("on_call");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (name && name->empty()) return Status::InvalidArgument("must not be empty", "name");

  Json result;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row,
                             c.QueryOptional(std::string(kUserSelect) + "WHERE id = ?", {id}));
    if (!row) return Status::NotFound("user", std::to_string(id));
    bool is_portal = row->Text("role") == "portal";
    if (role_name && is_portal) {
      return Status::InvalidArgument("a portal user's role cannot change", "role");
    }
    if (id == actor.principal.user_id && (role_name || disabled.value_or(false))) {
      return Status::FailedPrecondition("you cannot change your own role or disable yourself");
    }
    Json changes = Json::object();
    bool end_sessions = false;
    int64_t now = ToMillis(clock_.Now());
    auto set_text = [&](const char* sql, std::string_view field, const Value& v,
                        const Json& shown) -> Status {
      changes[std::string(field)] = shown;
      return c.Execute(sql, {v, now, id}).status();
    };
    if (name) {
      STEWARD_RETURN_IF_ERROR(
          set_text("UPDATE users SET name = ?, updated_at = ? WHERE id = ?", "name", *name, *name));
    }
    if (role_name && *role_name != row->Text("role")) {
      STEWARD_RETURN_IF_ERROR(set_text("UPDATE users SET role = ?, updated_at = ? WHERE id = ?",
                                       "role", *role_name, *role_name));
      end_sessions = true;
    }
    if (disabled) {
      STEWARD_RETURN_IF_ERROR(set_text("UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?",
                                       "disabled", *disabled, *disabled));
      if (*disabled) end_sessions = true;
    }
    if (phone) {
      STEWARD_RETURN_IF_ERROR(set_text("UPDATE users SET phone = ?, updated_at = ? WHERE id = ?",
                                       "phone", *phone, *phone ? Json(**phone) : Json(nullptr)));
    }
    if (expertise) {
      Json j = *expertise;
      STEWARD_RETURN_IF_ERROR(set_text(
          "UPDATE users SET expertise = ?, updated_at = ? WHERE id = ?", "expertise", j.dump(), j));
    }
    if (responsibilities) {
      Json j = *responsibilities;
      STEWARD_RETURN_IF_ERROR(
          set_text("UPDATE users SET responsibilities = ?, updated_at = ? WHERE id = ?",
                   "responsibilities", j.dump(), j));
    }
    if (availability) {
      STEWARD_RETURN_IF_ERROR(
          set_text("UPDATE users SET availability = ?, updated_at = ? WHERE id = ?", "availability",
                   *availability, *availability ? Json(**availability) : Json(nullptr)));
    }
    if (on_call) {
      STEWARD_RETURN_IF_ERROR(set_text("UPDATE users SET on_call = ?, updated_at = ? WHERE id = ?",
                                       "on_call", *on_call, *on_call));
    }
    if (end_sessions) {
      STEWARD_RETURN_IF_ERROR(EndSessionsAndTokens(
          c, actor, id, disabled.value_or(false) ? "user disabled" : "role changed"));
    }
    if (!changes.empty()) {
      STEWARD_RETURN_IF_ERROR(audit::Record(
          c, clock_.Now(), actor,
          {"user.update", "user", std::to_string(id), row->OptInt("customer_id"), changes}));
    }
    STEWARD_ASSIGN_OR_RETURN(Row updated,
                             c.QueryOne(std::string(kUserSelect) + "WHERE id = ?", {id}));
    result = UserJson(updated);
    return Status::Ok();
  }));
  return result;
}

Status AccountService::SetDisabled(const Actor& actor, int64_t id, bool disabled) {
  return UpdateUser(actor, id, Json{{"disabled", disabled}}).status();
}

Status AccountService::EndSessionsAndTokens(Connection& c, const Actor& actor, int64_t user_id,
                                            std::string_view reason) {
  STEWARD_RETURN_IF_ERROR(c.Execute("DELETE FROM sessions WHERE user_id = ?", {user_id}).status());
  STEWARD_ASSIGN_OR_RETURN(int64_t revoked,
                           c.Execute("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ?"
                                     " AND revoked_at IS NULL",
                                     {ToMillis(clock_.Now()), user_id}));
  if (revoked == 0) return Status::Ok();
  return audit::Record(c, clock_.Now(), actor,
                       {"token.revoke_all",
                        "user",
                        std::to_string(user_id),
                        std::nullopt,
                        {{"tokens", revoked}, {"reason", std::string(reason)}}});
}

Status AccountService::ResetPassword(const Actor& actor, int64_t id,
                                     const std::string& new_password) {
  STEWARD_RETURN_IF_ERROR(CheckPasswordStrength(new_password));
  STEWARD_ASSIGN_OR_RETURN(std::string hash, HashPassword(new_password, policy_.hash_cost));
  return db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(int64_t n,
                             c.Execute("UPDATE users SET password_hash = ?, updated_at = ? "
                                       "WHERE id = ?",
                                       {hash, ToMillis(clock_.Now()), id}));
    if (n == 0) return Status::NotFound("user", std::to_string(id));
    STEWARD_RETURN_IF_ERROR(EndSessionsAndTokens(c, actor, id, "password changed"));
    return audit::Record(c, clock_.Now(), actor,
                         {"user.reset_password", "user", std::to_string(id), std::nullopt, {}});
  });
}

Status AccountService::ChangeOwnPassword(const Actor& actor, const std::string& current,
                                         const std::string& replacement) {
  int64_t id = actor.principal.user_id;
  std::string stored;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Row r,
                             c.QueryOne("SELECT password_hash FROM users WHERE id = ?", {id}));
    stored = r.Text("password_hash");
    return Status::Ok();
  }));
  if (!VerifyPassword(current, stored)) {
    return Status::InvalidArgument("the current password is wrong", "current_password");
  }
  STEWARD_RETURN_IF_ERROR(CheckPasswordStrength(replacement, "new_password"));
  return ResetPassword(actor, id, replacement);
}

Result<int64_t> AccountService::FindUserId(const std::string& email) {
  int64_t id = 0;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        auto r, c.QueryOptional("SELECT id FROM users WHERE email = ?", {AsciiLower(email)}));
    if (!r) return Status::NotFound("user", email);
    id = r->Int("id");
    return Status::Ok();
  }));
  return id;
}

Result<LoginHistory> AccountService::LoadLoginHistory(Connection& c, const std::string& email,
                                                      const std::string& ip) {
  const Timestamp now = clock_.Now();
  const int64_t since = ToMillis(now - policy_.throttle.window);
  LoginHistory h;
  STEWARD_ASSIGN_OR_RETURN(Row pair,
                           c.QueryOne("SELECT COUNT(*) AS n, MAX(at) AS last FROM login_failures"
                                      " WHERE email = ? AND ip = ? AND at >= ?",
                                      {email, ip, since}));
  h.pair_failures = static_cast<int>(pair.Int("n"));
  if (auto last = pair.OptInt("last")) h.last_pair_failure = FromMillis(*last);
  STEWARD_ASSIGN_OR_RETURN(
      Row by_account,
      c.QueryOne("SELECT COUNT(*) AS n FROM login_failures WHERE email = ? AND at >= ?",
                 {email, since}));
  h.account_failures = static_cast<int>(by_account.Int("n"));
  STEWARD_ASSIGN_OR_RETURN(
      Row by_ip,
      c.QueryOne("SELECT COUNT(*) AS n FROM login_failures WHERE ip = ? AND at >= ?", {ip, since}));
  h.address_failures = static_cast<int>(by_ip.Int("n"));
  STEWARD_ASSIGN_OR_RETURN(
      auto usual, c.QueryOptional("SELECT a.user_id FROM login_addresses a JOIN users u ON"
                                  " u.id = a.user_id WHERE u.email = ? AND a.ip = ? AND"
                                  " a.last_login_at >= ?",
                                  {email, ip, ToMillis(now - policy_.throttle.usual_address_for)}));
  h.usual_address = usual.has_value();
  return h;
}

Result<LoginResult> AccountService::Login(const std::string& raw_email, const std::string& password,
                                          const std::optional<std::string>& totp_code,
                                          const std::string& ip, const std::string& user_agent) {
  std::string email = AsciiLower(raw_email);
  Principal anonymous;
  anonymous.email = email;
  Actor actor{anonymous, ip};

  // Read phase: throttle and the stored credentials.
  std::optional<Row> user;
  bool mfa_required_for_staff = false;
  LoginDecision throttle;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(LoginHistory history, LoadLoginHistory(c, email, ip));
    throttle = DecideLogin(history, policy_.throttle, clock_.Now());
    if (!throttle.allowed) return Status::Ok();
    STEWARD_ASSIGN_OR_RETURN(
        user, c.QueryOptional("SELECT id, email, name, role, customer_id, contact_id, disabled,"
                              " totp_enabled, totp_secret, totp_last_step, password_hash, phone,"
                              " expertise, responsibilities, availability, on_call, created_at,"
                              " updated_at FROM users WHERE email = ?",
                              {email}));
    STEWARD_ASSIGN_OR_RETURN(
        auto setting,
        c.QueryOptional("SELECT value FROM settings WHERE key = ?", {"mfa_required_for_staff"}));
    mfa_required_for_staff = setting && setting->Text("value") == "true";
    return Status::Ok();
  }));
  if (!throttle.allowed) {
    // Refused without checking the password, and recorded: who was tried,
    // from where, and which limit stopped it.
    STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
      return audit::Record(c, clock_.Now(), actor,
                           {"auth.login_throttled",
                            "user",
                            "",
                            std::nullopt,
                            {{"email", email},
                             {"limit", throttle.reason},
                             {"retry_after_seconds", throttle.retry_after.count()}}});
    }));
    const int64_t wait = throttle.retry_after.count();
    return Status::ResourceExhausted("too many failed logins; try again in " +
                                     (wait >= 60 ? std::to_string((wait + 59) / 60) + " minutes"
                                                 : std::to_string(wait) + " seconds"));
  }

  // Verify outside any transaction: Argon2id takes tens of milliseconds.
  bool password_ok = false;
  if (user) {
    password_ok = VerifyPassword(password, user->Text("password_hash"));
  } else {
    // Same work for unknown accounts, so timing does not reveal which exist.
    (void)VerifyPassword(password, decoy_hash_);
  }
  auto fail = [&](std::string reason, Status status) -> Status {
    Status s = db_.Transact([&](Connection& c) -> Status {
      STEWARD_RETURN_IF_ERROR(
          c.Execute("INSERT INTO login_failures (email, ip, at) VALUES (?, ?, ?)",
                    {email, ip, ToMillis(clock_.Now())})
              .status());
      return audit::Record(c, clock_.Now(), actor,
                           {"auth.login_failed",
                            "user",
                            user ? std::to_string(user->Int("id")) : "",
                            std::nullopt,
                            {{"email", email}, {"reason", reason}}});
    });
    return s.ok() ? status : s;
  };
  if (!user || !password_ok || user->Bool("disabled")) {
    return fail(!user          ? "unknown user"
                : !password_ok ? "bad password"
                               : "disabled",
                Status::Unauthenticated("wrong e-mail or password"));
  }

  int64_t user_id = user->Int("id");
  bool totp_enabled = user->Bool("totp_enabled");
  bool staff = user->Text("role") != "portal";
  if (totp_enabled) {
    if (!totp_code || totp_code->empty()) {
      // Not a failure: the client now asks for the code.
      return Status(StatusCode::kUnauthenticated, "a one-time code is required", "totp");
    }
    bool ok = false;
    STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
      STEWARD_ASSIGN_OR_RETURN(Row fresh, c.QueryOne("SELECT totp_secret, totp_last_step FROM users"
                                                     " WHERE id = ?",
                                                     {user_id}));
      STEWARD_ASSIGN_OR_RETURN(ok, VerifyTotp(c, user_id, fresh.Text("totp_secret"),
                                              fresh.Int("totp_last_step"), *totp_code));
      return Status::Ok();
    }));
    if (!ok) {
      return fail("bad one-time code",
                  Status(StatusCode::kUnauthenticated, "the one-time code is wrong", "totp"));
    }
  }

  LoginResult result;
  result.session_token = RandomHex(32);
  result.csrf_token = RandomHex(32);
  result.mfa_setup_required = staff && mfa_required_for_staff && !totp_enabled;
  Principal who;
  who.user_id = user_id;
  who.email = email;
  who.role = *ParseRole(user->Text("role"));
  who.method = AuthMethod::kSession;
  Actor logged_in{who, ip};
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    int64_t now = ToMillis(clock_.Now());
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at,"
                  " ip, user_agent, mfa_setup_only) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  {Sha256Hex(result.session_token), user_id, result.csrf_token, now, now, ip,
                   user_agent.substr(0, 300), result.mfa_setup_required})
            .status());
    // This address's failures no longer count once it logs in (others'
    // still do), and it becomes one of the user's usual addresses.
    STEWARD_RETURN_IF_ERROR(
        c.Execute("DELETE FROM login_failures WHERE email = ? AND ip = ?", {email, ip}).status());
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO login_addresses (user_id, ip, last_login_at) VALUES (?, ?, ?)"
                  " ON CONFLICT (user_id, ip) DO UPDATE SET last_login_at = excluded.last_login_at",
                  {user_id, ip, now})
            .status());
    return audit::Record(c, clock_.Now(), logged_in,
                         {"auth.login",
                          "user",
                          std::to_string(user_id),
                          user->OptInt("customer_id"),
                          {{"mfa", totp_enabled}}});
  }));
  result.user = UserJson(*user);
  return result;
}

Status AccountService::Logout(const Principal& principal, const std::string& ip) {
  return db_.Transact([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(
        c.Execute("DELETE FROM sessions WHERE token_hash = ?", {principal.session_hash}).status());
    return audit::Record(
        c, clock_.Now(), Actor{principal, ip},
        {"auth.logout", "user", std::to_string(principal.user_id), principal.customer_id, {}});
  });
}

Result<Principal> AccountService::AuthenticateSession(const std::string& session_token) {
  if (session_token.size() != 64) return Status::Unauthenticated("not logged in");
  std::string hash = Sha256Hex(session_token);
  std::optional<Row> row;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        row, c.QueryOptional("SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at,"
                             " s.mfa_setup_only, u.email, u.name, u.role, u.customer_id,"
                             " u.disabled FROM sessions s JOIN users u ON u.id = s.user_id"
                             " WHERE s.token_hash = ?",
                             {hash}));
    return Status::Ok();
  }));
  if (!row) return Status::Unauthenticated("not logged in");
  Timestamp now = clock_.Now();
  Timestamp created = FromMillis(row->Int("created_at"));
  Timestamp last_seen = FromMillis(row->Int("last_seen_at"));
  bool expired = now - last_seen > policy_.idle_timeout || now - created > policy_.absolute_timeout;
  if (expired || row->Bool("disabled")) {
    STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) {
      return c.Execute("DELETE FROM sessions WHERE token_hash = ?", {hash}).status();
    }));
    return Status::Unauthenticated(expired ? "session expired; log in again" : "not logged in");
  }
  // Refresh the idle clock at most once a minute: one write per request
  // would make every read a write.
  if (now - last_seen > std::chrono::minutes(1)) {
    STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) {
      return c
          .Execute("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?",
                   {ToMillis(now), hash})
          .status();
    }));
  }
  Principal p;
  p.user_id = row->Int("user_id");
  p.email = row->Text("email");
  p.name = row->Text("name");
  p.role = ParseRole(row->Text("role")).value_or(Role::kPortal);
  p.customer_id = row->OptInt("customer_id");
  p.method = AuthMethod::kSession;
  p.session_hash = hash;
  p.csrf_token = row->Text("csrf_token");
  p.mfa_setup_only = row->Bool("mfa_setup_only");
  return p;
}

Result<Principal> AccountService::AuthenticateToken(const std::string& bearer) {
  if (bearer.size() < 10 || bearer.size() > 200) return Status::Unauthenticated("invalid token");
  std::string hash = Sha256Hex(bearer);
  std::optional<Row> row;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        row, c.QueryOptional("SELECT t.id, t.user_id, t.expires_at, t.revoked_at, t.last_used_at,"
                             " t.scopes, u.email, u.name, u.role, u.customer_id, u.disabled"
                             " FROM api_tokens t"
                             " JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?",
                             {hash}));
    return Status::Ok();
  }));
  Timestamp now = clock_.Now();
  if (!row || row->OptInt("revoked_at") || row->Bool("disabled") ||
      (row->OptInt("expires_at") && ToMillis(now) >= *row->OptInt("expires_at"))) {
    return Status::Unauthenticated("invalid, expired or revoked token");
  }
  auto last_used = row->OptInt("last_used_at");
  if (!last_used || ToMillis(now) - *last_used > 60'000) {
    STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) {
      return c
          .Execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?",
                   {ToMillis(now), row->Int("id")})
          .status();
    }));
  }
  Principal p;
  p.user_id = row->Int("user_id");
  p.email = row->Text("email");
  p.name = row->Text("name");
  p.role = ParseRole(row->Text("role")).value_or(Role::kPortal);
  p.customer_id = row->OptInt("customer_id");
  p.method = AuthMethod::kApiToken;
  p.scopes = TokenScopeSet::FromJsonText(row->Text("scopes"));
  return p;
}

namespace {
Json TokenJson(const Row& r) {
  auto ts = [&](std::string_view col) -> Json {
    auto v = r.OptInt(col);
    return v ? Json(FormatIso8601(FromMillis(*v))) : Json(nullptr);
  };
  return {{"id", r.Int("id")},
          {"name", r.Text("name")},
          {"prefix", r.Text("prefix")},
          {"user_id", r.Int("user_id")},
          {"scopes", TokenScopeSet::FromJsonText(r.Text("scopes")).Names()},
          {"created_at", ts("created_at")},
          {"expires_at", ts("expires_at")},
          {"last_used_at", ts("last_used_at")},
          {"revoked_at", ts("revoked_at")}};
}
}  // namespace

Result<AccountService::CreatedToken> AccountService::CreateToken(
    const Actor& actor, const std::string& name, const TokenScopeSet& scopes,
    std::optional<int> expires_in_days, const std::optional<std::string>& totp_code) {
  const Principal& creator = actor.principal;
  if (creator.method == AuthMethod::kApiToken) {
    return Status(StatusCode::kPermissionDenied, "an API token cannot create tokens; log in",
                  "scopes");
  }
  if (scopes.empty()) return Status::InvalidArgument("name at least one scope", "scopes");
  int days = expires_in_days.value_or(policy_.max_token_days);
  if (days < 1 || days > policy_.max_token_days) {
    return Status::InvalidArgument(
        "must be between 1 and " + std::to_string(policy_.max_token_days), "expires_in_days");
  }
  // Privileged scopes: from a session only with a second factor checked now.
  // The local CLI (kSystem) already has the host; it may grant them.
  bool step_up = scopes.HasPrivileged() && creator.method != AuthMethod::kSystem;
  if (step_up && creator.method != AuthMethod::kSession) {
    return Status(StatusCode::kPermissionDenied,
                  "the commands, agents and admin scopes are granted from a logged-in session",
                  "scopes");
  }
  CreatedToken out;
  out.token = "stw_" + RandomHex(32);
  std::string prefix = out.token.substr(0, 12);
  bool bad_code = false;
  Status created = db_.Transact([&](Connection& c) -> Status {
    Timestamp now = clock_.Now();
    if (step_up) {
      // Wrong codes count as failed logins, so a stolen session cannot
      // guess its way to a privileged token.
      STEWARD_ASSIGN_OR_RETURN(LoginHistory history, LoadLoginHistory(c, creator.email, actor.ip));
      const LoginDecision throttle = DecideLogin(history, policy_.throttle, now);
      if (!throttle.allowed) {
        return Status::ResourceExhausted("too many wrong codes; try again in " +
                                         std::to_string(throttle.retry_after.count()) + " seconds");
      }
      STEWARD_ASSIGN_OR_RETURN(Row u, c.QueryOne("SELECT totp_enabled, totp_secret, totp_last_step"
                                                 " FROM users WHERE id = ?",
                                                 {creator.user_id}));
      if (!u.Bool("totp_enabled")) {
        return Status(StatusCode::kPermissionDenied,
                      "granting the commands, agents or admin scope needs two-factor "
                      "authentication: enable TOTP first",
                      "totp");
      }
      if (!totp_code || totp_code->empty()) {
        return Status(StatusCode::kPermissionDenied,
                      "granting the commands, agents or admin scope needs a current one-time code",
                      "totp");
      }
      STEWARD_ASSIGN_OR_RETURN(bool ok, VerifyTotp(c, creator.user_id, u.Text("totp_secret"),
                                                   u.Int("totp_last_step"), *totp_code));
      if (!ok) {
        bad_code = true;
        return Status::InvalidArgument("the one-time code is wrong", "totp");
      }
    }
    Timestamp expires = now + std::chrono::hours(24 * days);
    STEWARD_ASSIGN_OR_RETURN(
        Row r, c.QueryOne("INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at,"
                          " expires_at, scopes) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id,"
                          " user_id, name, prefix, created_at, expires_at, last_used_at,"
                          " revoked_at, scopes",
                          {creator.user_id, name, Sha256Hex(out.token), prefix, ToMillis(now),
                           ToMillis(expires), scopes.ToJsonText()}));
    out.id = r.Int("id");
    out.info = TokenJson(r);
    return audit::Record(
        c, now, actor,
        {"token.create",
         "api_token",
         std::to_string(out.id),
         creator.customer_id,
         {{"name", name}, {"prefix", prefix}, {"scopes", scopes.Names()}, {"mfa", step_up}}});
  });
  if (bad_code) {
    STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
      STEWARD_RETURN_IF_ERROR(
          c.Execute("INSERT INTO login_failures (email, ip, at) VALUES (?, ?, ?)",
                    {creator.email, actor.ip, ToMillis(clock_.Now())})
              .status());
      return audit::Record(c, clock_.Now(), actor,
                           {"auth.step_up_failed",
                            "user",
                            std::to_string(creator.user_id),
                            creator.customer_id,
                            {{"reason", "bad one-time code"}, {"for", "token.create"}}});
    }));
  }
  STEWARD_RETURN_IF_ERROR(created);
  return out;
}

Result<Json> AccountService::ListTokens(const Principal& viewer) {
  Json out = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    // Owners see every token (to revoke a leaked one); others their own.
    std::string sql =
        "SELECT id, user_id, name, prefix, created_at, expires_at, last_used_at, revoked_at,"
        " scopes FROM api_tokens WHERE 1 = 1";
    storage::Params params;
    if (viewer.role != Role::kOwner) {
      sql += " AND user_id = ?";
      params.emplace_back(viewer.user_id);
    }
    sql += " ORDER BY id";
    STEWARD_ASSIGN_OR_RETURN(Rows rows, c.Query(sql, params));
    for (const auto& r : rows) out.push_back(TokenJson(r));
    return Status::Ok();
  }));
  return out;
}

Status AccountService::RevokeToken(const Actor& actor, int64_t token_id) {
  return db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT user_id, revoked_at FROM api_tokens"
                                                       " WHERE id = ?",
                                                       {token_id}));
    bool mine = row && row->Int("user_id") == actor.principal.user_id;
    if (!row || (!mine && actor.principal.role != Role::kOwner)) {
      return Status::NotFound("token", std::to_string(token_id));
    }
    if (row->OptInt("revoked_at")) return Status::Ok();  // revoking twice is harmless
    STEWARD_RETURN_IF_ERROR(c.Execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ?",
                                      {ToMillis(clock_.Now()), token_id})
                                .status());
    return audit::Record(c, clock_.Now(), actor,
                         {"token.revoke", "api_token", std::to_string(token_id), std::nullopt, {}});
  });
}

Status AccountService::RevokeTokenByPrefix(const Actor& actor, const std::string& prefix) {
  int64_t id = 0;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto r, c.QueryOptional("SELECT id FROM api_tokens WHERE prefix = ?",
                                                     {prefix.substr(0, 12)}));
    if (!r) return Status::NotFound("token", prefix);
    id = r->Int("id");
    return Status::Ok();
  }));
  return RevokeToken(actor, id);
}

Result<bool> AccountService::VerifyTotp(Connection& c, int64_t user_id,
                                        const std::string& secret_hex, int64_t last_step,
                                        const std::string& code) {
  if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string::npos) return false;
  std::string secret = HexToBytes(secret_hex);
  time_t now = static_cast<time_t>(ToMillis(clock_.Now()) / 1000);
  int position = 0;
  int rc =
      oath_totp_validate2(secret.data(), secret.size(), now, 30, 0, 1, &position, code.c_str());
  if (rc < 0) return false;
  int64_t step = static_cast<int64_t>(now / 30) + position;
  // Each code works once: a step at or before the last accepted one is a replay.
  if (step <= last_step) return false;
  STEWARD_RETURN_IF_ERROR(
      c.Execute("UPDATE users SET totp_last_step = ? WHERE id = ?", {step, user_id}).status());
  return true;
}

Result<TotpEnrolment> AccountService::BeginTotp(const Actor& actor) {
  std::string secret_hex = RandomHex(20);
  std::string secret = HexToBytes(secret_hex);
  char* b32 = nullptr;
  size_t b32_len = 0;
  if (oath_base32_encode(secret.data(), secret.size(), &b32, &b32_len) != OATH_OK) {
    return Status::Internal("base32 encoding failed");
  }
  std::string base32(b32, b32_len);
  std::free(b32);
  while (!base32.empty() && base32.back() == '=') base32.pop_back();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Row r, c.QueryOne("SELECT totp_enabled FROM users WHERE id = ?",
                                               {actor.principal.user_id}));
    if (r.Bool("totp_enabled")) {
      return Status::FailedPrecondition("two-factor authentication is already enabled");
    }
    STEWARD_RETURN_IF_ERROR(c.Execute("UPDATE users SET totp_secret = ? WHERE id = ?",
                                      {secret_hex, actor.principal.user_id})
                                .status());
    return audit::Record(c, clock_.Now(), actor,
                         {"user.totp_begin",
                          "user",
                          std::to_string(actor.principal.user_id),
                          actor.principal.customer_id,
                          {}});
  }));
  TotpEnrolment out;
  out.secret_base32 = base32;
  out.otpauth_uri = "otpauth://totp/Steward:" + actor.principal.email + "?secret=" + base32 +
                    "&issuer=Steward&algorithm=SHA1&digits=6&period=30";
  return out;
}

Status AccountService::EnableTotp(const Actor& actor, const std::string& code) {
  return db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Row r, c.QueryOne("SELECT totp_secret, totp_enabled, totp_last_step"
                                               " FROM users WHERE id = ?",
                                               {actor.principal.user_id}));
    if (r.Bool("totp_enabled")) return Status::FailedPrecondition("already enabled");
    if (r.IsNull("totp_secret")) {
      return Status::FailedPrecondition("start with POST /api/v1/auth/totp/setup");
    }
    STEWARD_ASSIGN_OR_RETURN(bool ok, VerifyTotp(c, actor.principal.user_id, r.Text("totp_secret"),
                                                 r.Int("totp_last_step"), code));
    if (!ok) return Status::InvalidArgument("the one-time code is wrong", "code");
    STEWARD_RETURN_IF_ERROR(
        c.Execute("UPDATE users SET totp_enabled = 1 WHERE id = ?", {actor.principal.user_id})
            .status());
    // The setup-only restriction ends with enrolment: every session of this
    // user may now be used in full.
    STEWARD_RETURN_IF_ERROR(c.Execute("UPDATE sessions SET mfa_setup_only = 0 WHERE user_id = ?",
                                      {actor.principal.user_id})
                                .status());
    return audit::Record(c, clock_.Now(), actor,
                         {"user.totp_enable",
                          "user",
                          std::to_string(actor.principal.user_id),
                          actor.principal.customer_id,
                          {}});
  });
}

Status AccountService::DisableTotp(const Actor& actor, int64_t user_id,
                                   const std::optional<std::string>& code) {
  return db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto r, c.QueryOptional("SELECT totp_secret, totp_enabled,"
                                                     " totp_last_step FROM users WHERE id = ?",
                                                     {user_id}));
    if (!r) return Status::NotFound("user", std::to_string(user_id));
    bool self = user_id == actor.principal.user_id;
    if (self) {
      // Removing your own factor needs the factor: a stolen session is not enough.
      if (!code) return Status::InvalidArgument("is required", "code");
      if (r->Bool("totp_enabled")) {
        STEWARD_ASSIGN_OR_RETURN(bool ok, VerifyTotp(c, user_id, r->Text("totp_secret"),
                                                     r->Int("totp_last_step"), *code));
        if (!ok) return Status::InvalidArgument("the one-time code is wrong", "code");
      }
    }
    STEWARD_RETURN_IF_ERROR(c.Execute("UPDATE users SET totp_enabled = 0, totp_secret = NULL,"
                                      " totp_last_step = 0 WHERE id = ?",
                                      {user_id})
                                .status());
    if (!self) STEWARD_RETURN_IF_ERROR(EndSessionsAndTokens(c, actor, user_id, "totp reset"));
    return audit::Record(c, clock_.Now(), actor,
                         {"user.totp_disable", "user", std::to_string(user_id), std::nullopt, {}});
  });
}

Result<bool> AccountService::MfaRequiredForStaff() {
  bool required = false;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto r, c.QueryOptional("SELECT value FROM settings WHERE key = ?",
                                                     {"mfa_required_for_staff"}));
    required = r && r->Text("value") == "true";
    return Status::Ok();
  }));
  return required;
}

Status AccountService::SetMfaRequiredForStaff(const Actor& actor, bool required) {
  return db_.Transact([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(
        c.Execute("DELETE FROM settings WHERE key = ?", {"mfa_required_for_staff"}).status());
    STEWARD_RETURN_IF_ERROR(c.Execute("INSERT INTO settings (key, value) VALUES (?, ?)",
                                      {"mfa_required_for_staff", required ? "true" : "false"})
                                .status());
    return audit::Record(c, clock_.Now(), actor,
                         {"settings.update",
                          "settings",
                          "mfa_required_for_staff",
                          std::nullopt,
                          {{"mfa_required_for_staff", required}}});
  });
}

}  // namespace steward::accounts
