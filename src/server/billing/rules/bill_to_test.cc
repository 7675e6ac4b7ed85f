// The bill-to address: normalising what a person typed (trimmed, blank
// lines dropped, limits named by field), a site's free text as postal
// lines, and the profile → site → none fallback.
#include "server/billing/rules/bill_to.h"

#include <gtest/gtest.h>

namespace steward::billing {
namespace {

TEST(BillToTest, NormalizeTrimsPartsAndDropsBlankLines) {
  PostalAddress a{{"  12 Harbour Road ", "", " \t", "Unit 4"}, " Leeds ", " ", "LS1 4AP\n", "UK"};
  ASSERT_TRUE(NormalizeAddress(a).ok());
  EXPECT_EQ(a.lines, (std::vector<std::string>{"12 Harbour Road", "Unit 4"}));
  EXPECT_EQ(a.city, "Leeds");
  EXPECT_EQ(a.region, "");
  EXPECT_EQ(a.postal_code, "LS1 4AP");
}

TEST(BillToTest, NormalizeNamesTheFieldItRefuses) {
  PostalAddress five{{"1", "2", "3", "4", "5"}, "", "", "", ""};
  Status s = NormalizeAddress(five);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "address_lines");

  PostalAddress four_and_blanks{{"1", "", "2", "3", " ", "4"}, "", "", "", ""};
  EXPECT_TRUE(NormalizeAddress(four_and_blanks).ok()) << "blank lines do not count";

  PostalAddress long_line{{std::string(201, 'x')}, "", "", "", ""};
  EXPECT_EQ(NormalizeAddress(long_line).field(), "address_lines");
  PostalAddress at_limit{{std::string(200, 'x')}, "", "", "", ""};
  EXPECT_TRUE(NormalizeAddress(at_limit).ok());

  PostalAddress broken{{"a\nb"}, "", "", "", ""};
  EXPECT_EQ(NormalizeAddress(broken).field(), "address_lines");
  PostalAddress city{{}, std::string(101, 'c'), "", "", ""};
  EXPECT_EQ(NormalizeAddress(city).field(), "city");
  PostalAddress region{{}, "", "N\x01Y", "", ""};
  EXPECT_EQ(NormalizeAddress(region).field(), "region");
  PostalAddress postal{{}, "", "", "1\t2", ""};
  EXPECT_EQ(NormalizeAddress(postal).field(), "postal_code");
  PostalAddress country{{}, "", "", "", std::string(101, 'u')};
  EXPECT_EQ(NormalizeAddress(country).field(), "country");
}

TEST(BillToTest, ASitesFreeTextBecomesAtMostFourLines) {
  PostalAddress a = AddressOfSite("Harbour House\r\n\n 12 Quay St \nFloor 3\nSuite 9\nDesk 2",
                                  " Bristol", "BS1 4DJ ", "UK");
  EXPECT_EQ(a.lines, (std::vector<std::string>{"Harbour House", "12 Quay St", "Floor 3",
                                               "Suite 9, Desk 2"}));
  EXPECT_EQ(a.city, "Bristol");
  EXPECT_EQ(a.postal_code, "BS1 4DJ");
  EXPECT_EQ(a.country, "UK");
  EXPECT_TRUE(AddressOfSite("", "", "", "").empty());
}

TEST(BillToTest, TheProfileBeatsTheSiteWhichBeatsNothing) {
  const PostalAddress profile{{"PO Box 7"}, "Austin", "TX", "78701", "US"};
  const PostalAddress site{{"1 Main St"}, "Dallas", "", "75201", "US"};
  BillTo to;
  ChooseAddress(profile, site, to);
  EXPECT_EQ(to.address, profile);
  EXPECT_EQ(to.address_source, AddressSource::kProfile);
  ChooseAddress({}, site, to);
  EXPECT_EQ(to.address, site);
  EXPECT_EQ(to.address_source, AddressSource::kSite);
  ChooseAddress({}, PostalAddress{}, to);
  EXPECT_TRUE(to.address.empty());
  EXPECT_EQ(to.address_source, AddressSource::kNone);
  ChooseAddress({}, std::nullopt, to);
  EXPECT_EQ(to.address_source, AddressSource::kNone);
}

}  // namespace
}  // namespace steward::billing
