// A customer's contract (SPEC §7): its term, fees and payment terms, the
// notice and renewal dates of the current term, and its lines — plans
// covering devices taken live from the CMDB (each device effective-dated, so
// one added or retired mid-month is prorated by calendar days), plans by
// quantity, and time-and-materials.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "server/billing/model/money.h"
#include "server/billing/model/plan.h"
#include "server/billing/model/sla_terms.h"

namespace steward::billing {

using Date = date::year_month_day;
using Month = date::year_month;

enum class ContractStatus { kActive, kTerminated, kEnded };
std::string_view ContractStatusName(ContractStatus s);
std::optional<ContractStatus> ParseContractStatus(std::string_view name);

struct Contract {
  int64_t id = 0;
  int64_t customer_id = 0;
  Date start_date{};
  int term_months = 12;  // 12, 24 or 36
  Cents setup_fee_cents = 0;
  int payment_days = 0;    // the invoice is due this many days after it is issued
  int damages_months = 2;  // liquidated damages on termination or reduction: 2–3
  int notice_days = 90;    // notice before the term ends, to end instead of renewing
  bool auto_renew = true;
  // As stored: active or terminated. Whether it has ended by now is
  // ContractStatusOn (rules/terms.h).
  ContractStatus status = ContractStatus::kActive;
  // The first day no longer in force when the contract will not renew:
  // notice given, signed without auto-renewal, or renewed by a successor.
  std::optional<Date> ends_on;
  // The contract whose term this one follows (a renewal), if any.
  std::optional<int64_t> renews_contract_id;
  std::optional<Date> terminated_on;
  std::optional<Cents> damages_cents;  // charged on termination
  // The contract's own SLA: tickets opened while it is in force take their
  // clocks from it. None: the customer's built-in policy.
  std::optional<SlaTerms> sla;
  int64_t created_at = 0;
};

// A contract to create, validated by the service.
struct NewContract {
  int64_t customer_id = 0;
  Date start_date{};
  int term_months = 12;
  Cents setup_fee_cents = 0;
  int payment_days = 0;
  int damages_months = 2;
  int notice_days = 90;
  bool auto_renew = true;
  std::optional<SlaTerms> sla;
  std::optional<Date> ends_on;                // set by the service, never by the caller
  std::optional<int64_t> renews_contract_id;  // a renewal's predecessor
};

// One device a line covers, from `from` until the day before `to` (none:
// still covered).
struct CoveredDevice {
  int64_t ci_id = 0;
  Date from{};
  std::optional<Date> to;
  bool operator==(const CoveredDevice&) const = default;
};

struct ContractLine {
  int64_t id = 0;
  int64_t contract_id = 0;
  int64_t plan_id = 0;
  std::optional<int64_t> quantity;     // per-unit plans (users, mailboxes, sites)
  std::vector<CoveredDevice> devices;  // per-device plans
  Date starts_on{};
  std::optional<Date> ends_on;  // removed (a reduction) from this day
};

// A renewal with changed terms (SPEC §7): the next term is a new contract
// starting the day the current term would renew, with these terms where
// given and the current contract's otherwise. Its lines are the current
// lines in force on that day, each with its devices or quantity, except
// where a LineRenewal changes the plan or quantity or drops the line.
struct LineRenewal {
  int64_t line_id = 0;
  std::optional<int64_t> plan_id;   // another plan of the same unit
  std::optional<int64_t> quantity;  // plans by user, mailbox or site
  bool drop = false;
};

struct ContractRenewal {
  std::optional<int> term_months;
  std::optional<Cents> setup_fee_cents;  // default 0: a renewal is no new setup
  std::optional<int> payment_days;
  std::optional<int> damages_months;
  std::optional<int> notice_days;
  std::optional<bool> auto_renew;
  bool replace_sla = false;  // false: the current SLA terms carry over
  std::optional<SlaTerms> sla;
  std::vector<LineRenewal> lines;
};

// One line of the renewed contract.
struct RenewedLine {
  int64_t from_line_id = 0;
  int64_t plan_id = 0;
  std::optional<int64_t> quantity;
  std::vector<int64_t> ci_ids;
};

// The dates of the current term: when it ends, the last day notice can be
// given, and when it renews.
struct TermDates {
  Date term_start{};
  Date term_end{};  // the last day of the current term
  Date notice_by{};
  Date renews_on{};
  int term_number = 1;  // 1: the first term
};

}  // namespace steward::billing
