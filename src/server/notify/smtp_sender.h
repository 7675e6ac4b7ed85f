// Sending one message over SMTP with libcurl: smtp:// (with optional
// STARTTLS, required when configured) or smtps://, AUTH when a user is
// given, bounded connect and transfer times.
#pragma once

#include <chrono>
#include <string>

#include "core/status.h"

namespace steward::notify {

class MailSender {
 public:
  virtual ~MailSender() = default;
  // Unavailable for anything a later retry may fix (connection refused,
  // 4xx replies, timeouts); InvalidArgument for a permanent refusal (5xx).
  virtual Status Send(const std::string& from, const std::string& to,
                      const std::string& message) = 0;
};

struct SmtpConfig {
  std::string url;  // smtp://host:port or smtps://host:port
  std::string username;
  std::string password;
  bool starttls = false;  // require STARTTLS on smtp://
  std::string ca_file;    // verify the server against this CA (else the system store)
  std::chrono::seconds timeout{30};
};

class CurlSmtpSender final : public MailSender {
 public:
  explicit CurlSmtpSender(SmtpConfig config) : config_(std::move(config)) {}
  Status Send(const std::string& from, const std::string& to, const std::string& message) override;

 private:
  SmtpConfig config_;
};

}  // namespace steward::notify
