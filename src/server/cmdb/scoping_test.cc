// Tenant isolation (SPEC "Who uses it", SECURITY.md rule 5): a portal user of
// customer A gets NotFound for every object of customer B, in every call, and
// sees none of B's rows in lists, search or export.
#include <gtest/gtest.h>

#include "server/cmdb/cmdb_test_support.h"
#include "server/cmdb/csv.h"

namespace steward::cmdb {
namespace {

using testing::CmdbTest;

class ScopingTest : public CmdbTest {
 protected:
  struct Book {
    int64_t customer = 0, site = 0, contact = 0, ci = 0, other_ci = 0, relation = 0, document = 0;
  };

  void SetUp() override {
    CmdbTest::SetUp();
    a_ = Seed("Alpha Widgets", "alpha");
    b_ = Seed("Bravo Logistics", "bravo");
  }

  // Every kind of object, each carrying the word "common" so one search
  // would find all of them.
  Book Seed(const std::string& name, const std::string& tag) {
    Book k;
    auto customer = cmdb_->CreateCustomer(AsOwner(), {{"name", name}, {"notes", "common"}});
    EXPECT_TRUE(customer.ok());
    k.customer = (*customer)["id"];
    k.site = NewSite(k.customer, tag + " HQ");
    auto contact = cmdb_->CreateContact(
        AsOwner(), {{"customer_id", k.customer}, {"name", tag + " contact"}, {"notes", "common"}});
    EXPECT_TRUE(contact.ok());
    k.contact = (*contact)["id"];
    auto ci = cmdb_->CreateCi(AsOwner(), {{"customer_id", k.customer},
                                          {"kind", "server"},
                                          {"name", tag + "-srv"},
                                          {"serial_number", tag + "-sn"},
                                          {"notes", "common"},
                                          {"site_id", k.site}});
    EXPECT_TRUE(ci.ok());
    k.ci = (*ci)["id"];
    k.other_ci = NewCi(k.customer, tag + "-host");
    auto rel = cmdb_->AddRelation(AsOwner(), k.ci, {{"to_ci_id", k.other_ci}, {"kind", "runs_on"}});
    EXPECT_TRUE(rel.ok());
    k.relation = (*rel)["id"];
    auto doc = cmdb_->UploadDocument(
        AsOwner(), {k.customer, "sla", "", tag + "-sla.txt", "common terms for " + tag});
    EXPECT_TRUE(doc.ok());
    k.document = (*doc)["id"];
    return k;
  }

  static void ExpectNotFound(const Status& s, const char* what) {
    EXPECT_EQ(s.code(), StatusCode::kNotFound) << what << ": " << s.ToString();
  }

  Book a_, b_;
};

TEST_P(ScopingTest, ForeignObjectsAreNotFoundInEveryRead) {
  const accounts::Principal portal = PortalOf(a_.customer);
  ExpectNotFound(cmdb_->GetCustomer(portal, b_.customer).status(), "customer");
  ExpectNotFound(cmdb_->GetSite(portal, b_.site).status(), "site");
  ExpectNotFound(cmdb_->GetContact(portal, b_.contact).status(), "contact");
  ExpectNotFound(cmdb_->GetCi(portal, b_.ci).status(), "ci");
  ExpectNotFound(cmdb_->CiHistory(portal, b_.ci).status(), "history");
  ExpectNotFound(cmdb_->ListRelations(portal, b_.ci).status(), "relations");
  ExpectNotFound(cmdb_->GetDocument(portal, b_.document).status(), "document");
  ExpectNotFound(cmdb_->ReadDocument(portal, b_.document).status(), "document content");
  ExpectNotFound(cmdb_->ListSites(portal, b_.customer, {}).status(), "sites of B");
  ExpectNotFound(cmdb_->ListContacts(portal, b_.customer, {}).status(), "contacts of B");
  ExpectNotFound(cmdb_->ListCis(portal, {.customer_id = b_.customer}).status(), "cis of B");
  ExpectNotFound(cmdb_->ListDocuments(portal, b_.customer, {}).status(), "documents of B");
  ExpectNotFound(cmdb_->ExportCisCsv(portal, b_.customer).status(), "export of B");

  // The same calls for A's own objects succeed: the denials above are scoping.
  CMDB_EXPECT_OK(cmdb_->GetCustomer(portal, a_.customer));
  CMDB_EXPECT_OK(cmdb_->GetSite(portal, a_.site));
  CMDB_EXPECT_OK(cmdb_->GetContact(portal, a_.contact));
  CMDB_EXPECT_OK(cmdb_->GetCi(portal, a_.ci));
  CMDB_EXPECT_OK(cmdb_->CiHistory(portal, a_.ci));
  CMDB_EXPECT_OK(cmdb_->ListRelations(portal, a_.ci));
  CMDB_EXPECT_OK(cmdb_->GetDocument(portal, a_.document));
  CMDB_EXPECT_OK(cmdb_->ReadDocument(portal, a_.document));
}

TEST_P(ScopingTest, ListsSearchAndExportHoldNoForeignRows) {
  const accounts::Principal portal = PortalOf(a_.customer);
  auto only_a = [&](const Result<Json>& r, const char* key, const char* customer_field) {
    ASSERT_TRUE(r.ok()) << key << ": " << r.status().ToString();
    ASSERT_FALSE((*r)[key].empty()) << key;
    for (const auto& item : (*r)[key]) EXPECT_EQ(item[customer_field], a_.customer) << key;
    EXPECT_EQ((*r)["total"], (*r)[key].size()) << key;
  };
  only_a(cmdb_->ListCustomers(portal, {}), "customers", "id");
  only_a(cmdb_->ListSites(portal, std::nullopt, {}), "sites", "customer_id");
  only_a(cmdb_->ListContacts(portal, std::nullopt, {}), "contacts", "customer_id");
  only_a(cmdb_->ListCis(portal, {}), "cis", "customer_id");
  only_a(cmdb_->ListDocuments(portal, std::nullopt, {}), "documents", "customer_id");

  auto search = cmdb_->Search(portal, "common");
  CMDB_ASSERT_OK(search);
  EXPECT_EQ((*search)["results"].size(), 4u);  // A's customer, contact, CI and document
  for (const auto& hit : (*search)["results"]) EXPECT_EQ(hit["customer_id"], a_.customer);
  EXPECT_TRUE((*cmdb_->Search(portal, "bravo"))["results"].empty());
  EXPECT_EQ((*cmdb_->Search(owner_, "common"))["results"].size(), 8u);

  auto csv = cmdb_->ExportCisCsv(portal, std::nullopt);
  CMDB_ASSERT_OK(csv);
  EXPECT_EQ(csv->find("bravo"), std::string::npos);
  auto records = ParseCsv(*csv);
  CMDB_ASSERT_OK(records);
  EXPECT_EQ(records->size(), 3u);  // header and A's two CIs
}

TEST_P(ScopingTest, ForeignObjectsAreNotFoundForWritesToo) {
  // Route roles keep portal users away from writes; the service still
  // refuses to touch another customer's objects if asked.
  const accounts::Principal portal = PortalOf(a_.customer);
  const accounts::Actor actor = As(portal);
  ExpectNotFound(cmdb_->UpdateCustomer(actor, b_.customer, {{"notes", "x"}}).status(), "customer");
  ExpectNotFound(cmdb_->UpdateSite(actor, b_.site, {{"city", "x"}}).status(), "site");
  ExpectNotFound(cmdb_->DeleteSite(actor, b_.site), "site delete");
  ExpectNotFound(cmdb_->UpdateContact(actor, b_.contact, {{"title", "x"}}).status(), "contact");
  ExpectNotFound(cmdb_->DeleteContact(actor, b_.contact), "contact delete");
  ExpectNotFound(cmdb_->UpdateCi(actor, b_.ci, {{"name", "pwned"}}).status(), "ci");
  ExpectNotFound(cmdb_->RetireCi(actor, b_.ci, std::nullopt).status(), "ci retire");
  ExpectNotFound(
      cmdb_->AddRelation(actor, b_.ci, {{"to_ci_id", b_.other_ci}, {"kind", "runs_on"}}).status(),
      "relation add");
  ExpectNotFound(cmdb_->DeleteRelation(actor, b_.ci, b_.relation), "relation delete");
  ExpectNotFound(cmdb_->DeleteDocument(actor, b_.document), "document delete");
  ExpectNotFound(cmdb_->CreateSite(actor, {{"customer_id", b_.customer}, {"name", "x"}}).status(),
                 "site create");
  ExpectNotFound(
      cmdb_->CreateCi(actor, {{"customer_id", b_.customer}, {"kind", "server"}, {"name", "x"}})
          .status(),
      "ci create");
  ExpectNotFound(
      cmdb_->ImportCisCsv(actor, b_.customer, "kind,name\nserver,x\n", std::nullopt).status(),
      "import");
  ExpectNotFound(cmdb_->UploadDocument(actor, {b_.customer, "sla", "", "x.txt", "x"}).status(),
                 "upload");
  // Relating A's CI to B's CI does not reveal that B's CI exists.
  auto cross = cmdb_->AddRelation(actor, a_.ci, {{"to_ci_id", b_.ci}, {"kind", "depends_on"}});
  EXPECT_EQ(cross.status().message(), "no such CI");

  auto b_ci = cmdb_->GetCi(owner_, b_.ci);
  CMDB_ASSERT_OK(b_ci);
  EXPECT_EQ((*b_ci)["name"], "bravo-srv");
  EXPECT_EQ((*b_ci)["status"], "active");
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM sites WHERE customer_id = ?", {b_.customer}), 1);
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM cis WHERE customer_id = ?", {b_.customer}), 2);
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM documents"), 2);
}

TEST_P(ScopingTest, OwnerLookupIgnoresScopeButRevealsOnlyTheCustomerId) {
  auto owner = cmdb_->OwnerOf(ObjectKind::kCi, b_.ci);
  CMDB_ASSERT_OK(owner);
  EXPECT_EQ(*owner, b_.customer);
  EXPECT_EQ(*cmdb_->OwnerOf(ObjectKind::kCustomer, a_.customer), a_.customer);
  EXPECT_EQ(*cmdb_->OwnerOf(ObjectKind::kSite, b_.site), b_.customer);
  EXPECT_EQ(*cmdb_->OwnerOf(ObjectKind::kContact, b_.contact), b_.customer);
  EXPECT_EQ(*cmdb_->OwnerOf(ObjectKind::kDocument, b_.document), b_.customer);
  EXPECT_EQ(*cmdb_->OwnerOf(ObjectKind::kStaff, owner_id_), 0);
  EXPECT_FALSE(cmdb_->OwnerOf(ObjectKind::kCi, 987654)->has_value());
  int64_t portal_user = AddUser("p@alpha.example", accounts::Role::kPortal, a_.customer);
  EXPECT_FALSE(cmdb_->OwnerOf(ObjectKind::kStaff, portal_user)->has_value());
}

INSTANTIATE_CMDB_TEST(ScopingTest);

}  // namespace
}  // namespace steward::cmdb
