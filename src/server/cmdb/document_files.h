// The bytes of customer documents, kept as files in one directory under
// names the server generates (32 random hex characters). A user-supplied
// file name is metadata only: it is validated, stored in the database and
// shown, but never becomes part of a path (SECURITY.md rule 3). Writes are
// atomic and durable (temp file, fsync, rename, fsync of the directory), so a
// crash leaves either the whole file or none.
//
// Thread-safe: every call works on its own file.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace steward::cmdb {

// OK for a plain file name: 1..200 bytes of UTF-8, no '/', '\\', NUL or
// other control characters, not "." or "..". InvalidArgument (field
// "file_name") otherwise.
Status ValidateFileName(std::string_view name);

// A Content-Type for downloads: a few well-known document types by
// extension, "application/octet-stream" for anything else (never HTML, SVG or
// anything else a browser would run).
std::string ContentTypeForFileName(std::string_view name);

// `attachment; filename="<ASCII-safe>"; filename*=UTF-8''<percent-encoded>`.
std::string AttachmentDisposition(std::string_view name);

class DocumentFiles {
 public:
  // `dir` is created on the first write.
  explicit DocumentFiles(std::string dir);

  // Stores `bytes` under a new key and returns the key. Unavailable if the
  // file system refuses.
  Result<std::string> Write(std::string_view bytes) const;
  // NotFound for an unknown key; InvalidArgument for a malformed one.
  Result<std::string> Read(std::string_view key) const;
  // OK also when the file is already gone.
  Status Remove(std::string_view key) const;

  // A key is exactly 32 lower-case hex characters; nothing else is ever
  // joined to the directory.
  static bool IsValidKey(std::string_view key);
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

}  // namespace steward::cmdb
