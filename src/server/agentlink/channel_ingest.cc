// What the channel stores: batches exactly once (the sequence number commits
// with the samples), inventory into the device's CI, and command results.
#include <algorithm>
#include <map>
#include <set>

#include "core/log.h"
#include "server/agentlink/agent_internal.h"
#include "server/agentlink/agent_service.h"
#include "server/agentlink/inventory_mapping.h"
#include "server/agentlink/inventory_updates.h"
#include "server/agentlink/spool_drop_alerts.h"
#include "server/audit/audit_log.h"
#include "server/cmdb/cmdb_service.h"
#include "server/monitoring/conditions.h"
#include "server/monitoring/sample.h"
#include "server/patching/patch_service.h"

namespace steward::agentlink {

using storage::Connection;

namespace {

// The agent's account of each package of an action (issue 14 item 7):
// kept only for a command that was an action, and only for the packages it
// asked for — a hostile agent cannot write results for anything else. The
// counts by outcome, for the audit record.
Result<std::map<std::string, int64_t>> RecordPackageOutcomes(
    Connection& c, const AgentSession& session, const proto::CommandResultFrame& result,
    const std::optional<std::string>& action_json) {
  std::map<std::string, int64_t> counts;
  if (!action_json) {
    LogWarn("agent {} reported package results for script command {}: ignored", session.device_id,
            result.command_id);
    return counts;
  }
  STEWARD_ASSIGN_OR_RETURN(proto::CommandAction action, proto::ParseActionText(*action_json));
  std::set<std::string, std::less<>> asked;
  for (const auto& p : action.packages) asked.insert(p.name);
  int position = 0;
  for (const proto::PackageOutcome& p : *result.packages) {
    if (!asked.erase(p.name)) continue;  // not asked for, or named twice
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO agent_command_packages (command_id, customer_id, position, name,"
                  " outcome, version, dpkg_state, exit_code, log_tail, reason)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {result.command_id, session.customer_id, position++, p.name, p.outcome, p.version,
                   p.state, p.outcome == "failed" ? storage::Value(p.exit_code) : storage::Value(),
                   p.log_tail, p.reason})
            .status());
    ++counts[p.outcome];
  }
  STEWARD_RETURN_IF_ERROR(
      c.Execute("UPDATE agent_commands SET reboot_required = ?,"
                " reboot_scheduled = ? WHERE id = ?",
                {result.reboot_required, result.reboot_scheduled, result.command_id})
          .status());
  return counts;
}

// A refusal of the monitoring store, numbered as in the frame: the store
// counts the parsed samples only, the agent every sample it sent.
proto::RefusedWireSample InFrame(const monitoring::RefusedSample& r,
                                 const std::vector<proto::WireSample>& parsed) {
  const size_t at = parsed[r.index].index;
  return {static_cast<int64_t>(at), "samples[" + std::to_string(at) + "]." + r.field, r.message};
}

// Remembers the drop totals the agent reports in `samples` and appends an
// event-log warning for each growth, so that a gap in the device's history
// raises an alert. A report the store will refuse (no known reason, not a
// count) is left to it and raises nothing.
Status NoteSpoolDrops(Connection& c, const AgentSession& session, Timestamp now,
                      std::vector<monitoring::Sample>& samples) {
  const size_t reported = samples.size();
  for (size_t i = 0; i < reported; ++i) {
    if (samples[i].metric != monitoring::kAgentSpoolDropped) continue;
    auto reason = samples[i].labels.find("reason");
    auto total = ReportedDropTotal(samples[i].value);
    if (reason == samples[i].labels.end() || !ExplainDropReason(reason->second) || !total) {
      continue;
    }
    const std::string why = reason->second;  // samples may grow below
    STEWARD_ASSIGN_OR_RETURN(
        auto stored, c.QueryOptional("SELECT total FROM agent_spool_drops WHERE device_id = ?"
                                     " AND reason = ?",
                                     {session.device_id, why}));
    std::optional<int64_t> before;
    if (stored) before = stored->Int("total");
    if (before == total) continue;
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO agent_spool_drops (device_id, customer_id, reason, total,"
                  " reported_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id, reason) DO UPDATE"
                  " SET total = excluded.total, reported_at = excluded.reported_at",
                  {session.device_id, session.customer_id, why, *total, ToMillis(now)})
            .status());
    int64_t newly = NewlyDropped(*total, before);
    if (newly > 0) samples.push_back(SpoolDropEvent(session.device_id, why, newly, *total, now));
  }
  return Status::Ok();
}

proto::NackFrame Nack(int64_t seq, const Status& s) {
  // Invalid data stays invalid: the agent drops it. Anything else (busy
  // database, quarantine) is kept in its spool and sent again.
  bool retry = s.code() != StatusCode::kInvalidArgument && s.code() != StatusCode::kPayloadTooLarge;
  std::string message = s.message();
  if (!s.field().empty()) message = s.field() + ": " + message;
  return {seq, std::string(StatusCodeName(s.code())), message, retry};
}

// Marks commands no agent can still be running as expired, with the reason
// in stderr (after any output already streamed); all devices, or one.
// Returns how many.
Result<int64_t> ExpireOverdue(Connection& c, Timestamp now, std::optional<int64_t> device) {
  int64_t now_ms = ToMillis(now);
  // Never delivered: the window is over, no agent will start it.
  std::string pending_sql =
      "UPDATE agent_commands SET status = 'expired', completed_at = ?, stderr_text = ?"
      " WHERE status = 'pending' AND expires_at <= ?";
  storage::Params pending{
      now_ms, "[steward: not delivered to the agent before the command expired]", now_ms};
  // Delivered: the agent could have started it up to expires_at and run it
  // for timeout_seconds; past that and the grace, no result is coming.
  std::string lost_sql =
      "SELECT id, customer_id, device_id FROM agent_commands"
      " WHERE status IN ('delivered', 'running')"
      " AND expires_at + timeout_seconds * 1000 + ? <= ?";
  storage::Params lost{static_cast<int64_t>(std::chrono::milliseconds(kCommandResultGrace).count()),
                       now_ms};
  if (device) {
    pending_sql += " AND device_id = ?";
    pending.push_back(*device);
    lost_sql += " AND device_id = ?";
    lost.push_back(*device);
  }
  lost_sql += " ORDER BY id LIMIT 500";
  STEWARD_ASSIGN_OR_RETURN(int64_t expired, c.Execute(pending_sql, pending));
  STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(lost_sql, lost));
  constexpr std::string_view kReason =
      "[steward: no result from the agent within the command's validity window, its timeout"
      " and a grace period; the agent may have restarted or lost the command]";
  accounts::Principal system = accounts::Principal::System("agent command expiry");
  accounts::Actor actor{system, ""};
  for (const storage::Row& r : rows) {
    STEWARD_ASSIGN_OR_RETURN(
        int64_t changed,
        c.Execute("UPDATE agent_commands SET status = 'expired', completed_at = ?,"
                  " stderr_text = CASE WHEN stderr_text IS NULL OR stderr_text = '' THEN ?"
                  " ELSE stderr_text || ? END"
                  " WHERE id = ? AND status IN ('delivered', 'running')",
                  {now_ms, std::string(kReason), "\n" + std::string(kReason), r.Int("id")}));
    if (changed != 1) continue;
    ++expired;
    STEWARD_RETURN_IF_ERROR(audit::Record(
        c, now, actor,
        {"command.expired", "command", std::to_string(r.Int("id")), r.Int("customer_id"),
         Json{{"device_id", r.Int("device_id")}, {"reason", "no_result"}}}));
  }
  return expired;
}

}  // namespace

Status AgentService::ApplyInventory(Connection& c, const AgentSession& session,
                                    const Json& inventory, Timestamp now) {
  Json patch = InventoryToCiPatch(inventory);
  accounts::Principal system = accounts::Principal::System("agent inventory");
  accounts::Actor actor{system, ""};
  STEWARD_RETURN_IF_ERROR(cmdb_.UpdateCiInTransaction(c, actor, session.device_id, patch).status());
  if (patches_) {
    if (auto report = InventoryUpdates(inventory)) {
      auto outcome =
          patches_->ReportInTransaction(c, session.customer_id, session.device_id, *report);
      // InventoryUpdates keeps the report within CheckUpdateReport's
      // bounds, so a refusal here is a bug to log, not a reason to lose the
      // agent's batch; anything else (the database) fails the batch.
      if (outcome.status().code() == StatusCode::kInvalidArgument) {
        LogWarn("agent {}: update scan refused: {}", session.device_id,
                outcome.status().ToString());
      } else if (!outcome.ok()) {
        return outcome.status();
      }
    }
  }
  return c
      .Execute("UPDATE agents SET last_inventory_at = ? WHERE device_id = ?",
               {ToMillis(now), session.device_id})
      .status();
}

proto::ServerFrame AgentService::HandleBatch(const AgentSession& session,
                                             const proto::BatchFrame& batch) {
  Timestamp now = clock_.Now();
  bool duplicate = false;
  std::vector<proto::RefusedWireSample> refused = batch.unparsable;
  if (batch.samples.empty() && !batch.unparsable.empty()) {
    // Nothing in it can be kept: refused whole, as any invalid batch.
    const proto::RefusedWireSample& first = batch.unparsable.front();
    return Nack(batch.seq, Status::InvalidArgument(first.message, first.field));
  }
  Status s = db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        auto row, c.QueryOptional("SELECT status, last_seq FROM agents WHERE device_id = ?",
                                  {session.device_id}));
    if (!row || row->Text("status") == "revoked") {
      return Status::Unauthenticated("agent revoked");
    }
    int64_t last = row->Int("last_seq");
    if (batch.seq <= last) {
      duplicate = true;  // committed before; the ack was lost
      return Status::Ok();
    }
    int64_t first = batch.first_seq == 0 ? batch.seq : batch.first_seq;
    if (first <= last) {
      return Status::Conflict("batch " + std::to_string(first) + ".." + std::to_string(batch.seq) +
                              " overlaps committed sequence " + std::to_string(last));
    }
    if (row->Text("status") != "approved") {
      return Status::FailedPrecondition("device awaits approval; keep the data");
    }
    std::vector<monitoring::Sample> samples;
    samples.reserve(batch.samples.size());
    for (const proto::WireSample& w : batch.samples) {
      samples.push_back({session.device_id, w.metric, FromMillis(w.ts_ms), w.value, w.labels});
    }
    STEWARD_RETURN_IF_ERROR(NoteSpoolDrops(c, session, now, samples));
    // One bad sample costs itself, not the batch: the rest are stored and
    // the ack names what was left out.
    STEWARD_ASSIGN_OR_RETURN(
        auto left_out,
        samples_.IngestValidInTransaction(c, session.customer_id, session.device_id, samples));
    for (const monitoring::RefusedSample& r : left_out) {
      // Past the frame's samples: an event the server added, not the agent.
      if (r.index >= batch.samples.size()) {
        LogWarn("agent {}: a spool drop event was refused: {}", session.device_id, r.message);
        continue;
      }
      refused.push_back(InFrame(r, batch.samples));
    }
    if (batch.inventory) {
      STEWARD_RETURN_IF_ERROR(ApplyInventory(c, session, *batch.inventory, now));
    }
    // Guarded by the old value: two connections of one agent cannot both commit.
    STEWARD_ASSIGN_OR_RETURN(
        int64_t changed,
        c.Execute("UPDATE agents SET last_seq = ? WHERE device_id = ? AND last_seq = ?",
                  {batch.seq, session.device_id, last}));
    if (changed != 1) return Status::Unavailable("concurrent batch; retry");
    return Status::Ok();
  });
  if (!s.ok()) {
    if (s.code() != StatusCode::kFailedPrecondition) {
      LogWarn("agent {} batch {} refused: {}", session.device_id, batch.seq, s.message());
    }
    return Nack(batch.seq, s);
  }
  (void)duplicate;
  std::sort(refused.begin(), refused.end(),
            [](const auto& a, const auto& b) { return a.index < b.index; });
  proto::AckFrame ack{batch.seq, {}, static_cast<int64_t>(refused.size())};
  for (const proto::RefusedWireSample& r : refused) {
    if (ack.refused.size() == proto::kMaxRefusedNamed) break;
    ack.refused.push_back(r);
  }
  if (!refused.empty()) {
    LogWarn("agent {} batch {}: {} sample(s) left out, first {}: {}", session.device_id, batch.seq,
            refused.size(), refused.front().field, refused.front().message);
  }
  return ack;
}

Status AgentService::RecordCommandResult(const AgentSession& session,
                                         const proto::CommandResultFrame& result) {
  Timestamp now = clock_.Now();
  return db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT status, delivered_at, action_json"
                                                       " FROM agent_commands"
                                                       " WHERE id = ? AND device_id = ?",
                                                       {result.command_id, session.device_id}));
    // A device reporting on another device's command learns nothing.
    if (!row) return Status::NotFound("command", std::to_string(result.command_id));
    std::string status = row->Text("status");
    // A delivered command the server gave up on (ExpireOverdue) may still
    // have run: the agent's own account of it replaces the guess.
    bool given_up = status == "expired" && row->OptInt("delivered_at").has_value();
    if (status != "pending" && status != "delivered" && status != "running" && !given_up) {
      return Status::Ok();  // a repeated result
    }
    STEWARD_RETURN_IF_ERROR(
        c.Execute("UPDATE agent_commands SET status = ?, refusal = ?, exit_code = ?,"
                  " stdout_text = ?, stderr_text = ?, completed_at = ? WHERE id = ?",
                  {result.status,
                   result.refusal.empty() ? storage::Value() : storage::Value(result.refusal),
                   result.exit_code, result.stdout_text, result.stderr_text, ToMillis(now),
                   result.command_id})
            .status());
    accounts::Principal system = accounts::Principal::System("agent");
    accounts::Actor actor{system, ""};
    Json details = {{"device_id", session.device_id}, {"status", result.status}};
    if (result.packages) {
      STEWARD_ASSIGN_OR_RETURN(
          auto counts, RecordPackageOutcomes(c, session, result, row->OptText("action_json")));
      details["packages"] = counts;
    }
    if (!result.refusal.empty()) details["refusal"] = result.refusal;
    if (result.status == "completed") details["exit_code"] = result.exit_code;
    return audit::Record(
        c, now, actor,
        {result.status == "refused" ? "command.refused" : "command.result", "command",
         std::to_string(result.command_id), session.customer_id, details});
  });
}

Status AgentService::AppendCommandOutput(const AgentSession& session,
                                         const proto::CommandOutputFrame& output) {
  return db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row,
                             c.QueryOptional("SELECT status, LENGTH(stdout_text) AS out_len,"
                                             " LENGTH(stderr_text) AS err_len FROM agent_commands"
                                             " WHERE id = ? AND device_id = ?",
                                             {output.command_id, session.device_id}));
    if (!row) return Status::NotFound("command", std::to_string(output.command_id));
    std::string status = row->Text("status");
    if (status != "delivered" && status != "running") return Status::Ok();  // finished already
    int64_t have = (output.is_stderr ? row->OptInt("err_len") : row->OptInt("out_len")).value_or(0);
    if (have + static_cast<int64_t>(output.data.size()) >
        static_cast<int64_t>(proto::kMaxCommandOutputBytes)) {
      return c
          .Execute("UPDATE agent_commands SET status = 'running' WHERE id = ?", {output.command_id})
          .status();
    }
    const char* sql = output.is_stderr
                          ? "UPDATE agent_commands SET status = 'running',"
                            " stderr_text = COALESCE(stderr_text, '') || ? WHERE id = ?"
                          : "UPDATE agent_commands SET status = 'running',"
                            " stdout_text = COALESCE(stdout_text, '') || ? WHERE id = ?";
    return c.Execute(sql, {output.data, output.command_id}).status();
  });
}

Result<int64_t> AgentService::ExpireOverdueCommands() {
  Timestamp now = clock_.Now();
  int64_t expired = 0;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(expired, ExpireOverdue(c, now, std::nullopt));
    return Status::Ok();
  }));
  return expired;
}

Result<std::vector<proto::CommandFrame>> AgentService::TakePendingCommands(
    const AgentSession& session) {
  std::vector<proto::CommandFrame> out;
  Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto agent,
                             c.QueryOptional("SELECT status, commands_enabled FROM agents"
                                             " WHERE device_id = ?",
                                             {session.device_id}));
    // Quarantined or disabled: nothing is delivered (SECURITY.md rule 41).
    if (!agent || agent->Text("status") != "approved" || !agent->Bool("commands_enabled")) {
      return Status::Ok();
    }
    // Only commands no agent has seen expire with their validity window. A
    // delivered command may be running on the agent: the window bounds when
    // it may *start*, and its result is due up to its timeout later.
    STEWARD_RETURN_IF_ERROR(ExpireOverdue(c, now, session.device_id).status());
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows rows,
        c.Query("SELECT id, envelope, signature FROM agent_commands WHERE device_id = ?"
                " AND status IN ('pending', 'delivered') ORDER BY id LIMIT 20",
                {session.device_id}));
    for (const storage::Row& r : rows) {
      out.push_back({r.Int("id"), r.Text("envelope"), r.Text("signature")});
      STEWARD_RETURN_IF_ERROR(
          c.Execute("UPDATE agent_commands SET status = 'delivered', delivered_at = ?"
                    " WHERE id = ? AND status = 'pending'",
                    {ToMillis(now), r.Int("id")})
              .status());
    }
    return Status::Ok();
  }));
  return out;
}

}  // namespace steward::agentlink
