#include "server/mail/imap_mailbox.h"

#include <map>

#include <gtest/gtest.h>

namespace steward::mail {
namespace {

TEST(ImapMailboxTest, ParsesSearchResponses) {
  EXPECT_EQ(ParseSearchResponse("* SEARCH 7 3 12\r\n"), (std::vector<uint64_t>{3, 7, 12}));
  EXPECT_EQ(ParseSearchResponse("* FLAGS (x)\r\n* SEARCH\r\n"), std::vector<uint64_t>{});
  EXPECT_EQ(ParseSearchResponse("* SEARCH 1 1 2\r\n* SEARCH 2"), (std::vector<uint64_t>{1, 2}));
}

// A mailbox in memory recording the order of operations.
class FakeMailbox : public Mailbox {
 public:
  std::map<uint64_t, std::string> messages;
  std::map<uint64_t, bool> seen, pending;
  std::vector<std::string> log;
  Result<std::vector<uint64_t>> PendingUids() override {
    std::vector<uint64_t> out;
    for (auto& [uid, m] : messages) {
      if (!seen[uid] || pending[uid]) out.push_back(uid);
    }
    return out;
  }
  Status MarkPending(uint64_t uid) override {
    pending[uid] = true;
    log.push_back("pending " + std::to_string(uid));
    return Status::Ok();
  }
  Result<std::string> Fetch(uint64_t uid) override {
    seen[uid] = true;  // like FETCH BODY[]
    log.push_back("fetch " + std::to_string(uid));
    return messages[uid];
  }
  Status MarkDone(uint64_t uid) override {
    pending[uid] = false;
    log.push_back("done " + std::to_string(uid));
    return Status::Ok();
  }
};

TEST(ImapMailboxTest, AMessageIsMarkedDoneOnlyAfterTheIntakeCommitted) {
  FakeMailbox box;
  box.messages = {{1, "one"}, {2, "two"}};
  int calls = 0;
  auto refuse_two = [&](const std::string& raw) {
    ++calls;
    return raw == "two" ? Status::Unavailable("database down") : Status::Ok();
  };
  auto report = PollMailbox(box, refuse_two);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->processed, 1);
  EXPECT_EQ(report->failed, 1);
  EXPECT_EQ(box.log,
            (std::vector<std::string>{"pending 1", "fetch 1", "done 1", "pending 2", "fetch 2"}));
  // Fetched (so \Seen) but still pending: the next poll takes it again.
  auto again = PollMailbox(box, [](const std::string&) { return Status::Ok(); });
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->processed, 1);
  EXPECT_FALSE(box.pending[2]);
  auto none = PollMailbox(box, [](const std::string&) { return Status::Ok(); });
  EXPECT_EQ(none->processed, 0);
}

}  // namespace
}  // namespace steward::mail
