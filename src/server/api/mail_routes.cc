// The service desk's mail routes: ticket attachments (upload, list,
// download), the intake log with its triage queue (a message from an unknown
// sender becomes a ticket of the customer staff pick), and the e-mail domains
// that map senders to customers. Handlers parse the request and call
// ServiceDesk, which applies the caller's tenant scope.
#include <limits>

#include "server/api/ticket_json.h"
#include "server/api/ticket_routes_common.h"
#include "server/cmdb/cmdb_service.h"
#include "server/cmdb/document_files.h"
#include "server/servicedesk/servicedesk_service.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;
using servicedesk::ServiceDesk;
using servicedesk::TicketService;

namespace {

constexpr RoleSet kCustomerWriters = {Role::kOwner, Role::kServiceManager, Role::kAccountManager};

Json AttachmentSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"ticket_id", "integer"},
                       {"reply_id", "integer"},
                       {"internal", "boolean"},
                       {"file_name", "string"},
                       {"content_type", "string"},
                       {"size_bytes", "integer"},
                       {"truncated", "boolean"},
                       {"original_size", "integer"},
                       {"source", "string"},
                       {"created_at", "string"}});
}

Json MailMessageSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"message_id", "string"},
                       {"from_address", "string"},
                       {"from_name", "string"},
                       {"subject", "string"},
                       {"body", "string"},
                       {"outcome", "string"},
                       {"reason", "string"},
                       {"customer_id", "integer"},
                       {"ticket_id", "integer"},
                       {"received_at", "string"}});
}

void AddAttachmentRoutes(RouteTable& routes, ServiceDesk& sd, TicketService& tickets) {
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/tickets/{id}/attachments",
      .roles = kTicketRepliers,
      .handler = [&sd](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        // Checked by the service after the ticket's visibility: another
        // customer's ticket is a 404 whatever the parameters.
        std::string file_name = ctx.request().QueryParam("file_name").value_or("");
        std::string internal = ctx.request().QueryParam("internal").value_or("false");
        STEWARD_ASSIGN_OR_RETURN(
            Json a, sd.AddAttachment(ctx.actor(), id, file_name, ctx.request().body, internal));
        return ApiResponse::Created(std::move(a));
      },
      .doc = {"Attach a file to a ticket: the raw file is the body (any Content-Type, up to "
              "10 MiB). Query: file_name (required; metadata only, never a path), internal=true "
              "(staff only: hidden from the customer portal).",
              "servicedesk", nullptr, AttachmentSchema(), 201},
      .max_body_bytes = servicedesk::ServiceDeskOptions{}.max_attachment_bytes,
      .owner_lookup = TicketOwner(tickets),
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/tickets/{id}/attachments",
      .roles = RoleSet::Everyone(),
      .handler = [&sd](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json list, sd.ListAttachments(ctx.principal(), id));
        return ApiResponse::Ok(std::move(list));
      },
      .doc = {"A ticket's attachments (uploads and those of mail; a portal user does not see "
              "internal ones). truncated=true: the mail's file was over the size limit and "
              "only its first size_bytes of original_size are kept.",
              "servicedesk", nullptr, ObjectSchema({{"attachments", "array"}})},
      .owner_lookup = TicketOwner(tickets),
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/tickets/{id}/attachments/{attachment_id}",
      .roles = RoleSet::Everyone(),
      .handler = [&sd](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(int64_t attachment_id, ctx.PathId("attachment_id"));
        STEWARD_ASSIGN_OR_RETURN(servicedesk::AttachmentContent content,
                                 sd.ReadAttachment(ctx.principal(), id, attachment_id));
        ApiResponse r = ApiResponse::Raw(std::move(content.content_type), std::move(content.bytes));
        r.headers.emplace_back("Content-Disposition",
                               cmdb::AttachmentDisposition(content.file_name));
        return r;
      },
      .doc = {"Download an attachment (always as an attachment, with a content type from a "
              "short safe list by file extension, else application/octet-stream).",
              "servicedesk", nullptr, nullptr},
      .owner_lookup = TicketOwner(tickets),
  });
}

void AddIntakeRoutes(RouteTable& routes, ServiceDesk& sd) {
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/mail/messages",
      .roles = kTicketWorkers,
      .handler = [&sd](RequestContext& ctx) -> Result<ApiResponse> {
        std::optional<std::string> outcome = ctx.request().QueryParam("outcome");
        if (outcome && *outcome != "ticket" && *outcome != "reply" && *outcome != "confirmation" &&
            *outcome != "triage" && *outcome != "ignored") {
          return Status::InvalidArgument(
              "must be one of: ticket, reply, confirmation, triage, ignored", "outcome");
        }
        STEWARD_ASSIGN_OR_RETURN(auto limit, ctx.QueryInt("limit", 1, 1000));
        STEWARD_ASSIGN_OR_RETURN(
            Json list, sd.ListMailMessages(ctx.principal(), outcome, limit.value_or(100)));
        return ApiResponse::Ok(std::move(list));
      },
      .doc = {"The intake log: every message taken from the intake mailbox, newest first, with "
              "its outcome (ticket, reply, confirmation, triage, ignored), the reason and the "
              "ticket. outcome=triage is the triage queue (unknown senders, unreadable mail). "
              "Query: outcome, limit.",
              "servicedesk", nullptr, ObjectSchema({{"messages", "array"}})},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/mail/messages/{id}",
      .roles = kTicketWorkers,
      .handler = [&sd](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json m, sd.GetMailMessage(ctx.principal(), id));
        return ApiResponse::Ok(std::move(m));
      },
      .doc = {"One message of the intake log.", "servicedesk", nullptr, MailMessageSchema()},
      .owner_lookup = [&sd](int64_t id) { return sd.MailMessageOwner(id); },
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/mail/messages/{id}/ticket",
      .roles = kTicketWorkers,
      .handler = [&sd](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(servicedesk::Ticket t, sd.TicketFromTriage(ctx.actor(), id, body));
        return ApiResponse::Created(TicketJson(t));
      },
      .doc = {"Turn a triage message into a ticket: {\"customer_id\",\"contact_id\"?,"
              "\"priority\"?,\"assignee_id\"?}. The message's attachments move to the ticket; "
              "the sender gets the acknowledgement. 409 unless the message is in triage.",
              "servicedesk",
              ObjectSchema({{"customer_id", "integer"},
                            {"contact_id", "integer"},
                            {"priority", "string"},
                            {"assignee_id", "integer"}},
                           {"customer_id"}),
              ObjectSchema({{"id", "integer"}, {"status", "string"}}), 201},
      .max_body_bytes = kJsonBody,
      .owner_lookup = [&sd](int64_t id) { return sd.MailMessageOwner(id); },
  });
}

void AddEmailDomainRoutes(RouteTable& routes, ServiceDesk& sd, cmdb::CmdbService& cmdb) {
  auto owner = [&cmdb](int64_t id) { return cmdb.OwnerOf(cmdb::ObjectKind::kCustomer, id); };
  Json schema = ObjectSchema({{"customer_id", "integer"}, {"domains", "array"}});
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/customers/{id}/email-domains",
      .roles = RoleSet::AllStaff(),
      .handler = [&sd](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json d, sd.GetEmailDomains(ctx.principal(), id));
        return ApiResponse::Ok(std::move(d));
      },
      .doc = {"The customer's e-mail domains: mail from a sender at one of them (who is not a "
              "contact) opens a ticket for this customer.",
              "servicedesk", nullptr, schema},
      .owner_lookup = owner,
  });
  routes.Add({
      .method = "PUT",
      .pattern = "/api/v1/customers/{id}/email-domains",
      .roles = kCustomerWriters,
      .handler = [&sd](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json d, sd.SetEmailDomains(ctx.actor(), id, body));
        return ApiResponse::Ok(std::move(d));
      },
      .doc = {"Replace the customer's e-mail domains: {\"domains\":[\"customer.example\",…]} "
              "(lower-cased; a domain belongs to one customer, else 409).",
              "servicedesk", ObjectSchema({{"domains", "array"}}, {"domains"}), schema},
      .max_body_bytes = kJsonBody,
      .owner_lookup = owner,
  });
}

}  // namespace

void AddMailRoutes(RouteTable& routes, const ApiDeps& deps) {
  AddAttachmentRoutes(routes, deps.servicedesk, deps.tickets);
  AddIntakeRoutes(routes, deps.servicedesk);
  AddEmailDomainRoutes(routes, deps.servicedesk, deps.cmdb);
}

}  // namespace steward::api
