#include "server/servicedesk/rules/mail_routing.h"

#include <cctype>

#include "core/strings.h"

namespace steward::servicedesk {

namespace {

MailRoute Triage(std::string reason) {
  MailRoute r;
  r.outcome = MailOutcome::kTriage;
  r.reason = std::move(reason);
  return r;
}

}  // namespace

std::string_view MailOutcomeName(MailOutcome outcome) {
  switch (outcome) {
    case MailOutcome::kIgnored:
      return "ignored";
    case MailOutcome::kReply:
      return "reply";
    case MailOutcome::kConfirmation:
      return "confirmation";
    case MailOutcome::kNewTicket:
      return "ticket";
    case MailOutcome::kTriage:
      return "triage";
  }
  return "triage";
}

MailRoute RouteMail(const MailFacts& f) {
  MailRoute r;
  if (f.automated) {
    r.outcome = MailOutcome::kIgnored;
    r.reason = f.automated_reason;
    return r;
  }
  const MailSender& sender = f.sender;
  if (f.answered) {
    const AnsweredTicket& t = *f.answered;
    const bool of_customer = sender.customer_id && *sender.customer_id == t.customer_id;
    const bool requester = !f.from_address.empty() && t.requester_email &&
                           AsciiLower(*t.requester_email) == f.from_address;
    if (!of_customer && !requester) {
      return Triage("the sender does not belong to the customer of ticket " +
                    TicketReference(t.id));
    }
    if (t.status == TicketStatus::kClosed) {
      // A new matter on an old thread: a new ticket of that customer that
      // names the old one. A sender known as a contact of several customers
      // still goes to triage: staff pick.
      if (sender.ambiguous) return Triage("the sender is a contact of several customers");
      r.outcome = MailOutcome::kNewTicket;
      r.customer_id = t.customer_id;
      if (of_customer) r.contact_id = sender.contact_id;  // never another customer's contact
      r.follow_up_of = t.id;
      return r;
    }
    r.ticket_id = t.id;
    if (t.status == TicketStatus::kHoldResolution) {
      if (auto verdict = ConfirmationKeyword(f.body)) {
        r.outcome = MailOutcome::kConfirmation;
        r.resolved = *verdict;
        r.reason = *verdict ? "resolved" : "not resolved";
        return r;
      }
    }
    r.outcome = MailOutcome::kReply;
    return r;
  }
  if (sender.ambiguous) return Triage("the sender is a contact of several customers");
  if (!sender.customer_id) {
    return Triage(f.from_address.empty() ? "no sender address" : "unknown sender");
  }
  r.outcome = MailOutcome::kNewTicket;
  r.customer_id = sender.customer_id;
  r.contact_id = sender.contact_id;
  return r;
}

std::optional<bool> ConfirmationKeyword(std::string_view body) {
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string line = AsciiLower(body.substr(pos, end - pos));
    pos = end + 1;
    line.erase(0, line.find_first_not_of(" \t\r"));
    if (line.empty()) continue;
    if (line[0] == '>') return std::nullopt;
    if (line.find("not resolved") != std::string::npos ||
        line.find("unresolved") != std::string::npos ||
        line.find("nicht gelöst") != std::string::npos) {
      return false;
    }
    if (line.find("resolved") != std::string::npos || line.find("gelöst") != std::string::npos) {
      return true;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::string TicketReference(int64_t id) { return "T-" + std::to_string(id); }

std::optional<int64_t> ParseTicketReference(std::string_view subject) {
  // "[#T-123]" anywhere in the subject (after "Re: ", "AW: ", ...).
  size_t pos = 0;
  while ((pos = subject.find("[#T-", pos)) != std::string_view::npos) {
    size_t start = pos + 4, end = start;
    // At most 18 digits: always within int64_t.
    while (end < subject.size() && std::isdigit(static_cast<unsigned char>(subject[end])) &&
           end - start < 18) {
      ++end;
    }
    if (end > start && end < subject.size() && subject[end] == ']') {
      int64_t id = 0;
      for (size_t i = start; i < end; ++i) id = id * 10 + (subject[i] - '0');
      return id;
    }
    pos = start;
  }
  return std::nullopt;
}

}  // namespace steward::servicedesk
