// Runs a remote command the agent has already verified (proto::VerifyCommand):
// the script through /bin/sh or /bin/bash with its arguments as $1.., no
// stdin, output capped, killed at the envelope's timeout. An envelope with an
// action runs no shell: "install_updates" goes to InstallPackages
// (package_install.h) and its result carries the per-package outcomes.
#pragma once

#include <functional>
#include <string_view>

#include "agent/exec/package_install.h"
#include "agent/platform/system.h"
#include "proto/agent_frames.h"
#include "proto/command_envelope.h"

namespace steward::agent {

// `on_output` (optional) receives output as it arrives, for live streaming.
proto::CommandResultFrame RunCommand(
    platform::System& system, const proto::CommandEnvelope& envelope,
    std::function<void(bool is_stderr, std::string_view chunk)> on_output = {},
    const PackageInstallOptions& install_options = {});

}  // namespace steward::agent
