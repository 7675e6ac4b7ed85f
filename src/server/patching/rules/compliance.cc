#include "server/patching/rules/compliance.h"

#include <cmath>

#include "server/patching/rules/deadlines.h"

namespace steward::patching {

DeviceCompliance ComplianceOf(const DevicePatchState& device, Timestamp now) {
  DeviceCompliance out;
  out.known = device.last_scan.has_value() && !ScanIsStale(*device.last_scan, now);
  for (const auto& [cls, n] : device.pending) out.pending += n;
  for (const auto& [cls, n] : device.overdue) out.overdue += n;
  out.compliant = out.known && out.overdue == 0;
  out.fully_patched = out.known && out.pending == 0;
  return out;
}

CustomerCompliance SummariseCompliance(std::span<const DevicePatchState> devices, Timestamp now) {
  CustomerCompliance out;
  for (UpdateClass c :
       {UpdateClass::kCritical, UpdateClass::kImportant, UpdateClass::kModerate, UpdateClass::kLow,
        UpdateClass::kServiceRelease, UpdateClass::kMajorRevision}) {
    out.overdue_by_class[c] = 0;
  }
  for (const DevicePatchState& d : devices) {
    DeviceCompliance c = ComplianceOf(d, now);
    ++out.devices;
    if (c.compliant) ++out.compliant;
    if (c.fully_patched) ++out.fully_patched;
    if (!c.known) ++out.unknown;
    for (const auto& [cls, n] : d.overdue) out.overdue_by_class[cls] += n;
  }
  if (out.devices > 0) {
    double share = 100.0 * static_cast<double>(out.compliant) / static_cast<double>(out.devices);
    out.percent = std::round(share * 10.0) / 10.0;
  }
  return out;
}

}  // namespace steward::patching
