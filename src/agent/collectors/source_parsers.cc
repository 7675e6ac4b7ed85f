#include "agent/collectors/source_parsers.h"

#include <algorithm>
#include <cctype>

#include "agent/collectors/proc_parsers.h"
#include "core/json.h"
#include "core/strings.h"
#include "core/time_format.h"

namespace steward::agent {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 if invalid.
size_t Utf8Length(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  if (len == 2 && c < 0xC2) return 0;  // overlong
  return len;
}

}  // namespace

std::string SanitizeText(std::string_view text, size_t max_bytes) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t len = Utf8Length(text, i);
    if (len == 0) {
      if (out.size() + 1 > max_bytes) break;
      out.push_back('?');
      ++i;
      continue;
    }
    if (out.size() + len > max_bytes) break;
    auto c = static_cast<unsigned char>(text[i]);
    if (len == 1 && ((c < 0x20 && c != '\t') || c == 0x7F)) {
      out.push_back(c == '\n' || c == '\r' ? ' ' : '?');
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

Result<JournalEntry> ParseJournalLine(std::string_view line) {
  Json json = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return Status::InvalidArgument("journal line is not a JSON object");
  }
  JournalEntry entry;
  auto text_field = [&](const char* key) -> std::string {
    auto it = json.find(key);
    if (it == json.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_array()) {  // binary-safe form: an array of byte values
      std::string bytes;
      for (const auto& b : *it) {
        if (b.is_number_unsigned() && b.get<uint64_t>() < 256) {
          bytes.push_back(static_cast<char>(b.get<uint64_t>()));
        }
      }
      return bytes;
    }
    return {};
  };
  entry.cursor = text_field("__CURSOR");
  if (entry.cursor.empty()) return Status::InvalidArgument("journal line without __CURSOR");
  if (auto p = ParseUint(text_field("PRIORITY")); p && *p <= 7) {
    entry.priority = static_cast<int>(*p);
  }
  if (auto us = ParseUint(text_field("__REALTIME_TIMESTAMP"))) {
    entry.time = FromMillis(static_cast<int64_t>(*us / 1000));
  }
  entry.message = SanitizeText(text_field("MESSAGE"));
  entry.unit = SanitizeText(text_field("_SYSTEMD_UNIT"), 256);
  entry.identifier = SanitizeText(text_field("SYSLOG_IDENTIFIER"), 256);
  return entry;
}

std::vector<UnitState> ParseSystemctlShow(std::string_view text) {
  std::vector<UnitState> out;
  UnitState current;
  bool any = false;
  auto flush = [&] {
    if (any) out.push_back(current);
    current = UnitState{};
    any = false;
  };
  for (std::string_view line : SplitLines(text)) {
    line = Trim(line);
    if (line.empty()) {
      flush();
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = line.substr(0, eq);
    std::string value = SanitizeText(line.substr(eq + 1), 256);
    any = true;
    if (key == "Id") current.id = value;
    if (key == "LoadState") current.load_state = value;
    if (key == "ActiveState") current.active_state = value;
    if (key == "SubState") current.sub_state = value;
  }
  flush();
  return out;
}

int UnitSeverity(const UnitState& state) {
  if (state.load_state == "not-found") return 2;
  if (state.active_state == "active") return 0;
  if (state.active_state == "activating" || state.active_state == "reloading" ||
      state.active_state == "deactivating") {
    return 1;
  }
  return 2;
}

std::map<std::string, std::string> ParseUpsc(std::string_view text) {
  std::map<std::string, std::string> out;
  for (std::string_view line : SplitLines(text)) {
    size_t colon = line.find(": ");
    if (colon == std::string_view::npos || colon == 0) continue;
    out[std::string(Trim(line.substr(0, colon)))] = SanitizeText(Trim(line.substr(colon + 2)), 256);
  }
  return out;
}

int UpsSeverity(std::string_view status_flags) {
  int severity = 0;
  for (std::string_view flag : SplitFields(status_flags)) {
    if (flag == "LB" || flag == "FSD") return 2;
    if (flag == "OB" || flag == "RB" || flag == "OVER") severity = 1;
  }
  return severity;
}

std::optional<Detection> ParseClamavDetection(std::string_view line) {
  line = Trim(line);
  if (!line.ends_with(" FOUND")) return std::nullopt;
  line.remove_suffix(6);
  // clamd prefixes "Sun Nov 22 10:00:00 2026 -> "; clamscan prints the bare path.
  if (size_t arrow = line.find(" -> "); arrow != std::string_view::npos) {
    line = line.substr(arrow + 4);
  }
  size_t sep = line.rfind(": ");
  if (sep == std::string_view::npos || sep == 0) return std::nullopt;
  // A scanned object is a path, or a stream clamd was handed ("instream(...)",
  // "fd[12]"); anything else ("LibClamAV Warning: ...") is not a detection.
  std::string_view object = line.substr(0, sep);
  if (!object.starts_with("/") && !object.starts_with("instream(") && !object.starts_with("fd[")) {
    return std::nullopt;
  }
  Detection d;
  d.path = SanitizeText(object, 512);
  d.signature = SanitizeText(Trim(line.substr(sep + 2)), 256);
  if (d.signature.empty() || d.signature.find(' ') != std::string::npos) return std::nullopt;
  return d;
}

namespace {

std::optional<bool> ResultWord(std::string_view word) {
  std::string w = AsciiLower(Trim(word));
  if (w == "success" || w == "succeeded" || w == "ok" || w == "true" || w == "1" ||
      w == "completed") {
    return true;
  }
  if (w == "failure" || w == "failed" || w == "fail" || w == "error" || w == "false" || w == "0" ||
      w == "warning") {
    return false;
  }
  return std::nullopt;
}

std::optional<Timestamp> TimeValue(std::string_view text) {
  text = Trim(text);
  if (auto secs = ParseUint(text)) return FromMillis(static_cast<int64_t>(*secs) * 1000);
  auto iso = ParseIso8601(text);
  if (iso.ok()) return *iso;
  return std::nullopt;
}

}  // namespace

Result<BackupStatus> ParseBackupStatus(std::string_view text) {
  BackupStatus status;
  std::optional<bool> success;
  std::string_view trimmed = Trim(text);
  if (trimmed.starts_with("{")) {
    Json json = Json::parse(trimmed, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) {
      return Status::InvalidArgument("backup status: malformed JSON");
    }
    if (auto it = json.find("success"); it != json.end()) {
      if (it->is_boolean()) success = it->get<bool>();
      if (it->is_number_integer()) success = it->get<int64_t>() != 0;
    }
    if (auto it = json.find("result"); !success && it != json.end() && it->is_string()) {
      success = ResultWord(it->get<std::string>());
    }
    if (auto it = json.find("time"); it != json.end()) {
      if (it->is_string()) status.time = TimeValue(it->get<std::string>());
      if (it->is_number_unsigned()) {
        status.time = FromMillis(static_cast<int64_t>(it->get<uint64_t>()) * 1000);
      }
    }
    if (auto it = json.find("message"); it != json.end() && it->is_string()) {
      status.message = SanitizeText(it->get<std::string>());
    }
  } else {
    for (std::string_view line : SplitLines(trimmed)) {
      size_t eq = line.find('=');
      if (eq == std::string_view::npos) continue;
      std::string key = AsciiLower(Trim(line.substr(0, eq)));
      std::string_view value = Trim(line.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      if (key == "result" || key == "status" || key == "success") success = ResultWord(value);
      if (key == "time" || key == "finished" || key == "end_time") status.time = TimeValue(value);
      if (key == "message") status.message = SanitizeText(value);
    }
  }
  if (!success) return Status::InvalidArgument("backup status: no success/result value");
  status.success = *success;
  return status;
}

}  // namespace steward::agent
