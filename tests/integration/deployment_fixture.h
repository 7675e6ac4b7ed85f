// The fixture of the patch deployment API tests (issue 14 item 7): two
// servers of customer Acme with pending updates, a Saturday-night change
// window, a technician, a portal user of another customer, approved agents
// as if enrolled, and an approved change.
#pragma once

#include <string>
#include <vector>

#include "proto/command_envelope.h"
#include "server/agentlink/agent_service.h"
#include "server_fixture.h"

namespace steward::testing {

class DeploymentApiTest : public ServerTest {
 protected:
  // An approved agent with remote commands on, as if enrolled and approved.
  agentlink::AgentSession Agent(int64_t device) {
    EXPECT_TRUE(app_->services()
                    .db()
                    .Transact([&](storage::Connection& c) {
                      return c
                          .Execute(
                              "INSERT INTO agents (device_id, customer_id, credential_hash,"
                              " status, machine_id, agent_version, commands_enabled,"
                              " last_seq, enrolled_at) VALUES (?, ?, ?, 'approved', ?,"
                              " '1.0', 1, 0, 0)",
                              {device, acme_, "hash-" + std::to_string(device),
                               "machine-" + std::to_string(device)})
                          .status();
                    })
                    .ok());
    agentlink::AgentSession s;
    s.device_id = device;
    s.customer_id = acme_;
    s.status = "approved";
    s.commands_enabled = true;
    return s;
  }

  void SetUpAcme() {
    HttpClient owner = Owner();
    acme_ = CreatedId(owner.Post("/api/v1/customers", {{"name", "Acme"}}));
    beta_ = CreatedId(owner.Post("/api/v1/customers", {{"name", "Beta"}}));
    web01_ = CreatedId(
        owner.Post("/api/v1/cis", {{"customer_id", acme_}, {"kind", "server"}, {"name", "web01"}}));
    web02_ = CreatedId(
        owner.Post("/api/v1/cis", {{"customer_id", acme_}, {"kind", "server"}, {"name", "web02"}}));
    CreatedId(owner.Post("/api/v1/change-windows", {{"customer_id", acme_},
                                                    {"name", "Saturday night"},
                                                    {"rrule", "FREQ=WEEKLY;BYDAY=SA"},
                                                    {"start", "2026-11-28T22:00"},
                                                    {"duration_minutes", 240}}));
    AddUser("tech@msp.example", accounts::Role::kTechnician);
    AddUser("bo@beta.example", accounts::Role::kPortal, beta_);
    // web01 has openssl pending, web02 only tzdata.
    HttpClient script = Client();
    script.set_bearer(TokenWithScopes(owner, {"ingest"}));
    auto scan = [](bool with_openssl) {
      Json updates = Json::array();
      if (with_openssl) {
        updates.push_back({{"package", "openssl"},
                           {"installed_version", "3.0.14-1~deb12u1"},
                           {"candidate_version", "3.0.15-1~deb12u1"},
                           {"origin", "Debian-Security:12/stable-security"}});
      }
      updates.push_back({{"package", "tzdata"},
                         {"installed_version", "2024a-0+deb12u1"},
                         {"candidate_version", "2025b-0+deb12u1"},
                         {"origin", "Debian:12.9/stable"}});
      return Json{{"family", "debian"}, {"updates", updates}};
    };
    ASSERT_EQ(script.Post(DevicePath(web01_, "/updates/report"), scan(true)).status, 200);
    ASSERT_EQ(script.Post(DevicePath(web02_, "/updates/report"), scan(false)).status, 200);
  }

  static std::string DevicePath(int64_t id, const std::string& rest) {
    return "/api/v1/devices/" + std::to_string(id) + rest;
  }

  // A standard change on both servers (or on `cis`), approved at once.
  int64_t ApprovedChange(HttpClient& tech, std::vector<int64_t> cis = {}) {
    const int64_t rfc = DraftChange(tech, "2026-11-28T22:00:00Z", "2026-11-29T02:00:00Z", cis);
    auto r = tech.Patch("/api/v1/changes/" + std::to_string(rfc), {{"status", "submitted"}});
    EXPECT_EQ(r.json()["status"], "approved") << r.body;
    return rfc;
  }

  // The same change filled in for the window [start, end) but still a draft.
  int64_t DraftChange(HttpClient& tech, const std::string& start, const std::string& end,
                      std::vector<int64_t> cis = {}) {
    if (cis.empty()) cis = {web01_, web02_};
    const int64_t rfc = CreatedId(tech.Post(
        "/api/v1/changes",
        {{"customer_id", acme_}, {"title", "OpenSSL security update"}, {"type", "standard"}}));
    Json fill = {{"description", "Install the DSA's openssl"},
                 {"reason", "CVE-2024-5535"},
                 {"components", "openssl"},
                 {"ci_ids", cis},
                 {"risk", "low"},
                 {"impact", "low"},
                 {"backout_plan", "apt-get install openssl=3.0.14-1~deb12u1"},
                 {"test_plan", "installed on the test server for a day"},
                 {"cost_estimate_cents", 0},
                 {"planned_start", start},
                 {"planned_end", end}};
    EXPECT_EQ(tech.Patch("/api/v1/changes/" + std::to_string(rfc), fill).status, 200);
    return rfc;
  }

  // The device's agent connects now (as the channel records it).
  void Connect(int64_t device) {
    ASSERT_TRUE(app_->services()
                    .db()
                    .Transact([&](storage::Connection& c) {
                      return c
                          .Execute("UPDATE agents SET last_connected_at = ? WHERE device_id = ?",
                                   {ToMillis(clock().Now()), device})
                          .status();
                    })
                    .ok());
  }

  Json Deployment(HttpClient& c, int64_t id) {
    auto r = c.Get("/api/v1/deployments/" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  static const Json& TargetOf(const Json& d, int64_t device) {
    for (const Json& t : d["targets"]) {
      if (t["device_id"] == device) return t;
    }
    static const Json kNone;
    return kNone;
  }

  int64_t acme_ = 0, beta_ = 0, web01_ = 0, web02_ = 0;
};

}  // namespace steward::testing
