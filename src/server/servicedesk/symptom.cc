#include "server/servicedesk/symptom.h"

#include <cctype>
#include <regex>
#include <vector>

namespace steward::servicedesk {

namespace {

constexpr size_t kMaxKeyBytes = 200;
// Only the start of a long text counts (and keeps std::regex's recursion shallow).
constexpr size_t kMaxInputBytes = 2000;

bool IsAlnum(unsigned char c) { return std::isalnum(c) != 0 || c >= 0x80; }
bool IsHexDigit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A word (already lower-case, letters and digits) as it counts for grouping.
std::string Classify(const std::string& word) {
  if (word.size() > 2 && word[0] == '0' && word[1] == 'x') {
    bool hex = true;
    for (size_t i = 2; i < word.size(); ++i) hex = hex && IsHexDigit(word[i]);
    if (hex) return "hex";
  }
  bool all_hex = word.size() >= 6, has_digit = false, has_letter = false;
  for (char c : word) {
    all_hex = all_hex && IsHexDigit(c);
    has_digit = has_digit || IsDigit(c);
    has_letter = has_letter || !IsDigit(c);
  }
  if (all_hex && has_digit && has_letter) return "hex";
  // Digit runs inside a word ("srv01", "kb5034441") vary between occurrences
  // as much as free-standing numbers do.
  std::string out;
  for (size_t i = 0; i < word.size(); ++i) {
    if (IsDigit(word[i])) {
      if (i == 0 || !IsDigit(word[i - 1])) out += '0';
    } else {
      out += word[i];
    }
  }
  return out;
}

}  // namespace

std::string NormaliseSymptom(std::string_view text) {
  std::string s;
  text = text.substr(0, kMaxInputBytes);
  s.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char u = static_cast<unsigned char>(text[i]);
    unsigned char next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    // Unicode punctuation counts as punctuation: U+00A0..U+00BF (no-break
    // space, guillemets, ...) and U+2000..U+206F (dashes, quotes, ...).
    if (u == 0xC2 && next >= 0xA0 && next <= 0xBF) {
      s += ' ';
      ++i;
    } else if (u == 0xE2 && (next == 0x80 || next == 0x81) && i + 2 < text.size()) {
      s += ' ';
      i += 2;
    } else {
      s += u < 0x80 ? static_cast<char>(std::tolower(u)) : text[i];
    }
  }
  // Whole-token patterns first, while their punctuation still marks them.
  static const std::regex kUuid("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  static const std::regex kDate(
      "\\b(\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[./]\\d{1,2}[./]\\d{2,4})(t\\b)?");
  static const std::regex kTime("\\b\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(z\\b)?");
  s = std::regex_replace(s, kUuid, " uuid ");
  s = std::regex_replace(s, kDate, " date ");
  s = std::regex_replace(s, kTime, " time ");
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(Classify(word));
    word.clear();
  };
  for (char c : s) {
    if (IsAlnum(static_cast<unsigned char>(c))) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  std::string out;
  for (const std::string& w : words) {
    if (out.size() + 1 + w.size() > kMaxKeyBytes) break;
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

}  // namespace steward::servicedesk
