// The two-person rule carried to the endpoint (SECURITY.md goal 3, issue 14
// item 7): a job that reaches more than 25 devices or more than one customer
// runs only when a second technician, not its author, approved it. The
// server proves that approval to each agent with a job manifest — the job's
// whole reach (devices, customers, packages), its author and approver and
// how long the approval holds — signed with a second key, the approval key,
// that the agent pinned at enrolment beside the command key. Every command
// of the job carries the manifest and that signature inside its signed
// envelope; the agent runs the command only if the approval signature
// verifies, names two different people, has not expired and covers this
// device, this customer and every package the command installs.
//
// What it cannot prove: an agent sees one command, so a command that omits
// its manifest looks like a small job. The approval key is kept apart from
// the command key so that moving it into a separate signer (SECURITY.md
// goal 2) makes a stolen command key alone unable to reach a large fleet.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace steward::proto {

// More devices than this, or more than one customer, needs a second approval.
inline constexpr size_t kMaxDevicesWithOneApproval = 25;
// The most devices one job's manifest may name.
inline constexpr size_t kMaxJobDevices = 1000;
inline constexpr size_t kMaxJobCustomers = 1000;
inline constexpr size_t kMaxJobManifestBytes = 64 * 1024;

bool NeedsSecondApproval(size_t devices, size_t customers);

struct JobManifest {
  int64_t job_id = 0;
  std::string kind = "deployment";    // the only kind so far
  std::vector<int64_t> customer_ids;  // ascending, unique, 1..kMaxJobCustomers
  std::vector<int64_t> device_ids;    // ascending, unique, 1..kMaxJobDevices
  std::vector<std::string> packages;  // the names its commands may install, ascending
  int64_t created_by = 0;             // user ids, both > 0 and different
  int64_t approved_by = 0;
  Timestamp approved_at{};
  Timestamp expires_at{};  // after approved_at
};

// Canonical text (compact JSON, keys sorted, times in epoch milliseconds):
// the bytes the approval key signs.
std::string CanonicalJobManifest(const JobManifest& m);
// Strict parse with every rule above; InvalidArgument naming the field.
Result<JobManifest> ParseJobManifest(std::string_view text);

// What an envelope carries as "job": the manifest text and the approval
// key's Ed25519 signature over it, hex.
struct JobApproval {
  std::string manifest;
  std::string signature;
  bool operator==(const JobApproval&) const = default;
};

// The agent's check of a command's job approval. Empty on success, else why
// it is refused. `packages` are the names the command installs.
std::string CheckJobApproval(const JobApproval& job, std::string_view approval_public_key_hex,
                             int64_t device_id, int64_t customer_id,
                             const std::vector<std::string>& packages, Timestamp now);

}  // namespace steward::proto
