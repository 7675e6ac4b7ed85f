// The patch deployment part of `steward init --demo` (issue 14 item 7).
//
// Harbor & Vale's Linux servers — the extranet's nginx, the mail relay and
// the hardened backup repository, VMs on HVL-HV01 — come first, with their
// agents (remote commands on) and their update scans; the OpenSSL rollout of
// the CAB's fortnight (demo_changes.cc) names them.
//
// Then last week's patch night, replayed minute by minute through the real
// DeploymentService, AgentService and ChangeService on a clock of its own:
// Tess raises the change (the kernel, OpenSSH and curl), Omar and Chloe
// approve it — Chloe the updates too — she deploys it and in Saturday's
// window (the customer's time) the job sends each server its signed
// install_updates action. The web server installs all three and reboots
// for its kernel (back within minutes); the mail relay's
// dpkg lock is held by a stuck unattended-upgrades, so all three fail with
// apt's exit code 100 — retried twice in the window, then failed; the
// backup repository holds OpenSSH because its sshd_config was changed
// locally; the ESXi host, a CI of the change too, has none of the packages
// and is skipped. The change is implemented and waits for its review.
// Finally, this morning Tess deployed the OpenSSL rollout: its servers wait
// for Saturday's window.
//
// No demo customer has more than 25 devices, so no deployment waits for a
// second technician's approval.
#include <optional>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "server/agentlink/agent_service.h"
#include "server/app/demo_data.h"
#include "server/change/change_service.h"
#include "server/deploy/deployment_service.h"
#include "server/patching/change_window_service.h"
#include "server/patching/patch_service.h"

namespace steward::app {

namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr char kDeployCustomer[] = "Harbor & Vale Law LLP";
constexpr char kDeployHost[] = "HVL-HV01";

struct DeployServerSpec {
  const char* name;
  const char* role;
  int vcpus;
  int ram_gb;
  const char* software;
  const char* version;
  const char* criticality;
};

constexpr DeployServerSpec kDeployServers[] = {
    {"HVL-WEB01", "Client extranet: nginx in front of iManage Work's web client", 2, 4, "nginx",
     "1.18.0", "high"},
    {"HVL-MX01", "Mail relay for the scanners and iManage notifications (postfix)", 2, 4, "postfix",
     "3.6.4", "medium"},
    {"HVL-BK01", "Veeam hardened repository: immutable backups of the file server", 4, 16,
     "Veeam Data Mover", "12.2", "high"},
};

// One pending update as the agent's apt scan reports it.
patching::PendingUpdate DeployPending(const char* package, const char* installed,
                                      const char* candidate, const char* origin,
                                      std::vector<std::string> cves, bool reboot = false) {
  patching::PendingUpdate u;
  u.package = package;
  u.installed_version = installed;
  u.candidate_version = candidate;
  u.origin = origin;
  u.cves = std::move(cves);
  u.reboot_suggested = reboot;
  return u;
}

struct DeployPackages {
  patching::PendingUpdate openssl, libssl, tzdata, kernel, openssh, curl;
};

DeployPackages DeployPackageSet() {
  return {
      DeployPending("openssl", "3.0.2-0ubuntu1.15", "3.0.2-0ubuntu1.18", "jammy-security",
                    {"CVE-2024-5535", "CVE-2024-6119"}),
      DeployPending("libssl3", "3.0.2-0ubuntu1.15", "3.0.2-0ubuntu1.18", "jammy-security",
                    {"CVE-2024-5535", "CVE-2024-6119"}),
      DeployPending("tzdata", "2024a-0ubuntu0.22.04.1", "2024b-0ubuntu0.22.04.1", "jammy-updates",
                    {}),
      DeployPending("linux-image-generic", "5.15.0.124.124", "5.15.0.126.126", "jammy-security",
                    {"CVE-2024-50264"}, true),
      DeployPending("openssh-server", "1:8.9p1-3ubuntu0.6", "1:8.9p1-3ubuntu0.10", "jammy-security",
                    {"CVE-2024-6387"}),
      DeployPending("curl", "7.81.0-1ubuntu1.16", "7.81.0-1ubuntu1.18", "jammy-security",
                    {"CVE-2024-7264", "CVE-2024-8096"}),
  };
}

// What each server had pending before the patch night; the backup
// repository runs the HWE kernel and has no curl.
std::vector<patching::PendingUpdate> DeployBefore(const std::string& server) {
  DeployPackages p = DeployPackageSet();
  if (server == "HVL-BK01") return {p.openssl, p.libssl, p.openssh};
  return {p.openssl, p.libssl, p.kernel, p.openssh, p.curl};
}

// And after it: the web server installed all three.
std::vector<patching::PendingUpdate> DeployAfter(const std::string& server) {
  DeployPackages p = DeployPackageSet();
  if (server == "HVL-WEB01") return {p.openssl, p.libssl};
  return DeployBefore(server);
}

Result<std::optional<storage::Row>> DeployRow(Services& services, std::string_view sql,
                                              storage::Params params) {
  std::optional<storage::Row> row;
  STEWARD_RETURN_IF_ERROR(services.db().Read([&](storage::Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(row, c.QueryOptional(sql, params));
    return Status::Ok();
  }));
  return row;
}

Result<std::optional<int64_t>> DeployIdOf(Services& services, std::string_view sql,
                                          const std::string& name) {
  STEWARD_ASSIGN_OR_RETURN(auto row, DeployRow(services, sql, {name}));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->Int("id"));
}

// The demo's Linux servers, by name; empty when the demo has none of them.
Result<std::vector<std::pair<std::string, int64_t>>> DeployServers(Services& services) {
  std::vector<std::pair<std::string, int64_t>> out;
  for (const DeployServerSpec& s : kDeployServers) {
    STEWARD_ASSIGN_OR_RETURN(
        auto id, DeployIdOf(services, "SELECT id FROM cis WHERE name = ?", std::string(s.name)));
    if (!id) return std::vector<std::pair<std::string, int64_t>>();
    out.emplace_back(s.name, *id);
  }
  return out;
}

// The start of the device's first change window after eight days ago:
// last week's patch night (a weekly window is over by now).
Result<std::optional<Timestamp>> DeployPatchNight(Services& services, int64_t device) {
  const auto system = accounts::Principal::System("steward init --demo");
  const Timestamp after = services.clock().Now() - days(8);
  STEWARD_ASSIGN_OR_RETURN(patching::DeviceWindows w,
                           services.change_windows().ForDevice(system, device, after));
  if (w.next && w.next->start <= after) {
    STEWARD_ASSIGN_OR_RETURN(w, services.change_windows().ForDevice(system, device, w.next->end));
  }
  if (!w.next || w.next->end >= services.clock().Now() - hours(2)) {
    return std::optional<Timestamp>();
  }
  return std::optional<Timestamp>(w.next->start);
}

Status DeployConnected(Services& services, int64_t device, Timestamp at) {
  return services.db().Transact([&](storage::Connection& c) -> Status {
    return c
        .Execute("UPDATE agents SET last_connected_at = ? WHERE device_id = ?",
                 {ToMillis(at), device})
        .status();
  });
}

// What the agent on one server reports for each command it gets (the
// last repeats), as steward-agent's apt runner words it.
struct DeployRun {
  int minutes = 1;  // how long apt took
  std::vector<proto::PackageOutcome> packages;
  bool reboot = false;
  int exit_code = 0;
  std::string log;
};

struct DeployAgent {
  int64_t device_id = 0;
  std::vector<DeployRun> runs;
  size_t done = 0;
  std::optional<int64_t> command;
  Timestamp result_at{};
  std::optional<Timestamp> back_at;  // connects again after its reboot
};

proto::PackageOutcome DeployInstalled(const patching::PendingUpdate& u) {
  proto::PackageOutcome p;
  p.name = u.package;
  p.outcome = "installed";
  p.version = u.candidate_version;
  p.state = "installed";
  return p;
}

constexpr char kDeployLockTail[] =
    "Waiting for cache lock: Could not get lock /var/lib/dpkg/lock-frontend. It is held by "
    "process 2147 (unattended-upgr)... 120s\n"
    "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 2147 "
    "(unattended-upgr)\n"
    "N: Be aware that removing the lock file is not a solution and may break your system.\n"
    "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another "
    "process using it?\n";

proto::PackageOutcome DeployLocked(const patching::PendingUpdate& u) {
  proto::PackageOutcome p;
  p.name = u.package;
  p.outcome = "failed";
  p.version = u.installed_version;
  p.state = "installed";
  p.exit_code = 100;
  p.log_tail = kDeployLockTail;
  return p;
}

proto::PackageOutcome DeployHeld(const patching::PendingUpdate& u, const std::string& conffile) {
  proto::PackageOutcome p;
  p.name = u.package;
  p.outcome = "held";
  p.version = u.installed_version;
  p.state = "installed";
  p.reason = conffile +
             " was changed on this machine and the new version changes it too. Version " +
             u.candidate_version + " was not installed, so dpkg never had to ask which file to " +
             "keep; " + u.package + " stays at " + u.installed_version +
             " (installed) until the file is merged or the update installed by hand";
  return p;
}

proto::CommandResultFrame DeployResult(int64_t command_id, const DeployRun& run) {
  proto::CommandResultFrame f;
  f.command_id = command_id;
  f.status = "completed";
  f.exit_code = run.exit_code;
  for (const auto& p : run.packages) {
    f.stdout_text += p.name + ": " + p.outcome + " (" + p.version + ")\n";
  }
  if (run.reboot) f.stdout_text += "reboot required\n";
  f.stdout_text += "\n" + run.log;
  f.packages = run.packages;
  f.reboot_required = run.reboot;
  f.reboot_scheduled = run.reboot;
  return f;
}

// The patch night's agents: what each server's apt did.
std::vector<DeployAgent> DeployNightAgents(const std::vector<std::pair<std::string, int64_t>>& s) {
  const DeployPackages p = DeployPackageSet();
  std::vector<DeployAgent> out;
  for (const auto& [name, id] : s) {
    DeployAgent a;
    a.device_id = id;
    DeployRun run;
    if (name == "HVL-WEB01") {
      run.minutes = 7;
      run.packages = {DeployInstalled(p.kernel), DeployInstalled(p.openssh),
                      DeployInstalled(p.curl)};
      run.reboot = true;
      run.log =
          "Reading package lists...\nBuilding dependency tree...\nReading state information...\n"
          "The following NEW packages will be installed:\n"
          "  linux-headers-5.15.0-126 linux-headers-5.15.0-126-generic\n"
          "  linux-image-5.15.0-126-generic linux-modules-5.15.0-126-generic\n"
          "The following packages will be upgraded:\n"
          "  curl libcurl4 linux-generic linux-headers-generic linux-image-generic\n"
          "  openssh-client openssh-server openssh-sftp-server\n"
          "8 upgraded, 4 newly installed, 0 to remove and 2 not upgraded.\n"
          "Setting up openssh-server (1:8.9p1-3ubuntu0.10) ...\n"
          "Setting up curl (7.81.0-1ubuntu1.18) ...\n"
          "Setting up linux-image-5.15.0-126-generic (5.15.0-126.136) ...\n"
          "Setting up linux-image-generic (5.15.0.126.126) ...\n"
          "Processing triggers for linux-image-5.15.0-126-generic (5.15.0-126.136) ...\n"
          "/etc/kernel/postinst.d/zz-update-grub:\nGenerating grub configuration file ...\n"
          "done\nsteward-agent: reboot scheduled\n";
      a.runs = {run};
    } else if (name == "HVL-MX01") {
      // A stuck unattended-upgrades has held the lock for days.
      run.minutes = 2;
      run.packages = {DeployLocked(p.kernel), DeployLocked(p.openssh), DeployLocked(p.curl)};
      run.exit_code = 100;
      run.log = std::string("Reading package lists...\n") + kDeployLockTail;
      a.runs = {run};
    } else {
      run.minutes = 1;
      run.packages = {DeployHeld(p.openssh, "/etc/ssh/sshd_config")};
      run.exit_code = 1;
      run.log =
          "steward-agent: openssh-server held: /etc/ssh/sshd_config was changed on this machine "
          "and the new version changes it too\n";
      a.runs = {run};
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

Status SeedLinuxServersDemo(Services& services) {
  auto system = accounts::Principal::System("steward init --demo");
  accounts::Actor actor{system, "local"};
  STEWARD_ASSIGN_OR_RETURN(
      auto customer,
      DeployIdOf(services, "SELECT id FROM customers WHERE name = ?", kDeployCustomer));
  STEWARD_ASSIGN_OR_RETURN(auto host,
                           DeployIdOf(services, "SELECT id FROM cis WHERE name = ?", kDeployHost));
  if (!customer || !host) return Status::Ok();  // a trimmed demo
  STEWARD_ASSIGN_OR_RETURN(
      auto site,
      DeployRow(services, "SELECT id FROM sites WHERE customer_id = ? ORDER BY id LIMIT 1",
                {*customer}));
  STEWARD_ASSIGN_OR_RETURN(auto omar, DeployIdOf(services, "SELECT id FROM users WHERE email = ?",
                                                 "omar.haddad@northwind-msp.example"));
  const Timestamp now = services.clock().Now();
  std::vector<std::pair<std::string, int64_t>> servers;
  int n = 0;
  for (const DeployServerSpec& s : kDeployServers) {
    Json body = {
        {"customer_id", *customer},
        {"kind", "server"},
        {"name", s.name},
        {"make", "VMware"},
        {"model", "Virtual Machine"},
        {"hardware",
         {{"cpu", std::to_string(s.vcpus) + " vCPU"},
          {"ram_gb", s.ram_gb},
          {"disks", Json::array()}}},
        {"os_name", "Ubuntu Server"},
        {"os_version", "22.04 LTS"},
        {"installed_software", Json::array({{{"name", s.software}, {"version", s.version}}})},
        {"software_config", s.role},
        {"criticality", s.criticality},
        {"max_downtime_minutes", 240}};
    if (site) body["site_id"] = site->Int("id");
    if (omar) body["responsible_user_id"] = *omar;
    STEWARD_ASSIGN_OR_RETURN(Json ci, services.cmdb().CreateCi(actor, body));
    const int64_t id = ci["id"].get<int64_t>();
    STEWARD_RETURN_IF_ERROR(services.cmdb()
                                .AddRelation(actor, id, {{"to_ci_id", *host}, {"kind", "runs_on"}})
                                .status());
    // Its agent, as demo_agents.cc enrols the others; remote commands on,
    // which patch deployments need.
    const int64_t enrolled = ToMillis(now - days(45 - 2 * n));
    STEWARD_RETURN_IF_ERROR(services.db().Transact([&](storage::Connection& c) -> Status {
      return c
          .Execute(
              "INSERT INTO agents (device_id, customer_id, credential_hash, status,"
              " machine_id, agent_version, commands_enabled, last_seq, enrolled_at,"
              " approved_at, last_connected_at, last_inventory_at, remote_ip)"
              " VALUES (?, ?, ?, 'approved', ?, '0.1.0', 0, 0, ?, ?, ?, ?, ?)",
              {id, *customer, Sha256Hex(RandomHex(32)), RandomHex(16), enrolled, enrolled + 900'000,
               ToMillis(now - minutes(2 + n)), ToMillis(now - hours(1)),
               "198.51.100." + std::to_string(60 + n)})
          .status();
    }));
    STEWARD_RETURN_IF_ERROR(
        services.agents().UpdateAgent(actor, id, {{"commands_enabled", true}}).status());
    servers.emplace_back(s.name, id);
    ++n;
  }

  // Their scans: three weeks ago OpenSSL and tzdata; before last week's
  // patch night the month's kernel, OpenSSH and curl updates.
  STEWARD_ASSIGN_OR_RETURN(auto night, DeployPatchNight(services, servers.front().second));
  ManualClock clock(now - days(20));
  patching::PatchService replay(services.db(), clock);
  const DeployPackages p = DeployPackageSet();
  for (const auto& [name, id] : servers) {
    STEWARD_RETURN_IF_ERROR(
        replay
            .Report(actor, id, {patching::PackageFamily::kUbuntu, {p.openssl, p.libssl, p.tzdata}})
            .status());
  }
  clock.Set(night ? *night - days(4) : now - days(6));
  for (const auto& [name, id] : servers) {
    STEWARD_RETURN_IF_ERROR(
        replay.Report(actor, id, {patching::PackageFamily::kUbuntu, DeployBefore(name)}).status());
  }
  return Status::Ok();
}

Status SeedDeploymentsDemo(Services& services) {
  using accounts::Role;
  using change::ChangeStatus;
  auto system = accounts::Principal::System("steward init --demo");
  accounts::Actor actor{system, "local"};
  const Timestamp now = services.clock().Now();
  STEWARD_ASSIGN_OR_RETURN(auto servers, DeployServers(services));
  STEWARD_ASSIGN_OR_RETURN(
      auto customer,
      DeployIdOf(services, "SELECT id FROM customers WHERE name = ?", kDeployCustomer));
  STEWARD_ASSIGN_OR_RETURN(auto host,
                           DeployIdOf(services, "SELECT id FROM cis WHERE name = ?", kDeployHost));
  if (servers.empty() || !customer || !host) return Status::Ok();
  STEWARD_ASSIGN_OR_RETURN(auto night, DeployPatchNight(services, servers.front().second));
  if (!night) return Status::Ok();
  STEWARD_ASSIGN_OR_RETURN(
      const accounts::Principal tess,
      DemoStaffPrincipal(services, "tess.nguyen@northwind-msp.example", Role::kTechnician));
  STEWARD_ASSIGN_OR_RETURN(
      const accounts::Principal omar,
      DemoStaffPrincipal(services, "omar.haddad@northwind-msp.example", Role::kTechnician));
  STEWARD_ASSIGN_OR_RETURN(
      const accounts::Principal chloe,
      DemoStaffPrincipal(services, "chloe.martin@northwind-msp.example", Role::kChangeManager));

  // The services again, on a clock of their own (the signing keys are the
  // server's); the server's own services keep the real clock.
  ManualClock clock(*night - days(4) + hours(2));
  change::ChangeService changes(services.db(), clock);
  patching::ChangeWindowService windows(services.db(), clock);
  patching::PatchService patches(services.db(), clock);
  STEWARD_ASSIGN_OR_RETURN(agentlink::CommandKeys keys,
                           agentlink::LoadOrCreateCommandKeys(services.data_dir()));
  agentlink::AgentService agents(services.db(), clock, services.cmdb(), services.monitoring(),
                                 std::move(keys));
  deploy::DeploymentService deployments(services.db(), clock, agents, windows,
                                        services.monitoring());

  // The patch night's change: raised by Tess, approved by Omar and Chloe,
  // in the first two hours of Saturday's window. The ESXi host is one of its
  // CIs (its VMs restart).
  const Timestamp w = *night;
  change::ChangeFields f;
  f.title = "Patch night: kernel, OpenSSH and curl on the Linux servers";
  f.description =
      "Install the month's security updates on HVL-WEB01, HVL-MX01 and HVL-BK01 through "
      "Steward's deployment and reboot where the kernel asks for it. The VMs restart on "
      "HVL-HV01 one at a time.";
  f.reason =
      "Kernel CVE-2024-50264, OpenSSH CVE-2024-6387 (remote code execution) and curl "
      "CVE-2024-7264.";
  f.components = "linux-image-generic, openssh-server, curl";
  f.risk = change::Rating::kMedium;
  f.impact = change::Rating::kLow;
  f.backout_plan =
      "Boot the previous kernel from GRUB; apt-get install the previous versions from the local "
      "cache.";
  f.test_plan = "The same versions ran for a week on Northwind's lab VMs.";
  f.cost_estimate_cents = 0;
  f.planned_start = w;
  f.planned_end = w + hours(2);
  f.ci_ids = {*host};
  for (const auto& [name, id] : servers) f.ci_ids.push_back(id);
  f.reviewer_ids = {omar.user_id, chloe.user_id};
  f.quorum = 2;
  STEWARD_ASSIGN_OR_RETURN(change::ChangeRequest night_change,
                           changes.Create({tess, "local"}, {*customer, std::nullopt, f}));
  auto move = [&](const accounts::Principal& who, int64_t id, ChangeStatus to,
                  std::optional<std::string> note = std::nullopt) {
    change::ChangeMove m;
    m.to = to;
    m.note = std::move(note);
    return changes.Update({who, "local"}, id, {}, m).status();
  };
  STEWARD_RETURN_IF_ERROR(move(tess, night_change.id, ChangeStatus::kSubmitted));
  clock.Advance(hours(2));
  STEWARD_RETURN_IF_ERROR(changes
                              .Vote({omar, "local"}, night_change.id, change::Decision::kApprove,
                                    "Kernel and OpenSSH ran fine on the lab VMs.")
                              .status());
  STEWARD_RETURN_IF_ERROR(
      changes.Vote({chloe, "local"}, night_change.id, change::Decision::kApprove, "").status());
  STEWARD_RETURN_IF_ERROR(move(tess, night_change.id, ChangeStatus::kScheduled));
  // The important updates wait for the change manager (demo_patching.cc's
  // policy): Chloe approves them for the change.
  for (const auto& [name, id] : servers) {
    for (const char* package : {"linux-image-generic", "openssh-server", "curl"}) {
      STEWARD_ASSIGN_OR_RETURN(auto update, DeployRow(services,
                                                      "SELECT id FROM device_updates WHERE"
                                                      " device_id = ? AND package = ? AND status ="
                                                      " 'pending'",
                                                      {id, std::string(package)}));
      if (!update) continue;
      STEWARD_RETURN_IF_ERROR(patches
                                  .DecideUpdate({chloe, "local"}, id, update->Int("id"),
                                                patching::Approval::kApproved,
                                                "For " + change::ChangeRef(night_change.id) +
                                                    ", Saturday's patch night.")
                                  .status());
    }
  }

  // Tess deploys it: every CI of the change, a reboot where one is required.
  clock.Advance(minutes(20));
  deploy::NewDeployment nd;
  nd.change_id = night_change.id;
  nd.packages = {"linux-image-generic", "openssh-server", "curl"};
  nd.reboot = deploy::Reboot::kIfRequired;
  nd.missed_window = deploy::MissedWindow::kNextWindow;
  STEWARD_RETURN_IF_ERROR(deployments.Create({tess, "local"}, nd).status());
  clock.Advance(minutes(1));
  STEWARD_RETURN_IF_ERROR(deployments.RunJobs(clock.Now()));  // waits for the window

  // Saturday's window, minute by minute: the job, and each agent taking its
  // command and answering when apt is done. The agents were last connected
  // before the window, so a reboot's watch sees each come back.
  std::vector<DeployAgent> agents_at_night = DeployNightAgents(servers);
  for (const DeployAgent& a : agents_at_night) {
    STEWARD_RETURN_IF_ERROR(DeployConnected(services, a.device_id, w - minutes(30)));
  }
  for (int m = 1; m <= 30; ++m) {
    clock.Set(w + minutes(m));
    const Timestamp t = clock.Now();
    for (DeployAgent& a : agents_at_night) {
      if (a.command && t >= a.result_at) {
        const DeployRun& run = a.runs[std::min(a.done, a.runs.size() - 1)];
        STEWARD_ASSIGN_OR_RETURN(agentlink::AgentSession session, agents.Refresh(a.device_id));
        STEWARD_RETURN_IF_ERROR(agents.RecordCommandResult(session, DeployResult(*a.command, run)));
        ++a.done;
        a.command.reset();
        if (run.reboot) a.back_at = t + minutes(3);
      }
      if (a.back_at && t >= *a.back_at) {
        STEWARD_RETURN_IF_ERROR(DeployConnected(services, a.device_id, t));
        a.back_at.reset();
      }
    }
    STEWARD_RETURN_IF_ERROR(deployments.RunJobs(t));
    for (DeployAgent& a : agents_at_night) {
      if (a.command) continue;
      STEWARD_ASSIGN_OR_RETURN(agentlink::AgentSession session, agents.Refresh(a.device_id));
      STEWARD_ASSIGN_OR_RETURN(auto frames, agents.TakePendingCommands(session));
      if (frames.empty()) continue;
      a.command = frames.front().command_id;
      a.result_at = t + minutes(a.runs[std::min(a.done, a.runs.size() - 1)].minutes);
    }
  }
  // The agents' next scans, and Tess marks the change implemented.
  clock.Set(w + minutes(40));
  for (const auto& [name, id] : servers) {
    STEWARD_RETURN_IF_ERROR(
        patches.Report(actor, id, {patching::PackageFamily::kUbuntu, DeployAfter(name)}).status());
  }
  clock.Set(w + minutes(55));
  STEWARD_RETURN_IF_ERROR(move(tess, night_change.id, ChangeStatus::kImplemented,
                               "HVL-WEB01 patched and back after its reboot. HVL-MX01: dpkg lock "
                               "held by a stuck unattended-upgrades (PID 2147), nothing installed. "
                               "HVL-BK01: OpenSSH held, sshd_config needs merging. Omar follows up "
                               "both before the review."));

  // Since then the agents report as usual: the last scan an hour ago, and
  // connected a few minutes ago.
  clock.Set(now - hours(1));
  int n = 0;
  for (const auto& [name, id] : servers) {
    STEWARD_RETURN_IF_ERROR(
        patches.Report(actor, id, {patching::PackageFamily::kUbuntu, DeployAfter(name)}).status());
    STEWARD_RETURN_IF_ERROR(DeployConnected(services, id, now - minutes(2 + n++)));
  }

  // This morning Tess deployed the scheduled OpenSSL rollout: its servers
  // wait for Saturday's window (or go now, should one be open).
  STEWARD_ASSIGN_OR_RETURN(
      auto ssl, DeployRow(services,
                          "SELECT id FROM change_requests WHERE customer_id = ? AND status ="
                          " 'scheduled' AND title LIKE 'OpenSSL%' ORDER BY id LIMIT 1",
                          {*customer}));
  if (!ssl) return Status::Ok();
  clock.Set(now - minutes(90));
  nd = {};
  nd.change_id = ssl->Int("id");
  nd.packages = {"openssl", "libssl3"};
  nd.reboot = deploy::Reboot::kNever;
  nd.missed_window = deploy::MissedWindow::kWhenOnline;
  STEWARD_RETURN_IF_ERROR(deployments.Create({tess, "local"}, nd).status());
  clock.Advance(minutes(1));
  STEWARD_RETURN_IF_ERROR(deployments.RunJobs(clock.Now()));
  clock.Set(now);
  return deployments.RunJobs(now);
}

}  // namespace steward::app
