#include "server/servicedesk/incident_groups.h"

#include <gtest/gtest.h>

namespace steward::servicedesk {
namespace {

constexpr int64_t kDay = 24 * 3600 * 1000;
constexpr auto kWeek = std::chrono::milliseconds(7 * kDay);

IncidentSample At(int64_t id, int64_t at, std::vector<int64_t> cis, std::string symptom = "") {
  return {id, at, std::move(cis), std::move(symptom)};
}

TEST(GroupRepeatingIncidents, ThreeOnOneCiWithinTheWindow) {
  const int64_t now = 100 * kDay;
  std::vector<IncidentSample> in = {At(1, now - 6 * kDay, {7}), At(2, now - 2 * kDay, {7, 8}),
                                    At(3, now - 1, {7}), At(4, now - kDay, {8})};
  auto groups = GroupRepeatingIncidents(in, 3, kWeek, now);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].kind, "ci");
  EXPECT_EQ(groups[0].ci_id, 7);
  EXPECT_EQ(groups[0].ticket_ids, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(groups[0].first_at, now - 6 * kDay);
  EXPECT_EQ(groups[0].last_at, now - 1);
  // Two are not enough; with N = 2 CI 8 qualifies too.
  EXPECT_EQ(GroupRepeatingIncidents(in, 2, kWeek, now).size(), 2u);
}

TEST(GroupRepeatingIncidents, OldIncidentsDropOut) {
  const int64_t now = 100 * kDay;
  std::vector<IncidentSample> in = {At(1, now - 8 * kDay, {7}), At(2, now - 2 * kDay, {7}),
                                    At(3, now - kDay, {7})};
  EXPECT_TRUE(GroupRepeatingIncidents(in, 3, kWeek, now).empty());
  // Exactly M days old is outside: the window is (now - M, now].
  in[0].created_at = now - 7 * kDay;
  EXPECT_TRUE(GroupRepeatingIncidents(in, 3, kWeek, now).empty());
  in[0].created_at = now - 7 * kDay + 1;
  EXPECT_EQ(GroupRepeatingIncidents(in, 3, kWeek, now).size(), 1u);
  // Incidents after `now` (clock skew) are not counted either.
  in[0].created_at = now + 1;
  EXPECT_TRUE(GroupRepeatingIncidents(in, 3, kWeek, now).empty());
}

TEST(GroupRepeatingIncidents, SymptomGroupsAcrossCustomersAndOrder) {
  const int64_t now = 100 * kDay;
  std::vector<IncidentSample> in = {At(1, now - 3 * kDay, {}, "vpn drops"),
                                    At(2, now - 2 * kDay, {}, "vpn drops"),
                                    At(3, now - kDay, {}, "vpn drops"),
                                    At(4, now - kDay, {}, "vpn drops"),
                                    At(5, now - 5, {9}, ""),
                                    At(6, now - 4, {9}, ""),
                                    At(7, now - 3, {9}, "")};
  auto groups = GroupRepeatingIncidents(in, 3, kWeek, now);
  ASSERT_EQ(groups.size(), 2u);
  // Largest first.
  EXPECT_EQ(groups[0].kind, "symptom");
  EXPECT_EQ(groups[0].symptom, "vpn drops");
  EXPECT_EQ(groups[0].ticket_ids.size(), 4u);
  EXPECT_EQ(groups[1].kind, "ci");
  // Empty symptoms never group.
  for (const auto& g : groups) EXPECT_FALSE(g.kind == "symptom" && g.symptom.empty());
}

}  // namespace
}  // namespace steward::servicedesk
