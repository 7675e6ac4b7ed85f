#include "server/billing/contract_service.h"

#include <date/tz.h>

#include "server/audit/audit_log.h"
#include "server/billing/model/dates.h"
#include "server/billing/rules/reductions.h"
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

Result<ContractDetail> LoadDetail(const ScopedConnection& sc, int64_t id, Date today) {
  ContractDetail d;
  ContractStore store(sc);
  STEWARD_ASSIGN_OR_RETURN(d.contract, store.Get(id));
  STEWARD_ASSIGN_OR_RETURN(d.lines, store.Lines(id));
  STEWARD_ASSIGN_OR_RETURN(std::vector<Plan> plans, PlanStore(sc.connection()).List());
  d.term = CurrentTerm(d.contract, today);
  d.this_month = MonthlyRecurring(d.lines, plans, Month{today.year(), today.month()});
  STEWARD_ASSIGN_OR_RETURN(d.reductions, ReductionStore(sc).ForContract(id));
  return d;
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
            int64_t id, ContractStore(sc).Insert(contract, internal::UserOf(p), ToMillis(now)));
        STEWARD_ASSIGN_OR_RETURN(out, LoadDetail(sc, id, internal::LocalToday(clock_, zone_)));
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

Result<ContractDetail> ContractService::SetSla(const accounts::Actor& actor, int64_t contract_id,
                                               const std::optional<SlaTerms>& sla) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(p, "changing a contract"));
  if (sla) STEWARD_RETURN_IF_ERROR(CheckSlaTerms(*sla, IsStaffRoleName));
  ContractDetail out;
  const Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        ContractStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(Contract before, store.Get(contract_id));
        if (before.status != ContractStatus::kActive) {
          return Status::Conflict("the contract has ended", "status");
        }
        STEWARD_RETURN_IF_ERROR(store.SetSla(contract_id, sla, ToMillis(now)));
        STEWARD_ASSIGN_OR_RETURN(out,
                                 LoadDetail(sc, contract_id, internal::LocalToday(clock_, zone_)));
        return audit::Record(sc.connection(), now, actor,
                             {"contract.sla",
                              "contract",
                              std::to_string(contract_id),
                              before.customer_id,
                              {{"before", before.sla ? SlaTermsToJson(*before.sla) : Json()},
                               {"after", sla ? SlaTermsToJson(*sla) : Json()}}});
      }));
  return out;
}

Result<std::vector<Contract>> ContractService::List(const accounts::Principal& viewer,
                                                    std::optional<int64_t> customer_id) {
  std::vector<Contract> out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, ContractStore(sc).List(customer_id));
        return Status::Ok();
      }));
  return out;
}

Result<ContractDetail> ContractService::Get(const accounts::Principal& viewer, int64_t id) {
  ContractDetail out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, LoadDetail(sc, id, internal::LocalToday(clock_, zone_)));
        return Status::Ok();
      }));
  return out;
}

Result<ContractDetail> ContractService::AddLine(const accounts::Actor& actor, int64_t contract_id,
                                                const NewLine& line) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(p, "changing a contract"));
  ContractDetail out;
  const Timestamp now = clock_.Now();
  const Date today = internal::LocalToday(clock_, zone_);
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        ContractStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(Contract c, store.Get(contract_id));
        if (c.status != ContractStatus::kActive) {
          return Status::Conflict("the contract is not active", "status");
        }
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
        STEWARD_ASSIGN_OR_RETURN(int64_t line_id, store.AddLine(c, plan->id, line.quantity, starts,
                                                                line.ci_ids, ToMillis(now)));
        STEWARD_ASSIGN_OR_RETURN(out, LoadDetail(sc, contract_id, today));
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
      }));
  return out;
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
        if (c.status != ContractStatus::kActive) {
          return Status::Conflict("the contract is not active", "status");
        }
        STEWARD_ASSIGN_OR_RETURN(auto lines, contracts.Lines(contract_id));
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
        if (c.status != ContractStatus::kActive) {
          return Status::Conflict("the contract is not active", "status");
        }
        if (date::sys_days(day) < date::sys_days(c.start_date)) {
          return Status::InvalidArgument("is before the contract starts", "date");
        }
        STEWARD_ASSIGN_OR_RETURN(auto lines, store.Lines(contract_id));
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
