// The ticket that raised an RFC follows it (SPEC §5 and §6, issue 14 item
// 4): the change submitted → "RFC submitted"; approved → "pending, fix
// identified"; rejected → back to "open". Runs in the change's transaction.
// A ticket a person has since moved where the state machine does not allow
// the follow-on move (closed, on hold for resolution) is left as it is: the
// change's decision never fails because of its ticket.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "storage/scoped_connection.h"

namespace steward::servicedesk {

enum class ChangeDecision { kSubmitted, kApproved, kRejected };

// `change_ref` ("RFC-12") goes into the ticket's history note and audit.
Status FollowChange(const storage::ScopedConnection& sc, int64_t ticket_id,
                    const std::string& change_ref, ChangeDecision decision, Timestamp now,
                    const accounts::Actor& actor);

}  // namespace steward::servicedesk
