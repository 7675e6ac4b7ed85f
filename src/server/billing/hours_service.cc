#include "server/billing/hours_service.h"

#include <algorithm>
#include <map>

#include "server/audit/audit_log.h"
#include "server/billing/model/dates.h"
#include "server/billing/rules/hours.h"
#include "server/billing/service_support.h"
#include "server/billing/store/billable_time_store.h"
#include "server/billing/store/contract_store.h"
#include "server/billing/store/plan_store.h"
#include "server/billing/store/rate_store.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

using storage::ScopedConnection;

namespace {

// A time zone of the tz database (never owned: the database lives for the
// program's life).
struct Zone {
  const date::time_zone* tz = nullptr;
};

// The customer's time zone: their business calendar's, else the MSP's.
Result<Zone> ZoneOf(FlexStore& flex, int64_t customer_id, const date::time_zone* fallback) {
  STEWARD_ASSIGN_OR_RETURN(auto name, flex.CustomerZone(customer_id));
  if (!name) return Zone{fallback};
  try {
    return Zone{date::locate_zone(*name)};
  } catch (const std::exception&) {
    return Zone{fallback};  // a calendar's zone is checked when saved; a removed one falls back
  }
}

// Every line of the customer's contracts as billed (terminated and ended
// ones too: their lines were in force in the months before the end; none
// after it, and no device after the CMDB retired it).
Result<std::vector<ContractLine>> CustomerLines(ContractStore& contracts, int64_t customer_id,
                                                const date::time_zone* msp_zone) {
  std::vector<ContractLine> lines;
  STEWARD_ASSIGN_OR_RETURN(std::vector<Contract> list, contracts.List(customer_id));
  for (const Contract& c : list) {
    STEWARD_ASSIGN_OR_RETURN(std::vector<ContractLine> l,
                             internal::BilledLines(contracts, c, msp_zone));
    lines.insert(lines.end(), l.begin(), l.end());
  }
  return lines;
}

Result<CustomerHours> LoadHours(const ScopedConnection& sc, int64_t customer_id,
                                std::optional<Month> month, Timestamp now,
                                const date::time_zone* msp_zone) {
  FlexStore flex(sc);
  STEWARD_ASSIGN_OR_RETURN(const Zone zone, ZoneOf(flex, customer_id, msp_zone));
  const Date today = LocalDate(now, zone.tz);
  CustomerHours out;
  out.customer_id = customer_id;
  out.month = month.value_or(MonthOf(today));
  ContractStore contracts(sc);
  STEWARD_ASSIGN_OR_RETURN(std::vector<ContractLine> lines,
                           CustomerLines(contracts, customer_id, msp_zone));
  STEWARD_ASSIGN_OR_RETURN(std::vector<Plan> plans, PlanStore(sc.connection()).List());
  STEWARD_ASSIGN_OR_RETURN(std::vector<WorkTypeRate> rates, RateStore(sc.connection()).List());
  STEWARD_ASSIGN_OR_RETURN(std::vector<MonthEntry> entries,
                           BillableTimeStore(sc).InMonth(customer_id, out.month));
  std::vector<LoggedTime> logged;
  for (const MonthEntry& e : entries) {
    const WorkTypeRate* rate = FindRate(rates, e.work_type);
    logged.push_back(
        {e.entry_id, e.work_date, e.minutes, rate && rate->draws_included, e.included_minutes});
  }
  out.hours = SummarizeMonth(IncludedPoolMinutes(lines, plans, out.month), logged);
  out.flex_year = static_cast<int>(today.year());
  STEWARD_ASSIGN_OR_RETURN(out.flex_balance_minutes, flex.Balance(customer_id, out.flex_year));
  STEWARD_ASSIGN_OR_RETURN(out.flex_ledger, flex.Ledger(customer_id, out.flex_year));
  out.flex_expires_at = FlexExpiry(out.flex_year, zone.tz);
  return out;
}

}  // namespace

Result<CustomerHours> HoursService::Hours(const accounts::Principal& viewer, int64_t customer_id,
                                          std::optional<Month> month) {
  CustomerHours out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        if (!sc.scope().Allows(customer_id)) {
          return Status::NotFound("customer", std::to_string(customer_id));
        }
        STEWARD_ASSIGN_OR_RETURN(out, LoadHours(sc, customer_id, month, clock_.Now(), zone_));
        return Status::Ok();
      }));
  return out;
}

Result<CustomerHours> HoursService::Draw(const accounts::Actor& actor, int64_t customer_id,
                                         const FlexDraw& draw) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(p, "drawing flex hours"));
  const Timestamp now = clock_.Now();
  CustomerHours out;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        FlexStore flex(sc);
        STEWARD_ASSIGN_OR_RETURN(const Zone zone, ZoneOf(flex, customer_id, zone_));
        const int year = static_cast<int>(LocalDate(now, zone.tz).year());
        STEWARD_ASSIGN_OR_RETURN(int64_t balance, flex.Balance(customer_id, year));
        STEWARD_RETURN_IF_ERROR(CheckFlexDraw(balance, draw.minutes));
        STEWARD_ASSIGN_OR_RETURN(
            int64_t id, flex.AddDraw(customer_id, year, draw.minutes, draw.ticket_id, draw.note,
                                     internal::UserOf(p), ToMillis(now)));
        STEWARD_ASSIGN_OR_RETURN(out, LoadHours(sc, customer_id, std::nullopt, now, zone_));
        Json details = {{"minutes", draw.minutes},
                        {"flex_year", year},
                        {"balance_after", balance - draw.minutes}};
        if (draw.ticket_id) details["ticket_id"] = *draw.ticket_id;
        return audit::Record(
            sc.connection(), now, actor,
            {"flex.draw", "flex_ledger", std::to_string(id), customer_id, std::move(details)});
      }));
  return out;
}

Result<int> HoursService::CreditFlex(const accounts::Actor& actor) {
  int credited = 0;
  const Timestamp now = clock_.Now();
  const auto job = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kScheduledJob);
  STEWARD_RETURN_IF_ERROR(storage::TransactScoped(db_, job, [&](ScopedConnection& sc) -> Status {
    ContractStore contracts(sc);
    FlexStore flex(sc);
    STEWARD_ASSIGN_OR_RETURN(std::vector<Plan> plans, PlanStore(sc.connection()).List());
    STEWARD_ASSIGN_OR_RETURN(std::vector<Contract> all, contracts.List(std::nullopt));
    // Each customer once, from their earliest contract's first month.
    std::map<int64_t, Month> first_month;
    for (const Contract& c : all) {
      const Month m = MonthOf(c.start_date);
      auto [it, inserted] = first_month.emplace(c.customer_id, m);
      if (!inserted) it->second = std::min(it->second, m);
    }
    for (const auto& [customer_id, first] : first_month) {
      STEWARD_ASSIGN_OR_RETURN(const Zone zone, ZoneOf(flex, customer_id, zone_));
      const Month current = MonthOf(LocalDate(now, zone.tz));
      STEWARD_ASSIGN_OR_RETURN(std::vector<ContractLine> lines,
                               CustomerLines(contracts, customer_id, zone_));
      // Only ended months, and only those of the current flex year matter:
      // earlier years' credits expired on 31 December anyway.
      const Month from = std::max(first, Month{current.year(), date::January});
      for (Month m = from; m < current; m += date::months{1}) {
        STEWARD_ASSIGN_OR_RETURN(bool done, flex.Earned(customer_id, m));
        if (done) continue;
        const int64_t earned = FlexEarnedMinutes(lines, plans, m);
        if (earned == 0) continue;
        STEWARD_ASSIGN_OR_RETURN(int64_t balance,
                                 flex.Balance(customer_id, static_cast<int>(m.year())));
        const int64_t credit = FlexCredit(balance, earned);
        STEWARD_RETURN_IF_ERROR(flex.AddEarning(customer_id, m, credit, ToMillis(now)));
        STEWARD_RETURN_IF_ERROR(audit::Record(sc.connection(), now, actor,
                                              {"flex.earn",
                                               "customer",
                                               std::to_string(customer_id),
                                               customer_id,
                                               {{"month", FormatIsoMonth(m)},
                                                {"earned_minutes", earned},
                                                {"credited_minutes", credit}}}));
        ++credited;
      }
    }
    return Status::Ok();
  }));
  return credited;
}

Result<std::vector<WorkTypeRate>> HoursService::Rates(const accounts::Principal& viewer) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(viewer, "the rate card"));
  std::vector<WorkTypeRate> out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(out, RateStore(c).List());
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<WorkTypeRate>> HoursService::SetRate(const accounts::Actor& actor,
                                                        const WorkTypeRate& rate) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(actor.principal, "the rate card"));
  if (rate.hourly_cents < 0) {
    return Status::InvalidArgument("must not be negative", "hourly_cents");
  }
  std::vector<WorkTypeRate> out;
  const Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](storage::Connection& c) -> Status {
    RateStore store(c);
    STEWARD_RETURN_IF_ERROR(store.Set(rate, ToMillis(now)));
    STEWARD_ASSIGN_OR_RETURN(out, store.List());
    return audit::Record(
        c, now, actor,
        {"rate.update",
         "work_type_rate",
         std::string(WorkTypeName(rate.work_type)),
         std::nullopt,
         {{"hourly_cents", rate.hourly_cents}, {"draws_included", rate.draws_included}}});
  }));
  return out;
}

}  // namespace steward::billing
