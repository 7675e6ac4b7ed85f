// The agent channel's frames (one JSON text message per WebSocket frame),
// shared by the agent and the server. Everything is parsed strictly and
// bounded: the server treats every agent frame as hostile input.
//
// agent → server                          server → agent
//   hello {agent_version}                   welcome {device_id, status, last_seq}
//   batch {seq, samples[], inventory?}      ack {seq} | nack {seq, code, message}
//   result {command_id, outcome...}         result_ack {command_id}
//   output {command_id, stream, data}       (none: live output of a running command)
//   ping {}                                 pong {} ; command {command_id, envelope, signature}
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace steward::proto {

inline constexpr size_t kMaxFrameBytes = 4 * 1024 * 1024;
inline constexpr size_t kMaxSamplesPerBatch = 5000;
inline constexpr size_t kMaxCommandOutputBytes = 64 * 1024;
inline constexpr std::string_view kAgentChannelPath = "/api/v1/agent/channel";

struct WireSample {
  std::string metric;
  int64_t ts_ms = 0;
  double value = 0;
  std::map<std::string, std::string> labels;
  size_t index = 0;  // its place in the frame (set when parsed; not on the wire)
};

// A sample of a batch that was not kept, and why: named in the ack.
struct RefusedWireSample {
  int64_t index = 0;  // its place in the batch
  std::string field;  // "samples[3].labels.mount"
  std::string message;
  bool operator==(const RefusedWireSample&) const = default;
};
inline constexpr size_t kMaxRefusedNamed = 20;  // an ack names at most this many

struct HelloFrame {
  std::string agent_version;
};
struct BatchFrame {
  // The spool rows first_seq..seq travel together (an agent catching up sends
  // many rows per frame); seq > 0 and strictly increasing per agent.
  int64_t first_seq = 0;  // 0: same as seq
  int64_t seq = 0;
  std::vector<WireSample> samples;  // those that parsed
  // Samples whose shape is wrong (a label that is not a short string, a
  // missing value): left out here, named in the ack, the rest kept.
  std::vector<RefusedWireSample> unparsable;
  std::optional<Json> inventory;  // an object, checked by the server's inventory rules
};
// The outcome of one package of an "install_updates" action
// (command_envelope.h):
//   {"name":"foo","outcome":"installed","version":"1.1","state":"installed"}
//   {"name":"bar","outcome":"failed","version":"1.1","state":"half-configured",
//    "exit_code":3,"log_tail":"..."}
//   {"name":"baz","outcome":"held","version":"1.1","state":"unpacked",
//    "reason":"dpkg stopped at the configuration-file prompt for /etc/baz.conf ..."}
// version and state are what dpkg's status database records afterwards
// (both absent when the package is not installed at all).
struct PackageOutcome {
  std::string name;
  std::string outcome;  // installed | failed | held
  std::string version;
  std::string state;     // dpkg's: installed, unpacked, half-configured, ...
  int exit_code = 0;     // failed: the maintainer script's or apt-get's exit code
  std::string log_tail;  // failed: the last lines of the log about it
  std::string reason;    // held: why, in words
  bool operator==(const PackageOutcome&) const = default;
};
inline constexpr size_t kMaxPackageOutcomes = 200;  // = kMaxActionPackages
inline constexpr size_t kMaxLogTailBytes = 4096;

struct CommandResultFrame {
  int64_t command_id = 0;
  std::string status;   // completed | timed_out | refused | failed
  std::string refusal;  // RefusalCode when refused
  int exit_code = 0;
  std::string stdout_text;
  std::string stderr_text;
  // Set for an action (never for a script): one outcome per package asked
  // for, in the envelope's order, and whether the device needs a reboot
  // afterwards / the agent scheduled one (the envelope's reboot policy).
  std::optional<std::vector<PackageOutcome>> packages;
  bool reboot_required = false;
  bool reboot_scheduled = false;
};
struct PingFrame {};
// Live output of a running command (a preview: the result frame's output is
// the record). At most kMaxOutputChunkBytes of data per frame.
struct CommandOutputFrame {
  int64_t command_id = 0;
  bool is_stderr = false;
  std::string data;
};
inline constexpr size_t kMaxOutputChunkBytes = 16 * 1024;

using AgentFrame =
    std::variant<HelloFrame, BatchFrame, CommandResultFrame, PingFrame, CommandOutputFrame>;

// InvalidArgument naming the offending field for anything malformed.
Result<AgentFrame> ParseAgentFrame(std::string_view text);
// For a frame ParseAgentFrame refused: its `seq` if it still reads as a batch
// (a JSON object with "type":"batch" and an integer "seq" of at least 1),
// else 0. The server names the batch in its nack (code kNackUnparsable) so
// the agent drops it instead of waiting for an answer that never comes.
int64_t UnparsableBatchSeq(std::string_view text);
std::string EncodeHello(const HelloFrame& f);
std::string EncodeBatch(const BatchFrame& f);
std::string EncodeCommandResult(const CommandResultFrame& f);
std::string EncodePing();
std::string EncodeCommandOutput(const CommandOutputFrame& f);

struct WelcomeFrame {
  int64_t device_id = 0;
  std::string status;    // quarantined | approved
  int64_t last_seq = 0;  // the highest batch sequence committed: the agent drops those
  // Set when the agent's credential was moved to `device_id` from the device
  // it enrolled as (an approved re-enrolment): that device and the signature
  // of proto::DeviceRebind{customer, rebound_from, device_id}.
  int64_t rebound_from = 0;
  std::string rebind_signature;
};
struct AckFrame {
  int64_t seq = 0;
  // Samples left out of the committed batch (one bad label costs its
  // sample, not the batch); the rest were stored.
  std::vector<RefusedWireSample> refused;
  int64_t refused_count = 0;  // all of them, also those not named
};
// A batch the server cannot parse: the agent drops it for good.
inline constexpr std::string_view kNackUnparsable = "unparsable";

struct NackFrame {
  int64_t seq = 0;
  std::string code;  // invalid_argument | failed_precondition | unparsable | unavailable ...
  std::string message;
  bool retry = false;  // keep the batch and resend later (else drop it)
};
struct CommandFrame {
  int64_t command_id = 0;
  std::string envelope;
  std::string signature;
};
struct ResultAckFrame {
  int64_t command_id = 0;
};
struct PongFrame {};

using ServerFrame =
    std::variant<WelcomeFrame, AckFrame, NackFrame, CommandFrame, ResultAckFrame, PongFrame>;

Result<ServerFrame> ParseServerFrame(std::string_view text);
std::string EncodeServerFrame(const ServerFrame& f);

}  // namespace steward::proto
