// The agent's command check must reject, never crash, and never accept
// anything not signed by the server's key: the input is a command frame's
// envelope and signature as an attacker would send them. Oracle: with a key
// the fuzzer cannot know, nothing is ever accepted; a parsed envelope
// re-encodes canonically; so does a parsed job manifest (the second
// approval a large job's commands carry, proto/job_approval.h).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/crypto.h"
#include "fuzz_check.h"
#include "proto/command_envelope.h"
#include "proto/job_approval.h"

using namespace steward;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const SigningKeyPair kKeys = [] {
    InitCrypto();
    return GenerateSigningKeyPair();
  }();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // "<signature hex>\n<envelope>" — or the whole input as an envelope.
  size_t nl = input.find('\n');
  proto::SignedCommand cmd;
  if (nl != std::string_view::npos) {
    cmd.signature = std::string(input.substr(0, nl));
    cmd.envelope = std::string(input.substr(nl + 1));
  } else {
    cmd.envelope = std::string(input);
  }
  proto::AgentIdentity me{7, 3, kKeys.public_key_hex};
  auto outcome = proto::VerifyCommand(cmd, me, FromMillis(1795000000000),
                                      [](std::string_view) { return false; });
  FUZZ_CHECK(outcome.refusal != proto::Refusal::kNone);
  auto parsed = proto::ParseEnvelope(cmd.envelope);
  if (parsed.ok()) {
    auto again = proto::ParseEnvelope(proto::CanonicalEnvelope(*parsed));
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(proto::CanonicalEnvelope(*again) == proto::CanonicalEnvelope(*parsed));
  } else {
    FUZZ_CHECK(parsed.status().code() == StatusCode::kInvalidArgument);
  }
  std::string_view manifest_text = cmd.envelope;
  if (parsed.ok() && parsed->job) manifest_text = parsed->job->manifest;
  auto manifest = proto::ParseJobManifest(manifest_text);
  if (manifest.ok()) {
    auto again = proto::ParseJobManifest(proto::CanonicalJobManifest(*manifest));
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(proto::CanonicalJobManifest(*again) == proto::CanonicalJobManifest(*manifest));
  }
  return 0;
}
