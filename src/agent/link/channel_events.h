// The vocabulary of the agent's channel state machine (channel_machine.h):
// the events the agent's I/O loop feeds it and the actions it hands back.
//
// Events are facts that already happened (a socket connected, a frame
// arrived, a command thread finished, the spool produced a batch). Actions
// are requests to the loop (send this text, delete these spool rows, run
// this command). The machine never performs I/O itself; where it needs an
// answer that only I/O can give (the next spooled batch, a stored result, a
// nonce check) it asks with an action and the loop replies with an event:
//
//   SendNextBatch  -> BatchSent | NoBatch
//   CheckCommand   -> CommandChecked
//   Connect        -> Connected | ConnectFailed
//
// Server frames (welcome, ack, nack, command, result_ack, pong) are events
// as they are, straight from proto::ParseServerFrame.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "agent/link/drop_reason.h"
#include "core/clock.h"
#include "proto/agent_frames.h"
#include "proto/command_envelope.h"

namespace steward::agent {

namespace event {

// The agent starts. `interrupted`: commands a previous run accepted but has
// no result for (it crashed, was killed or stopped while they ran).
struct Started {
  std::vector<int64_t> interrupted;
};
// The timers' heartbeat: the loop sends it at least every few hundred ms.
struct Tick {};
// The WebSocket upgrade succeeded.
struct Connected {};
struct ConnectFailed {
  std::string why;
};
// The connection went away (read or write error, server close).
struct Disconnected {
  std::string why;
};
// Reply to SendNextBatch: the spool rows first_seq..seq went out in one frame.
struct BatchSent {
  int64_t first_seq = 0;
  int64_t seq = 0;
};
// Reply to SendNextBatch: nothing is waiting (or the spool could not be read).
struct NoBatch {};
// Reply to CheckCommand: a result stored for this id (re-sent as is), or else
// the outcome of proto::VerifyCommand, which has consumed the nonce.
struct CommandChecked {
  int64_t command_id = 0;
  std::optional<std::string> stored_result;
  proto::VerifyOutcome verdict;
};
// A command thread produced output (a preview) or ended.
struct CommandOutput {
  proto::CommandOutputFrame output;
};
struct CommandFinished {
  proto::CommandResultFrame result;
};

}  // namespace event

using LinkEvent = std::variant<event::Started, event::Tick, event::Connected, event::ConnectFailed,
                               event::Disconnected, proto::WelcomeFrame, proto::AckFrame,
                               proto::NackFrame, proto::CommandFrame, proto::ResultAckFrame,
                               proto::PongFrame, event::BatchSent, event::NoBatch,
                               event::CommandChecked, event::CommandOutput, event::CommandFinished>;

namespace action {

// Open the WebSocket now; reply Connected or ConnectFailed.
struct Connect {};
// Write this text frame.
struct Send {
  std::string text;
};
// Read the oldest spooled rows into one frame, send it and reply BatchSent,
// or reply NoBatch.
struct SendNextBatch {};
// The server has committed every row up to this sequence: delete them.
struct DeleteAcknowledged {
  int64_t up_to_seq = 0;
};
// The server will never take these rows: delete them, count them under
// `reason` and log `why`.
struct DropBatches {
  int64_t up_to_seq = 0;
  DropReason reason = DropReason::kRefused;
  std::string why;
};
// Send every result the server has not acknowledged (after a welcome).
struct ResendResults {};
// Look up a stored result for this command, else verify it; reply CommandChecked.
struct CheckCommand {
  proto::CommandFrame frame;
};
// Remember durably that this command was accepted (before it runs), so a
// restart can tell that it was interrupted.
struct RecordAccepted {
  int64_t command_id = 0;
};
// Start this verified command on a thread of its own.
struct RunCommand {
  proto::CommandEnvelope envelope;
};
// The server moved this agent to another device (a technician approved its
// re-enrolment as the device it claimed) and signed it: store the new id.
struct AdoptDevice {
  int64_t device_id = 0;
};
// Keep this result frame until the server acknowledges it.
struct SaveResult {
  int64_t command_id = 0;
  std::string frame;
};
// The server has this result: forget it.
struct ForgetResult {
  int64_t command_id = 0;
};
// The machine wants a Tick by `at` (a reconnect or a held-back batch); the
// loop may sleep until then.
struct ScheduleRetry {
  enum class What { kConnect, kBatch };
  Timestamp at{};
  What what = What::kConnect;
};
// Close the connection. The machine has already counted it as lost: do not
// report Disconnected for it.
struct Close {
  std::string why;
};

}  // namespace action

using LinkAction =
    std::variant<action::Connect, action::Send, action::SendNextBatch, action::DeleteAcknowledged,
                 action::DropBatches, action::ResendResults, action::CheckCommand,
                 action::RecordAccepted, action::RunCommand, action::AdoptDevice,
                 action::SaveResult, action::ForgetResult, action::ScheduleRetry, action::Close>;

using LinkActions = std::vector<LinkAction>;

}  // namespace steward::agent
