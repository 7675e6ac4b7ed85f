// Shared fixture of the CMDB service tests: a fresh, migrated database per
// backend (SQLite always, PostgreSQL when STEWARD_TEST_PG_URL is set), a
// manual clock, a temporary data directory and principals for staff and for
// portal users of a given customer.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "server/accounts/principal.h"
#include "server/cmdb/cmdb_service.h"
#include "storage/database.h"

#define CMDB_ASSERT_OK(expr)                                                              \
  do {                                                                                    \
    const auto& _cmdb_result = (expr);                                                    \
    ASSERT_TRUE(_cmdb_result.ok()) << ::steward::cmdb::testing::StatusText(_cmdb_result); \
  } while (0)
#define CMDB_EXPECT_OK(expr)                                                              \
  do {                                                                                    \
    const auto& _cmdb_result = (expr);                                                    \
    EXPECT_TRUE(_cmdb_result.ok()) << ::steward::cmdb::testing::StatusText(_cmdb_result); \
  } while (0)

namespace steward::cmdb::testing {

inline std::string StatusText(const Status& s) { return s.ToString(); }
template <typename T>
std::string StatusText(const Result<T>& r) {
  return r.status().ToString();
}

// The names of the backends this run can test ("Sqlite", "Postgres").
std::vector<std::string> TestBackendNames();

// Parameterised by backend name, so this header needs no test-only includes.
class CmdbTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A user row (as the account service would create it) and its principal.
  int64_t AddUser(const std::string& email, accounts::Role role,
                  std::optional<int64_t> customer_id = std::nullopt);
  accounts::Principal PortalOf(int64_t customer_id);
  accounts::Principal StaffPrincipal(int64_t user_id, accounts::Role role);
  accounts::Actor As(const accounts::Principal& p) { return {p, "192.0.2.10"}; }
  accounts::Actor AsOwner() { return As(owner_); }

  // Creation helpers that fail the test on error.
  int64_t NewCustomer(const std::string& name);
  int64_t NewSite(int64_t customer_id, const std::string& name);
  int64_t NewCi(int64_t customer_id, const std::string& name, const std::string& serial = "",
                const std::string& kind = "server");
  // "RFC-<id>" of a change of the customer in `status` (a bare row: change
  // management itself lives in server/change).
  std::string NewChange(int64_t customer_id, const std::string& status = "approved");

  // Single integer of a COUNT query ("SELECT COUNT(*) AS n ...").
  int64_t CountOf(std::string_view count_sql, const storage::Params& params = {});
  int64_t AuditCount(const std::string& action);
  int64_t SearchRows(const std::string& object_type, int64_t object_id);
  // Regular files in <data_dir>/documents.
  size_t DocumentFileCount();

  ManualClock clock_{FromMillis(1'795'000'000'000)};  // 2026-11-18T11:06:40Z
  std::unique_ptr<storage::Database> db_;
  std::string data_dir_;
  std::unique_ptr<CmdbService> cmdb_;
  int64_t owner_id_ = 0;
  accounts::Principal owner_;
};

}  // namespace steward::cmdb::testing

#define INSTANTIATE_CMDB_TEST(Suite)                                                          \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                                   \
                           ::testing::ValuesIn(::steward::cmdb::testing::TestBackendNames()), \
                           [](const auto& info) { return info.param; })
