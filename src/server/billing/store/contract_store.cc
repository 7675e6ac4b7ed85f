#include "server/billing/store/contract_store.h"

#include <map>

#include "server/billing/model/dates.h"
#include "server/billing/sla_terms_json.h"

namespace steward::billing {

using storage::Params;
using storage::Row;
using storage::Rows;

namespace {

constexpr std::string_view kContractColumns =
    "SELECT id, customer_id, start_date, term_months, setup_fee_cents, payment_days,"
    " damages_months, notice_days, auto_renew, status, ends_on, renews_contract_id, terminated_on,"
    " damages_cents, sla_json, created_at FROM contracts";

Date DateOf(const std::string& text) { return ParseIsoDate(text).value_or(Date{}); }

std::optional<Date> OptDateOf(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return ParseIsoDate(*text);
}

Contract ContractOf(const Row& r) {
  Contract c;
  c.id = r.Int("id");
  c.customer_id = r.Int("customer_id");
  c.start_date = DateOf(r.Text("start_date"));
  c.term_months = static_cast<int>(r.Int("term_months"));
  c.setup_fee_cents = r.Int("setup_fee_cents");
  c.payment_days = static_cast<int>(r.Int("payment_days"));
  c.damages_months = static_cast<int>(r.Int("damages_months"));
  c.notice_days = static_cast<int>(r.Int("notice_days"));
  c.auto_renew = r.Bool("auto_renew");
  c.status = ParseContractStatus(r.Text("status")).value_or(ContractStatus::kActive);
  c.ends_on = OptDateOf(r.OptText("ends_on"));
  c.renews_contract_id = r.OptInt("renews_contract_id");
  c.terminated_on = OptDateOf(r.OptText("terminated_on"));
  c.damages_cents = r.OptInt("damages_cents");
  c.sla = SlaTermsFromColumn(r.OptText("sla_json"));
  c.created_at = r.Int("created_at");
  return c;
}

}  // namespace

Status ContractStore::RequireContract(int64_t id) {
  std::string sql = "SELECT id FROM contracts WHERE id = ?";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("contract", std::to_string(id));
  return Status::Ok();
}

Result<Contract> ContractStore::Get(int64_t id) {
  std::string sql = std::string(kContractColumns) + " WHERE id = ?";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("contract", std::to_string(id));
  return ContractOf(*row);
}

Result<std::vector<Contract>> ContractStore::List(std::optional<int64_t> customer_id) {
  std::string sql = std::string(kContractColumns) + " WHERE 1 = 1";
  Params params;
  c_.scope().AppendFilter(sql, params, "customer_id");
  if (customer_id) {
    sql += " AND customer_id = ?";
    params.push_back(*customer_id);
  }
  sql += " ORDER BY id DESC";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<Contract> out;
  for (const Row& r : rows) out.push_back(ContractOf(r));
  return out;
}

Result<std::vector<ContractLine>> ContractStore::Lines(int64_t contract_id) {
  std::string sql =
      "SELECT l.id, l.contract_id, l.plan_id, l.quantity, l.starts_on, l.ends_on"
      " FROM contract_lines l WHERE l.contract_id = ?";
  Params params = {contract_id};
  c_.scope().AppendFilter(sql, params, "l.customer_id");
  sql += " ORDER BY l.id";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<ContractLine> out;
  std::map<int64_t, size_t> index;
  for (const Row& r : rows) {
    ContractLine line;
    line.id = r.Int("id");
    line.contract_id = r.Int("contract_id");
    line.plan_id = r.Int("plan_id");
    line.quantity = r.OptInt("quantity");
    line.starts_on = DateOf(r.Text("starts_on"));
    line.ends_on = OptDateOf(r.OptText("ends_on"));
    index[line.id] = out.size();
    out.push_back(std::move(line));
  }
  if (out.empty()) return out;
  std::string dsql =
      "SELECT d.line_id, d.ci_id, d.from_date, d.to_date FROM contract_line_devices d"
      " JOIN contract_lines l ON l.id = d.line_id WHERE l.contract_id = ?";
  Params dparams = {contract_id};
  c_.scope().AppendFilter(dsql, dparams, "l.customer_id");
  dsql += " ORDER BY d.line_id, d.ci_id, d.id";
  STEWARD_ASSIGN_OR_RETURN(Rows devices, c_.connection().Query(dsql, dparams));
  for (const Row& r : devices) {
    auto it = index.find(r.Int("line_id"));
    if (it == index.end()) continue;
    out[it->second].devices.push_back(
        {r.Int("ci_id"), DateOf(r.Text("from_date")), OptDateOf(r.OptText("to_date"))});
  }
  return out;
}

Result<std::optional<int64_t>> ContractStore::Owner(int64_t id) {
  std::string sql = "SELECT customer_id FROM contracts WHERE id = ?";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->Int("customer_id"));
}

Result<int64_t> ContractStore::Insert(const NewContract& n, std::optional<int64_t> created_by,
                                      int64_t now) {
  STEWARD_RETURN_IF_ERROR(storage::RequireVisibleCustomer(c_, n.customer_id));
  STEWARD_ASSIGN_OR_RETURN(
      Row row,
      c_.connection().QueryOne(
          "INSERT INTO contracts (customer_id, start_date, term_months, setup_fee_cents,"
          " payment_days, damages_months, notice_days, auto_renew, status, ends_on,"
          " renews_contract_id, sla_json, created_by, created_at, updated_at)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?) RETURNING id",
          {n.customer_id, FormatIsoDate(n.start_date), int64_t{n.term_months}, n.setup_fee_cents,
           int64_t{n.payment_days}, int64_t{n.damages_months}, int64_t{n.notice_days}, n.auto_renew,
           n.ends_on ? std::optional<std::string>(FormatIsoDate(*n.ends_on)) : std::nullopt,
           n.renews_contract_id, SlaTermsColumn(n.sla), created_by, now, now}));
  return row.Int("id");
}

Result<int64_t> ContractStore::AddLine(const Contract& c, int64_t plan_id,
                                       std::optional<int64_t> quantity, Date starts_on,
                                       const std::vector<int64_t>& ci_ids, int64_t now) {
  STEWARD_RETURN_IF_ERROR(RequireContract(c.id));
  for (int64_t ci : ci_ids) {
    STEWARD_ASSIGN_OR_RETURN(
        auto row,
        c_.connection().QueryOptional("SELECT status FROM cis WHERE id = ? AND customer_id = ?",
                                      {ci, c.customer_id}));
    if (!row) return Status::NotFound("ci", std::to_string(ci));
    if (row->Text("status") == "retired") {
      return Status::InvalidArgument("CI " + std::to_string(ci) + " is retired in the CMDB",
                                     "ci_ids");
    }
  }
  STEWARD_ASSIGN_OR_RETURN(
      Row row, c_.connection().QueryOne(
                   "INSERT INTO contract_lines (contract_id, customer_id, plan_id, quantity,"
                   " starts_on, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                   {c.id, c.customer_id, plan_id, quantity, FormatIsoDate(starts_on), now}));
  const int64_t line_id = row.Int("id");
  for (int64_t ci : ci_ids) {
    STEWARD_RETURN_IF_ERROR(c_.connection()
                                .Execute("INSERT INTO contract_line_devices (line_id,"
                                         " customer_id, ci_id, from_date) VALUES (?, ?, ?, ?)",
                                         {line_id, c.customer_id, ci, FormatIsoDate(starts_on)})
                                .status());
  }
  return line_id;
}

Status ContractStore::SetSla(int64_t id, const std::optional<SlaTerms>& sla, int64_t now) {
  std::string sql = "UPDATE contracts SET sla_json = ?, updated_at = ? WHERE id = ?";
  Params params = {SlaTermsColumn(sla), now, id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed != 1) return Status::NotFound("contract", std::to_string(id));
  return Status::Ok();
}

Result<std::optional<int64_t>> ContractStore::RenewedBy(int64_t id) {
  std::string sql = "SELECT id FROM contracts WHERE renews_contract_id = ?";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->Int("id"));
}

Result<std::map<int64_t, int64_t>> ContractStore::RetiredCoveredCis(
    std::optional<int64_t> contract_id) {
  std::string sql =
      "SELECT DISTINCT d.ci_id, ci.retired_at FROM contract_line_devices d"
      " JOIN contract_lines l ON l.id = d.line_id JOIN cis ci ON ci.id = d.ci_id"
      " WHERE ci.status = 'retired' AND ci.retired_at IS NOT NULL";
  Params params;
  c_.scope().AppendFilter(sql, params, "l.customer_id");
  if (contract_id) {
    sql += " AND l.contract_id = ?";
    params.push_back(*contract_id);
  }
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::map<int64_t, int64_t> out;
  for (const Row& r : rows) out[r.Int("ci_id")] = r.Int("retired_at");
  return out;
}

Status ContractStore::SetEnd(const Contract& c, std::optional<Date> ends_on, int64_t now) {
  std::string sql =
      "UPDATE contracts SET ends_on = ?, auto_renew = ?, updated_at = ? WHERE id = ? AND"
      " status = 'active'";
  Params params = {ends_on ? std::optional<std::string>(FormatIsoDate(*ends_on)) : std::nullopt,
                   !ends_on.has_value(), now, c.id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed == 1) return Status::Ok();
  STEWARD_RETURN_IF_ERROR(RequireContract(c.id));
  return Status::Conflict("the contract is not active", "status");
}

Status ContractStore::Terminate(const Contract& c, Date on, Cents damages, int64_t now) {
  std::string sql =
      "UPDATE contracts SET status = 'terminated', terminated_on = ?, damages_cents = ?,"
      " updated_at = ? WHERE id = ? AND status = 'active'";
  Params params = {FormatIsoDate(on), damages, now, c.id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed == 1) {
    // Every line and covered device ends with the contract.
    std::string lines =
        "UPDATE contract_lines SET ends_on = ? WHERE contract_id = ? AND"
        " (ends_on IS NULL OR ends_on > ?)";
    STEWARD_RETURN_IF_ERROR(
        c_.connection().Execute(lines, {FormatIsoDate(on), c.id, FormatIsoDate(on)}).status());
    return c_.connection()
        .Execute(
            "UPDATE contract_line_devices SET to_date = ? WHERE line_id IN (SELECT id FROM"
            " contract_lines WHERE contract_id = ?) AND (to_date IS NULL OR to_date > ?)",
            {FormatIsoDate(on), c.id, FormatIsoDate(on)})
        .status();
  }
  STEWARD_RETURN_IF_ERROR(RequireContract(c.id));
  return Status::Conflict("the contract is not active", "status");
}

}  // namespace steward::billing
