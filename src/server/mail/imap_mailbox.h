// The service desk's intake mailbox over IMAP (libcurl): imaps://, or imap://
// with STARTTLS required when configured; user/password; a CA file.
//
// Nothing is lost if Steward or the IMAP server dies mid-way: a message is
// first flagged with the keyword "StewardPending", then fetched (which sets
// \Seen), handed to the intake, and only after the intake committed marked
// \Seen and unflagged. The next poll takes every message that is unseen or
// still flagged, so a message fetched but not committed is fetched again;
// the intake recognises a message it already committed by its Message-ID.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace steward::mail {

inline constexpr char kPendingKeyword[] = "StewardPending";

// What the poller needs from a mailbox (an interface so the poller's order
// of operations is tested on its own).
class Mailbox {
 public:
  virtual ~Mailbox() = default;
  // UIDs of messages that are unseen or flagged pending, ascending.
  virtual Result<std::vector<uint64_t>> PendingUids() = 0;
  virtual Status MarkPending(uint64_t uid) = 0;
  virtual Result<std::string> Fetch(uint64_t uid) = 0;
  // \Seen and no longer pending: the intake has committed it.
  virtual Status MarkDone(uint64_t uid) = 0;
  // The poll is over: no connection is held open until the next one.
  virtual void Disconnect() {}
};

struct ImapConfig {
  std::string url;  // imap://host:port/MAILBOX or imaps://host:port/MAILBOX (default INBOX)
  std::string username;
  std::string password;
  bool starttls = false;  // require STARTTLS on imap://
  std::string ca_file;    // verify the server against this CA (else the system store)
  std::chrono::seconds timeout{30};
};

class CurlImapMailbox final : public Mailbox {
 public:
  explicit CurlImapMailbox(ImapConfig config);
  ~CurlImapMailbox() override;
  CurlImapMailbox(const CurlImapMailbox&) = delete;
  CurlImapMailbox& operator=(const CurlImapMailbox&) = delete;

  Result<std::vector<uint64_t>> PendingUids() override;
  Status MarkPending(uint64_t uid) override;
  Result<std::string> Fetch(uint64_t uid) override;
  Status MarkDone(uint64_t uid) override;
  void Disconnect() override;

 private:
  // One IMAP request on the mailbox URL (+ suffix); the untagged output.
  Result<std::string> Perform(const std::string& url_suffix, const std::string& command);

  ImapConfig config_;
  std::string mailbox_url_;
  void* curl_ = nullptr;  // one handle per poll: its connection is reused within it
};

// "* SEARCH 3 7 9" lines → {3, 7, 9}.
std::vector<uint64_t> ParseSearchResponse(std::string_view response);

struct PollReport {
  int processed = 0;  // handed to the intake and marked done
  int failed = 0;     // the intake refused; left pending for the next poll
};

// Takes up to `limit` pending messages in UID order: flag, fetch, `handle`,
// mark done only when `handle` returned OK. Stops at the first mailbox error
// (the rest waits for the next poll).
Result<PollReport> PollMailbox(Mailbox& box,
                               const std::function<Status(const std::string& raw)>& handle,
                               int limit = 50);

}  // namespace steward::mail
