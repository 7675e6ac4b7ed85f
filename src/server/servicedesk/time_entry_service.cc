#include "server/servicedesk/time_entry_service.h"

#include "server/audit/audit_log.h"
#include "server/billing/model/dates.h"
#include "server/servicedesk/rules/time_entry_rules.h"
#include "server/servicedesk/store/ticket_store.h"
#include "server/servicedesk/store/time_entry_store.h"
#include "storage/scoped_connection.h"

namespace steward::servicedesk {

using storage::ScopedConnection;

namespace {

Status RequireTimeStaff(const accounts::Principal& p) {
  if (!p.scope().is_all()) return Status::PermissionDenied("time entries are for staff");
  return Status::Ok();
}

Status CheckMinutes(int64_t minutes) {
  if (minutes < 1 || minutes > kMaxEntryMinutes) {
    return Status::InvalidArgument("must be between 1 and 1440 minutes", "minutes");
  }
  return Status::Ok();
}

}  // namespace

billing::Date TimeEntryService::Today() const { return billing::LocalDate(clock_.Now(), zone_); }

Result<TimeEntry> TimeEntryService::Add(const accounts::Actor& actor, int64_t ticket_id,
                                        const NewTimeEntry& in) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(RequireTimeStaff(p));
  if (p.user_id <= 0) return Status::PermissionDenied("time is logged by a person");
  STEWARD_RETURN_IF_ERROR(CheckMinutes(in.minutes));
  const billing::Date today = Today();
  const billing::Date work_date = in.work_date.value_or(today);
  STEWARD_RETURN_IF_ERROR(CheckWorkDate(work_date, today));
  const int64_t now = ToMillis(clock_.Now());
  TimeEntry out;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(Ticket t, TicketStore(sc).Get(ticket_id));
        TimeEntry e;
        e.ticket_id = ticket_id;
        e.customer_id = t.customer_id;
        e.user_id = p.user_id;
        e.work_date = work_date;
        e.minutes = RoundUpToQuarter(in.minutes);
        e.work_type = in.work_type;
        e.billable = in.billable;
        e.note = in.note;
        e.created_at = now;
        e.updated_at = now;
        TimeEntryStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(int64_t id, store.Insert(e));
        STEWARD_ASSIGN_OR_RETURN(out, store.Get(ticket_id, id));
        return audit::Record(sc.connection(), clock_.Now(), actor,
                             {"time_entry.create",
                              "time_entry",
                              std::to_string(id),
                              t.customer_id,
                              {{"ticket_id", ticket_id},
                               {"minutes", e.minutes},
                               {"work_date", billing::FormatIsoDate(work_date)},
                               {"work_type", billing::WorkTypeName(e.work_type)},
                               {"billable", e.billable}}});
      }));
  return out;
}

Result<TicketTime> TimeEntryService::List(const accounts::Principal& viewer, int64_t ticket_id) {
  STEWARD_RETURN_IF_ERROR(RequireTimeStaff(viewer));
  TicketTime out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_RETURN_IF_ERROR(TicketStore(sc).Get(ticket_id).status());
        STEWARD_ASSIGN_OR_RETURN(out.entries, TimeEntryStore(sc).ForTicket(ticket_id));
        return Status::Ok();
      }));
  for (const TimeEntry& e : out.entries) out.total_minutes += e.minutes;
  return out;
}

Result<TimeEntry> TimeEntryService::Update(const accounts::Actor& actor, int64_t ticket_id,
                                           int64_t entry_id, const TimeEntryPatch& patch) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(RequireTimeStaff(p));
  if (patch.minutes) STEWARD_RETURN_IF_ERROR(CheckMinutes(*patch.minutes));
  if (patch.work_date) STEWARD_RETURN_IF_ERROR(CheckWorkDate(*patch.work_date, Today()));
  const int64_t now = ToMillis(clock_.Now());
  TimeEntry out;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(Ticket t, TicketStore(sc).Get(ticket_id));
        TimeEntryStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(TimeEntry before, store.Get(ticket_id, entry_id));
        if (before.user_id != p.user_id) {
          return Status::PermissionDenied("only its author may change a time entry");
        }
        if (before.invoice_id || before.invoiced_at) {
          return Status::Conflict("the time entry has been invoiced");
        }
        TimeEntry after = before;
        if (patch.minutes) after.minutes = RoundUpToQuarter(*patch.minutes);
        if (patch.work_type) after.work_type = *patch.work_type;
        if (patch.billable) after.billable = *patch.billable;
        if (patch.note) after.note = patch.note;
        if (patch.work_date) after.work_date = *patch.work_date;
        STEWARD_RETURN_IF_ERROR(store.Update(after, now));
        STEWARD_ASSIGN_OR_RETURN(out, store.Get(ticket_id, entry_id));
        return audit::Record(sc.connection(), clock_.Now(), actor,
                             {"time_entry.update",
                              "time_entry",
                              std::to_string(entry_id),
                              t.customer_id,
                              {{"minutes", {{"from", before.minutes}, {"to", after.minutes}}},
                               {"work_date", billing::FormatIsoDate(after.work_date)},
                               {"work_type", billing::WorkTypeName(after.work_type)},
                               {"billable", after.billable}}});
      }));
  return out;
}

}  // namespace steward::servicedesk
