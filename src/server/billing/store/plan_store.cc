#include "server/billing/store/plan_store.h"

#include "core/json.h"

namespace steward::billing {

using storage::Row;

namespace {

constexpr std::string_view kPlanColumns =
    "SELECT id, name, unit, price_cents, tiers_json, included_support_minutes, flex_minutes,"
    " discountable, emergency_onsite_hourly_cents, covers, active FROM plans";

std::vector<PriceTier> TiersOf(const std::string& text) {
  std::vector<PriceTier> out;
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const Json& t : j) {
    if (t.is_array() && t.size() == 2 && t[0].is_number_integer() && t[1].is_number_integer()) {
      out.push_back({t[0].get<int64_t>(), t[1].get<int64_t>()});
    }
  }
  return out;
}

std::string TiersText(const std::vector<PriceTier>& tiers) {
  Json j = Json::array();
  for (const PriceTier& t : tiers) j.push_back(Json::array({t.max_units, t.unit_cents}));
  return j.dump();
}

Plan PlanOf(const Row& r) {
  Plan p;
  p.id = r.Int("id");
  p.name = r.Text("name");
  p.unit = ParsePlanUnit(r.Text("unit")).value_or(PlanUnit::kDevice);
  p.price_cents = r.Int("price_cents");
  p.tiers = TiersOf(r.Text("tiers_json"));
  p.included_support_minutes = r.Int("included_support_minutes");
  p.flex_minutes = r.Int("flex_minutes");
  p.discountable = r.Bool("discountable");
  p.emergency_onsite_hourly_cents = r.Int("emergency_onsite_hourly_cents");
  p.covers = r.Text("covers");
  p.active = r.Bool("active");
  return p;
}

}  // namespace

Result<std::vector<Plan>> PlanStore::List() {
  STEWARD_ASSIGN_OR_RETURN(storage::Rows rows,
                           c_.Query(std::string(kPlanColumns) + " ORDER BY unit, price_cents, id"));
  std::vector<Plan> out;
  for (const Row& r : rows) out.push_back(PlanOf(r));
  return out;
}

Result<Plan> PlanStore::Get(int64_t id) {
  STEWARD_ASSIGN_OR_RETURN(auto row,
                           c_.QueryOptional(std::string(kPlanColumns) + " WHERE id = ?", {id}));
  if (!row) return Status::NotFound("plan", std::to_string(id));
  return PlanOf(*row);
}

Result<int64_t> PlanStore::Insert(const NewPlan& p, int64_t now) {
  STEWARD_ASSIGN_OR_RETURN(auto taken,
                           c_.QueryOptional("SELECT id FROM plans WHERE name = ?", {p.name}));
  if (taken) return Status::Conflict("a plan with this name exists", "name");
  STEWARD_ASSIGN_OR_RETURN(
      Row row, c_.QueryOne("INSERT INTO plans (name, unit, price_cents, tiers_json,"
                           " included_support_minutes, flex_minutes, discountable,"
                           " emergency_onsite_hourly_cents, covers, active, created_at, updated_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
                           {p.name, std::string(PlanUnitName(p.unit)), p.price_cents,
                            TiersText(p.tiers), p.included_support_minutes, p.flex_minutes,
                            p.discountable, p.emergency_onsite_hourly_cents, p.covers, now, now}));
  return row.Int("id");
}

Status PlanStore::Update(int64_t id, const NewPlan& p, bool active, int64_t now) {
  STEWARD_ASSIGN_OR_RETURN(
      auto taken,
      c_.QueryOptional("SELECT id FROM plans WHERE name = ? AND id <> ?", {p.name, id}));
  if (taken) return Status::Conflict("a plan with this name exists", "name");
  STEWARD_ASSIGN_OR_RETURN(
      int64_t changed,
      c_.Execute(
          "UPDATE plans SET name = ?, price_cents = ?, tiers_json = ?,"
          " included_support_minutes = ?, flex_minutes = ?, discountable = ?,"
          " emergency_onsite_hourly_cents = ?, covers = ?, active = ?, updated_at = ?"
          " WHERE id = ?",
          {p.name, p.price_cents, TiersText(p.tiers), p.included_support_minutes, p.flex_minutes,
           p.discountable, p.emergency_onsite_hourly_cents, p.covers, active, now, id}));
  if (changed == 0) return Status::NotFound("plan", std::to_string(id));
  return Status::Ok();
}

}  // namespace steward::billing
