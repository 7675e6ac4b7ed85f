// The agents part of `steward init --demo`: every demo server and
// workstation reports through an approved agent (version, last contact),
// one new laptop waits in quarantine, a reinstalled server's re-enrolment
// waits as a claim on its old device (with its alert), a roll-out token is
// open for Harbor & Vale, and one server has remote commands enabled with a completed run and
// a refused (tampered) one — made through the real service calls, so the
// signatures and audit records are genuine. The demo agents' credentials are
// random and never shown: nothing can connect as them.
#include "core/crypto.h"
#include "server/agentlink/agent_service.h"
#include "server/app/demo_data.h"

namespace steward::app {

namespace {

struct DemoAgentDevice {
  int64_t id;
  int64_t customer_id;
  std::string name;
};

}  // namespace

Status SeedAgentsDemo(Services& services) {
  auto system = accounts::Principal::System("demo data");
  accounts::Actor actor{system, "local"};
  Timestamp now = services.clock().Now();
  std::vector<DemoAgentDevice> devices;
  STEWARD_RETURN_IF_ERROR(services.db().Read([&](storage::Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows rows,
        c.Query("SELECT id, customer_id, name FROM cis WHERE kind IN ('server', 'workstation')"
                " AND status = 'active' ORDER BY id"));
    for (const storage::Row& r : rows) {
      devices.push_back({r.Int("id"), r.Int("customer_id"), r.Text("name")});
    }
    return Status::Ok();
  }));
  STEWARD_RETURN_IF_ERROR(services.db().Transact([&](storage::Connection& c) -> Status {
    int n = 0;
    for (const DemoAgentDevice& d : devices) {
      int64_t enrolled = ToMillis(now - std::chrono::hours(24 * (40 - n % 30)));
      STEWARD_RETURN_IF_ERROR(
          c.Execute(
               "INSERT INTO agents (device_id, customer_id, credential_hash, status,"
               " machine_id, agent_version, commands_enabled, last_seq, enrolled_at,"
               " approved_at, last_connected_at, last_inventory_at, remote_ip)"
               " VALUES (?, ?, ?, 'approved', ?, '0.1.0', 0, 0, ?, ?, ?, ?, ?)",
               {d.id, d.customer_id, Sha256Hex(RandomHex(32)), RandomHex(16), enrolled,
                enrolled + 600'000, ToMillis(now - std::chrono::minutes(n % 7)),
                ToMillis(now - std::chrono::hours(n % 20)), "198.51.100." + std::to_string(10 + n)})
              .status());
      ++n;
    }
    return Status::Ok();
  }));
  if (devices.empty()) return Status::Ok();

  agentlink::AgentService& agents = services.agents();
  int64_t harbor = devices.front().customer_id;
  // A roll-out token for a new office, and a laptop enrolled with it that
  // waits for a technician's approval.
  STEWARD_ASSIGN_OR_RETURN(Json token,
                           agents.CreateEnrollmentToken(actor, {{"customer_id", harbor},
                                                                {"max_uses", 10},
                                                                {"label", "New office roll-out"},
                                                                {"expires_in_hours", 24}}));
  STEWARD_RETURN_IF_ERROR(agents
                              .Enroll({{"token", token["token"]},
                                       {"hostname", "HVL-LT-NEW07"},
                                       {"machine_id", "5c1f0a9e2b7d4c3f8e6a1b2c3d4e5f60"},
                                       {"agent_version", "0.1.0"},
                                       {"kind", "workstation"}},
                                      "198.51.100.77")
                              .status());

  // A Harbor & Vale server that was reinstalled last night enrolled again
  // with its old machine id: it waits as a claim on the old device, and the
  // device carries the critical alert that says so.
  for (const DemoAgentDevice& d : devices) {
    if (d.customer_id != harbor || d.id == devices.front().id) continue;
    std::string machine_id;
    STEWARD_RETURN_IF_ERROR(services.db().Read([&](storage::Connection& c) -> Status {
      STEWARD_ASSIGN_OR_RETURN(
          storage::Row r, c.QueryOne("SELECT machine_id FROM agents WHERE device_id = ?", {d.id}));
      machine_id = r.Text("machine_id");
      return Status::Ok();
    }));
    STEWARD_RETURN_IF_ERROR(agents
                                .Enroll({{"token", token["token"]},
                                         {"hostname", d.name},
                                         {"machine_id", machine_id},
                                         {"agent_version", "0.1.0"},
                                         {"kind", "server"}},
                                        "198.51.100.92")
                                .status());
    break;
  }

  // Remote commands on the first server: one run that completed, and one
  // whose envelope was altered after signing — the agent refused it.
  const DemoAgentDevice& server = devices.front();
  STEWARD_RETURN_IF_ERROR(
      agents.UpdateAgent(actor, server.id, {{"commands_enabled", true}}).status());
  STEWARD_ASSIGN_OR_RETURN(
      Json script, agents.CreateScript(actor, {{"name", "Disk usage"},
                                               {"description", "Free space per file system"},
                                               {"body", "df -h -x tmpfs -x devtmpfs"}}));
  STEWARD_ASSIGN_OR_RETURN(Json ran,
                           agents.CreateCommand(actor, server.id, {{"script_id", script["id"]}}));
  STEWARD_ASSIGN_OR_RETURN(
      Json tampered, agents.CreateCommand(actor, server.id, {{"script", "systemctl status"}}));
  STEWARD_ASSIGN_OR_RETURN(agentlink::AgentSession session, agents.Refresh(server.id));
  STEWARD_RETURN_IF_ERROR(agents.TakePendingCommands(session).status());
  proto::CommandResultFrame ok;
  ok.command_id = ran["id"].get<int64_t>();
  ok.status = "completed";
  ok.stdout_text =
      "Filesystem      Size  Used Avail Use% Mounted on\n"
      "/dev/sda2       118G   81G   31G  73% /\n"
      "/dev/sdb1       2.0T  1.3T  640G  67% /srv/data\n";
  STEWARD_RETURN_IF_ERROR(agents.RecordCommandResult(session, ok));
  proto::CommandResultFrame refused;
  refused.command_id = tampered["id"].get<int64_t>();
  refused.status = "refused";
  refused.refusal = "bad_signature";
  refused.stderr_text = "the signature does not match the server's key";
  return agents.RecordCommandResult(session, refused);
}

}  // namespace steward::app
