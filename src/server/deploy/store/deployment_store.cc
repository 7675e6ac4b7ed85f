#include "server/deploy/store/deployment_store.h"

#include "core/json.h"
#include "server/deploy/store/row_times.h"

namespace steward::deploy {

using storage::Params;
using storage::Row;

namespace {

std::string PackagesText(const std::vector<PackageVersion>& packages) {
  Json j = Json::array();
  for (const auto& p : packages) j.push_back({{"name", p.name}, {"version", p.version}});
  return j.dump();
}

// Rows are written only here from checked values: one that does not parse
// is damage.
Result<std::vector<PackageVersion>> PackagesOf(const std::string& text) {
  STEWARD_ASSIGN_OR_RETURN(Json j, ParseJsonStrict(text));
  std::vector<PackageVersion> out;
  if (!j.is_array()) return Status::DataLoss("deployment packages are not a list");
  for (const Json& p : j) {
    if (!p.is_object() || !p.contains("name") || !p["name"].is_string()) {
      return Status::DataLoss("deployment package without a name");
    }
    out.push_back({p["name"].get<std::string>(), p.value("version", std::string())});
  }
  return out;
}

template <typename T>
Result<T> Must(std::optional<T> v, std::string_view what) {
  if (!v) return Status::DataLoss(std::string("unreadable ") + std::string(what));
  return *v;
}

constexpr char kTargetColumns[] =
    "SELECT t.deployment_id, t.customer_id, t.device_id, ci.name AS device_name,"
    " t.packages_json, t.state, t.reason, t.command_id, t.attempts, t.missed_window,"
    " t.next_attempt_at, t.reboot_state, t.reboot_since, t.reboot_deadline, t.reboot_window_id,"
    " t.updated_at";

// Migration 35's CHECK knows no 'rejected': a rejected deployment is stored
// 'done' with approval_decision 'rejected'.
std::string_view StoredStatus(DeploymentStatus s) {
  return s == DeploymentStatus::kRejected ? "done" : DeploymentStatusName(s);
}

constexpr char kDeploymentSelect[] =
    "SELECT d.id, d.customer_id, d.change_id, d.packages_json, d.reboot, d.missed_window,"
    " d.status, d.created_by, u.name AS created_by_name, d.created_at, d.updated_at,"
    " d.approval_reason, d.approval_decision, d.approval_decided_by,"
    " a.name AS decided_by_name, d.approval_decided_at, d.approval_comment,"
    " d.approval_expires_at FROM patch_deployments d"
    " LEFT JOIN users u ON u.id = d.created_by LEFT JOIN users a ON a.id = d.approval_decided_by";

Result<Deployment> DeploymentOf(const Row& row) {
  Deployment d;
  d.id = row.Int("id");
  d.customer_id = row.Int("customer_id");
  d.change_id = row.Int("change_id");
  STEWARD_ASSIGN_OR_RETURN(Json names, ParseJsonStrict(row.Text("packages_json")));
  for (const Json& n : names) {
    if (n.is_string()) d.packages.push_back(n.get<std::string>());
  }
  STEWARD_ASSIGN_OR_RETURN(d.reboot, Must(ParseReboot(row.Text("reboot")), "reboot"));
  STEWARD_ASSIGN_OR_RETURN(d.missed_window,
                           Must(ParseMissedWindow(row.Text("missed_window")), "missed window"));
  STEWARD_ASSIGN_OR_RETURN(d.status,
                           Must(ParseDeploymentStatus(row.Text("status")), "deployment status"));
  d.created_by = row.OptInt("created_by");
  d.created_by_name = row.OptText("created_by_name").value_or("");
  d.created_at = FromMillis(row.Int("created_at"));
  d.updated_at = FromMillis(row.Int("updated_at"));
  if (auto reason = row.OptText("approval_reason")) {
    SecondApproval a;
    a.reason = *reason;
    STEWARD_ASSIGN_OR_RETURN(
        a.decision,
        Must(ParseApprovalDecision(row.OptText("approval_decision").value_or("")), "decision"));
    a.decided_by = row.OptInt("approval_decided_by");
    a.decided_by_name = row.OptText("decided_by_name").value_or("");
    a.decided_at = OptTime(row, "approval_decided_at");
    a.comment = row.Text("approval_comment");
    a.expires_at = OptTime(row, "approval_expires_at");
    if (a.decision == ApprovalDecision::kRejected) d.status = DeploymentStatus::kRejected;
    d.second_approval = std::move(a);
  }
  return d;
}
constexpr char kTargetFrom[] =
    " FROM patch_deployment_targets t JOIN cis ci ON ci.id = t.device_id";

Result<Target> TargetOf(const Row& r) {
  Target t;
  t.device_id = r.Int("device_id");
  t.device_name = r.Text("device_name");
  STEWARD_ASSIGN_OR_RETURN(t.packages, PackagesOf(r.Text("packages_json")));
  STEWARD_ASSIGN_OR_RETURN(t.state, Must(ParseTargetState(r.Text("state")), "target state"));
  t.reason = r.Text("reason");
  t.command_id = r.OptInt("command_id");
  t.attempts = static_cast<int>(r.Int("attempts"));
  t.missed_window = r.Bool("missed_window");
  if (r.OptInt("next_attempt_at")) t.next_attempt_at = FromMillis(*r.OptInt("next_attempt_at"));
  STEWARD_ASSIGN_OR_RETURN(t.reboot_state,
                           Must(ParseRebootState(r.Text("reboot_state")), "reboot state"));
  t.reboot_since = OptTime(r, "reboot_since");
  t.reboot_deadline = OptTime(r, "reboot_deadline");
  t.reboot_window_id = r.OptInt("reboot_window_id");
  t.updated_at = FromMillis(r.Int("updated_at"));
  return t;
}

}  // namespace

Result<ChangeFacts> DeploymentStore::Change(int64_t change_id) {
  std::string sql = "SELECT customer_id, status FROM change_requests WHERE id = ?";
  Params params = {change_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("change", std::to_string(change_id));
  ChangeFacts f;
  f.customer_id = row->Int("customer_id");
  f.status = row->Text("status");
  STEWARD_ASSIGN_OR_RETURN(
      auto cis,
      c_.connection().Query("SELECT ci.id FROM change_request_cis x JOIN cis ci ON ci.id = x.ci_id"
                            " WHERE x.change_id = ? AND ci.kind IN ('server', 'workstation')"
                            " AND ci.status <> 'retired' ORDER BY ci.id",
                            {change_id}));
  for (const Row& r : cis) f.device_ids.push_back(r.Int("id"));
  return f;
}

Result<std::vector<PackageVersion>> DeploymentStore::PendingVersions(
    int64_t device_id, const std::vector<std::string>& names) {
  std::string sql =
      "SELECT package, candidate_version FROM device_updates WHERE device_id = ?"
      " AND status = 'pending'";
  Params params = {device_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY package";
  STEWARD_ASSIGN_OR_RETURN(auto rows, c_.connection().Query(sql, params));
  std::vector<PackageVersion> out;
  for (const std::string& name : names) {
    for (const Row& r : rows) {
      if (r.Text("package") == name) out.push_back({name, r.Text("candidate_version")});
    }
  }
  return out;
}

Result<int64_t> DeploymentStore::Insert(const Deployment& d) {
  STEWARD_RETURN_IF_ERROR(storage::RequireVisibleCustomer(c_, d.customer_id));
  storage::Connection& c = c_.connection();
  STEWARD_ASSIGN_OR_RETURN(
      Row row,
      c.QueryOne(
          "INSERT INTO patch_deployments (customer_id, change_id, packages_json,"
          " reboot, missed_window, status, created_by, created_at, updated_at,"
          " approval_reason, approval_decision)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {d.customer_id, d.change_id, Json(d.packages).dump(), RebootName(d.reboot),
           MissedWindowName(d.missed_window), StoredStatus(d.status), d.created_by,
           ToMillis(d.created_at), ToMillis(d.created_at),
           d.second_approval ? std::optional<std::string>(d.second_approval->reason) : std::nullopt,
           d.second_approval ? std::optional<std::string>(
                                   std::string(ApprovalDecisionName(d.second_approval->decision)))
                             : std::nullopt}));
  const int64_t id = row.Int("id");
  for (const Target& t : d.targets) {
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO patch_deployment_targets (deployment_id, device_id, customer_id,"
                  " packages_json, state, reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  {id, t.device_id, d.customer_id, PackagesText(t.packages),
                   TargetStateName(t.state), t.reason, ToMillis(d.created_at)})
            .status());
  }
  return id;
}

Result<Deployment> DeploymentStore::Get(int64_t id) {
  std::string sql = std::string(kDeploymentSelect) + " WHERE d.id = ?";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "d.customer_id");
  storage::Connection& c = c_.connection();
  STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, params));
  if (!row) return Status::NotFound("deployment", std::to_string(id));
  STEWARD_ASSIGN_OR_RETURN(Deployment d, DeploymentOf(*row));
  STEWARD_ASSIGN_OR_RETURN(auto targets,
                           c.Query(std::string(kTargetColumns) + kTargetFrom +
                                       " WHERE t.deployment_id = ? ORDER BY ci.name, ci.id",
                                   {id}));
  for (const Row& r : targets) {
    STEWARD_ASSIGN_OR_RETURN(Target t, TargetOf(r));
    if (t.command_id) {
      STEWARD_ASSIGN_OR_RETURN(CommandReport report, Report(*t.command_id));
      t.results = std::move(report.results);
      t.reboot_required = report.reboot_required;
    }
    d.targets.push_back(std::move(t));
  }
  return d;
}

Result<std::vector<Deployment>> DeploymentStore::ForChange(int64_t change_id) {
  std::string sql = std::string(kDeploymentSelect) + " WHERE d.change_id = ?";
  Params params = {change_id};
  c_.scope().AppendFilter(sql, params, "d.customer_id");
  sql += " ORDER BY d.id DESC LIMIT 100";
  STEWARD_ASSIGN_OR_RETURN(auto rows, c_.connection().Query(sql, params));
  std::vector<Deployment> out;
  for (const Row& r : rows) {
    // With each target's state; the package results are on the deployment's own page.
    STEWARD_ASSIGN_OR_RETURN(Deployment d, DeploymentOf(r));
    STEWARD_ASSIGN_OR_RETURN(auto targets,
                             c_.connection().Query(std::string(kTargetColumns) + kTargetFrom +
                                                       " WHERE t.deployment_id = ?"
                                                       " ORDER BY ci.name, ci.id",
                                                   {d.id}));
    for (const Row& t : targets) {
      STEWARD_ASSIGN_OR_RETURN(Target target, TargetOf(t));
      d.targets.push_back(std::move(target));
    }
    out.push_back(std::move(d));
  }
  return out;
}

Status DeploymentStore::Decide(int64_t id, const SecondApproval& a, DeploymentStatus status,
                               const std::optional<proto::JobApproval>& job, Timestamp now) {
  std::optional<std::string> manifest, signature;
  if (job) {
    manifest = job->manifest;
    signature = job->signature;
  }
  std::string sql =
      "UPDATE patch_deployments SET status = ?, approval_decision = ?, approval_decided_by = ?,"
      " approval_decided_at = ?, approval_comment = ?, approval_expires_at = ?,"
      " job_manifest = ?, job_signature = ?, updated_at = ? WHERE id = ?";
  Params params = {StoredStatus(status),
                   ApprovalDecisionName(a.decision),
                   a.decided_by,
                   OptMillis(a.decided_at),
                   a.comment,
                   OptMillis(a.expires_at),
                   manifest,
                   signature,
                   ToMillis(now),
                   id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t n, c_.connection().Execute(sql, params));
  if (n == 0) return Status::NotFound("deployment", std::to_string(id));
  return Status::Ok();
}

Status DeploymentStore::SkipAll(int64_t id, const std::string& reason, Timestamp now) {
  std::string sql =
      "UPDATE patch_deployment_targets SET state = 'skipped', reason = ?, next_attempt_at = NULL,"
      " updated_at = ? WHERE deployment_id = ?";
  Params params = {reason, ToMillis(now), id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  return c_.connection().Execute(sql, params).status();
}

Result<std::vector<DueTarget>> DeploymentStore::Due(Timestamp now, int limit) {
  // The deployment's settings ride along on each target's row.
  std::string sql = std::string(kTargetColumns) +
                    ", d.reboot, d.missed_window AS deployment_missed_window, d.job_manifest,"
                    " d.job_signature, d.approval_expires_at" +
                    kTargetFrom +
                    " JOIN patch_deployments d ON d.id = t.deployment_id"
                    " WHERE ((d.status = 'active' AND (t.state = 'sent' OR (t.state = 'waiting'"
                    " AND (t.next_attempt_at IS NULL OR t.next_attempt_at <= ?))))"
                    " OR t.reboot_state IN ('rebooting', 'overdue'))";
  Params params = {ToMillis(now)};
  c_.scope().AppendFilter(sql, params, "t.customer_id");
  sql += " ORDER BY t.updated_at, t.deployment_id, t.device_id LIMIT ?";
  params.push_back(limit);
  STEWARD_ASSIGN_OR_RETURN(auto rows, c_.connection().Query(sql, params));
  std::vector<DueTarget> out;
  for (const Row& r : rows) {
    DueTarget due;
    due.deployment_id = r.Int("deployment_id");
    due.customer_id = r.Int("customer_id");
    STEWARD_ASSIGN_OR_RETURN(due.target, TargetOf(r));
    STEWARD_ASSIGN_OR_RETURN(due.reboot, Must(ParseReboot(r.Text("reboot")), "reboot"));
    STEWARD_ASSIGN_OR_RETURN(
        due.missed_window,
        Must(ParseMissedWindow(r.Text("deployment_missed_window")), "missed window"));
    auto manifest = r.OptText("job_manifest");
    auto signature = r.OptText("job_signature");
    if (manifest && signature) due.job = proto::JobApproval{*manifest, *signature};
    due.job_expires_at = OptTime(r, "approval_expires_at");
    out.push_back(std::move(due));
  }
  return out;
}

Status DeploymentStore::SaveTarget(int64_t deployment_id, const Target& t, Timestamp now) {
  std::optional<int64_t> next;
  if (t.next_attempt_at) next = ToMillis(*t.next_attempt_at);
  std::string sql =
      "UPDATE patch_deployment_targets SET packages_json = ?, state = ?, reason = ?,"
      " command_id = ?, attempts = ?, missed_window = ?, next_attempt_at = ?, reboot_state = ?,"
      " reboot_since = ?, reboot_deadline = ?, reboot_window_id = ?, updated_at = ?"
      " WHERE deployment_id = ? AND device_id = ?";
  Params params = {PackagesText(t.packages),
                   TargetStateName(t.state),
                   t.reason,
                   t.command_id,
                   t.attempts,
                   t.missed_window,
                   next,
                   RebootStateName(t.reboot_state),
                   OptMillis(t.reboot_since),
                   OptMillis(t.reboot_deadline),
                   t.reboot_window_id,
                   ToMillis(now),
                   deployment_id,
                   t.device_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t n, c_.connection().Execute(sql, params));
  if (n == 0) return Status::NotFound("deployment target", std::to_string(t.device_id));
  return Status::Ok();
}

Status DeploymentStore::FinishIfSettled(int64_t deployment_id, Timestamp now) {
  std::string sql =
      "UPDATE patch_deployments SET status = 'done', updated_at = ? WHERE id = ?"
      " AND status = 'active' AND NOT EXISTS (SELECT 1 FROM patch_deployment_targets t"
      " WHERE t.deployment_id = patch_deployments.id AND (t.state IN ('waiting', 'sent')"
      " OR t.reboot_state = 'rebooting'))";
  Params params = {ToMillis(now), deployment_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  return c_.connection().Execute(sql, params).status();
}

Result<CommandReport> DeploymentStore::Report(int64_t command_id) {
  std::string sql =
      "SELECT status, refusal, delivered_at, reboot_required, reboot_scheduled, completed_at"
      " FROM agent_commands WHERE id = ?";
  Params params = {command_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  storage::Connection& c = c_.connection();
  STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, params));
  if (!row) return Status::NotFound("command", std::to_string(command_id));
  CommandReport report;
  report.reboot_required = row->OptInt("reboot_required").value_or(0) != 0;
  report.reboot_scheduled = row->OptInt("reboot_scheduled").value_or(0) != 0;
  report.completed_at = OptTime(*row, "completed_at");
  const std::string status = row->Text("status");
  STEWARD_ASSIGN_OR_RETURN(
      auto packages, c.Query("SELECT name, outcome, version, exit_code, log_tail, reason"
                             " FROM agent_command_packages WHERE command_id = ? ORDER BY position",
                             {command_id}));
  for (const Row& p : packages) {
    PackageResult r;
    r.name = p.Text("name");
    STEWARD_ASSIGN_OR_RETURN(r.outcome,
                             Must(ParsePackageOutcome(p.Text("outcome")), "package outcome"));
    r.version = p.Text("version");
    if (p.OptInt("exit_code")) r.exit_code = static_cast<int>(*p.OptInt("exit_code"));
    r.log_tail = p.Text("log_tail");
    r.reason = p.Text("reason");
    report.results.push_back(std::move(r));
  }
  if (status == "pending" || status == "delivered" || status == "running") {
    report.end = CommandEnd::kPending;
  } else if (status == "completed" && !report.results.empty()) {
    report.end = CommandEnd::kCompleted;
  } else if (status == "refused") {
    report.end = CommandEnd::kRefused;
    report.refusal = row->OptText("refusal").value_or("");
  } else if (status == "expired" && !row->OptInt("delivered_at")) {
    report.end = CommandEnd::kExpired;
  } else {
    report.end = CommandEnd::kFailed;
  }
  return report;
}

Result<bool> DeploymentStore::ConnectedAfter(int64_t command_id) {
  std::string sql =
      "SELECT a.last_connected_at, m.expires_at FROM agent_commands m"
      " LEFT JOIN agents a ON a.device_id = m.device_id WHERE m.id = ?";
  Params params = {command_id};
  c_.scope().AppendFilter(sql, params, "m.customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("command", std::to_string(command_id));
  const auto connected = row->OptInt("last_connected_at");
  return connected && *connected > row->Int("expires_at");
}

Result<std::optional<Timestamp>> DeploymentStore::LastConnected(int64_t device_id) {
  std::string sql = "SELECT last_connected_at FROM agents WHERE device_id = ?";
  Params params = {device_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return std::optional<Timestamp>();
  return OptTime(*row, "last_connected_at");
}

}  // namespace steward::deploy
