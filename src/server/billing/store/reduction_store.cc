#include "server/billing/store/reduction_store.h"

#include <string>

#include "server/billing/model/dates.h"

namespace steward::billing {

using storage::Params;
using storage::Row;
using storage::Rows;

namespace {

constexpr std::string_view kReductionColumns =
    "SELECT id, contract_id, customer_id, line_id, on_date, description, removed_monthly_cents,"
    " damages_cents, invoice_id FROM contract_reductions";

Result<std::vector<Reduction>> ReductionsOf(const Rows& rows) {
  std::vector<Reduction> out;
  for (const Row& r : rows) {
    auto on = ParseIsoDate(r.Text("on_date"));
    if (!on) return Status::Internal("reduction " + std::to_string(r.Int("id")) + " is corrupt");
    out.push_back({r.Int("id"), r.Int("contract_id"), r.Int("customer_id"), r.Int("line_id"), *on,
                   r.Text("description"), r.Int("removed_monthly_cents"), r.Int("damages_cents"),
                   r.OptInt("invoice_id")});
  }
  return out;
}

}  // namespace

Status ReductionStore::ApplyToLines(const Contract& contract, const ReductionChange& change,
                                    Date on, int64_t now) {
  // The line must be this contract's and in scope before anything changes.
  std::string sql =
      "SELECT id, plan_id, quantity FROM contract_lines WHERE id = ? AND contract_id = ?";
  Params params = {change.line_id, contract.id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto line, c_.connection().QueryOptional(sql, params));
  if (!line) return Status::NotFound("contract line", std::to_string(change.line_id));
  const std::string day = FormatIsoDate(on);
  auto end_devices = [&](std::optional<int64_t> ci) -> Status {
    std::string upd =
        "UPDATE contract_line_devices SET to_date = ? WHERE line_id = ? AND from_date <= ?"
        " AND (to_date IS NULL OR to_date > ?)";
    Params p = {day, change.line_id, day, day};
    if (ci) {
      upd += " AND ci_id = ?";
      p.push_back(*ci);
    }
    return c_.connection().Execute(upd, p).status();
  };
  if (!change.ci_ids.empty()) {
    for (int64_t ci : change.ci_ids) STEWARD_RETURN_IF_ERROR(end_devices(ci));
    return Status::Ok();
  }
  STEWARD_RETURN_IF_ERROR(c_.connection()
                              .Execute("UPDATE contract_lines SET ends_on = ? WHERE id = ? AND"
                                       " (ends_on IS NULL OR ends_on > ?)",
                                       {day, change.line_id, day})
                              .status());
  if (!change.quantity) return end_devices(std::nullopt);
  // A lower quantity continues as a new line from the same day.
  return c_.connection()
      .Execute(
          "INSERT INTO contract_lines (contract_id, customer_id, plan_id, quantity, starts_on,"
          " created_at) VALUES (?, ?, ?, ?, ?, ?)",
          {contract.id, contract.customer_id, line->Int("plan_id"), *change.quantity, day, now})
      .status();
}

Result<int64_t> ReductionStore::Insert(const Reduction& r, std::optional<int64_t> created_by,
                                       int64_t now) {
  if (!c_.scope().Allows(r.customer_id)) {
    return Status::NotFound("contract", std::to_string(r.contract_id));
  }
  STEWARD_ASSIGN_OR_RETURN(
      Row row, c_.connection().QueryOne(
                   "INSERT INTO contract_reductions (contract_id, customer_id, line_id, on_date,"
                   " description, removed_monthly_cents, damages_cents, created_by, created_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {r.contract_id, r.customer_id, r.line_id, FormatIsoDate(r.on), r.description,
                    r.removed_monthly_cents, r.damages_cents, created_by, now}));
  return row.Int("id");
}

Result<std::vector<Reduction>> ReductionStore::ForContract(int64_t contract_id) {
  std::string sql = std::string(kReductionColumns) + " WHERE contract_id = ?";
  Params params = {contract_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY id";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  return ReductionsOf(rows);
}

Result<std::vector<Reduction>> ReductionStore::Unbilled(int64_t contract_id) {
  std::string sql =
      std::string(kReductionColumns) + " WHERE contract_id = ? AND invoice_id IS NULL";
  Params params = {contract_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY id";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  return ReductionsOf(rows);
}

Status ReductionStore::MarkBilled(int64_t id, int64_t invoice_id) {
  std::string sql =
      "UPDATE contract_reductions SET invoice_id = ? WHERE id = ? AND invoice_id IS NULL";
  Params params = {invoice_id, id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed != 1) {
    return Status::Conflict("reduction " + std::to_string(id) + " is already invoiced");
  }
  return Status::Ok();
}

Result<int64_t> ReductionStore::Release(int64_t invoice_id) {
  std::string sql = "UPDATE contract_reductions SET invoice_id = NULL WHERE invoice_id = ?";
  Params params = {invoice_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  return c_.connection().Execute(sql, params);
}

}  // namespace steward::billing
