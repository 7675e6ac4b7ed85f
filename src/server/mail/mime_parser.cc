#include "server/mail/mime_parser.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include <gmime/gmime.h>

#include "core/strings.h"
#include "server/mail/text_convert.h"

namespace steward::mail {
namespace {

// Nested multiparts deeper than this are treated as opaque (a MIME bomb
// cannot recurse the walk into the ground).
constexpr int kMaxDepth = 12;

void InitGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct GObjectUnref {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(void* p) const { g_free(p); }
};
using GString = std::unique_ptr<char, GFree>;

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string Header(GMimeObject* obj, const char* name) {
  const char* v = g_mime_object_get_header(obj, name);
  return v ? MakeValidUtf8(v) : std::string();
}

// "<a@b>" → "a@b"; GMime's decoder handles comments and folding.
std::string MessageId(const char* value) {
  if (!value) return {};
  GString id(g_mime_utils_decode_message_id(value));
  return id ? MakeValidUtf8(Trim(id.get())) : std::string();
}

std::vector<std::string> References(const char* value) {
  std::vector<std::string> out;
  if (!value) return out;
  GMimeReferences* refs = g_mime_references_parse(nullptr, value);
  if (!refs) return out;
  int n = g_mime_references_length(refs);
  for (int i = 0; i < n && out.size() < 100; ++i) {
    const char* id = g_mime_references_get_message_id(refs, i);
    if (id && *id) out.push_back(MakeValidUtf8(id));
  }
  g_mime_references_free(refs);
  return out;
}

void Mailboxes(InternetAddressList* list, std::vector<InternetAddressMailbox*>* out,
               int depth = 0) {
  if (!list || depth > 2) return;
  int n = internet_address_list_length(list);
  for (int i = 0; i < n && out->size() < 100; ++i) {
    InternetAddress* ia = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
      out->push_back(INTERNET_ADDRESS_MAILBOX(ia));
    } else if (INTERNET_ADDRESS_IS_GROUP(ia)) {
      Mailboxes(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), out, depth + 1);
    }
  }
}

std::string Address(InternetAddressMailbox* mb) {
  const char* addr = internet_address_mailbox_get_addr(mb);
  return addr ? AsciiLower(MakeValidUtf8(Trim(addr))) : std::string();
}

// The decoded (transfer encoding undone) bytes of a leaf part.
std::string PartBytes(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (!content) return {};
  GPtr<GMimeStream> mem(g_mime_stream_mem_new());
  if (g_mime_data_wrapper_write_to_stream(content, mem.get()) < 0) return {};
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
  return bytes ? std::string(reinterpret_cast<const char*>(bytes->data), bytes->len)
               : std::string();
}

std::string ObjectBytes(GMimeObject* obj) {
  GPtr<GMimeStream> mem(g_mime_stream_mem_new());
  if (g_mime_object_write_to_stream(obj, nullptr, mem.get()) < 0) return {};
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
  return bytes ? std::string(reinterpret_cast<const char*>(bytes->data), bytes->len)
               : std::string();
}

// Only a plain name survives: any directory part is dropped (the file store
// never uses it as a path, but the name is also shown and offered on download).
std::string SafeFileName(std::string name, const std::string& fallback) {
  name = MakeValidUtf8(name);
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  std::string out;
  for (char c : name) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out.push_back(c);
  }
  out = Trim(out);
  if (out.empty() || out == "." || out == "..") out = fallback;
  if (out.size() > 200) {
    size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

class Walker {
 public:
  Walker(const ParseOptions& o, InboundMessage* m) : options_(o), msg_(m) {}

  void Walk(GMimeObject* obj, int depth) {
    if (!obj) return;
    if (depth > kMaxDepth) return;
    if (GMIME_IS_MULTIPART(obj)) {
      GMimeMultipart* mp = GMIME_MULTIPART(obj);
      GMimeContentType* ct = g_mime_object_get_content_type(obj);
      int n = g_mime_multipart_get_count(mp);
      if (ct && g_mime_content_type_is_type(ct, "multipart", "alternative")) {
        WalkAlternative(mp, n, depth);
        return;
      }
      for (int i = 0; i < n; ++i) Walk(g_mime_multipart_get_part(mp, i), depth + 1);
      return;
    }
    if (GMIME_IS_MESSAGE_PART(obj)) {
      // A forwarded message is kept whole, as an attachment.
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
      if (inner) {
        const char* subject = g_mime_message_get_subject(inner);
        std::string name = SafeFileName(subject ? subject : "", "message") + ".eml";
        Attach(name, "message/rfc822", ObjectBytes(GMIME_OBJECT(inner)));
      }
      return;
    }
    if (!GMIME_IS_PART(obj)) return;
    GMimePart* part = GMIME_PART(obj);
    GMimeContentType* ct = g_mime_object_get_content_type(obj);
    const char* file_name = g_mime_part_get_filename(part);
    bool inline_text = !g_mime_part_is_attachment(part) && !file_name && ct &&
                       (g_mime_content_type_is_type(ct, "text", "plain") ||
                        g_mime_content_type_is_type(ct, "text", "html"));
    if (inline_text) {
      AddBody(obj, part, g_mime_content_type_is_type(ct, "text", "html"));
      return;
    }
    GString mime_type(ct ? g_mime_content_type_get_mime_type(ct) : nullptr);
    std::string type =
        mime_type ? AsciiLower(MakeValidUtf8(mime_type.get())) : "application/octet-stream";
    Attach(SafeFileName(file_name ? file_name : "",
                        "attachment-" + std::to_string(msg_->attachments.size() + 1)),
           type, PartBytes(part));
  }

 private:
  // Prefer text/plain; else whatever alternative holds it (a related
  // part); else HTML. The other alternatives are the same content.
  void WalkAlternative(GMimeMultipart* mp, int n, int depth) {
    GMimeObject* best = nullptr;
    int best_rank = -1;
    for (int i = 0; i < n; ++i) {
      GMimeObject* child = g_mime_multipart_get_part(mp, i);
      GMimeContentType* ct = child ? g_mime_object_get_content_type(child) : nullptr;
      if (!ct) continue;
      int rank = g_mime_content_type_is_type(ct, "text", "plain")  ? 3
                 : GMIME_IS_MULTIPART(child)                       ? 2
                 : g_mime_content_type_is_type(ct, "text", "html") ? 1
                                                                   : 0;
      if (rank > best_rank) {
        best_rank = rank;
        best = child;
      }
    }
    if (best) Walk(best, depth + 1);
  }

  void AddBody(GMimeObject* obj, GMimePart* part, bool html) {
    const char* charset = g_mime_object_get_content_type_parameter(obj, "charset");
    std::string text = ToUtf8(PartBytes(part), charset ? charset : "");
    if (html) text = HtmlToText(text);
    // CRLF → LF: stored text uses one line end.
    std::string clean;
    clean.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\r') {
        if (i + 1 < text.size() && text[i + 1] == '\n') continue;
        clean.push_back('\n');
        continue;
      }
      clean.push_back(text[i]);
    }
    if (!msg_->text_body.empty() && !clean.empty()) msg_->text_body += "\n\n";
    msg_->text_body += clean;
  }

  void Attach(std::string name, std::string type, std::string bytes) {
    if (msg_->attachments.size() >= options_.max_attachments) return;
    InboundAttachment a;
    a.file_name = std::move(name);
    a.content_type = std::move(type);
    a.original_size = bytes.size();
    if (bytes.size() > options_.max_attachment_bytes) {
      bytes.resize(options_.max_attachment_bytes);
      a.truncated = true;
    }
    a.bytes = std::move(bytes);
    msg_->attachments.push_back(std::move(a));
  }

  const ParseOptions& options_;
  InboundMessage* msg_;
};

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Auto-replies, bulk mail, bounces and our own mail: never a ticket.
void DetectAutomated(GMimeObject* obj, const ParseOptions& o, InboundMessage* m) {
  auto flag = [&](std::string reason) {
    if (!m->automated) {
      m->automated = true;
      m->automated_reason = std::move(reason);
    }
  };
  std::string auto_submitted = AsciiLower(Trim(Header(obj, "Auto-Submitted")));
  auto_submitted = Trim(auto_submitted.substr(0, auto_submitted.find(';')));
  if (!auto_submitted.empty() && auto_submitted != "no") {
    flag("Auto-Submitted: " + auto_submitted);
  }
  std::string precedence = AsciiLower(Trim(Header(obj, "Precedence")));
  if (precedence == "bulk" || precedence == "junk" || precedence == "list") {
    flag("Precedence: " + precedence);
  }
  std::string suppress = AsciiLower(Header(obj, "X-Auto-Response-Suppress"));
  if (suppress.find("all") != std::string::npos || suppress.find("oof") != std::string::npos ||
      suppress.find("autoreply") != std::string::npos) {
    flag("X-Auto-Response-Suppress: " + Trim(suppress));
  }
  if (!Header(obj, "X-Autoreply").empty() || !Header(obj, "X-Autorespond").empty()) {
    flag("X-Autoreply");
  }
  if (!Header(obj, kTicketHeader).empty())
    flag(std::string("our own mail (") + kTicketHeader + ")");
  if (!o.own_message_id_domain.empty() &&
      EndsWith(AsciiLower(m->message_id), "@" + AsciiLower(o.own_message_id_domain))) {
    flag("our own mail (Message-ID)");
  }
  for (const std::string& own : o.own_addresses) {
    if (!own.empty() && AsciiLower(own) == m->from_address) flag("our own sender address");
  }
  GMimeContentType* ct = g_mime_object_get_content_type(obj);
  if (ct && g_mime_content_type_is_type(ct, "multipart", "report")) flag("delivery report");
  std::string local = m->from_address.substr(0, m->from_address.find('@'));
  if (local == "mailer-daemon" || local == "postmaster") flag("bounce (" + local + ")");
}

}  // namespace

Result<InboundMessage> ParseMessage(std::string_view raw, const ParseOptions& options) {
  InitGMime();
  if (raw.empty()) return Status::InvalidArgument("empty message");
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GMimeParserOptions* popts = g_mime_parser_options_new();
  // Raw 8-bit headers: UTF-8 if valid, else the Western default.
  const char* fallback[] = {"utf-8", "windows-1252", nullptr};
  g_mime_parser_options_set_fallback_charsets(popts, fallback);
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), popts));
  g_mime_parser_options_free(popts);
  if (!message) return Status::InvalidArgument("not a MIME message");
  GMimeObject* obj = GMIME_OBJECT(message.get());
  GMimeHeaderList* headers = g_mime_object_get_header_list(obj);
  if (!headers || g_mime_header_list_get_count(headers) == 0) {
    return Status::InvalidArgument("the message has no header");
  }

  InboundMessage m;
  m.message_id = MessageId(g_mime_object_get_header(obj, "Message-ID"));
  m.in_reply_to = MessageId(g_mime_object_get_header(obj, "In-Reply-To"));
  m.references = References(g_mime_object_get_header(obj, "References"));
  std::vector<InternetAddressMailbox*> from;
  Mailboxes(g_mime_message_get_from(message.get()), &from);
  if (!from.empty()) {
    m.from_address = Address(from[0]);
    const char* name = internet_address_get_name(INTERNET_ADDRESS(from[0]));
    if (name) m.from_name = MakeValidUtf8(Trim(name));
  }
  std::vector<InternetAddressMailbox*> to;
  Mailboxes(g_mime_message_get_to(message.get()), &to);
  for (auto* mb : to) {
    std::string a = Address(mb);
    if (!a.empty()) m.to_addresses.push_back(a);
  }
  const char* subject = g_mime_message_get_subject(message.get());
  if (subject) {
    std::string s = MakeValidUtf8(subject);
    for (char& c : s) {
      if (c == '\r' || c == '\n' || c == '\t') c = ' ';
    }
    m.subject = Trim(s);
  }

  Walker walker(options, &m);
  walker.Walk(g_mime_message_get_mime_part(message.get()), 0);
  if (m.text_body.size() > options.max_body_bytes) {
    size_t cut = options.max_body_bytes;
    while (cut > 0 && (static_cast<unsigned char>(m.text_body[cut]) & 0xC0) == 0x80) --cut;
    m.text_body.resize(cut);
    m.text_body += "\n[… text cut at " + std::to_string(options.max_body_bytes / 1024) + " KiB]";
  }
  DetectAutomated(obj, options, &m);
  return m;
}

}  // namespace steward::mail
