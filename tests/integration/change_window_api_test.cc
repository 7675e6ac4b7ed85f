// Change windows over real HTTP (issue 14 item 5), on SQLite and
// PostgreSQL: a customer on New York time gets a Saturday-night window; a
// device reads it as its customer's, then its group's Patch Tuesday window,
// then its own, and the customer's again once its own is removed; the open
// or next occurrence is in UTC from the customer's local rule; bad windows
// are 400s naming the field that write nothing; a portal user of another
// customer sees none of it and nobody outside staff writes.
#include "server_fixture.h"

namespace steward::testing {
namespace {

using accounts::Role;

class ChangeWindowApiTest : public ServerTest {
 protected:
  int64_t Id(const HttpResult& r) {
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }
  static std::string DevicePath(int64_t device, const std::string& at = "") {
    return "/api/v1/devices/" + std::to_string(device) + "/change-windows" +
           (at.empty() ? "" : "?at=" + at);
  }
};

TEST_P(ChangeWindowApiTest, ADeviceTakesTheMostSpecificWindowsInItsCustomersTimeZone) {
  HttpClient owner = Owner();
  const int64_t acme = Id(owner.Post("/api/v1/customers", {{"name", "Acme"}}));
  const int64_t beta = Id(owner.Post("/api/v1/customers", {{"name", "Beta"}}));
  const int64_t calendar = Id(owner.Post(
      "/api/v1/calendars", {{"name", "New York office"},
                            {"time_zone", "America/New_York"},
                            {"hours", Json::parse(R"({"mon": [["09:00", "17:00"]]})")}}));
  ASSERT_EQ(
      owner.Patch("/api/v1/customers/" + std::to_string(acme), {{"calendar_id", calendar}}).status,
      200);
  const int64_t web01 =
      Id(owner.Post("/api/v1/cis", {{"customer_id", acme}, {"kind", "server"}, {"name", "web01"}}));

  // No window anywhere: changes are not restricted.
  auto r = owner.Get(DevicePath(web01));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["level"].is_null());
  EXPECT_TRUE(r.json()["next"].is_null());
  EXPECT_EQ(r.json()["in_window"], false);

  // Saturdays 22:00 New York time for 4 hours: 03:00-07:00 UTC on Sunday.
  auto created = owner.Post("/api/v1/change-windows", {{"customer_id", acme},
                                                       {"name", " Saturday night "},
                                                       {"rrule", "freq=weekly;byday=sa"},
                                                       {"start", "2026-11-28T22:00"},
                                                       {"duration_minutes", 240}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["rrule"], "FREQ=WEEKLY;BYDAY=SA");
  EXPECT_EQ(created.json()["name"], "Saturday night");
  EXPECT_EQ(created.json()["level"], "customer");
  r = owner.Get(DevicePath(web01, "2026-11-28T12:00:00Z"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["level"], "customer");
  EXPECT_EQ(r.json()["time_zone"], "America/New_York");
  EXPECT_EQ(r.json()["in_window"], false);
  EXPECT_EQ(r.json()["next"]["start"], "2026-11-29T03:00:00Z") << r.body;
  EXPECT_EQ(r.json()["next"]["end"], "2026-11-29T07:00:00Z");
  r = owner.Get(DevicePath(web01, "2026-11-29T04:00:00Z"));
  EXPECT_EQ(r.json()["in_window"], true) << r.body;

  // Its group's Patch Tuesday window replaces the customer's.
  const int64_t group =
      Id(owner.Post("/api/v1/device-groups", {{"customer_id", acme}, {"name", "Web servers"}}));
  ASSERT_EQ(owner
                .Post("/api/v1/device-groups/" + std::to_string(group) + "/members",
                      {{"device_id", web01}})
                .status,
            200);
  Id(owner.Post("/api/v1/change-windows", {{"group_id", group},
                                           {"name", "Patch Tuesday"},
                                           {"rrule", "FREQ=MONTHLY;BYDAY=2TU"},
                                           {"start", "2026-12-01T20:00"},
                                           {"duration_minutes", 180}}));
  r = owner.Get(DevicePath(web01, "2026-12-01T00:00:00Z"));
  EXPECT_EQ(r.json()["level"], "group");
  EXPECT_EQ(r.json()["windows"].size(), 1u);
  EXPECT_EQ(r.json()["next"]["start"], "2026-12-09T01:00:00Z") << r.body;

  // Its own window replaces both; removed, the group's applies again.
  const int64_t own = Id(owner.Post("/api/v1/change-windows", {{"device_id", web01},
                                                               {"name", "Nightly"},
                                                               {"rrule", "FREQ=DAILY"},
                                                               {"start", "2026-12-01T01:00"},
                                                               {"duration_minutes", 60}}));
  EXPECT_EQ(owner.Get(DevicePath(web01)).json()["level"], "device");
  auto listed = owner.Get("/api/v1/customers/" + std::to_string(acme) + "/change-windows");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json()["time_zone"], "America/New_York");
  ASSERT_EQ(listed.json()["windows"].size(), 3u);
  EXPECT_EQ(listed.json()["windows"][0]["level"], "customer");
  EXPECT_EQ(listed.json()["windows"][2]["level"], "device");

  // Refused, naming the field, with nothing written.
  AddUser("tech@msp.example", Role::kTechnician);
  AddUser("bo@beta.example", Role::kPortal, beta);
  HttpClient tech = LoggedIn("tech@msp.example");
  HttpClient beta_portal = LoggedIn("bo@beta.example");
  const int64_t windows_before = CountRows("SELECT COUNT(*) AS n FROM change_windows");
  const int64_t audit_before = CountRows("SELECT COUNT(*) AS n FROM audit_log");
  const Json good = {{"customer_id", acme},
                     {"name", "x"},
                     {"rrule", "FREQ=WEEKLY;BYDAY=SU"},
                     {"start", "2026-11-29T22:00"},
                     {"duration_minutes", 60}};
  auto refused = [&](Json patch, const std::string& field) {
    Json body = good;
    body.merge_patch(patch);
    auto res = owner.Post("/api/v1/change-windows", body);
    EXPECT_EQ(res.status, 400) << patch.dump() << " " << res.body;
    EXPECT_EQ(res.json()["error"].value("field", ""), field) << patch.dump() << " " << res.body;
  };
  refused({{"rrule", "FREQ=YEARLY"}}, "rrule");
  refused({{"rrule", "FREQ=WEEKLY;BYDAY=SA;UNTIL=20261101"}}, "rrule");  // over before it starts
  refused({{"rrule", "FREQ=WEEKLY;BYDAY=SA;UNTIL=20261121"}, {"start", "2026-11-01T22:00"}},
          "rrule");  // all in the past
  refused({{"start", "2026-02-30T22:00"}}, "start");
  refused({{"duration_minutes", 10}}, "duration_minutes");
  refused({{"duration_minutes", 1441}}, "duration_minutes");
  refused({{"group_id", group}}, "customer_id");  // two targets
  refused({{"name", ""}}, "name");
  refused({{"when", "always"}}, "when");
  auto missing = owner.Post("/api/v1/change-windows", {{"name", "x"},
                                                       {"rrule", "FREQ=DAILY"},
                                                       {"start", "2026-11-29T22:00"},
                                                       {"duration_minutes", 60}});
  EXPECT_EQ(missing.status, 400) << missing.body;
  Json unknown = good;
  unknown["customer_id"] = 999999;
  EXPECT_EQ(owner.Post("/api/v1/change-windows", unknown).status, 404);
  EXPECT_EQ(tech.Post("/api/v1/change-windows", good).status, 403);
  EXPECT_EQ(beta_portal.Post("/api/v1/change-windows", good).status, 403);
  EXPECT_EQ(beta_portal.Get(DevicePath(web01)).status, 404);
  EXPECT_EQ(beta_portal.Get("/api/v1/customers/" + std::to_string(acme) + "/change-windows").status,
            404);
  EXPECT_EQ(
      beta_portal.Send("DELETE", "/api/v1/change-windows/" + std::to_string(own), "", "").status,
      404);  // another customer's window does not exist for Beta
  EXPECT_EQ(tech.Get(DevicePath(web01)).status, 200);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM change_windows"), windows_before);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log"), audit_before);

  auto removed = owner.Send("DELETE", "/api/v1/change-windows/" + std::to_string(own), "", "");
  EXPECT_EQ(removed.status, 204) << removed.body;
  EXPECT_EQ(owner.Get(DevicePath(web01)).json()["level"], "group");
  EXPECT_EQ(owner.Send("DELETE", "/api/v1/change-windows/" + std::to_string(own), "", "").status,
            404);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'change_window.%'"),
            4);
}

STEWARD_INSTANTIATE_SERVER_TEST(ChangeWindowApiTest);

}  // namespace
}  // namespace steward::testing
