// The customer data repository over real HTTP: the acceptance interface
// (customers, CIs, history, search), tenant isolation for portal users (404
// for another customer's objects, never their rows in lists), role checks
// (403 within reach, 404 outside), documents and CSV.
#include <set>

#include "core/crypto.h"
#include "server_fixture.h"

namespace steward::testing {
namespace {

using accounts::Role;

std::string UrlEncode(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string Path(const std::string& base, int64_t id, const std::string& rest = "") {
  return base + "/" + std::to_string(id) + rest;
}

class CmdbApiTest : public ServerTest {
 protected:
  // One customer's worth of objects, created by the owner over HTTP.
  struct Book {
    int64_t customer = 0, site = 0, contact = 0, ci = 0, host = 0, relation = 0, document = 0;
  };

  int64_t Created(const HttpResult& r) {
    EXPECT_EQ(r.status, 201) << r.body;
    Json j = r.json();
    return j.is_object() && j.contains("id") ? j["id"].get<int64_t>() : 0;
  }

  Book Seed(HttpClient& owner, const std::string& name, const std::string& tag) {
    Book b;
    b.customer = Created(owner.Post("/api/v1/customers", {{"name", name}, {"notes", "common"}}));
    b.site = Created(owner.Post("/api/v1/sites", {{"customer_id", b.customer}, {"name", "HQ"}}));
    b.contact = Created(
        owner.Post("/api/v1/contacts",
                   {{"customer_id", b.customer}, {"name", tag + " contact"}, {"notes", "common"}}));
    b.ci = Created(owner.Post("/api/v1/cis", {{"customer_id", b.customer},
                                              {"kind", "server"},
                                              {"name", tag + "-srv"},
                                              {"notes", "common"}}));
    b.host = Created(owner.Post(
        "/api/v1/cis", {{"customer_id", b.customer}, {"kind", "server"}, {"name", tag + "-host"}}));
    b.relation = Created(owner.Post(Path("/api/v1/cis", b.ci, "/relations"),
                                    {{"to_ci_id", b.host}, {"kind", "runs_on"}}));
    b.document = Created(owner.Send("POST",
                                    "/api/v1/documents?customer_id=" + std::to_string(b.customer) +
                                        "&kind=sla&file_name=" + tag + "-sla.txt",
                                    "common service levels", "text/plain"));
    return b;
  }

  HttpClient As(const std::string& email, Role role,
                std::optional<int64_t> customer = std::nullopt) {
    AddUser(email, role, customer);
    return LoggedIn(email);
  }

  // "RFC-<id>" of an approved (standard, so pre-authorised) change on `ci`.
  std::string ApprovedChange(HttpClient& owner, int64_t customer, int64_t ci) {
    const int64_t id =
        Created(owner.Post("/api/v1/changes", {{"customer_id", customer},
                                               {"title", "Server rebuild"},
                                               {"type", "standard"},
                                               {"description", "Rebuild"},
                                               {"reason", "End of life"},
                                               {"components", "OS"},
                                               {"ci_ids", {ci}},
                                               {"risk", "low"},
                                               {"impact", "low"},
                                               {"backout_plan", "Restore the image"},
                                               {"test_plan", "Lab"},
                                               {"cost_estimate_cents", 0},
                                               {"planned_start", "2026-11-28T22:00:00Z"},
                                               {"planned_end", "2026-11-28T23:00:00Z"}}));
    auto r = owner.Patch("/api/v1/changes/" + std::to_string(id), {{"status", "submitted"}});
    EXPECT_EQ(r.json().value("status", ""), "approved") << r.body;
    return "RFC-" + std::to_string(id);
  }
};

TEST_P(CmdbApiTest, AcceptanceInterface) {
  HttpClient owner = Owner();
  auto customer = owner.Post("/api/v1/customers", {{"name", "Harbor & Vale Law LLP"}});
  ASSERT_EQ(customer.status, 201) << customer.body;
  int64_t customer_id = customer.json()["id"];
  auto got = owner.Get(Path("/api/v1/customers", customer_id));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json()["name"], "Harbor & Vale Law LLP");
  EXPECT_EQ(got.json()["status"], "active");

  auto ci = owner.Post("/api/v1/cis", {{"customer_id", customer_id},
                                       {"kind", "server"},
                                       {"name", "HVL-DC01"},
                                       {"serial_number", "7XK2M93"},
                                       {"make", "Dell"},
                                       {"model", "PowerEdge R650"}});
  ASSERT_EQ(ci.status, 201) << ci.body;
  int64_t ci_id = ci.json()["id"];
  EXPECT_EQ(ci.json()["serial_number"], "7XK2M93");
  EXPECT_EQ(ci.json()["criticality"], "medium");
  EXPECT_EQ(ci.json()["installed_software"], Json::array());

  auto read = owner.Get(Path("/api/v1/cis", ci_id));
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json()["make"], "Dell");
  EXPECT_EQ(read.json()["model"], "PowerEdge R650");
  EXPECT_EQ(read.json()["customer_id"], customer_id);

  // A CI changes under a real, approved change; a made-up one is refused.
  auto made_up = owner.Patch(Path("/api/v1/cis", ci_id),
                             {{"os_name", "Windows Server 2022"}, {"rfc_ref", "RFC-1001"}});
  EXPECT_EQ(made_up.status, 400) << made_up.body;
  EXPECT_EQ(made_up.json()["error"]["field"], "rfc_ref");
  const std::string rfc = ApprovedChange(owner, customer_id, ci_id);
  auto patched = owner.Patch(Path("/api/v1/cis", ci_id),
                             {{"os_name", "Windows Server 2022"}, {"rfc_ref", rfc}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json()["os_name"], "Windows Server 2022");

  auto history = owner.Get(Path("/api/v1/cis", ci_id, "/history"));
  ASSERT_EQ(history.status, 200) << history.body;
  Json h = history.json()["history"];
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0]["field"], "os_name");
  EXPECT_TRUE(h[0]["old_value"].is_null());
  EXPECT_EQ(h[0]["new_value"], "Windows Server 2022");
  EXPECT_EQ(h[0]["rfc_ref"], rfc);
  EXPECT_EQ("RFC-" + std::to_string(h[0]["rfc_id"].get<int64_t>()), rfc);
  EXPECT_EQ(h[0]["at"], kStartTime);
  EXPECT_NE(h[0]["actor"].get<std::string>().find(kOwnerEmail), std::string::npos);
  EXPECT_EQ(h[1]["field"], "created");

  auto search = owner.Get("/api/v1/search?q=7XK2");
  ASSERT_EQ(search.status, 200) << search.body;
  ASSERT_EQ(search.json()["results"].size(), 1u);
  EXPECT_EQ(search.json()["results"][0]["type"], "ci");
  EXPECT_EQ(search.json()["results"][0]["id"], ci_id);
  auto by_name = owner.Get("/api/v1/search?q=" + UrlEncode("harbor vale"));
  ASSERT_EQ(by_name.status, 200);
  EXPECT_EQ(by_name.json()["results"][0]["type"], "customer");
  auto empty = owner.Get("/api/v1/search?q=" + UrlEncode("!!"));
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(empty.json()["error"]["field"], "q");
}

TEST_P(CmdbApiTest, InvalidInputIsA400NamingTheFieldAndStoresNothing) {
  HttpClient owner = Owner();
  int64_t c = Created(owner.Post("/api/v1/customers", {{"name", "Alpha"}}));
  struct Case {
    Json body;
    std::string field;
  } cases[] = {
      {{{"customer_id", c}, {"kind", "toaster"}, {"name", "x"}}, "kind"},
      {{{"customer_id", c}, {"kind", "server"}, {"name", "x"}, {"colour", "red"}}, "colour"},
      {{{"customer_id", c}, {"kind", "server"}, {"name", "x"}, {"warranty_expires", "2027-02-30"}},
       "warranty_expires"},
      {{{"customer_id", c}, {"kind", "server"}}, "name"},
  };
  for (const auto& tc : cases) {
    auto r = owner.Post("/api/v1/cis", tc.body);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json()["error"]["field"], tc.field) << r.body;
  }
  auto dup = owner.Post("/api/v1/customers", {{"name", "ALPHA"}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.json()["error"]["field"], "name");
  EXPECT_EQ(owner.Get("/api/v1/cis").json()["total"], 0);
}

TEST_P(CmdbApiTest, PortalUsersSeeOnlyTheirOwnCustomer) {
  HttpClient owner = Owner();
  Book a = Seed(owner, "Alpha Widgets", "alpha");
  Book b = Seed(owner, "Bravo Logistics", "bravo");
  HttpClient portal = As("contact@alpha.example", Role::kPortal, a.customer);

  // Reads of the other customer's objects: 404, as for objects that do not exist.
  for (const std::string& path :
       {Path("/api/v1/customers", b.customer), Path("/api/v1/customers", b.customer, "/sites"),
        Path("/api/v1/sites", b.site), Path("/api/v1/contacts", b.contact),
        Path("/api/v1/cis", b.ci), Path("/api/v1/cis", b.ci, "/history"),
        Path("/api/v1/cis", b.ci, "/relations"), Path("/api/v1/documents", b.document),
        Path("/api/v1/documents", b.document, "/content"), Path("/api/v1/cis", 987654),
        "/api/v1/cis?customer_id=" + std::to_string(b.customer),
        "/api/v1/documents?customer_id=" + std::to_string(b.customer)}) {
    auto r = portal.Get(path);
    EXPECT_EQ(r.status, 404) << path << ": " << r.body;
    EXPECT_EQ(r.body.find("bravo"), std::string::npos) << path;
  }
  // The same reads of their own objects work.
  for (const std::string& path :
       {Path("/api/v1/customers", a.customer), Path("/api/v1/sites", a.site),
        Path("/api/v1/contacts", a.contact), Path("/api/v1/cis", a.ci),
        Path("/api/v1/cis", a.ci, "/history"), Path("/api/v1/cis", a.ci, "/relations"),
        Path("/api/v1/documents", a.document), Path("/api/v1/documents", a.document, "/content")}) {
    EXPECT_EQ(portal.Get(path).status, 200) << path;
  }

  // Lists and search hold none of Bravo's rows.
  for (const auto& [path, key] :
       std::vector<std::pair<std::string, std::string>>{{"/api/v1/customers", "customers"},
                                                        {"/api/v1/sites", "sites"},
                                                        {"/api/v1/contacts", "contacts"},
                                                        {"/api/v1/cis", "cis"},
                                                        {"/api/v1/documents", "documents"}}) {
    auto r = portal.Get(path);
    ASSERT_EQ(r.status, 200) << path;
    ASSERT_FALSE(r.json()[key].empty()) << path;
    Json items = r.json()[key];  // a copy: r.json() is a temporary
    for (const auto& item : items) {
      EXPECT_EQ(item[key == "customers" ? "id" : "customer_id"], a.customer) << path;
    }
  }
  auto search = portal.Get("/api/v1/search?q=common");
  ASSERT_EQ(search.status, 200);
  EXPECT_EQ(search.json()["results"].size(), 4u);
  Json hits = search.json()["results"];
  for (const auto& hit : hits) EXPECT_EQ(hit["customer_id"], a.customer);
  EXPECT_EQ(owner.Get("/api/v1/search?q=common").json()["results"].size(), 8u);

  // Writes: within reach the role says no (403); outside it the object does
  // not exist (404), so ids cannot be probed.
  EXPECT_EQ(portal.Patch(Path("/api/v1/cis", a.ci), {{"name", "x"}}).status, 403);
  EXPECT_EQ(portal.Patch(Path("/api/v1/cis", b.ci), {{"name", "x"}}).status, 404);
  EXPECT_EQ(portal.Delete(Path("/api/v1/documents", a.document)).status, 403);
  EXPECT_EQ(portal.Delete(Path("/api/v1/documents", b.document)).status, 404);
  EXPECT_EQ(
      portal.Delete(Path("/api/v1/cis", b.ci, "/relations/" + std::to_string(b.relation))).status,
      404);
  EXPECT_EQ(
      portal.Post("/api/v1/cis", {{"customer_id", a.customer}, {"kind", "server"}, {"name", "x"}})
          .status,
      403);
  EXPECT_EQ(portal.Get("/api/v1/staff").status, 403);
  EXPECT_EQ(portal.Get("/api/v1/cis/export.csv").status, 403);
  EXPECT_EQ(owner.Get(Path("/api/v1/cis", b.ci)).json()["name"], "bravo-srv");
}

TEST_P(CmdbApiTest, RolesWithoutTheRightGet403AndTheOthersSucceed) {
  HttpClient owner = Owner();
  Book a = Seed(owner, "Alpha Widgets", "alpha");
  HttpClient billing = As("billing@msp.example", Role::kBillingAdmin);
  HttpClient tech = As("tech@msp.example", Role::kTechnician);
  HttpClient change = As("change@msp.example", Role::kChangeManager);
  HttpClient account = As("account@msp.example", Role::kAccountManager);
  std::string upload =
      "/api/v1/documents?customer_id=" + std::to_string(a.customer) + "&kind=sow&file_name=sow.pdf";
  std::string import = "/api/v1/cis/import?customer_id=" + std::to_string(a.customer);

  // Refused.
  EXPECT_EQ(billing.Patch(Path("/api/v1/cis", a.ci), {{"name", "x"}}).status, 403);
  EXPECT_EQ(
      billing.Post("/api/v1/cis", {{"customer_id", a.customer}, {"kind", "server"}, {"name", "x"}})
          .status,
      403);
  EXPECT_EQ(tech.Post("/api/v1/customers", {{"name", "Tech Co"}}).status, 403);
  EXPECT_EQ(tech.Patch(Path("/api/v1/customers", a.customer), {{"notes", "x"}}).status, 403);
  EXPECT_EQ(change.Post("/api/v1/sites", {{"customer_id", a.customer}, {"name", "x"}}).status, 403);
  EXPECT_EQ(tech.Send("POST", upload, "%PDF", "application/pdf").status, 403);
  EXPECT_EQ(account
                .Post(Path("/api/v1/cis", a.host, "/relations"),
                      {{"to_ci_id", a.ci}, {"kind", "depends_on"}})
                .status,
            403);
  EXPECT_EQ(account.Send("POST", import, "kind,name\nserver,x\n", "text/csv").status, 403);
  EXPECT_EQ(billing.Delete(Path("/api/v1/cis", a.ci)).status, 403);

  // Allowed.
  EXPECT_EQ(change.Patch(Path("/api/v1/cis", a.ci), {{"max_downtime_minutes", 240}}).status, 200);
  // A CI's change window is a recurring rule now, not free text.
  auto free_text = change.Patch(Path("/api/v1/cis", a.ci), {{"change_window", "Sat 22:00-02:00"}});
  EXPECT_EQ(free_text.status, 400) << free_text.body;
  EXPECT_EQ(free_text.json()["error"]["field"], "change_window");
  EXPECT_EQ(tech.Post("/api/v1/sites", {{"customer_id", a.customer}, {"name", "Annex"}}).status,
            201);
  EXPECT_EQ(billing.Send("POST", upload, "%PDF", "application/pdf").status, 201);
  EXPECT_EQ(account.Post("/api/v1/customers", {{"name", "Account Co"}}).status, 201);
  EXPECT_EQ(tech.Get("/api/v1/staff").status, 200);
  EXPECT_EQ(billing.Get("/api/v1/cis/export.csv").status, 200);
  EXPECT_EQ(tech.Send("POST", import, "kind,name\nserver,imported\n", "text/csv").status, 200);
  EXPECT_EQ(tech.Delete(Path("/api/v1/cis", a.host)).status, 204);
  EXPECT_EQ(owner.Get(Path("/api/v1/cis", a.host)).json()["status"], "retired");
}

TEST_P(CmdbApiTest, DocumentsUploadDownloadAndRefuseTraversal) {
  HttpClient owner = Owner();
  int64_t c = Created(owner.Post("/api/v1/customers", {{"name", "Alpha"}}));
  std::string base = "/api/v1/documents?customer_id=" + std::to_string(c) + "&kind=dr_plan";
  // Bigger than the default body limit: the route raises it for files.
  std::string bytes(1024 * 1024, 'x');
  bytes.replace(0, 8, "%PDF-1.7");
  auto up = owner.Send("POST",
                       base + "&title=" + UrlEncode("DR plan 2026") +
                           "&file_name=" + UrlEncode("DR plan \"final\".pdf"),
                       bytes, "application/pdf");
  ASSERT_EQ(up.status, 201) << up.body;
  int64_t id = up.json()["id"];
  EXPECT_EQ(up.json()["sha256"], Sha256Hex(bytes));
  EXPECT_EQ(up.json()["size_bytes"], bytes.size());
  EXPECT_EQ(up.json()["title"], "DR plan 2026");

  auto down = owner.Get(Path("/api/v1/documents", id, "/content"));
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.body, bytes);
  EXPECT_EQ(down.Header("Content-Type"), "application/pdf");
  auto disposition = down.Header("Content-Disposition");
  ASSERT_TRUE(disposition);
  EXPECT_EQ(disposition->rfind("attachment; filename=\"DR plan _final_.pdf\"", 0), 0u)
      << *disposition;
  EXPECT_EQ(down.Header("X-Content-Type-Options"), "nosniff");

  // A page uploaded as a document is never served as one.
  auto html =
      owner.Send("POST", base + "&file_name=page.html", "<script>alert(1)</script>", "text/html");
  ASSERT_EQ(html.status, 201);
  EXPECT_EQ(owner.Get(Path("/api/v1/documents", html.json()["id"].get<int64_t>(), "/content"))
                .Header("Content-Type"),
            "application/octet-stream");

  for (const char* evil : {"../../etc/passwd", "..", "a/b.pdf", "..\\..\\x.pdf"}) {
    auto r = owner.Send("POST", base + "&file_name=" + UrlEncode(evil), "x", "text/plain");
    EXPECT_EQ(r.status, 400) << evil;
    EXPECT_EQ(r.json()["error"]["field"], "file_name") << evil;
  }
  // Only the upload and import routes take big bodies. (A 20 MiB request over
  // loopback would be refused after its headers, but the client's write then
  // races the server's close, so the limits are checked in the route table.)
  EXPECT_EQ(app_->api().BodyLimit("POST", "/api/v1/documents"), 20u * 1024 * 1024);
  EXPECT_EQ(app_->api().BodyLimit("POST", "/api/v1/cis/import"), 5u * 1024 * 1024);
  EXPECT_LE(app_->api().BodyLimit("POST", "/api/v1/customers"), 64u * 1024);
  auto list = owner.Get("/api/v1/documents?customer_id=" + std::to_string(c));
  EXPECT_EQ(list.json()["total"], 2);

  EXPECT_EQ(owner.Delete(Path("/api/v1/documents", id)).status, 204);
  EXPECT_EQ(owner.Get(Path("/api/v1/documents", id)).status, 404);
}

TEST_P(CmdbApiTest, CsvImportReportsRowsAndExportIsSafeCsv) {
  HttpClient owner = Owner();
  int64_t c = Created(owner.Post("/api/v1/customers", {{"name", "Alpha"}}));
  std::string csv =
      "kind,name,serial_number,criticality\r\n"
      "server,=cmd|' /C calc'!A0,SN-1,high\r\n"
      "laptop,LT-1,SN-2,urgent\r\n"
      "laptop,LT-2,SN-3,\r\n";
  const std::string rfc = ApprovedChange(
      owner, c,
      Created(owner.Post("/api/v1/cis", {{"customer_id", c}, {"kind", "server"}, {"name", "S"}})));
  auto imported =
      owner.Send("POST", "/api/v1/cis/import?customer_id=" + std::to_string(c) + "&rfc_ref=" + rfc,
                 csv, "text/csv");
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(imported.json()["created"], 2);
  EXPECT_EQ(imported.json()["updated"], 0);
  ASSERT_EQ(imported.json()["errors"].size(), 1u);
  EXPECT_EQ(imported.json()["errors"][0]["row"], 3);
  EXPECT_EQ(imported.json()["errors"][0]["field"], "criticality");

  auto exported = owner.Get("/api/v1/cis/export.csv?customer_id=" + std::to_string(c));
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(exported.Header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_NE(exported.Header("Content-Disposition")->find("attachment"), std::string::npos);
  EXPECT_EQ(exported.body.rfind("id,customer_id,", 0), 0u);
  EXPECT_NE(exported.body.find(",'=cmd|' /C calc'!A0,"), std::string::npos) << exported.body;

  auto broken = owner.Send("POST", "/api/v1/cis/import?customer_id=" + std::to_string(c),
                           "kind,name\nserver,\"open", "text/csv");
  EXPECT_EQ(broken.status, 400);
  auto no_customer = owner.Send("POST", "/api/v1/cis/import", "kind,name\n", "text/csv");
  EXPECT_EQ(no_customer.status, 400);
  EXPECT_EQ(no_customer.json()["error"]["field"], "customer_id");
}

TEST_P(CmdbApiTest, StaffDirectoryListsStaffWithTheirCis) {
  HttpClient owner = Owner();
  int64_t tech_id = AddUser("tech@msp.example", Role::kTechnician);
  int64_t c = Created(owner.Post("/api/v1/customers", {{"name", "Alpha"}}));
  int64_t ci = Created(owner.Post("/api/v1/cis", {{"customer_id", c},
                                                  {"kind", "switch"},
                                                  {"name", "SW01"},
                                                  {"responsible_user_id", tech_id}}));
  auto staff = owner.Get("/api/v1/staff");
  ASSERT_EQ(staff.status, 200);
  std::set<std::string> emails;
  Json members = staff.json()["staff"];
  for (const auto& s : members) emails.insert(s["email"].get<std::string>());
  EXPECT_EQ(emails, (std::set<std::string>{kOwnerEmail, "tech@msp.example"}));
  auto tech = owner.Get(Path("/api/v1/staff", tech_id));
  ASSERT_EQ(tech.status, 200);
  ASSERT_EQ(tech.json()["cis"].size(), 1u);
  EXPECT_EQ(tech.json()["cis"][0]["id"], ci);
  EXPECT_EQ(owner.Get(Path("/api/v1/staff", 987654)).status, 404);
}

STEWARD_INSTANTIATE_SERVER_TEST(CmdbApiTest);

}  // namespace
}  // namespace steward::testing
