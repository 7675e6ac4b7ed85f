// The contracts part of `steward init --demo`: the MSP's own plans besides
// the seed's Bronze, Silver and Gold (workstation care, mailbox security, the
// complete package tiered by users) and a contract per demo customer over
// its servers and workstations from the CMDB — one in its second year of a
// 24-month term, one early in a 36-month term, one signed this quarter.
#include <map>

#include <date/date.h>

#include "server/app/demo_data.h"

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

}  // namespace

Status SeedBillingDemo(Services& services) {
  auto system = accounts::Principal::System("demo data");
  accounts::Actor actor{system, "local"};
  storage::Database& db = services.db();

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
  return Status::Ok();
}

}  // namespace steward::app
