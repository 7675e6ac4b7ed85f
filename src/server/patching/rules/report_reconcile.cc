#include "server/patching/rules/report_reconcile.h"

#include <map>
#include <string_view>

namespace steward::patching {

UpdateClass MoreUrgent(UpdateClass a, UpdateClass b) {
  // The enum lists the classes most urgent first.
  return static_cast<int>(a) <= static_cast<int>(b) ? a : b;
}

ReportChanges ReconcileReport(std::span<const DeviceUpdate> pending,
                              std::span<const PendingUpdate> reported, int64_t customer_id,
                              int64_t device_id, Timestamp now, const ClassifyFn& classify,
                              const DeadlineFn& deadline) {
  std::map<std::string_view, const DeviceUpdate*> before;
  for (const DeviceUpdate& d : pending) before.emplace(d.update.package, &d);
  ReportChanges out;
  for (const PendingUpdate& u : reported) {
    UpdateClass cls = classify(u);
    auto it = before.find(u.package);
    if (it == before.end()) {
      DeviceUpdate d;
      d.customer_id = customer_id;
      d.device_id = device_id;
      d.update = u;
      d.cls = cls;
      d.first_seen = now;
      d.last_seen = now;
      d.deadline = deadline(cls, now);
      out.added.push_back(std::move(d));
      continue;
    }
    DeviceUpdate d = *it->second;
    d.update = u;
    d.cls = MoreUrgent(d.cls, cls);
    d.last_seen = now;
    d.deadline = deadline(d.cls, d.first_seen);
    out.kept.push_back(std::move(d));
    before.erase(it);
  }
  for (const auto& [package, d] : before) out.installed.push_back(d->id);
  return out;
}

}  // namespace steward::patching
