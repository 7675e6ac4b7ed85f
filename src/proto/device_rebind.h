// A signed statement that an agent now speaks for another device (issue 17,
// item 3). A machine that enrols again with a known machine id lands in
// quarantine as a new device; when a technician approves it as the device it
// claims, its credential moves to that device and the server says so in the
// welcome. The agent pins the device it enrolled as and refuses a welcome
// for another one, so it adopts the new id only with this statement signed
// by the command key it pinned at enrolment: a server, or a man in the
// middle without the key, cannot point an agent at another device's
// commands.
//
// The signed text is built by each side from the fields, never parsed, and
// has a "type" that no command envelope has, so one kind of signature cannot
// stand in for the other.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace steward::proto {

struct DeviceRebind {
  int64_t customer_id = 0;
  int64_t from_device_id = 0;  // the device the agent enrolled as
  int64_t to_device_id = 0;    // the device it is bound to now
};

// Compact JSON, keys sorted: {"customer_id","from_device_id","to_device_id","type":"rebind","v":1}.
std::string CanonicalRebind(const DeviceRebind& r);
// The Ed25519 signature (hex) of CanonicalRebind(r).
Result<std::string> SignRebind(const DeviceRebind& r, std::string_view secret_key_hex);
// False for a wrong, malformed or missing signature or key.
bool VerifyRebind(const DeviceRebind& r, std::string_view signature_hex,
                  std::string_view public_key_hex);

}  // namespace steward::proto
