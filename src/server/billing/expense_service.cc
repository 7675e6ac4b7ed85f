#include "server/billing/expense_service.h"

#include "server/audit/audit_log.h"
#include "server/billing/model/dates.h"
#include "server/billing/rules/expenses.h"
#include "server/billing/service_support.h"
#include "server/billing/store/expense_store.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

using storage::ScopedConnection;

Result<Expense> ExpenseService::Create(const accounts::Actor& actor, const NewExpense& expense) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(p, "logging an expense"));
  STEWARD_RETURN_IF_ERROR(CheckNewExpense(expense, internal::LocalToday(clock_, zone_)));
  Expense out;
  const Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        ExpenseStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(int64_t id,
                                 store.Insert(expense, internal::UserOf(p), ToMillis(now)));
        STEWARD_ASSIGN_OR_RETURN(out, store.Get(id));
        return audit::Record(sc.connection(), now, actor,
                             {"expense.create",
                              "expense",
                              std::to_string(id),
                              expense.customer_id,
                              {{"amount_cents", expense.amount_cents},
                               {"incurred_on", FormatIsoDate(expense.incurred_on)},
                               {"billable", expense.billable}}});
      }));
  return out;
}

Result<std::vector<Expense>> ExpenseService::List(const accounts::Principal& viewer,
                                                  std::optional<int64_t> customer_id,
                                                  std::optional<Month> month) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(viewer, "expenses"));
  std::vector<Expense> out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, ExpenseStore(sc).List(customer_id, month));
        return Status::Ok();
      }));
  return out;
}

Result<Expense> ExpenseService::Get(const accounts::Principal& viewer, int64_t id) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(viewer, "expenses"));
  Expense out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, ExpenseStore(sc).Get(id));
        return Status::Ok();
      }));
  return out;
}

Result<Expense> ExpenseService::AttachReceipt(const accounts::Actor& actor, int64_t id,
                                              const Receipt& receipt) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(p, "an expense's receipt"));
  STEWARD_RETURN_IF_ERROR(CheckReceipt(receipt));
  Expense out;
  const Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        ExpenseStore store(sc);
        STEWARD_RETURN_IF_ERROR(store.SetReceipt(id, receipt, ToMillis(now)));
        STEWARD_ASSIGN_OR_RETURN(out, store.Get(id));
        return audit::Record(sc.connection(), now, actor,
                             {"expense.receipt",
                              "expense",
                              std::to_string(id),
                              out.customer_id,
                              {{"file_name", receipt.file_name},
                               {"content_type", receipt.content_type},
                               {"bytes", receipt.bytes.size()}}});
      }));
  return out;
}

Result<Receipt> ExpenseService::GetReceipt(const accounts::Principal& viewer, int64_t id) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(viewer, "expenses"));
  Receipt out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, ExpenseStore(sc).LoadReceipt(id));
        return Status::Ok();
      }));
  return out;
}

Status ExpenseService::Delete(const accounts::Actor& actor, int64_t id) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(p, "deleting an expense"));
  const Timestamp now = clock_.Now();
  return storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
    ExpenseStore store(sc);
    STEWARD_ASSIGN_OR_RETURN(Expense e, store.Get(id));
    STEWARD_RETURN_IF_ERROR(store.Delete(id));
    return audit::Record(sc.connection(), now, actor,
                         {"expense.delete",
                          "expense",
                          std::to_string(id),
                          e.customer_id,
                          {{"amount_cents", e.amount_cents},
                           {"incurred_on", FormatIsoDate(e.incurred_on)},
                           {"description", e.description}}});
  });
}

Result<std::optional<int64_t>> ExpenseService::Owner(int64_t id) {
  std::optional<int64_t> owner;
  const auto probe = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kOwnerProbe);
  STEWARD_RETURN_IF_ERROR(storage::ReadScoped(db_, probe, [&](ScopedConnection& sc) -> Status {
    auto e = ExpenseStore(sc).Get(id);
    if (e.ok()) {
      owner = e->customer_id;
      return Status::Ok();
    }
    return e.status().code() == StatusCode::kNotFound ? Status::Ok() : e.status();
  }));
  return owner;
}

}  // namespace steward::billing
