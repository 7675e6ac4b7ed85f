// Contracts (SPEC §7) as typed commands: sign one for a customer, add lines
// (a plan covering devices of the CMDB, or a quantity of users, mailboxes,
// sites), read it with its lines, its current term's dates and this month's
// recurring charge, give notice or renew it with changed terms, and
// terminate it with liquidated damages. Every read and
// write goes through the contract store under the caller's tenant scope; a
// customer's people read only their own contracts.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include <date/tz.h>

#include "core/clock.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "server/billing/model/contract.h"
#include "server/billing/model/reduction.h"
#include "server/billing/rules/recurring.h"
#include "storage/database.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

class ContractStore;

struct NewLine {
  int64_t plan_id = 0;
  std::optional<int64_t> quantity;  // plans by user, mailbox or site
  std::vector<int64_t> ci_ids;      // plans by device: the CMDB's CIs it covers
  std::optional<Date> starts_on;    // default: today, or the contract's start if later
};

// A contract as the views show it: its status as of today (ended once its
// end has come), its lines as billed (cut at its end, without devices the
// CMDB retired), and the renewal that follows it.
struct ContractDetail {
  Contract contract;
  std::vector<ContractLine> lines;
  std::optional<int64_t> renewed_by;
  TermDates term;
  RecurringCharges this_month;  // the recurring charge of the current month
  std::vector<Reduction> reductions;
};

class ContractService {
 public:
  ContractService(storage::Database& db, const Clock& clock, const date::time_zone* zone)
      : db_(db), clock_(clock), zone_(zone) {}

  Result<ContractDetail> Create(const accounts::Actor& actor, const NewContract& contract);
  // Each with its status as of today.
  Result<std::vector<Contract>> List(const accounts::Principal& viewer,
                                     std::optional<int64_t> customer_id);
  Result<ContractDetail> Get(const accounts::Principal& viewer, int64_t id);
  Result<ContractDetail> AddLine(const accounts::Actor& actor, int64_t contract_id,
                                 const NewLine& line);
  // Replaces the contract's SLA terms (none: the customer's built-in
  // policy), audited with before and after. Tickets opened from now on take
  // the new terms; running tickets keep theirs. InvalidArgument naming the
  // "sla.…" field; Conflict unless active; NotFound outside the scope.
  Result<ContractDetail> SetSla(const accounts::Actor& actor, int64_t contract_id,
                                const std::optional<SlaTerms>& sla);
  // Reduces the service before the term ends (SPEC §7): devices a line
  // stops covering, a lower quantity, or a whole line, on `change.on`
  // (today when unset), with liquidated damages of damages_months × the
  // monthly amount removed, charged on the contract's next invoice.
  // InvalidArgument as PlanReduction; Conflict unless active.
  Result<Reduction> Reduce(const accounts::Actor& actor, int64_t contract_id,
                           const ReductionChange& change);
  // Ends the contract on `on` (today when unset; not before its start):
  // every line ends, and the damages are damages_months × the monthly
  // recurring charge in force that day. Conflict unless active.
  Result<Cents> Terminate(const accounts::Actor& actor, int64_t contract_id,
                          std::optional<Date> on);

  // Notice not to renew, given on `given_on` (today when unset; not in the
  // future; before a signed renewal starts too): the contract ends when its current term
  // renews, or one term later when the notice is past the term's notice_by
  // day. Conflict unless active and still renewing.
  Result<ContractDetail> GiveNotice(const accounts::Actor& actor, int64_t contract_id,
                                    std::optional<Date> given_on);
  // Takes the notice back: the contract renews again. Conflict once it has
  // ended, was renewed, or was signed without auto-renewal.
  Result<ContractDetail> WithdrawNotice(const accounts::Actor& actor, int64_t contract_id);
  // Renews the contract with changed terms (PlanRenewal): a new contract
  // for the next term, starting when this one stops, which then ends there.
  // Returns the renewal. Conflict when already renewed or not active;
  // InvalidArgument as PlanRenewal or, for the terms, as Create.
  Result<ContractDetail> Renew(const accounts::Actor& actor, int64_t contract_id,
                               const ContractRenewal& renewal);

  // The customer owning a contract, for the router's 404-versus-403 probe.
  Result<std::optional<int64_t>> Owner(int64_t id);

 private:
  // A change to a contract that must be active today: applies the change
  // (which records its audit entry) and returns nothing or why not.
  using ActiveChange = std::function<Status(storage::ScopedConnection& sc, ContractStore& store,
                                            const Contract& contract, Date today, Timestamp now)>;
  // The shape of every such change: staff only, one transaction under the
  // actor's scope, the contract loaded and required active, the change
  // applied, and the contract read back as the views show it.
  Result<ContractDetail> ChangeActive(const accounts::Actor& actor, int64_t contract_id,
                                      const ActiveChange& change);

  storage::Database& db_;
  const Clock& clock_;
  const date::time_zone* zone_;  // the MSP's: what "today" is
};

}  // namespace steward::billing
