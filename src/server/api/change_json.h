// Change management on the wire (issue 14 item 4): requests for change,
// votes, conflicts, the change calendar and freezes. JSON lives here; the
// change module speaks types.
#pragma once

#include <optional>

#include "core/json.h"
#include "core/result.h"
#include "server/change/change_service.h"

namespace steward::api {

// POST /changes: {"customer_id","title","type"?,"ticket_id"?, and any of the
// editable fields below}.
Result<change::NewChange> ReadNewChange(const Json& body);

// PATCH /changes/{id}: any of "title","type","description","reason",
// "components","risk","impact","backout_plan","test_plan",
// "cost_estimate_cents","planned_start","planned_end" (null clears the
// nullable ones),"quorum","customer_approval","ci_ids","reviewer_ids"; and a
// move: "status" with "note"?, "outcome"?, "review"?.
struct ChangeUpdateBody {
  change::ChangeEdit edit;
  std::optional<change::ChangeMove> move;
};
Result<ChangeUpdateBody> ReadChangeUpdate(const Json& body);

// {"decision":"approve"|"reject","comment"?}
Result<std::pair<change::Decision, std::string>> ReadVote(const Json& body);

// POST /change-freezes: {"customer_id"?|null,"name","starts_at","ends_at"}
Result<change::Freeze> ReadFreeze(const Json& body);

// The whole change, with "allowed_moves" and "missing_for_submit".
Json ChangeJson(const change::ChangeRequest& c);
Json ChangeSummaryJson(const change::ChangeSummary& s);
Json FreezeJson(const change::Freeze& f);
Json ConflictJson(const change::Conflict& c);

}  // namespace steward::api
