// A real SMTP server on loopback for the mail tests: aiosmtpd from Debian's
// python3-aiosmtpd (tests/tools/smtp_sink.py), which stores every accepted
// message as N.eml. Needs STEWARD_SMTP_SINK defined by the test target.
#pragma once

#include <csignal>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "testing/subprocess.h"
#include "testing/test_database.h"

namespace steward::testing {

// A port nothing listens on at the moment (the kernel's pick).
inline uint16_t FreePort() {
  auto r = RunCommand({"/usr/bin/python3", "-c",
                       "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); "
                       "print(s.getsockname()[1])"});
  return static_cast<uint16_t>(std::stoi(r.output));
}

// The server; `auth` ("user:password") makes it require AUTH.
class SmtpSink {
 public:
  explicit SmtpSink(const std::string& auth = "") : port_(FreePort()), dir_(MakeTempDir("smtp")) {
    std::vector<std::string> argv = {"/usr/bin/python3", STEWARD_SMTP_SINK, std::to_string(port_),
                                     dir_};
    if (!auth.empty()) {
      argv.push_back("--auth");
      argv.push_back(auth);
    }
    process_ = std::make_unique<Subprocess>(argv);
    EXPECT_TRUE(process_->WaitForOutput("ready", std::chrono::seconds(20))) << process_->output();
  }
  ~SmtpSink() { Stop(); }
  void Stop() {
    if (process_) {
      process_->Signal(SIGTERM);
      process_->Wait();
      process_.reset();
    }
  }
  std::string Url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> Messages() const {
    std::vector<std::string> out;
    for (int n = 1;; ++n) {
      std::ifstream in(dir_ + "/" + std::to_string(n) + ".eml", std::ios::binary);
      if (!in) break;
      std::stringstream buf;
      buf << in.rdbuf();
      out.push_back(buf.str());
    }
    return out;
  }

 private:
  uint16_t port_;
  std::string dir_;
  std::unique_ptr<Subprocess> process_;
};

}  // namespace steward::testing
