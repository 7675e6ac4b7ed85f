#include "server/billing/plan_service.h"

#include <utility>

#include "server/audit/audit_log.h"
#include "server/billing/service_support.h"
#include "server/billing/store/plan_store.h"

namespace steward::billing {

namespace {

Status Validate(const NewPlan& p) {
  if (p.name.empty() || p.name.size() > 100) {
    return Status::InvalidArgument("must be 1 to 100 characters", "name");
  }
  if (p.price_cents < 0 || p.price_cents > 100'000'000) {
    return Status::InvalidArgument("must be between 0 and 100000000 cents", "price_cents");
  }
  for (const auto& [minutes, field] :
       {std::pair{p.included_support_minutes, "included_support_minutes"},
        std::pair{p.flex_minutes, "flex_minutes"}}) {
    if (minutes < 0 || minutes > 100 * 60 || minutes % 15 != 0) {
      return Status::InvalidArgument("must be 0 to 6000 minutes in 15-minute steps", field);
    }
  }
  if (p.emergency_onsite_hourly_cents < 0 || p.emergency_onsite_hourly_cents > 10'000'000) {
    return Status::InvalidArgument("must be between 0 and 10000000 cents",
                                   "emergency_onsite_hourly_cents");
  }
  if (!p.tiers.empty()) {
    if (CountsDevices(p.unit)) {
      return Status::InvalidArgument("tiers price users, mailboxes or sites, not devices", "tiers");
    }
    int64_t previous = 0;
    for (const PriceTier& t : p.tiers) {
      if (t.max_units <= previous || t.unit_cents < 0 || t.unit_cents > 100'000'000) {
        return Status::InvalidArgument(
            "must rise in max_units, each with a price of 0 to 100000000 cents", "tiers");
      }
      previous = t.max_units;
    }
  }
  if (p.covers.size() > 2000) return Status::InvalidArgument("is at most 2000 bytes", "covers");
  return Status::Ok();
}

}  // namespace

Result<std::vector<Plan>> PlanService::List(const accounts::Principal& viewer) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(viewer, "the price list"));
  std::vector<Plan> out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(out, PlanStore(c).List());
    return Status::Ok();
  }));
  return out;
}

Result<Plan> PlanService::Get(const accounts::Principal& viewer, int64_t id) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(viewer, "the price list"));
  Plan out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(out, PlanStore(c).Get(id));
    return Status::Ok();
  }));
  return out;
}

Result<Plan> PlanService::Create(const accounts::Actor& actor, const NewPlan& plan) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(actor.principal, "the price list"));
  STEWARD_RETURN_IF_ERROR(Validate(plan));
  Plan out;
  const Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](storage::Connection& c) -> Status {
    PlanStore store(c);
    STEWARD_ASSIGN_OR_RETURN(int64_t id, store.Insert(plan, ToMillis(now)));
    STEWARD_ASSIGN_OR_RETURN(out, store.Get(id));
    return audit::Record(c, now, actor,
                         {"plan.create",
                          "plan",
                          std::to_string(id),
                          std::nullopt,
                          {{"name", plan.name},
                           {"unit", PlanUnitName(plan.unit)},
                           {"price_cents", plan.price_cents}}});
  }));
  return out;
}

namespace {

// What a change did, field by field, for the audit record.
Json PlanChanges(const Plan& before, const Plan& after) {
  Json changes = Json::object();
  auto note = [&](const char* field, const Json& was, const Json& now) {
    if (was != now) changes[field] = {{"before", was}, {"after", now}};
  };
  auto tiers = [](const Plan& p) {
    Json out = Json::array();
    for (const PriceTier& t : p.tiers) out.push_back({t.max_units, t.unit_cents});
    return out;
  };
  note("name", before.name, after.name);
  note("price_cents", before.price_cents, after.price_cents);
  note("tiers", tiers(before), tiers(after));
  note("included_support_minutes", before.included_support_minutes, after.included_support_minutes);
  note("flex_minutes", before.flex_minutes, after.flex_minutes);
  note("discountable", before.discountable, after.discountable);
  note("emergency_onsite_hourly_cents", before.emergency_onsite_hourly_cents,
       after.emergency_onsite_hourly_cents);
  note("covers", before.covers, after.covers);
  note("active", before.active, after.active);
  return changes;
}

}  // namespace

Result<std::optional<int64_t>> PlanService::Owner(int64_t id) {
  std::optional<int64_t> owner;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    auto plan = PlanStore(c).Get(id);
    if (plan.ok()) owner = 0;
    return plan.status().code() == StatusCode::kNotFound ? Status::Ok() : plan.status();
  }));
  return owner;
}

Result<Plan> PlanService::Update(const accounts::Actor& actor, int64_t id, const PlanPatch& patch) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(actor.principal, "the price list"));
  Plan out;
  const Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](storage::Connection& c) -> Status {
    PlanStore store(c);
    STEWARD_ASSIGN_OR_RETURN(Plan before, store.Get(id));
    const NewPlan changed = Patched(before, patch);
    STEWARD_RETURN_IF_ERROR(Validate(changed));
    STEWARD_RETURN_IF_ERROR(
        store.Update(id, changed, patch.active.value_or(before.active), ToMillis(now)));
    STEWARD_ASSIGN_OR_RETURN(out, store.Get(id));
    return audit::Record(c, now, actor,
                         {"plan.update",
                          "plan",
                          std::to_string(id),
                          std::nullopt,
                          {{"name", out.name}, {"changes", PlanChanges(before, out)}}});
  }));
  return out;
}

}  // namespace steward::billing
