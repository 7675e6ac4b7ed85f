// A bounds-checked, single-pass scanner over XML tags, attributes and text.
#include "agent/collectors/xml_tag_scanner.h"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace steward::agent {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Characters that end a tag or attribute name.
bool EndsName(char c) {
  return IsSpace(c) || c == '/' || c == '>' || c == '<' || c == '=' || c == '"' || c == '\'';
}

// XML 1.0's Char production: what a character reference may name.
bool IsXmlChar(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// "#65" or "#x41" → 65; nullopt for anything else. The caller bounds the
// length, so at most a handful of digits are read and nothing overflows.
std::optional<uint32_t> ParseCharReference(std::string_view ref) {
  if (ref.size() < 2 || ref[0] != '#') return std::nullopt;
  bool hex = ref[1] == 'x';
  std::string_view digits = ref.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 8) return std::nullopt;
  uint32_t value = 0;
  for (char c : digits) {
    uint32_t d;
    if (c >= '0' && c <= '9') {
      d = static_cast<uint32_t>(c - '0');
    } else if (hex && c >= 'a' && c <= 'f') {
      d = static_cast<uint32_t>(c - 'a' + 10);
    } else if (hex && c >= 'A' && c <= 'F') {
      d = static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
    value = value * (hex ? 16 : 10) + d;  // at most 8 hex digits: fits
  }
  return value;
}

// Cuts `s` to at most `max_bytes` without splitting a UTF-8 sequence.
void CutUtf8(std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
}

void AppendText(XmlTag& tag, std::string_view decoded_or_raw, size_t max_bytes) {
  if (tag.text.size() >= max_bytes) return;
  tag.text.append(decoded_or_raw.substr(0, max_bytes - tag.text.size() + 4));
  CutUtf8(tag.text, max_bytes);
}

// The markup kinds the scanner skips: opener, terminator.
struct Skipped {
  std::string_view open;
  std::string_view close;
};
constexpr Skipped kSkipped[] = {{"<?", "?>"}, {"<!--", "-->"}, {"<!", ">"}};

}  // namespace

const std::string* XmlTag::Attribute(std::string_view wanted) const {
  for (const auto& a : attributes) {
    if (a.name == wanted) return &a.value;
  }
  return nullptr;
}

std::string DecodeXmlText(std::string_view raw, size_t max_bytes) {
  std::string out;
  size_t i = 0;
  while (i < raw.size() && out.size() < max_bytes) {
    if (raw[i] != '&') {
      out += raw[i++];
      continue;
    }
    // The longest reference worth reading is "&#x10FFFF;"; looking no
    // further keeps a stray '&' in a huge value from scanning the rest.
    std::string_view window = raw.substr(i + 1, 12);
    size_t semi = window.find(';');
    std::string_view ref =
        semi == std::string_view::npos ? std::string_view() : window.substr(0, semi);
    if (ref == "amp") {
      out += '&';
    } else if (ref == "lt") {
      out += '<';
    } else if (ref == "gt") {
      out += '>';
    } else if (ref == "quot") {
      out += '"';
    } else if (ref == "apos") {
      out += '\'';
    } else if (auto cp = ParseCharReference(ref)) {
      if (IsXmlChar(*cp)) {
        AppendUtf8(out, *cp);
      } else {
        out += '?';
      }
    } else {
      out += raw[i++];  // not a reference: a literal '&'
      continue;
    }
    i += ref.size() + 2;
  }
  CutUtf8(out, max_bytes);
  return out;
}

XmlScan ScanXmlTags(std::string_view xml, const XmlScanLimits& limits) {
  XmlScan scan;
  const size_t n = xml.size();
  size_t i = 0;
  while (i < n) {
    size_t lt = xml.find('<', i);
    std::string_view text = xml.substr(i, lt == std::string_view::npos ? n - i : lt - i);
    if (!scan.tags.empty() && !text.empty()) {
      AppendText(scan.tags.back(), DecodeXmlText(text, limits.max_value_bytes),
                 limits.max_value_bytes);
    }
    if (lt == std::string_view::npos) break;
    i = lt;
    std::string_view rest = xml.substr(i);

    if (rest.starts_with("<![CDATA[")) {
      size_t end = xml.find("]]>", i + 9);
      if (end == std::string_view::npos) {
        scan.complete = false;
        break;
      }
      if (!scan.tags.empty()) {
        AppendText(scan.tags.back(), xml.substr(i + 9, end - i - 9), limits.max_value_bytes);
      }
      i = end + 3;
      continue;
    }
    bool skipped = false;
    for (const Skipped& kind : kSkipped) {
      if (!rest.starts_with(kind.open)) continue;
      size_t end = xml.find(kind.close, i + kind.open.size());
      if (end == std::string_view::npos) {
        scan.complete = false;
        i = n;
      } else {
        i = end + kind.close.size();
      }
      skipped = true;
      break;
    }
    if (skipped) continue;

    // An element tag: '<' ['/'] name { attribute } ['/'] '>'.
    size_t j = i + 1;
    XmlTag tag;
    if (j < n && xml[j] == '/') {
      tag.closing = true;
      ++j;
    }
    size_t name_start = j;
    while (j < n && !EndsName(xml[j])) ++j;
    if (j == name_start || j - name_start > limits.max_name_bytes) {
      i = lt + 1;  // "a < b" in text, or a name nobody writes: not a tag
      continue;
    }
    tag.name = std::string(xml.substr(name_start, j - name_start));

    bool ended = false;  // saw '>' or "/>"
    bool broken = false;
    while (j < n) {
      while (j < n && IsSpace(xml[j])) ++j;
      if (j >= n) break;
      char c = xml[j];
      if (c == '>') {
        ++j;
        ended = true;
        break;
      }
      if (c == '/' && j + 1 < n && xml[j + 1] == '>') {
        tag.self_closing = true;
        j += 2;
        ended = true;
        break;
      }
      if (c == '<') {  // the tag never closed; a new one starts here
        broken = true;
        break;
      }
      size_t attr_start = j;
      while (j < n && !EndsName(xml[j])) ++j;
      if (j == attr_start) {
        ++j;  // a stray '/', '=' or quote: step over it
        continue;
      }
      XmlAttribute attribute;
      attribute.name = std::string(xml.substr(attr_start, j - attr_start));
      while (j < n && IsSpace(xml[j])) ++j;
      if (j < n && xml[j] == '=') {
        ++j;
        while (j < n && IsSpace(xml[j])) ++j;
        if (j >= n) break;
        std::string_view raw;
        if (xml[j] == '"' || xml[j] == '\'') {
          size_t close = xml.find(xml[j], j + 1);
          if (close == std::string_view::npos) {
            j = n;  // an unterminated quote swallows the rest
            break;
          }
          raw = xml.substr(j + 1, close - j - 1);
          j = close + 1;
        } else {
          size_t start = j;
          while (j < n && !IsSpace(xml[j]) && xml[j] != '>' && xml[j] != '<') ++j;
          raw = xml.substr(start, j - start);
        }
        attribute.value = DecodeXmlText(raw, limits.max_value_bytes);
      }
      if (attribute.name.size() > limits.max_name_bytes) {
        broken = true;
        break;
      }
      if (tag.attributes.size() < limits.max_attributes_per_tag) {
        tag.attributes.push_back(std::move(attribute));
      }
    }
    if (broken) {
      // Drop the tag and go on from where it went wrong: what follows may
      // still be well formed.
      i = std::max(j, lt + 1);
      continue;
    }
    if (!ended) {
      scan.complete = false;
      break;
    }
    if (scan.tags.size() >= limits.max_tags) {
      scan.complete = false;
      break;
    }
    scan.tags.push_back(std::move(tag));
    i = j;
  }
  return scan;
}

}  // namespace steward::agent
