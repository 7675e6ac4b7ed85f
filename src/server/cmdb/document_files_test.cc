#include "server/cmdb/document_files.h"

#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "core/crypto.h"
#include "testing/test_database.h"

namespace steward::cmdb {
namespace {

TEST(FileNameTest, PlainNamesAreAccepted) {
  for (std::string name : {"contract.pdf", "SLA 2026 (signed).PDF", "Übergabe-Protokoll.docx",
                           "..hidden", "a..b", ".profile", "name with spaces"}) {
    EXPECT_TRUE(ValidateFileName(name).ok()) << name;
  }
  EXPECT_TRUE(ValidateFileName(std::string(200, 'a')).ok());
}

TEST(FileNameTest, AnythingPathLikeIsRefusedNamingFileName) {
  for (const std::string& name : std::vector<std::string>{
           "../../etc/passwd", "..", ".", "dir/file.txt", "/etc/passwd", "..\\..\\boot.ini",
           "C:\\x.txt", "a\nb", "tab\there", "del\x7f", std::string("nul\0byte", 8), "bad\xff utf8",
           "", std::string(201, 'a')}) {
    Status s = ValidateFileName(name);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << name;
    EXPECT_EQ(s.field(), "file_name") << name;
  }
}

TEST(FileNameTest, DownloadTypesAreSafe) {
  EXPECT_EQ(ContentTypeForFileName("contract.PDF"), "application/pdf");
  EXPECT_EQ(ContentTypeForFileName("notes.txt"), "text/plain; charset=utf-8");
  // Anything a browser could run is served as opaque bytes.
  for (std::string name : {"page.html", "page.htm", "image.svg", "script.js", "x.xhtml",
                           "noextension", "archive.tar.gz"}) {
    EXPECT_EQ(ContentTypeForFileName(name), "application/octet-stream") << name;
  }
}

TEST(FileNameTest, DispositionCannotBreakOutOfTheHeader) {
  std::string d = AttachmentDisposition("a\";b=c\r\nSet-Cookie: x.pdf");
  EXPECT_EQ(d.find('\r'), std::string::npos);
  EXPECT_EQ(d.find('\n'), std::string::npos);
  EXPECT_EQ(d.rfind("attachment; filename=\"", 0), 0u);
  // Exactly the two quotes around the ASCII form.
  EXPECT_EQ(std::count(d.begin(), d.end(), '"'), 2);
  EXPECT_NE(d.find("filename*=UTF-8''a%22%3Bb"), std::string::npos) << d;
  EXPECT_EQ(AttachmentDisposition("Übersicht.pdf"),
            "attachment; filename=\"__bersicht.pdf\"; filename*=UTF-8''%C3%9Cbersicht.pdf");
}

class DocumentFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    root_ = steward::testing::MakeTempDir("steward-docfiles");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::string root_;
};

TEST_F(DocumentFilesTest, WritesAtomicallyUnderAGeneratedKey) {
  DocumentFiles files(root_ + "/documents");
  auto key = files.Write("hello");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_TRUE(DocumentFiles::IsValidKey(*key));
  // One file, named by the key, private to the server, no temp file left.
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(files.dir())) {
    names.push_back(e.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{*key});
  struct stat st;
  ASSERT_EQ(::stat((files.dir() + "/" + *key).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto back = files.Read(*key);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, "hello");
  auto other = files.Write("hello");
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*other, *key);
}

TEST_F(DocumentFilesTest, KeysAreNeverPaths) {
  DocumentFiles files(root_ + "/documents");
  ASSERT_TRUE(files.Write("x").ok());
  for (const std::string& key : std::vector<std::string>{
           "../documents", "..", "/etc/passwd", "ABCDEF0123456789ABCDEF0123456789",
           std::string(31, 'a'), std::string(33, 'a'), "0123456789abcdef0123456789abcde/"}) {
    EXPECT_FALSE(DocumentFiles::IsValidKey(key)) << key;
    EXPECT_EQ(files.Read(key).status().code(), StatusCode::kInvalidArgument) << key;
    EXPECT_EQ(files.Remove(key).code(), StatusCode::kInvalidArgument) << key;
  }
}

TEST_F(DocumentFilesTest, RemoveIsIdempotent) {
  DocumentFiles files(root_ + "/documents");
  auto key = files.Write("bytes");
  ASSERT_TRUE(key.ok());
  EXPECT_TRUE(files.Remove(*key).ok());
  EXPECT_EQ(files.Read(*key).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(files.Remove(*key).ok());
}

}  // namespace
}  // namespace steward::cmdb
