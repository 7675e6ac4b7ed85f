// The service desk's e-mail round trip against real servers on loopback, on
// both backends: Dovecot (tests/tools/imap_server.py, Debian's
// dovecot-imapd) as the intake mailbox and aiosmtpd (tests/tools/
// smtp_sink.py) receiving what Steward sends. Mail is dropped into the
// Maildir as a mail server's delivery agent would; the server's own job run
// polls the mailbox over IMAP, takes each message in and sends the customer
// mail through the outbox.
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "server/mail/mime_parser.h"
#include "server_fixture.h"
#include "smtp_sink.h"
#include "testing/subprocess.h"

namespace steward::testing {
namespace {

namespace fs = std::filesystem;

// Dovecot with one user; messages are delivered into its Maildir. With
// `tls`, a self-signed certificate for 127.0.0.1 (ca_file()) and STARTTLS.
class ImapServer {
 public:
  explicit ImapServer(bool tls = false) : port_(FreePort()), dir_(MakeTempDir("imap")) {
    fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
    std::vector<std::string> argv = {"/usr/bin/python3", STEWARD_IMAP_SERVER, std::to_string(port_),
                                     dir_ + "/dovecot",  "helpdesk",          "s3cret"};
    if (tls) {
      auto made = RunCommand({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                              "-keyout", dir_ + "/key.pem", "-out", ca_file(), "-days", "2",
                              "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
      EXPECT_EQ(made.exit_code, 0) << made.output;
      fs::permissions(dir_ + "/key.pem", fs::perms::owner_read | fs::perms::owner_write |
                                             fs::perms::group_read | fs::perms::others_read);
      argv.insert(argv.end(), {"--tls", ca_file(), dir_ + "/key.pem"});
      curl_tls_ = {"--ssl-reqd", "--cacert", ca_file()};
    }
    process_ = std::make_unique<Subprocess>(argv);
    EXPECT_TRUE(process_->WaitForOutput("ready", std::chrono::seconds(30))) << process_->output();
    // The first login creates the Maildir, owned by Dovecot's user.
    auto r = Curl({"-X", "UID SEARCH ALL"});
    EXPECT_EQ(r.exit_code, 0) << r.output;
  }
  ~ImapServer() {
    process_->Signal(SIGTERM);
    process_->Wait();
  }
  std::string Url() const { return "imap://127.0.0.1:" + std::to_string(port_) + "/INBOX"; }
  CommandResult Curl(std::vector<std::string> args) const {
    std::vector<std::string> argv = {"/usr/bin/curl", "-sS", "--url",
                                     Url(),           "-u",  "helpdesk:s3cret"};
    argv.insert(argv.end(), curl_tls_.begin(), curl_tls_.end());
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv);
  }
  // As a delivery agent does: written under tmp/, then moved into new/.
  void Deliver(const std::string& raw) {
    std::string maildir = dir_ + "/dovecot/mail/helpdesk/Maildir";
    std::string name = "1764400000.M" + std::to_string(++count_) + "P1.test";
    {
      std::ofstream out(maildir + "/tmp/" + name, std::ios::binary);
      out << raw;
    }
    fs::permissions(maildir + "/tmp/" + name, fs::perms::owner_read | fs::perms::owner_write |
                                                  fs::perms::group_read | fs::perms::others_read);
    fs::rename(maildir + "/tmp/" + name, maildir + "/new/" + name);
  }
  std::string Unseen() const { return Curl({"-X", "UID SEARCH UNSEEN"}).output; }
  std::string ca_file() const { return dir_ + "/cert.pem"; }

 private:
  uint16_t port_;
  std::string dir_;
  std::vector<std::string> curl_tls_;
  int count_ = 0;
  std::unique_ptr<Subprocess> process_;
};

std::string Crlf(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

std::string Header(const std::string& message, const std::string& name) {
  std::smatch m;
  if (std::regex_search(message, m, std::regex("\r?\n" + name + ": ([^\r\n]*)"))) return m[1];
  return {};
}

// The decoded subject (RFC 2047), as a mail client shows it.
std::string Subject(const std::string& message) {
  auto m = mail::ParseMessage(message);
  return m.ok() ? m->subject : std::string();
}

class MailIntakeTest : public ServerTest {
 protected:
  void ModifyConfig(app::ServerConfig& c) override {
    sink_ = std::make_unique<SmtpSink>();
    imap_ = std::make_unique<ImapServer>();
    c.smtp.url = sink_->Url();
    c.smtp_from = "support@msp.example";
    c.imap.url = imap_->Url();
    c.imap.username = "helpdesk";
    c.imap.password = "s3cret";
    c.imap.timeout = std::chrono::seconds(10);
  }
  void TearDown() override {
    ServerTest::TearDown();
    imap_.reset();
    sink_.reset();
  }

  // Acme with a contact and a Berlin business calendar.
  void SetUpCustomer() {
    HttpClient owner = Owner();
    auto cal =
        owner.Post("/api/v1/calendars",
                   {{"name", "Berlin"},
                    {"time_zone", "Europe/Berlin"},
                    {"hours", Json::parse(R"({"mon":[["08:00","17:00"]],"tue":[["08:00","17:00"]],
                          "wed":[["08:00","17:00"]],"thu":[["08:00","17:00"]],
                          "fri":[["08:00","17:00"]]})")}});
    ASSERT_EQ(cal.status, 201) << cal.body;
    customer_ = owner.Post("/api/v1/customers", {{"name", "Acme"}}).json()["id"];
    ASSERT_EQ(owner
                  .Patch("/api/v1/customers/" + std::to_string(customer_),
                         {{"calendar_id", cal.json()["id"]}})
                  .status,
              200);
    auto contact = owner.Post(
        "/api/v1/contacts",
        {{"customer_id", customer_}, {"name", "Anna Admin"}, {"email", "anna@acme.example"}});
    ASSERT_EQ(contact.status, 201) << contact.body;
    contact_ = contact.json()["id"];
    other_customer_ = owner.Post("/api/v1/customers", {{"name", "Globex"}}).json()["id"];
  }

  void Poll() { app_->RunJobsOnceForTest(); }

  Json Tickets(int64_t customer) {
    return Owner().Get("/api/v1/tickets?customer_id=" + std::to_string(customer)).json()["tickets"];
  }
  Json Ticket(int64_t id) { return Owner().Get("/api/v1/tickets/" + std::to_string(id)).json(); }
  Json MailLog(const std::string& outcome) {
    return Owner().Get("/api/v1/mail/messages?outcome=" + outcome).json()["messages"];
  }

  std::unique_ptr<SmtpSink> sink_;
  std::unique_ptr<ImapServer> imap_;
  int64_t customer_ = 0, contact_ = 0, other_customer_ = 0;
};

TEST_P(MailIntakeTest, TheWholeRoundTrip) {
  SetUpCustomer();
  // 1. A request arrives (Monday 09:00 UTC = 10:00 Berlin), with a log file.
  imap_->Deliver(Crlf(
      "From: Anna Admin <Anna@Acme.example>\nTo: support@msp.example\n"
      "Subject: =?UTF-8?Q?Drucker_im_B=C3=BCro_druckt_nicht?=\nMessage-ID: <req-1@acme.example>\n"
      "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n"
      "--b\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: "
      "quoted-printable\n\nDer Drucker im B=FCro druckt nicht.\n"
      "--b\nContent-Type: text/plain; name=\"spool.log\"\nContent-Disposition: attachment; "
      "filename=\"spool.log\"\n\nerror 0x42\n--b--\n"));
  Poll();
  Json tickets = Tickets(customer_);
  ASSERT_EQ(tickets.size(), 1u);
  int64_t id = tickets[0]["id"];
  Json t = Ticket(id);
  EXPECT_EQ(t["source"], "email");
  EXPECT_EQ(t["contact_id"], contact_);
  EXPECT_EQ(t["subject"], "Drucker im Büro druckt nicht");
  EXPECT_EQ(t["description"], "Der Drucker im Büro druckt nicht.");
  ASSERT_EQ(t["attachments"].size(), 1u);
  EXPECT_EQ(t["attachments"][0]["file_name"], "spool.log");
  EXPECT_EQ(imap_->Unseen(), "* SEARCH\r\n");  // marked \Seen after the commit

  // 2. The acknowledgement reached the customer, with the reference and the
  // response target in Berlin time.
  auto sent = sink_->Messages();
  ASSERT_EQ(sent.size(), 1u);
  std::string ref = "[#T-" + std::to_string(id) + "]";
  const std::string& ack = sent[0];
  EXPECT_NE(ack.find("X-Envelope-To: anna@acme.example"), std::string::npos) << ack;
  EXPECT_NE(Subject(ack).find(ref), std::string::npos) << ack;
  EXPECT_EQ(Header(ack, "Auto-Submitted"), "auto-replied");
  EXPECT_EQ(Header(ack, "X-Steward-Ticket"), "T-" + std::to_string(id));
  EXPECT_EQ(Header(ack, "In-Reply-To"), "<req-1@acme.example>");
  EXPECT_NE(ack.find("Europe/Berlin"), std::string::npos) << ack;
  std::string ack_id = Header(ack, "Message-ID");
  ASSERT_FALSE(ack_id.empty());

  // 3. The customer answers with the reference in the subject...
  imap_->Deliver(Crlf("From: anna@acme.example\nTo: support@msp.example\nSubject: Re: " + ref +
                      " Received\nMessage-ID: <req-2@acme.example>\n\nIt is the second floor.\n"));
  // ... and once more only by In-Reply-To (a client that rewrote the subject).
  imap_->Deliver(
      Crlf("From: anna@acme.example\nTo: support@msp.example\nSubject: printer\n"
           "Message-ID: <req-3@acme.example>\nIn-Reply-To: " +
           ack_id + "\n\nModel HP 4050.\n"));
  Poll();
  t = Ticket(id);
  ASSERT_EQ(t["replies"].size(), 2u) << t.dump();
  EXPECT_EQ(t["replies"][0]["body"], "It is the second floor.\n");
  EXPECT_FALSE(t["replies"][0]["from_staff"]);
  EXPECT_EQ(t["replies"][0]["author"], "anna@acme.example");
  EXPECT_EQ(t["replies"][1]["body"], "Model HP 4050.\n");
  EXPECT_EQ(Tickets(customer_).size(), 1u);

  // 4. A public staff reply and the move to hold_resolution reach the customer.
  HttpClient owner = Owner();
  ASSERT_EQ(owner
                .Post("/api/v1/tickets/" + std::to_string(id) + "/replies",
                      {{"body", "Please switch it off and on."}})
                .status,
            201);
  ASSERT_EQ(owner
                .Post("/api/v1/tickets/" + std::to_string(id) + "/replies",
                      {{"body", "internal: toner?"}, {"internal", true}})
                .status,
            201);
  ASSERT_EQ(owner.Patch("/api/v1/tickets/" + std::to_string(id), {{"status", "open"}}).status, 200);
  ASSERT_EQ(owner
                .Patch("/api/v1/tickets/" + std::to_string(id),
                       {{"status", "hold_resolution"}, {"resolution", "Replaced the fuser."}})
                .status,
            200);
  Poll();
  sent = sink_->Messages();
  ASSERT_EQ(sent.size(), 4u);  // the internal note sent nothing
  EXPECT_NE(Subject(sent[1]).find(ref + " Re:"), std::string::npos);
  EXPECT_NE(sent[1].find("Please switch it off and on."), std::string::npos);
  EXPECT_EQ(Header(sent[1], "Auto-Submitted"), "auto-generated");
  EXPECT_FALSE(Header(sent[1], "In-Reply-To").empty());
  EXPECT_NE(Subject(sent[2]).find("Status: open"), std::string::npos);
  const std::string& request = sent[3];
  EXPECT_NE(Subject(request).find(ref + " Resolved - please confirm"), std::string::npos);
  EXPECT_NE(request.find("Replaced the fuser."), std::string::npos);
  EXPECT_NE(Header(request, "References").find("<req-1@acme.example>"), std::string::npos);

  // 5. The customer confirms by mail: the ticket closes.
  imap_->Deliver(Crlf("From: anna@acme.example\nTo: support@msp.example\nSubject: Re: " + ref +
                      " Resolved - please confirm\nMessage-ID: <req-4@acme.example>\n"
                      "In-Reply-To: " +
                      Header(request, "Message-ID") +
                      "\n\nResolved, thank you!\n\n> We believe your ticket is resolved.\n"));
  Poll();
  t = Ticket(id);
  EXPECT_EQ(t["status"], "closed");
  EXPECT_FALSE(t["closure"].is_null());
  ASSERT_EQ(MailLog("confirmation").size(), 1u);
  EXPECT_EQ(MailLog("confirmation")[0]["reason"], "resolved");
}

TEST_P(MailIntakeTest, NotResolvedReopensAndOtherAnswersAreAppended) {
  SetUpCustomer();
  HttpClient owner = Owner();
  auto created = owner.Post("/api/v1/tickets", {{"customer_id", customer_},
                                                {"contact_id", contact_},
                                                {"subject", "VPN"},
                                                {"description", "down"},
                                                {"priority", "high"}});
  ASSERT_EQ(created.status, 201);
  int64_t id = created.json()["id"];
  std::string ref = "[#T-" + std::to_string(id) + "]";
  ASSERT_EQ(owner
                .Patch("/api/v1/tickets/" + std::to_string(id),
                       {{"status", "hold_resolution"}, {"resolution", "Restarted the tunnel."}})
                .status,
            200);
  imap_->Deliver(Crlf("From: anna@acme.example\nSubject: Re: " + ref +
                      "\nMessage-ID: <q-1@acme.example>\n\nWhich tunnel do you mean?\n"));
  Poll();
  Json t = Ticket(id);
  EXPECT_EQ(t["status"], "hold_resolution");  // no keyword: just appended
  EXPECT_EQ(t["replies"].size(), 1u);
  imap_->Deliver(Crlf("From: anna@acme.example\nSubject: Re: " + ref +
                      "\nMessage-ID: <q-2@acme.example>\n\nNot resolved - still down.\n"));
  Poll();
  t = Ticket(id);
  EXPECT_EQ(t["status"], "open");
  EXPECT_EQ(t["assignee_id"], created.json()["assignee_id"]);  // same person responsible
  // Someone of another customer quoting the reference never gets onto it.
  imap_->Deliver(Crlf("From: eve@evil.example\nSubject: Re: " + ref +
                      "\nMessage-ID: <q-3@evil.example>\n\nresolved\n"));
  Poll();
  EXPECT_EQ(Ticket(id)["replies"].size(), 2u);
  ASSERT_EQ(MailLog("triage").size(), 1u);
}

TEST_P(MailIntakeTest, UnknownSendersGoToTriageAndDomainsMatchCustomers) {
  SetUpCustomer();
  HttpClient owner = Owner();
  imap_->Deliver(
      Crlf("From: Stranger <stranger@nowhere.example>\nSubject: Help\n"
           "Message-ID: <s-1@nowhere.example>\nContent-Type: multipart/mixed; "
           "boundary=b\n\n--b\nContent-Type: text/plain\n\nOur server is down.\n"
           "--b\nContent-Type: application/pdf\nContent-Disposition: attachment; "
           "filename=report.pdf\n\n%PDF-1.4\n--b--\n"));
  Poll();
  EXPECT_EQ(Tickets(customer_).size(), 0u);
  Json triage = MailLog("triage");
  ASSERT_EQ(triage.size(), 1u);
  EXPECT_EQ(triage[0]["from_address"], "stranger@nowhere.example");
  EXPECT_EQ(triage[0]["reason"], "unknown sender");
  EXPECT_EQ(triage[0]["attachments"].size(), 1u);
  // A technician assigns it to a customer: a ticket with the attachment, and
  // the acknowledgement goes to the sender.
  auto made = owner.Post(
      "/api/v1/mail/messages/" + std::to_string(triage[0]["id"].get<int64_t>()) + "/ticket",
      {{"customer_id", other_customer_}});
  ASSERT_EQ(made.status, 201) << made.body;
  Json t = Ticket(made.json()["id"]);
  EXPECT_EQ(t["customer_id"], other_customer_);
  EXPECT_EQ(t["source"], "email");
  EXPECT_EQ(t["attachments"].size(), 1u);
  EXPECT_EQ(MailLog("triage").size(), 0u);
  EXPECT_EQ(owner
                .Post("/api/v1/mail/messages/" + std::to_string(triage[0]["id"].get<int64_t>()) +
                          "/ticket",
                      {{"customer_id", other_customer_}})
                .status,
            409);
  // The customer's domain: a colleague who is not a contact yet.
  auto domains =
      owner.Send("PUT", "/api/v1/customers/" + std::to_string(customer_) + "/email-domains",
                 Json{{"domains", {"Acme.example"}}}.dump());
  ASSERT_EQ(domains.status, 200) << domains.body;
  EXPECT_EQ(domains.json()["domains"], Json::array({"acme.example"}));
  EXPECT_EQ(
      owner
          .Send("PUT", "/api/v1/customers/" + std::to_string(other_customer_) + "/email-domains",
                Json{{"domains", {"acme.example"}}}.dump())
          .status,
      409);
  imap_->Deliver(
      Crlf("From: bob@acme.example\nSubject: Mouse broken\n"
           "Message-ID: <b-1@acme.example>\n\nIt squeaks.\n"));
  Poll();
  Json acme = Tickets(customer_);
  ASSERT_EQ(acme.size(), 1u);
  EXPECT_TRUE(acme[0]["contact_id"].is_null());
  auto sent = sink_->Messages();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_NE(sent[0].find("X-Envelope-To: stranger@nowhere.example"), std::string::npos);
  EXPECT_NE(sent[1].find("X-Envelope-To: bob@acme.example"), std::string::npos);
}

TEST_P(MailIntakeTest, AutomatedMailNeverOpensATicket) {
  SetUpCustomer();
  const std::string from = "From: anna@acme.example\nSubject: Out of office\n";
  imap_->Deliver(Crlf(from + "Message-ID: <a-1@acme.example>\nAuto-Submitted: auto-replied\n\n"
                             "I am away.\n"));
  imap_->Deliver(Crlf(from + "Message-ID: <a-2@acme.example>\nPrecedence: bulk\n\nNewsletter\n"));
  imap_->Deliver(Crlf(from + "Message-ID: <a-3@acme.example>\nX-Steward-Ticket: T-1\n\nloop\n"));
  imap_->Deliver(
      Crlf("From: support@msp.example\nSubject: ours\nMessage-ID: <a-4@x.example>\n\n"
           "our own sender\n"));
  Poll();
  EXPECT_EQ(Tickets(customer_).size(), 0u);
  EXPECT_EQ(MailLog("ignored").size(), 4u);
  EXPECT_EQ(MailLog("triage").size(), 0u);
  EXPECT_EQ(sink_->Messages().size(), 0u);  // no acknowledgement to an auto-reply
  EXPECT_EQ(imap_->Unseen(), "* SEARCH\r\n");
}

TEST_P(MailIntakeTest, TheSameMessageTwiceIsOneTicket) {
  SetUpCustomer();
  std::string raw = Crlf(
      "From: anna@acme.example\nSubject: Twice\nMessage-ID: <dup@acme.example>"
      "\n\nsent twice\n");
  imap_->Deliver(raw);
  imap_->Deliver(raw);
  Poll();
  imap_->Deliver(raw);  // and again later
  Poll();
  EXPECT_EQ(Tickets(customer_).size(), 1u);
  EXPECT_EQ(MailLog("ticket").size(), 1u);
  EXPECT_EQ(sink_->Messages().size(), 1u);
  EXPECT_EQ(imap_->Unseen(), "* SEARCH\r\n");
  // Without a Message-ID the content identifies it.
  std::string bare = Crlf("From: anna@acme.example\nSubject: No id\n\nno id\n");
  imap_->Deliver(bare);
  imap_->Deliver(bare);
  Poll();
  EXPECT_EQ(Tickets(customer_).size(), 2u);
}

TEST_P(MailIntakeTest, BrokenMimeIsKeptVisibleAndNeverCrashes) {
  SetUpCustomer();
  // Not a message at all: kept as raw text in triage.
  imap_->Deliver(std::string("\x01\x02\x03 garbage\r\n\xff\xfe", 14));
  // A known sender with broken MIME: still a ticket, with what could be read.
  imap_->Deliver(
      Crlf("From: anna@acme.example\nSubject: =?utf-8?B?broken?=\n"
           "Message-ID: <broken@acme.example>\nContent-Type: multipart/mixed; "
           "boundary=x\nContent-Transfer-Encoding: base64\n\n--x\nContent-Type: "
           "text/plain; charset=no-such-charset\n\nText \xff\xfe here\n--x"));
  Poll();
  Json triage = MailLog("triage");
  ASSERT_EQ(triage.size(), 1u);
  EXPECT_NE(triage[0]["reason"].get<std::string>().find("unreadable"), std::string::npos)
      << triage.dump();
  EXPECT_NE(triage[0]["body"].get<std::string>().find("garbage"), std::string::npos);
  Json tickets = Tickets(customer_);
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_NE(tickets[0]["description"].get<std::string>().find("Text"), std::string::npos);
  EXPECT_EQ(imap_->Unseen(), "* SEARCH\r\n");
}

TEST_P(MailIntakeTest, AnOversizeAttachmentIsCutWithANote) {
  SetUpCustomer();
  const size_t limit = 10u * 1024u * 1024u;
  std::string big(limit + 1000, 'A');
  imap_->Deliver(Crlf("From: anna@acme.example\nSubject: dump\nMessage-ID: <big@acme.example>\n"
                      "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain"
                      "\n\nsee the dump\n--b\nContent-Type: application/octet-stream\n"
                      "Content-Disposition: attachment; filename=core.dmp\n\n") +
                 big + Crlf("\n--b--\n"));
  Poll();
  Json tickets = Tickets(customer_);
  ASSERT_EQ(tickets.size(), 1u);
  Json t = Ticket(tickets[0]["id"]);
  ASSERT_EQ(t["attachments"].size(), 1u);
  Json a = t["attachments"][0];
  EXPECT_TRUE(a["truncated"]);
  EXPECT_EQ(a["size_bytes"], limit);
  EXPECT_EQ(a["original_size"], limit + 1000);
  ASSERT_EQ(t["replies"].size(), 1u);
  EXPECT_TRUE(t["replies"][0]["internal"]);
  EXPECT_NE(t["replies"][0]["body"].get<std::string>().find("over the size limit"),
            std::string::npos);
  auto download = Owner().Get("/api/v1/tickets/" + std::to_string(t["id"].get<int64_t>()) +
                              "/attachments/" + std::to_string(a["id"].get<int64_t>()));
  EXPECT_EQ(download.status, 200);
  EXPECT_EQ(download.body.size(), limit);
}

TEST_P(MailIntakeTest, AttachmentRoutesKeepCustomersAndInternalFilesApart) {
  SetUpCustomer();
  HttpClient owner = Owner();
  int64_t id = owner
                   .Post("/api/v1/tickets", {{"customer_id", customer_},
                                             {"subject", "s"},
                                             {"description", "d"},
                                             {"priority", "low"}})
                   .json()["id"];
  std::string base = "/api/v1/tickets/" + std::to_string(id) + "/attachments";
  auto pub = owner.Send("POST", base + "?file_name=screen%20shot.png", "PNGDATA", "image/png");
  ASSERT_EQ(pub.status, 201) << pub.body;
  EXPECT_EQ(pub.json()["content_type"], "image/png");
  auto html = owner.Send("POST", base + "?file_name=page.html&internal=true",
                         "<script>alert(1)</script>", "text/html");
  ASSERT_EQ(html.status, 201) << html.body;
  EXPECT_EQ(owner.Send("POST", base + "?file_name=../../etc/passwd", "x", "text/plain").status,
            400);
  EXPECT_EQ(owner.Send("POST", base + "?file_name=empty.txt", "", "text/plain").status, 400);
  auto download = owner.Get(base + "/" + std::to_string(html.json()["id"].get<int64_t>()));
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.body, "<script>alert(1)</script>");
  std::string type, disposition;
  for (auto& [k, v] : download.headers) {
    if (k == "Content-Type") type = v;
    if (k == "Content-Disposition") disposition = v;
  }
  EXPECT_EQ(type, "application/octet-stream");  // never served as HTML
  EXPECT_EQ(disposition.rfind("attachment;", 0), 0u) << disposition;

  AddUser("portal@acme.example", accounts::Role::kPortal, customer_);
  AddUser("portal@globex.example", accounts::Role::kPortal, other_customer_);
  HttpClient portal = LoggedIn("portal@acme.example");
  Json seen = portal.Get(base).json()["attachments"];
  ASSERT_EQ(seen.size(), 1u);  // the internal one is hidden
  EXPECT_EQ(seen[0]["file_name"], "screen shot.png");
  EXPECT_EQ(portal.Get(base + "/" + std::to_string(html.json()["id"].get<int64_t>())).status, 404);
  EXPECT_EQ(portal.Send("POST", base + "?file_name=a.txt&internal=true", "x", "text/plain").status,
            403);
  EXPECT_EQ(portal.Send("POST", base + "?file_name=a.txt", "x", "text/plain").status, 201);
  HttpClient stranger = LoggedIn("portal@globex.example");
  EXPECT_EQ(stranger.Get(base).status, 404);
  EXPECT_EQ(stranger.Get(base + "/" + std::to_string(pub.json()["id"].get<int64_t>())).status, 404);
  EXPECT_EQ(stranger.Send("POST", base + "?file_name=a.txt", "x", "text/plain").status, 404);
  // Staff only: the intake log.
  EXPECT_EQ(portal.Get("/api/v1/mail/messages").status, 403);
}

STEWARD_INSTANTIATE_SERVER_TEST(MailIntakeTest);

// The mailbox over STARTTLS, verified against the configured CA; without
// it the certificate is refused and nothing is taken in, nor lost.
class MailIntakeTlsTest : public ServerTest {
 protected:
  void ModifyConfig(app::ServerConfig& c) override {
    imap_ = std::make_unique<ImapServer>(/*tls=*/true);
    c.imap.url = imap_->Url();
    c.imap.username = "helpdesk";
    c.imap.password = "s3cret";
    c.imap.starttls = true;
    c.imap.ca_file = TrustTheCa() ? imap_->ca_file() : "";
    c.imap.timeout = std::chrono::seconds(10);
  }
  virtual bool TrustTheCa() const { return true; }
  void TearDown() override {
    ServerTest::TearDown();
    imap_.reset();
  }
  int64_t Delivered() {
    HttpClient owner = Owner();
    int64_t customer = owner.Post("/api/v1/customers", {{"name", "Acme"}}).json()["id"];
    EXPECT_EQ(
        owner
            .Post("/api/v1/contacts",
                  {{"customer_id", customer}, {"name", "Anna"}, {"email", "anna@acme.example"}})
            .status,
        201);
    imap_->Deliver(
        Crlf("From: anna@acme.example\nSubject: over TLS\n"
             "Message-ID: <tls-1@acme.example>\n\nencrypted\n"));
    app_->RunJobsOnceForTest();
    return customer;
  }
  std::unique_ptr<ImapServer> imap_;
};

class MailIntakeUntrustedTest : public MailIntakeTlsTest {
 protected:
  bool TrustTheCa() const override { return false; }
};

TEST_P(MailIntakeTlsTest, TakesMailInOverStartTls) {
  int64_t customer = Delivered();
  Json tickets =
      Owner().Get("/api/v1/tickets?customer_id=" + std::to_string(customer)).json()["tickets"];
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0]["subject"], "over TLS");
  EXPECT_EQ(imap_->Unseen(), "* SEARCH\r\n");
}

TEST_P(MailIntakeUntrustedTest, AnUntrustedCertificateTakesNothingAndLosesNothing) {
  int64_t customer = Delivered();
  EXPECT_EQ(Owner()
                .Get("/api/v1/tickets?customer_id=" + std::to_string(customer))
                .json()["tickets"]
                .size(),
            0u);
  EXPECT_EQ(imap_->Unseen(), "* SEARCH 1\r\n");  // still there for the next poll
}

STEWARD_INSTANTIATE_SERVER_TEST(MailIntakeTlsTest);
STEWARD_INSTANTIATE_SERVER_TEST(MailIntakeUntrustedTest);

}  // namespace
}  // namespace steward::testing
