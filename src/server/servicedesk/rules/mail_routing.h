// Where a received message goes (SPEC §5's e-mail intake), as one pure
// decision over what the intake looked up: automated mail is ignored; a
// message answering a ticket of the sender's customer (or from the address
// that opened it) is a reply, or — while the ticket waits in
// hold_resolution and the first line says so — the confirmation of its
// resolution; an answer on a closed ticket opens a follow-up ticket; a known
// sender opens a new ticket; anything else goes to triage with the reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/servicedesk/model/ticket_status.h"

namespace steward::servicedesk {

// The customer a sender belongs to: a contact with that address, else a
// customer owning the address's domain; ambiguous when the address is a
// contact of several customers.
struct MailSender {
  std::optional<int64_t> customer_id;
  std::optional<int64_t> contact_id;
  bool ambiguous = false;
};

// The ticket a message answers (by the reference in its subject or the mail
// it replies to).
struct AnsweredTicket {
  int64_t id = 0;
  int64_t customer_id = 0;
  TicketStatus status = TicketStatus::kNew;
  std::optional<std::string> requester_email;
};

struct MailFacts {
  bool automated = false;
  std::string automated_reason;
  std::string from_address;  // lower case; empty when there is none
  MailSender sender;
  std::optional<AnsweredTicket> answered;
  std::string body;  // the text the customer wrote
};

enum class MailOutcome { kIgnored, kReply, kConfirmation, kNewTicket, kTriage };
std::string_view MailOutcomeName(MailOutcome outcome);  // "ignored", "reply", … "ticket"

struct MailRoute {
  MailOutcome outcome = MailOutcome::kTriage;
  std::string reason;                // why (ignored, triage, the confirmation's verdict)
  std::optional<int64_t> ticket_id;  // the ticket replied to or confirmed
  std::optional<bool> resolved;      // a confirmation's verdict
  // A new ticket's customer and contact; without a contact, mail about it
  // goes to the sender's address.
  std::optional<int64_t> customer_id;
  std::optional<int64_t> contact_id;
  // A new ticket that follows up on this closed one.
  std::optional<int64_t> follow_up_of;
};

MailRoute RouteMail(const MailFacts& facts);

// RESOLVED / NOT RESOLVED (or German gelöst / nicht gelöst) on the first
// line the customer wrote; quoted lines and the rest are not read (they
// quote our request). Nullopt when the first line says neither.
std::optional<bool> ConfirmationKeyword(std::string_view body);

// "T-42": the reference customer mail carries as "[#T-42]" in its subject.
std::string TicketReference(int64_t id);
std::optional<int64_t> ParseTicketReference(std::string_view subject);

}  // namespace steward::servicedesk
