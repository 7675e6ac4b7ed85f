#include "proto/command_envelope.h"

#include "core/crypto.h"
#include "core/json.h"

namespace steward::proto {

std::string CanonicalEnvelope(const CommandEnvelope& e) {
  // nlohmann::json objects keep keys sorted, so dump() is canonical.
  Json j = {{"args", e.args},
            {"command_id", e.command_id},
            {"customer_id", e.customer_id},
            {"device_id", e.device_id},
            {"expires_at", ToMillis(e.expires_at)},
            {"interpreter", e.interpreter},
            {"nonce", e.nonce},
            {"not_before", ToMillis(e.not_before)},
            {"script", e.script},
            {"timeout_seconds", e.timeout_seconds},
            {"v", 1}};
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
  e.interpreter = r.RequiredEnum("interpreter", {"sh", "bash"});
  e.script = r.RequiredString("script", 1, kMaxScriptBytes);
  e.args =
      r.OptionalStringArray("args", kMaxArgs, kMaxArgBytes).value_or(std::vector<std::string>{});
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
  }
  return "unknown";
}

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
    out.detail = parsed.status().message();
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
  } else if (nonce_seen(e.nonce)) {
    out.refusal = Refusal::kReplayed;
    out.detail = "nonce already used";
  }
  return out;
}

}  // namespace steward::proto
