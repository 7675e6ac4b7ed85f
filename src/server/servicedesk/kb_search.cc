// Ranked search over the knowledge index, and suggestions for an open ticket
// built from its own words.
#include "server/servicedesk/kb_index.h"
#include "server/servicedesk/knowledge_service.h"
#include "server/servicedesk/servicedesk_internal.h"

namespace steward::servicedesk {

using storage::Connection;

namespace {
constexpr size_t kMaxSuggestionTerms = 16;
}  // namespace

Result<Json> Knowledge::Search(const accounts::Principal& viewer, std::string_view q, int limit,
                               bool any) {
  if (q.size() > 500) return Status::InvalidArgument("must be at most 500 bytes", "q");
  STEWARD_ASSIGN_OR_RETURN(std::vector<std::string> terms, kb::Terms(q, false));
  if (terms.empty()) {
    return Status::InvalidArgument("needs at least one word of letters or digits", "q");
  }
  kb::SearchOptions options;
  options.match = any ? kb::Match::kAny : kb::Match::kAll;
  options.limit = limit;
  Json results;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(results, kb::Search(c, viewer.scope(), terms, options));
    return Status::Ok();
  }));
  return Json{{"query", terms}, {"results", results}};
}

Result<Json> Knowledge::SuggestForTicket(const accounts::Principal& viewer, int64_t ticket_id,
                                         int limit) {
  Json results = Json::array();
  std::vector<std::string> terms;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Ticket t, internal::LoadTicket(c, viewer.scope(), ticket_id));
    // The subject and symptoms say most about the fault; the description
    // fills the remaining terms.
    std::string text = t.subject + "\n" + t.symptoms.value_or("") + "\n" + t.description;
    STEWARD_ASSIGN_OR_RETURN(terms, kb::Terms(text, true, kMaxSuggestionTerms));
    kb::SearchOptions options;
    options.match = kb::Match::kAny;
    options.limit = limit;
    options.exclude_ticket = ticket_id;
    STEWARD_ASSIGN_OR_RETURN(results, kb::Search(c, viewer.scope(), terms, options));
    return Status::Ok();
  }));
  return Json{{"ticket_id", ticket_id}, {"query", terms}, {"results", results}};
}

}  // namespace steward::servicedesk
