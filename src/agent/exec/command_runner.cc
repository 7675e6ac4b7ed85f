#include "agent/exec/command_runner.h"

namespace steward::agent {

proto::CommandResultFrame RunCommand(
    platform::System& system, const proto::CommandEnvelope& e,
    std::function<void(bool is_stderr, std::string_view chunk)> on_output,
    const PackageInstallOptions& install_options) {
  if (e.action) return InstallPackages(system, e, install_options, std::move(on_output));
  proto::CommandResultFrame out;
  out.command_id = e.command_id;
  std::vector<std::string> argv = {e.interpreter == "bash" ? "/bin/bash" : "/bin/sh", "-c",
                                   e.script, "steward-command"};
  argv.insert(argv.end(), e.args.begin(), e.args.end());
  platform::ProcessOptions options;
  options.timeout = std::chrono::seconds(e.timeout_seconds);
  options.output_cap = proto::kMaxCommandOutputBytes;
  options.on_output = std::move(on_output);
  auto result = system.Run(argv, options);
  if (!result.ok()) {
    out.status = "failed";
    out.exit_code = -1;
    out.stderr_text = result.status().message();
    return out;
  }
  out.status = result->timed_out ? "timed_out" : "completed";
  out.exit_code = result->exit_code;
  out.stdout_text = std::move(result->stdout_text);
  out.stderr_text = std::move(result->stderr_text);
  if (result->truncated) out.stderr_text += "\n[steward-agent: output truncated at 64 KiB]";
  return out;
}

}  // namespace steward::agent
