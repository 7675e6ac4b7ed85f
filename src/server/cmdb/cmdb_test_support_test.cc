// The CmdbTest fixture (cmdb_test_support.h). Named *_test.cc because it is
// test-only code that uses src/testing, which only tests may include.
#include "server/cmdb/cmdb_test_support.h"

#include <filesystem>

#include "core/crypto.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::cmdb::testing {

std::vector<std::string> TestBackendNames() {
  std::vector<std::string> names;
  for (auto b : steward::testing::AvailableBackends()) {
    names.push_back(steward::testing::BackendName(b));
  }
  return names;
}

void CmdbTest::SetUp() {
  InitCrypto();
  db_ = steward::testing::NewTestDatabase(GetParam() == "Postgres"
                                              ? steward::testing::Backend::kPostgres
                                              : steward::testing::Backend::kSqlite);
  auto migrated = storage::Migrate(*db_, clock_);
  ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
  data_dir_ = steward::testing::MakeTempDir("steward-cmdb");
  cmdb_ = std::make_unique<CmdbService>(*db_, clock_, data_dir_);
  owner_id_ = AddUser("owner@msp.example", accounts::Role::kOwner);
  owner_ = StaffPrincipal(owner_id_, accounts::Role::kOwner);
}

void CmdbTest::TearDown() {
  cmdb_.reset();
  db_.reset();
  std::error_code ec;
  std::filesystem::remove_all(data_dir_, ec);
}

int64_t CmdbTest::AddUser(const std::string& email, accounts::Role role,
                          std::optional<int64_t> customer_id) {
  int64_t id = 0;
  Status s = db_->Transact([&](storage::Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        storage::Row row,
        c.QueryOne("INSERT INTO users (email, name, role, customer_id, password_hash, created_at,"
                   " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {email, email, std::string(accounts::RoleName(role)), customer_id, "x",
                    ToMillis(clock_.Now()), ToMillis(clock_.Now())}));
    id = row.Int("id");
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return id;
}

accounts::Principal CmdbTest::StaffPrincipal(int64_t user_id, accounts::Role role) {
  accounts::Principal p;
  p.user_id = user_id;
  p.email = "user" + std::to_string(user_id) + "@msp.example";
  p.name = p.email;
  p.role = role;
  p.method = accounts::AuthMethod::kSession;
  return p;
}

accounts::Principal CmdbTest::PortalOf(int64_t customer_id) {
  accounts::Principal p;
  p.user_id = 0;
  p.email = "contact@customer" + std::to_string(customer_id) + ".example";
  p.name = p.email;
  p.role = accounts::Role::kPortal;
  p.customer_id = customer_id;
  p.method = accounts::AuthMethod::kSession;
  return p;
}

int64_t CmdbTest::NewCustomer(const std::string& name) {
  auto r = cmdb_->CreateCustomer(AsOwner(), {{"name", name}});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? (*r)["id"].get<int64_t>() : 0;
}

std::string CmdbTest::NewChange(int64_t customer_id, const std::string& status) {
  int64_t id = 0;
  EXPECT_TRUE(db_->Transact([&](storage::Connection& c) -> Status {
                   STEWARD_ASSIGN_OR_RETURN(
                       storage::Row r,
                       c.QueryOne("INSERT INTO change_requests (customer_id, title, status,"
                                  " created_at) VALUES (?, 'Patch', ?, 0) RETURNING id",
                                  {customer_id, status}));
                   id = r.Int("id");
                   return Status::Ok();
                 })
                  .ok());
  return "RFC-" + std::to_string(id);
}

int64_t CmdbTest::NewSite(int64_t customer_id, const std::string& name) {
  auto r = cmdb_->CreateSite(AsOwner(), {{"customer_id", customer_id}, {"name", name}});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? (*r)["id"].get<int64_t>() : 0;
}

int64_t CmdbTest::NewCi(int64_t customer_id, const std::string& name, const std::string& serial,
                        const std::string& kind) {
  Json body = {{"customer_id", customer_id}, {"kind", kind}, {"name", name}};
  if (!serial.empty()) body["serial_number"] = serial;
  auto r = cmdb_->CreateCi(AsOwner(), body);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? (*r)["id"].get<int64_t>() : 0;
}

int64_t CmdbTest::CountOf(std::string_view count_sql, const storage::Params& params) {
  int64_t n = -1;
  Status s = db_->Read([&](storage::Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto rows, c.Query(count_sql, params));
    if (rows.size() != 1) return Status::Internal("count query returned no row");
    n = rows[0].Int("n");
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return n;
}

int64_t CmdbTest::AuditCount(const std::string& action) {
  return CountOf("SELECT COUNT(*) AS n FROM audit_log WHERE action = ?", {action});
}

int64_t CmdbTest::SearchRows(const std::string& object_type, int64_t object_id) {
  return CountOf("SELECT COUNT(*) AS n FROM search_index WHERE object_type = ? AND object_id = ?",
                 {object_type, object_id});
}

size_t CmdbTest::DocumentFileCount() {
  std::error_code ec;
  size_t n = 0;
  std::filesystem::directory_iterator it(data_dir_ + "/documents", ec);
  if (ec) return 0;
  for (const auto& entry : it) {
    if (entry.is_regular_file()) ++n;
  }
  return n;
}

}  // namespace steward::cmdb::testing
