// Voiding (issue 13): an issued invoice is never edited or deleted; it is
// voided by a credit note that reverses it. Only an issued (or overdue)
// invoice that nobody has paid towards can be voided: a draft is the MSP's
// working copy and is not a document yet, and money received against an
// invoice has to be refunded or moved before the invoice can go. Pure
// decisions; the service takes the number and writes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "server/billing/model/invoice.h"

namespace steward::billing {

// Ok when `inv` can be voided; Conflict naming "status" otherwise, saying
// why (a draft, already void, paid or part-paid).
Status CheckVoidable(const Invoice& inv);

// The reason trimmed of surrounding white space; InvalidArgument naming
// "reason" when nothing is left or it is longer than 500 characters.
Result<std::string> VoidReason(std::string_view text);

// The credit note reversing `inv`: every line negated in order (quantity
// kept, unit and amount negated; a late fee keeps the invoice it was charged
// for), the total negated, numbered `number`, issued on `issue_date`.
CreditNote CreditNoteFor(const Invoice& inv, int64_t number, Date issue_date, std::string reason);

}  // namespace steward::billing
