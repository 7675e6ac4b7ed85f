// Agents (SPEC §2, ARCHITECTURE "Agent protocol", SECURITY.md rules 1, 7, 38,
// 41): enrolment tokens, enrolment of a device with its own credential, the
// trust state of each agent (quarantined → approved, or revoked), the channel's
// batch ingest with its exactly-once sequence check, inventory into the CMDB,
// and remote commands signed with the server's Ed25519 key.
//
// Everything an agent sends is untrusted: frames are parsed strictly in
// proto/, samples validated by monitoring, inventory by the CMDB field rules.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"
#include "proto/agent_frames.h"
#include "proto/command_envelope.h"
#include "server/accounts/principal.h"
#include "storage/database.h"

namespace steward::cmdb {
class CmdbService;
}
namespace steward::patching {
class PatchService;
}
namespace steward::monitoring {
class SampleSink;
}

namespace steward::agentlink {

inline constexpr std::chrono::hours kDefaultTokenLifetime{24};
// SECURITY.md rule 4: an enrolment token lasts at most a day.
inline constexpr std::chrono::hours kMaxTokenLifetime{24};
inline constexpr std::string_view kTokenPrefix = "stw_enr_";
inline constexpr std::string_view kCredentialPrefix = "stw_agt_";
inline constexpr size_t kMaxGroupCommandTargets = 25;
// How long past a delivered command's validity window and timeout the server
// still waits for its result before it gives up on it (agent clocks run a
// little off; a result may wait in an agent's spool for a reconnect).
inline constexpr std::chrono::minutes kCommandResultGrace{10};

// An authenticated channel: who is on the other end.
struct AgentSession {
  int64_t device_id = 0;
  int64_t customer_id = 0;
  std::string status;  // quarantined | approved
  bool commands_enabled = false;
  int64_t last_seq = 0;  // highest batch sequence committed
  // The agent record this credential was moved from when a technician
  // approved its re-enrolment as this device (0: enrolled as this device).
  int64_t rebound_from = 0;
};

// What the live channels need to hear about (the hub implements it).
class ChannelControl {
 public:
  virtual ~ChannelControl() = default;
  virtual void Disconnect(int64_t device_id) = 0;     // revoked: cut off now
  virtual void CommandsReady(int64_t device_id) = 0;  // a command waits
  virtual void Approved(int64_t device_id) = 0;       // quarantine lifted: send now
};

enum class AgentObject { kAgent, kCommand, kToken, kGroup };

// The Ed25519 secret keys of remote commands, hex: `signing` signs every
// command; `approval` signs only the manifest of a job a second technician
// approved (proto/job_approval.h). Agents pin both public keys at enrolment.
struct CommandKeys {
  std::string signing;
  std::string approval;
};

class AgentService {
 public:
  AgentService(storage::Database& db, const Clock& clock, cmdb::CmdbService& cmdb,
               monitoring::SampleSink& samples, CommandKeys keys);

  void set_channel_control(ChannelControl* control) { control_ = control; }
  // Where the pending updates of each inventory go (patch management);
  // without it they are only counted on the CI.
  void set_update_reports(patching::PatchService* patches) { patches_ = patches; }
  const std::string& command_public_key() const { return public_key_hex_; }
  const std::string& approval_public_key() const { return approval_public_key_hex_; }

  // The approval key's signature over a job manifest, for the commands of a
  // job a second technician approved. The caller has checked who approved;
  // a manifest its author approved is refused here too (PermissionDenied).
  Result<proto::JobApproval> SignJobApproval(const proto::JobManifest& manifest) const;

  // --- Enrolment tokens ----------------------------------------------------
  // Body: customer_id (required), site_id, label, auto_approve (false),
  // max_uses (1..10000, default 1), expires_in_hours (1..24, default 24);
  // auto_approve needs the owner or a service manager. Returns the token
  // once, in clear: {"id","token","expires_at",...}.
  Result<Json> CreateEnrollmentToken(const accounts::Actor& actor, const Json& body);
  Result<Json> ListEnrollmentTokens(const accounts::Principal& viewer,
                                    std::optional<int64_t> customer_id);
  Status RevokeEnrollmentToken(const accounts::Actor& actor, int64_t id);

  // POST /api/v1/agent/enroll (the token is the authentication). Body: token,
  // hostname, machine_id, agent_version, kind (server|workstation, default
  // server), inventory (optional object). Creates the device CI and its
  // agent, returns {"device_id","customer_id","credential","status",
  // "command_public_key"}. A machine id the customer already has makes a new
  // agent in quarantine that claims that device (never a takeover, see
  // ApproveAgent) and raises a critical alert on the claimed device.
  Result<Json> Enroll(const Json& body, const std::string& remote_ip);

  // --- The channel ---------------------------------------------------------
  // Unauthenticated for an unknown or revoked credential.
  Result<AgentSession> Authenticate(std::string_view credential, const std::string& remote_ip);
  // Stores a batch exactly once: samples, inventory and the new sequence
  // number commit together; a sequence at or below the last committed one is
  // acknowledged without storing anything. A quarantined agent's batches are
  // refused with retry so they wait in its spool until approval.
  proto::ServerFrame HandleBatch(const AgentSession& session, const proto::BatchFrame& batch);
  // Commands waiting for this device (approved, enabled, not expired); marks
  // them delivered. Re-delivers commands delivered over a lost connection.
  Result<std::vector<proto::CommandFrame>> TakePendingCommands(const AgentSession& session);
  Status RecordCommandResult(const AgentSession& session, const proto::CommandResultFrame& result);
  // Gives up on commands no agent can still be running: pending ones past
  // their validity window, delivered or running ones past the window plus
  // their timeout plus kCommandResultGrace (the agent restarted, was
  // reinstalled or is gone). They become `expired` with the reason in
  // stderr. Returns how many. The server's job loop runs it every minute;
  // TakePendingCommands does the same for its device.
  Result<int64_t> ExpireOverdueCommands();
  // Live output: marks the command running and appends to its output (capped
  // at 64 KiB per stream); the result frame replaces it with the record.
  Status AppendCommandOutput(const AgentSession& session, const proto::CommandOutputFrame& output);
  // The device's current trust state (re-read: approval may come any time).
  Result<AgentSession> Refresh(int64_t device_id);
  // What the channel says after hello: the device, trust state and last
  // sequence, and for a rebound agent the signed statement that moves it
  // here (proto/device_rebind.h).
  proto::WelcomeFrame WelcomeFor(const AgentSession& session) const;

  // --- Agents --------------------------------------------------------------
  Result<Json> ListAgents(const accounts::Principal& viewer, std::optional<int64_t> customer_id,
                          std::optional<std::string> status);
  Result<Json> GetAgent(const accounts::Principal& viewer, int64_t device_id);
  // Takes an agent out of quarantine. An agent that claims a device (a
  // re-enrolment) is bound to it: its credential replaces the claimed
  // device's, which cuts the old agent off, and its own record is retired.
  // With `as_new_device` it stays a device of its own. A revoked device is
  // never bound again: FailedPrecondition.
  Result<Json> ApproveAgent(const accounts::Actor& actor, int64_t device_id,
                            bool as_new_device = false);
  Result<Json> RevokeAgent(const accounts::Actor& actor, int64_t device_id);
  // Body: commands_enabled (bool).
  Result<Json> UpdateAgent(const accounts::Actor& actor, int64_t device_id, const Json& body);

  // --- Scripts and commands ------------------------------------------------
  // Body: name, description, interpreter (sh|bash), body.
  Result<Json> CreateScript(const accounts::Actor& actor, const Json& body);
  Result<Json> ListScripts(const accounts::Principal& viewer);
  // Body: script (text) or script_id, args, timeout_seconds (1..3600, 60),
  // expires_in_seconds (60..86400, 900). FailedPrecondition unless the agent
  // is approved and remote commands are enabled for the device.
  Result<Json> CreateCommand(const accounts::Actor& actor, int64_t device_id, const Json& body);
  // The same command on every member of a device group (one customer's):
  // {"commands":[...],"skipped":[{"device_id","reason"}]}. Members without an
  // approved agent or with commands disabled are skipped, not failed. Groups
  // over kMaxGroupCommandTargets devices are refused: SECURITY.md's
  // two-person rule applies there, and a second approver is not built yet.
  Result<Json> CreateGroupCommand(const accounts::Actor& actor, int64_t group_id, const Json& body);
  // An "install_updates" action for the device (issue 14 item 7), signed
  // like a script and valid from now until `expires_at` (a deployment's
  // window end). FailedPrecondition as CreateCommand. The command's id.
  // `job`: the second approval of the job the action belongs to, carried in
  // the envelope for the agent to check.
  Result<int64_t> QueueAction(const accounts::Actor& actor, int64_t device_id,
                              const proto::CommandAction& action, Timestamp expires_at,
                              int timeout_seconds,
                              const std::optional<proto::JobApproval>& job = std::nullopt);
  // With, for an action, "action", "packages" (the agent's result for each)
  // and "reboot_required".
  Result<Json> GetCommand(const accounts::Principal& viewer, int64_t id);
  Result<Json> ListCommands(const accounts::Principal& viewer, int64_t device_id);

  Result<std::optional<int64_t>> OwnerOf(AgentObject kind, int64_t id);

 private:
  Status ApplyInventory(storage::Connection& c, const AgentSession& session, const Json& inventory,
                        Timestamp now);
  // The customer of the device's agent in the actor's scope, when it may
  // run commands: NotFound, or FailedPrecondition naming why not.
  Result<int64_t> CommandableCustomer(storage::Connection& c, const accounts::Actor& actor,
                                      int64_t device_id);
  // Inserts, signs (the id is part of what is signed), stores and audits.
  Result<int64_t> InsertSignedCommand(storage::Connection& c, const accounts::Actor& actor,
                                      proto::CommandEnvelope& e, std::optional<int64_t> script_id,
                                      Timestamp now);
  // A critical event on `claimed`: another machine enrolled as it.
  Status AlertReEnrolment(storage::Connection& c, int64_t customer_id, int64_t claimed,
                          int64_t claimant, const std::string& remote_ip, Timestamp now);
  // Moves the quarantined claimant's credential to the device it claims.
  Status BindClaim(storage::Connection& c, const accounts::Actor& actor, int64_t claimant,
                   int64_t claimed, Timestamp now);

  storage::Database& db_;
  const Clock& clock_;
  cmdb::CmdbService& cmdb_;
  monitoring::SampleSink& samples_;
  std::string secret_key_hex_;
  std::string public_key_hex_;
  std::string approval_secret_key_hex_;
  std::string approval_public_key_hex_;
  ChannelControl* control_ = nullptr;
  patching::PatchService* patches_ = nullptr;
};

// The command keys kept in DATA/keys/command-signing.key and
// command-approval.key (mode 0600, public halves beside them in .pub),
// each created on first use.
Result<CommandKeys> LoadOrCreateCommandKeys(const std::string& data_dir);

}  // namespace steward::agentlink
