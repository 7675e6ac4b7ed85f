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

// Base64 back to bytes, skipping line breaks (the test's own decoder, so a
// mistake in the encoder cannot cancel out).
std::string DecodeBase64(std::string_view text) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '+')
      v = 62;
    else if (c == '/')
      v = 63;
    else
      continue;  // '=', CR, LF
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

TEST(MimeMessageTest, AttachmentsMakeAMultipartMixedMessage) {
  std::string pdf = "%PDF-1.5\n";
  for (int i = 0; i < 300; ++i) pdf.push_back(static_cast<char>(i % 256));  // binary
  MessageParts m{"billing@msp.example",
                 "ap@contoso.example",
                 "Invoice 42",
                 "Please find invoice 42 attached.",
                 "id@x",
                 {},
                 {{"invoice-42.pdf", "application/pdf", pdf}}};
  std::string text = FormatMessage(m, FromMillis(0));
  const std::string boundary = "=_steward_mixed";
  EXPECT_NE(text.find("Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n"),
            std::string::npos)
      << text;
  // The text part first, then the attachment, then the closing boundary.
  size_t text_part = text.find("--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8");
  size_t file_part = text.find("--" + boundary +
                               "\r\nContent-Type: application/pdf; name=\"invoice-42.pdf\"\r\n"
                               "Content-Disposition: attachment; filename=\"invoice-42.pdf\"\r\n"
                               "Content-Transfer-Encoding: base64\r\n\r\n");
  size_t end = text.find("--" + boundary + "--\r\n");
  ASSERT_NE(text_part, std::string::npos) << text;
  ASSERT_NE(file_part, std::string::npos) << text;
  ASSERT_NE(end, std::string::npos) << text;
  EXPECT_LT(text_part, file_part);
  EXPECT_LT(file_part, end);
  EXPECT_EQ(end + boundary.size() + 6, text.size()) << "nothing after the closing boundary";
  EXPECT_NE(text.find("Please find invoice 42 attached."), std::string::npos);
  // The attachment decodes to the same bytes, in lines of at most 76.
  size_t body = text.find("\r\n\r\n", file_part) + 4;
  std::string encoded = text.substr(body, end - body);
  EXPECT_EQ(DecodeBase64(encoded), pdf);
  for (size_t start = 0, stop; start < encoded.size(); start = stop + 2) {
    stop = encoded.find("\r\n", start);
    ASSERT_NE(stop, std::string::npos);
    EXPECT_LE(stop - start, 76u);
  }
  // The message's own Content-Type is the multipart one, before any part's.
  EXPECT_LT(text.find("Content-Type: multipart/mixed"), text.find("Content-Type: text/plain"));
}

TEST(MimeMessageTest, Base64LinesMatchesTheRfcExamples) {
  EXPECT_EQ(Base64Lines(""), "");
  EXPECT_EQ(Base64Lines("f"), "Zg==\r\n");
  EXPECT_EQ(Base64Lines("fo"), "Zm8=\r\n");
  EXPECT_EQ(Base64Lines("foobar"), "Zm9vYmFy\r\n");
  std::string long_text(57, 'a');  // 57 bytes = exactly 76 characters
  EXPECT_EQ(Base64Lines(long_text).size(), 78u);
  EXPECT_EQ(Base64Lines(long_text + "a").find("\r\n"), 76u);
}

}  // namespace
}  // namespace steward::notify
