// How `steward serve` serves the built web console: real files with their
// content types and cache rules, index.html for the console's client-side
// routes, JSON 404s for unknown API paths, and how the default web root is
// found.
#include <filesystem>
#include <fstream>

#include "server_fixture.h"

namespace steward::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kIndex[] = "<!doctype html><title>Steward</title><div id=\"root\"></div>";
constexpr char kScript[] = "console.log('steward');";

void WriteFile(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

class WebConsoleTest : public ServerTest {
 protected:
  void ModifyConfig(app::ServerConfig& config) override {
    web_root_ = fs::path(data_dir_) / "console";
    WriteFile(web_root_ / "index.html", kIndex);
    WriteFile(web_root_ / "assets/index-3f9a1c.js", kScript);
    WriteFile(web_root_ / "assets/index-77b0e2.css", "body{margin:0}");
    WriteFile(web_root_ / "favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    config.web_root = web_root_.string();
  }

  fs::path web_root_;
};

TEST_P(WebConsoleTest, IndexIsHtmlAndNeverCached) {
  auto r = Client().Get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, kIndex);
  EXPECT_EQ(r.Header("Content-Type").value_or(""), "text/html; charset=utf-8");
  EXPECT_EQ(r.Header("Cache-Control").value_or(""), "no-cache");
}

TEST_P(WebConsoleTest, ClientSideRoutesGetTheIndexPage) {
  HttpClient c = Client();
  for (const char* route :
       {"/login", "/customers", "/customers/3", "/devices/28?range=7d",
        "/alerts?status=open&severity=critical", "/portal", "/portal/devices/9", "/search?q=srv"}) {
    auto r = c.Get(route);
    EXPECT_EQ(r.status, 200) << route;
    EXPECT_EQ(r.body, kIndex) << route;
    EXPECT_EQ(r.Header("Content-Type").value_or(""), "text/html; charset=utf-8") << route;
    EXPECT_EQ(r.Header("Cache-Control").value_or(""), "no-cache") << route;
  }
}

TEST_P(WebConsoleTest, HashedAssetsHaveTheirTypeAndAreCachedForever) {
  HttpClient c = Client();
  auto js = c.Get("/assets/index-3f9a1c.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, kScript);
  EXPECT_EQ(js.Header("Content-Type").value_or(""), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.Header("Cache-Control").value_or(""), "public, max-age=31536000, immutable");
  EXPECT_EQ(js.Header("X-Content-Type-Options").value_or(""), "nosniff");
  auto css = c.Get("/assets/index-77b0e2.css");
  EXPECT_EQ(css.Header("Content-Type").value_or(""), "text/css; charset=utf-8");
  EXPECT_EQ(css.Header("Cache-Control").value_or(""), "public, max-age=31536000, immutable");
  // Files outside assets/ keep their names across builds: revalidated.
  auto icon = c.Get("/favicon.svg");
  EXPECT_EQ(icon.status, 200);
  EXPECT_EQ(icon.Header("Content-Type").value_or(""), "image/svg+xml");
  EXPECT_EQ(icon.Header("Cache-Control").value_or(""), "no-cache");
}

TEST_P(WebConsoleTest, MissingFilesAre404NotTheIndexPage) {
  HttpClient c = Client();
  // A stale tab asking for an asset of an older build must fail loudly,
  // not get HTML where it expects JavaScript.
  for (const char* path : {"/assets/index-000000.js", "/robots.txt", "/customers/report.pdf"}) {
    auto r = c.Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body.find("<title>Steward</title>"), std::string::npos) << path;
  }
}

TEST_P(WebConsoleTest, UnknownApiPathsAnswerJsonErrorsNotTheConsole) {
  HttpClient c = Client();
  for (const char* path : {"/api", "/api/v1/no-such-thing", "/api/v2/customers"}) {
    auto r = c.Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_NE(r.Header("Content-Type").value_or("").find("application/json"), std::string::npos)
        << path;
    EXPECT_TRUE(r.json().contains("error")) << path << ": " << r.body;
  }
}

TEST_P(WebConsoleTest, PagesCarryTheSecurityHeaders) {
  auto r = Client().Get("/customers/1");
  // The console runs with no inline script and can't be framed.
  EXPECT_NE(r.Header("Content-Security-Policy").value_or("").find("script-src 'self'"),
            std::string::npos);
  EXPECT_EQ(r.Header("X-Frame-Options").value_or(""), "DENY");
}

TEST_P(WebConsoleTest, LoadsForAStaffMemberWhoMustStillEnrolTotp) {
  // Where the MSP requires a second factor, a staff member without one gets
  // a session that may only enrol it: the console that does the enrolment
  // must still load (also after a reload), while the API stays closed.
  ASSERT_EQ(Owner().Patch("/api/v1/settings", {{"mfa_required_for_staff", true}}).status, 200);
  AddUser("tech@msp.example", accounts::Role::kTechnician);
  HttpClient tech = LoggedIn("tech@msp.example");
  EXPECT_TRUE(tech.Get("/api/v1/auth/me").json()["mfa_setup_required"].get<bool>());
  for (const char* path : {"/", "/customers/1", "/assets/index-3f9a1c.js", "/favicon.svg"}) {
    auto r = tech.Get(path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
  }
  EXPECT_EQ(tech.Get("/api/v1/customers").status, 403);
  EXPECT_EQ(tech.Post("/api/v1/auth/totp/setup", Json::object()).status, 200);
}

STEWARD_INSTANTIATE_SERVER_TEST(WebConsoleTest);

// The default web root: a built console wins over the placeholder, from the
// current directory or from the source tree above a build directory.
class FindWebRootTest : public ::testing::Test {
 protected:
  void SetUp() override { root_ = MakeTempDir("steward-webroot"); }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(FindWebRootTest, ConfiguredRootIsTakenAsGiven) {
  EXPECT_EQ(app::FindWebRootFrom("/srv/console", root_, root_ / "build/src/cli"), "/srv/console");
}

TEST_F(FindWebRootTest, BuiltConsoleOfTheSourceTreeBeatsThePlaceholderInTheCurrentDirectory) {
  fs::path source = root_ / "src-tree";
  WriteFile(source / "web/dist/index.html", kIndex);
  WriteFile(source / "web/placeholder/index.html", "placeholder");
  fs::path cwd = root_ / "elsewhere";
  WriteFile(cwd / "web/placeholder/index.html", "placeholder");
  fs::create_directories(source / "build/src/cli");
  EXPECT_EQ(app::FindWebRootFrom("", cwd, source / "build/src/cli"),
            fs::weakly_canonical(source / "web/dist").string());
}

TEST_F(FindWebRootTest, CurrentDirectoryConsoleComesFirst) {
  WriteFile(root_ / "web/dist/index.html", kIndex);
  fs::path other = root_ / "other";
  WriteFile(other / "web/dist/index.html", kIndex);
  fs::create_directories(other / "build/src/cli");
  EXPECT_EQ(app::FindWebRootFrom("", root_, other / "build/src/cli"),
            fs::weakly_canonical(root_ / "web/dist").string());
}

TEST_F(FindWebRootTest, InstalledConsoleNextToTheBinary) {
  WriteFile(root_ / "usr/share/steward/web/index.html", kIndex);
  fs::create_directories(root_ / "usr/bin");
  EXPECT_EQ(app::FindWebRootFrom("", root_ / "nowhere", root_ / "usr/bin"),
            fs::weakly_canonical(root_ / "usr/share/steward/web").string());
}

TEST_F(FindWebRootTest, PlaceholderWhenNoConsoleIsBuilt) {
  WriteFile(root_ / "web/placeholder/index.html", "placeholder");
  fs::create_directories(root_ / "build/src/cli");
  EXPECT_EQ(app::FindWebRootFrom("", root_ / "build", root_ / "build/src/cli"),
            fs::weakly_canonical(root_ / "web/placeholder").string());
}

}  // namespace
}  // namespace steward::testing
