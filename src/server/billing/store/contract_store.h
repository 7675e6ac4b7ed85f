// All SQL over contracts, their lines and the devices a line covers, behind
// the caller's tenant scope: under a customer's scope another customer's
// contract is NotFound for every read and write, and its lines never come
// back. The CIs a line covers must be the contract customer's own.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "core/result.h"
#include "server/billing/model/contract.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

class ContractStore {
 public:
  explicit ContractStore(const storage::ScopedConnection& c) : c_(c) {}

  Result<Contract> Get(int64_t id);
  // Newest first; one customer's when `customer_id` is set.
  Result<std::vector<Contract>> List(std::optional<int64_t> customer_id);
  Result<std::vector<ContractLine>> Lines(int64_t contract_id);
  // The customer owning a contract, in scope (for the router's 404-vs-403).
  Result<std::optional<int64_t>> Owner(int64_t id);

  // The renewal that follows the contract, if any.
  Result<std::optional<int64_t>> RenewedBy(int64_t id);
  // CI id → when the CMDB retired it (ms), for the retired CIs the lines of
  // one contract (or of every contract in scope) cover.
  Result<std::map<int64_t, int64_t>> RetiredCoveredCis(std::optional<int64_t> contract_id);

  // NotFound("customer") outside the scope or unknown.
  Result<int64_t> Insert(const NewContract& n, std::optional<int64_t> created_by, int64_t now);
  // NotFound("ci") unless every CI belongs to the contract's customer;
  // InvalidArgument naming "ci_ids" for a CI the CMDB has retired.
  Result<int64_t> AddLine(const Contract& c, int64_t plan_id, std::optional<int64_t> quantity,
                          Date starts_on, const std::vector<int64_t>& ci_ids, int64_t now);
  // Replaces the contract's SLA terms (none: the built-in policy).
  // NotFound outside the scope.
  Status SetSla(int64_t id, const std::optional<SlaTerms>& sla, int64_t now);
  // The contract stops on `ends_on` instead of renewing (notice given or a
  // renewal signed); none: no end, renewing again (notice taken back).
  // Conflict unless active; NotFound outside the scope.
  Status SetEnd(const Contract& c, std::optional<Date> ends_on, int64_t now);
  // Conflict unless the contract is still active.
  Status Terminate(const Contract& c, Date on, Cents damages, int64_t now);

 private:
  Status RequireContract(int64_t id);

  const storage::ScopedConnection& c_;
};

}  // namespace steward::billing
