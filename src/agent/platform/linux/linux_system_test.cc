// LinuxSystem against the real machine: files, directories, processes with
// their timeout and output cap, statvfs and identity calls.
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include <gtest/gtest.h>

#include "agent/platform/system.h"

namespace steward::agent::platform {
namespace {

class LinuxSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("steward-platform-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<System> system_ = MakeSystem();
  std::filesystem::path dir_;
};

TEST_F(LinuxSystemTest, WritesAtomicallyAndReadsBackWithOffsets) {
  std::string path = (dir_ / "state" / "cursor").string();
  ASSERT_TRUE(system_->WriteFileAtomic(path, "hello world").ok());
  auto all = system_->ReadFile(path);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(*all, "hello world");
  auto tail = system_->ReadFileFrom(path, 6, 3);
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(*tail, "wor");
  auto past = system_->ReadFileFrom(path, 100, 10);
  ASSERT_TRUE(past.ok());
  EXPECT_EQ(*past, "");
  auto info = system_->Stat(path);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->size, 11u);
  EXPECT_NE(info->inode, 0u);
  auto listing = system_->ListDirectory((dir_ / "state").string());
  ASSERT_TRUE(listing.ok());
  ASSERT_EQ(listing->size(), 1u);  // the temporary file was renamed away
  EXPECT_EQ((*listing)[0].name, "cursor");
}

TEST_F(LinuxSystemTest, MissingFileIsNotFound) {
  auto r = system_->ReadFile((dir_ / "absent").string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(system_->Stat((dir_ / "absent").string()).status().code(), StatusCode::kNotFound);
}

TEST_F(LinuxSystemTest, ReadsProcFilesWhoseSizeIsZero) {
  auto stat = system_->ReadFile("/proc/stat");
  ASSERT_TRUE(stat.ok());
  EXPECT_TRUE(stat->starts_with("cpu "));
}

TEST_F(LinuxSystemTest, RunsProgramsCapturingOutputAndExitCode) {
  auto r = system_->Run({"sh", "-c", "echo out; echo err >&2; exit 3"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_EQ(r->stdout_text, "out\n");
  EXPECT_EQ(r->stderr_text, "err\n");
  EXPECT_FALSE(r->timed_out);
  EXPECT_FALSE(r->truncated);
}

TEST_F(LinuxSystemTest, ForcesTheCLocale) {
  auto r = system_->Run({"sh", "-c", "echo $LC_ALL"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->stdout_text, "C\n");
}

TEST_F(LinuxSystemTest, MissingProgramIsNotFound) {
  auto r = system_->Run({"steward-no-such-program"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

TEST_F(LinuxSystemTest, KillsAtTheTimeoutIncludingGrandchildren) {
  auto start = std::chrono::steady_clock::now();
  ProcessOptions options;
  options.timeout = std::chrono::milliseconds(300);
  auto r = system_->Run({"sh", "-c", "sleep 30 & sleep 30"}, options);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->timed_out);
  EXPECT_LT(r->exit_code, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST_F(LinuxSystemTest, AChildThatClosesItsOutputStillObeysTheTimeout) {
  ProcessOptions options;
  options.timeout = std::chrono::milliseconds(300);
  auto start = std::chrono::steady_clock::now();
  auto r = system_->Run({"sh", "-c", "exec >&- 2>&-; sleep 30"}, options);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST_F(LinuxSystemTest, CapsOutputAndStopsTheProducer) {
  ProcessOptions options;
  options.output_cap = 1000;
  auto r = system_->Run({"yes"}, options);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->truncated);
  EXPECT_EQ(r->stdout_text.size(), 1000u);
  EXPECT_EQ(r->stdout_text.substr(0, 4), "y\ny\n");
}

TEST_F(LinuxSystemTest, ReportsVolumeKernelHostAndAddresses) {
  auto root = system_->StatVfs("/");
  ASSERT_TRUE(root.ok());
  EXPECT_GT(root->total_bytes, 0u);
  EXPECT_LE(root->available_bytes, root->total_bytes);
  auto kernel = system_->Uname();
  ASSERT_TRUE(kernel.ok());
  EXPECT_EQ(kernel->sysname, "Linux");
  EXPECT_FALSE(kernel->release.empty());
  auto host = system_->Hostname();
  ASSERT_TRUE(host.ok());
  EXPECT_FALSE(host->empty());
  auto addresses = system_->InterfaceAddresses();
  ASSERT_TRUE(addresses.ok());
  bool loopback = false;
  for (const auto& a : *addresses) loopback = loopback || a.address == "127.0.0.1";
  EXPECT_TRUE(loopback);
}

}  // namespace
}  // namespace steward::agent::platform
