// The change management part of `steward init --demo`: a CAB's fortnight
// replayed through the real ChangeService on a clock of its own — a firmware
// change that went well and an ERP upgrade that was backed out (both closed
// with their reviews), an OpenSSL rollout approved by the reviewers and the
// customer and scheduled in its window, the remote-access RFC the desk's
// ticket raised waiting for the change manager and the customer, a rejected
// request, a draft still being written, and freezes on the calendar. The
// ERP upgrade's watch saw the month-end tickets pile up on its server and
// opened a problem linked to it — which is why it was backed out.
#include "server/app/demo_data.h"
#include "server/change/change_service.h"
#include "server/cmdb/cmdb_service.h"
#include "server/patching/change_window_service.h"
#include "server/servicedesk/ticket_service.h"

namespace steward::app {

namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

struct ChangeDemo {
  Services& services;
  ManualClock clock;
  change::ChangeService replay;

  ChangeDemo(Services& s, Timestamp start) : services(s), clock(start), replay(s.db(), clock) {}

  Result<std::optional<storage::Row>> Row(std::string_view sql, storage::Params params) {
    std::optional<storage::Row> row;
    STEWARD_RETURN_IF_ERROR(services.db().Read([&](storage::Connection& c) -> Status {
      STEWARD_ASSIGN_OR_RETURN(row, c.QueryOptional(sql, params));
      return Status::Ok();
    }));
    return row;
  }

  Result<accounts::Principal> Portal(int64_t customer) {
    STEWARD_ASSIGN_OR_RETURN(auto row, Row("SELECT id, email, name FROM users WHERE role ="
                                           " 'portal' AND customer_id = ? ORDER BY id LIMIT 1",
                                           {customer}));
    if (!row) return Status::NotFound("demo portal user", std::to_string(customer));
    accounts::Principal p;
    p.user_id = row->Int("id");
    p.email = row->Text("email");
    p.name = row->Text("name");
    p.role = accounts::Role::kPortal;
    p.customer_id = customer;
    p.method = accounts::AuthMethod::kSystem;
    return p;
  }

  Result<std::optional<int64_t>> Customer(const std::string& name) {
    STEWARD_ASSIGN_OR_RETURN(auto row, Row("SELECT id FROM customers WHERE name = ?", {name}));
    if (!row) return std::optional<int64_t>();
    return std::optional<int64_t>(row->Int("id"));
  }

  // The customer's Linux servers (demo_deployments.cc), by id.
  Result<std::vector<int64_t>> LinuxServers(int64_t customer) {
    std::vector<int64_t> out;
    STEWARD_RETURN_IF_ERROR(services.db().Read([&](storage::Connection& c) -> Status {
      STEWARD_ASSIGN_OR_RETURN(
          storage::Rows rows,
          c.Query("SELECT id FROM cis WHERE customer_id = ? AND kind = 'server' AND status <>"
                  " 'retired' AND os_name LIKE 'Ubuntu%' ORDER BY id",
                  {customer}));
      for (const storage::Row& r : rows) out.push_back(r.Int("id"));
      return Status::Ok();
    }));
    return out;
  }

  // The customer's first active server.
  Result<int64_t> Server(int64_t customer) {
    STEWARD_ASSIGN_OR_RETURN(auto row, Row("SELECT id FROM cis WHERE customer_id = ? AND kind ="
                                           " 'server' AND status <> 'retired' ORDER BY id LIMIT 1",
                                           {customer}));
    if (!row) return Status::NotFound("demo server", std::to_string(customer));
    return row->Int("id");
  }

  // The first change window of the device that opens after `after`, as the
  // planned window: from 15 minutes into it for `length` (an open one may
  // not have that long left).
  Result<std::pair<Timestamp, Timestamp>> SlotAfter(int64_t device, Timestamp after,
                                                    minutes length) {
    auto system = accounts::Principal::System("steward init --demo");
    STEWARD_ASSIGN_OR_RETURN(patching::DeviceWindows w,
                             services.change_windows().ForDevice(system, device, after));
    if (w.next && w.next->start <= after) {
      STEWARD_ASSIGN_OR_RETURN(w, services.change_windows().ForDevice(system, device, w.next->end));
    }
    if (!w.next) return Status::NotFound("demo change window", std::to_string(device));
    const Timestamp start = w.next->start + minutes(15);
    return std::make_pair(start, start + length);
  }

  change::ChangeFields Fields(std::string title, int64_t ci, std::pair<Timestamp, Timestamp> slot,
                              std::vector<int64_t> reviewers) {
    change::ChangeFields f;
    f.title = std::move(title);
    f.ci_ids = {ci};
    f.planned_start = slot.first;
    f.planned_end = slot.second;
    f.reviewer_ids = std::move(reviewers);
    f.quorum = static_cast<int>(std::max<size_t>(1, f.reviewer_ids.size()));
    f.risk = change::Rating::kMedium;
    f.impact = change::Rating::kLow;
    f.cost_estimate_cents = 0;
    return f;
  }

  Result<change::ChangeRequest> Raise(const accounts::Principal* who, int64_t customer,
                                      change::ChangeFields f,
                                      std::optional<int64_t> ticket = std::nullopt) {
    return replay.Create({*who, "local"}, {customer, ticket, std::move(f)});
  }
  Status Move(const accounts::Principal* who, int64_t id, change::ChangeStatus to,
              std::optional<change::Outcome> outcome = std::nullopt, std::string review = "") {
    change::ChangeMove m;
    m.to = to;
    m.outcome = outcome;
    if (!review.empty()) m.review = std::move(review);
    return replay.Update({*who, "local"}, id, {}, m).status();
  }
  Status Vote(const accounts::Principal* who, int64_t id, change::Decision d, std::string comment) {
    return replay.Vote({*who, "local"}, id, d, std::move(comment)).status();
  }
};

}  // namespace

Status SeedChangesDemo(Services& services) {
  const Timestamp now = services.clock().Now();
  ChangeDemo demo(services, now - days(12));
  using accounts::Role;
  using change::ChangeStatus;
  using change::Decision;
  STEWARD_ASSIGN_OR_RETURN(auto hvl, demo.Customer("Harbor & Vale Law LLP"));
  STEWARD_ASSIGN_OR_RETURN(auto bsd, demo.Customer("Brightsmile Dental Group"));
  STEWARD_ASSIGN_OR_RETURN(auto kpc, demo.Customer("Kessler Precision Components"));
  if (!hvl || !bsd || !kpc) return Status::Ok();  // a trimmed demo: no CAB story
  STEWARD_ASSIGN_OR_RETURN(
      const accounts::Principal sam_who,
      DemoStaffPrincipal(services, "sam.rivera@northwind-msp.example", Role::kServiceManager));
  STEWARD_ASSIGN_OR_RETURN(
      const accounts::Principal tess_who,
      DemoStaffPrincipal(services, "tess.nguyen@northwind-msp.example", Role::kTechnician));
  STEWARD_ASSIGN_OR_RETURN(
      const accounts::Principal omar_who,
      DemoStaffPrincipal(services, "omar.haddad@northwind-msp.example", Role::kTechnician));
  STEWARD_ASSIGN_OR_RETURN(
      const accounts::Principal chloe_who,
      DemoStaffPrincipal(services, "chloe.martin@northwind-msp.example", Role::kChangeManager));
  STEWARD_ASSIGN_OR_RETURN(const accounts::Principal hvl_portal_who, demo.Portal(*hvl));
  const accounts::Principal* sam = &sam_who;
  const accounts::Principal* tess = &tess_who;
  const accounts::Principal* omar = &omar_who;
  const accounts::Principal* chloe = &chloe_who;
  const accounts::Principal* hvl_portal = &hvl_portal_who;
  STEWARD_ASSIGN_OR_RETURN(int64_t hvl_server, demo.Server(*hvl));
  STEWARD_ASSIGN_OR_RETURN(int64_t bsd_server, demo.Server(*bsd));
  STEWARD_ASSIGN_OR_RETURN(int64_t kpc_server, demo.Server(*kpc));
  const std::vector<int64_t> cab = {sam->user_id, chloe->user_id};

  // Brightsmile's firmware change: approved, run in Sunday's window, closed well.
  STEWARD_ASSIGN_OR_RETURN(auto slot, demo.SlotAfter(bsd_server, demo.clock.Now(), minutes(60)));
  change::ChangeFields f = demo.Fields("Storage controller firmware 7.2.10", bsd_server, slot, cab);
  f.description = "Flash the RAID controller to 7.2.10 and reboot the imaging server.";
  f.reason = "Vendor advisory: 7.2.8 can drop a disk from the array under heavy writes.";
  f.components = "RAID controller firmware, imaging server";
  f.backout_plan = "Flash 7.2.8 back from the vendor's rollback image (10 minutes).";
  f.test_plan = "Flashed on the lab controller; array rebuild tested.";
  STEWARD_ASSIGN_OR_RETURN(auto firmware, demo.Raise(tess, *bsd, f));
  STEWARD_RETURN_IF_ERROR(demo.Move(tess, firmware.id, ChangeStatus::kSubmitted));
  demo.clock.Advance(hours(3));
  STEWARD_RETURN_IF_ERROR(demo.Vote(sam, firmware.id, Decision::kApprove, "Low risk, tested."));
  STEWARD_RETURN_IF_ERROR(demo.Vote(chloe, firmware.id, Decision::kApprove, ""));
  STEWARD_RETURN_IF_ERROR(demo.Move(tess, firmware.id, ChangeStatus::kScheduled));

  // Kessler's ERP database upgrade: run in Sunday morning's shutdown, backed out.
  STEWARD_ASSIGN_OR_RETURN(auto erp_slot,
                           demo.SlotAfter(kpc_server, demo.clock.Now(), minutes(150)));
  f = demo.Fields("Upgrade the ERP database to PostgreSQL 16", kpc_server, erp_slot, cab);
  f.description = "pg_upgrade from 13 to 16 on the ERP database server.";
  f.reason = "PostgreSQL 13 leaves community support; the ERP vendor certifies 16.";
  f.components = "PostgreSQL, ERP application server";
  f.risk = change::Rating::kHigh;
  f.impact = change::Rating::kHigh;
  f.backout_plan = "Start the untouched 13 cluster again (pg_upgrade --link is not used).";
  f.test_plan = "Restored last night's backup into the lab and ran the ERP's month-end report.";
  f.cost_estimate_cents = 120000;
  STEWARD_ASSIGN_OR_RETURN(auto erp, demo.Raise(omar, *kpc, f));
  STEWARD_RETURN_IF_ERROR(demo.Move(omar, erp.id, ChangeStatus::kSubmitted));
  STEWARD_RETURN_IF_ERROR(demo.Vote(sam, erp.id, Decision::kApprove, ""));
  STEWARD_RETURN_IF_ERROR(
      demo.Vote(chloe, erp.id, Decision::kApprove, "Go, with the vendor on call."));
  STEWARD_RETURN_IF_ERROR(demo.Move(omar, erp.id, ChangeStatus::kScheduled));

  // Both run in their windows and are reviewed.
  demo.clock.Set(std::max(slot.first, erp_slot.first) + minutes(5));
  STEWARD_RETURN_IF_ERROR(demo.Move(tess, firmware.id, ChangeStatus::kImplemented));
  STEWARD_RETURN_IF_ERROR(demo.Move(omar, erp.id, ChangeStatus::kImplemented));
  // The firmware change is recorded on its CI, citing it.
  cmdb::CmdbService cmdb(services.db(), demo.clock, services.data_dir());
  STEWARD_RETURN_IF_ERROR(cmdb.UpdateCi({*tess, "local"}, bsd_server,
                                        {{"software_config", "RAID controller firmware 7.2.10"},
                                         {"rfc_ref", change::ChangeRef(firmware.id)}})
                              .status());
  // Within the hour Kessler's accounts team cannot run month-end: three
  // tickets on the ERP server, and the watch calls it a spike.
  servicedesk::TicketService desk(services.db(), demo.clock);
  for (const char* subject : {"Month-end report fails with an extension error",
                              "ERP invoices screen times out", "Stock valuation report empty"}) {
    demo.clock.Advance(minutes(20));
    servicedesk::NewTicketRequest t;
    t.customer_id = *kpc;
    t.subject = subject;
    t.description = "Since this morning's maintenance the ERP shows errors.";
    t.priority = servicedesk::Priority::kHigh;
    t.source = "phone";
    t.ci_ids = {kpc_server};
    STEWARD_RETURN_IF_ERROR(desk.Create({*omar, "local"}, t).status());
  }
  STEWARD_RETURN_IF_ERROR(demo.replay.RunJobs(demo.clock.Now()));
  demo.clock.Advance(hours(2));
  STEWARD_RETURN_IF_ERROR(demo.Move(tess, firmware.id, ChangeStatus::kClosed,
                                    change::Outcome::kSuccessful,
                                    "Controller on 7.2.10; array healthy; no alerts since."));
  STEWARD_RETURN_IF_ERROR(
      demo.Move(omar, erp.id, ChangeStatus::kClosed, change::Outcome::kBackedOut,
                "The ERP's reporting extension does not load on 16; backed out to 13 within "
                "the window. Retry once the vendor ships 11.4."));

  // Brightsmile asked for USB storage at reception: rejected.
  demo.clock.Set(now - days(4));
  f = demo.Fields("Allow USB storage on the reception PCs", bsd_server,
                  {now + days(3), now + days(3) + hours(1)}, cab);
  f.description = "Lift the USB mass-storage block for the reception group policy.";
  f.reason = "Reception scans referral letters to USB sticks.";
  f.components = "Group policy: Reception";
  f.backout_plan = "Re-apply the block.";
  f.test_plan = "None needed.";
  f.risk = change::Rating::kHigh;
  STEWARD_ASSIGN_OR_RETURN(auto usb, demo.Raise(tess, *bsd, f));
  STEWARD_RETURN_IF_ERROR(demo.Move(tess, usb.id, ChangeStatus::kSubmitted));
  STEWARD_RETURN_IF_ERROR(demo.Vote(chloe, usb.id, Decision::kReject,
                                    "Patient data on removable media breaks the practice's "
                                    "HIPAA policy; scan to the secure share instead."));

  // Harbor & Vale's OpenSSL rollout on its Linux servers: approved by the
  // CAB and the customer, scheduled in the coming window.
  demo.clock.Set(now - days(2));
  STEWARD_ASSIGN_OR_RETURN(std::vector<int64_t> hvl_linux, demo.LinuxServers(*hvl));
  if (hvl_linux.empty()) hvl_linux = {hvl_server};
  STEWARD_ASSIGN_OR_RETURN(auto ssl_slot, demo.SlotAfter(hvl_linux.front(), now, minutes(60)));
  f = demo.Fields("OpenSSL 3.0.15 on the Linux servers", hvl_linux.front(), ssl_slot, cab);
  f.ci_ids = hvl_linux;
  f.description = "Install openssl and libssl3 3.0.15 and restart the services that link them.";
  f.reason = "CVE-2024-5535 (important); overdue on the Linux servers.";
  f.components = "openssl, libssl3, nginx, postfix";
  f.backout_plan = "apt-get install the previous version from the local cache; restart.";
  f.test_plan = "Installed on the test group 48 hours ago; no incidents.";
  f.customer_approval = true;
  STEWARD_ASSIGN_OR_RETURN(auto ssl, demo.Raise(omar, *hvl, f));
  STEWARD_RETURN_IF_ERROR(demo.Move(omar, ssl.id, ChangeStatus::kSubmitted));
  STEWARD_RETURN_IF_ERROR(demo.Vote(sam, ssl.id, Decision::kApprove, ""));
  STEWARD_RETURN_IF_ERROR(demo.Vote(chloe, ssl.id, Decision::kApprove, "Standard patch run."));
  STEWARD_RETURN_IF_ERROR(
      demo.Vote(hvl_portal, ssl.id, Decision::kApprove, "Fine after 22:00 on Saturday."));
  STEWARD_RETURN_IF_ERROR(demo.Move(omar, ssl.id, ChangeStatus::kScheduled));

  // The desk's remote-access ticket raised a draft RFC: Sam fills and
  // submits it; Tess approves; it waits for Chloe and the customer.
  STEWARD_ASSIGN_OR_RETURN(auto rfc_row,
                           demo.Row("SELECT id FROM change_requests WHERE customer_id = ? AND"
                                    " ticket_id IS NOT NULL AND status = 'draft' ORDER BY id"
                                    " LIMIT 1",
                                    {*hvl}));
  if (rfc_row) {
    demo.clock.Set(now - days(1));
    STEWARD_ASSIGN_OR_RETURN(auto vpn_slot,
                             demo.SlotAfter(hvl_server, ssl_slot.second + days(1), minutes(90)));
    change::ChangeEdit e;
    e.title = "Remote access for partners' own laptops";
    e.description = "Enrol personal laptops in device compliance; allow them on the VPN.";
    e.reason = "Two partners work from home on their own devices (ticket).";
    e.components = "VPN concentrator, device compliance policy";
    e.ci_ids = std::vector<int64_t>{hvl_server};
    e.risk = change::Rating::kMedium;
    e.impact = change::Rating::kMedium;
    e.backout_plan = "Remove the compliance group from the VPN policy.";
    e.test_plan = "Piloted with one partner's laptop for a week.";
    e.cost_estimate_cents = 45000;
    e.planned_start = vpn_slot.first;
    e.planned_end = vpn_slot.second;
    e.reviewer_ids = std::vector<int64_t>{tess->user_id, chloe->user_id};
    e.quorum = 2;
    e.customer_approval = true;
    const int64_t id = rfc_row->Int("id");
    STEWARD_RETURN_IF_ERROR(demo.replay.Update({*sam, "local"}, id, e, std::nullopt).status());
    STEWARD_RETURN_IF_ERROR(demo.Move(sam, id, ChangeStatus::kSubmitted));
    STEWARD_RETURN_IF_ERROR(
        demo.Vote(tess, id, Decision::kApprove, "Pilot went well; compliance checks hold."));
  }

  // A draft Omar is still writing.
  demo.clock.Set(now - hours(3));
  change::ChangeFields draft;
  draft.title = "Move Brightsmile's mail to Exchange Online";
  draft.description = "Cut over the MX records after a staged migration of 14 mailboxes.";
  draft.ci_ids = {bsd_server};
  STEWARD_RETURN_IF_ERROR(demo.Raise(omar, *bsd, draft).status());

  // Freezes: Kessler's stocktake and the MSP's holiday freeze.
  accounts::Actor owner{*chloe, "local"};
  change::Freeze stocktake;
  stocktake.customer_id = *kpc;
  stocktake.name = "Annual stocktake";
  stocktake.starts_at = now + days(3);
  stocktake.ends_at = now + days(5);
  STEWARD_RETURN_IF_ERROR(demo.replay.CreateFreeze(owner, stocktake).status());
  change::Freeze holidays;
  holidays.name = "Holiday freeze";
  holidays.starts_at = now + days(16);
  holidays.ends_at = now + days(30);
  return demo.replay.CreateFreeze(owner, holidays).status();
}

}  // namespace steward::app
