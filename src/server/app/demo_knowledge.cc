// The knowledge part of `steward init --demo`: articles an MSP's technicians
// actually use (published, some public for the portal, one draft), a closed
// ticket whose resolution search finds, a problem over three firewall
// incidents with its known-error workaround, and three unlinked incidents
// with one symptom so the problem suggestion shows something. Runs after the
// service desk demo, on a clock of its own a few days back.
#include <deque>

#include "server/app/demo_data.h"
#include "server/servicedesk/knowledge_service.h"
#include "server/servicedesk/ticket_service.h"

namespace steward::app {

namespace {

using std::chrono::days;
using std::chrono::hours;

struct DemoArticle {
  const char* title;
  const char* body;
  std::vector<std::string> tags;
  bool published;
  bool is_public;
};

const std::vector<DemoArticle>& Articles() {
  static const std::vector<DemoArticle> kArticles = {
      {"Printer spooler keeps stopping (Windows)",
       "## Symptoms\nJobs stay in the queue; the *Print Spooler* service stops again after a "
       "restart.\n\n## Fix\n1. `net stop spooler`\n2. Delete everything in "
       "`C:\\Windows\\System32\\spool\\PRINTERS`.\n3. Remove the printer driver that was added "
       "last (Print Management → Drivers).\n4. `net start spooler` and print a test page.\n",
       {"printing", "windows"},
       true,
       true},
      {"VPN connects but no internal resources reachable",
       "## Check\n- Split tunnel routes pushed? `route print` must list the office "
       "subnets.\n- DNS suffix set on the VPN adapter?\n\n## Fix\nReconnect after "
       "`ipconfig /flushdns`; if routes are missing, re-import the VPN profile from the "
       "portal.\n",
       {"vpn", "network"},
       true,
       true},
      {"Rebuild a corrupt Outlook profile",
       "Outlook hangs at *Loading profile* or keeps asking for the password.\n\n1. Control "
       "Panel → Mail → Show Profiles → Add a new profile.\n2. Set *Always use this profile* "
       "to the new one.\n3. Let the OST resync; delete the old profile after a day.\n",
       {"outlook", "m365"},
       true,
       true},
      {"Disk cleanup on a full system drive",
       "## Safe to remove\n- `cleanmgr /sageset:1` then `cleanmgr /sagerun:1` (incl. "
       "Windows Update cleanup)\n- `DISM /Online /Cleanup-Image /StartComponentCleanup`\n- "
       "Old user profiles via System → Advanced → User Profiles\n\nNever delete "
       "`WinSxS` by hand.\n",
       {"windows", "disk"},
       true,
       false},
      {"Firewall IPsec tunnels drop after firmware 7.2",
       "Known error, see the linked problem. Workaround: disable *IKE fragmentation* on the "
       "tunnel and restart the IKE service. Permanent fix: firmware 7.2.4.\n",
       {"firewall", "vpn", "known-error"},
       true,
       false},
      {"Reset a user's MFA registration (Entra ID)",
       "Entra admin center → Users → *user* → Authentication methods → **Require re-register "
       "MFA**. Verify the caller's identity by calling back the number in the CMDB contact "
       "first.\n",
       {"m365", "security"},
       true,
       false},
      {"New workstation checklist",
       "- Join the domain / Entra ID\n- Install the Steward agent with the customer's "
       "enrollment token\n- BitLocker on, recovery key in the CMDB\n- Printers and mapped "
       "drives from the customer's standard\n",
       {"onboarding"},
       true,
       false},
      {"Dental imaging bridge loses the X-ray sensor (draft)",
       "Collecting notes: the USB sensor disappears after sleep. Try disabling USB selective "
       "suspend.\n",
       {"dental", "usb"},
       false,
       false},
  };
  return kArticles;
}

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

}  // namespace

Status SeedKnowledgeDemo(Services& services) {
  auto& db = services.db();
  STEWARD_ASSIGN_OR_RETURN(auto tess_id, IdOf(db, "SELECT id FROM users WHERE email = ?",
                                              "tess.nguyen@northwind-msp.example"));
  STEWARD_ASSIGN_OR_RETURN(
      auto hvl, IdOf(db, "SELECT id FROM customers WHERE name = ?", "Harbor & Vale Law LLP"));
  STEWARD_ASSIGN_OR_RETURN(
      auto bsd, IdOf(db, "SELECT id FROM customers WHERE name = ?", "Brightsmile Dental Group"));
  STEWARD_ASSIGN_OR_RETURN(auto kpc, IdOf(db, "SELECT id FROM customers WHERE name = ?",
                                          "Kessler Precision Components"));
  STEWARD_ASSIGN_OR_RETURN(auto fw, IdOf(db, "SELECT id FROM cis WHERE name = ?", "HVL-FW01"));
  if (!tess_id || !hvl || !bsd || !kpc) return Status::Ok();  // a trimmed demo: nothing to add
  accounts::Principal tess;
  tess.user_id = *tess_id;
  tess.email = "tess.nguyen@northwind-msp.example";
  tess.name = tess.email;
  tess.role = accounts::Role::kTechnician;
  tess.method = accounts::AuthMethod::kSystem;
  accounts::Actor actor{tess, "local"};

  const Timestamp now = services.clock().Now();
  ManualClock clock(now - days(5));
  servicedesk::TicketService tickets(db, clock);
  servicedesk::Knowledge kb(db, clock);

  std::vector<int64_t> article_ids;
  for (const DemoArticle& a : Articles()) {
    STEWARD_ASSIGN_OR_RETURN(
        Json j, kb.CreateArticle(actor, {{"title", a.title},
                                         {"body", a.body},
                                         {"tags", a.tags},
                                         {"status", a.published ? "published" : "draft"},
                                         {"public", a.is_public}}));
    article_ids.push_back(j["id"]);
  }

  auto open_ticket = [&](int64_t customer, const std::string& subject, const std::string& text,
                         const std::string& symptoms,
                         std::vector<int64_t> ci_ids) -> Result<int64_t> {
    servicedesk::NewTicketRequest request;
    request.customer_id = customer;
    request.subject = subject;
    request.description = text;
    request.source = "phone";
    request.symptoms = symptoms;
    request.ci_ids = ci_ids;
    STEWARD_ASSIGN_OR_RETURN(servicedesk::Ticket t, tickets.Create(actor, request));
    return t.id;
  };
  auto close_ticket = [&](int64_t id, const std::string& resolution) -> Status {
    using servicedesk::TicketStatus;
    STEWARD_RETURN_IF_ERROR(tickets.Update(actor, id, {.status = TicketStatus::kOpen}).status());
    clock.Advance(hours(2));
    STEWARD_RETURN_IF_ERROR(
        tickets
            .Update(actor, id, {.status = TicketStatus::kHoldResolution, .resolution = resolution})
            .status());
    clock.Advance(hours(1));
    return tickets.Update(actor, id, {.status = TicketStatus::kClosed}).status();
  };

  // A solved printing ticket: search for "spooler" or "driver" finds it.
  STEWARD_ASSIGN_OR_RETURN(
      int64_t printer,
      open_ticket(*bsd, "Front desk printer queue stuck",
                  "Nothing prints at reception since the new label printer was installed.",
                  "Print jobs stay in the queue; spooler stops", {}));
  STEWARD_RETURN_IF_ERROR(
      kb.LinkArticle(actor, printer, {{"article_id", article_ids[0]}}).status());
  STEWARD_RETURN_IF_ERROR(close_ticket(
      printer,
      "The label printer's driver crashed the spooler. Removed the Zebra driver 5.1, cleared the "
      "spool folder, installed driver 5.3 and restarted the spooler; test pages print."));

  // Three firewall incidents → a problem, known error with a workaround.
  std::vector<int64_t> incidents;
  std::vector<int64_t> fw_ci;
  if (fw) fw_ci.push_back(*fw);
  for (const char* when : {"Monday", "Tuesday", "Wednesday"}) {
    clock.Advance(hours(20));
    STEWARD_ASSIGN_OR_RETURN(
        int64_t id,
        open_ticket(*hvl, std::string("Branch VPN down (") + when + ")",
                    "The branch office lost its site-to-site tunnel to the main office.",
                    "IPsec tunnel to branch drops, IKE SA expired", fw_ci));
    incidents.push_back(id);
  }
  STEWARD_ASSIGN_OR_RETURN(
      Json problem,
      kb.CreateProblem(
          actor, {{"title", "Site-to-site tunnels drop after firewall firmware 7.2"},
                  {"description", "Repeated tunnel drops on HVL-FW01 since the firmware update."},
                  {"ticket_ids", incidents}}));
  STEWARD_RETURN_IF_ERROR(
      kb.UpdateProblem(
            actor, problem["id"],
            {{"status", "known_error"},
             {"root_cause", "Firmware 7.2 mishandles fragmented IKE packets."},
             {"workaround", "Disable IKE fragmentation on the tunnel and restart the IKE service."},
             {"note", "Vendor case 7781 open; fix expected in 7.2.4."}})
          .status());
  for (int64_t id : incidents) {
    STEWARD_RETURN_IF_ERROR(kb.LinkArticle(actor, id, {{"article_id", article_ids[4]}}).status());
  }

  // Three Outlook incidents with one symptom at two customers, not linked yet:
  // GET /api/v1/problems/suggestions offers them as a candidate problem.
  const char* outlook[] = {"Outlook hangs at Loading profile (error 0x8004010F), 08:12",
                           "outlook hangs at loading profile, error 0x8004011D, 14:40",
                           "Outlook hangs at loading profile - error 0x80040115 - 09:03"};
  int n = 0;
  for (const char* symptom : outlook) {
    clock.Advance(hours(6));
    STEWARD_RETURN_IF_ERROR(open_ticket(n++ % 2 ? *kpc : *hvl, "Outlook will not start",
                                        "The user cannot open Outlook.", symptom, {})
                                .status());
  }
  return Status::Ok();
}

}  // namespace steward::app
