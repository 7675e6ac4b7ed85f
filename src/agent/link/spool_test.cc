// The spool on a real SQLite file in a temporary directory: what survives,
// what is merged into a frame, and what is deleted when.
#include "agent/link/spool.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>

#include <gtest/gtest.h>

namespace steward::agent {
namespace {

std::string FreshPath() {
  static std::atomic<int> n{0};
  std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) /
      ("steward-spool-" + std::to_string(::getpid()) + "-" + std::to_string(n.fetch_add(1)));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return (dir / "spool.db").string();
}

std::vector<proto::WireSample> Samples(size_t n, int64_t ts = 1795424400000) {
  std::vector<proto::WireSample> out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back({"cpu.used_percent", ts + static_cast<int64_t>(i), 1.0 * i, {}});
  }
  return out;
}

class SpoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = FreshPath();
    auto s = Spool::Open(path_, 1000);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    spool_ = std::move(*s);
  }

  int64_t Append(size_t samples, std::optional<Json> inventory = std::nullopt) {
    auto seq = spool_->Append(Samples(samples), inventory);
    EXPECT_TRUE(seq.ok()) << seq.status().ToString();
    return seq.ok() ? *seq : 0;
  }

  std::string path_;
  std::unique_ptr<Spool> spool_;
};

TEST_F(SpoolTest, AcknowledgeDeletesOnlyUpToTheSequence) {
  for (int i = 0; i < 5; ++i) Append(1);
  ASSERT_TRUE(spool_->AcknowledgeUpTo(3).ok());
  EXPECT_EQ(spool_->pending_batches(), 2);
  auto frame = spool_->NextFrame(0, proto::kMaxSamplesPerBatch);
  ASSERT_TRUE(frame.ok());
  ASSERT_TRUE(*frame);
  EXPECT_EQ((*frame)->first_seq, 4);
  EXPECT_EQ((*frame)->seq, 5);
}

TEST_F(SpoolTest, CatchUpMergesRowsUpToTheSampleLimit) {
  for (int i = 0; i < 4; ++i) Append(10);
  auto frame = spool_->NextFrame(0, 25);
  ASSERT_TRUE(frame.ok() && *frame);
  EXPECT_EQ((*frame)->first_seq, 1);
  EXPECT_EQ((*frame)->seq, 2);
  EXPECT_EQ((*frame)->samples.size(), 20u);
}

TEST_F(SpoolTest, AnInventoryIsOnePerFrame) {
  Append(1, Json{{"hostname", "a"}});
  Append(1, Json{{"hostname", "b"}});
  auto frame = spool_->NextFrame(0, proto::kMaxSamplesPerBatch);
  ASSERT_TRUE(frame.ok() && *frame);
  EXPECT_EQ((*frame)->seq, 1);
  EXPECT_EQ((*(*frame)->inventory)["hostname"], "a");
}

TEST_F(SpoolTest, RowsSurviveReopening) {
  Append(3);
  spool_.reset();
  auto again = Spool::Open(path_, 1000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->pending_batches(), 1);
}

TEST_F(SpoolTest, PastTheCapTheOldestAreDroppedAndCounted) {
  auto small = Spool::Open(FreshPath(), 3);
  ASSERT_TRUE(small.ok());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE((*small)->Append(Samples(1), std::nullopt).ok());
  EXPECT_EQ((*small)->pending_batches(), 3);
  EXPECT_EQ((*small)->dropped_batches(), 2);
}

TEST_F(SpoolTest, AnAcceptedCommandWithoutAResultIsFoundAfterARestart) {
  ASSERT_TRUE(spool_->MarkAccepted(7).ok());
  ASSERT_TRUE(spool_->MarkAccepted(8).ok());
  ASSERT_TRUE(spool_->SaveResult(8, R"({"type":"result"})").ok());
  spool_.reset();  // the agent dies
  auto again = Spool::Open(path_, 1000);
  ASSERT_TRUE(again.ok());
  auto interrupted = (*again)->InterruptedCommands();
  ASSERT_TRUE(interrupted.ok());
  EXPECT_EQ(*interrupted, std::vector<int64_t>{7}) << "8 finished: its result is kept instead";
  // Reporting it (a failed result) ends the mark.
  ASSERT_TRUE((*again)->SaveResult(7, R"({"type":"result"})").ok());
  EXPECT_TRUE((*again)->InterruptedCommands()->empty());
}

}  // namespace
}  // namespace steward::agent
