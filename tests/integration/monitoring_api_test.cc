// Monitoring over real HTTP with the fake clock: the ingest API and its
// refusals, exact duration conditions, hysteresis, maintenance windows,
// offline detection by the job, window state across a server restart,
// policies per scope, acknowledgement with audit, on-call e-mail, metric
// queries at each resolution, the disk-full forecast and tenant isolation.
#include <set>

#include "server_fixture.h"

namespace steward::testing {
namespace {

using accounts::Role;

constexpr double kGb = 1024.0 * 1024 * 1024;

class MonitoringApiTest : public ServerTest {
 protected:
  void ModifyConfig(app::ServerConfig& c) override { config_ = c; }

  void SetUp() override {
    ServerTest::SetUp();
    HttpClient owner = Owner();
    customer_ = Id(owner.Post("/api/v1/customers", {{"name", "Acme Dental"}}));
    other_customer_ = Id(owner.Post("/api/v1/customers", {{"name", "Beta Bakery"}}));
    server_ = Ci(owner, customer_, "server", "acme-dc1");
    workstation_ = Ci(owner, customer_, "workstation", "acme-ws1");
    printer_ = Ci(owner, customer_, "printer", "acme-prn");
    other_server_ = Ci(owner, other_customer_, "server", "beta-srv");
    auto token =
        owner.Post("/api/v1/tokens",
                   {{"name", "ingest"}, {"scopes", {"read", "ingest", "monitoring", "cmdb"}}});
    ASSERT_EQ(token.status, 201) << token.body;
    token_ = token.json()["token"];
  }

  int64_t Id(const HttpResult& r) {
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }
  int64_t Ci(HttpClient& c, int64_t customer, const char* kind, const char* name) {
    return Id(c.Post("/api/v1/cis", {{"customer_id", customer}, {"kind", kind}, {"name", name}}));
  }

  // A client authenticated by the owner's API token (sessions idle out).
  HttpClient Api() {
    HttpClient c = Client();
    c.set_bearer(token_);
    return c;
  }

  std::string Now(int offset_seconds = 0) {
    return FormatIso8601(clock().Now() + std::chrono::seconds(offset_seconds));
  }

  Json S(int64_t device, const std::string& metric, double value, Json labels = Json::object(),
         int offset_seconds = 0) {
    return {{"device_id", device},
            {"metric", metric},
            {"ts", Now(offset_seconds)},
            {"value", value},
            {"labels", labels}};
  }

  HttpResult Push(Json samples) { return Api().Post("/api/v1/ingest", {{"samples", samples}}); }
  void PushOk(Json samples) {
    auto r = Push(samples);
    ASSERT_EQ(r.status, 202) << r.body;
    EXPECT_EQ(r.json()["accepted"], samples.size());
  }

  Json Alerts(int64_t device, const std::string& status = "") {
    std::string q = "/api/v1/alerts?device_id=" + std::to_string(device);
    if (!status.empty()) q += "&status=" + status;
    auto r = Api().Get(q);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["alerts"];
  }

  app::ServerConfig config_;
  std::string token_;
  int64_t customer_ = 0, other_customer_ = 0, server_ = 0, workstation_ = 0, printer_ = 0,
          other_server_ = 0;
};

TEST_P(MonitoringApiTest, CpuAlertOpensAtTheSampleCompletingFiveMinutes) {
  for (int minute = 0; minute < 5; ++minute) {
    PushOk({S(server_, "cpu.used_percent", 96)});
    EXPECT_TRUE(Alerts(server_).empty()) << "minute " << minute;
    Advance(std::chrono::seconds(60));
  }
  PushOk({S(server_, "cpu.used_percent", 96)});  // 09:05: five minutes of samples
  Json alerts = Alerts(server_, "open");
  ASSERT_EQ(alerts.size(), 1u);
  Json a = alerts[0];
  for (const char* key : {"id", "condition", "status", "opened_at", "resolved_at", "ticket_id"}) {
    EXPECT_TRUE(a.contains(key)) << key;
  }
  EXPECT_EQ(a["condition"], "cpu_high");
  EXPECT_EQ(a["status"], "open");
  EXPECT_EQ(a["opened_at"], "2026-11-23T09:05:00Z");
  EXPECT_TRUE(a["resolved_at"].is_null());
  // The service desk opened an incident ticket for it (servicedesk_api_test covers it).
  EXPECT_TRUE(a["ticket_id"].is_number_integer());
  // Whoever is on call (here the owner, as nobody else is) got an e-mail.
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM outbox_emails WHERE related_type = 'alert'"
                      " AND related_id = ? AND to_address = ?",
                      {a["id"].get<int64_t>(), kOwnerEmail}),
            1);
  // More high samples do not open a second alert.
  Advance(std::chrono::seconds(60));
  PushOk({S(server_, "cpu.used_percent", 97)});
  EXPECT_EQ(Alerts(server_).size(), 1u);
}

TEST_P(MonitoringApiTest, HysteresisThenResolution) {
  PushOk({S(server_, "memory.used_percent", 91)});
  ASSERT_EQ(Alerts(server_, "open").size(), 1u);
  Advance(std::chrono::seconds(60));
  PushOk({S(server_, "memory.used_percent", 78)});  // below 80, above the 75 clear level
  EXPECT_EQ(Alerts(server_, "open").size(), 1u);
  Advance(std::chrono::seconds(60));
  PushOk({S(server_, "memory.used_percent", 70)});
  EXPECT_TRUE(Alerts(server_, "open").empty());
  Json resolved = Alerts(server_, "resolved");
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0]["resolved_at"], "2026-11-23T09:02:00Z");
  // Full history on the alert.
  auto full = Api().Get("/api/v1/alerts/" + std::to_string(resolved[0]["id"].get<int64_t>()));
  ASSERT_EQ(full.status, 200);
  ASSERT_EQ(full.json()["events"].size(), 2u);
  EXPECT_EQ(full.json()["events"][1]["kind"], "resolved");
}

TEST_P(MonitoringApiTest, VolumesEventLogBackupUpsAndVirus) {
  Json root = {{"mount", "/"}, {"system", "true"}};
  Json data = {{"mount", "/srv"}};
  PushOk({S(server_, "volume.free_bytes", 1.5 * kGb, root),
          S(server_, "volume.free_percent", 8, data),
          S(server_, "volume.free_percent", 50, root),  // the system volume's percent: no rule
          S(server_, "event.log", 4, {{"message", "<script>alert(1)</script>"}}),
          S(server_, "backup.success", 0, {{"job", "nightly"}}), S(server_, "ups.status", 1),
          S(server_, "av.detections", 1)});
  std::set<std::string> conditions;
  for (const Json& a : Alerts(server_, "open")) conditions.insert(a["condition"]);
  EXPECT_EQ(conditions, (std::set<std::string>{"system_volume_low", "data_volume_low", "event_log",
                                               "backup_failed", "ups", "virus"}));
}

TEST_P(MonitoringApiTest, MaintenanceWindowSuppressesAndIsAudited) {
  HttpClient api = Api();
  auto w = api.Post("/api/v1/maintenance-windows", {{"customer_id", customer_},
                                                    {"device_id", server_},
                                                    {"starts_at", Now(-60)},
                                                    {"ends_at", Now(30 * 60)},
                                                    {"reason", "RAM upgrade"}});
  ASSERT_EQ(w.status, 201) << w.body;
  PushOk({S(server_, "memory.used_percent", 95), S(workstation_, "memory.used_percent", 95)});
  EXPECT_TRUE(Alerts(server_).empty());
  EXPECT_EQ(Alerts(workstation_).size(), 1u);  // the window names one device
  Advance(std::chrono::minutes(31));
  PushOk({S(server_, "memory.used_percent", 95)});
  EXPECT_EQ(Alerts(server_, "open").size(), 1u);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = ?",
                      {"maintenance_window.create"}),
            1);
  auto bad = api.Post(
      "/api/v1/maintenance-windows",
      {{"customer_id", customer_}, {"starts_at", Now()}, {"ends_at", Now(-60)}, {"reason", "x"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "ends_at");
}

TEST_P(MonitoringApiTest, OfflineDetectedByTheJobAndResolvedOnCheckIn) {
  PushOk({S(server_, "cpu.used_percent", 5)});
  Advance(std::chrono::minutes(5));
  app_->RunJobsOnceForTest();
  EXPECT_TRUE(Alerts(server_).empty()) << "five missed check-ins is not yet more than five";
  Advance(std::chrono::seconds(1));
  app_->RunJobsOnceForTest();
  Json open = Alerts(server_, "open");
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0]["condition"], "offline");
  app_->RunJobsOnceForTest();
  EXPECT_EQ(Alerts(server_).size(), 1u);
  PushOk({S(server_, "cpu.used_percent", 5)});
  EXPECT_TRUE(Alerts(server_, "open").empty());
  EXPECT_EQ(Alerts(server_, "resolved").size(), 1u);
}

TEST_P(MonitoringApiTest, MissingBackupReportOpensAnAlertByTheClock) {
  PushOk({S(server_, "backup.success", 1, {{"job", "nightly"}})});
  Advance(std::chrono::hours(26));
  app_->RunJobsOnceForTest();
  EXPECT_TRUE(Alerts(server_, "open").size() == 1u && Alerts(server_)[0]["condition"] == "offline");
  Advance(std::chrono::seconds(1));
  app_->RunJobsOnceForTest();
  std::set<std::string> open;
  for (const Json& a : Alerts(server_, "open")) open.insert(a["condition"]);
  EXPECT_EQ(open, (std::set<std::string>{"offline", "backup_failed"}));
  PushOk({S(server_, "backup.success", 1, {{"job", "nightly"}})});
  EXPECT_TRUE(Alerts(server_, "open").empty());
}

TEST_P(MonitoringApiTest, WindowStateSurvivesAServerRestart) {
  for (int minute = 0; minute < 3; ++minute) {
    PushOk({S(server_, "cpu.used_percent", 99)});
    Advance(std::chrono::seconds(60));
  }
  // A new server process on the same database, at the same fake time.
  Timestamp now = clock().Now();
  app_->Stop();
  app_.reset();
  app::ServerConfig c = config_;
  c.fake_time = now;
  auto app = app::ServerApp::Create(c);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  app_ = std::move(*app);
  ASSERT_TRUE(app_->Start().ok());
  PushOk({S(server_, "cpu.used_percent", 99)});  // 09:03
  Advance(std::chrono::seconds(60));
  PushOk({S(server_, "cpu.used_percent", 99)});  // 09:04
  EXPECT_TRUE(Alerts(server_).empty());
  Advance(std::chrono::seconds(60));
  PushOk({S(server_, "cpu.used_percent", 99)});  // 09:05
  Json open = Alerts(server_, "open");
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0]["opened_at"], "2026-11-23T09:05:00Z");
}

TEST_P(MonitoringApiTest, BadInputIsRefusedAndNothingIsStored) {
  struct Case {
    Json samples;
    int status;
    std::string field;
  };
  Json good = S(server_, "cpu.used_percent", 10);
  std::vector<Case> cases = {
      {{good, S(999999, "cpu.used_percent", 1)}, 404, "samples[1].device_id"},
      {{good, S(printer_, "cpu.used_percent", 1)}, 400, "samples[1].device_id"},
      {{good, S(server_, "cpu.used_percent", 1, Json::object(), 301)}, 400, "samples[1].ts"},
      {{good, S(server_, "cpu.used_percent", 1, Json::object(), -8 * 24 * 3600)},
       400,
       "samples[1].ts"},
      {{good, S(server_, "CPU Used", 1)}, 400, "samples[1].metric"},
      {{good, S(server_, "cpu.used_percent", 101)}, 400, "samples[1].value"},
      {{good, S(server_, "event.log", 9)}, 400, "samples[1].value"},
      {{good, S(server_, "cpu.used_percent", 1, {{"mount", 7}})}, 400, "samples[1].labels.mount"},
      {{good,
        {{"device_id", server_}, {"metric", "cpu.used_percent"}, {"ts", "noon"}, {"value", 1}}},
       400,
       "samples[1].ts"},
  };
  for (const Case& c : cases) {
    auto r = Push(c.samples);
    EXPECT_EQ(r.status, c.status) << c.samples.dump() << " " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], c.field) << r.body;
  }
  // Non-finite numbers: JSON has none, but 1e999 overflows to infinity.
  std::string inf = R"({"samples":[{"device_id":)" + std::to_string(server_) +
                    R"(,"metric":"cpu.used_percent","ts":")" + Now() + R"(","value":1e999}]})";
  auto r = Api().Send("POST", "/api/v1/ingest", inf);
  EXPECT_EQ(r.status, 400) << r.body;
  // Oversized batch.
  Json many = Json::array();
  for (int i = 0; i < 5001; ++i) many.push_back(good);
  EXPECT_EQ(Push(many).status, 413);
  EXPECT_EQ(Api().Post("/api/v1/ingest", {{"samples", 5}}).status, 400);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM metric_batches"), 0);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM device_checkins"), 0);
  // Roles: a portal user and a billing administrator may not ingest.
  AddUser("billing@msp.example", Role::kBillingAdmin);
  EXPECT_EQ(LoggedIn("billing@msp.example").Post("/api/v1/ingest", {{"samples", {good}}}).status,
            403);
  AddUser("tech@msp.example", Role::kTechnician);
  EXPECT_EQ(LoggedIn("tech@msp.example").Post("/api/v1/ingest", {{"samples", {good}}}).status, 202);
}

TEST_P(MonitoringApiTest, PoliciesPerCustomerGroupAndDevice) {
  HttpClient api = Api();
  auto customer = api.Post(
      "/api/v1/monitoring/policies",
      {{"scope", "customer"}, {"scope_id", customer_}, {"settings", {{"memory_percent", 95}}}});
  ASSERT_EQ(customer.status, 200) << customer.body;
  int64_t group =
      Id(api.Post("/api/v1/device-groups", {{"customer_id", customer_}, {"name", "SQL servers"}}));
  ASSERT_EQ(api.Post("/api/v1/device-groups/" + std::to_string(group) + "/members",
                     {{"device_id", server_}})
                .status,
            200);
  ASSERT_EQ(api.Post("/api/v1/monitoring/policies",
                     {{"scope", "group"},
                      {"scope_id", group},
                      {"settings", {{"memory_percent", 97}, {"disabled_conditions", {"ups"}}}}})
                .status,
            200);
  auto effective = api.Get("/api/v1/devices/" + std::to_string(server_) + "/policy");
  ASSERT_EQ(effective.status, 200) << effective.body;
  EXPECT_EQ(effective.json()["policy"]["memory_percent"], 97.0);
  EXPECT_EQ(effective.json()["policy"]["cpu_percent"], 90.0);
  // 96 % is below the group's 97 on the server, above the customer's 95 on the workstation.
  PushOk({S(server_, "memory.used_percent", 96), S(server_, "ups.status", 2),
          S(workstation_, "memory.used_percent", 96)});
  EXPECT_TRUE(Alerts(server_).empty());
  EXPECT_EQ(Alerts(workstation_).size(), 1u);
  auto device = api.Post(
      "/api/v1/monitoring/policies",
      {{"scope", "device"}, {"scope_id", server_}, {"settings", {{"memory_percent", 50}}}});
  ASSERT_EQ(device.status, 200);
  Advance(std::chrono::seconds(60));
  PushOk({S(server_, "memory.used_percent", 60)});
  EXPECT_EQ(Alerts(server_).size(), 1u);
  auto bad = api.Post("/api/v1/monitoring/policies",
                      {{"scope", "device"}, {"scope_id", server_}, {"settings", {{"cpu", 1}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "settings.cpu");
  EXPECT_EQ(api.Post("/api/v1/monitoring/policies",
                     {{"scope", "device"}, {"scope_id", printer_}, {"settings", Json::object()}})
                .status,
            400);
  EXPECT_EQ(
      CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = ?", {"monitoring_policy.set"}),
      3);
  auto portal_on_call = api.Post(
      "/api/v1/monitoring/policies",
      {{"scope", "global"},
       {"settings", {{"on_call_user_id", AddUser("p@acme.example", Role::kPortal, customer_)}}}});
  EXPECT_EQ(portal_on_call.status, 400);
  EXPECT_EQ(portal_on_call.json()["error"]["field"], "settings.on_call_user_id");
  EXPECT_EQ(api.Get("/api/v1/alerts?status=closed").status, 400);
  EXPECT_EQ(api.Get("/api/v1/alerts?condition=fire").status, 400);
  // Technicians may read policies but not change them.
  AddUser("tech@msp.example", Role::kTechnician);
  HttpClient tech = LoggedIn("tech@msp.example");
  EXPECT_EQ(tech.Get("/api/v1/monitoring/policies").status, 200);
  EXPECT_EQ(tech.Post("/api/v1/monitoring/policies",
                      {{"scope", "global"}, {"settings", {{"cpu_percent", 50}}}})
                .status,
            403);
  auto list = api.Get("/api/v1/monitoring/policies");
  EXPECT_EQ(list.json()["defaults"]["cpu_minutes"], 5);
  EXPECT_EQ(list.json()["policies"].size(), 3u);
}

TEST_P(MonitoringApiTest, AcknowledgeIsAuditedAndOnCallGetsTheMail) {
  HttpClient owner = Owner();
  int64_t tess = AddUser("tess@msp.example", Role::kTechnician);
  ASSERT_EQ(Api()
                .Post("/api/v1/monitoring/policies", {{"scope", "customer"},
                                                      {"scope_id", customer_},
                                                      {"settings", {{"on_call_user_id", tess}}}})
                .status,
            200);
  PushOk({S(server_, "av.detections", 2)});
  Json open = Alerts(server_, "open");
  ASSERT_EQ(open.size(), 1u);
  int64_t id = open[0]["id"];
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM outbox_emails WHERE related_id = ?"
                      " AND to_address = 'tess@msp.example'",
                      {id}),
            1);
  auto ack = owner.Post("/api/v1/alerts/" + std::to_string(id) + "/ack", Json::object());
  ASSERT_EQ(ack.status, 200) << ack.body;  // owner session
  EXPECT_FALSE(ack.json()["acknowledged_at"].is_null());
  EXPECT_EQ(ack.json()["status"], "open");
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'alert.acknowledge'"), 1);
  Advance(std::chrono::seconds(60));
  PushOk({S(server_, "av.detections", 0)});
  EXPECT_EQ(owner.Post("/api/v1/alerts/" + std::to_string(id) + "/ack", Json::object()).status,
            409);
}

TEST_P(MonitoringApiTest, MetricQueriesPickTheResolutionAndFilterLabels) {
  // Six days of hourly samples for two volumes; /data shrinks 10 GB a day.
  Json batch = Json::array();
  for (int h = 6 * 24; h >= 0; --h) {
    double free_data = 100 * kGb - 10 * kGb * (6 * 24 - h) / 24.0;
    batch.push_back(S(server_, "volume.free_bytes", free_data, {{"mount", "/data"}}, -h * 3600));
    batch.push_back(
        S(server_, "volume.free_bytes", 50 * kGb, {{"mount", "/"}, {"system", "true"}}, -h * 3600));
  }
  PushOk(batch);
  std::string base = "/api/v1/devices/" + std::to_string(server_) + "/metrics/volume.free_bytes";
  auto raw = Api().Get(base + "?mount=/data&from=" + Now(-3 * 3600));
  ASSERT_EQ(raw.status, 200) << raw.body;
  EXPECT_EQ(raw.json()["resolution"], "raw");
  ASSERT_EQ(raw.json()["series"].size(), 1u);
  EXPECT_EQ(raw.json()["series"][0]["labels"]["mount"], "/data");
  EXPECT_EQ(raw.json()["series"][0]["points"].size(), 3u);  // -3 h is inclusive, now exclusive
  auto five = Api().Get(base + "?from=" + Now(-2 * 24 * 3600));
  EXPECT_EQ(five.json()["resolution"], "5m");
  EXPECT_EQ(five.json()["series"].size(), 2u);
  auto hourly = Api().Get(base + "?label.mount=/&step=86400&from=" + Now(-6 * 24 * 3600 - 1));
  ASSERT_EQ(hourly.status, 200) << hourly.body;
  EXPECT_EQ(hourly.json()["resolution"], "1h");
  ASSERT_EQ(hourly.json()["series"].size(), 1u);
  int64_t total = 0;
  Json hourly_json = hourly.json();
  for (const Json& p : hourly_json["series"][0]["points"]) total += p["count"].get<int64_t>();
  EXPECT_EQ(total, 6 * 24) << hourly.body.substr(0, 600);
  EXPECT_EQ(Api().Get(base + "?from=yesterday").status, 400);
  EXPECT_EQ(Api().Get(base + "?from=" + Now() + "&to=" + Now(-60)).status, 400);

  auto metrics = Api().Get("/api/v1/devices/" + std::to_string(server_) + "/metrics");
  ASSERT_EQ(metrics.status, 200) << metrics.body;
  ASSERT_EQ(metrics.json()["metrics"].size(), 2u);
  EXPECT_EQ(metrics.json()["metrics"][0]["metric"], "volume.free_bytes");

  auto forecast = Api().Get("/api/v1/devices/" + std::to_string(server_) + "/forecast");
  ASSERT_EQ(forecast.status, 200) << forecast.body;
  Json forecast_json = forecast.json();
  for (const Json& v : forecast_json["volumes"]) {
    if (v["labels"]["mount"] == "/data") {
      ASSERT_TRUE(v["days_until_full"].is_number()) << v.dump();
      EXPECT_NEAR(v["days_until_full"].get<double>(), 4.0, 0.2);  // 40 GB left at 10 GB/day
    } else {
      EXPECT_TRUE(v["days_until_full"].is_null()) << v.dump();
    }
  }
  EXPECT_EQ(forecast.json()["volumes"].size(), 2u);
}

TEST_P(MonitoringApiTest, PortalUsersSeeOnlyTheirCustomersDevicesAndAlerts) {
  PushOk({S(server_, "memory.used_percent", 99), S(other_server_, "memory.used_percent", 99)});
  int64_t acme_alert = Alerts(server_)[0]["id"];
  int64_t beta_alert = Alerts(other_server_)[0]["id"];
  AddUser("portal@beta.example", Role::kPortal, other_customer_);
  HttpClient portal = LoggedIn("portal@beta.example");
  auto list = portal.Get("/api/v1/alerts");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json()["alerts"].size(), 1u);
  EXPECT_EQ(list.json()["alerts"][0]["id"], beta_alert);
  EXPECT_EQ(list.body.find("acme"), std::string::npos);
  EXPECT_EQ(portal.Get("/api/v1/alerts?device_id=" + std::to_string(server_)).status, 404);
  EXPECT_EQ(portal.Get("/api/v1/alerts/" + std::to_string(acme_alert)).status, 404);
  EXPECT_EQ(
      portal.Post("/api/v1/alerts/" + std::to_string(acme_alert) + "/ack", Json::object()).status,
      404);
  EXPECT_EQ(
      portal.Get("/api/v1/devices/" + std::to_string(server_) + "/metrics/memory.used_percent")
          .status,
      404);
  EXPECT_EQ(
      portal
          .Get("/api/v1/devices/" + std::to_string(other_server_) + "/metrics/memory.used_percent")
          .status,
      200);
  EXPECT_EQ(portal.Get("/api/v1/devices/" + std::to_string(server_) + "/forecast").status, 404);
  EXPECT_EQ(portal.Get("/api/v1/devices/" + std::to_string(server_) + "/metrics").status, 404);
  EXPECT_EQ(portal.Get("/api/v1/devices/" + std::to_string(server_) + "/monitoring").status, 404);
  auto own = portal.Get("/api/v1/devices/" + std::to_string(other_server_) + "/monitoring");
  EXPECT_EQ(own.status, 200);
  EXPECT_EQ(own.json()["open_alerts"], 1);
  EXPECT_EQ(
      portal.Post("/api/v1/alerts/" + std::to_string(beta_alert) + "/ack", Json::object()).status,
      403);
  EXPECT_EQ(portal.Post("/api/v1/ingest", {{"samples", Json::array()}}).status, 403);
  EXPECT_EQ(
      portal.Get("/api/v1/maintenance-windows?customer_id=" + std::to_string(customer_)).status,
      404);
}

STEWARD_INSTANTIATE_SERVER_TEST(MonitoringApiTest);

}  // namespace
}  // namespace steward::testing
