#include "server/patching/change_window_service.h"

#include "core/strings.h"
#include "server/audit/audit_log.h"
#include "server/patching/rules/recurrence.h"
#include "server/patching/store/change_window_store.h"
#include "server/servicedesk/customer_calendar.h"
#include "storage/scoped_connection.h"

namespace steward::patching {

using storage::ScopedConnection;

namespace {

Json WindowAuditJson(const ChangeWindow& w) {
  return Json{{"level", WindowLevelName(w.level)},
              {"target_id", w.target_id},
              {"name", w.name},
              {"rrule", w.rrule},
              {"start", FormatLocalStart(w.rule.start)},
              {"duration_minutes", w.rule.duration_minutes}};
}

}  // namespace

Result<ChangeWindow> ChangeWindowService::Create(const accounts::Actor& actor,
                                                 NewChangeWindow window) {
  ChangeWindow out;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
        ChangeWindowStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(int64_t customer,
                                 store.TargetCustomer(window.level, window.target_id));
        STEWARD_ASSIGN_OR_RETURN(auto calendar,
                                 servicedesk::CustomerCalendar(sc.connection(), customer));
        const Timestamp now = clock_.Now();
        STEWARD_ASSIGN_OR_RETURN(WindowRule rule, CheckNewWindow(window, calendar.zone, now));
        out.customer_id = customer;
        out.level = window.level;
        out.target_id = window.target_id;
        out.name = std::string(TrimAsciiSpace(window.name));
        out.rrule = FormatRRule(rule.recurrence);
        out.rule = rule;
        if (actor.principal.user_id > 0) out.created_by = actor.principal.user_id;
        out.created_at = now;
        STEWARD_ASSIGN_OR_RETURN(out.id, store.Insert(out));
        return audit::Record(sc.connection(), now, actor,
                             {"change_window.create", "change_window", std::to_string(out.id),
                              customer, WindowAuditJson(out)});
      }));
  return out;
}

Result<std::pair<std::vector<ChangeWindow>, std::string>> ChangeWindowService::ForCustomer(
    const accounts::Principal& viewer, int64_t customer_id) {
  std::pair<std::vector<ChangeWindow>, std::string> out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out.first, ChangeWindowStore(sc).ForCustomer(customer_id));
        STEWARD_ASSIGN_OR_RETURN(auto calendar,
                                 servicedesk::CustomerCalendar(sc.connection(), customer_id));
        out.second = calendar.zone->name();
        return Status::Ok();
      }));
  return out;
}

Status ChangeWindowService::Delete(const accounts::Actor& actor, int64_t id) {
  return storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
    ChangeWindowStore store(sc);
    STEWARD_ASSIGN_OR_RETURN(ChangeWindow w, store.Get(id));
    STEWARD_RETURN_IF_ERROR(store.Delete(id));
    return audit::Record(sc.connection(), clock_.Now(), actor,
                         {"change_window.delete", "change_window", std::to_string(id),
                          w.customer_id, WindowAuditJson(w)});
  });
}

Result<DeviceWindows> ChangeWindowService::ForDevice(const accounts::Principal& viewer,
                                                     int64_t device_id,
                                                     std::optional<Timestamp> at) {
  DeviceWindows out;
  const Timestamp when = at.value_or(clock_.Now());
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        ChangeWindowStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(auto found, store.ForDevice(device_id));
        out.level = found.level;
        out.windows = std::move(found.windows);
        STEWARD_ASSIGN_OR_RETURN(auto calendar,
                                 servicedesk::CustomerCalendar(sc.connection(), found.customer_id));
        out.time_zone = calendar.zone->name();
        out.next = OpenOrNextOfAll(out.windows, calendar.zone, when);
        out.in_window = out.next && out.next->start <= when;
        return Status::Ok();
      }));
  return out;
}

Result<std::optional<int64_t>> ChangeWindowService::Owner(int64_t id) {
  std::optional<int64_t> owner;
  const auto probe = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kOwnerProbe);
  STEWARD_RETURN_IF_ERROR(storage::ReadScoped(db_, probe, [&](ScopedConnection& sc) -> Status {
    auto window = ChangeWindowStore(sc).Get(id);
    if (window.ok()) owner = window->customer_id;
    return window.status().code() == StatusCode::kNotFound ? Status::Ok() : window.status();
  }));
  return owner;
}

}  // namespace steward::patching
