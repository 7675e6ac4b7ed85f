// What the service-desk route files (servicedesk, mail, knowledge) share:
// who works tickets, who writes on them, and how a ticket id finds its
// customer so another customer's ticket answers 404 before any 403.
#pragma once

#include "server/api/routes.h"
#include "server/servicedesk/ticket_service.h"

namespace steward::api {

inline constexpr accounts::RoleSet kTicketWorkers = {
    accounts::Role::kOwner, accounts::Role::kServiceManager, accounts::Role::kTechnician};
inline constexpr accounts::RoleSet kTicketRepliers = {
    accounts::Role::kOwner, accounts::Role::kServiceManager, accounts::Role::kTechnician,
    accounts::Role::kPortal};

inline OwnerLookup TicketOwner(servicedesk::TicketService& tickets) {
  return [&tickets](int64_t id) { return tickets.Owner(id); };
}

}  // namespace steward::api
