// What the customer's people see of a ticket, the closing record, and how the
// global search reads what was typed.
#include "server/servicedesk/rules/ticket_view.h"

#include <gtest/gtest.h>

namespace steward::servicedesk {
namespace {

TEST(TicketViewTest, CustomersDoNotSeeStaffSideHistory) {
  EXPECT_TRUE(CustomerSeesEvent("status"));
  EXPECT_TRUE(CustomerSeesEvent("assignee"));
  EXPECT_FALSE(CustomerSeesEvent("technical_escalation"));
  EXPECT_FALSE(CustomerSeesEvent("kb_link"));
  EXPECT_FALSE(CustomerSeesEvent("kb_unlink"));
}

TEST(TicketViewTest, ClosureRecordOnlyForClosedTickets) {
  Ticket t;
  t.status = TicketStatus::kHoldResolution;
  t.created_at = 0;
  EXPECT_FALSE(MakeClosureRecord(t, {}).has_value());

  t.status = TicketStatus::kClosed;
  t.description = "Printer offline";
  t.resolution = "Replaced the network cable";
  t.resolved_at = 90 * 60000;  // resolved after 90 minutes
  t.closed_at = 600 * 60000;   // confirmed much later
  t.resolved_by = 4;
  auto c = MakeClosureRecord(t, {});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->minutes_to_resolve, 90);  // time to resolve, not to confirm
  EXPECT_EQ(c->details, "Printer offline");
  EXPECT_EQ(c->actions_taken, "Replaced the network cable");
  EXPECT_TRUE(c->sla_met);
  EXPECT_FALSE(MakeClosureRecord(t, {{"response", 1, 1}})->sla_met);

  t.resolved_at.reset();  // closed without a resolution step (auto-close of an old ticket)
  EXPECT_EQ(MakeClosureRecord(t, {})->minutes_to_resolve, 600);
}

TEST(TicketViewTest, SearchReadsReferencesAndWords) {
  EXPECT_EQ(ParseTicketSearch("#42")->reference, 42);
  EXPECT_EQ(ParseTicketSearch("42")->reference, 42);
  auto words = ParseTicketSearch("printer  offline\tagain");
  ASSERT_TRUE(words.has_value());
  EXPECT_FALSE(words->reference.has_value());
  EXPECT_EQ(words->words, (std::vector<std::string>{"printer", "offline", "again"}));
  // Not a reference: too long for an id, a sign, mixed text, several words.
  EXPECT_FALSE(ParseTicketSearch("1234567890123456789")->reference.has_value());
  EXPECT_FALSE(ParseTicketSearch("#-1")->reference.has_value());
  EXPECT_FALSE(ParseTicketSearch("#12a")->reference.has_value());
  EXPECT_FALSE(ParseTicketSearch("12 13")->reference.has_value());
  EXPECT_FALSE(ParseTicketSearch("#")->reference.has_value());
  // Nothing to search.
  EXPECT_FALSE(ParseTicketSearch("").has_value());
  EXPECT_FALSE(ParseTicketSearch("   ").has_value());
  EXPECT_FALSE(ParseTicketSearch("a b c d e f g h i").has_value());
}

}  // namespace
}  // namespace steward::servicedesk
