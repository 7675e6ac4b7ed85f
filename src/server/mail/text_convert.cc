#include "server/mail/text_convert.h"

#include <errno.h>
#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>

#include "core/strings.h"

namespace steward::mail {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp == 0) return;
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    out += kReplacement;
  } else if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Windows-1252's 0x80..0x9F; 0 where the code page has no character.
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

std::string FromWindows1252(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  for (unsigned char c : bytes) {
    if (c >= 0x80 && c < 0xA0) {
      uint16_t cp = kCp1252High[c - 0x80];
      if (cp == 0) {
        out += kReplacement;
      } else {
        AppendUtf8(out, cp);
      }
    } else {
      AppendUtf8(out, c);
    }
  }
  return out;
}

// iconv with replacement: an invalid input byte becomes U+FFFD and the
// conversion goes on after it. False when iconv does not know the charset.
bool ConvertWithIconv(std::string_view bytes, const std::string& charset, std::string* out) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  std::string input(bytes);
  char* in = input.data();
  size_t in_left = input.size();
  char buffer[4096];
  while (in_left > 0) {
    char* o = buffer;
    size_t o_left = sizeof buffer;
    size_t rc = iconv(cd, &in, &in_left, &o, &o_left);
    out->append(buffer, sizeof buffer - o_left);
    if (rc != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) continue;
    // EILSEQ or EINVAL (a truncated sequence at the end): skip one byte.
    *out += kReplacement;
    ++in;
    --in_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset the shift state
  }
  char* o = buffer;
  size_t o_left = sizeof buffer;
  iconv(cd, nullptr, nullptr, &o, &o_left);  // flush
  out->append(buffer, sizeof buffer - o_left);
  iconv_close(cd);
  return true;
}

bool IsUtf8Name(const std::string& c) { return c == "utf-8" || c == "utf8"; }

}  // namespace

std::string MakeValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0) {
      ++i;
      continue;
    }
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    // Lead bytes: C2..DF two, E0..EF three, F0..F4 four; anything else
    // (80..C1, F5..FF) starts no sequence.
    int len = c >= 0xC2 && c <= 0xDF   ? 2
              : c >= 0xE0 && c <= 0xEF ? 3
              : c >= 0xF0 && c <= 0xF4 ? 4
                                       : 0;
    bool ok = len > 0 && i + len <= s.size();
    uint32_t cp = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; ok && k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are invalid.
    if (ok && ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
               (cp >= 0xD800 && cp <= 0xDFFF))) {
      ok = false;
    }
    if (!ok) {
      out += kReplacement;
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

std::string ToUtf8(std::string_view bytes, std::string_view charset) {
  std::string name = AsciiLower(charset);
  name.erase(std::remove_if(name.begin(), name.end(),
                            [](char c) { return c == '"' || c == ' ' || c == '\t'; }),
             name.end());
  if (name.empty() || IsUtf8Name(name)) return MakeValidUtf8(bytes);
  if (name == "us-ascii" || name == "ascii" || name == "iso-8859-1" || name == "latin1" ||
      name == "iso8859-1" || name == "windows-1252" || name == "cp1252") {
    // Plain ASCII that is really UTF-8 is common; keep it as UTF-8 then.
    std::string valid = MakeValidUtf8(bytes);
    if (name.find("ascii") != std::string::npos && valid == bytes) return valid;
    return FromWindows1252(bytes);
  }
  std::string out;
  if (name.size() < 64 && ConvertWithIconv(bytes, name, &out)) return MakeValidUtf8(out);
  std::string valid = MakeValidUtf8(bytes);
  if (valid == bytes) return valid;
  return FromWindows1252(bytes);
}

namespace {

// Tag name (lower case) at `pos` (just after '<'); `closing` set for "</x".
std::string TagName(std::string_view html, size_t pos, bool* closing) {
  *closing = pos < html.size() && html[pos] == '/';
  if (*closing) ++pos;
  std::string name;
  while (pos < html.size() && (std::isalnum(static_cast<unsigned char>(html[pos])))) {
    name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(html[pos]))));
    ++pos;
  }
  return name;
}

bool BreaksLine(const std::string& tag) {
  static const char* kBlocks[] = {"br", "p",  "div", "tr", "li", "h1",    "h2",         "h3",
                                  "h4", "h5", "h6",  "ul", "ol", "table", "blockquote", "hr"};
  for (const char* b : kBlocks) {
    if (tag == b) return true;
  }
  return false;
}

uint32_t NamedEntity(const std::string& name) {
  static const std::pair<const char*, uint32_t> kEntities[] = {
      {"amp", '&'},      {"lt", '<'},       {"gt", '>'},        {"quot", '"'},     {"apos", '\''},
      {"nbsp", ' '},     {"auml", 0xE4},    {"ouml", 0xF6},     {"uuml", 0xFC},    {"Auml", 0xC4},
      {"Ouml", 0xD6},    {"Uuml", 0xDC},    {"szlig", 0xDF},    {"eacute", 0xE9},  {"egrave", 0xE8},
      {"agrave", 0xE0},  {"ccedil", 0xE7},  {"euro", 0x20AC},   {"copy", 0xA9},    {"reg", 0xAE},
      {"mdash", 0x2014}, {"ndash", 0x2013}, {"hellip", 0x2026}, {"laquo", 0xAB},   {"raquo", 0xBB},
      {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"rdquo", 0x201D},  {"ldquo", 0x201C}, {"bull", 0x2022},
      {"middot", 0xB7},  {"deg", 0xB0}};
  for (const auto& [n, cp] : kEntities) {
    if (name == n) return cp;
  }
  return 0;
}

}  // namespace

std::string HtmlToText(std::string_view html) {
  std::string raw;  // text with single spaces for whitespace runs, '\n' for breaks
  size_t i = 0;
  bool space_pending = false;
  auto emit_char = [&](std::string_view s) {
    if (space_pending && !raw.empty() && raw.back() != '\n') raw.push_back(' ');
    space_pending = false;
    raw.append(s);
  };
  while (i < html.size()) {
    char c = html[i];
    if (c == '<') {
      if (html.substr(i, 4) == "<!--") {
        size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      bool closing = false;
      std::string tag = TagName(html, i + 1, &closing);
      size_t end = html.find('>', i + 1);
      if (end == std::string_view::npos) break;  // a broken tag ends the text
      i = end + 1;
      if (!closing && (tag == "script" || tag == "style" || tag == "head" || tag == "title")) {
        // Skip everything up to the matching closing tag.
        std::string lower = AsciiLower(html.substr(i));
        size_t close = lower.find("</" + tag);
        if (close == std::string::npos) {
          i = html.size();
        } else {
          size_t gt = html.find('>', i + close);
          i = gt == std::string_view::npos ? html.size() : gt + 1;
        }
        continue;
      }
      if (BreaksLine(tag) && !(closing && tag == "li")) {
        raw.push_back('\n');
        space_pending = false;
        if (tag == "li" && !closing) raw += "- ";
      } else if (tag == "td" || tag == "th") {
        space_pending = true;
      }
      continue;
    }
    if (c == '&') {
      size_t semi = html.find(';', i + 1);
      if (semi != std::string_view::npos && semi - i <= 10) {
        std::string name(html.substr(i + 1, semi - i - 1));
        uint32_t cp = 0;
        if (!name.empty() && name[0] == '#') {
          bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
          std::string digits = name.substr(hex ? 2 : 1);
          bool ok = !digits.empty();
          for (char d : digits) {
            ok = ok && (hex ? std::isxdigit(static_cast<unsigned char>(d))
                            : std::isdigit(static_cast<unsigned char>(d)));
          }
          if (ok && digits.size() <= 7) cp = std::stoul(digits, nullptr, hex ? 16 : 10);
        } else {
          cp = NamedEntity(name);
        }
        if (cp != 0) {
          std::string utf8;
          AppendUtf8(utf8, cp);
          if (cp == 0xA0 || cp == ' ') {
            space_pending = true;
          } else {
            emit_char(utf8);
          }
          i = semi + 1;
          continue;
        }
      }
      emit_char("&");
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space_pending = true;
      ++i;
      continue;
    }
    emit_char(std::string_view(&html[i], 1));
    ++i;
  }
  // Trim each line and keep at most one blank line in a row.
  std::string out;
  size_t start = 0;
  int blank = 0;
  while (start <= raw.size()) {
    size_t nl = raw.find('\n', start);
    if (nl == std::string::npos) nl = raw.size();
    std::string_view line = std::string_view(raw).substr(start, nl - start);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    if (line.empty()) {
      ++blank;
    } else {
      if (!out.empty()) out += blank > 0 ? "\n\n" : "\n";
      out.append(line);
      blank = 0;
    }
    start = nl + 1;
  }
  return MakeValidUtf8(out);
}

}  // namespace steward::mail
