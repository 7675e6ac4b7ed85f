// The signed remote-command envelope shared by server and agent (SECURITY.md
// rules 7 and 38): the whole payload — script, arguments, interpreter, target
// device and tenant, validity window and a nonce — is serialised once into a
// canonical JSON text, and the Ed25519 signature covers exactly those bytes.
// The agent verifies the text it received, then parses it; it never re-encodes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace steward::proto {

inline constexpr size_t kMaxScriptBytes = 64 * 1024;
inline constexpr size_t kMaxArgs = 32;
inline constexpr size_t kMaxArgBytes = 1024;
inline constexpr int kMaxTimeoutSeconds = 3600;

struct CommandEnvelope {
  int64_t command_id = 0;
  int64_t device_id = 0;
  int64_t customer_id = 0;
  std::string interpreter = "sh";  // "sh" (POSIX shell) or "bash"
  std::string script;
  std::vector<std::string> args;
  int timeout_seconds = 60;
  Timestamp not_before{};
  Timestamp expires_at{};
  std::string nonce;  // 32 hex characters, never reused
};

// Canonical text (compact JSON, keys sorted, times in epoch milliseconds).
std::string CanonicalEnvelope(const CommandEnvelope& e);
// Strict parse and range check of an envelope text; InvalidArgument naming the field.
Result<CommandEnvelope> ParseEnvelope(std::string_view text);

struct SignedCommand {
  std::string envelope;   // canonical text
  std::string signature;  // Ed25519 over `envelope`, hex
};

// Why an agent refuses a command: reported back to the server and audited.
enum class Refusal {
  kNone,
  kUnsigned,
  kBadSignature,
  kMalformed,
  kWrongDevice,
  kWrongTenant,
  kNotYetValid,
  kExpired,
  kReplayed,
  kCommandsDisabled,
};
std::string_view RefusalCode(Refusal r);

struct AgentIdentity {
  int64_t device_id = 0;
  int64_t customer_id = 0;
  std::string server_public_key_hex;  // pinned at enrolment
};

// The agent's whole check, in the order that leaks least: signature first
// (nothing unsigned is even parsed), then envelope fields, target, window and
// nonce. `nonce_seen` must answer whether the nonce was seen before (and
// remember it when it returns false). Clock skew of up to `skew` is tolerated
// on not_before only.
struct VerifyOutcome {
  Refusal refusal = Refusal::kNone;
  std::string detail;
  CommandEnvelope envelope;
};
VerifyOutcome VerifyCommand(const SignedCommand& command, const AgentIdentity& me, Timestamp now,
                            const std::function<bool(std::string_view nonce)>& nonce_seen,
                            std::chrono::seconds skew = std::chrono::seconds(120));

}  // namespace steward::proto
