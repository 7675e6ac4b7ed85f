// The service desk part of `steward init --demo`: business calendars for the
// demo customers (before the monitoring replay, so alert tickets run on
// them), then a week of desk work replayed through the real ServiceDesk on a
// clock of its own — tickets in every status with replies, internal notes,
// transfers, escalations (technical and, by the job, administrative), a
// breach, an RFC, time entries and a closure confirmed by the customer.
#include <algorithm>
#include <deque>
#include <functional>
#include <map>

#include <date/tz.h>

#include "server/api/ticket_json.h"
#include "server/api/time_entry_json.h"
#include "server/app/demo_data.h"
#include "server/servicedesk/servicedesk_service.h"
#include "server/servicedesk/ticket_service.h"
#include "server/servicedesk/time_entry_service.h"

namespace steward::app {

namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

Result<std::optional<int64_t>> IdOf(storage::Database& db, std::string_view sql,
                                    const std::string& key) {
  std::optional<int64_t> id;
  STEWARD_RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, {key}));
    if (row) id = row->Int("id");
    return Status::Ok();
  }));
  return id;
}

Result<std::optional<int64_t>> CustomerId(storage::Database& db, const std::string& name) {
  return IdOf(db, "SELECT id FROM customers WHERE name = ?", name);
}

}  // namespace

Status SeedServiceDeskCalendars(Services& services) {
  auto system = accounts::Principal::System("steward init --demo");
  accounts::Actor actor{system, "local"};
  Json weekdays = Json::parse(R"({"mon":[["08:00","17:00"]],"tue":[["08:00","17:00"]],
      "wed":[["08:00","17:00"]],"thu":[["08:00","17:00"]],"fri":[["08:00","17:00"]]})");
  Json clinic = Json::parse(R"({"mon":[["07:00","18:00"]],"tue":[["07:00","18:00"]],
      "wed":[["07:00","18:00"]],"thu":[["07:00","18:00"]],"fri":[["07:00","18:00"]],
      "sat":[["08:00","12:00"]]})");
  Json holidays = {"2026-11-26", "2026-11-27", "2026-12-25", "2027-01-01", "2027-05-31"};
  struct Plan {
    const char* calendar;
    Json hours;
    const char* customer;
  };
  const std::vector<Plan> plans = {
      {"Portland office hours", weekdays, "Harbor & Vale Law LLP"},
      {"Dental clinic hours", clinic, "Brightsmile Dental Group"},
      {"Production 24x7 (Pacific)", "24x7", "Kessler Precision Components"},
  };
  for (const Plan& p : plans) {
    STEWARD_ASSIGN_OR_RETURN(Json cal, services.servicedesk().CreateCalendar(
                                           actor, {{"name", p.calendar},
                                                   {"time_zone", "America/Los_Angeles"},
                                                   {"hours", p.hours},
                                                   {"holidays", holidays}}));
    STEWARD_ASSIGN_OR_RETURN(auto customer, CustomerId(services.db(), p.customer));
    if (!customer) continue;
    STEWARD_RETURN_IF_ERROR(
        services.cmdb().UpdateCustomer(actor, *customer, {{"calendar_id", cal["id"]}}).status());
  }
  return Status::Ok();
}

Status SeedServiceDeskDemo(Services& services) {
  auto& db = services.db();
  // The people: demo staff by e-mail, and each customer's portal contact.
  std::deque<accounts::Principal> principals;
  auto keep = [&](accounts::Principal p) {
    principals.push_back(std::move(p));
    return &principals.back();
  };
  auto staff = [&](const std::string& email, accounts::Role role) -> Result<accounts::Principal> {
    STEWARD_ASSIGN_OR_RETURN(auto id, IdOf(db, "SELECT id FROM users WHERE email = ?", email));
    if (!id) return Status::NotFound("demo user", email);
    accounts::Principal p;
    p.user_id = *id;
    p.email = email;
    p.name = email;
    p.role = role;
    p.method = accounts::AuthMethod::kSystem;
    return p;
  };
  auto portal = [&](const std::string& customer) -> Result<accounts::Principal> {
    STEWARD_ASSIGN_OR_RETURN(auto cid, CustomerId(db, customer));
    if (!cid) return Status::NotFound("demo customer", customer);
    std::optional<storage::Row> row;
    STEWARD_RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
      STEWARD_ASSIGN_OR_RETURN(row, c.QueryOptional("SELECT id, email FROM users WHERE role ="
                                                    " 'portal' AND customer_id = ? ORDER BY id"
                                                    " LIMIT 1",
                                                    {*cid}));
      return Status::Ok();
    }));
    if (!row) return Status::NotFound("demo portal user", customer);
    accounts::Principal p;
    p.user_id = row->Int("id");
    p.email = row->Text("email");
    p.name = p.email;
    p.role = accounts::Role::kPortal;
    p.customer_id = *cid;
    p.method = accounts::AuthMethod::kSystem;
    return p;
  };
  using accounts::Role;
  STEWARD_ASSIGN_OR_RETURN(auto sam_p,
                           staff("sam.rivera@northwind-msp.example", Role::kServiceManager));
  STEWARD_ASSIGN_OR_RETURN(auto tess_p,
                           staff("tess.nguyen@northwind-msp.example", Role::kTechnician));
  STEWARD_ASSIGN_OR_RETURN(auto omar_p,
                           staff("omar.haddad@northwind-msp.example", Role::kTechnician));
  STEWARD_ASSIGN_OR_RETURN(auto hvl_p, portal("Harbor & Vale Law LLP"));
  STEWARD_ASSIGN_OR_RETURN(auto bsd_p, portal("Brightsmile Dental Group"));
  STEWARD_ASSIGN_OR_RETURN(auto kpc_p, portal("Kessler Precision Components"));
  accounts::Principal* sam = keep(sam_p);
  accounts::Principal* tess = keep(tess_p);
  accounts::Principal* omar = keep(omar_p);
  accounts::Principal* hvl = keep(hvl_p);
  accounts::Principal* bsd = keep(bsd_p);
  accounts::Principal* kpc = keep(kpc_p);
  auto ci = [&](const std::string& name) -> Json {
    auto id = IdOf(db, "SELECT id FROM cis WHERE name = ?", name);
    return id.ok() && *id ? Json::array({**id}) : Json::array();
  };

  // A week of work replayed in time order on a clock of its own.
  const Timestamp now = services.clock().Now();
  ManualClock clock(now - days(7));
  servicedesk::ServiceDesk desk(db, clock);
  servicedesk::TicketService tickets(db, clock);
  servicedesk::TimeEntryService time(db, clock, date::locate_zone("UTC"));
  struct Step {
    Timestamp at;
    std::function<Status()> run;
  };
  std::vector<Step> steps;
  std::map<std::string, int64_t> ids;
  auto act = [&](Timestamp at, std::function<Status()> fn) { steps.push_back({at, fn}); };
  auto open_ticket = [&](Timestamp at, const char* key, accounts::Principal* who, Json body) {
    act(at, [&, key, who, body] {
      // The demo speaks the API's language: its bodies are read as the API reads them.
      STEWARD_ASSIGN_OR_RETURN(auto request, api::ReadNewTicket(body));
      STEWARD_ASSIGN_OR_RETURN(servicedesk::Ticket t, tickets.Create({*who, "demo"}, request));
      ids[key] = t.id;
      return Status::Ok();
    });
  };
  auto patch = [&](Timestamp at, const char* key, accounts::Principal* who, Json body) {
    act(at, [&, key, who, body] {
      STEWARD_ASSIGN_OR_RETURN(auto change, api::ReadTicketChange(body));
      return tickets.Update({*who, "demo"}, ids[key], change).status();
    });
  };
  auto reply = [&](Timestamp at, const char* key, accounts::Principal* who, Json body) {
    act(at, [&, key, who, body] {
      STEWARD_ASSIGN_OR_RETURN(auto r, api::ReadReply(body));
      return tickets.Reply({*who, "demo"}, ids[key], r).status();
    });
  };
  auto log_time = [&](Timestamp at, const char* key, accounts::Principal* who, Json body) {
    act(at, [&, key, who, body] {
      STEWARD_ASSIGN_OR_RETURN(auto entry, api::ReadNewTimeEntry(body));
      return time.Add({*who, "demo"}, ids[key], entry).status();
    });
  };
  STEWARD_ASSIGN_OR_RETURN(auto hvl_id, CustomerId(db, "Harbor & Vale Law LLP"));
  STEWARD_ASSIGN_OR_RETURN(auto bsd_id, CustomerId(db, "Brightsmile Dental Group"));
  STEWARD_ASSIGN_OR_RETURN(auto kpc_id, CustomerId(db, "Kessler Precision Components"));
  if (!hvl_id || !bsd_id || !kpc_id) return Status::Ok();
  const Timestamp t0 = now - days(6);

  // Closed: resolved, and the customer confirmed.
  open_ticket(t0, "closed", hvl,
              {{"subject", "Outlook keeps asking for my password"},
               {"description",
                "Since this morning Outlook prompts for the password every few "
                "minutes, on my laptop only."},
               {"priority", "normal"},
               {"symptoms", "Credential prompt loop; webmail works"}});
  reply(t0 + minutes(40), "closed", tess,
        {{"body",
          "Hi Margaret, I'm connecting to your laptop "
          "now to have a look."}});
  patch(t0 + minutes(41), "closed", tess, {{"status", "open"}});
  log_time(t0 + hours(2), "closed", tess,
           {{"minutes", 40}, {"work_type", "remote"}, {"billable", false}});
  patch(t0 + hours(2), "closed", tess,
        {{"status", "hold_resolution"},
         {"resolution", "Cleared the cached credentials and re-registered the MFA method."}});
  act(t0 + hours(20), [&] {
    return tickets.Confirm({*hvl, "portal"}, ids["closed"], {true, "Works again, thank you!"})
        .status();
  });

  // Hold for resolution: waiting for the customer's confirmation.
  Timestamp t1 = now - days(2);
  open_ticket(t1, "hold", bsd,
              {{"subject", "Check-in iPad cannot print receipts"},
               {"description", "The reception iPad shows 'no printers found'."},
               {"priority", "normal"}});
  patch(t1 + hours(1), "hold", sam, {{"assignee_id", tess->user_id}, {"status", "open"}});
  reply(t1 + hours(1), "hold", tess, {{"body", "We'll re-add the printer over AirPrint."}});
  patch(t1 + hours(3), "hold", tess,
        {{"status", "hold_resolution"},
         {"resolution",
          "Bonjour was blocked on the guest VLAN; allowed mDNS from the iPad to "
          "BSD-PRN01 and re-added the printer."}});
  log_time(t1 + hours(3), "hold", tess, {{"minutes", 55}, {"work_type", "remote"}});

  // Pending fix: waiting for approval to deploy.
  Timestamp t2 = now - days(1);
  open_ticket(t2, "pending", omar,
              {{"customer_id", *kpc_id},
               {"subject", "CAD workstation crashes opening large assemblies"},
               {"description", "SolidWorks closes without an error on assemblies > 2 GB."},
               {"priority", "high"},
               {"steps_to_reproduce", "Open assembly P-4410 from the vault."},
               {"recent_changes", "GPU driver auto-updated last Friday."},
               {"ci_ids", ci("KPC-CAD01")}});
  patch(t2 + minutes(20), "pending", omar, {{"status", "open"}});
  reply(t2 + hours(2), "pending", omar,
        {{"body", "Driver 551.23 has a known issue with large assemblies; 552.10 fixes it."},
         {"internal", true}});
  reply(t2 + hours(2), "pending", omar,
        {{"body",
          "We found the cause (graphics driver). May we update it during today's lunch "
          "break? The workstation restarts once."}});
  patch(t2 + hours(2), "pending", omar, {{"status", "pending_fix"}});
  log_time(t2 + hours(2), "pending", omar, {{"minutes", 75}, {"work_type", "remote"}});

  // RFC submitted: needs a policy change.
  Timestamp t3 = now - days(3);
  open_ticket(t3, "rfc", hvl,
              {{"subject", "Partners need remote access from personal laptops"},
               {"description", "Two partners want to work from home on their own devices."},
               {"priority", "low"}});
  patch(t3 + hours(4), "rfc", sam, {{"status", "open"}});
  patch(t3 + hours(5), "rfc", sam,
        {{"status", "rfc_submitted"},
         {"note", "Needs a change to the VPN and device policy: RFC for the CAB."}});

  // Hold for research: reproducing in a lab.
  Timestamp t4 = now - hours(5);
  open_ticket(t4, "research", bsd,
              {{"subject", "Imaging software slow since the update"},
               {"description", "Opening an X-ray takes a minute instead of seconds."},
               {"priority", "high"}});
  patch(t4 + minutes(15), "research", sam, {{"assignee_id", omar->user_id}, {"status", "open"}});
  reply(t4 + minutes(20), "research", omar,
        {{"body", "We're reproducing this on a test VM with the new version."}});
  patch(t4 + hours(1), "research", omar, {{"status", "hold_research"}});

  // Open, handed to a senior technician and escalated to the vendor.
  Timestamp t5 = now - hours(8);
  open_ticket(t5, "vendor", tess,
              {{"customer_id", *kpc_id},
               {"subject", "VPN tunnel to supplier drops every night"},
               {"description",
                "The site-to-site tunnel to the steel supplier drops around "
                "02:00 and needs a manual restart."},
               {"priority", "high"},
               {"source", "phone"},
               {"ci_ids", ci("KPC-FW01")}});
  patch(t5 + minutes(10), "vendor", tess, {{"status", "open"}});
  act(t5 + hours(1), [&] {
    return tickets
        .Escalate(
            {*tess, "demo"}, ids["vendor"],
            {omar->user_id, std::nullopt, "IKE rekey issue, needs someone who knows FortiOS."})
        .status();
  });
  act(t5 + hours(3), [&] {
    return tickets
        .Escalate({*omar, "demo"}, ids["vendor"],
                  {std::nullopt, "Fortinet TAC", "Case 7312-5518 opened with the rekey logs."})
        .status();
  });
  log_time(t5 + hours(3), "vendor", omar, {{"minutes", 90}, {"work_type", "remote"}});

  // New and unanswered on a round-the-clock calendar: breached and
  // escalated by the job.
  Timestamp t6 = now - hours(30);
  open_ticket(t6, "breached", kpc,
              {{"subject", "Label printer in shipping prints blank labels"},
               {"description", "Since the night shift the shipping labels come out blank."},
               {"priority", "high"}});
  // New, just in.
  open_ticket(now - minutes(10), "fresh", bsd,
              {{"subject", "New hygienist starting Monday"},
               {"description", "Please create accounts for Jamie Lee (jamie@brightsmile.example)."},
               {"priority", "low"}});

  std::stable_sort(steps.begin(), steps.end(),
                   [](const Step& a, const Step& b) { return a.at < b.at; });
  size_t next = 0;
  for (Timestamp t = now - days(7); t <= now; t += minutes(30)) {
    for (; next < steps.size() && steps[next].at <= t; ++next) {
      clock.Set(steps[next].at);
      STEWARD_RETURN_IF_ERROR(steps[next].run());
    }
    clock.Set(t);
    STEWARD_RETURN_IF_ERROR(desk.RunJobs(t));
  }
  for (; next < steps.size(); ++next) {
    clock.Set(steps[next].at);
    STEWARD_RETURN_IF_ERROR(steps[next].run());
  }
  return desk.RunJobs(now);
}

}  // namespace steward::app
