// Runs a remote command the agent has already verified (proto::VerifyCommand):
// the script through /bin/sh or /bin/bash with its arguments as $1.., no
// stdin, output capped, killed at the envelope's timeout.
#pragma once

#include "agent/platform/system.h"
#include "proto/agent_frames.h"
#include "proto/command_envelope.h"

namespace steward::agent {

proto::CommandResultFrame RunCommand(platform::System& system,
                                     const proto::CommandEnvelope& envelope);

}  // namespace steward::agent
