#include "server/billing/invoice_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "server/audit/audit_log.h"
#include "server/billing/model/dates.h"
#include "server/billing/rules/expenses.h"
#include "server/billing/rules/invoicing.h"
#include "server/billing/rules/reductions.h"
#include "server/billing/rules/terms.h"
#include "server/billing/rules/time_billing.h"
#include "server/billing/rules/voiding.h"
#include "server/billing/service_support.h"
#include "server/billing/store/billable_time_store.h"
#include "server/billing/store/contract_store.h"
#include "server/billing/store/credit_note_store.h"
#include "server/billing/store/expense_store.h"
#include "server/billing/store/invoice_store.h"
#include "server/billing/store/plan_store.h"
#include "server/billing/store/rate_store.h"
#include "server/billing/store/reduction_store.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

using storage::ScopedConnection;

namespace {

InvoiceView ViewOf(Invoice inv, std::vector<Payment> payments, Date today) {
  InvoiceView v;
  v.status = EffectiveStatus(inv, today);
  if (v.status == InvoiceStatus::kOverdue && inv.due_date) {
    v.accrued_late_fee_cents = std::max<Cents>(
        0, LateFeeCents(inv.unpaid_cents(), *inv.due_date, today) - inv.late_fee_billed_cents);
  }
  v.invoice = std::move(inv);
  v.payments = std::move(payments);
  return v;
}

Result<InvoiceView> LoadView(const ScopedConnection& sc, int64_t id, Date today, bool staff) {
  InvoiceStore store(sc);
  STEWARD_ASSIGN_OR_RETURN(Invoice inv, store.Get(id));
  // A draft is the MSP's working copy: the customer sees invoices once issued.
  if (!staff && inv.status == InvoiceStatus::kDraft) {
    return Status::NotFound("invoice", std::to_string(id));
  }
  STEWARD_ASSIGN_OR_RETURN(auto payments, store.Payments(id));
  return ViewOf(std::move(inv), std::move(payments), today);
}

}  // namespace

Result<std::vector<int64_t>> InvoiceService::Run(const accounts::Actor& actor, Month month) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(p, "a billing run"));
  std::vector<int64_t> created;
  const Timestamp now = clock_.Now();
  const Date today = internal::LocalToday(clock_, zone_);
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        ContractStore contracts(sc);
        InvoiceStore invoices(sc);
        BillableTimeStore time(sc);
        ExpenseStore expenses(sc);
        ReductionStore reductions(sc);
        STEWARD_ASSIGN_OR_RETURN(std::vector<Plan> plans, PlanStore(sc.connection()).List());
        STEWARD_ASSIGN_OR_RETURN(std::vector<WorkTypeRate> rates,
                                 RateStore(sc.connection()).List());
        STEWARD_ASSIGN_OR_RETURN(std::vector<Contract> all, contracts.List(std::nullopt));
        // Oldest contract first: a customer's time goes on the invoice of
        // their oldest contract that bills the month.
        std::sort(all.begin(), all.end(),
                  [](const Contract& a, const Contract& b) { return a.id < b.id; });
        STEWARD_ASSIGN_OR_RETURN(auto retired_at, contracts.RetiredCoveredCis(std::nullopt));
        const RetiredOn retired = internal::RetiredDays(retired_at, zone_);
        std::map<int64_t, const Contract*> by_id;
        std::map<int64_t, std::vector<ContractLine>> lines_of;
        std::map<int64_t, std::vector<ContractLine>> customer_lines;
        for (const Contract& c : all) {
          by_id[c.id] = &c;
          STEWARD_ASSIGN_OR_RETURN(std::vector<ContractLine> stored, contracts.Lines(c.id));
          lines_of[c.id] = LinesAsBilled(c, std::move(stored), retired);
          auto& pooled = customer_lines[c.customer_id];
          pooled.insert(pooled.end(), lines_of[c.id].begin(), lines_of[c.id].end());
        }
        std::set<int64_t> time_billed;
        for (const Contract& c : all) {
          // Load.
          STEWARD_ASSIGN_OR_RETURN(bool damages_billed, invoices.DamagesBilled(c.id));
          if (!BillsMonth(c, month, damages_billed)) continue;
          STEWARD_ASSIGN_OR_RETURN(bool exists, invoices.Exists(c.id, month));
          if (exists) continue;
          STEWARD_ASSIGN_OR_RETURN(std::vector<OpenInvoice> open, invoices.Open(c.id));
          // A renewal also carries the late fees of the terms before it.
          for (auto prev = c.renews_contract_id; prev && by_id.count(*prev);
               prev = by_id[*prev]->renews_contract_id) {
            STEWARD_ASSIGN_OR_RETURN(std::vector<OpenInvoice> earlier, invoices.Open(*prev));
            open.insert(open.end(), earlier.begin(), earlier.end());
          }
          std::vector<UnbilledTime> unbilled;
          std::vector<Expense> unbilled_expenses;
          std::map<Month, WorkMonthTerms> work_months;
          if (time_billed.insert(c.customer_id).second) {
            // The time and expenses of M−1 (and any earlier work logged late).
            const Month previous = month - date::months{1};
            STEWARD_ASSIGN_OR_RETURN(unbilled, time.Unbilled(c.customer_id, previous / date::last));
            STEWARD_ASSIGN_OR_RETURN(unbilled_expenses,
                                     expenses.Unbilled(c.customer_id, previous / date::last));
            const WorkTypeRate* card = FindRate(rates, WorkType::kEmergencyOnsite);
            for (const UnbilledTime& e : unbilled) {
              const Month w = MonthOf(e.work_date);
              if (work_months.count(w)) continue;
              STEWARD_ASSIGN_OR_RETURN(int64_t drawn, time.IncludedDrawn(c.customer_id, w));
              const auto& pooled = customer_lines[c.customer_id];
              work_months[w] = {
                  std::max<int64_t>(0, IncludedPoolMinutes(pooled, plans, w) - drawn),
                  EmergencyOnsiteRate(pooled, plans, w, card ? card->hourly_cents : 0)};
            }
          }
          // Decide.
          InvoiceInput in{c, lines_of[c.id], plans, month, today, std::move(open), damages_billed};
          Invoice draft;
          draft.customer_id = c.customer_id;
          draft.contract_id = c.id;
          draft.month = month;
          draft.sequence = InvoiceSequence(c, month);
          draft.lines = InvoiceLines(in);
          const TimeCharges time_charges = ChargeTime(unbilled, work_months, rates);
          draft.lines.insert(draft.lines.end(), time_charges.lines.begin(),
                             time_charges.lines.end());
          const std::vector<InvoiceLine> expense_lines = ExpenseLines(unbilled_expenses);
          draft.lines.insert(draft.lines.end(), expense_lines.begin(), expense_lines.end());
          // Damages of reductions made since the last invoice.
          STEWARD_ASSIGN_OR_RETURN(std::vector<Reduction> reduced, reductions.Unbilled(c.id));
          for (const Reduction& r : reduced) {
            if (r.damages_cents > 0) {
              draft.lines.push_back(ReductionDamagesLine(r, c.damages_months));
            }
          }
          if (draft.lines.empty()) continue;  // nothing to charge
          draft.total_cents = InvoiceTotal(draft.lines);
          // Apply.
          STEWARD_ASSIGN_OR_RETURN(int64_t id, invoices.InsertDraft(draft, ToMillis(now)));
          for (const TimeSplit& split : time_charges.splits) {
            STEWARD_RETURN_IF_ERROR(
                time.MarkBilled(split.entry_id, id, split.included_minutes, ToMillis(now)));
          }
          for (const Expense& e : unbilled_expenses) {
            STEWARD_RETURN_IF_ERROR(expenses.MarkBilled(e.id, id, ToMillis(now)));
          }
          for (const Reduction& r : reduced) {
            STEWARD_RETURN_IF_ERROR(reductions.MarkBilled(r.id, id));
          }
          STEWARD_RETURN_IF_ERROR(audit::Record(sc.connection(), now, actor,
                                                {"invoice.draft",
                                                 "invoice",
                                                 std::to_string(id),
                                                 c.customer_id,
                                                 {{"contract_id", c.id},
                                                  {"month", FormatIsoMonth(month)},
                                                  {"time_entries", unbilled.size()},
                                                  {"expenses", unbilled_expenses.size()},
                                                  {"total_cents", draft.total_cents}}}));
          created.push_back(id);
        }
        return Status::Ok();
      }));
  return created;
}

Result<int> InvoiceService::RunDue(const accounts::Actor& actor, int run_day) {
  const Date today = internal::LocalToday(clock_, zone_);
  const Month this_month = MonthOf(today);
  const Month due = today.day() >= date::day(static_cast<unsigned>(run_day))
                        ? this_month + date::months{1}
                        : this_month;
  std::optional<Month> from;
  const auto job = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kScheduledJob);
  STEWARD_RETURN_IF_ERROR(storage::ReadScoped(db_, job, [&](ScopedConnection& sc) -> Status {
    STEWARD_ASSIGN_OR_RETURN(std::optional<Month> last, InvoiceStore(sc).LastScheduledRun());
    if (last) {
      from = *last + date::months{1};
      return Status::Ok();
    }
    STEWARD_ASSIGN_OR_RETURN(std::vector<Contract> all, ContractStore(sc).List(std::nullopt));
    for (const Contract& c : all) {
      const Month m = MonthOf(c.start_date);
      from = from ? std::min(*from, m) : m;
    }
    return Status::Ok();
  }));
  int drafted = 0;
  for (Month m = from.value_or(due + date::months{1}); m <= due; m += date::months{1}) {
    STEWARD_ASSIGN_OR_RETURN(std::vector<int64_t> ids, Run(actor, m));
    drafted += static_cast<int>(ids.size());
    STEWARD_RETURN_IF_ERROR(storage::TransactScoped(db_, job, [&](ScopedConnection& sc) {
      return InvoiceStore(sc).RecordScheduledRun(m, static_cast<int>(ids.size()),
                                                 ToMillis(clock_.Now()));
    }));
  }
  return drafted;
}

Result<std::vector<InvoiceView>> InvoiceService::List(const accounts::Principal& viewer,
                                                      std::optional<int64_t> customer_id) {
  std::vector<InvoiceView> out;
  const bool staff = viewer.scope().is_all();
  const Date today = internal::LocalToday(clock_, zone_);
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(auto list,
                                 InvoiceStore(sc).List({customer_id, /*include_drafts=*/staff}));
        for (Invoice& inv : list) out.push_back(ViewOf(std::move(inv), {}, today));
        return Status::Ok();
      }));
  return out;
}

Result<InvoiceView> InvoiceService::Get(const accounts::Principal& viewer, int64_t id) {
  InvoiceView out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(
            out, LoadView(sc, id, internal::LocalToday(clock_, zone_), viewer.scope().is_all()));
        return Status::Ok();
      }));
  return out;
}

Result<InvoiceView> InvoiceService::Issue(const accounts::Actor& actor, int64_t id) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(p, "issuing an invoice"));
  InvoiceView out;
  const Timestamp now = clock_.Now();
  const Date today = internal::LocalToday(clock_, zone_);
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        InvoiceStore invoices(sc);
        STEWARD_ASSIGN_OR_RETURN(Invoice inv, invoices.Get(id));
        if (inv.status != InvoiceStatus::kDraft) {
          return Status::Conflict("the invoice is already issued", "status");
        }
        STEWARD_ASSIGN_OR_RETURN(Contract c, ContractStore(sc).Get(inv.contract_id));
        STEWARD_ASSIGN_OR_RETURN(int64_t number, invoices.TakeNumber());
        const Date due = Date{date::sys_days(today) + date::days{c.payment_days}};
        STEWARD_RETURN_IF_ERROR(invoices.Issue(id, number, today, due, ToMillis(now)));
        STEWARD_ASSIGN_OR_RETURN(out, LoadView(sc, id, today, true));
        return audit::Record(sc.connection(), now, actor,
                             {"invoice.issue",
                              "invoice",
                              std::to_string(id),
                              inv.customer_id,
                              {{"number", number},
                               {"total_cents", inv.total_cents},
                               {"due_date", FormatIsoDate(due)}}});
      }));
  return out;
}

Result<InvoiceView> InvoiceService::Pay(const accounts::Actor& actor, int64_t id,
                                        const NewPayment& payment) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(p, "recording a payment"));
  if (payment.amount_cents <= 0) {
    return Status::InvalidArgument("must be a positive amount of cents", "amount_cents");
  }
  InvoiceView out;
  const Timestamp now = clock_.Now();
  const Date today = internal::LocalToday(clock_, zone_);
  const Date paid_on = payment.paid_on.value_or(today);
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        InvoiceStore invoices(sc);
        STEWARD_ASSIGN_OR_RETURN(Invoice inv, invoices.Get(id));
        if (inv.status == InvoiceStatus::kDraft) {
          return Status::Conflict("a draft cannot be paid: issue it first", "status");
        }
        if (inv.status == InvoiceStatus::kPaid) {
          return Status::Conflict("the invoice is paid in full", "status");
        }
        if (inv.status == InvoiceStatus::kVoid) {
          return Status::Conflict("the invoice is void: a credit note reversed it", "status");
        }
        if (payment.amount_cents > inv.unpaid_cents()) {
          return Status::InvalidArgument(
              "is more than the " + FormatUsd(inv.unpaid_cents()) + " still owed", "amount_cents");
        }
        if (date::sys_days(paid_on) < date::sys_days(*inv.issue_date) ||
            date::sys_days(paid_on) > date::sys_days(today)) {
          return Status::InvalidArgument("must be between the issue date and today", "date");
        }
        STEWARD_ASSIGN_OR_RETURN(int64_t payment_id,
                                 invoices.AddPayment(inv, payment.amount_cents, paid_on,
                                                     internal::UserOf(p), ToMillis(now)));
        STEWARD_ASSIGN_OR_RETURN(out, LoadView(sc, id, today, true));
        return audit::Record(sc.connection(), now, actor,
                             {"invoice.payment",
                              "invoice",
                              std::to_string(id),
                              inv.customer_id,
                              {{"payment_id", payment_id},
                               {"amount_cents", payment.amount_cents},
                               {"paid_on", FormatIsoDate(paid_on)}}});
      }));
  return out;
}

Result<Voided> InvoiceService::Void(const accounts::Actor& actor, int64_t id,
                                    std::string_view reason_text) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(p, "voiding an invoice"));
  STEWARD_ASSIGN_OR_RETURN(std::string reason, VoidReason(reason_text));
  Voided out;
  const Timestamp now = clock_.Now();
  const Date today = internal::LocalToday(clock_, zone_);
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        // Load.
        InvoiceStore invoices(sc);
        STEWARD_ASSIGN_OR_RETURN(Invoice inv, invoices.Get(id));
        // Decide on the stored status (overdue is issued past its due date):
        // an invoice below zero (a term credit) is issued, not paid, and can
        // be voided too.
        STEWARD_RETURN_IF_ERROR(CheckVoidable(inv));
        // Apply: the note's number comes from the invoices' sequence in this
        // transaction, so a refused void leaves no gap.
        STEWARD_ASSIGN_OR_RETURN(int64_t number, invoices.TakeNumber());
        CreditNote note = CreditNoteFor(inv, number, today, reason);
        CreditNoteStore notes(sc);
        STEWARD_ASSIGN_OR_RETURN(note.id, notes.Insert(note, internal::UserOf(p), ToMillis(now)));
        STEWARD_RETURN_IF_ERROR(invoices.Void(id, note.id, ToMillis(now)));
        // The time and expenses it billed are billed again by the next run.
        STEWARD_ASSIGN_OR_RETURN(int64_t released,
                                 BillableTimeStore(sc).Release(id, ToMillis(now)));
        STEWARD_ASSIGN_OR_RETURN(int64_t expenses_released,
                                 ExpenseStore(sc).Release(id, ToMillis(now)));
        STEWARD_RETURN_IF_ERROR(ReductionStore(sc).Release(id).status());
        STEWARD_ASSIGN_OR_RETURN(out.invoice, LoadView(sc, id, today, true));
        STEWARD_ASSIGN_OR_RETURN(out.credit_note, notes.Get(note.id));
        return audit::Record(sc.connection(), now, actor,
                             {"invoice.void",
                              "invoice",
                              std::to_string(id),
                              inv.customer_id,
                              {{"number", inv.number.value_or(0)},
                               {"credit_note_id", note.id},
                               {"credit_note_number", number},
                               {"total_cents", inv.total_cents},
                               {"time_entries_released", released},
                               {"expenses_released", expenses_released},
                               {"reason", reason}}});
      }));
  return out;
}

Result<CreditNote> InvoiceService::CreditNoteOf(const accounts::Principal& viewer, int64_t id) {
  CreditNote out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(std::optional<CreditNote> note,
                                 CreditNoteStore(sc).ForInvoice(id));
        if (!note) return Status::NotFound("credit note for invoice", std::to_string(id));
        out = *std::move(note);
        return Status::Ok();
      }));
  return out;
}

Result<std::optional<int64_t>> InvoiceService::Owner(int64_t id) {
  std::optional<int64_t> owner;
  const auto probe = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kOwnerProbe);
  STEWARD_RETURN_IF_ERROR(storage::ReadScoped(db_, probe, [&](ScopedConnection& sc) -> Status {
    STEWARD_ASSIGN_OR_RETURN(owner, InvoiceStore(sc).Owner(id));
    return Status::Ok();
  }));
  return owner;
}

}  // namespace steward::billing
