// Uploaded document names: whatever is accepted can never act as a path.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "server/cmdb/document_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view name(reinterpret_cast<const char*>(data), size);
  if (!steward::cmdb::ValidateFileName(name).ok()) return 0;
  FUZZ_CHECK(name.find('/') == std::string::npos);
  FUZZ_CHECK(name.find('\\') == std::string::npos);
  FUZZ_CHECK(name.find('\0') == std::string::npos);
  FUZZ_CHECK(name != "." && name != "..");
  // The download header built from it stays one header line.
  std::string disposition = steward::cmdb::AttachmentDisposition(name);
  FUZZ_CHECK(disposition.find_first_of("\r\n") == std::string::npos);
  return 0;
}
