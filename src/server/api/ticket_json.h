// The tickets' wire format: request bodies read into the typed commands of
// servicedesk::TicketService (with the field-level validation errors the API
// promises), and tickets, replies and the full view written back as JSON.
// The one place a ticket meets JSON.
#pragma once

#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "server/servicedesk/model/ticket.h"
#include "server/servicedesk/ticket_service.h"

namespace steward::api {

// --- Requests -------------------------------------------------------------
Result<servicedesk::NewTicketRequest> ReadNewTicket(const Json& body);
Result<servicedesk::TicketChange> ReadTicketChange(const Json& body);
Result<servicedesk::NewReply> ReadReply(const Json& body);
Result<servicedesk::Confirmation> ReadConfirmation(const Json& body);
Result<servicedesk::TechnicalEscalation> ReadEscalation(const Json& body);

// --- Responses ------------------------------------------------------------
Json TicketJson(const servicedesk::Ticket& t);
// A queue: {"tickets":[ticket + "breached"]}.
Json TicketListJson(const std::vector<servicedesk::TicketListItem>& items);
// The global search's entries {"type":"ticket","id","title":"#id subject","customer_id"}.
Json TicketSearchJson(const std::vector<servicedesk::TicketSearchHit>& hits);
Json ReplyJson(const servicedesk::TicketReply& r);
Json AttachmentJson(const servicedesk::TicketAttachment& a);
// The full view: the ticket with ci_ids, kb_articles, problem, replies,
// attachments, history, transfers, (staff) technical_escalations,
// escalations, breaches, rfc and closure.
Json TicketDetailJson(const servicedesk::TicketDetail& d);

}  // namespace steward::api
