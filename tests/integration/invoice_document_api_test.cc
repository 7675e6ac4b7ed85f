// The invoice PDF over real HTTP (issue 13), on SQLite and PostgreSQL: staff
// get drafts (marked DRAFT) and issued invoices; the customer's portal users
// get their own issued invoices only; the MSP's name and accent colour come
// from the settings. The bytes are read back with poppler's pdftotext.
// Issuing e-mails the PDF to the billing contact through the outbox; the
// message is delivered to a real SMTP server on loopback and read back with
// GMime.
#include <fstream>

#include "server/app/demo_data.h"
#include "server/mail/mime_parser.h"
#include "server/notify/mail_delivery.h"
#include "server/notify/smtp_sender.h"
#include "server_fixture.h"
#include "smtp_sink.h"
#include "testing/subprocess.h"

namespace steward::testing {
namespace {

using accounts::Role;

class InvoiceDocumentApiTest : public ServerTest {
 protected:
  int64_t Id(const HttpResult& r) {
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }

  // A customer with a contact, a server and a Gold contract from December;
  // → December's draft invoice.
  int64_t DraftFor(HttpClient& owner, const std::string& name, const std::string& contact) {
    int64_t customer = Id(owner.Post("/api/v1/customers", {{"name", name}}));
    customers_[name] = customer;
    Id(owner.Post("/api/v1/contacts",
                  {{"customer_id", customer},
                   {"name", "Someone Else"},
                   {"email", "else@" + std::to_string(customer) + ".example"}}));
    Id(owner.Post("/api/v1/contacts",
                  {{"customer_id", customer},
                   {"name", contact},
                   {"email", "billing@" + std::to_string(customer) + ".example"},
                   {"is_primary", true}}));
    int64_t server = Id(owner.Post(
        "/api/v1/cis", {{"customer_id", customer}, {"kind", "server"}, {"name", "srv-" + name}}));
    int64_t gold = 0;
    for (const Json& p : owner.Get("/api/v1/plans").json()) {
      if (p["name"] == "Gold") gold = p["id"];
    }
    int64_t contract = Id(owner.Post("/api/v1/contracts", {{"customer_id", customer},
                                                           {"start_date", "2026-12-01"},
                                                           {"term_months", 12},
                                                           {"payment_days", 30}}));
    EXPECT_EQ(owner
                  .Post("/api/v1/contracts/" + std::to_string(contract) + "/lines",
                        {{"plan_id", gold}, {"ci_ids", {server}}})
                  .status,
              201);
    auto run = owner.Post("/api/v1/billing/runs", {{"month", "2026-12"}});
    EXPECT_EQ(run.status, 201) << run.body;
    Json ids = run.json()["invoice_ids"];
    EXPECT_EQ(ids.size(), 1u) << run.body;
    return ids.empty() ? 0 : ids[0].get<int64_t>();
  }

  static std::string Pdf(int64_t id) { return "/api/v1/invoices/" + std::to_string(id) + "/pdf"; }

  // The text of a PDF body, columns squeezed to single spaces.
  std::string TextOf(const std::string& pdf) {
    const std::string path = MakeTempDir("steward-invoice-it") + "/invoice.pdf";
    std::ofstream(path, std::ios::binary) << pdf;
    auto r = RunCommand({"/usr/bin/pdftotext", "-layout", path, "-"});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    std::string out;
    for (char c : r.output) {
      if (c == ' ' && !out.empty() && out.back() == ' ') continue;
      out += c;
    }
    return out;
  }

  std::map<std::string, int64_t> customers_;
};

TEST_P(InvoiceDocumentApiTest, StaffGetDraftsAndThePortalItsOwnIssuedInvoices) {
  HttpClient owner = Owner();
  const int64_t draft = DraftFor(owner, "Harbor Dental", "Dana Whitfield");
  ASSERT_GT(draft, 0);

  // The owner's draft: a PDF, inline, named for the draft, marked DRAFT.
  auto r = owner.Get(Pdf(draft));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/pdf");
  EXPECT_EQ(r.Header("Content-Disposition").value_or(""),
            "inline; filename=\"invoice-draft-" + std::to_string(draft) + ".pdf\"");
  ASSERT_EQ(r.body.rfind("%PDF-", 0), 0u);
  std::string text = TextOf(r.body);
  EXPECT_NE(text.find("DRAFT"), std::string::npos) << text;
  EXPECT_NE(text.find("Steward"), std::string::npos) << "the default MSP name\n" << text;
  EXPECT_NE(text.find("Harbor Dental"), std::string::npos) << text;
  EXPECT_NE(text.find("Dana Whitfield"), std::string::npos) << "the primary contact\n" << text;
  EXPECT_EQ(text.find("Someone Else"), std::string::npos) << text;
  EXPECT_NE(text.find("Balance due $1,000.00"), std::string::npos) << text;

  // A portal user of the customer: no draft.
  AddUser("dana@harbor.example", Role::kPortal, customers_["Harbor Dental"]);
  HttpClient portal = LoggedIn("dana@harbor.example");
  EXPECT_EQ(portal.Get(Pdf(draft)).status, 404);

  // The owner names the MSP and issues the invoice; the customer reads it.
  auto settings = owner.Patch("/api/v1/settings",
                              {{"msp_name", "Northwind MSP"}, {"invoice_accent_color", "#0b6e4f"}});
  ASSERT_EQ(settings.status, 200) << settings.body;
  EXPECT_EQ(settings.json()["msp_name"], "Northwind MSP");
  EXPECT_EQ(owner.Get("/api/v1/settings").json()["invoice_accent_color"], "#0b6e4f");
  auto issued = owner.Post("/api/v1/invoices/" + std::to_string(draft) + "/issue", Json{});
  ASSERT_EQ(issued.status, 200) << issued.body;
  const int64_t number = issued.json()["number"];
  r = portal.Get(Pdf(draft));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("Content-Disposition").value_or(""),
            "inline; filename=\"invoice-" + std::to_string(number) + ".pdf\"");
  text = TextOf(r.body);
  EXPECT_NE(text.find("Invoice " + std::to_string(number)), std::string::npos) << text;
  EXPECT_NE(text.find("Northwind MSP"), std::string::npos) << text;
  EXPECT_NE(text.find("November 23, 2026"), std::string::npos) << "issued today\n" << text;
  EXPECT_NE(text.find("December 23, 2026"), std::string::npos) << "due in 30 days\n" << text;
  EXPECT_NE(text.find("Total $1,000.00"), std::string::npos) << text;
  EXPECT_EQ(text.find("DRAFT"), std::string::npos) << text;

  // Another customer's invoice is a 404 for this portal user, issued or not;
  // staff without billing get a 403; an unknown id is a 404.
  const int64_t theirs = DraftFor(owner, "Beta Bakery", "Bo Baker");
  ASSERT_EQ(owner.Post("/api/v1/invoices/" + std::to_string(theirs) + "/issue", Json{}).status,
            200);
  EXPECT_EQ(portal.Get(Pdf(theirs)).status, 404);
  AddUser("tech@msp.example", Role::kTechnician);
  EXPECT_EQ(LoggedIn("tech@msp.example").Get(Pdf(theirs)).status, 403);
  AddUser("am@msp.example", Role::kAccountManager);
  EXPECT_EQ(LoggedIn("am@msp.example").Get(Pdf(theirs)).status, 200);
  EXPECT_EQ(owner.Get(Pdf(999999)).status, 404);
}

TEST_P(InvoiceDocumentApiTest, BrandingIsValidatedAndOwnersOnly) {
  HttpClient owner = Owner();
  auto bad = owner.Patch("/api/v1/settings", {{"invoice_accent_color", "#12345g"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.json()["error"].value("field", ""), "invoice_accent_color");
  bad = owner.Patch("/api/v1/settings", {{"msp_name", "   "}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.json()["error"].value("field", ""), "msp_name");
  Json now = owner.Get("/api/v1/settings").json();
  EXPECT_EQ(now["msp_name"], "Steward");
  EXPECT_EQ(now["invoice_accent_color"], "#1f4e79");
  AddUser("billing@msp.example", Role::kBillingAdmin);
  EXPECT_EQ(LoggedIn("billing@msp.example").Patch("/api/v1/settings", {{"msp_name", "X"}}).status,
            403);
  EXPECT_EQ(owner.Get("/api/v1/settings").json()["msp_name"], "Steward");
}

TEST_P(InvoiceDocumentApiTest, TheDemoMspBrandsItsInvoices) {
  auto logins = app::SeedDemo(app_->services(), kPassword);
  ASSERT_TRUE(logins.ok()) << logins.status().ToString();
  HttpClient owner = Owner();
  EXPECT_EQ(owner.Get("/api/v1/settings").json()["msp_name"], "Northwind MSP");
  Json invoices = owner.Get("/api/v1/invoices").json()["invoices"];
  const Json* issued = nullptr;
  for (const Json& inv : invoices) {
    if (inv["number"].is_number_integer()) issued = &inv;
  }
  ASSERT_NE(issued, nullptr) << invoices.dump();
  auto r = owner.Get(Pdf((*issued)["id"].get<int64_t>()));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string text = TextOf(r.body);
  EXPECT_NE(text.find("Northwind MSP"), std::string::npos) << text;
  EXPECT_NE(text.find("Invoice " + std::to_string((*issued)["number"].get<int64_t>())),
            std::string::npos)
      << text;

  // Brightsmile is billed at its accounts payable box, not at a clinic.
  int64_t brightsmile = 0;
  const Json customers = owner.Get("/api/v1/customers?limit=200").json()["customers"];
  for (const Json& c : customers) {
    if (c["name"] == "Brightsmile Dental Group") brightsmile = c["id"];
  }
  ASSERT_GT(brightsmile, 0);
  const Json* theirs = nullptr;
  for (const Json& inv : invoices) {
    if (inv["number"].is_number_integer() && inv["customer_id"] == brightsmile) theirs = &inv;
  }
  ASSERT_NE(theirs, nullptr) << invoices.dump();
  const std::string billed = TextOf(owner.Get(Pdf((*theirs)["id"].get<int64_t>())).body);
  EXPECT_NE(billed.find("PO Box 4410"), std::string::npos) << billed;
  EXPECT_NE(billed.find("Portland, OR 97208"), std::string::npos) << billed;
  EXPECT_EQ(billed.find("Northgate"), std::string::npos) << billed;
}

TEST_P(InvoiceDocumentApiTest, IssuingEmailsThePdfToTheBillingContact) {
  HttpClient owner = Owner();
  const int64_t draft = DraftFor(owner, "Harbor Dental", "Dana Whitfield");
  ASSERT_GT(draft, 0);
  const std::string path = "/api/v1/invoices/" + std::to_string(draft);
  const std::string billing = "billing@" + std::to_string(customers_["Harbor Dental"]) + ".example";

  // A draft is never sent.
  auto early = owner.Post(path + "/email", Json{});
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(early.json()["error"]["field"], "status");

  auto issued = owner.Post(path + "/issue", Json{});
  ASSERT_EQ(issued.status, 200) << issued.body;
  const std::string number = std::to_string(issued.json()["number"].get<int64_t>());
  const std::string file = "invoice-" + number + ".pdf";
  EXPECT_EQ(issued.json()["email"]["to"], billing) << issued.body;
  EXPECT_EQ(issued.json()["email"]["file_name"], file);
  Json emails = owner.Get(path + "/emails").json()["emails"];
  ASSERT_EQ(emails.size(), 1u) << emails.dump();
  EXPECT_EQ(emails[0]["status"], "pending");
  EXPECT_EQ(emails[0]["attachments"], Json::array({file}));

  // The delivery job sends it to a real SMTP server: one message with the
  // text and the PDF, as GMime reads it.
  SmtpSink sink;
  notify::CurlSmtpSender sender({.url = sink.Url()});
  auto report =
      notify::DeliverDueEmails(app_->services().db(), clock(), sender, "billing@msp.example");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->sent, 1);
  auto messages = sink.Messages();
  ASSERT_EQ(messages.size(), 1u);
  auto parsed = mail::ParseMessage(messages[0]);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->to_addresses, std::vector<std::string>{billing});
  EXPECT_NE(parsed->subject.find("Invoice " + number), std::string::npos) << parsed->subject;
  EXPECT_NE(parsed->subject.find("$1,000.00"), std::string::npos) << parsed->subject;
  EXPECT_NE(parsed->text_body.find("Hello Dana Whitfield"), std::string::npos) << parsed->text_body;
  EXPECT_NE(parsed->text_body.find("Amount due: $1,000.00"), std::string::npos);
  EXPECT_NE(parsed->text_body.find("Due by: December 23, 2026"), std::string::npos);
  ASSERT_EQ(parsed->attachments.size(), 1u);
  const mail::InboundAttachment& pdf = parsed->attachments[0];
  EXPECT_EQ(pdf.file_name, file);
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_FALSE(pdf.truncated);
  ASSERT_EQ(pdf.bytes.rfind("%PDF-", 0), 0u);
  const std::string text = TextOf(pdf.bytes);
  EXPECT_NE(text.find("Invoice " + number), std::string::npos) << text;
  EXPECT_NE(text.find("Harbor Dental"), std::string::npos) << text;
  emails = owner.Get(path + "/emails").json()["emails"];
  ASSERT_EQ(emails.size(), 1u);
  EXPECT_EQ(emails[0]["status"], "sent");
  EXPECT_TRUE(emails[0]["sent_at"].is_string());

  // Sent again, to another address; a bad address is a 400 naming "to" and
  // queues nothing.
  auto again = owner.Post(path + "/email", {{"to", "ap@harbor.example"}});
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json()["to"], "ap@harbor.example");
  auto bad = owner.Post(path + "/email", {{"to", "not an address"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.json()["error"]["field"], "to");
  EXPECT_EQ(owner.Post(path + "/email", {{"to", 7}}).status, 400);
  EXPECT_EQ(owner.Get(path + "/emails").json()["emails"].size(), 2u);

  // Sending is the billing desk's: a technician gets a 403, the customer's
  // portal user a 403 on their own invoice (they read it, never send it).
  AddUser("tech@msp.example", Role::kTechnician);
  EXPECT_EQ(LoggedIn("tech@msp.example").Post(path + "/email", Json{}).status, 403);
  AddUser("dana@harbor.example", Role::kPortal, customers_["Harbor Dental"]);
  HttpClient portal = LoggedIn("dana@harbor.example");
  EXPECT_EQ(portal.Post(path + "/email", Json{}).status, 403);
  EXPECT_EQ(portal.Get(path + "/emails").status, 403);
  EXPECT_EQ(owner.Get(path + "/emails").json()["emails"].size(), 2u);

  // {"send":false} issues without mail; a customer without any contact
  // address gets none either, and "Send" then needs an address.
  const int64_t quiet = DraftFor(owner, "Beta Bakery", "Bo Baker");
  auto silent =
      owner.Post("/api/v1/invoices/" + std::to_string(quiet) + "/issue", {{"send", false}});
  ASSERT_EQ(silent.status, 200) << silent.body;
  EXPECT_TRUE(silent.json()["email"].is_null());
  EXPECT_EQ(
      owner.Get("/api/v1/invoices/" + std::to_string(quiet) + "/emails").json()["emails"].size(),
      0u);
  const int64_t lonely = Id(owner.Post("/api/v1/customers", {{"name", "No Contact Co"}}));
  int64_t server = Id(owner.Post(
      "/api/v1/cis", {{"customer_id", lonely}, {"kind", "server"}, {"name", "srv-lonely"}}));
  int64_t contract =
      Id(owner.Post("/api/v1/contracts",
                    {{"customer_id", lonely}, {"start_date", "2026-12-01"}, {"term_months", 12}}));
  int64_t bronze = 0;
  for (const Json& p : owner.Get("/api/v1/plans").json()) {
    if (p["name"] == "Bronze") bronze = p["id"];
  }
  ASSERT_EQ(owner
                .Post("/api/v1/contracts/" + std::to_string(contract) + "/lines",
                      {{"plan_id", bronze}, {"ci_ids", {server}}})
                .status,
            201);
  auto run = owner.Post("/api/v1/billing/runs", {{"month", "2026-12"}});
  ASSERT_EQ(run.status, 201) << run.body;
  ASSERT_EQ(run.json()["invoice_ids"].size(), 1u) << run.body;
  const std::string lonely_path =
      "/api/v1/invoices/" + std::to_string(run.json()["invoice_ids"][0].get<int64_t>());
  auto unsent = owner.Post(lonely_path + "/issue", Json{});
  ASSERT_EQ(unsent.status, 200) << unsent.body;
  EXPECT_TRUE(unsent.json()["email"].is_null()) << unsent.body;
  auto nowhere = owner.Post(lonely_path + "/email", Json{});
  EXPECT_EQ(nowhere.status, 400) << nowhere.body;
  EXPECT_EQ(nowhere.json()["error"]["field"], "to");
  EXPECT_EQ(owner.Post(lonely_path + "/email", {{"to", "owner@nocontact.example"}}).status, 201);
}

// The billing profile: without one the invoice is addressed to the primary
// contact at the first site; a profile names another contact and address,
// which the PDF, the e-mail and the Xero export then carry. Bad profiles
// are 400s naming the field and change nothing; only owners and billing
// admins write, only staff read.
TEST_P(InvoiceDocumentApiTest, TheBillingProfileAddressesThePdfTheMailAndTheExport) {
  HttpClient owner = Owner();
  const int64_t draft = DraftFor(owner, "Harbor Dental", "Dana Whitfield");
  ASSERT_GT(draft, 0);
  const int64_t harbor = customers_["Harbor Dental"];
  const std::string profile = "/api/v1/customers/" + std::to_string(harbor) + "/billing-profile";
  Id(owner.Post("/api/v1/sites", {{"customer_id", harbor},
                                  {"name", "Tampa office"},
                                  {"address", "Harbor Plaza\n1200 Bay Street"},
                                  {"city", "Tampa"},
                                  {"postal_code", "33602"},
                                  {"country", "USA"}}));
  const int64_t payables = Id(owner.Post(
      "/api/v1/contacts",
      {{"customer_id", harbor}, {"name", "Accounts Payable"}, {"email", "ap@harbor.example"}}));

  // No profile: the site's address and the primary contact.
  auto r = owner.Get(profile);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["contact_id"].is_null());
  EXPECT_EQ(r.json()["address_lines"], Json::array());
  Json bill_to = r.json()["bill_to"];
  EXPECT_EQ(bill_to["contact_name"], "Dana Whitfield");
  EXPECT_EQ(bill_to["contact_source"], "primary");
  EXPECT_EQ(bill_to["address_source"], "site");
  EXPECT_EQ(bill_to["address_lines"], Json::array({"Harbor Plaza", "1200 Bay Street"}));
  EXPECT_EQ(bill_to["city"], "Tampa");
  std::string text = TextOf(owner.Get(Pdf(draft)).body);
  EXPECT_NE(text.find("1200 Bay Street"), std::string::npos) << text;
  EXPECT_NE(text.find("Tampa 33602"), std::string::npos) << text;
  EXPECT_NE(text.find("Attn: Dana Whitfield"), std::string::npos) << text;

  // Refused, naming the field, with nothing changed.
  const int64_t other = Id(owner.Post("/api/v1/customers", {{"name", "Other Co"}}));
  const int64_t stranger =
      Id(owner.Post("/api/v1/contacts",
                    {{"customer_id", other}, {"name", "Stranger"}, {"email", "s@o.example"}}));
  AddUser("billing@msp.example", Role::kBillingAdmin);
  AddUser("tech@msp.example", Role::kTechnician);
  AddUser("dana@harbor.example", Role::kPortal, harbor);
  HttpClient billing_admin = LoggedIn("billing@msp.example");
  HttpClient tech = LoggedIn("tech@msp.example");
  HttpClient portal = LoggedIn("dana@harbor.example");
  const Json before = owner.Get(profile).json();
  auto field_of = [](const HttpResult& res) {
    return res.json()["error"].value("field", std::string("(none)"));
  };
  auto bad = owner.Put(profile, {{"address_lines", {"1", "2", "3", "4", "5"}}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(field_of(bad), "address_lines");
  bad = owner.Put(profile, {{"contact_id", stranger}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(field_of(bad), "contact_id");
  bad = owner.Put(profile, {{"city", "Tampa\nFL"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(field_of(bad), "city");
  bad = owner.Put(profile, {{"country", std::string(101, 'x')}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(field_of(bad), "country");
  bad = owner.Put(profile, {{"street", "1 Main St"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(field_of(bad), "street");
  EXPECT_EQ(owner.Put(profile, {{"address_lines", "PO Box 7"}}).status, 400);
  EXPECT_EQ(tech.Put(profile, {{"city", "Nowhere"}}).status, 403);
  EXPECT_EQ(tech.Get(profile).status, 403);
  EXPECT_EQ(portal.Put(profile, {{"city", "Nowhere"}}).status, 403);
  EXPECT_EQ(portal.Get(profile).status, 403);
  EXPECT_EQ(owner.Get("/api/v1/customers/999999/billing-profile").status, 404);
  EXPECT_EQ(owner.Get(profile).json(), before);

  // The billing admin sets the profile: trimmed, blank lines dropped.
  r = billing_admin.Put(profile, {{"contact_id", payables},
                                  {"address_lines", {" Accounts Payable ", "", "PO Box 7"}},
                                  {"city", "St. Petersburg"},
                                  {"region", "FL"},
                                  {"postal_code", "33701"},
                                  {"country", "USA"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["contact_id"], payables);
  EXPECT_EQ(r.json()["address_lines"], Json::array({"Accounts Payable", "PO Box 7"}));
  bill_to = r.json()["bill_to"];
  EXPECT_EQ(bill_to["contact_email"], "ap@harbor.example");
  EXPECT_EQ(bill_to["contact_source"], "profile");
  EXPECT_EQ(bill_to["address_source"], "profile");
  EXPECT_EQ(owner.Get(profile).json(), r.json());
  Json audit = owner.Get("/api/v1/audit?action=customer.billing_profile").json();
  ASSERT_EQ(audit["events"].size(), 1u) << audit.dump();
  EXPECT_EQ(audit["events"][0]["details"]["after"]["city"], "St. Petersburg");

  // The PDF, the mail and the export follow it.
  text = TextOf(owner.Get(Pdf(draft)).body);
  EXPECT_NE(text.find("PO Box 7"), std::string::npos) << text;
  EXPECT_NE(text.find("St. Petersburg, FL 33701"), std::string::npos) << text;
  EXPECT_NE(text.find("Attn: Accounts Payable"), std::string::npos) << text;
  EXPECT_EQ(text.find("1200 Bay Street"), std::string::npos) << text;
  auto issued = owner.Post("/api/v1/invoices/" + std::to_string(draft) + "/issue", Json{});
  ASSERT_EQ(issued.status, 200) << issued.body;
  EXPECT_EQ(issued.json()["email"]["to"], "ap@harbor.example") << issued.body;
  auto xero = owner.Get("/api/v1/billing/export?format=xero&from=2026-11-01&to=2026-12-31");
  ASSERT_EQ(xero.status, 200) << xero.body;
  const size_t row = xero.body.find("\r\nHarbor Dental,");
  ASSERT_NE(row, std::string::npos) << xero.body;
  const std::string first = xero.body.substr(row + 2, xero.body.find("\r\n", row + 2) - row - 2);
  EXPECT_EQ(first.rfind("Harbor Dental,ap@harbor.example,Accounts Payable,PO Box 7,,,"
                        "St. Petersburg,FL,33701,USA," +
                            std::to_string(issued.json()["number"].get<int64_t>()) + ",",
                        0),
            0u)
      << first;
}

STEWARD_INSTANTIATE_SERVER_TEST(InvoiceDocumentApiTest);

}  // namespace
}  // namespace steward::testing
