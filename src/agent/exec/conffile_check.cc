#include "agent/exec/conffile_check.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include <openssl/evp.h>

namespace steward::agent {
namespace {

constexpr std::string_view kNewConffileMark = "newconffile";

std::string_view TrimConffileLine(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// What dpkg compares the file on disk with: none for a new conffile.
std::optional<std::string> Baseline(const ConffileSums& s) {
  if (!s.recorded || *s.recorded == kNewConffileMark) return std::nullopt;
  return s.recorded;
}

}  // namespace

std::vector<PackagedConffile> ParseConffilesMember(std::string_view text) {
  std::vector<PackagedConffile> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = TrimConffileLine(text.substr(start, end - start));
    start = end + 1;
    PackagedConffile c;
    // Flags come before the path: "remove-on-upgrade /etc/foo.conf".
    while (!line.empty() && line.front() != '/') {
      size_t space = line.find_first_of(" \t");
      if (space == std::string_view::npos) {
        line = {};
        break;
      }
      if (line.substr(0, space) == "remove-on-upgrade") c.remove_on_upgrade = true;
      line = TrimConffileLine(line.substr(space));
    }
    if (line.empty()) continue;
    c.path = std::string(line);
    out.push_back(std::move(c));
  }
  return out;
}

std::string Md5Hex(std::string_view data) {
  // OpenSSL's MD5 (the agent links libcrypto for TLS already): dpkg's sum.
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_md5(), nullptr) != 1) {
    return {};
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

bool NeedsPackagedSum(const ConffileSums& s) {
  if (!s.on_disk) return false;  // nothing on disk: dpkg installs the new copy
  auto baseline = Baseline(s);
  return !baseline || *s.on_disk != *baseline;
}

std::string ConffilePromptReason(const ConffileSums& s) {
  if (!NeedsPackagedSum(s)) return {};
  // dpkg keeps a file identical to the new copy without asking.
  if (s.in_package && *s.in_package == *s.on_disk) return {};
  auto baseline = Baseline(s);
  if (!baseline) {
    return s.path + " already exists on this machine and the new version ships a different one";
  }
  // The package does not change it: dpkg keeps the local edit, no question.
  if (s.in_package && *s.in_package == *baseline) return {};
  return s.path + " was changed on this machine and the new version changes it too";
}

}  // namespace steward::agent
