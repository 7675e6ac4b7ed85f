#include "server/mail/imap_mailbox.h"

#include <algorithm>
#include <charconv>

#include <curl/curl.h>

#include "core/log.h"

namespace steward::mail {
namespace {

size_t Collect(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  // A message larger than this is not a service request; refuse it whole
  // rather than exhaust memory (the intake never sees a partial message).
  constexpr size_t kMaxMessage = 64 * 1024 * 1024;
  if (out->size() + size * n > kMaxMessage) return 0;
  out->append(data, size * n);
  return size * n;
}

}  // namespace

CurlImapMailbox::CurlImapMailbox(ImapConfig config) : config_(std::move(config)) {
  mailbox_url_ = config_.url;
  // imap://host[:port] without a path: the inbox.
  size_t scheme = mailbox_url_.find("://");
  size_t path =
      scheme == std::string::npos ? std::string::npos : mailbox_url_.find('/', scheme + 3);
  if (path == std::string::npos) {
    mailbox_url_ += "/INBOX";
  } else if (path + 1 == mailbox_url_.size()) {
    mailbox_url_ += "INBOX";
  }
}

CurlImapMailbox::~CurlImapMailbox() { Disconnect(); }

Result<std::string> CurlImapMailbox::Perform(const std::string& url_suffix,
                                             const std::string& command) {
  if (!curl_) curl_ = curl_easy_init();
  CURL* curl = static_cast<CURL*>(curl_);
  if (!curl) return Status::Internal("libcurl could not start");
  curl_easy_reset(curl);  // keeps the open connection
  std::string out;
  std::string url = mailbox_url_ + url_suffix;
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "imap,imaps");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(config_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(config_.timeout.count() * 4));
  if (config_.starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!config_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, config_.ca_file.c_str());
  if (!config_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.password.c_str());
  }
  if (!command.empty()) curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, command.c_str());
  CURLcode rc = curl_easy_perform(curl);
  if (rc != CURLE_OK) {
    return Status::Unavailable("IMAP " + (command.empty() ? std::string("FETCH") : command) + ": " +
                               curl_easy_strerror(rc) +
                               (error[0] ? ": " + std::string(error) : ""));
  }
  return out;
}

std::vector<uint64_t> ParseSearchResponse(std::string_view response) {
  std::vector<uint64_t> out;
  size_t pos = 0;
  while (pos < response.size()) {
    size_t end = response.find('\n', pos);
    if (end == std::string_view::npos) end = response.size();
    std::string_view line = response.substr(pos, end - pos);
    pos = end + 1;
    if (line.rfind("* SEARCH", 0) != 0) continue;
    line.remove_prefix(8);
    while (!line.empty()) {
      while (!line.empty() && (line.front() == ' ' || line.front() == '\r')) line.remove_prefix(1);
      uint64_t v = 0;
      auto [p, ec] = std::from_chars(line.data(), line.data() + line.size(), v);
      if (ec != std::errc() || p == line.data()) break;
      out.push_back(v);
      line.remove_prefix(p - line.data());
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::vector<uint64_t>> CurlImapMailbox::PendingUids() {
  // A fresh connection for every poll: a session kept open would keep the
  // mailbox selected, and the server shows new mail to a selected mailbox
  // only when it chooses to.
  Disconnect();
  curl_ = curl_easy_init();
  STEWARD_ASSIGN_OR_RETURN(
      std::string r, Perform("", std::string("UID SEARCH OR UNSEEN KEYWORD ") + kPendingKeyword));
  return ParseSearchResponse(r);
}

Status CurlImapMailbox::MarkPending(uint64_t uid) {
  return Perform("", "UID STORE " + std::to_string(uid) + " +FLAGS (" + kPendingKeyword + ")")
      .status();
}

Result<std::string> CurlImapMailbox::Fetch(uint64_t uid) {
  return Perform(";UID=" + std::to_string(uid), "");
}

Status CurlImapMailbox::MarkDone(uint64_t uid) {
  STEWARD_RETURN_IF_ERROR(
      Perform("", "UID STORE " + std::to_string(uid) + " +FLAGS (\\Seen)").status());
  return Perform("", "UID STORE " + std::to_string(uid) + " -FLAGS (" + kPendingKeyword + ")")
      .status();
}

void CurlImapMailbox::Disconnect() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
  curl_ = nullptr;
}

Result<PollReport> PollMailbox(Mailbox& box,
                               const std::function<Status(const std::string& raw)>& handle,
                               int limit) {
  struct Disconnect {
    Mailbox& box;
    ~Disconnect() { box.Disconnect(); }
  } disconnect{box};
  PollReport report;
  STEWARD_ASSIGN_OR_RETURN(std::vector<uint64_t> uids, box.PendingUids());
  for (uint64_t uid : uids) {
    if (report.processed + report.failed >= limit) break;
    STEWARD_RETURN_IF_ERROR(box.MarkPending(uid));
    STEWARD_ASSIGN_OR_RETURN(std::string raw, box.Fetch(uid));
    Status handled = handle(raw);
    if (!handled.ok()) {
      // Left pending: the next poll tries again (a database outage heals).
      LogWarn("mail intake: message uid {} not taken in: {}", uid, handled.ToString());
      ++report.failed;
      continue;
    }
    STEWARD_RETURN_IF_ERROR(box.MarkDone(uid));
    ++report.processed;
  }
  return report;
}

}  // namespace steward::mail
