// Expenses with receipts (issue 13): staff log what they spent for a
// customer, attach the receipt as the raw body of a PUT (PDF, PNG or JPEG
// up to 10 MiB), and the billing run charges billable ones on the next
// invoice. Reading is for staff; a customer sees expenses as invoice lines.
#include "server/api/billing_json.h"
#include "server/api/routes.h"
#include "server/billing/expense_service.h"
#include "server/billing/model/dates.h"
#include "server/billing/rules/expenses.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;

namespace {

Json ExpenseSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"customer_id", "integer"},
                       {"ticket_id", "integer"},
                       {"incurred_on", "string"},
                       {"description", "string"},
                       {"amount_cents", "integer"},
                       {"billable", "boolean"},
                       {"receipt", "object"},
                       {"invoice_id", "integer"},
                       {"created_by", "integer"}});
}

// "image/png; charset=…" → "image/png", lower case.
std::string MediaType(std::optional<std::string_view> header) {
  std::string out;
  if (!header) return out;
  for (char c : header->substr(0, header->find(';'))) {
    if (c == ' ' || c == '\t') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace

void AddExpenseRoutes(RouteTable& routes, const ApiDeps& deps) {
  billing::ExpenseService& expenses = deps.expenses;
  // Technicians log what they spend on a job, like their time.
  constexpr RoleSet kExpenseWriters = {Role::kOwner, Role::kBillingAdmin, Role::kServiceManager,
                                       Role::kTechnician};
  constexpr RoleSet kExpenseReaders = {Role::kOwner, Role::kBillingAdmin, Role::kServiceManager,
                                       Role::kTechnician, Role::kAccountManager};
  auto owner = [&expenses](int64_t id) { return expenses.Owner(id); };
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/expenses",
      .roles = kExpenseWriters,
      .handler = [&expenses](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(billing::NewExpense e, ReadNewExpense(body));
        STEWARD_ASSIGN_OR_RETURN(billing::Expense created, expenses.Create(ctx.actor(), e));
        return ApiResponse::Created(ExpenseJson(created));
      },
      .doc = {"Log an expense: {\"customer_id\",\"incurred_on\":\"YYYY-MM-DD\" (not in the "
              "future),\"description\" (1–500),\"amount_cents\" (1 to 10,000,000),\"ticket_id\"?,"
              "\"billable\"? (default true)}. A billable expense of month M−1 (or earlier, "
              "logged late) is charged at cost on the invoice for month M.",
              "billing",
              ObjectSchema({{"customer_id", "integer"},
                            {"incurred_on", "string"},
                            {"description", "string"},
                            {"amount_cents", "integer"},
                            {"ticket_id", "integer"},
                            {"billable", "boolean"}},
                           {"customer_id", "incurred_on", "description", "amount_cents"}),
              ExpenseSchema(), 201},
      .max_body_bytes = kJsonBody,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/expenses",
      .roles = kExpenseReaders,
      .handler = [&expenses](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(
            auto customer, ctx.QueryInt("customer_id", 1, std::numeric_limits<int64_t>::max()));
        std::optional<billing::Month> month;
        if (auto text = ctx.request().QueryParam("month")) {
          month = billing::ParseIsoMonth(*text);
          if (!month) return Status::InvalidArgument("must be a month YYYY-MM", "month");
        }
        STEWARD_ASSIGN_OR_RETURN(auto list, expenses.List(ctx.principal(), customer, month));
        Json out = Json::array();
        for (const billing::Expense& e : list) out.push_back(ExpenseJson(e));
        return ApiResponse::Ok(Json{{"expenses", std::move(out)}});
      },
      .doc = {"Expenses, newest first (at most 1,000); customer_id and month (YYYY-MM) filter.",
              "billing", nullptr, ObjectSchema({{"expenses", "array"}})},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/expenses/{id}",
      .roles = kExpenseReaders,
      .handler = [&expenses](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(billing::Expense e, expenses.Get(ctx.principal(), id));
        return ApiResponse::Ok(ExpenseJson(e));
      },
      .doc = {"One expense; invoice_id is the invoice that charged it.", "billing", nullptr,
              ExpenseSchema()},
      .owner_lookup = owner,
  });
  routes.Add({
      .method = "PUT",
      .pattern = "/api/v1/expenses/{id}/receipt",
      .roles = kExpenseWriters,
      .handler = [&expenses](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        billing::Receipt receipt;
        receipt.content_type = MediaType(ctx.request().Header("Content-Type"));
        receipt.file_name = ctx.request().QueryParam("file_name").value_or("");
        receipt.bytes = ctx.request().body;
        STEWARD_ASSIGN_OR_RETURN(billing::Expense e,
                                 expenses.AttachReceipt(ctx.actor(), id, receipt));
        return ApiResponse::Ok(ExpenseJson(e));
      },
      .doc = {"Attach the receipt: the raw file is the body with its Content-Type "
              "(application/pdf, image/png or image/jpeg, and the bytes must be one), "
              "?file_name= (letters, digits, '.', '-', '_'); up to 10 MiB. Replaces an earlier "
              "receipt; 409 once an invoice charged the expense.",
              "billing", nullptr, ExpenseSchema()},
      .max_body_bytes = billing::kMaxReceiptBytes,
      .owner_lookup = owner,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/expenses/{id}/receipt",
      .roles = kExpenseReaders,
      .handler = [&expenses](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(billing::Receipt r, expenses.GetReceipt(ctx.principal(), id));
        ApiResponse out = ApiResponse::Raw(r.content_type, std::move(r.bytes));
        // The name was checked on upload (letters, digits, '.', '-', '_').
        out.headers.emplace_back("Content-Disposition",
                                 "attachment; filename=\"" + r.file_name + "\"");
        return out;
      },
      .doc = {"The receipt as it was uploaded, as an attachment.", "billing", nullptr, nullptr},
      .owner_lookup = owner,
  });
  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/expenses/{id}",
      .roles = kExpenseWriters,
      .handler = [&expenses](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_RETURN_IF_ERROR(expenses.Delete(ctx.actor(), id));
        return ApiResponse::NoContent();
      },
      .doc = {"Delete an expense no invoice has charged (409 naming invoice_id otherwise).",
              "billing", nullptr, nullptr, 204},
      .owner_lookup = owner,
  });
}

}  // namespace steward::api
