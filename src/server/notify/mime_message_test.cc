#include "server/notify/mime_message.h"

#include <gtest/gtest.h>

namespace steward::notify {
namespace {

TEST(MimeMessageTest, HeadersAndBody) {
  MessageParts m{"steward@msp.example",         "oncall@msp.example",
                 "[Alert] cpu_high on web01",   "CPU 97 % for 5 minutes.\nSee the console.",
                 "steward.abc@steward.invalid", {{"In-Reply-To", "<x@y>"}}};
  std::string text = FormatMessage(m, FromMillis(1'795'424'400'000));
  EXPECT_NE(text.find("Date: Mon, 23 Nov 2026 09:00:00 +0000\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Subject: [Alert] cpu_high on web01\r\n"), std::string::npos);
  EXPECT_NE(text.find("Message-ID: <steward.abc@steward.invalid>\r\n"), std::string::npos);
  EXPECT_NE(text.find("Auto-Submitted: auto-generated\r\n"), std::string::npos);
  EXPECT_NE(text.find("In-Reply-To: <x@y>\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\n\r\nCPU 97 % for 5 minutes.\r\nSee the console.\r\n"),
            std::string::npos);
}

TEST(MimeMessageTest, NonAsciiSubjectIsEncodedAndBodyIsQuotedPrintable) {
  EXPECT_EQ(EncodeHeaderText("Störung"), "=?UTF-8?B?U3TDtnJ1bmc=?=");
  EXPECT_EQ(QuotedPrintable("Grüße = 100%"), "Gr=C3=BC=C3=9Fe =3D 100%");
  std::string long_line(200, 'a');
  std::string qp = QuotedPrintable(long_line);
  for (size_t start = 0, end; start < qp.size(); start = end + 2) {
    end = qp.find("\r\n", start);
    if (end == std::string::npos) end = qp.size();
    EXPECT_LE(end - start, 76u);
  }
}

TEST(MimeMessageTest, InjectedLineBreaksAndFixedHeadersNeverReachTheWire) {
  MessageParts m{"steward@msp.example",
                 "a@b.example\r\nBcc: victim@evil.example",
                 "hi\r\nBcc: x@evil",
                 "body",
                 "id@x",
                 {{"Bcc", "spy@evil.example"}, {"From", "ceo@evil.example"}}};
  std::string text = FormatMessage(m, FromMillis(0));
  EXPECT_EQ(text.find("\r\nBcc:"), std::string::npos) << text;
  EXPECT_EQ(text.find("ceo@evil.example"), std::string::npos);
  EXPECT_EQ(text.find("spy@evil.example"), std::string::npos);
}

}  // namespace
}  // namespace steward::notify
