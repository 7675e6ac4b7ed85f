// CIs: every field round-trips, field-level history with RFC references,
// reference checks, and failed writes that leave nothing behind.
#include <map>

#include <gtest/gtest.h>

#include "server/cmdb/cmdb_service.h"
#include "server/cmdb/cmdb_test_support.h"

namespace steward::cmdb {
namespace {

using testing::CmdbTest;

// Fails every statement whose SQL contains `needle`, like a disk that fills
// up at exactly that write (leveldb's ErrorEnv idea).
class FailingConnection final : public storage::Connection {
 public:
  FailingConnection(storage::Connection& inner, std::string needle)
      : inner_(inner), needle_(std::move(needle)) {}
  storage::Dialect dialect() const override { return inner_.dialect(); }
  Result<storage::Rows> Query(std::string_view sql, const storage::Params& params) override {
    if (sql.find(needle_) != std::string_view::npos) return Status::Unavailable("injected");
    return inner_.Query(sql, params);
  }
  Result<int64_t> Execute(std::string_view sql, const storage::Params& params) override {
    if (sql.find(needle_) != std::string_view::npos) return Status::Unavailable("injected");
    return inner_.Execute(sql, params);
  }
  Status ExecuteScript(std::string_view sql) override { return inner_.ExecuteScript(sql); }

 private:
  storage::Connection& inner_;
  std::string needle_;
};

class FailingDatabase final : public storage::Database {
 public:
  FailingDatabase(storage::Database& inner, std::string needle)
      : inner_(inner), needle_(std::move(needle)) {}
  storage::Dialect dialect() const override { return inner_.dialect(); }
  Status Transact(const std::function<Status(storage::Connection&)>& fn) override {
    return inner_.Transact([&](storage::Connection& c) {
      FailingConnection failing(c, needle_);
      return fn(failing);
    });
  }
  Status Read(const std::function<Status(storage::Connection&)>& fn) override {
    return inner_.Read(fn);
  }
  std::string Describe() const override { return "failing"; }

 private:
  storage::Database& inner_;
  std::string needle_;
};

class CiServiceTest : public CmdbTest {
 protected:
  Json History(int64_t ci) {
    auto h = cmdb_->CiHistory(owner_, ci);
    EXPECT_TRUE(h.ok()) << h.status().ToString();
    return h.ok() ? (*h)["history"] : Json::array();
  }
};

TEST_P(CiServiceTest, EveryFieldRoundTrips) {
  int64_t c = NewCustomer("Harbor & Vale");
  int64_t site = NewSite(c, "Main office");
  int64_t tech = AddUser("tech@msp.example", accounts::Role::kTechnician);
  Json body = {
      {"customer_id", c},
      {"site_id", site},
      {"kind", "server"},
      {"name", "HVL-HV01"},
      {"serial_number", "7XK2M93"},
      {"make", "Dell"},
      {"model", "PowerEdge R650"},
      {"hardware", {{"cpu", "2x Xeon 4314"}, {"ram_gb", 256}, {"disks", {"4x 1.92 TB SSD"}}}},
      {"os_name", "VMware ESXi"},
      {"os_version", "8.0 U2"},
      {"software_config", "vSAN off\nHA on"},
      {"installed_software", {{{"name", "Veeam Agent"}, {"version", "6.1"}}}},
      {"warranty_vendor", "Dell ProSupport"},
      {"warranty_expires", "2028-06-30"},
      {"licences", "vSphere Standard, 2 CPUs"},
      {"migration_date", "2024-03-01"},
      {"criticality", "critical"},
      {"max_downtime_minutes", 60},
      {"responsible_user_id", tech},
      {"status", "active"},
      {"notes", "Primary virtualisation host."},
  };
  auto created = cmdb_->CreateCi(AsOwner(), body);
  CMDB_ASSERT_OK(created);
  int64_t id = (*created)["id"];
  auto got = cmdb_->GetCi(owner_, id);
  CMDB_ASSERT_OK(got);
  for (auto it = body.begin(); it != body.end(); ++it) {
    EXPECT_EQ((*got)[it.key()], it.value()) << it.key();
  }
  EXPECT_EQ((*got)["installed_software"][0]["name"], "Veeam Agent");
  EXPECT_EQ((*got)["created_at"], "2026-11-18T11:06:40Z");
  EXPECT_EQ(AuditCount("ci.create"), 1);
}

TEST_P(CiServiceTest, CreationAndEachChangedFieldAreInTheHistory) {
  int64_t c = NewCustomer("Brightsmile");
  auto created = cmdb_->CreateCi(AsOwner(), {{"customer_id", c},
                                             {"kind", "server"},
                                             {"name", "BSD-SRV01"},
                                             {"os_version", "21H2"},
                                             {"hardware", {{"ram_gb", 64}}}});
  CMDB_ASSERT_OK(created);
  int64_t id = (*created)["id"];
  Json h = History(id);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0]["field"], "created");
  EXPECT_TRUE(h[0]["old_value"].is_null());
  EXPECT_NE(h[0]["new_value"].get<std::string>().find("BSD-SRV01"), std::string::npos);

  clock_.Advance(std::chrono::minutes(5));
  int64_t tech = AddUser("tech@msp.example", accounts::Role::kTechnician);
  accounts::Principal technician = StaffPrincipal(tech, accounts::Role::kTechnician);
  const std::string rfc = NewChange(c);
  auto updated = cmdb_->UpdateCi(As(technician), id,
                                 {{"os_version", "21H2 (20348.2762)"},
                                  {"hardware", {{"ram_gb", 128}}},
                                  {"name", "BSD-SRV01"},  // unchanged: no entry
                                  {"rfc_ref", rfc}});
  CMDB_ASSERT_OK(updated);
  EXPECT_EQ((*updated)["hardware"]["ram_gb"], 128);
  EXPECT_EQ((*updated)["updated_at"], "2026-11-18T11:11:40Z");

  h = History(id);
  ASSERT_EQ(h.size(), 3u);  // newest first: the two field changes, then "created"
  std::map<std::string, Json> by_field;
  for (size_t i = 0; i < 2; ++i) by_field[h[i]["field"]] = h[i];
  ASSERT_TRUE(by_field.count("os_version"));
  ASSERT_TRUE(by_field.count("hardware"));
  EXPECT_EQ(by_field["os_version"]["old_value"], "21H2");
  EXPECT_EQ(by_field["os_version"]["new_value"], "21H2 (20348.2762)");
  EXPECT_EQ(by_field["hardware"]["old_value"], "{\"ram_gb\":64}");
  EXPECT_EQ(by_field["hardware"]["new_value"], "{\"ram_gb\":128}");
  for (const auto& [field, entry] : by_field) {
    EXPECT_EQ(entry["rfc_ref"], rfc) << field;
    EXPECT_EQ("RFC-" + std::to_string(entry["rfc_id"].get<int64_t>()), rfc) << field;
    EXPECT_EQ(entry["actor_user_id"], tech) << field;
    EXPECT_EQ(entry["actor"], technician.Label()) << field;
    EXPECT_EQ(entry["at"], "2026-11-18T11:11:40Z") << field;
  }
  EXPECT_EQ(h[2]["field"], "created");
  EXPECT_GT(h[0]["id"].get<int64_t>(), h[2]["id"].get<int64_t>());
  EXPECT_EQ(AuditCount("ci.update"), 1);
}

TEST_P(CiServiceTest, AnEditThatChangesNothingRecordsNothing) {
  int64_t c = NewCustomer("Kessler");
  int64_t id = NewCi(c, "KPC-SRV01", "J30ABC12");
  CMDB_ASSERT_OK(cmdb_->UpdateCi(AsOwner(), id, {{"serial_number", "J30ABC12"}}));
  EXPECT_EQ(History(id).size(), 1u);
  EXPECT_EQ(AuditCount("ci.update"), 0);
}

TEST_P(CiServiceTest, RetiringKeepsTheCiAndItsHistory) {
  int64_t c = NewCustomer("Kessler");
  int64_t id = NewCi(c, "KPC-OLD01");
  const std::string rfc = NewChange(c, "implemented");
  auto retired = cmdb_->RetireCi(AsOwner(), id, rfc);
  CMDB_ASSERT_OK(retired);
  EXPECT_EQ((*retired)["status"], "retired");
  Json h = History(id);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0]["field"], "status");
  EXPECT_EQ(h[0]["old_value"], "active");
  EXPECT_EQ(h[0]["new_value"], "retired");
  EXPECT_EQ(h[0]["rfc_ref"], rfc);
  auto active = cmdb_->ListCis(owner_, {.customer_id = c, .status = "active"});
  CMDB_ASSERT_OK(active);
  EXPECT_EQ((*active)["total"], 0);
  EXPECT_EQ(AuditCount("ci.retire"), 1);
}

TEST_P(CiServiceTest, ReferencesMustStayWithinTheCustomerAndStaff) {
  int64_t a = NewCustomer("Alpha");
  int64_t b = NewCustomer("Beta");
  int64_t site_b = NewSite(b, "Beta HQ");
  int64_t portal_user = AddUser("contact@alpha.example", accounts::Role::kPortal, a);
  int64_t disabled = AddUser("gone@msp.example", accounts::Role::kTechnician);
  ASSERT_TRUE(
      db_->Transact([&](storage::Connection& c) {
           return c.Execute("UPDATE users SET disabled = 1 WHERE id = ?", {disabled}).status();
         })
          .ok());
  Json base = {{"customer_id", a}, {"kind", "laptop"}, {"name", "A-LT01"}};
  auto with = [&](const char* k, Json v) {
    Json b2 = base;
    b2[k] = std::move(v);
    return b2;
  };
  struct Case {
    Json body;
    std::string field;
  } cases[] = {
      {with("site_id", site_b), "site_id"},
      {with("site_id", 999999), "site_id"},
      {with("responsible_user_id", portal_user), "responsible_user_id"},
      {with("responsible_user_id", disabled), "responsible_user_id"},
      {with("responsible_user_id", 999999), "responsible_user_id"},
  };
  for (const auto& tc : cases) {
    auto r = cmdb_->CreateCi(AsOwner(), tc.body);
    ASSERT_FALSE(r.ok()) << tc.body.dump();
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().field(), tc.field);
  }
  int64_t id = NewCi(a, "A-LT02");
  auto moved = cmdb_->UpdateCi(AsOwner(), id, {{"site_id", site_b}});
  EXPECT_EQ(moved.status().field(), "site_id");
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM cis"), 1);
  EXPECT_EQ(History(id).size(), 1u);
}

TEST_P(CiServiceTest, ARefusedCreateStoresNothing) {
  int64_t c = NewCustomer("Alpha");
  const std::string draft = NewChange(c, "draft");
  const std::string others = NewChange(NewCustomer("Other"));
  int64_t audit_before = CountOf("SELECT COUNT(*) AS n FROM audit_log");
  for (Json body :
       {Json{{"customer_id", c}, {"kind", "server"}},
        Json{{"customer_id", c}, {"kind", "server"}, {"name", "x"}, {"rfc_ref", ""}},
        Json{{"customer_id", c}, {"kind", "server"}, {"name", "x"}, {"rfc_ref", "RFC-x"}},
        // No such change; a draft; another customer's.
        Json{{"customer_id", c}, {"kind", "server"}, {"name", "x"}, {"rfc_ref", "RFC-99"}},
        Json{{"customer_id", c}, {"kind", "server"}, {"name", "x"}, {"rfc_ref", draft}},
        Json{{"customer_id", c}, {"kind", "server"}, {"name", "x"}, {"rfc_ref", others}},
        Json{{"customer_id", c}, {"kind", "server"}, {"name", "x"}, {"extra", 1}},
        Json{{"customer_id", 424242}, {"kind", "server"}, {"name", "x"}}}) {
    EXPECT_FALSE(cmdb_->CreateCi(AsOwner(), body).ok()) << body.dump();
  }
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM cis"), 0);
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM ci_history"), 0);
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM search_index WHERE object_type = 'ci'"), 0);
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM audit_log"), audit_before);
}

TEST_P(CiServiceTest, AWriteThatFailsAtItsLastStepLeavesNothing) {
  int64_t c = NewCustomer("Alpha");
  int64_t id = NewCi(c, "A-SRV01");
  int64_t audit_before = CountOf("SELECT COUNT(*) AS n FROM audit_log");
  // The audit record is the last statement of every CI write: failing it
  // must roll back the CI row, its history and its search entry.
  FailingDatabase failing(*db_, "INSERT INTO audit_log");
  CmdbService cmdb(failing, clock_, data_dir_);
  EXPECT_EQ(cmdb.CreateCi(AsOwner(), {{"customer_id", c}, {"kind", "server"}, {"name", "new"}})
                .status()
                .code(),
            StatusCode::kUnavailable);
  EXPECT_FALSE(cmdb.UpdateCi(AsOwner(), id, {{"name", "renamed"}}).ok());
  EXPECT_FALSE(cmdb.RetireCi(AsOwner(), id, std::nullopt).ok());
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM cis"), 1);
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM ci_history"), 1);
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM audit_log"), audit_before);
  auto still = cmdb_->GetCi(owner_, id);
  CMDB_ASSERT_OK(still);
  EXPECT_EQ((*still)["name"], "A-SRV01");
  EXPECT_EQ((*still)["status"], "active");
  EXPECT_EQ((*cmdb_->Search(owner_, "renamed"))["results"].size(), 0u);
  EXPECT_EQ((*cmdb_->Search(owner_, "new"))["results"].size(), 0u);
}

TEST_P(CiServiceTest, IngestCanUpdateInsideItsOwnTransaction) {
  int64_t c = NewCustomer("Alpha");
  int64_t id = NewCi(c, "A-WS01", "", "workstation");
  accounts::Principal agent = accounts::Principal::System("inventory");
  Status s = db_->Transact([&](storage::Connection& conn) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        Json ci, cmdb_->UpdateCiInTransaction(
                     conn, As(agent), id,
                     {{"os_version", "23H2"},
                      {"installed_software", {{{"name", "Firefox"}, {"version", "131.0"}}}}}));
    EXPECT_EQ(ci["os_version"], "23H2");
    return Status::Ok();
  });
  CMDB_ASSERT_OK(s);
  Json h = History(id);
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0]["actor"], "inventory");
  EXPECT_TRUE(h[0]["actor_user_id"].is_null());
  // Agent data is validated like API input.
  Status bad = db_->Transact([&](storage::Connection& conn) -> Status {
    return cmdb_->UpdateCiInTransaction(conn, As(agent), id, {{"os_version", "x\x01y"}}).status();
  });
  EXPECT_EQ(bad.field(), "os_version");
}

TEST_P(CiServiceTest, ListFiltersAndPages) {
  int64_t a = NewCustomer("Alpha");
  int64_t b = NewCustomer("Beta");
  NewCi(a, "A-SRV01", "SER-1");
  NewCi(a, "A-WS01", "SER-2", "workstation");
  NewCi(a, "A-WS02", "XYZ-3", "workstation");
  NewCi(b, "B-WS01", "SER-4", "workstation");
  auto ws = cmdb_->ListCis(owner_, {.customer_id = a, .kind = "workstation"});
  CMDB_ASSERT_OK(ws);
  EXPECT_EQ((*ws)["total"], 2);
  EXPECT_FALSE((*ws)["cis"][0].contains("installed_software"));
  auto by_serial = cmdb_->ListCis(owner_, {.q = "ser-"});
  CMDB_ASSERT_OK(by_serial);
  EXPECT_EQ((*by_serial)["total"], 3);
  auto page = cmdb_->ListCis(owner_, {.page = {.limit = 2, .offset = 2}});
  CMDB_ASSERT_OK(page);
  EXPECT_EQ((*page)["total"], 4);
  EXPECT_EQ((*page)["cis"].size(), 2u);
  EXPECT_EQ(cmdb_->ListCis(owner_, {.kind = "toaster"}).status().field(), "kind");
  EXPECT_EQ(cmdb_->ListCis(owner_, {.page = {.limit = 0}}).status().field(), "limit");
  // LIKE wildcards in q are literal.
  auto wildcard = cmdb_->ListCis(owner_, {.q = "%"});
  CMDB_ASSERT_OK(wildcard);
  EXPECT_EQ((*wildcard)["total"], 0);
}

INSTANTIATE_CMDB_TEST(CiServiceTest);

}  // namespace
}  // namespace steward::cmdb
