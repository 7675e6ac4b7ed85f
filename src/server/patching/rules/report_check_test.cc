// A scan report is bounded and every refusal names its field.
#include "server/patching/rules/report_check.h"

#include <gtest/gtest.h>

namespace steward::patching {
namespace {

UpdateReport Valid() {
  UpdateReport r;
  PendingUpdate u;
  u.package = "openssl";
  u.installed_version = "3.0.14-1~deb12u1";
  u.candidate_version = "3.0.15-1~deb12u1";
  u.origin = "Debian-Security:12/stable-security";
  u.cves = {"CVE-2024-5535", "CVE-2024-123456"};
  u.advisories = {"DSA-5764-1"};
  r.updates.push_back(u);
  return r;
}

void ExpectRefused(const UpdateReport& r, const std::string& field) {
  Status s = CheckUpdateReport(r);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << field;
  EXPECT_EQ(s.field(), field) << s.message();
}

TEST(ReportCheckTest, AValidReportAndAnEmptyOnePass) {
  EXPECT_TRUE(CheckUpdateReport(Valid()).ok());
  EXPECT_TRUE(CheckUpdateReport(UpdateReport{}).ok()) << "nothing pending: fully patched";
}

TEST(ReportCheckTest, EveryBadFieldIsNamed) {
  UpdateReport r = Valid();
  r.updates[0].package = "";
  ExpectRefused(r, "updates[0].package");
  r = Valid();
  r.updates[0].candidate_version = "";
  ExpectRefused(r, "updates[0].candidate_version");
  r = Valid();
  r.updates[0].origin = std::string(201, 'x');
  ExpectRefused(r, "updates[0].origin");
  r = Valid();
  r.updates[0].severity = "high\nInjected: yes";
  ExpectRefused(r, "updates[0].severity");
  r = Valid();
  r.updates[0].cves[1] = "CVE-24-1";
  ExpectRefused(r, "updates[0].cves[1]");
  r = Valid();
  r.updates[0].cves[0] = "CVE-2024-12a4";
  ExpectRefused(r, "updates[0].cves[0]");
  r = Valid();
  r.updates[0].advisories[0] = "";
  ExpectRefused(r, "updates[0].advisories[0]");
  r = Valid();
  r.updates.push_back(r.updates[0]);
  ExpectRefused(r, "updates[1].package");
}

TEST(ReportCheckTest, ReportsAndListsAreBounded) {
  UpdateReport r;
  for (size_t i = 0; i <= kMaxUpdatesPerReport; ++i) {
    PendingUpdate u;
    u.package = "p" + std::to_string(i);
    u.candidate_version = "1";
    r.updates.push_back(u);
  }
  ExpectRefused(r, "updates");
  r.updates.pop_back();
  EXPECT_TRUE(CheckUpdateReport(r).ok());
  UpdateReport many = Valid();
  many.updates[0].cves.assign(101, "CVE-2024-5535");
  ExpectRefused(many, "updates[0].cves");
}

}  // namespace
}  // namespace steward::patching
