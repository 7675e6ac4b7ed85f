#include "server/cmdb/search_index.h"

#include <gtest/gtest.h>

#include "server/cmdb/cmdb_test_support.h"

namespace steward::cmdb {
namespace {

using Terms = std::vector<std::string>;

TEST(SearchTermsTest, WordsAreRunsOfLettersAndDigits) {
  EXPECT_EQ(*search::QueryTerms("srv-dc01"), (Terms{"srv", "dc01"}));
  EXPECT_EQ(*search::QueryTerms("  Müller   GmbH "), (Terms{"Müller", "GmbH"}));
  EXPECT_EQ(*search::QueryTerms("alice@firm.example"), (Terms{"alice", "firm", "example"}));
}

TEST(SearchTermsTest, EngineSyntaxNeverSurvives) {
  // FTS5 and tsquery operators, quotes and column filters are cut away.
  auto terms = search::QueryTerms("title:x* OR \"a\" NEAR(b) ^c & !d | e:* 'f' \\g (h)");
  ASSERT_TRUE(terms.ok());
  for (const auto& t : *terms) {
    EXPECT_EQ(t.find_first_of("\"'*:^&|!()\\ "), std::string::npos) << t;
  }
  EXPECT_EQ(search::SqliteMatchExpression({"a", "b2"}), "\"a\"* \"b2\"*");
  EXPECT_EQ(search::PostgresTsQuery({"a", "b2"}), "'a':* & 'b2':*");
}

TEST(SearchTermsTest, EmptyOrPunctuationOnlyIsRefused) {
  for (std::string q : {"", "   ", "*", "\"\"", "-- ; ' OR 1=1 --"}) {
    auto r = search::QueryTerms(q);
    if (q.find("OR") != std::string::npos) {
      EXPECT_TRUE(r.ok());  // "OR" and "1" are words, harmless as quoted terms
      continue;
    }
    ASSERT_FALSE(r.ok()) << q;
    EXPECT_EQ(r.status().field(), "q");
  }
  EXPECT_FALSE(search::QueryTerms("bad\xff").ok());
}

TEST(SearchTermsTest, TermsAreBounded) {
  auto many = search::QueryTerms("a b c d e f g h i j k l");
  ASSERT_TRUE(many.ok());
  EXPECT_EQ(many->size(), 8u);
  auto long_word = search::QueryTerms(std::string(100, 'x') + " \xc3\xa9" + std::string(70, 'y'));
  ASSERT_TRUE(long_word.ok());
  for (const auto& t : *long_word) {
    EXPECT_LE(t.size(), 64u);
    EXPECT_TRUE(IsValidUtf8(t));
  }
}

TEST(SearchBodyTest, PunctuatedValuesAreAlsoIndexedAsWords) {
  std::string body = search::BodyText({"alice@firm.example", "", "plain words"});
  EXPECT_NE(body.find("alice@firm.example"), std::string::npos);
  EXPECT_NE(body.find("alice firm example"), std::string::npos);
  EXPECT_EQ(body.find("plain words\nplain words"), std::string::npos);
}

using testing::CmdbTest;
class SearchTest : public CmdbTest {};

std::vector<std::pair<std::string, int64_t>> Hits(const Result<Json>& r) {
  std::vector<std::pair<std::string, int64_t>> out;
  if (!r.ok()) return out;
  for (const auto& hit : (*r)["results"]) {
    out.emplace_back(hit["type"].get<std::string>(), hit["id"].get<int64_t>());
  }
  return out;
}

TEST_P(SearchTest, FindsByPrefixAcrossObjectTypes) {
  int64_t a = NewCustomer("Harbor & Vale Law");
  auto contact = cmdb_->CreateContact(
      AsOwner(), {{"customer_id", a}, {"name", "Margaret Vale"}, {"email", "m.vale@hv.example"}});
  CMDB_ASSERT_OK(contact);
  int64_t ci = NewCi(a, "HVL-DC01", "SN-7731-XK");

  auto by_prefix = cmdb_->Search(owner_, "harb");
  CMDB_ASSERT_OK(by_prefix);
  EXPECT_EQ(Hits(by_prefix), (std::vector<std::pair<std::string, int64_t>>{{"customer", a}}));
  // Serial numbers and e-mail addresses are findable by their pieces.
  EXPECT_EQ(Hits(cmdb_->Search(owner_, "7731")),
            (std::vector<std::pair<std::string, int64_t>>{{"ci", ci}}));
  EXPECT_EQ(Hits(cmdb_->Search(owner_, "SN-7731-XK")),
            (std::vector<std::pair<std::string, int64_t>>{{"ci", ci}}));
  EXPECT_EQ(Hits(cmdb_->Search(owner_, "m.vale")),
            (std::vector<std::pair<std::string, int64_t>>{{"contact", (*contact)["id"]}}));
  // Every word must match.
  EXPECT_TRUE(Hits(cmdb_->Search(owner_, "harbor dc01")).empty());
  auto result = cmdb_->Search(owner_, "dc01");
  CMDB_ASSERT_OK(result);
  EXPECT_EQ((*result)["results"][0]["title"], "HVL-DC01");
  EXPECT_EQ((*result)["results"][0]["customer_id"], a);
}

TEST_P(SearchTest, ATitleHitOutranksABodyHit) {
  int64_t c = NewCustomer("Kessler Precision");
  auto body_hit = cmdb_->CreateCi(AsOwner(), {{"customer_id", c},
                                              {"kind", "server"},
                                              {"name", "KPC-SRV01"},
                                              {"notes", "Hosts the firewall management console"}});
  CMDB_ASSERT_OK(body_hit);
  int64_t title_hit = NewCi(c, "Firewall KPC-FW01", "", "firewall");
  auto r = cmdb_->Search(owner_, "firewall");
  CMDB_ASSERT_OK(r);
  auto hits = Hits(r);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].second, title_hit);
  EXPECT_EQ(hits[1].second, (*body_hit)["id"].get<int64_t>());
}

TEST_P(SearchTest, IndexFollowsUpdatesAndDeletes) {
  int64_t c = NewCustomer("Brightsmile Dental");
  int64_t ci = NewCi(c, "BSD-SRV01");
  CMDB_ASSERT_OK(cmdb_->UpdateCi(AsOwner(), ci, {{"name", "BSD-DENTRIX01"}}));
  EXPECT_TRUE(Hits(cmdb_->Search(owner_, "srv01")).empty());
  EXPECT_EQ(Hits(cmdb_->Search(owner_, "dentrix")).size(), 1u);
  EXPECT_EQ(SearchRows("ci", ci), 1);

  auto contact = cmdb_->CreateContact(AsOwner(), {{"customer_id", c}, {"name", "Helen Park"}});
  CMDB_ASSERT_OK(contact);
  int64_t contact_id = (*contact)["id"];
  CMDB_ASSERT_OK(cmdb_->DeleteContact(AsOwner(), contact_id));
  EXPECT_TRUE(Hits(cmdb_->Search(owner_, "helen")).empty());
  EXPECT_EQ(SearchRows("contact", contact_id), 0);
}

TEST_P(SearchTest, ResultsAreScopedToTheTenant) {
  int64_t a = NewCustomer("Alpha Shared Name");
  int64_t b = NewCustomer("Beta Shared Name");
  NewCi(a, "shared-box-a");
  NewCi(b, "shared-box-b");
  auto staff = cmdb_->Search(owner_, "shared");
  CMDB_ASSERT_OK(staff);
  EXPECT_EQ((*staff)["results"].size(), 4u);
  auto portal = cmdb_->Search(PortalOf(a), "shared");
  CMDB_ASSERT_OK(portal);
  ASSERT_EQ((*portal)["results"].size(), 2u);
  for (const auto& hit : (*portal)["results"]) EXPECT_EQ(hit["customer_id"], a);
}

TEST_P(SearchTest, HostileQueriesAreHarmless) {
  int64_t c = NewCustomer("Target Co");
  NewCi(c, "target-host");
  for (std::string q : {"target\" OR title:*", "target* NOT x", "target' | !x", "(target",
                        "target:*", "NEAR(target a)", "target\\"}) {
    auto r = cmdb_->Search(owner_, q);
    ASSERT_TRUE(r.ok()) << q << ": " << r.status().ToString();
  }
  for (std::string q : {"", "!!!", "\"*\""}) {
    auto r = cmdb_->Search(owner_, q);
    ASSERT_FALSE(r.ok()) << q;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
}

INSTANTIATE_CMDB_TEST(SearchTest);

}  // namespace
}  // namespace steward::cmdb
