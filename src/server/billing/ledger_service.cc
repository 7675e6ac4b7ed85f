#include "server/billing/ledger_service.h"

#include "server/billing/service_support.h"
#include "server/billing/store/ledger_store.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

using storage::ScopedConnection;

Result<AgingReport> LedgerService::Aging(const accounts::Principal& viewer,
                                         std::optional<Date> as_of) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(viewer, "AR aging"));
  const Date day = as_of.value_or(internal::LocalToday(clock_, zone_));
  std::vector<Receivable> receivables;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(receivables, LedgerStore(sc).Receivables(day));
        return Status::Ok();
      }));
  return billing::Aging(receivables, day);
}

Result<std::string> LedgerService::Export(const accounts::Principal& viewer, ExportFormat format,
                                          Date from, Date to) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(viewer, "the accounting export"));
  if (date::sys_days(to) < date::sys_days(from)) {
    return Status::InvalidArgument("must not be before from", "to");
  }
  std::vector<ExportDocument> documents;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(documents, LedgerStore(sc).Documents(from, to));
        return Status::Ok();
      }));
  return ExportCsv(format, documents);
}

}  // namespace steward::billing
