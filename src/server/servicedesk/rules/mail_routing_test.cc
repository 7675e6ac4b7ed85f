// Where received mail goes, decided without a database: each branch of the
// intake's routing and the confirmation keywords.
#include "server/servicedesk/rules/mail_routing.h"

#include <gtest/gtest.h>

namespace steward::servicedesk {
namespace {

constexpr int64_t kAcme = 1, kBeta = 2;

MailFacts From(std::optional<int64_t> customer, std::optional<int64_t> contact = std::nullopt) {
  MailFacts f;
  f.from_address = "anna@acme.example";
  f.sender.customer_id = customer;
  f.sender.contact_id = contact;
  f.body = "Hello";
  return f;
}

AnsweredTicket AnsweredAt(int64_t customer, TicketStatus status) {
  return {42, customer, status, std::nullopt};
}

TEST(MailRoutingTest, AutomatedMailIsIgnoredWhateverElseItIs) {
  MailFacts f = From(kAcme, 7);
  f.automated = true;
  f.automated_reason = "Auto-Submitted: auto-replied";
  f.answered = AnsweredAt(kAcme, TicketStatus::kOpen);
  MailRoute r = RouteMail(f);
  EXPECT_EQ(r.outcome, MailOutcome::kIgnored);
  EXPECT_EQ(r.reason, "Auto-Submitted: auto-replied");
  EXPECT_FALSE(r.ticket_id.has_value());
}

TEST(MailRoutingTest, AKnownSenderOpensATicket) {
  MailRoute r = RouteMail(From(kAcme, 7));
  EXPECT_EQ(r.outcome, MailOutcome::kNewTicket);
  EXPECT_EQ(r.customer_id, kAcme);
  EXPECT_EQ(r.contact_id, 7);
  // Matched by domain only: a ticket without a contact.
  r = RouteMail(From(kAcme));
  EXPECT_EQ(r.outcome, MailOutcome::kNewTicket);
  EXPECT_FALSE(r.contact_id.has_value());
}

TEST(MailRoutingTest, UnknownAmbiguousAndAnonymousSendersGoToTriage) {
  EXPECT_EQ(RouteMail(From(std::nullopt)).reason, "unknown sender");
  MailFacts ambiguous = From(std::nullopt);
  ambiguous.sender.ambiguous = true;
  EXPECT_EQ(RouteMail(ambiguous).outcome, MailOutcome::kTriage);
  EXPECT_EQ(RouteMail(ambiguous).reason, "the sender is a contact of several customers");
  MailFacts anonymous = From(std::nullopt);
  anonymous.from_address.clear();
  EXPECT_EQ(RouteMail(anonymous).reason, "no sender address");
}

TEST(MailRoutingTest, AnAnswerFromTheCustomerIsAReply) {
  MailFacts f = From(kAcme, 7);
  f.answered = AnsweredAt(kAcme, TicketStatus::kOpen);
  MailRoute r = RouteMail(f);
  EXPECT_EQ(r.outcome, MailOutcome::kReply);
  EXPECT_EQ(r.ticket_id, 42);
}

TEST(MailRoutingTest, TheRequesterMayAnswerWithoutBeingAContact) {
  MailFacts f = From(std::nullopt);
  AnsweredTicket t = AnsweredAt(kAcme, TicketStatus::kOpen);
  t.requester_email = "Anna@Acme.Example";  // compared without case
  f.answered = t;
  EXPECT_EQ(RouteMail(f).outcome, MailOutcome::kReply);
}

TEST(MailRoutingTest, AStrangerAnsweringOnATicketGoesToTriage) {
  MailFacts f = From(kBeta, 9);
  f.answered = AnsweredAt(kAcme, TicketStatus::kOpen);
  MailRoute r = RouteMail(f);
  EXPECT_EQ(r.outcome, MailOutcome::kTriage);
  EXPECT_EQ(r.reason, "the sender does not belong to the customer of ticket T-42");
  EXPECT_FALSE(r.ticket_id.has_value());
}

TEST(MailRoutingTest, AnAnswerToAResolutionConfirmsOrReopens) {
  MailFacts f = From(kAcme, 7);
  f.answered = AnsweredAt(kAcme, TicketStatus::kHoldResolution);
  f.body = "Resolved, thanks!\n\n> Has your problem been resolved?";
  MailRoute r = RouteMail(f);
  EXPECT_EQ(r.outcome, MailOutcome::kConfirmation);
  EXPECT_EQ(r.resolved, true);
  f.body = "  NOT resolved - it happened again this morning";
  r = RouteMail(f);
  EXPECT_EQ(r.outcome, MailOutcome::kConfirmation);
  EXPECT_EQ(r.resolved, false);
  // No verdict on the first line: an ordinary reply.
  f.body = "I will check tomorrow.\nresolved?";
  EXPECT_EQ(RouteMail(f).outcome, MailOutcome::kReply);
}

TEST(MailRoutingTest, AnAnswerOnAClosedTicketOpensAFollowUp) {
  MailFacts f = From(kAcme, 7);
  f.answered = AnsweredAt(kAcme, TicketStatus::kClosed);
  MailRoute r = RouteMail(f);
  EXPECT_EQ(r.outcome, MailOutcome::kNewTicket);
  EXPECT_EQ(r.follow_up_of, 42);
  EXPECT_EQ(r.customer_id, kAcme);
  EXPECT_EQ(r.contact_id, 7);
  // The requester of another customer's domain: the ticket's customer, and
  // never their contact record of another customer.
  MailFacts other = From(kBeta, 9);
  AnsweredTicket t = AnsweredAt(kAcme, TicketStatus::kClosed);
  t.requester_email = "anna@acme.example";
  other.answered = t;
  r = RouteMail(other);
  EXPECT_EQ(r.outcome, MailOutcome::kNewTicket);
  EXPECT_EQ(r.customer_id, kAcme);
  EXPECT_FALSE(r.contact_id.has_value());
}

TEST(MailRoutingTest, ConfirmationKeywords) {
  EXPECT_EQ(ConfirmationKeyword("resolved"), true);
  EXPECT_EQ(ConfirmationKeyword("\n\n  Gelöst, danke"), true);
  EXPECT_EQ(ConfirmationKeyword("nicht gelöst"), false);
  EXPECT_EQ(ConfirmationKeyword("Unresolved"), false);
  EXPECT_EQ(ConfirmationKeyword("> resolved"), std::nullopt);  // only quoted text
  EXPECT_EQ(ConfirmationKeyword(""), std::nullopt);
  EXPECT_EQ(ConfirmationKeyword("thanks"), std::nullopt);
}

TEST(MailRoutingTest, TicketReferences) {
  EXPECT_EQ(TicketReference(42), "T-42");
  EXPECT_EQ(ParseTicketReference("Re: [#T-42] Printer"), 42);
  EXPECT_EQ(ParseTicketReference("AW: [#T-x] [#T-7]"), 7);
  EXPECT_EQ(ParseTicketReference("[#T-42"), std::nullopt);
  EXPECT_EQ(ParseTicketReference("[#T-]"), std::nullopt);
  EXPECT_EQ(ParseTicketReference("[#T-1234567890123456789]"), std::nullopt);  // 19 digits
  EXPECT_EQ(ParseTicketReference("[#T-123456789012345678]"), 123456789012345678);
}

}  // namespace
}  // namespace steward::servicedesk
