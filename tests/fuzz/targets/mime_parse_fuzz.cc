// MIME parsing of received mail (GMime): parse or refuse with
// InvalidArgument, never crash; every text it returns is valid UTF-8 and no
// attachment is over the limit or beyond the count.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/json.h"
#include "fuzz_check.h"
#include "server/mail/mime_parser.h"
#include "server/mail/text_convert.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  steward::mail::ParseOptions options;
  options.max_attachment_bytes = 64;
  options.max_attachments = 4;
  auto m = steward::mail::ParseMessage(raw, options);
  // The HTML converter sees the same bytes: it must end and stay UTF-8.
  FUZZ_CHECK(steward::IsValidUtf8(steward::mail::HtmlToText(raw)));
  if (!m.ok()) {
    FUZZ_CHECK(m.status().code() == steward::StatusCode::kInvalidArgument);
    return 0;
  }
  FUZZ_CHECK(steward::IsValidUtf8(m->subject));
  FUZZ_CHECK(steward::IsValidUtf8(m->text_body));
  FUZZ_CHECK(steward::IsValidUtf8(m->from_address));
  FUZZ_CHECK(m->attachments.size() <= options.max_attachments);
  for (const auto& a : m->attachments) {
    FUZZ_CHECK(a.bytes.size() <= options.max_attachment_bytes);
    FUZZ_CHECK(a.truncated == (a.original_size > a.bytes.size()));
    FUZZ_CHECK(a.file_name.find('/') == std::string::npos);
  }
  return 0;
}
