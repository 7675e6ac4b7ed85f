// Conflict detection when scheduling: another change on the same or a
// related CI at an overlapping time, a planned window that no occurrence of
// a CI's change windows holds, and a freeze; an emergency change is told of
// windows and freezes but only overlaps stop it.
#include "server/change/rules/schedule_conflicts.h"

#include <gtest/gtest.h>

#include "core/time_format.h"
#include "server/patching/rules/recurrence.h"

namespace steward::change {
namespace {

Timestamp At(const char* iso) { return *ParseIso8601(iso); }

// Saturdays 22:00 for 4 hours in Europe/Berlin.
CiWindows SaturdayNights(int64_t ci) {
  patching::ChangeWindow w;
  w.id = 1;
  w.rule = {*patching::ParseRRule("FREQ=WEEKLY;BYDAY=SA"),
            *patching::ParseLocalStart("2026-11-07T22:00"), 240};
  return {ci, "mail01", {w}, date::locate_zone("Europe/Berlin")};
}

ScheduleFacts Facts(const char* start, const char* end) {
  ScheduleFacts f;
  f.planned = {At(start), At(end)};
  f.ci_ids = {7};
  return f;
}

TEST(ScheduleConflictsTest, AnotherChangeOnTheSameOrARelatedCiOverlaps) {
  ScheduleFacts f = Facts("2026-12-12T21:00:00Z", "2026-12-12T22:00:00Z");
  f.relations = {{7, 8}, {9, 10}};
  f.others = {
      {20, "Same CI", {At("2026-12-12T21:30:00Z"), At("2026-12-12T23:00:00Z")}, {7}},
      {21, "Related CI", {At("2026-12-12T20:00:00Z"), At("2026-12-12T21:30:00Z")}, {8}},
      {22, "Unrelated CI", {At("2026-12-12T21:00:00Z"), At("2026-12-12T22:00:00Z")}, {10}},
      {23, "Back to back", {At("2026-12-12T22:00:00Z"), At("2026-12-12T23:00:00Z")}, {7}},
  };
  auto conflicts = FindConflicts(f);
  ASSERT_EQ(conflicts.size(), 2u);
  EXPECT_EQ(conflicts[0].kind, ConflictKind::kOverlap);
  EXPECT_EQ(conflicts[0].change_id, 20);
  EXPECT_NE(conflicts[0].message.find("the same CI #7"), std::string::npos);
  EXPECT_EQ(conflicts[1].change_id, 21);
  EXPECT_NE(conflicts[1].message.find("a related CI #8"), std::string::npos);
  EXPECT_TRUE(conflicts[1].blocking);
}

TEST(ScheduleConflictsTest, TheWholePlannedWindowMustFitOneOccurrence) {
  // 12 December 2026 is a Saturday; 22:00 in Berlin is 21:00 UTC.
  ScheduleFacts inside = Facts("2026-12-12T21:30:00Z", "2026-12-13T01:00:00Z");
  inside.windows = {SaturdayNights(7)};
  EXPECT_TRUE(FindConflicts(inside).empty());

  ScheduleFacts overruns = Facts("2026-12-12T23:00:00Z", "2026-12-13T01:30:00Z");
  overruns.windows = {SaturdayNights(7)};
  auto conflicts = FindConflicts(overruns);
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].kind, ConflictKind::kOutsideWindow);
  EXPECT_EQ(conflicts[0].ci_id, 7);
  EXPECT_NE(conflicts[0].message.find("outside the change windows of mail01"), std::string::npos);

  ScheduleFacts weekday = Facts("2026-12-09T21:00:00Z", "2026-12-09T22:00:00Z");
  weekday.windows = {SaturdayNights(7)};
  conflicts = FindConflicts(weekday);
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_NE(conflicts[0].message.find("the next opens 2026-12-12T21:00:00Z"), std::string::npos)
      << conflicts[0].message;

  ScheduleFacts unrestricted = Facts("2026-12-09T21:00:00Z", "2026-12-09T22:00:00Z");
  unrestricted.windows = {{7, "mail01", {}, date::locate_zone("Europe/Berlin")}};
  EXPECT_TRUE(FindConflicts(unrestricted).empty()) << "no windows: not restricted";
}

TEST(ScheduleConflictsTest, AWindowAcrossTheDstChangeHoldsItsLocalTime) {
  // 28 March 2026 is a Saturday; Berlin moves to summer time at 02:00 on
  // the 29th, so a 22:00 + 4 h window ends at 03:00 local, 01:00 UTC.
  ScheduleFacts f = Facts("2026-03-28T21:00:00Z", "2026-03-29T01:00:00Z");
  f.windows = {SaturdayNights(7)};
  f.windows[0].windows[0].rule.start = *patching::ParseLocalStart("2026-03-07T22:00");
  EXPECT_TRUE(FindConflicts(f).empty());
  f.planned.end = At("2026-03-29T01:30:00Z");
  EXPECT_EQ(FindConflicts(f).size(), 1u);
}

TEST(ScheduleConflictsTest, AFreezeBlocksAllButAnEmergency) {
  ScheduleFacts f = Facts("2026-12-24T10:00:00Z", "2026-12-24T11:00:00Z");
  Freeze freeze;
  freeze.id = 4;
  freeze.name = "Year-end close";
  freeze.starts_at = At("2026-12-20T00:00:00Z");
  freeze.ends_at = At("2027-01-04T00:00:00Z");
  f.freezes = {freeze};
  f.windows = {SaturdayNights(7)};
  auto conflicts = FindConflicts(f);
  ASSERT_EQ(conflicts.size(), 2u);
  EXPECT_EQ(conflicts[1].kind, ConflictKind::kFreeze);
  EXPECT_EQ(conflicts[1].freeze_id, 4);
  EXPECT_NE(DescribeBlocking(conflicts).find("inside the freeze \"Year-end close\""),
            std::string::npos);
  f.type = ChangeType::kEmergency;
  conflicts = FindConflicts(f);
  ASSERT_EQ(conflicts.size(), 2u) << "still reported";
  EXPECT_FALSE(conflicts[0].blocking);
  EXPECT_FALSE(conflicts[1].blocking);
  EXPECT_EQ(DescribeBlocking(conflicts), "");
}

}  // namespace
}  // namespace steward::change
