// The billing ledger's reads (issue 13): accounts-receivable aging as of a
// day and the accounting export of a date range (Xero, QuickBooks Online,
// journal CSV). Staff only: a customer's people see their own invoices, not
// the MSP's books. Reads only; nothing here writes.
#pragma once

#include <optional>
#include <string>

#include <date/tz.h>

#include "core/clock.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "server/billing/rules/aging.h"
#include "server/billing/rules/export.h"
#include "storage/database.h"

namespace steward::billing {

class LedgerService {
 public:
  LedgerService(storage::Database& db, const Clock& clock, const date::time_zone* zone)
      : db_(db), clock_(clock), zone_(zone) {}

  // What every customer owes as of `as_of` (default today in the MSP's time
  // zone), by days past due. PermissionDenied for a customer's people.
  Result<AgingReport> Aging(const accounts::Principal& viewer, std::optional<Date> as_of);

  // The CSV of invoices and credit notes issued from `from` to `to`
  // inclusive. InvalidArgument naming "to" when it is before `from`;
  // PermissionDenied for a customer's people.
  Result<std::string> Export(const accounts::Principal& viewer, ExportFormat format, Date from,
                             Date to);

 private:
  storage::Database& db_;
  const Clock& clock_;
  const date::time_zone* zone_;
};

}  // namespace steward::billing
