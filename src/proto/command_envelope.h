// The signed remote-command envelope shared by server and agent (SECURITY.md
// rules 7 and 38): the whole payload — script, arguments, interpreter, target
// device and tenant, validity window and a nonce — is serialised once into a
// canonical JSON text, and the Ed25519 signature covers exactly those bytes.
// The agent verifies the text it received, then parses it; it never re-encodes.
//
// An envelope carries either a script (interpreter, script, args) or a
// structured action that the agent carries out with its own code (issue 14
// item 7: approved updates go out as an "install_updates" action, so no
// package name ever reaches a shell or an option parser). Both are "v":1; an
// agent that predates actions refuses one as malformed (unknown field).
//
//   {"action":{"kind":"install_updates",
//              "packages":[{"name":"openssl","version":"3.0.15-1~deb12u1"}],
//              "reboot":"never"},
//    "command_id":..,"customer_id":..,"device_id":..,"expires_at":..,
//    "nonce":"..","not_before":..,"timeout_seconds":1800,"v":1}
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "proto/job_approval.h"

namespace steward::proto {

inline constexpr size_t kMaxScriptBytes = 64 * 1024;
inline constexpr size_t kMaxArgs = 32;
inline constexpr size_t kMaxArgBytes = 1024;
inline constexpr int kMaxTimeoutSeconds = 3600;
inline constexpr size_t kMaxActionPackages = 200;
inline constexpr size_t kMaxPackageNameBytes = 128;
inline constexpr size_t kMaxPackageVersionBytes = 128;

// Debian Policy 5.6.1: at least two characters of [a-z0-9+.-], starting
// with a letter or digit, so a name can never be read as an option.
bool IsValidDebianPackageName(std::string_view name);
// Debian Policy 5.6.12: [epoch:]upstream[-revision], upstream starting with
// a digit, only [A-Za-z0-9.+~:-]; an epoch is digits.
bool IsValidDebianVersion(std::string_view version);

struct PackageTarget {
  std::string name;     // IsValidDebianPackageName
  std::string version;  // the approved version, IsValidDebianVersion
  bool operator==(const PackageTarget&) const = default;
};

// What the agent does about a reboot once the packages are in.
enum class RebootPolicy { kNever, kIfRequired, kAlways };
std::string_view RebootPolicyName(RebootPolicy p);  // "never" | "if_required" | "always"

// kind "install_updates": install (upgrade to) exactly these versions.
struct CommandAction {
  std::string kind = "install_updates";
  std::vector<PackageTarget> packages;  // 1..kMaxActionPackages, names unique
  RebootPolicy reboot = RebootPolicy::kNever;
};

// An action as compact JSON with sorted keys (as the envelope carries it),
// and back with the envelope's checks: what the server keeps beside the
// command to check the agent's results against.
std::string ActionText(const CommandAction& a);
Result<CommandAction> ParseActionText(std::string_view text);

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
  // Set: the agent carries out the action; interpreter, script and args are
  // then neither encoded nor accepted.
  std::optional<CommandAction> action;
  // Set for a command of a job that needed a second technician's approval
  // (proto/job_approval.h); only with an action. Carried as
  // "job":{"manifest":"<canonical manifest text>","signature":"<hex>"}.
  std::optional<JobApproval> job;
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
  kUnapproved,  // its job's second approval is missing, wrong or does not cover it
};
std::string_view RefusalCode(Refusal r);

struct AgentIdentity {
  int64_t device_id = 0;
  int64_t customer_id = 0;
  std::string server_public_key_hex;  // pinned at enrolment
  // The key that signs second approvals (proto/job_approval.h), pinned at
  // enrolment too; empty for an agent enrolled before there was one: it
  // refuses every command that carries a job approval.
  std::string approval_public_key_hex;
};

// The agent's whole check, in the order that leaks least: signature first
// (nothing unsigned is even parsed), then envelope fields, target, window,
// the job's second approval when it carries one, and the nonce. `nonce_seen`
// must answer whether the nonce was seen before (and remember it when it
// returns false). Clock skew of up to `skew` is tolerated
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
