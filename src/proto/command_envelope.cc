#include "proto/command_envelope.h"

#include "core/crypto.h"
#include "core/json.h"

namespace steward::proto {

namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Json ActionJson(const CommandAction& a) {
  Json packages = Json::array();
  for (const PackageTarget& p : a.packages) {
    packages.push_back({{"name", p.name}, {"version", p.version}});
  }
  return {{"kind", a.kind},
          {"packages", std::move(packages)},
          {"reboot", std::string(RebootPolicyName(a.reboot))}};
}

Result<CommandAction> ParseAction(const Json& j) {
  ObjectReader r(j, "action");
  CommandAction a;
  a.kind = r.RequiredEnum("kind", {"install_updates"});
  std::string reboot = r.RequiredEnum("reboot", {"never", "if_required", "always"});
  a.reboot = reboot == "always"        ? RebootPolicy::kAlways
             : reboot == "if_required" ? RebootPolicy::kIfRequired
                                       : RebootPolicy::kNever;
  const Json* packages = r.OptionalRaw("packages");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (!packages) return Status::InvalidArgument("is required", "action.packages");
  if (!packages->is_array() || packages->empty() || packages->size() > kMaxActionPackages) {
    return Status::InvalidArgument(
        "must be an array of 1 to " + std::to_string(kMaxActionPackages) + " packages",
        "action.packages");
  }
  for (size_t i = 0; i < packages->size(); ++i) {
    std::string prefix = "action.packages[" + std::to_string(i) + "]";
    ObjectReader p((*packages)[i], prefix);
    PackageTarget t;
    t.name = p.RequiredString("name", 2, kMaxPackageNameBytes);
    t.version = p.RequiredString("version", 1, kMaxPackageVersionBytes);
    STEWARD_RETURN_IF_ERROR(p.Finish());
    if (!IsValidDebianPackageName(t.name)) {
      return Status::InvalidArgument("is not a Debian package name ([a-z0-9][a-z0-9+.-]+)",
                                     prefix + ".name");
    }
    if (!IsValidDebianVersion(t.version)) {
      return Status::InvalidArgument("is not a Debian version ([epoch:]upstream[-revision])",
                                     prefix + ".version");
    }
    for (const PackageTarget& earlier : a.packages) {
      if (earlier.name == t.name) {
        return Status::InvalidArgument("names a package twice", prefix + ".name");
      }
    }
    a.packages.push_back(std::move(t));
  }
  return a;
}

}  // namespace

bool IsValidDebianPackageName(std::string_view name) {
  if (name.size() < 2 || name.size() > kMaxPackageNameBytes || !IsLowerAlnum(name[0])) {
    return false;
  }
  for (char c : name) {
    if (!IsLowerAlnum(c) && c != '+' && c != '.' && c != '-') return false;
  }
  return true;
}

bool IsValidDebianVersion(std::string_view v) {
  if (v.empty() || v.size() > kMaxPackageVersionBytes) return false;
  bool has_epoch = false;
  if (size_t colon = v.find(':'); colon != std::string_view::npos) {
    if (colon == 0) return false;
    for (char c : v.substr(0, colon)) {
      if (!IsDigit(c)) return false;
    }
    v.remove_prefix(colon + 1);
    has_epoch = true;
  }
  std::string_view upstream = v, revision;
  if (size_t dash = v.rfind('-'); dash != std::string_view::npos) {
    upstream = v.substr(0, dash);
    revision = v.substr(dash + 1);
    if (revision.empty()) return false;
  }
  if (upstream.empty() || !IsDigit(upstream[0])) return false;
  for (char c : upstream) {
    if (!IsAlnum(c) && c != '.' && c != '+' && c != '~' && c != '-' && !(has_epoch && c == ':')) {
      return false;
    }
  }
  for (char c : revision) {
    if (!IsAlnum(c) && c != '.' && c != '+' && c != '~') return false;
  }
  return true;
}

std::string_view RebootPolicyName(RebootPolicy p) {
  switch (p) {
    case RebootPolicy::kNever:
      return "never";
    case RebootPolicy::kIfRequired:
      return "if_required";
    case RebootPolicy::kAlways:
      return "always";
  }
  return "never";
}

std::string ActionText(const CommandAction& a) { return ActionJson(a).dump(); }

Result<CommandAction> ParseActionText(std::string_view text) {
  STEWARD_ASSIGN_OR_RETURN(Json j, ParseJsonStrict(text));
  return ParseAction(j);
}

std::string CanonicalEnvelope(const CommandEnvelope& e) {
  // nlohmann::json objects keep keys sorted, so dump() is canonical.
  Json j = {{"command_id", e.command_id},
            {"customer_id", e.customer_id},
            {"device_id", e.device_id},
            {"expires_at", ToMillis(e.expires_at)},
            {"nonce", e.nonce},
            {"not_before", ToMillis(e.not_before)},
            {"timeout_seconds", e.timeout_seconds},
            {"v", 1}};
  if (e.action) {
    j["action"] = ActionJson(*e.action);
    if (e.job) j["job"] = {{"manifest", e.job->manifest}, {"signature", e.job->signature}};
  } else {
    j["args"] = e.args;
    j["interpreter"] = e.interpreter;
    j["script"] = e.script;
  }
  return j.dump();
}

Result<CommandEnvelope> ParseEnvelope(std::string_view text) {
  STEWARD_ASSIGN_OR_RETURN(Json j, ParseJsonStrict(text));
  ObjectReader r(j);
  CommandEnvelope e;
  r.RequiredInt("v", 1, 1);
  e.command_id = r.RequiredInt("command_id", 1, INT64_MAX);
  e.device_id = r.RequiredInt("device_id", 1, INT64_MAX);
  e.customer_id = r.RequiredInt("customer_id", 1, INT64_MAX);
  if (const Json* action = r.OptionalRaw("action")) {
    // An action replaces the script: none of the script's fields may ride along.
    for (std::string_view key : {"interpreter", "script", "args"}) {
      if (r.Has(key)) {
        return Status::InvalidArgument("not allowed with an action", std::string(key));
      }
    }
    STEWARD_ASSIGN_OR_RETURN(e.action, ParseAction(*action));
    if (const Json* job = r.OptionalRaw("job")) {
      ObjectReader jr(*job, "job");
      JobApproval a;
      a.manifest = jr.RequiredString("manifest", 2, kMaxJobManifestBytes);
      a.signature = jr.RequiredString("signature", 128, 128);
      STEWARD_RETURN_IF_ERROR(jr.Finish());
      e.job = std::move(a);
    }
  } else {
    e.interpreter = r.RequiredEnum("interpreter", {"sh", "bash"});
    e.script = r.RequiredString("script", 1, kMaxScriptBytes);
    e.args =
        r.OptionalStringArray("args", kMaxArgs, kMaxArgBytes).value_or(std::vector<std::string>{});
  }
  e.timeout_seconds = static_cast<int>(r.RequiredInt("timeout_seconds", 1, kMaxTimeoutSeconds));
  e.not_before = FromMillis(r.RequiredInt("not_before", 0, INT64_MAX / 2));
  e.expires_at = FromMillis(r.RequiredInt("expires_at", 0, INT64_MAX / 2));
  e.nonce = r.RequiredString("nonce", 32, 64);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (e.expires_at <= e.not_before) {
    return Status::InvalidArgument("must be after not_before", "expires_at");
  }
  return e;
}

std::string_view RefusalCode(Refusal r) {
  switch (r) {
    case Refusal::kNone:
      return "none";
    case Refusal::kUnsigned:
      return "unsigned";
    case Refusal::kBadSignature:
      return "bad_signature";
    case Refusal::kMalformed:
      return "malformed";
    case Refusal::kWrongDevice:
      return "wrong_device";
    case Refusal::kWrongTenant:
      return "wrong_tenant";
    case Refusal::kNotYetValid:
      return "not_yet_valid";
    case Refusal::kExpired:
      return "expired";
    case Refusal::kReplayed:
      return "replayed";
    case Refusal::kCommandsDisabled:
      return "commands_disabled";
    case Refusal::kUnapproved:
      return "unapproved";
  }
  return "unknown";
}

namespace {

// Why the command's job approval does not hold; empty when it carries none
// or it holds.
std::string JobRefusal(const CommandEnvelope& e, const AgentIdentity& me, Timestamp now) {
  if (!e.job) return {};
  std::vector<std::string> packages;
  if (e.action) {
    for (const PackageTarget& p : e.action->packages) packages.push_back(p.name);
  }
  return CheckJobApproval(*e.job, me.approval_public_key_hex, e.device_id, e.customer_id, packages,
                          now);
}

}  // namespace

VerifyOutcome VerifyCommand(const SignedCommand& command, const AgentIdentity& me, Timestamp now,
                            const std::function<bool(std::string_view nonce)>& nonce_seen,
                            std::chrono::seconds skew) {
  VerifyOutcome out;
  if (command.signature.empty()) {
    out.refusal = Refusal::kUnsigned;
    out.detail = "the command carries no signature";
    return out;
  }
  if (!VerifyDetachedHex(command.envelope, command.signature, me.server_public_key_hex)) {
    out.refusal = Refusal::kBadSignature;
    out.detail = "the signature does not match the server's key";
    return out;
  }
  auto parsed = ParseEnvelope(command.envelope);
  if (!parsed.ok()) {
    out.refusal = Refusal::kMalformed;
    const Status& s = parsed.status();
    out.detail = s.field().empty() ? s.message() : s.field() + ": " + s.message();
    return out;
  }
  out.envelope = std::move(*parsed);
  const CommandEnvelope& e = out.envelope;
  if (e.device_id != me.device_id) {
    out.refusal = Refusal::kWrongDevice;
    out.detail = "addressed to device " + std::to_string(e.device_id);
  } else if (e.customer_id != me.customer_id) {
    out.refusal = Refusal::kWrongTenant;
    out.detail = "addressed to customer " + std::to_string(e.customer_id);
  } else if (now + skew < e.not_before) {
    out.refusal = Refusal::kNotYetValid;
    out.detail = "not valid before " + std::to_string(ToMillis(e.not_before));
  } else if (now >= e.expires_at) {
    out.refusal = Refusal::kExpired;
    out.detail = "expired at " + std::to_string(ToMillis(e.expires_at));
  } else if (std::string why = JobRefusal(e, me, now); !why.empty()) {
    out.refusal = Refusal::kUnapproved;
    out.detail = std::move(why);
  } else if (nonce_seen(e.nonce)) {
    out.refusal = Refusal::kReplayed;
    out.detail = "nonce already used";
  }
  return out;
}

}  // namespace steward::proto
