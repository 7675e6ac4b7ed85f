// A contract's term arithmetic (SPEC §7): the current term's dates, term
// credits, liquidated damages and late fees. Pure functions; amounts in cents.
#pragma once

#include <cstdint>
#include <optional>

#include "server/billing/model/contract.h"
#include "server/billing/model/money.h"

namespace steward::billing {

// `d` plus `months` calendar months, the day clamped to the end of a
// shorter month (31 January + 1 month = 28 or 29 February).
Date AddMonths(Date d, int months);

// The term `today` falls in (terms renew back to back from the start date
// while auto_renew, term k starting on AddMonths(start, (k − 1) × term
// months); a contract that ends (ContractEnd) has no term starting on or
// after its end, so after it the last term stays current; without
// auto_renew or an end the first term is the only one; before the start
// date, the first): its first and last day, the last day to give notice
// (term end − notice_days) and the day it renews (the day after the term
// ends; for the last term the day it would have renewed).
TermDates CurrentTerm(const Contract& c, Date today);

// The first day the contract is no longer in force: the termination day,
// the end set by notice or a renewal, or for a contract signed without
// auto-renewal the day its first term would renew. None while it renews.
std::optional<Date> ContractEnd(const Contract& c);

// Terminated stays terminated; otherwise ended from ContractEnd on, active
// before (also before its start: a signed renewal waits for its term).
ContractStatus ContractStatusOn(const Contract& c, Date today);

// Notice not to renew given on `given_on`: the contract ends when its
// current term would renew if the notice came by the term's notice_by day,
// else one term later (too late: it renews once more).
Date EndAfterNotice(const Contract& c, Date given_on);

// The day a renewal of `c` made on `today` starts: the contract's end when
// one is set, else the day its current term renews.
Date RenewalStart(const Contract& c, Date today);

// −$1,200 on the 24th invoice of a 24-month term, and on the 30th and 36th
// of a 36-month term; 0 otherwise. `invoice_sequence` counts the contract's
// invoices from 1; an auto-renewed term's invoices continue the count (25,
// 26, …), and each term earns its own credits: the 48th invoice of an
// auto-renewing 24-month contract is its second term's 24th.
Cents TermCreditCents(int term_months, int invoice_sequence);

// Liquidated damages: `damages_months` × the monthly amount ended (the whole
// monthly recurring charge for a termination, the amount removed for a
// reduction).
Cents DamagesCents(int damages_months, Cents monthly_cents);

// Full months from `due` to `as_of`: the largest n ≥ 0 with
// AddMonths(due, n) ≤ as_of (a month is full once the due day, clamped to
// the month's end, comes round again). 0 before or on the due date.
int FullMonthsPastDue(Date due, Date as_of);

// 1.5 % of `unpaid` for each full month past `due` as of `as_of`, not
// compounded, rounded half up once; 0 when nothing is unpaid (≤ 0).
Cents LateFeeCents(Cents unpaid, Date due, Date as_of);

}  // namespace steward::billing
