// The spool on a real SQLite file in a temporary directory: what survives,
// what is merged into a frame, and what is deleted when.
#include "agent/link/spool.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

namespace steward::agent {
namespace {

// The directories FreshPath made, removed when the test program ends so
// that runs do not fill the disk.
struct MadeDirs {
  std::vector<std::filesystem::path> dirs;
  ~MadeDirs() {
    std::error_code ec;
    for (const auto& d : dirs) std::filesystem::remove_all(d, ec);
  }
};

std::string FreshPath() {
  static std::atomic<int> n{0};
  static MadeDirs made;
  std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) /
      ("steward-spool-" + std::to_string(::getpid()) + "-" + std::to_string(n.fetch_add(1)));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  made.dirs.push_back(dir);
  return (dir / "spool.db").string();
}

constexpr int64_t kNowMs = 1795424400000;  // 2026-11-23T09:00:00Z

std::vector<proto::WireSample> Samples(size_t n, int64_t ts = kNowMs) {
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

  // The next frame as the server would parse it; nullopt when nothing waits.
  std::optional<proto::BatchFrame> Next(const FrameLimits& limits = {}) {
    auto out = spool_->NextFrame(limits);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    if (!out.ok() || !*out) return std::nullopt;
    EXPECT_LE((*out)->text.size(), limits.max_bytes);
    auto parsed = proto::ParseAgentFrame((*out)->text);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    if (!parsed.ok()) return std::nullopt;
    auto frame = std::get<proto::BatchFrame>(*parsed);
    if (frame.first_seq == 0) frame.first_seq = frame.seq;
    EXPECT_EQ(frame.first_seq, (*out)->first_seq);
    EXPECT_EQ(frame.seq, (*out)->seq);
    EXPECT_EQ(frame.samples.size(), (*out)->samples);
    return frame;
  }

  std::string path_;
  std::unique_ptr<Spool> spool_;
};

TEST_F(SpoolTest, AcknowledgeDeletesOnlyUpToTheSequence) {
  for (int i = 0; i < 5; ++i) Append(1);
  ASSERT_TRUE(spool_->AcknowledgeUpTo(3).ok());
  EXPECT_EQ(spool_->pending_batches(), 2);
  auto frame = Next();
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->first_seq, 4);
  EXPECT_EQ(frame->seq, 5);
}

TEST_F(SpoolTest, CatchUpMergesRowsUpToTheSampleLimit) {
  for (int i = 0; i < 4; ++i) Append(10);
  FrameLimits limits;
  limits.max_samples = 25;
  auto frame = Next(limits);
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->first_seq, 1);
  EXPECT_EQ(frame->seq, 2);
  EXPECT_EQ(frame->samples.size(), 20u);
}

TEST_F(SpoolTest, AnInventoryIsOnePerFrame) {
  Append(1, Json{{"hostname", "a"}});
  Append(1, Json{{"hostname", "b"}});
  auto frame = Next();
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->seq, 1);
  EXPECT_EQ((*frame->inventory)["hostname"], "a");
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
  EXPECT_EQ((*small)->dropped_batches(DropReason::kOverflow), 2);
}

// Issue 12, bug 3: a collection of more than 5000 samples was never split,
// so its frame was refused by the server every time it was sent.
TEST_F(SpoolTest, Regression_Issue12_ACollectionOverTheSampleLimitIsSplitAcrossFrames) {
  Append(12000);
  EXPECT_EQ(spool_->pending_batches(), 3) << "stored as three rows of at most 5000";
  size_t delivered = 0;
  int frames = 0;
  while (auto frame = Next()) {
    EXPECT_LE(frame->samples.size(), proto::kMaxSamplesPerBatch);
    delivered += frame->samples.size();
    ++frames;
    ASSERT_TRUE(spool_->AcknowledgeUpTo(frame->seq).ok());
    ASSERT_LT(frames, 10);
  }
  EXPECT_EQ(delivered, 12000u);
  EXPECT_EQ(frames, 3);
}

// Issue 12, bug 3: a frame over the server's WebSocket limit (4 MiB) makes
// the server close the connection, every time it is sent.
TEST_F(SpoolTest, Regression_Issue12_FramesStayWellUnderTheServersMessageLimit) {
  std::vector<proto::WireSample> heavy;
  for (int i = 0; i < 400; ++i) {
    proto::WireSample s{"event.log", kNowMs + i, 3, {}};
    for (int l = 0; l < 16; ++l) s.labels["l" + std::to_string(l)] = std::string(1000, 'x');
    heavy.push_back(std::move(s));
  }
  ASSERT_TRUE(spool_->Append(heavy, std::nullopt).ok());  // about 6.5 MB on the wire
  EXPECT_GT(spool_->pending_batches(), 1);
  size_t delivered = 0;
  while (auto frame = Next()) {  // Next checks each text against FrameLimits::max_bytes
    delivered += frame->samples.size();
    ASSERT_TRUE(spool_->AcknowledgeUpTo(frame->seq).ok());
  }
  EXPECT_EQ(delivered, 400u);
  static_assert(FrameLimits{}.max_bytes < proto::kMaxFrameBytes);
}

TEST_F(SpoolTest, AnOversizeRowOfAnOlderAgentIsSplitWhenSent) {
  // An older agent stored whole collections as one row.
  auto old = Spool::Open(FreshPath(), 1000, RowLimits{100000, 64 * 1024 * 1024});
  ASSERT_TRUE(old.ok());
  ASSERT_TRUE((*old)->Append(Samples(12000), std::nullopt).ok());
  ASSERT_TRUE((*old)->Append(Samples(1), std::nullopt).ok());
  EXPECT_EQ((*old)->pending_batches(), 2);
  spool_ = std::move(*old);
  size_t delivered = 0;
  std::vector<int64_t> seqs;
  while (auto frame = Next()) {
    EXPECT_LE(frame->samples.size(), proto::kMaxSamplesPerBatch);
    delivered += frame->samples.size();
    seqs.push_back(frame->seq);
    ASSERT_TRUE(spool_->AcknowledgeUpTo(frame->seq).ok());
    ASSERT_LT(seqs.size(), 10u);
  }
  EXPECT_EQ(delivered, 12001u) << "nothing lost in the split";
  EXPECT_TRUE(std::is_sorted(seqs.begin(), seqs.end())) << "sequence numbers only grow";
  EXPECT_EQ(spool_->dropped_batches(DropReason::kOversize), 0);
}

TEST_F(SpoolTest, AnInventoryTooLargeForAnyFrameIsDroppedAndCounted) {
  Json inventory = {{"hostname", "big"}, {"notes", std::string(4 * 1024 * 1024, 'p')}};
  Append(10, inventory);
  auto frame = Next();
  ASSERT_TRUE(frame);
  EXPECT_FALSE(frame->inventory) << "the inventory could not go";
  EXPECT_EQ(frame->samples.size(), 10u) << "the samples of the same collection still do";
  EXPECT_EQ(spool_->dropped_batches(DropReason::kOversize), 1);
}

TEST_F(SpoolTest, DropsAreCountedByReasonAndReportedAsAMetric) {
  for (int i = 0; i < 3; ++i) Append(1);
  ASSERT_TRUE(spool_->DropUpTo(2, DropReason::kRefused).ok());
  ASSERT_TRUE(spool_->DropUpTo(3, DropReason::kUnparsable).ok());
  EXPECT_EQ(spool_->pending_batches(), 0);
  EXPECT_EQ(spool_->dropped_batches(DropReason::kRefused), 2);
  EXPECT_EQ(spool_->dropped_batches(DropReason::kUnparsable), 1);
  EXPECT_EQ(spool_->dropped_batches(DropReason::kOverflow), 0);
  auto samples = spool_->DroppedSamples(FromMillis(kNowMs));
  ASSERT_EQ(samples.size(), 2u) << "reasons without drops are not reported";
  std::map<std::string, double> by_reason;
  for (const auto& s : samples) {
    EXPECT_EQ(s.metric, "agent.spool_dropped");
    EXPECT_EQ(s.ts_ms, kNowMs);
    by_reason[s.labels.at("reason")] = s.value;
  }
  EXPECT_EQ(by_reason["refused"], 2);
  EXPECT_EQ(by_reason["unparsable"], 1);
  // Running totals: they survive a restart.
  spool_.reset();
  auto again = Spool::Open(path_, 1000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->dropped_batches(DropReason::kRefused), 2);
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

// Issue 12, bug 4: AcknowledgeResult only set a flag, so command_results grew
// by a row (up to 128 KiB of output) per command for the life of the spool.
TEST_F(SpoolTest, Regression_Issue12_AnAcknowledgedResultIsDeleted) {
  ASSERT_TRUE(spool_->SaveResult(5, R"({"type":"result","command_id":5})").ok());
  ASSERT_TRUE(spool_->SaveResult(6, R"({"type":"result","command_id":6})").ok());
  ASSERT_TRUE(spool_->AcknowledgeResult(5).ok());
  auto five = spool_->ResultFor(5);
  ASSERT_TRUE(five.ok());
  EXPECT_FALSE(*five) << "the server has it: nothing is kept";
  auto waiting = spool_->UnacknowledgedResults();
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(*waiting, std::vector<std::string>{R"({"type":"result","command_id":6})"});
  EXPECT_EQ(spool_->stored_results(), 1);
}

TEST_F(SpoolTest, ResultsAcknowledgedBeforeTheFixAreClearedOnOpen) {
  ASSERT_TRUE(spool_->SaveResult(5, "{}").ok());
  ASSERT_TRUE(spool_->SaveResult(6, "{}").ok());
  spool_.reset();
  // What an older agent left behind: acknowledged, never deleted.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE command_results SET acknowledged = 1 WHERE command_id = 5",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto again = Spool::Open(path_, 1000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->stored_results(), 1);
  EXPECT_TRUE(*(*again)->ResultFor(6));
}

}  // namespace
}  // namespace steward::agent
