#include "server/cmdb/record_fields.h"

#include <gtest/gtest.h>

#include "server/cmdb/cmdb_fields.h"

namespace steward::cmdb {
namespace {

Result<Json> Parse(const Json& body, const FieldSpecs& specs, ParseMode mode) {
  ObjectReader r(body);
  return ParseFields(r, body, specs, mode);
}

void ExpectRefused(const Json& body, const FieldSpecs& specs, ParseMode mode,
                   const std::string& field) {
  auto r = Parse(body, specs, mode);
  ASSERT_FALSE(r.ok()) << body.dump();
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << body.dump();
  EXPECT_EQ(r.status().field(), field) << body.dump() << " -> " << r.status().ToString();
}

TEST(RecordFieldsTest, CreateFillsDefaultsAndNulls) {
  auto r = Parse({{"customer_id", 3}, {"kind", "server"}, {"name", "srv"}}, CiFields(),
                 ParseMode::kCreate);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["criticality"], "medium");
  EXPECT_EQ((*r)["status"], "active");
  EXPECT_EQ((*r)["hardware"], Json::object());
  EXPECT_EQ((*r)["installed_software"], Json::array());
  EXPECT_TRUE((*r)["serial_number"].is_null());
  EXPECT_EQ(r->size(), CiFields().size());
}

TEST(RecordFieldsTest, PatchHoldsOnlyWhatWasSent) {
  auto r = Parse({{"name", "new"}, {"notes", nullptr}}, CiFields(), ParseMode::kPatch);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (Json{{"name", "new"}, {"notes", nullptr}}));
}

TEST(RecordFieldsTest, RefusalsNameTheField) {
  const auto create = ParseMode::kCreate;
  const auto patch = ParseMode::kPatch;
  Json base = {{"customer_id", 1}, {"kind", "server"}, {"name", "x"}};
  auto with = [&](const char* key, Json v) {
    Json b = base;
    b[key] = std::move(v);
    return b;
  };
  ExpectRefused({{"kind", "server"}, {"name", "x"}}, CiFields(), create, "customer_id");
  ExpectRefused(with("colour", "red"), CiFields(), create, "colour");
  ExpectRefused(with("kind", "toaster"), CiFields(), create, "kind");
  ExpectRefused(with("name", ""), CiFields(), create, "name");
  ExpectRefused(with("name", std::string(201, 'n')), CiFields(), create, "name");
  ExpectRefused(with("name", "line\nbreak"), CiFields(), create, "name");
  ExpectRefused(with("serial_number", 42), CiFields(), create, "serial_number");
  ExpectRefused(with("warranty_expires", "2026-02-30"), CiFields(), create, "warranty_expires");
  ExpectRefused(with("warranty_expires", "30.06.2027"), CiFields(), create, "warranty_expires");
  ExpectRefused(with("migration_date", "2026-11-22T00:00:00Z"), CiFields(), create,
                "migration_date");
  ExpectRefused(with("max_downtime_minutes", -1), CiFields(), create, "max_downtime_minutes");
  ExpectRefused(with("hardware", Json::array()), CiFields(), create, "hardware");
  ExpectRefused(with("hardware", nullptr), CiFields(), create, "hardware");
  ExpectRefused(with("criticality", nullptr), CiFields(), create, "criticality");
  ExpectRefused(with("installed_software", Json::array({{{"version", "1"}}})), CiFields(), create,
                "installed_software[0].name");
  ExpectRefused(with("installed_software", Json::array({{{"name", "a"}, {"vendor", "b"}}})),
                CiFields(), create, "installed_software[0].vendor");
  ExpectRefused(with("installed_software", Json::object()), CiFields(), create,
                "installed_software");
  ExpectRefused({{"customer_id", 2}}, CiFields(), patch, "customer_id");
  ExpectRefused({{"name", nullptr}}, CiFields(), patch, "name");
  ExpectRefused({{"website", "javascript:alert(1)"}}, CustomerFields(), patch, "website");
  ExpectRefused({{"email", "not-an-address"}}, ContactFields(), patch, "email");
  ExpectRefused({{"is_primary", "yes"}}, ContactFields(), patch, "is_primary");
}

TEST(RecordFieldsTest, AcceptsMultilineNotesAndNormalisesEmptyText) {
  auto ci = Parse({{"notes", "line 1\nline 2\ttab"}, {"serial_number", ""}}, CiFields(),
                  ParseMode::kPatch);
  ASSERT_TRUE(ci.ok()) << ci.status().ToString();
  EXPECT_EQ((*ci)["notes"], "line 1\nline 2\ttab");
  EXPECT_TRUE((*ci)["serial_number"].is_null());
  auto customer =
      Parse({{"website", "HTTPS://Example.com/x"}}, CustomerFields(), ParseMode::kPatch);
  EXPECT_TRUE(customer.ok()) << customer.status().ToString();
}

TEST(RecordFieldsTest, BindAndHistoryTextFollowTheTable) {
  Json record = {{"name", "x"}, {"calendar_id", 7}, {"notes", nullptr}};
  storage::Params params;
  BindFields(record, CustomerFields(), params);
  ASSERT_EQ(params.size(), CustomerFields().size());
  EXPECT_EQ(std::get<std::string>(params[0].variant()), "x");  // name is first
  EXPECT_TRUE(params[1].is_null());                            // code: absent
  EXPECT_EQ(std::get<int64_t>(params.back().variant()), 7);    // calendar_id is last

  EXPECT_EQ(HistoryText(nullptr), std::nullopt);
  EXPECT_EQ(HistoryText("text"), "text");
  EXPECT_EQ(HistoryText(42), "42");
  EXPECT_EQ(HistoryText(Json{{"ram_gb", 16}}), "{\"ram_gb\":16}");
}

TEST(RecordFieldsTest, DatesMustExist) {
  EXPECT_TRUE(IsDate("2028-02-29"));
  EXPECT_FALSE(IsDate("2027-02-29"));
  EXPECT_FALSE(IsDate("2027-13-01"));
  EXPECT_FALSE(IsDate("2027-1-01"));
  EXPECT_FALSE(IsDate(""));
}

}  // namespace
}  // namespace steward::cmdb
