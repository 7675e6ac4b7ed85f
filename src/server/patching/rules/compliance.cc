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

namespace {

CustomerCompliance NoDevices() {
  CustomerCompliance out;
  for (UpdateClass c : kAllUpdateClasses) out.overdue_by_class[c] = 0;
  return out;
}

void SetPercent(CustomerCompliance& out) {
  if (out.devices > 0) {
    double share = 100.0 * static_cast<double>(out.compliant) / static_cast<double>(out.devices);
    out.percent = std::round(share * 10.0) / 10.0;
  }
}

}  // namespace

CustomerCompliance SummariseCompliance(std::span<const DevicePatchState> devices, Timestamp now) {
  CustomerCompliance out = NoDevices();
  for (const DevicePatchState& d : devices) {
    DeviceCompliance c = ComplianceOf(d, now);
    ++out.devices;
    if (c.compliant) ++out.compliant;
    if (c.fully_patched) ++out.fully_patched;
    if (!c.known) ++out.unknown;
    for (const auto& [cls, n] : d.overdue) out.overdue_by_class[cls] += n;
  }
  SetPercent(out);
  return out;
}

DeviceComplianceFacts FactsOf(const DevicePatchState& device) {
  DeviceComplianceFacts out{device.device_id, device.last_scan, false, {}};
  for (const auto& [cls, n] : device.pending) out.open = out.open || n != 0;
  for (const auto& [cls, n] : device.overdue) {
    if (n != 0) out.overdue[cls] = n;
  }
  return out;
}

CustomerCompliance SummariseFacts(std::span<const DeviceComplianceFacts> devices, Timestamp now) {
  CustomerCompliance out = NoDevices();
  for (const DeviceComplianceFacts& d : devices) {
    // ComplianceOf's rules, on what the facts keep of the device.
    const bool known = d.last_scan.has_value() && !ScanIsStale(*d.last_scan, now);
    int64_t overdue = 0;
    for (const auto& [cls, n] : d.overdue) {
      overdue += n;
      out.overdue_by_class[cls] += n;
    }
    ++out.devices;
    if (known && overdue == 0) ++out.compliant;
    if (known && !d.open) ++out.fully_patched;
    if (!known) ++out.unknown;
  }
  SetPercent(out);
  return out;
}

}  // namespace steward::patching
