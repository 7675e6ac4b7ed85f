// Customers, sites, contacts and the staff directory.
#include <gtest/gtest.h>

#include "server/cmdb/cmdb_test_support.h"

namespace steward::cmdb {
namespace {

using testing::CmdbTest;

class CustomerStoreTest : public CmdbTest {};

TEST_P(CustomerStoreTest, CreateGetListPatch) {
  auto created = cmdb_->CreateCustomer(AsOwner(), {{"name", "Harbor & Vale Law"},
                                                   {"code", "HVL"},
                                                   {"sla_policy", "levels"},
                                                   {"website", "https://harborvale.example"},
                                                   {"calendar_id", 3}});
  CMDB_ASSERT_OK(created);
  int64_t id = (*created)["id"];
  EXPECT_EQ((*created)["status"], "active");
  EXPECT_EQ((*created)["sla_policy"], "levels");
  EXPECT_EQ((*created)["calendar_id"], 3);
  EXPECT_TRUE((*created)["phone"].is_null());

  NewCustomer("Brightsmile Dental");
  NewCustomer("Kessler Precision");
  auto filtered = cmdb_->ListCustomers(owner_, {.q = "VALE"});
  CMDB_ASSERT_OK(filtered);
  EXPECT_EQ((*filtered)["total"], 1);
  EXPECT_EQ((*filtered)["customers"][0]["id"], id);
  auto paged = cmdb_->ListCustomers(owner_, {.page = {.limit = 2, .offset = 0}});
  CMDB_ASSERT_OK(paged);
  EXPECT_EQ((*paged)["total"], 3);
  ASSERT_EQ((*paged)["customers"].size(), 2u);
  EXPECT_EQ((*paged)["customers"][0]["name"], "Brightsmile Dental");  // by name

  clock_.Advance(std::chrono::hours(1));
  auto patched = cmdb_->UpdateCustomer(AsOwner(), id, {{"status", "inactive"}, {"code", nullptr}});
  CMDB_ASSERT_OK(patched);
  EXPECT_EQ((*patched)["status"], "inactive");
  EXPECT_TRUE((*patched)["code"].is_null());
  EXPECT_EQ((*patched)["name"], "Harbor & Vale Law");
  EXPECT_NE((*patched)["updated_at"], (*patched)["created_at"]);
  auto got = cmdb_->GetCustomer(owner_, id);
  CMDB_ASSERT_OK(got);
  EXPECT_EQ(*got, *patched);
  EXPECT_EQ(AuditCount("customer.create"), 3);
  EXPECT_EQ(AuditCount("customer.update"), 1);
}

TEST_P(CustomerStoreTest, NamesAreUniqueIgnoringCase) {
  int64_t a = NewCustomer("Acme Ltd");
  int64_t b = NewCustomer("Other");
  auto dup = cmdb_->CreateCustomer(AsOwner(), {{"name", "ACME LTD"}});
  EXPECT_EQ(dup.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(dup.status().field(), "name");
  EXPECT_EQ(cmdb_->UpdateCustomer(AsOwner(), b, {{"name", "acme ltd"}}).status().code(),
            StatusCode::kAlreadyExists);
  CMDB_EXPECT_OK(cmdb_->UpdateCustomer(AsOwner(), a, {{"name", "Acme Ltd"}}));  // itself
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM customers"), 2);
}

TEST_P(CustomerStoreTest, InvalidInputNamesTheField) {
  struct Case {
    Json body;
    std::string field;
  } cases[] = {
      {Json::object(), "name"},
      {{{"name", "x"}, {"owner", "me"}}, "owner"},
      {{{"name", "x"}, {"status", "closed"}}, "status"},
      {{{"name", "x"}, {"sla_policy", "gold"}}, "sla_policy"},
      {{{"name", "x"}, {"website", "javascript:alert(1)"}}, "website"},
      {{{"name", "x"}, {"calendar_id", 0}}, "calendar_id"},
      {{{"name", "x"}, {"code", std::string(33, 'c')}}, "code"},
      {{{"name", 7}}, "name"},
  };
  for (const auto& tc : cases) {
    auto r = cmdb_->CreateCustomer(AsOwner(), tc.body);
    ASSERT_FALSE(r.ok()) << tc.body.dump();
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << tc.body.dump();
    EXPECT_EQ(r.status().field(), tc.field) << tc.body.dump();
  }
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM customers"), 0);
  EXPECT_EQ(AuditCount("customer.create"), 0);
}

TEST_P(CustomerStoreTest, PortalUsersCannotCreateCustomers) {
  int64_t a = NewCustomer("Alpha");
  auto portal = PortalOf(a);
  EXPECT_EQ(cmdb_->CreateCustomer(As(portal), {{"name", "Mine"}}).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_P(CustomerStoreTest, SitesAreDeletableOnlyWhenUnused) {
  int64_t c = NewCustomer("Brightsmile");
  auto site = cmdb_->CreateSite(AsOwner(), {{"customer_id", c},
                                            {"name", "Northgate Clinic"},
                                            {"address", "1450 NE Northgate Blvd\nSuite 2"},
                                            {"postal_code", "97211"}});
  CMDB_ASSERT_OK(site);
  int64_t site_id = (*site)["id"];
  auto patched = cmdb_->UpdateSite(AsOwner(), site_id, {{"city", "Portland"}});
  CMDB_ASSERT_OK(patched);
  EXPECT_EQ((*patched)["city"], "Portland");
  EXPECT_EQ(cmdb_->UpdateSite(AsOwner(), site_id, {{"customer_id", c}}).status().field(),
            "customer_id");

  auto ci = cmdb_->CreateCi(
      AsOwner(), {{"customer_id", c}, {"kind", "printer"}, {"name", "PRN"}, {"site_id", site_id}});
  CMDB_ASSERT_OK(ci);
  EXPECT_EQ(cmdb_->DeleteSite(AsOwner(), site_id).code(), StatusCode::kFailedPrecondition);
  CMDB_ASSERT_OK(cmdb_->UpdateCi(AsOwner(), (*ci)["id"], {{"site_id", nullptr}}));
  CMDB_ASSERT_OK(cmdb_->DeleteSite(AsOwner(), site_id));
  EXPECT_EQ(cmdb_->GetSite(owner_, site_id).status().code(), StatusCode::kNotFound);
  auto sites = cmdb_->ListSites(owner_, c, {});
  CMDB_ASSERT_OK(sites);
  EXPECT_EQ((*sites)["total"], 0);
  EXPECT_EQ(AuditCount("site.delete"), 1);
}

TEST_P(CustomerStoreTest, ContactsStayWithTheirCustomerAndHaveOnePrimary) {
  int64_t a = NewCustomer("Alpha");
  int64_t b = NewCustomer("Beta");
  int64_t site_b = NewSite(b, "Beta HQ");
  auto wrong_site =
      cmdb_->CreateContact(AsOwner(), {{"customer_id", a}, {"name", "X"}, {"site_id", site_b}});
  EXPECT_EQ(wrong_site.status().field(), "site_id");

  auto first = cmdb_->CreateContact(AsOwner(), {{"customer_id", a},
                                                {"name", "Helen Park"},
                                                {"is_primary", true},
                                                {"email", "helen@alpha.example"}});
  CMDB_ASSERT_OK(first);
  auto second = cmdb_->CreateContact(AsOwner(), {{"customer_id", a}, {"name", "Sam Okafor"}});
  CMDB_ASSERT_OK(second);
  CMDB_ASSERT_OK(cmdb_->UpdateContact(AsOwner(), (*second)["id"], {{"is_primary", true}}));
  auto list = cmdb_->ListContacts(owner_, a, {});
  CMDB_ASSERT_OK(list);
  ASSERT_EQ((*list)["total"], 2);
  EXPECT_EQ((*list)["contacts"][0]["name"], "Sam Okafor");  // the primary comes first
  EXPECT_EQ((*list)["contacts"][0]["is_primary"], true);
  EXPECT_EQ((*list)["contacts"][1]["is_primary"], false);

  // A contact linked to a portal user stays until the user is dealt with.
  int64_t contact_id = (*first)["id"];
  ASSERT_TRUE(db_->Transact([&](storage::Connection& c) {
                   return c
                       .Execute(
                           "INSERT INTO users (email, name, role, customer_id, contact_id,"
                           " password_hash, created_at, updated_at) VALUES (?, ?, 'portal',"
                           " ?, ?, 'x', 0, 0)",
                           {"helen@alpha.example", "Helen", a, contact_id})
                       .status();
                 })
                  .ok());
  EXPECT_EQ(cmdb_->DeleteContact(AsOwner(), contact_id).code(), StatusCode::kFailedPrecondition);
  CMDB_EXPECT_OK(cmdb_->DeleteContact(AsOwner(), (*second)["id"]));
}

TEST_P(CustomerStoreTest, StaffDirectoryShowsWhoLooksAfterWhat) {
  int64_t c = NewCustomer("Alpha");
  int64_t tech = AddUser("tech@msp.example", accounts::Role::kTechnician);
  AddUser("portal@alpha.example", accounts::Role::kPortal, c);
  ASSERT_TRUE(db_->Transact([&](storage::Connection& conn) {
                   return conn
                       .Execute(
                           "UPDATE users SET phone = ?, expertise = ?, on_call = 1,"
                           " availability = ? WHERE id = ?",
                           {"+1 555 0100", "[\"networking\",\"VMware\"]", "Mon-Fri 8-17", tech})
                       .status();
                 })
                  .ok());
  auto ci = cmdb_->CreateCi(
      AsOwner(),
      {{"customer_id", c}, {"kind", "switch"}, {"name", "SW01"}, {"responsible_user_id", tech}});
  CMDB_ASSERT_OK(ci);
  int64_t retired = NewCi(c, "OLD");
  CMDB_ASSERT_OK(cmdb_->UpdateCi(AsOwner(), retired, {{"responsible_user_id", tech}}));
  CMDB_ASSERT_OK(cmdb_->RetireCi(AsOwner(), retired, std::nullopt));

  auto staff = cmdb_->ListStaff(owner_);
  CMDB_ASSERT_OK(staff);
  ASSERT_EQ((*staff)["staff"].size(), 2u);  // owner and technician, not the portal user
  auto member = cmdb_->GetStaff(owner_, tech);
  CMDB_ASSERT_OK(member);
  EXPECT_EQ((*member)["phone"], "+1 555 0100");
  EXPECT_EQ((*member)["expertise"], (Json{"networking", "VMware"}));
  EXPECT_EQ((*member)["on_call"], true);
  EXPECT_EQ((*member)["availability"], "Mon-Fri 8-17");
  ASSERT_EQ((*member)["cis"].size(), 1u);  // the retired CI is no longer looked after
  EXPECT_EQ((*member)["cis"][0]["name"], "SW01");

  EXPECT_EQ(cmdb_->ListStaff(PortalOf(c)).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(cmdb_->GetStaff(PortalOf(c), tech).status().code(), StatusCode::kPermissionDenied);
  int64_t portal_user = AddUser("p2@alpha.example", accounts::Role::kPortal, c);
  EXPECT_EQ(cmdb_->GetStaff(owner_, portal_user).status().code(), StatusCode::kNotFound);
}

INSTANTIATE_CMDB_TEST(CustomerStoreTest);

}  // namespace
}  // namespace steward::cmdb
