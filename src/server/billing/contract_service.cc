#include "server/billing/contract_service.h"

#include <date/tz.h>

#include "server/audit/audit_log.h"
#include "server/billing/model/dates.h"
#include "server/billing/rules/reductions.h"
#include "server/billing/rules/renewal.h"
#include "server/billing/rules/sla_terms_check.h"
#include "server/billing/rules/terms.h"
#include "server/billing/service_support.h"
#include "server/billing/sla_terms_json.h"
#include "server/billing/store/contract_store.h"
#include "server/billing/store/plan_store.h"
#include "server/billing/store/reduction_store.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

using storage::ScopedConnection;

namespace {

// Escalations mail the staff of a role: a customer's portal role is none.
bool IsStaffRoleName(std::string_view name) {
  auto role = accounts::ParseRole(name);
  return role && accounts::IsStaff(*role);
}

Status Validate(const NewContract& n) {
  if (n.term_months != 12 && n.term_months != 24 && n.term_months != 36) {
    return Status::InvalidArgument("must be 12, 24 or 36", "term_months");
  }
  if (n.setup_fee_cents < 0 || n.setup_fee_cents > 100'000'000) {
    return Status::InvalidArgument("must be between 0 and 100000000 cents", "setup_fee_cents");
  }
  if (n.payment_days < 0 || n.payment_days > 120) {
    return Status::InvalidArgument("must be between 0 and 120", "payment_days");
  }
  if (n.damages_months < 2 || n.damages_months > 3) {
    return Status::InvalidArgument("must be 2 or 3", "damages_months");
  }
  if (n.notice_days < 0 || n.notice_days > 365) {
    return Status::InvalidArgument("must be between 0 and 365", "notice_days");
  }
  if (!n.start_date.ok()) return Status::InvalidArgument("is not a date", "start_date");
  if (n.sla) STEWARD_RETURN_IF_ERROR(CheckSlaTerms(*n.sla, IsStaffRoleName));
  return Status::Ok();
}

// A contract signed without auto-renewal ends when its first term would
// renew: stored, so every reader (the SLA lookup in SQL too) sees the end.
NewContract WithEnd(NewContract n) {
  if (!n.auto_renew) n.ends_on = AddMonths(n.start_date, n.term_months);
  return n;
}

// The contract's lines without the devices the CMDB has retired, not cut
// at the contract's end: what a renewal carries into the next term.
Result<std::vector<ContractLine>> CurrentLines(ContractStore& store, int64_t id,
                                               const date::time_zone* zone) {
  STEWARD_ASSIGN_OR_RETURN(std::vector<ContractLine> lines, store.Lines(id));
  STEWARD_ASSIGN_OR_RETURN(auto retired_at, store.RetiredCoveredCis(id));
  return WithoutRetiredDevices(std::move(lines), internal::RetiredDays(retired_at, zone));
}

Result<ContractDetail> LoadDetail(const ScopedConnection& sc, int64_t id, Date today,
                                  const date::time_zone* zone) {
  ContractDetail d;
  ContractStore store(sc);
  STEWARD_ASSIGN_OR_RETURN(d.contract, store.Get(id));
  STEWARD_ASSIGN_OR_RETURN(d.lines, internal::BilledLines(store, d.contract, zone));
  STEWARD_ASSIGN_OR_RETURN(d.renewed_by, store.RenewedBy(id));
  STEWARD_ASSIGN_OR_RETURN(std::vector<Plan> plans, PlanStore(sc.connection()).List());
  d.term = CurrentTerm(d.contract, today);
  d.this_month = MonthlyRecurring(d.lines, plans, Month{today.year(), today.month()});
  STEWARD_ASSIGN_OR_RETURN(d.reductions, ReductionStore(sc).ForContract(id));
  d.contract.status = ContractStatusOn(d.contract, today);
  return d;
}

// Conflict naming "status" unless the contract is in force (or signed and
// waiting for its start) on `today`.
Status RequireActive(const Contract& c, Date today) {
  switch (ContractStatusOn(c, today)) {
    case ContractStatus::kActive:
      return Status::Ok();
    case ContractStatus::kEnded:
      return Status::Conflict("the contract has ended", "status");
    case ContractStatus::kTerminated:
      break;
  }
  return Status::Conflict("the contract is terminated", "status");
}

}  // namespace

Result<ContractDetail> ContractService::Create(const accounts::Actor& actor,
                                               const NewContract& contract) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(p, "signing a contract"));
  STEWARD_RETURN_IF_ERROR(Validate(contract));
  ContractDetail out;
  const Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(
            int64_t id,
            ContractStore(sc).Insert(WithEnd(contract), internal::UserOf(p), ToMillis(now)));
        STEWARD_ASSIGN_OR_RETURN(out,
                                 LoadDetail(sc, id, internal::LocalToday(clock_, zone_), zone_));
        return audit::Record(sc.connection(), now, actor,
                             {"contract.create",
                              "contract",
                              std::to_string(id),
                              contract.customer_id,
                              {{"start_date", FormatIsoDate(contract.start_date)},
                               {"term_months", contract.term_months},
                               {"setup_fee_cents", contract.setup_fee_cents},
                               {"sla", contract.sla ? SlaTermsToJson(*contract.sla) : Json()}}});
      }));
  return out;
}

Result<ContractDetail> ContractService::ChangeActive(const accounts::Actor& actor,
                                                     int64_t contract_id,
                                                     const ActiveChange& change) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(actor.principal, "changing a contract"));
  ContractDetail out;
  const Timestamp now = clock_.Now();
  const Date today = internal::LocalToday(clock_, zone_);
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
        ContractStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(Contract c, store.Get(contract_id));
        STEWARD_RETURN_IF_ERROR(RequireActive(c, today));
        STEWARD_RETURN_IF_ERROR(change(sc, store, c, today, now));
        STEWARD_ASSIGN_OR_RETURN(out, LoadDetail(sc, contract_id, today, zone_));
        return Status::Ok();
      }));
  return out;
}

Result<ContractDetail> ContractService::SetSla(const accounts::Actor& actor, int64_t contract_id,
                                               const std::optional<SlaTerms>& sla) {
  if (sla) STEWARD_RETURN_IF_ERROR(CheckSlaTerms(*sla, IsStaffRoleName));
  return ChangeActive(actor, contract_id,
                      [&](ScopedConnection& sc, ContractStore& store, const Contract& before, Date,
                          Timestamp now) -> Status {
                        STEWARD_RETURN_IF_ERROR(store.SetSla(contract_id, sla, ToMillis(now)));
                        return audit::Record(
                            sc.connection(), now, actor,
                            {"contract.sla",
                             "contract",
                             std::to_string(contract_id),
                             before.customer_id,
                             {{"before", before.sla ? SlaTermsToJson(*before.sla) : Json()},
                              {"after", sla ? SlaTermsToJson(*sla) : Json()}}});
                      });
}

Result<std::vector<Contract>> ContractService::List(const accounts::Principal& viewer,
                                                    std::optional<int64_t> customer_id) {
  std::vector<Contract> out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, ContractStore(sc).List(customer_id));
        const Date today = internal::LocalToday(clock_, zone_);
        for (Contract& c : out) c.status = ContractStatusOn(c, today);
        return Status::Ok();
      }));
  return out;
}

Result<ContractDetail> ContractService::Get(const accounts::Principal& viewer, int64_t id) {
  ContractDetail out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out,
                                 LoadDetail(sc, id, internal::LocalToday(clock_, zone_), zone_));
        return Status::Ok();
      }));
  return out;
}

Result<ContractDetail> ContractService::AddLine(const accounts::Actor& actor, int64_t contract_id,
                                                const NewLine& line) {
  return ChangeActive(
      actor, contract_id,
      [&](ScopedConnection& sc, ContractStore& store, const Contract& c, Date today,
          Timestamp now) -> Status {
        auto plan = PlanStore(sc.connection()).Get(line.plan_id);
        if (!plan.ok()) return Status::InvalidArgument("is not a plan", "plan_id");
        if (!plan->active) return Status::InvalidArgument("the plan is retired", "plan_id");
        if (CountsDevices(plan->unit)) {
          if (line.quantity) {
            return Status::InvalidArgument("a plan per device covers ci_ids, not a quantity",
                                           "quantity");
          }
          if (line.ci_ids.empty()) {
            return Status::InvalidArgument("name the devices the plan covers", "ci_ids");
          }
        } else {
          if (!line.ci_ids.empty()) {
            return Status::InvalidArgument("a plan per " + std::string(PlanUnitName(plan->unit)) +
                                               " takes a quantity, not devices",
                                           "ci_ids");
          }
          if (!line.quantity) return Status::InvalidArgument("is required", "quantity");
        }
        Date starts = line.starts_on.value_or(
            date::sys_days(today) < date::sys_days(c.start_date) ? c.start_date : today);
        if (date::sys_days(starts) < date::sys_days(c.start_date)) {
          return Status::InvalidArgument("is before the contract starts", "starts_on");
        }
        if (auto end = ContractEnd(c); end && date::sys_days(starts) >= date::sys_days(*end)) {
          return Status::InvalidArgument(
              "is on or after the day the contract ends (" + FormatIsoDate(*end) + ")",
              "starts_on");
        }
        STEWARD_ASSIGN_OR_RETURN(int64_t line_id, store.AddLine(c, plan->id, line.quantity, starts,
                                                                line.ci_ids, ToMillis(now)));
        return audit::Record(sc.connection(), now, actor,
                             {"contract.add_line",
                              "contract",
                              std::to_string(contract_id),
                              c.customer_id,
                              {{"line_id", line_id},
                               {"plan_id", plan->id},
                               {"quantity", line.quantity ? Json(*line.quantity) : Json()},
                               {"ci_ids", line.ci_ids},
                               {"starts_on", FormatIsoDate(starts)}}});
      });
}

Result<Reduction> ContractService::Reduce(const accounts::Actor& actor, int64_t contract_id,
                                          const ReductionChange& change) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(p, "reducing a contract"));
  Reduction out;
  const Timestamp now = clock_.Now();
  const Date on = change.on.value_or(internal::LocalToday(clock_, zone_));
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        // Load.
        ContractStore contracts(sc);
        STEWARD_ASSIGN_OR_RETURN(Contract c, contracts.Get(contract_id));
        STEWARD_RETURN_IF_ERROR(RequireActive(c, internal::LocalToday(clock_, zone_)));
        STEWARD_ASSIGN_OR_RETURN(auto lines, internal::BilledLines(contracts, c, zone_));
        STEWARD_ASSIGN_OR_RETURN(auto plans, PlanStore(sc.connection()).List());
        // Decide.
        STEWARD_ASSIGN_OR_RETURN(ReductionPlan plan, PlanReduction(c, lines, plans, change, on));
        // Apply.
        ReductionStore reductions(sc);
        STEWARD_RETURN_IF_ERROR(reductions.ApplyToLines(c, change, on, ToMillis(now)));
        out = {0,
               c.id,
               c.customer_id,
               change.line_id,
               on,
               plan.description,
               plan.removed_monthly_cents,
               plan.damages_cents,
               std::nullopt};
        STEWARD_ASSIGN_OR_RETURN(out.id,
                                 reductions.Insert(out, internal::UserOf(p), ToMillis(now)));
        return audit::Record(sc.connection(), now, actor,
                             {"contract.reduce",
                              "contract",
                              std::to_string(contract_id),
                              c.customer_id,
                              {{"line_id", change.line_id},
                               {"date", FormatIsoDate(on)},
                               {"removed", plan.description},
                               {"removed_monthly_cents", plan.removed_monthly_cents},
                               {"damages_cents", plan.damages_cents}}});
      }));
  return out;
}

Result<Cents> ContractService::Terminate(const accounts::Actor& actor, int64_t contract_id,
                                         std::optional<Date> on) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(p, "terminating a contract"));
  Cents damages = 0;
  const Timestamp now = clock_.Now();
  const Date day = on.value_or(internal::LocalToday(clock_, zone_));
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        ContractStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(Contract c, store.Get(contract_id));
        STEWARD_RETURN_IF_ERROR(RequireActive(c, internal::LocalToday(clock_, zone_)));
        if (date::sys_days(day) < date::sys_days(c.start_date)) {
          return Status::InvalidArgument("is before the contract starts", "date");
        }
        if (auto end = ContractEnd(c); end && date::sys_days(day) >= date::sys_days(*end)) {
          return Status::InvalidArgument(
              "is on or after the day the contract ends anyway (" + FormatIsoDate(*end) + ")",
              "date");
        }
        STEWARD_ASSIGN_OR_RETURN(auto lines, internal::BilledLines(store, c, zone_));
        STEWARD_ASSIGN_OR_RETURN(auto plans, PlanStore(sc.connection()).List());
        damages = DamagesCents(c.damages_months, FullMonthRecurringCents(lines, plans, day));
        STEWARD_RETURN_IF_ERROR(store.Terminate(c, day, damages, ToMillis(now)));
        return audit::Record(sc.connection(), now, actor,
                             {"contract.terminate",
                              "contract",
                              std::to_string(contract_id),
                              c.customer_id,
                              {{"date", FormatIsoDate(day)}, {"damages_cents", damages}}});
      }));
  return damages;
}

Result<ContractDetail> ContractService::GiveNotice(const accounts::Actor& actor,
                                                   int64_t contract_id,
                                                   std::optional<Date> given_on) {
  return ChangeActive(
      actor, contract_id,
      [&](ScopedConnection& sc, ContractStore& store, const Contract& c, Date today,
          Timestamp now) -> Status {
        const Date given = given_on.value_or(today);
        if (date::sys_days(given) > date::sys_days(today)) {
          return Status::InvalidArgument("is in the future", "date");
        }
        // Notice may come before a signed renewal starts: it then ends
        // after its first term.
        if (auto end = ContractEnd(c)) {
          return Status::Conflict("the contract already ends on " + FormatIsoDate(*end), "status");
        }
        const Date ends = EndAfterNotice(c, given);
        STEWARD_RETURN_IF_ERROR(store.SetEnd(c, ends, ToMillis(now)));
        return audit::Record(sc.connection(), now, actor,
                             {"contract.notice",
                              "contract",
                              std::to_string(contract_id),
                              c.customer_id,
                              {{"given_on", FormatIsoDate(given)},
                               {"notice_by", FormatIsoDate(CurrentTerm(c, given).notice_by)},
                               {"ends_on", FormatIsoDate(ends)}}});
      });
}

Result<ContractDetail> ContractService::WithdrawNotice(const accounts::Actor& actor,
                                                       int64_t contract_id) {
  return ChangeActive(actor, contract_id,
                      [&](ScopedConnection& sc, ContractStore& store, const Contract& c, Date,
                          Timestamp now) -> Status {
                        if (!c.ends_on) return Status::Conflict("no notice was given", "status");
                        STEWARD_ASSIGN_OR_RETURN(auto renewal, store.RenewedBy(contract_id));
                        if (renewal) {
                          return Status::Conflict(
                              "the contract was renewed by contract " + std::to_string(*renewal),
                              "status");
                        }
                        STEWARD_RETURN_IF_ERROR(store.SetEnd(c, std::nullopt, ToMillis(now)));
                        return audit::Record(sc.connection(), now, actor,
                                             {"contract.notice_withdrawn",
                                              "contract",
                                              std::to_string(contract_id),
                                              c.customer_id,
                                              {{"ended_on", FormatIsoDate(*c.ends_on)}}});
                      });
}

Result<ContractDetail> ContractService::Renew(const accounts::Actor& actor, int64_t contract_id,
                                              const ContractRenewal& renewal) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(p, "renewing a contract"));
  if (renewal.replace_sla && renewal.sla) {
    STEWARD_RETURN_IF_ERROR(CheckSlaTerms(*renewal.sla, IsStaffRoleName));
  }
  ContractDetail out;
  const Timestamp now = clock_.Now();
  const Date today = internal::LocalToday(clock_, zone_);
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        // Load.
        ContractStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(Contract c, store.Get(contract_id));
        STEWARD_ASSIGN_OR_RETURN(auto renewed, store.RenewedBy(contract_id));
        if (renewed) {
          return Status::Conflict("already renewed by contract " + std::to_string(*renewed),
                                  "status");
        }
        STEWARD_ASSIGN_OR_RETURN(auto lines, CurrentLines(store, contract_id, zone_));
        STEWARD_ASSIGN_OR_RETURN(auto plans, PlanStore(sc.connection()).List());
        // Decide.
        STEWARD_ASSIGN_OR_RETURN(RenewalPlan plan, PlanRenewal(c, lines, plans, renewal, today));
        STEWARD_RETURN_IF_ERROR(Validate(plan.next));
        // Apply: the next term, its lines, and this contract's end.
        STEWARD_ASSIGN_OR_RETURN(
            int64_t id, store.Insert(WithEnd(plan.next), internal::UserOf(p), ToMillis(now)));
        STEWARD_ASSIGN_OR_RETURN(Contract next, store.Get(id));
        for (const RenewedLine& line : plan.lines) {
          STEWARD_RETURN_IF_ERROR(store
                                      .AddLine(next, line.plan_id, line.quantity,
                                               plan.next.start_date, line.ci_ids, ToMillis(now))
                                      .status());
        }
        STEWARD_RETURN_IF_ERROR(store.SetEnd(c, plan.next.start_date, ToMillis(now)));
        STEWARD_ASSIGN_OR_RETURN(out, LoadDetail(sc, id, today, zone_));
        return audit::Record(sc.connection(), now, actor,
                             {"contract.renew",
                              "contract",
                              std::to_string(id),
                              c.customer_id,
                              {{"renews_contract_id", c.id},
                               {"start_date", FormatIsoDate(plan.next.start_date)},
                               {"term_months", plan.next.term_months},
                               {"payment_days", plan.next.payment_days},
                               {"damages_months", plan.next.damages_months},
                               {"auto_renew", plan.next.auto_renew},
                               {"setup_fee_cents", plan.next.setup_fee_cents},
                               {"lines", plan.lines.size()},
                               {"sla", plan.next.sla ? SlaTermsToJson(*plan.next.sla) : Json()}}});
      }));
  return out;
}

Result<std::optional<int64_t>> ContractService::Owner(int64_t id) {
  std::optional<int64_t> owner;
  const auto probe = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kOwnerProbe);
  STEWARD_RETURN_IF_ERROR(storage::ReadScoped(db_, probe, [&](ScopedConnection& sc) -> Status {
    STEWARD_ASSIGN_OR_RETURN(owner, ContractStore(sc).Owner(id));
    return Status::Ok();
  }));
  return owner;
}

}  // namespace steward::billing
