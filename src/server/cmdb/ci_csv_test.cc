#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "server/cmdb/cmdb_test_support.h"
#include "server/cmdb/csv.h"

namespace steward::cmdb {
namespace {

using testing::CmdbTest;

class CiCsvTest : public CmdbTest {
 protected:
  // Column `name` of every data row of `csv`.
  static std::vector<std::string> Column(const std::string& csv, const std::string& name) {
    auto records = ParseCsv(csv);
    EXPECT_TRUE(records.ok()) << records.status().ToString();
    std::vector<std::string> out;
    if (!records.ok() || records->empty()) return out;
    const auto& header = (*records)[0].fields;
    size_t col = std::find(header.begin(), header.end(), name) - header.begin();
    for (size_t i = 1; i < records->size(); ++i) out.push_back((*records)[i].fields.at(col));
    return out;
  }
};

TEST_P(CiCsvTest, ExportHasAHeaderQuotesAndDefusesFormulas) {
  int64_t c = NewCustomer("Alpha");
  CMDB_ASSERT_OK(cmdb_->CreateCi(AsOwner(), {{"customer_id", c},
                                             {"kind", "workstation"},
                                             {"name", "=HYPERLINK(\"http://evil.example\")"},
                                             {"notes", "line one\nline, two"},
                                             {"hardware", {{"ram_gb", 16}}}}));
  auto csv = cmdb_->ExportCisCsv(owner_, c);
  CMDB_ASSERT_OK(csv);
  EXPECT_EQ(csv->rfind("id,customer_id,site_id,kind,name,serial_number,", 0), 0u) << *csv;
  EXPECT_NE(csv->find("\"'=HYPERLINK(\"\"http://evil.example\"\")\""), std::string::npos) << *csv;
  EXPECT_EQ(Column(*csv, "notes"), std::vector<std::string>{"line one\nline, two"});
  EXPECT_EQ(Column(*csv, "hardware"), std::vector<std::string>{"{\"ram_gb\":16}"});
  EXPECT_EQ(Column(*csv, "criticality"), std::vector<std::string>{"medium"});
}

TEST_P(CiCsvTest, ImportCreatesUpdatesBySerialAndReportsBadRows) {
  int64_t c = NewCustomer("Alpha");
  int64_t site = NewSite(c, "HQ");
  int64_t existing = NewCi(c, "old-name", "SER-1");
  std::string csv =
      "kind,name,serial_number,site_id,warranty_expires,max_downtime_minutes,hardware\r\n"
      "server,renamed,SER-1,,2028-01-31,,\r\n"  // row 2: update
      "laptop,LT-NEW,SER-2," +
      std::to_string(site) +
      ",,30,\r\n"                                                           // row 3: create
      "toaster,bad-kind,SER-3,,,,\r\n"                                      // row 4: bad kind
      "laptop,bad-date,SER-4,,2027-02-30,,\r\n"                             // row 5: bad date
      "laptop,bad-int,SER-5,,,soon,\r\n"                                    // row 6: bad integer
      "laptop,short-row\r\n"                                                // row 7: cell count
      "\r\n"                                                                // blank: skipped
      "laptop,bad-json,SER-8,,,,{ram\r\n"                                   // row 9: bad JSON
      ",no-kind,SER-9,,,,\r\n"                                              // row 10: kind missing
      "server,\"quoted, name\",SER-10,,,,\"{\"\"cpu\"\":\"\"x\"\"}\"\r\n";  // row 11: create
  // A change that is only submitted is refused before any row is read.
  const int64_t cis_before = CountOf("SELECT COUNT(*) AS n FROM cis");
  auto refused = cmdb_->ImportCisCsv(AsOwner(), c, csv, NewChange(c, "submitted"));
  EXPECT_EQ(refused.status().field(), "rfc_ref");
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM cis"), cis_before);
  const std::string rfc = NewChange(c);
  auto r = cmdb_->ImportCisCsv(AsOwner(), c, csv, rfc);
  CMDB_ASSERT_OK(r);
  EXPECT_EQ((*r)["created"], 2);
  EXPECT_EQ((*r)["updated"], 1);
  std::vector<std::pair<int64_t, Json>> errors;
  for (const auto& e : (*r)["errors"]) errors.emplace_back(e["row"].get<int64_t>(), e["field"]);
  EXPECT_EQ(errors, (std::vector<std::pair<int64_t, Json>>{{4, "kind"},
                                                           {5, "warranty_expires"},
                                                           {6, "max_downtime_minutes"},
                                                           {7, nullptr},
                                                           {9, "hardware"},
                                                           {10, "kind"}}));

  auto updated = cmdb_->GetCi(owner_, existing);
  CMDB_ASSERT_OK(updated);
  EXPECT_EQ((*updated)["name"], "renamed");
  EXPECT_EQ((*updated)["warranty_expires"], "2028-01-31");
  auto history = cmdb_->CiHistory(owner_, existing);
  CMDB_ASSERT_OK(history);
  EXPECT_EQ((*history)["history"][0]["rfc_ref"], rfc);

  auto all = cmdb_->ListCis(owner_, {.customer_id = c});
  CMDB_ASSERT_OK(all);
  std::set<std::string> names;
  for (const auto& ci : (*all)["cis"]) names.insert(ci["name"].get<std::string>());
  EXPECT_EQ(names, (std::set<std::string>{"renamed", "LT-NEW", "quoted, name"}));
  EXPECT_EQ(AuditCount("ci.import"), 1);
}

TEST_P(CiCsvTest, ExportThenImportIsANoOp) {
  int64_t c = NewCustomer("Alpha");
  CMDB_ASSERT_OK(cmdb_->CreateCi(AsOwner(), {{"customer_id", c},
                                             {"kind", "server"},
                                             {"name", "-leading-dash"},
                                             {"serial_number", "S1"},
                                             {"installed_software", {{{"name", "a"}}}},
                                             {"notes", "x, \"y\""}}));
  NewCi(c, "plain", "S2");
  auto csv = cmdb_->ExportCisCsv(owner_, c);
  CMDB_ASSERT_OK(csv);
  int64_t history_before = CountOf("SELECT COUNT(*) AS n FROM ci_history");
  auto r = cmdb_->ImportCisCsv(AsOwner(), c, *csv, std::nullopt);
  CMDB_ASSERT_OK(r);
  EXPECT_EQ((*r)["created"], 0);
  EXPECT_EQ((*r)["updated"], 2);
  EXPECT_EQ((*r)["errors"].size(), 0u) << (*r)["errors"].dump();
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM ci_history"), history_before);
  auto again = cmdb_->ExportCisCsv(owner_, c);
  CMDB_ASSERT_OK(again);
  EXPECT_EQ(*again, *csv);
}

TEST_P(CiCsvTest, BadFilesAreRefusedWhole) {
  int64_t c = NewCustomer("Alpha");
  int64_t other = NewCustomer("Beta");
  struct Case {
    std::string csv;
    StatusCode code;
  } cases[] = {
      {"", StatusCode::kInvalidArgument},
      {"kind,name,colour\nserver,x,red\n", StatusCode::kInvalidArgument},
      {"kind,name,name\nserver,x,y\n", StatusCode::kInvalidArgument},
      {"kind,name\nserver,\"unterminated\n", StatusCode::kInvalidArgument},
  };
  for (const auto& tc : cases) {
    EXPECT_EQ(cmdb_->ImportCisCsv(AsOwner(), c, tc.csv, std::nullopt).status().code(), tc.code)
        << tc.csv;
  }
  auto mismatch = cmdb_->ImportCisCsv(
      AsOwner(), c, "customer_id,kind,name\n" + std::to_string(other) + ",server,x\n",
      std::nullopt);
  CMDB_ASSERT_OK(mismatch);
  EXPECT_EQ((*mismatch)["errors"][0]["field"], "customer_id");
  EXPECT_EQ(
      cmdb_->ImportCisCsv(AsOwner(), 987654, "kind,name\nserver,x\n", std::nullopt).status().code(),
      StatusCode::kNotFound);
  EXPECT_EQ(cmdb_->ImportCisCsv(AsOwner(), c, std::string(kMaxImportBytes + 1, 'x'), std::nullopt)
                .status()
                .code(),
            StatusCode::kPayloadTooLarge);
  EXPECT_EQ(CountOf("SELECT COUNT(*) AS n FROM cis"), 0);
}

INSTANTIATE_CMDB_TEST(CiCsvTest);

}  // namespace
}  // namespace steward::cmdb
