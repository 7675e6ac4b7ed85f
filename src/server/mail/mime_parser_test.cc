#include "server/mail/mime_parser.h"

#include <gtest/gtest.h>

namespace steward::mail {
namespace {

std::string Crlf(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

InboundMessage Parse(const std::string& raw, const ParseOptions& o = {}) {
  auto m = ParseMessage(Crlf(raw), o);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return m.ok() ? *m : InboundMessage{};
}

TEST(MimeParserTest, HeadersAndAPlainBody) {
  InboundMessage m = Parse(
      "From: \"Anna Admin\" <Anna.Admin@Customer.Example>\n"
      "To: support@msp.example, Group: a@x.example, b@x.example;\n"
      "Subject: =?UTF-8?B?RHJ1Y2tlciBnZWh0IG5pY2h0IOKAkyBiw7xybw==?=\n"
      "Message-ID: <abc.123@customer.example>\n"
      "In-Reply-To: <steward.1@steward.invalid>\n"
      "References: <first@x> <steward.1@steward.invalid>\n"
      "Content-Type: text/plain; charset=utf-8\n"
      "\n"
      "The printer is down.\n");
  EXPECT_EQ(m.from_address, "anna.admin@customer.example");
  EXPECT_EQ(m.from_name, "Anna Admin");
  EXPECT_EQ(m.to_addresses,
            (std::vector<std::string>{"support@msp.example", "a@x.example", "b@x.example"}));
  EXPECT_EQ(m.subject, "Drucker geht nicht – büro");
  EXPECT_EQ(m.message_id, "abc.123@customer.example");
  EXPECT_EQ(m.in_reply_to, "steward.1@steward.invalid");
  EXPECT_EQ(m.references, (std::vector<std::string>{"first@x", "steward.1@steward.invalid"}));
  EXPECT_EQ(m.text_body, "The printer is down.\n");
  EXPECT_FALSE(m.automated);
}

TEST(MimeParserTest, Latin1QuotedPrintableAndWindows1252Bodies) {
  InboundMessage latin = Parse(
      "From: a@b.example\nSubject: =?ISO-8859-1?Q?Gr=FC=DFe?=\n"
      "Content-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: quoted-printable\n"
      "\nSch=F6ne Gr=FC=DFe\n");
  EXPECT_EQ(latin.subject, "Grüße");
  EXPECT_EQ(latin.text_body, "Schöne Grüße\n");
  InboundMessage cp = Parse(
      "From: a@b.example\nSubject: x\nContent-Type: text/plain; charset=windows-1252\n"
      "Content-Transfer-Encoding: 8bit\n\nPreis: 5 \x80 \x84"
      "quoted\x93\n");
  EXPECT_EQ(cp.text_body, "Preis: 5 € „quoted“\n");
}

TEST(MimeParserTest, RawEightBitSubjectFallsBackToWindows1252) {
  InboundMessage m = Parse("From: a@b.example\nSubject: Caf\xE9 \x80\n\nx\n");
  EXPECT_EQ(m.subject, "Café €");
}

TEST(MimeParserTest, HtmlOnlyMailBecomesText) {
  InboundMessage m = Parse(
      "From: a@b.example\nSubject: html\nContent-Type: text/html; charset=utf-8\n\n"
      "<html><style>x{}</style><body><p>Hello <b>there</b></p><p>A&amp;B<br>next</p>"
      "<script>evil()</script></body></html>\n");
  EXPECT_EQ(m.text_body, "Hello there\n\nA&B\nnext");
}

TEST(MimeParserTest, AlternativePrefersPlainText) {
  InboundMessage m = Parse(
      "From: a@b.example\nSubject: alt\nMIME-Version: 1.0\n"
      "Content-Type: multipart/alternative; boundary=\"b1\"\n\n"
      "--b1\nContent-Type: text/html\n\n<p>HTML version</p>\n"
      "--b1\nContent-Type: text/plain; charset=utf-8\n\nPlain version\n"
      "--b1--\n");
  EXPECT_EQ(m.text_body, "Plain version");
  EXPECT_TRUE(m.attachments.empty());
}

TEST(MimeParserTest, NestedMixedWithAlternativeAndAttachments) {
  InboundMessage m = Parse(
      "From: a@b.example\nSubject: nested\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"outer\"\n\n"
      "--outer\nContent-Type: multipart/alternative; boundary=\"inner\"\n\n"
      "--inner\nContent-Type: text/plain; charset=iso-8859-1\n"
      "Content-Transfer-Encoding: quoted-printable\n\nSiehe Anhang, Gr=FC=DFe\n"
      "--inner\nContent-Type: text/html\n\n<p>Siehe Anhang</p>\n"
      "--inner--\n"
      "--outer\nContent-Type: text/plain; name=\"log.txt\"\n"
      "Content-Disposition: attachment; filename=\"../../etc/log.txt\"\n\nerror 42\n"
      "--outer\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n"
      "Content-Disposition: attachment; filename=\"=?UTF-8?B?QmlsZMOkLnBuZw==?=\"\n\n"
      "iVBORw0KGgo=\n"
      "--outer--\n");
  EXPECT_EQ(m.text_body, "Siehe Anhang, Grüße");
  ASSERT_EQ(m.attachments.size(), 2u);
  EXPECT_EQ(m.attachments[0].file_name, "log.txt");  // no directory part survives
  EXPECT_EQ(m.attachments[0].content_type, "text/plain");
  EXPECT_EQ(m.attachments[0].bytes, "error 42");
  EXPECT_EQ(m.attachments[1].file_name, "Bildä.png");
  EXPECT_EQ(m.attachments[1].bytes, std::string("\x89PNG\r\n\x1a\n"));
  EXPECT_FALSE(m.attachments[1].truncated);
}

TEST(MimeParserTest, OversizeAttachmentIsTruncated) {
  ParseOptions o;
  o.max_attachment_bytes = 4;
  InboundMessage m = Parse(
      "From: a@b.example\nSubject: big\nContent-Type: multipart/mixed; boundary=b\n\n"
      "--b\nContent-Type: text/plain\n\nbody\n"
      "--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; "
      "filename=big.bin\n\n0123456789\n--b--\n",
      o);
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_TRUE(m.attachments[0].truncated);
  EXPECT_EQ(m.attachments[0].bytes, "0123");
  EXPECT_EQ(m.attachments[0].original_size, 10u);
}

TEST(MimeParserTest, AutomatedMailIsRecognised) {
  auto reason = [](const std::string& header) {
    InboundMessage m = Parse("From: a@b.example\nSubject: s\n" + header + "\n\nbody\n",
                             ParseOptions{.own_addresses = {"support@msp.example"}});
    return m.automated ? m.automated_reason : std::string("-");
  };
  EXPECT_EQ(reason("Auto-Submitted: auto-replied"), "Auto-Submitted: auto-replied");
  EXPECT_EQ(reason("Auto-Submitted: no"), "-");
  EXPECT_EQ(reason("Precedence: bulk"), "Precedence: bulk");
  EXPECT_EQ(reason("Precedence: junk"), "Precedence: junk");
  EXPECT_EQ(reason("X-Auto-Response-Suppress: All"), "X-Auto-Response-Suppress: all");
  EXPECT_EQ(reason("X-Steward-Ticket: T-12"), "our own mail (X-Steward-Ticket)");
  EXPECT_EQ(reason("Message-ID: <steward.abc@steward.invalid>"), "our own mail (Message-ID)");
  EXPECT_EQ(reason("X-Other: 1"), "-");
  InboundMessage own = Parse("From: Support@MSP.example\nSubject: s\n\nb\n",
                             ParseOptions{.own_addresses = {"support@msp.example"}});
  EXPECT_TRUE(own.automated);
  InboundMessage bounce = Parse("From: MAILER-DAEMON@mx.example\nSubject: failure\n\nb\n");
  EXPECT_TRUE(bounce.automated);
}

TEST(MimeParserTest, BrokenInputNeverCrashes) {
  EXPECT_FALSE(ParseMessage("").ok());
  for (std::string raw : {std::string("\x00\x01\x02garbage", 10), std::string("no header at all"),
                          std::string("Content-Type: multipart/mixed; boundary=x\n\n--x\n--x\n"),
                          std::string("From: <<<@@@>>>\nSubject: =?utf-8?B?####?=\n\n\xff\xfe"),
                          std::string("Content-Type: multipart/mixed\n\nno boundary"),
                          std::string("Content-Transfer-Encoding: base64\n\n!!!!")}) {
    auto m = ParseMessage(raw);
    if (m.ok()) {
      EXPECT_LE(m->attachments.size(), 20u);
    }
  }
  // Deep nesting is cut off, not recursed without bound.
  std::string deep = "From: a@b.example\nSubject: deep\n";
  for (int i = 0; i < 200; ++i) {
    deep += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n--b" +
            std::to_string(i) + "\n";
  }
  deep += "Content-Type: text/plain\n\nbottom\n";
  EXPECT_TRUE(ParseMessage(deep).ok());
}

}  // namespace
}  // namespace steward::mail
