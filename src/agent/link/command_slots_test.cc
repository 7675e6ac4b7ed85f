#include "agent/link/command_slots.h"

#include <gtest/gtest.h>

namespace steward::agent {
namespace {

proto::CommandEnvelope Envelope(int64_t id) {
  proto::CommandEnvelope e;
  e.command_id = id;
  return e;
}

TEST(CommandSlotsTest, AnIdLivesInExactlyOnePlaceUntilItFinishes) {
  CommandSlots slots(1, 2);
  EXPECT_FALSE(slots.Knows(7));
  slots.BeginCheck(7);
  EXPECT_TRUE(slots.Knows(7));
  slots.EndCheck(7);
  EXPECT_FALSE(slots.Knows(7)) << "a refused command is forgotten";
  ASSERT_TRUE(slots.CanStart());
  slots.Start(7);
  EXPECT_TRUE(slots.Knows(7));
  EXPECT_FALSE(slots.CanStart());
  slots.Enqueue(Envelope(8));
  EXPECT_TRUE(slots.Knows(8));
  EXPECT_FALSE(slots.NextToStart()) << "no free slot yet";
  slots.Finish(7);
  EXPECT_FALSE(slots.Knows(7));
  auto next = slots.NextToStart();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->command_id, 8);
}

TEST(CommandSlotsTest, FullCountsCheckingQueuedAndRunning) {
  CommandSlots slots(1, 2);
  slots.Start(1);
  slots.Enqueue(Envelope(2));
  EXPECT_FALSE(slots.Full());
  slots.BeginCheck(3);
  EXPECT_TRUE(slots.Full());
  slots.EndCheck(3);
  EXPECT_FALSE(slots.Full());
}

TEST(CommandSlotsTest, AQueuedCommandKeepsItsTurn) {
  CommandSlots slots(2, 2);
  slots.Start(1);
  slots.Enqueue(Envelope(2));
  EXPECT_FALSE(slots.CanStart()) << "a free slot goes to the queue first";
}

TEST(CommandSlotsTest, LimitsAreAtLeastOne) {
  CommandSlots slots(0, 0);
  EXPECT_TRUE(slots.CanStart());
  slots.Start(1);
  EXPECT_FALSE(slots.Full());
  slots.BeginCheck(2);
  EXPECT_TRUE(slots.Full());
}

}  // namespace
}  // namespace steward::agent
