// The contracts part of `steward init --demo`: the MSP's own plans besides
// the seed's Bronze, Silver and Gold (workstation care, mailbox security, the
// complete package tiered by users) and a contract per demo customer over
// its servers and workstations from the CMDB — one in its second year of a
// 24-month term, one early in a 36-month term, one signed this quarter —
// with their invoices since signing, paid but for one customer who is late,
// and one invoice voided through a credit note.
#include <map>
#include <string>
#include <vector>

#include <date/date.h>
#include <date/tz.h>

#include "server/app/demo_data.h"
#include "server/billing/model/dates.h"
#include "server/servicedesk/time_entry_service.h"

namespace steward::app {

namespace {

// The CIs of `customer` of one kind, by name.
Result<std::vector<int64_t>> CisOfKind(storage::Database& db, int64_t customer,
                                       const std::vector<std::string>& kinds) {
  std::vector<int64_t> out;
  STEWARD_RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    for (const std::string& kind : kinds) {
      STEWARD_ASSIGN_OR_RETURN(
          storage::Rows rows,
          c.Query("SELECT id FROM cis WHERE customer_id = ? AND kind = ? ORDER BY name",
                  {customer, kind}));
      for (const storage::Row& r : rows) out.push_back(r.Int("id"));
    }
    return Status::Ok();
  }));
  return out;
}

Result<int64_t> IdByName(storage::Database& db, std::string_view table_sql,
                         const std::string& name) {
  int64_t id = 0;
  STEWARD_RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(std::string(table_sql), {name}));
    if (!row) return Status::NotFound("demo object", name);
    id = row->Int("id");
    return Status::Ok();
  }));
  return id;
}

// Three months of support time on each contract customer's oldest ticket,
// logged on the day it was done, so the invoices carry time lines: covered
// remote and phone work within the included hours, and after-hours and
// emergency on-site work billed at their rates.
Status SeedTimeHistoryDemo(Services& services) {
  using date::days;
  storage::Database& db = services.db();
  const Timestamp real_now = services.clock().Now();
  const auto today = date::year_month_day{date::floor<days>(real_now)};
  const billing::Month this_month{today.year(), today.month()};
  STEWARD_ASSIGN_OR_RETURN(int64_t tech, IdByName(db, "SELECT id FROM users WHERE email = ?",
                                                  "tess.nguyen@northwind-msp.example"));
  accounts::Principal p;
  p.user_id = tech;
  p.email = "tess.nguyen@northwind-msp.example";
  p.name = p.email;
  p.role = accounts::Role::kTechnician;
  p.method = accounts::AuthMethod::kSystem;
  servicedesk::TimeEntryService time(db, services.clock(), date::locate_zone("UTC"));
  struct Work {
    unsigned day;
    int64_t minutes;
    billing::WorkType type;
    const char* note;
  };
  const Work month_of_work[] = {
      {3, 45, billing::WorkType::kRemote, "Cleared a stuck print queue"},
      {8, 30, billing::WorkType::kPhone, "Walked the office manager through MFA enrolment"},
      {14, 90, billing::WorkType::kAfterHours, "Evening firmware update of the firewall"},
      {21, 60, billing::WorkType::kRemote, "Mailbox migration for a new hire"},
      {27, 120, billing::WorkType::kEmergencyOnsite, "Failed RAID disk swapped on site"},
  };
  // Kessler signed two months ago: no time before its contract.
  const std::pair<const char*, int> customers[] = {{"Harbor & Vale Law LLP", 3},
                                                   {"Brightsmile Dental Group", 3},
                                                   {"Kessler Precision Components", 2}};
  for (const auto& [customer, months] : customers) {
    auto ticket = IdByName(db,
                           "SELECT t.id FROM tickets t JOIN customers c ON c.id = t.customer_id"
                           " WHERE c.name = ? ORDER BY t.id LIMIT 1",
                           customer);
    if (!ticket.ok()) continue;  // no ticket to log on
    for (int back = months; back >= 1; --back) {
      const billing::Month m = this_month - date::months{back};
      for (const Work& w : month_of_work) {
        const billing::Date d{m.year(), m.month(), date::day{w.day}};
        servicedesk::NewTimeEntry e;
        e.minutes = w.minutes;
        e.work_type = w.type;
        e.note = w.note;
        e.work_date = d;
        STEWARD_RETURN_IF_ERROR(time.Add({p, "demo"}, *ticket, e).status());
      }
    }
  }
  return Status::Ok();
}

// Flex hours credited for every ended month of this year, and one draw:
// Harbor & Vale used four hours for an on-site office move.
Status SeedFlexDemo(Services& services) {
  auto system = accounts::Principal::System("billing schedule");
  accounts::Actor actor{system, "demo"};
  STEWARD_RETURN_IF_ERROR(services.hours().CreditFlex(actor).status());
  auto customer =
      IdByName(services.db(), "SELECT id FROM customers WHERE name = ?", "Harbor & Vale Law LLP");
  if (!customer.ok()) return Status::Ok();
  STEWARD_ASSIGN_OR_RETURN(billing::CustomerHours h,
                           services.hours().Hours(system, *customer, std::nullopt));
  if (h.flex_balance_minutes < billing::kFlexDrawMinutes) return Status::Ok();
  return services.hours()
      .Draw(actor, *customer,
            {billing::kFlexDrawMinutes, std::nullopt, "On-site help with the office move"})
      .status();
}

// A year of the billing desk replayed on a clock of its own: each month's
// run on the 25th of the month before, every invoice issued that day and
// paid on the 5th — except Brightsmile, whose last three invoices are still
// open (one overdue long enough to have drawn a late fee onto the next), and
// Harbor & Vale's of three months ago, voided through a credit note.
// A one-page PDF receipt with a few lines of text: what a technician would
// scan and attach (Helvetica, no fonts embedded, offsets computed).
std::string DemoReceiptPdf(const std::vector<std::string>& lines) {
  std::string text = "BT /F1 12 Tf 72 720 Td 16 TL";
  for (const std::string& l : lines) text += " (" + l + ") '";
  text += " ET";
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
      " /Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " + std::to_string(text.size()) + " >>\nstream\n" + text + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    std::string n = std::to_string(off);
    pdf += std::string(10 - n.size(), '0') + n + " 00000 n \n";
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// Expenses a technician logged for Brightsmile: a part two months ago (on
// last month's invoice), parking this month (on the next one), and a coffee
// the MSP keeps (not billable); the part has its receipt.
Status SeedExpensesDemo(Services& services) {
  auto system = accounts::Principal::System("demo data");
  accounts::Actor actor{system, "local"};
  STEWARD_ASSIGN_OR_RETURN(int64_t customer,
                           IdByName(services.db(), "SELECT id FROM customers WHERE name = ?",
                                    "Brightsmile Dental Group"));
  const auto today = date::year_month_day{date::floor<date::days>(services.clock().Now())};
  const billing::Month this_month{today.year(), today.month()};
  const billing::Month two_back = this_month - date::months{2};
  struct DemoExpense {
    billing::Date on;
    const char* what;
    billing::Cents cents;
    bool billable;
  };
  const DemoExpense expenses[] = {
      {two_back / date::day{10}, "Replacement SSD for the reception PC", 18999, true},
      {this_month / date::day{1}, "Parking at the Brightsmile clinic", 1200, true},
      {this_month / date::day{1}, "Coffee during the server move", 850, false},
  };
  for (const DemoExpense& d : expenses) {
    billing::NewExpense e;
    e.customer_id = customer;
    e.incurred_on = d.on;
    e.description = d.what;
    e.amount_cents = d.cents;
    e.billable = d.billable;
    STEWARD_ASSIGN_OR_RETURN(billing::Expense created, services.expenses().Create(actor, e));
    if (d.cents == 18999) {
      billing::Receipt receipt{
          "receipt-ssd.pdf", "application/pdf",
          DemoReceiptPdf({"Northwind Parts Ltd.  Receipt 88214", billing::FormatIsoDate(d.on),
                          "1 x SSD 1 TB SATA   $189.99", "Paid by card"})};
      STEWARD_RETURN_IF_ERROR(
          services.expenses().AttachReceipt(actor, created.id, receipt).status());
    }
  }
  return Status::Ok();
}

Status SeedInvoicesDemo(Services& services) {
  using date::days;
  const Timestamp real_now = services.clock().Now();
  const auto today = date::year_month_day{date::floor<days>(real_now)};
  const billing::Month this_month{today.year(), today.month()};
  ManualClock clock(real_now);
  billing::InvoiceService invoices(services.db(), clock, date::locate_zone("UTC"));
  auto system = accounts::Principal::System("billing run");
  accounts::Actor actor{system, "demo"};
  STEWARD_ASSIGN_OR_RETURN(int64_t late_payer,
                           IdByName(services.db(), "SELECT id FROM customers WHERE name = ?",
                                    "Brightsmile Dental Group"));
  STEWARD_ASSIGN_OR_RETURN(
      int64_t voided_for,
      IdByName(services.db(), "SELECT id FROM customers WHERE name = ?", "Harbor & Vale Law LLP"));
  const auto at = [](billing::Date d) { return date::sys_days(d) + std::chrono::hours(9); };
  for (int back = 14; back >= -1; --back) {
    const billing::Month month = this_month - date::months{back};
    const billing::Month before = month - date::months{1};
    const billing::Date run_day{before.year(), before.month(), date::day{25}};
    if (at(run_day) > real_now) break;  // runs happen before their month, not in the future
    clock.Set(at(run_day));
    STEWARD_ASSIGN_OR_RETURN(std::vector<int64_t> ids, invoices.Run(actor, month));
    std::vector<billing::InvoiceView> issued;
    for (int64_t id : ids) {
      STEWARD_ASSIGN_OR_RETURN(billing::InvoiceView v, invoices.Issue(actor, id));
      if (v.invoice.customer_id == voided_for && back == 3) {
        // Voided the day it went out, through a credit note numbered next.
        STEWARD_RETURN_IF_ERROR(
            invoices.Void(actor, id, "Sent twice: the customer pays this month by purchase order")
                .status());
        continue;
      }
      issued.push_back(std::move(v));
    }
    const billing::Date pay_day{month.year(), month.month(), date::day{5}};
    if (at(pay_day) > real_now) continue;
    clock.Set(at(pay_day));
    for (const billing::InvoiceView& v : issued) {
      if (v.invoice.total_cents <= 0) continue;  // a term credit larger than the month
      if (v.invoice.customer_id == late_payer && back <= 2) continue;  // still open
      STEWARD_RETURN_IF_ERROR(
          invoices.Pay(actor, v.invoice.id, {v.invoice.total_cents, pay_day}).status());
    }
  }
  return Status::Ok();
}

// Harbor & Vale renewed early: ten months before its 24-month term ends it
// signed the next term, 36 months with its servers moved up from Silver to
// Gold and 22 mailboxes instead of 18, so the console shows a contract
// renewed by its successor and the successor waiting for its start.
Status SeedRenewalDemo(Services& services, std::map<std::string, int64_t>& plan) {
  auto customer =
      IdByName(services.db(), "SELECT id FROM customers WHERE name = ?", "Harbor & Vale Law LLP");
  if (!customer.ok()) return Status::Ok();
  accounts::Actor actor{accounts::Principal::System("demo data"), "local"};
  STEWARD_ASSIGN_OR_RETURN(std::vector<billing::Contract> signed_,
                           services.contracts().List(actor.principal, *customer));
  if (signed_.empty()) return Status::Ok();
  STEWARD_ASSIGN_OR_RETURN(billing::ContractDetail current,
                           services.contracts().Get(actor.principal, signed_.front().id));
  billing::ContractRenewal renewal;
  renewal.term_months = 36;
  for (const billing::ContractLine& line : current.lines) {
    if (line.plan_id == plan["Silver"]) {
      renewal.lines.push_back({line.id, plan["Gold"], std::nullopt, false});
    } else if (line.plan_id == plan["Mailbox security"]) {
      renewal.lines.push_back({line.id, std::nullopt, 22, false});
    }
  }
  return services.contracts().Renew(actor, current.contract.id, renewal).status();
}

// The Bronze plan's promise, as the contract's own SLA: "on-call support
// with 3-hour response", resolution by the end of the second business day
// for normal tickets, the service managers told at half the time.
billing::SlaTerms BronzeSla() {
  using Kind = billing::SlaTarget::Kind;
  const billing::SlaTarget three_hours{Kind::kWorkingTime, std::chrono::hours(3), 0};
  billing::SlaTerms sla;
  sla.critical.response = three_hours;
  sla.high = {three_hours, {Kind::kBusinessDays, std::chrono::hours(0), 1}};
  sla.normal = {three_hours, {Kind::kBusinessDays, std::chrono::hours(0), 2}};
  sla.low = {three_hours, {Kind::kBusinessDays, std::chrono::hours(0), 3}};
  sla.escalation = {{1, 0.5, "service_manager"}, {2, 1.0, "owner"}};
  return sla;
}

}  // namespace

// Brightsmile's two clinics send their invoices to the group's accounts
// payable box rather than to the first clinic; the other demo customers
// are billed at their first site.
Status SeedBillToDemo(Services& services, const accounts::Actor& actor) {
  auto customer = IdByName(services.db(), "SELECT id FROM customers WHERE name = ?",
                           "Brightsmile Dental Group");
  if (!customer.ok()) return Status::Ok();  // the CMDB demo changed
  billing::BillingProfile profile;
  profile.address = {{"Accounts Payable", "PO Box 4410"}, "Portland", "OR", "97208", "US"};
  return services.billing_profiles().Set(actor, *customer, profile).status();
}

Status SeedBillingDemo(Services& services) {
  auto system = accounts::Principal::System("demo data");
  accounts::Actor actor{system, "local"};
  storage::Database& db = services.db();

  // The demo MSP's name and colour on its invoices.
  STEWARD_RETURN_IF_ERROR(
      services.invoice_documents().SetBranding(actor, {"Northwind MSP", "#0b6e4f"}).status());

  billing::NewPlan workstation;
  workstation.name = "Workstation care";
  workstation.unit = billing::PlanUnit::kDesktop;
  workstation.price_cents = 4500;
  workstation.included_support_minutes = 15;
  workstation.covers = "Monitoring, patching and anti-virus verification of a desktop or laptop.";
  billing::NewPlan mailbox;
  mailbox.name = "Mailbox security";
  mailbox.unit = billing::PlanUnit::kMailbox;
  mailbox.price_cents = 400;
  mailbox.covers = "E-mail anti-virus and anti-spam filtering per mailbox.";
  billing::NewPlan package;
  package.name = "Complete package";
  package.unit = billing::PlanUnit::kUser;
  package.price_cents = 15000;
  package.tiers = {{10, 15000}, {25, 13500}, {50, 12000}};
  package.included_support_minutes = 30;
  package.covers = "Hardware, software and services per user, tiered 1–10 / 11–25 / 26–50 users.";
  std::map<std::string, int64_t> plan;
  for (const billing::NewPlan& p : {workstation, mailbox, package}) {
    STEWARD_ASSIGN_OR_RETURN(billing::Plan created, services.plans().Create(actor, p));
    plan[p.name] = created.id;
  }
  for (const char* seed : {"Bronze", "Silver", "Gold"}) {
    STEWARD_ASSIGN_OR_RETURN(plan[seed], IdByName(db, "SELECT id FROM plans WHERE name = ?", seed));
  }

  const auto today = date::year_month_day{date::floor<date::days>(services.clock().Now())};
  const auto first_of = [&](int months_ago) {
    date::year_month ym = date::year_month{today.year(), today.month()} - date::months{months_ago};
    return billing::Date{ym.year(), ym.month(), date::day{1}};
  };
  struct DemoContract {
    const char* customer;
    int months_ago;
    int term;
    const char* server_plan;
    int64_t mailboxes;
  };
  const DemoContract contracts[] = {
      {"Harbor & Vale Law LLP", 14, 24, "Silver", 18},
      {"Brightsmile Dental Group", 7, 36, "Bronze", 25},
      {"Kessler Precision Components", 2, 12, "Gold", 40},
  };
  for (const DemoContract& d : contracts) {
    auto customer = IdByName(db, "SELECT id FROM customers WHERE name = ?", d.customer);
    if (!customer.ok()) continue;  // the CMDB demo changed: nothing to sign
    billing::NewContract n;
    n.customer_id = *customer;
    n.start_date = first_of(d.months_ago);
    n.term_months = d.term;
    n.setup_fee_cents = 100000;
    n.payment_days = 14;
    if (std::string_view(d.server_plan) == "Bronze") n.sla = BronzeSla();
    STEWARD_ASSIGN_OR_RETURN(billing::ContractDetail c, services.contracts().Create(actor, n));
    STEWARD_ASSIGN_OR_RETURN(auto servers, CisOfKind(db, *customer, {"server"}));
    if (!servers.empty()) {
      STEWARD_RETURN_IF_ERROR(
          services.contracts()
              .AddLine(actor, c.contract.id,
                       {plan[d.server_plan], std::nullopt, servers, n.start_date})
              .status());
    }
    STEWARD_ASSIGN_OR_RETURN(auto desktops, CisOfKind(db, *customer, {"laptop", "workstation"}));
    if (!desktops.empty()) {
      STEWARD_RETURN_IF_ERROR(
          services.contracts()
              .AddLine(actor, c.contract.id,
                       {plan["Workstation care"], std::nullopt, desktops, n.start_date})
              .status());
    }
    STEWARD_RETURN_IF_ERROR(services.contracts()
                                .AddLine(actor, c.contract.id,
                                         {plan["Mailbox security"], d.mailboxes, {}, n.start_date})
                                .status());
  }
  STEWARD_RETURN_IF_ERROR(SeedBillToDemo(services, actor));
  STEWARD_RETURN_IF_ERROR(SeedTimeHistoryDemo(services));
  STEWARD_RETURN_IF_ERROR(SeedExpensesDemo(services));
  STEWARD_RETURN_IF_ERROR(SeedInvoicesDemo(services));
  STEWARD_RETURN_IF_ERROR(SeedRenewalDemo(services, plan));
  return SeedFlexDemo(services);
}

}  // namespace steward::app
