// Reconciling a scan with a device's records: new packages start their
// clock, a newer candidate keeps the first-seen time and can only raise the
// class, and what is no longer reported was installed.
#include "server/patching/rules/report_reconcile.h"

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace steward::patching {
namespace {

using std::chrono::hours;

Timestamp At(const char* iso) { return *ParseIso8601(iso); }

PendingUpdate U(std::string package, std::string candidate, std::string severity = "") {
  PendingUpdate u;
  u.package = std::move(package);
  u.installed_version = "1.0-1";
  u.candidate_version = std::move(candidate);
  u.severity = std::move(severity);
  return u;
}

// Severity words as classes; a fixed 10-day deadline per class rank.
UpdateClass BySeverity(const PendingUpdate& u) {
  if (u.severity == "critical") return UpdateClass::kCritical;
  if (u.severity == "important") return UpdateClass::kImportant;
  return UpdateClass::kServiceRelease;
}
Timestamp TenDaysPerRank(UpdateClass c, Timestamp first_seen) {
  return first_seen + hours(24) * (10 * (static_cast<int>(c) + 1));
}

DeviceUpdate Record(int64_t id, PendingUpdate u, UpdateClass cls, Timestamp first_seen) {
  DeviceUpdate d;
  d.id = id;
  d.customer_id = 3;
  d.device_id = 7;
  d.update = std::move(u);
  d.cls = cls;
  d.first_seen = first_seen;
  d.last_seen = first_seen;
  d.deadline = TenDaysPerRank(cls, first_seen);
  return d;
}

TEST(ReportReconcileTest, ANewPackageStartsItsClockNow) {
  Timestamp now = At("2026-12-01T10:00:00Z");
  std::vector<PendingUpdate> scan = {U("openssl", "3.0.15-1", "important")};
  ReportChanges c = ReconcileReport({}, scan, 3, 7, now, BySeverity, TenDaysPerRank);
  ASSERT_EQ(c.added.size(), 1u);
  EXPECT_TRUE(c.kept.empty());
  EXPECT_TRUE(c.installed.empty());
  EXPECT_EQ(c.added[0].customer_id, 3);
  EXPECT_EQ(c.added[0].device_id, 7);
  EXPECT_EQ(c.added[0].cls, UpdateClass::kImportant);
  EXPECT_EQ(c.added[0].first_seen, now);
  EXPECT_EQ(c.added[0].deadline, TenDaysPerRank(UpdateClass::kImportant, now));
}

TEST(ReportReconcileTest, ANewerCandidateKeepsTheFirstSeenTimeAndItsDeadline) {
  Timestamp first = At("2026-11-01T10:00:00Z");
  Timestamp now = At("2026-11-20T10:00:00Z");
  std::vector<DeviceUpdate> pending = {
      Record(41, U("openssl", "3.0.14-1", "important"), UpdateClass::kImportant, first)};
  std::vector<PendingUpdate> scan = {U("openssl", "3.0.15-1", "important")};
  ReportChanges c = ReconcileReport(pending, scan, 3, 7, now, BySeverity, TenDaysPerRank);
  ASSERT_EQ(c.kept.size(), 1u);
  EXPECT_EQ(c.kept[0].id, 41);
  EXPECT_EQ(c.kept[0].update.candidate_version, "3.0.15-1");
  EXPECT_EQ(c.kept[0].first_seen, first) << "a new candidate must not restart the clock";
  EXPECT_EQ(c.kept[0].deadline, TenDaysPerRank(UpdateClass::kImportant, first));
  EXPECT_EQ(c.kept[0].last_seen, now);
  EXPECT_TRUE(c.added.empty());
}

TEST(ReportReconcileTest, TheClassOnlyBecomesMoreUrgentWhileTheUpdateWaits) {
  Timestamp first = At("2026-11-01T10:00:00Z");
  Timestamp now = At("2026-11-05T10:00:00Z");
  std::vector<DeviceUpdate> pending = {
      Record(1, U("bash", "5.2-2"), UpdateClass::kServiceRelease, first),
      Record(2, U("curl", "8.5-1", "critical"), UpdateClass::kCritical, first)};
  std::vector<PendingUpdate> scan = {U("bash", "5.2-3", "critical"), U("curl", "8.6-1")};
  ReportChanges c = ReconcileReport(pending, scan, 3, 7, now, BySeverity, TenDaysPerRank);
  ASSERT_EQ(c.kept.size(), 2u);
  EXPECT_EQ(c.kept[0].cls, UpdateClass::kCritical) << "raised by the newer candidate";
  EXPECT_EQ(c.kept[0].deadline, TenDaysPerRank(UpdateClass::kCritical, first));
  EXPECT_EQ(c.kept[1].cls, UpdateClass::kCritical) << "never lowered: no deadline laundering";
}

TEST(ReportReconcileTest, WhatIsNoLongerReportedWasInstalled) {
  Timestamp first = At("2026-11-01T10:00:00Z");
  std::vector<DeviceUpdate> pending = {
      Record(1, U("bash", "5.2-2"), UpdateClass::kServiceRelease, first),
      Record(2, U("curl", "8.5-1"), UpdateClass::kServiceRelease, first)};
  std::vector<PendingUpdate> scan = {U("curl", "8.5-1")};
  ReportChanges c =
      ReconcileReport(pending, scan, 3, 7, first + hours(1), BySeverity, TenDaysPerRank);
  EXPECT_EQ(c.installed, (std::vector<int64_t>{1}));
  ASSERT_EQ(c.kept.size(), 1u);
  EXPECT_EQ(c.kept[0].id, 2);
  // An empty scan: the device is fully patched.
  c = ReconcileReport(pending, {}, 3, 7, first + hours(1), BySeverity, TenDaysPerRank);
  EXPECT_EQ(c.installed.size(), 2u);
}

TEST(ReportReconcileTest, MoreUrgentFollowsTheDeadlineRules) {
  EXPECT_EQ(MoreUrgent(UpdateClass::kLow, UpdateClass::kModerate), UpdateClass::kModerate);
  EXPECT_EQ(MoreUrgent(UpdateClass::kMajorRevision, UpdateClass::kServiceRelease),
            UpdateClass::kServiceRelease);
  EXPECT_EQ(MoreUrgent(UpdateClass::kCritical, UpdateClass::kImportant), UpdateClass::kCritical);
}

}  // namespace
}  // namespace steward::patching
