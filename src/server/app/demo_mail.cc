// The e-mail part of `steward init --demo`: Harbor & Vale's domain, a request
// that came by mail with a screenshot attached (a ticket with the
// acknowledgement queued), and a message from an unknown sender waiting in
// the triage queue. Both go through the real parser and intake.
#include "server/app/demo_data.h"
#include "server/mail/mime_parser.h"
#include "server/servicedesk/servicedesk_service.h"

namespace steward::app {

namespace {

std::string Crlf(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

constexpr std::string_view kRequest = R"(From: Diego Ortiz <d.ortiz@harborvale.example>
To: support@northwind-msp.example
Subject: Scanner on the 3rd floor sends empty PDFs
Message-ID: <demo-scan-1@harborvale.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="demo-b"

--demo-b
Content-Type: text/html; charset=utf-8

<html><body><p>Hi Northwind team,</p><p>since this morning the scanner on the 3rd floor
sends <b>empty PDFs</b> to our mailboxes. A screenshot of the scan log is attached.</p>
<p>Thanks,<br>Diego</p></body></html>
--demo-b
Content-Type: text/plain; name="scan-log.txt"
Content-Disposition: attachment; filename="scan-log.txt"

08:02 job 4411 scan-to-mail: 0 pages, size 1 KB
08:05 job 4412 scan-to-mail: 0 pages, size 1 KB
--demo-b--
)";

constexpr std::string_view kUnknown = R"(From: Jordan Miles <jordan@new-prospect.example>
To: support@northwind-msp.example
Subject: Quote for managed backup?
Message-ID: <demo-prospect-1@new-prospect.example>
Content-Type: text/plain; charset=utf-8

Hello, we are a 12-person architecture office and are looking for managed
backup and monitoring. Could you send us a quote?
Jordan
)";

}  // namespace

Status SeedMailDemo(Services& services) {
  auto system = accounts::Principal::System("steward init --demo");
  accounts::Actor actor{system, "local"};
  servicedesk::ServiceDesk& sd = services.servicedesk();
  std::optional<int64_t> harbor;
  STEWARD_RETURN_IF_ERROR(services.db().Read([&](storage::Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT id FROM customers WHERE name = ?",
                                                       {std::string("Harbor & Vale Law LLP")}));
    if (row) harbor = row->Int("id");
    return Status::Ok();
  }));
  if (harbor) {
    STEWARD_RETURN_IF_ERROR(
        sd.SetEmailDomains(actor, *harbor, Json{{"domains", {"harborvale.example"}}}).status());
  }
  for (std::string_view raw : {kRequest, kUnknown}) {
    STEWARD_ASSIGN_OR_RETURN(mail::InboundMessage m, mail::ParseMessage(Crlf(raw)));
    STEWARD_RETURN_IF_ERROR(sd.TakeInEmail(m).status());
  }
  return Status::Ok();
}

}  // namespace steward::app
