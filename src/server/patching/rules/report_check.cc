#include "server/patching/rules/report_check.h"

#include <set>
#include <string>

namespace steward::patching {

namespace {

bool HasControl(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

Status Text(std::string_view value, size_t max, bool required, const std::string& field) {
  if (required && value.empty()) return Status::InvalidArgument("is required", field);
  if (value.size() > max) {
    return Status::InvalidArgument("is longer than " + std::to_string(max) + " characters", field);
  }
  if (HasControl(value)) return Status::InvalidArgument("contains a control character", field);
  return Status::Ok();
}

}  // namespace

bool IsCveId(std::string_view s) {
  if (s.size() < 13 || s.size() > 30 || s.substr(0, 4) != "CVE-" || s[8] != '-') return false;
  for (size_t i = 4; i < s.size(); ++i) {
    if (i == 8) continue;
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

Status CheckUpdateReport(const UpdateReport& report) {
  if (report.updates.size() > kMaxUpdatesPerReport) {
    return Status::InvalidArgument(
        "at most " + std::to_string(kMaxUpdatesPerReport) + " updates per report", "updates");
  }
  std::set<std::string_view> seen;
  for (size_t i = 0; i < report.updates.size(); ++i) {
    const PendingUpdate& u = report.updates[i];
    const std::string at = "updates[" + std::to_string(i) + "].";
    STEWARD_RETURN_IF_ERROR(Text(u.package, 200, true, at + "package"));
    STEWARD_RETURN_IF_ERROR(Text(u.installed_version, 200, false, at + "installed_version"));
    STEWARD_RETURN_IF_ERROR(Text(u.candidate_version, 200, true, at + "candidate_version"));
    STEWARD_RETURN_IF_ERROR(Text(u.origin, 200, false, at + "origin"));
    STEWARD_RETURN_IF_ERROR(Text(u.severity, 40, false, at + "severity"));
    if (!seen.insert(u.package).second) {
      return Status::InvalidArgument("names a package reported earlier in the list",
                                     at + "package");
    }
    if (u.cves.size() > 100) return Status::InvalidArgument("at most 100 CVEs", at + "cves");
    for (size_t k = 0; k < u.cves.size(); ++k) {
      if (!IsCveId(u.cves[k])) {
        return Status::InvalidArgument("must be a CVE id like CVE-2024-3094",
                                       at + "cves[" + std::to_string(k) + "]");
      }
    }
    if (u.advisories.size() > 100) {
      return Status::InvalidArgument("at most 100 advisories", at + "advisories");
    }
    for (size_t k = 0; k < u.advisories.size(); ++k) {
      STEWARD_RETURN_IF_ERROR(
          Text(u.advisories[k], 100, true, at + "advisories[" + std::to_string(k) + "]"));
    }
  }
  return Status::Ok();
}

}  // namespace steward::patching
