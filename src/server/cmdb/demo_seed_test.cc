#include "server/cmdb/demo_seed.h"

#include <set>

#include <gtest/gtest.h>

#include "server/cmdb/cmdb_fields.h"
#include "server/cmdb/cmdb_test_support.h"

namespace steward::cmdb {
namespace {

using testing::CmdbTest;

class DemoSeedTest : public CmdbTest {};

TEST_P(DemoSeedTest, SeedsABelievableBook) {
  int64_t tech = AddUser("tech@msp.example", accounts::Role::kTechnician);
  std::vector<int64_t> customers;
  CMDB_ASSERT_OK(SeedCmdbDemo(*cmdb_, AsOwner(), {owner_id_, tech}, &customers));
  ASSERT_EQ(customers.size(), 3u);

  auto cis = cmdb_->ListCis(owner_, {.page = {.limit = 500}});
  CMDB_ASSERT_OK(cis);
  EXPECT_GE((*cis)["total"].get<int64_t>(), 30);
  std::set<std::string> kinds;
  for (const auto& ci : (*cis)["cis"]) kinds.insert(ci["kind"].get<std::string>());
  EXPECT_EQ(kinds.size(), CiKinds().size()) << "every CI kind appears";

  for (int64_t c : customers) {
    auto contacts = cmdb_->ListContacts(owner_, c, {});
    CMDB_ASSERT_OK(contacts);
    EXPECT_GE((*contacts)["total"].get<int64_t>(), 2);
    int primaries = 0;
    for (const auto& k : (*contacts)["contacts"]) primaries += k["is_primary"].get<bool>();
    EXPECT_EQ(primaries, 1);
    auto sites = cmdb_->ListSites(owner_, c, {});
    CMDB_ASSERT_OK(sites);
    EXPECT_GE((*sites)["total"].get<int64_t>(), 1);
  }
  EXPECT_GE(CountOf("SELECT COUNT(*) AS n FROM ci_relations"), 6);
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM ci_history WHERE field = 'os_version'"), 2)
      << "the CIs' edits since they were recorded";
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM documents"), 2);
  EXPECT_EQ(DocumentFileCount(), 2u);
  EXPECT_GT(CountOf("SELECT COUNT(*) AS n FROM cis WHERE responsible_user_id = ?", {tech}), 0);
  auto staff = cmdb_->GetStaff(owner_, tech);
  CMDB_ASSERT_OK(staff);
  EXPECT_FALSE((*staff)["cis"].empty());
  auto found = cmdb_->Search(owner_, "dentrix");
  CMDB_ASSERT_OK(found);
  EXPECT_FALSE((*found)["results"].empty());

  // A second run does not duplicate the book.
  EXPECT_EQ(SeedCmdbDemo(*cmdb_, AsOwner(), {}, nullptr).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM customers"), 3);
}

TEST_P(DemoSeedTest, IsDeterministic) {
  CMDB_ASSERT_OK(SeedCmdbDemo(*cmdb_, AsOwner(), {owner_id_}, nullptr));
  auto first = cmdb_->ExportCisCsv(owner_, std::nullopt);
  CMDB_ASSERT_OK(first);
  // A second, fresh database seeded the same way exports the same sheet.
  TearDown();
  SetUp();
  CMDB_ASSERT_OK(SeedCmdbDemo(*cmdb_, AsOwner(), {owner_id_}, nullptr));
  auto second = cmdb_->ExportCisCsv(owner_, std::nullopt);
  CMDB_ASSERT_OK(second);
  EXPECT_EQ(*first, *second);
}

TEST_P(DemoSeedTest, WorksWithoutStaff) {
  CMDB_ASSERT_OK(SeedCmdbDemo(*cmdb_, AsOwner(), {}, nullptr));
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM cis WHERE responsible_user_id IS NOT NULL"), 0);
}

INSTANTIATE_CMDB_TEST(DemoSeedTest);

}  // namespace
}  // namespace steward::cmdb
