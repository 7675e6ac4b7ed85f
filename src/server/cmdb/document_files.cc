#include "server/cmdb/document_files.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <utility>

#include <sys/stat.h>

#include "core/crypto.h"
#include "core/json.h"

namespace steward::cmdb {
namespace {

constexpr size_t kMaxFileNameBytes = 200;

Status ErrnoStatus(std::string_view what, int err) {
  return Status::Unavailable(std::string(what) + ": " + std::strerror(err));
}

std::string LowerExtension(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string ext(name.substr(dot + 1));
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext;
}

Status WriteAll(int fd, std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("writing document", errno);
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

// Makes a rename in `dir` durable.
Status SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("opening document directory", errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  return rc == 0 ? Status::Ok() : ErrnoStatus("syncing document directory", err);
}

}  // namespace

Status ValidateFileName(std::string_view name) {
  auto bad = [](std::string message) {
    return Status::InvalidArgument(std::move(message), "file_name");
  };
  if (name.empty()) return bad("is required");
  if (name.size() > kMaxFileNameBytes) {
    return bad("longer than " + std::to_string(kMaxFileNameBytes) + " bytes");
  }
  if (name == "." || name == "..") return bad("is not a file name");
  for (unsigned char c : name) {
    if (c == '/' || c == '\\') return bad("must be a plain file name without '/' or '\\'");
    if (c < 0x20 || c == 0x7f) return bad("must not contain control characters");
  }
  if (!IsValidUtf8(name)) return bad("must be valid UTF-8");
  return Status::Ok();
}

std::string ContentTypeForFileName(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {"pdf", "application/pdf"},
      {"txt", "text/plain; charset=utf-8"},
      {"md", "text/plain; charset=utf-8"},
      {"csv", "text/csv; charset=utf-8"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
      {"odt", "application/vnd.oasis.opendocument.text"},
      {"ods", "application/vnd.oasis.opendocument.spreadsheet"},
  };
  std::string ext = LowerExtension(name);
  for (const auto& [e, type] : kTypes) {
    if (ext == e) return std::string(type);
  }
  return "application/octet-stream";
}

std::string AttachmentDisposition(std::string_view name) {
  // The quoted form is for old clients: ASCII letters, digits and a few safe
  // marks; everything else (quotes, ';', non-ASCII) becomes '_'. The
  // RFC 5987 form carries the real name, percent-encoded.
  std::string ascii;
  std::string encoded;
  static const char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : name) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '.' || c == '-' || c == '_';
    ascii += (plain || c == ' ') ? static_cast<char>(c) : '_';
    if (plain) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0xF];
    }
  }
  if (ascii.empty()) ascii = "download";
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

DocumentFiles::DocumentFiles(std::string dir) : dir_(std::move(dir)) {}

bool DocumentFiles::IsValidKey(std::string_view key) {
  if (key.size() != 32) return false;
  for (char c : key) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Result<std::string> DocumentFiles::Write(std::string_view bytes) const {
  std::error_code ec;
  if (std::filesystem::create_directories(dir_, ec)) {
    // Customer contracts are nobody else's business on this machine either.
    std::filesystem::permissions(dir_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
  }
  if (ec) return Status::Unavailable("creating " + dir_ + ": " + ec.message());
  std::string key = RandomHex(16);
  std::string final_path = dir_ + "/" + key;
  std::string temp_path = final_path + ".tmp";
  int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return ErrnoStatus("creating document file", errno);
  Status s = WriteAll(fd, bytes);
  if (s.ok() && ::fsync(fd) != 0) s = ErrnoStatus("syncing document file", errno);
  if (::close(fd) != 0 && s.ok()) s = ErrnoStatus("closing document file", errno);
  if (s.ok() && std::rename(temp_path.c_str(), final_path.c_str()) != 0) {
    s = ErrnoStatus("renaming document file", errno);
  }
  if (!s.ok()) {
    ::unlink(temp_path.c_str());
    return s;
  }
  if (Status synced = SyncDirectory(dir_); !synced.ok()) {
    ::unlink(final_path.c_str());
    return synced;
  }
  return key;
}

Result<std::string> DocumentFiles::Read(std::string_view key) const {
  if (!IsValidKey(key)) return Status::InvalidArgument("malformed document key");
  std::string path = dir_ + "/" + std::string(key);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) return Status::NotFound("document file", key);
    return ErrnoStatus("opening document file", err);
  }
  std::string out;
  char buf[64 * 1024];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return ErrnoStatus("reading document file", err);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

Status DocumentFiles::Remove(std::string_view key) const {
  if (!IsValidKey(key)) return Status::InvalidArgument("malformed document key");
  std::string path = dir_ + "/" + std::string(key);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return ErrnoStatus("removing document file", errno);
  }
  return Status::Ok();
}

}  // namespace steward::cmdb
