#include "server/notify/smtp_sender.h"

#include <algorithm>
#include <cstring>

#include <curl/curl.h>

namespace steward::notify {

namespace {

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadChunk(char* buffer, size_t size, size_t n, void* user) {
  auto* up = static_cast<Upload*>(user);
  size_t room = size * n;
  size_t left = up->data->size() - up->offset;
  size_t take = std::min(room, left);
  std::memcpy(buffer, up->data->data() + up->offset, take);
  up->offset += take;
  return take;
}

}  // namespace

Status CurlSmtpSender::Send(const std::string& from, const std::string& to,
                            const std::string& message) {
  CURL* curl = curl_easy_init();
  if (!curl) return Status::Internal("libcurl could not start");
  Upload upload{&message, 0};
  std::string from_arg = "<" + from + ">";
  std::string to_arg = "<" + to + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, to_arg.c_str());
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from_arg.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadChunk);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(config_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(config_.timeout.count() * 2));
  if (config_.starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!config_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, config_.ca_file.c_str());
  if (!config_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.password.c_str());
  }
  CURLcode rc = curl_easy_perform(curl);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc == CURLE_OK) return Status::Ok();
  std::string why =
      std::string(curl_easy_strerror(rc)) + (error[0] ? ": " + std::string(error) : "");
  if (reply >= 500 && reply < 600 && rc != CURLE_LOGIN_DENIED) {
    return Status::InvalidArgument("SMTP refused the message (" + std::to_string(reply) +
                                   "): " + why);
  }
  return Status::Unavailable("SMTP: " + why);
}

}  // namespace steward::notify
