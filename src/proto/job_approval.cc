#include "proto/job_approval.h"

#include <algorithm>

#include "core/crypto.h"
#include "core/json.h"
#include "proto/command_envelope.h"

namespace steward::proto {

namespace {

// An ascending list of unique ids in 1..INT64_MAX, 1..max_items long.
Result<std::vector<int64_t>> IdList(const Json* j, std::string_view field, size_t max_items) {
  const std::string name(field);
  if (!j) return Status::InvalidArgument("is required", name);
  if (!j->is_array() || j->empty() || j->size() > max_items) {
    return Status::InvalidArgument("must hold 1 to " + std::to_string(max_items) + " ids", name);
  }
  std::vector<int64_t> out;
  for (const Json& id : *j) {
    if (!id.is_number_integer() || id.get<int64_t>() < 1) {
      return Status::InvalidArgument("must hold positive integer ids", name);
    }
    if (!out.empty() && id.get<int64_t>() <= out.back()) {
      return Status::InvalidArgument("must be ascending without repeats", name);
    }
    out.push_back(id.get<int64_t>());
  }
  return out;
}

}  // namespace

bool NeedsSecondApproval(size_t devices, size_t customers) {
  return devices > kMaxDevicesWithOneApproval || customers > 1;
}

std::string CanonicalJobManifest(const JobManifest& m) {
  // nlohmann::json objects keep keys sorted, so dump() is canonical.
  return Json{{"approved_at", ToMillis(m.approved_at)},
              {"approved_by", m.approved_by},
              {"created_by", m.created_by},
              {"customer_ids", m.customer_ids},
              {"device_ids", m.device_ids},
              {"expires_at", ToMillis(m.expires_at)},
              {"job_id", m.job_id},
              {"kind", m.kind},
              {"packages", m.packages},
              {"v", 1}}
      .dump();
}

Result<JobManifest> ParseJobManifest(std::string_view text) {
  if (text.size() > kMaxJobManifestBytes) {
    return Status::InvalidArgument("is longer than 64 KiB", "job.manifest");
  }
  STEWARD_ASSIGN_OR_RETURN(Json j, ParseJsonStrict(text));
  ObjectReader r(j, "job.manifest");
  JobManifest m;
  r.RequiredInt("v", 1, 1);
  m.job_id = r.RequiredInt("job_id", 1, INT64_MAX);
  m.kind = r.RequiredEnum("kind", {"deployment"});
  m.created_by = r.RequiredInt("created_by", 1, INT64_MAX);
  m.approved_by = r.RequiredInt("approved_by", 1, INT64_MAX);
  m.approved_at = FromMillis(r.RequiredInt("approved_at", 0, INT64_MAX / 2));
  m.expires_at = FromMillis(r.RequiredInt("expires_at", 0, INT64_MAX / 2));
  const Json* customers = r.OptionalRaw("customer_ids");
  const Json* devices = r.OptionalRaw("device_ids");
  auto packages = r.OptionalStringArray("packages", kMaxActionPackages, kMaxPackageNameBytes);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  STEWARD_ASSIGN_OR_RETURN(m.customer_ids,
                           IdList(customers, "job.manifest.customer_ids", kMaxJobCustomers));
  STEWARD_ASSIGN_OR_RETURN(m.device_ids,
                           IdList(devices, "job.manifest.device_ids", kMaxJobDevices));
  if (!packages || packages->empty()) {
    return Status::InvalidArgument("must name the packages", "job.manifest.packages");
  }
  for (size_t i = 0; i < packages->size(); ++i) {
    const std::string& name = (*packages)[i];
    if (!IsValidDebianPackageName(name) || (i > 0 && name <= (*packages)[i - 1])) {
      return Status::InvalidArgument("must be Debian package names, ascending",
                                     "job.manifest.packages");
    }
  }
  m.packages = std::move(*packages);
  if (m.expires_at <= m.approved_at) {
    return Status::InvalidArgument("must be after approved_at", "job.manifest.expires_at");
  }
  return m;
}

std::string CheckJobApproval(const JobApproval& job, std::string_view approval_public_key_hex,
                             int64_t device_id, int64_t customer_id,
                             const std::vector<std::string>& packages, Timestamp now) {
  if (approval_public_key_hex.empty()) {
    return "the job needs a second approval and no approval key was pinned at enrolment";
  }
  if (job.signature.empty()) return "the job's approval carries no signature";
  if (!VerifyDetachedHex(job.manifest, job.signature, approval_public_key_hex)) {
    return "the job's approval signature does not match the approval key";
  }
  auto parsed = ParseJobManifest(job.manifest);
  if (!parsed.ok()) {
    return parsed.status().field() + ": " + parsed.status().message();
  }
  const JobManifest& m = *parsed;
  if (m.approved_by == m.created_by) {
    return "the job was approved by its own author: a second technician must approve it";
  }
  if (now >= m.expires_at) {
    return "the job's approval expired at " + std::to_string(ToMillis(m.expires_at));
  }
  if (!std::binary_search(m.device_ids.begin(), m.device_ids.end(), device_id)) {
    return "the approved job does not name this device";
  }
  if (!std::binary_search(m.customer_ids.begin(), m.customer_ids.end(), customer_id)) {
    return "the approved job does not name this customer";
  }
  for (const std::string& p : packages) {
    if (!std::binary_search(m.packages.begin(), m.packages.end(), p)) {
      return "the approved job does not include package " + p;
    }
  }
  return {};
}

}  // namespace steward::proto
