#include "server/notify/webhooks.h"

#include <gtest/gtest.h>

namespace steward::notify {
namespace {

TEST(WebhookUrlTest, OnlyPublicHttpUrlsUnlessInternalIsAllowed) {
  for (const char* ok : {"https://hooks.example.com/steward", "http://203.0.113.7:8080/x",
                         "https://[2001:db8::1]/hook"}) {
    EXPECT_TRUE(ValidateWebhookUrl(ok, false).ok()) << ok;
  }
  for (const char* bad :
       {"ftp://example.com/", "file:///etc/passwd", "gopher://x", "https://user:pw@example.com/",
        "http://", "https://exa mple.com/", "http://127.0.0.1:9000/", "http://localhost/",
        "http://10.0.0.5/", "http://192.168.1.1/", "http://172.20.0.1/", "http://[::1]/",
        "http://0.0.0.0/"}) {
    EXPECT_FALSE(ValidateWebhookUrl(bad, false).ok()) << bad;
  }
  // Loopback and private addresses written the other ways a resolver reads
  // them: decimal, hex, octal, short, IPv4-mapped IPv6.
  for (const char* disguised :
       {"http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://127.1/",
        "http://0x7f.0.0.1:8080/x", "http://017700000001/", "http://167772165/",
        "http://0xc0a80101/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:a00:5]/",
        "http://0/"}) {
    auto s = ValidateWebhookUrl(disguised, false);
    EXPECT_FALSE(s.ok()) << disguised;
    EXPECT_EQ(s.field(), "url") << disguised;
  }
  for (const char* metadata :
       {"http://2852039166/", "http://0xa9fea9fe/", "http://[::ffff:a9fe:a9fe]/"}) {
    EXPECT_FALSE(ValidateWebhookUrl(metadata, true).ok()) << metadata;  // 169.254.169.254
  }
  EXPECT_TRUE(ValidateWebhookUrl("http://127.0.0.1:9000/hook", true).ok());
  // Cloud metadata stays refused even where internal targets are allowed.
  for (const char* never : {"http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/",
                            "http://metadata.google.internal/"}) {
    auto s = ValidateWebhookUrl(never, true);
    EXPECT_FALSE(s.ok()) << never;
    EXPECT_EQ(s.field(), "url");
  }
}

// The URL check at creation is not enough: a name can resolve (or later be
// re-pointed) inside. The poster checks the address it actually connects to.
TEST(WebhookPosterTest, RefusesInternalAddressesAtConnectTime) {
  // Port 9 on loopback: nothing listens, so an allowed attempt fails with a
  // connection error, while a refused one never tries.
  WebhookResponse refused = CurlWebhookPoster(false).Post("http://127.0.0.1:9/", {}, "{}");
  EXPECT_EQ(refused.status_code, 0);
  EXPECT_TRUE(refused.refused);
  EXPECT_NE(refused.error.find("internal"), std::string::npos) << refused.error;

  WebhookResponse tried = CurlWebhookPoster(true).Post("http://127.0.0.1:9/", {}, "{}");
  EXPECT_EQ(tried.status_code, 0);
  EXPECT_EQ(tried.error.find("internal"), std::string::npos) << tried.error;
  EXPECT_FALSE(tried.refused);
}

}  // namespace
}  // namespace steward::notify
