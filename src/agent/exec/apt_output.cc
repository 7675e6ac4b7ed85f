#include "agent/exec/apt_output.h"

#include <algorithm>
#include <charconv>

namespace steward::agent {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "foo:amd64" → "foo".
std::string BareName(std::string_view name) { return std::string(name.substr(0, name.find(':'))); }

// The package a line names after `prefix` ("Setting up foo (1.1) ..."), or "".
std::string NameAfter(std::string_view line, std::string_view prefix) {
  if (!line.starts_with(prefix)) return {};
  line.remove_prefix(prefix.size());
  size_t end = std::min(line.find(' '), line.size());
  if (end == 0) return {};
  return BareName(line.substr(0, end));
}

// The name inside the first pair of `quote`s after `marker`, or "".
std::string Quoted(std::string_view line, std::string_view marker) {
  size_t at = line.find(marker);
  if (at == std::string_view::npos) return {};
  line.remove_prefix(at + marker.size());
  size_t end = line.find('\'');
  if (end == std::string_view::npos) return {};
  return std::string(line.substr(0, end));
}

// "/var/cache/apt/archives/foo_1.1_all.deb" or ".../repo/./foo_1.1_all.deb" → "foo".
std::string NameOfArchive(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
  return BareName(path.substr(0, path.find('_')));
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '\n' && text[i] != '\r') continue;
    std::string_view line = Trim(text.substr(start, i - start));
    start = i + 1;
    // dpkg's database progress ("(Reading database ... 45%") overwrites itself.
    if (line.empty() || line.starts_with("(Reading database")) continue;
    lines.emplace_back(line);
  }
  return lines;
}

// " /etc/foo bar.conf 0123...ef obsolete": words are taken from the right,
// as dpkg does, so a path may hold spaces. False for a malformed line.
bool ParseConffileLine(std::string_view line, RecordedConffile& out) {
  line = Trim(line);
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  auto last_word = [&line]() -> std::string_view {
    size_t space = line.rfind(' ');
    if (space == std::string_view::npos) return {};
    std::string_view word = line.substr(space + 1);
    line = Trim(line.substr(0, space));
    return word;
  };
  std::string_view word = last_word();
  // Flags after the hash (dpkg 1.20: "remove-on-upgrade" too).
  while (word == "obsolete" || word == "remove-on-upgrade") {
    if (word == "obsolete") out.obsolete = true;
    word = last_word();
  }
  if (word.empty() || line.empty() || line.front() != '/') return false;
  out.md5 = std::string(word);
  out.path = std::string(line);
  return true;
}

}  // namespace

std::map<std::string, DpkgStatusEntry> ParseDpkgStatus(std::string_view text) {
  std::map<std::string, DpkgStatusEntry> out;
  std::string name;
  DpkgStatusEntry entry;
  bool has_status = false;
  bool in_conffiles = false;  // continuation lines belong to Conffiles
  auto flush = [&] {
    if (!name.empty() && has_status) out.emplace(name, entry);
    name.clear();
    entry = {};
    has_status = false;
    in_conffiles = false;
  };
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      flush();
      if (end == text.size()) break;
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') {  // a continuation line
      if (RecordedConffile c; in_conffiles && ParseConffileLine(line, c)) {
        entry.conffiles.push_back(std::move(c));
      }
      if (end == text.size()) break;
      continue;
    }
    size_t colon = line.find(':');
    in_conffiles = false;
    if (colon == std::string_view::npos) continue;
    std::string_view key = line.substr(0, colon);
    in_conffiles = key == "Conffiles";
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    value = Trim(value);
    if (key == "Package") {
      name = std::string(value);
    } else if (key == "Version") {
      entry.version = std::string(value);
    } else if (key == "Status") {
      // "install ok installed": want, error flag, state.
      size_t last = value.rfind(' ');
      entry.state = std::string(last == std::string_view::npos ? value : value.substr(last + 1));
      has_status = true;
    }
    if (end == text.size()) break;
  }
  flush();
  return out;
}

AptInstallLog ParseAptInstallLog(std::string_view text) {
  AptInstallLog log;
  log.lines = SplitLines(text);
  std::string current;       // the package dpkg is working on (its script's output follows)
  std::string error_block;   // the package of an open "dpkg: error processing" block
  std::string conffile;      // the last "Configuration file '...'" named
  bool errors_list = false;  // inside "Errors were encountered while processing:"
  for (const std::string& full : log.lines) {
    std::string_view line = full;
    // The conffile prompt reads EOF and dpkg's error follows on the same line:
    // "*** foo.conf (Y/I/N/O/D/Z) [default=N] ? dpkg: error processing ...".
    if (size_t at = line.find("dpkg: error processing "); at != std::string_view::npos && at > 0) {
      line.remove_prefix(at);
    }
    if (!line.starts_with(' ')) {
      error_block.clear();
      errors_list = false;
    }
    if (errors_list) continue;
    if (std::string name = NameAfter(line, "dpkg: error processing package "); !name.empty()) {
      log.dpkg_ran = true;
      error_block = name;
      auto& p = log.packages[name];
      p.dpkg_error = true;
      p.lines.push_back(full);
      continue;
    }
    if (line.starts_with("dpkg: error processing archive ")) {
      std::string_view rest =
          line.substr(std::string_view("dpkg: error processing archive ").size());
      error_block = NameOfArchive(rest.substr(0, rest.find(' ')));
      log.dpkg_ran = true;
      auto& p = log.packages[error_block];
      p.dpkg_error = true;
      p.lines.push_back(full);
      continue;
    }
    if (line.starts_with("dpkg: dependency problems prevent ")) {
      // "... prevent configuration of foo:" / "... prevent processing triggers for foo:"
      std::string_view rest = line.substr(0, line.size() - (line.ends_with(':') ? 1 : 0));
      size_t space = rest.rfind(' ');
      error_block = BareName(rest.substr(space + 1));
      auto& p = log.packages[error_block];
      p.dpkg_error = true;
      p.lines.push_back(full);
      continue;
    }
    if (!error_block.empty()) {
      auto& p = log.packages[error_block];
      p.lines.push_back(full);
      constexpr std::string_view kExit = "returned error exit status ";
      if (size_t at = line.find(kExit); at != std::string_view::npos) {
        std::string_view digits = line.substr(at + kExit.size());
        int status = 0;
        auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), status);
        if (ec == std::errc() && ptr != digits.data()) p.script_exit_status = status;
      }
      if (line.find("end of file on stdin at conffile prompt") != std::string_view::npos) {
        p.conffile_prompt = conffile.empty() ? "a configuration file" : conffile;
      }
      continue;
    }
    if (line.starts_with("Errors were encountered while processing:")) {
      errors_list = true;
      current.clear();
      continue;
    }
    if (line.starts_with("E: ")) {
      std::string name = NameAfter(line, "E: Unable to locate package ");
      if (name.empty()) name = Quoted(line, "' for '");
      if (name.empty() && line.find("has no installation candidate") != std::string_view::npos) {
        name = Quoted(line, "E: Package '");
      }
      if (!name.empty()) log.unavailable[BareName(name)] = full;
      current.clear();
      continue;
    }
    std::string name = NameAfter(line, "Unpacking ");
    if (name.empty()) name = NameAfter(line, "Setting up ");
    if (!name.empty()) {
      log.dpkg_ran = true;
      current = name;
    } else if (line.starts_with("Preparing to unpack ")) {
      log.dpkg_ran = true;
      std::string_view rest = line.substr(std::string_view("Preparing to unpack ").size());
      current = NameOfArchive(rest.substr(0, rest.find(' ')));
    } else if (line.starts_with("Configuration file '")) {
      conffile = Quoted(line, "Configuration file '");
    } else if (line.starts_with("Processing triggers for ") || line.starts_with("Selecting ")) {
      current.clear();
    }
    if (!current.empty()) log.packages[current].lines.push_back(full);
  }
  return log;
}

std::map<std::string, std::string> ParseAptPrintUris(std::string_view text) {
  std::map<std::string, std::string> out;
  for (const std::string& full : SplitLines(text)) {
    std::string_view line = full;
    if (!line.starts_with('\'')) continue;
    size_t close = line.find('\'', 1);
    if (close == std::string_view::npos || close + 1 >= line.size() || line[close + 1] != ' ') {
      continue;
    }
    std::string_view uri = line.substr(1, close - 1);
    std::string_view rest = line.substr(close + 2);
    std::string_view file = rest.substr(0, rest.find(' '));
    if (uri.empty() || file.empty()) continue;
    out[std::string(file)] = std::string(uri);
  }
  return out;
}

std::string LocalPathOfUri(std::string_view uri) {
  if (!uri.starts_with("file:")) return {};
  uri.remove_prefix(5);
  // "file:///srv/x" and "file://localhost/srv/x" are "file:/srv/x" too.
  if (uri.starts_with("//")) {
    uri.remove_prefix(2);
    size_t slash = uri.find('/');
    if (slash == std::string_view::npos) return {};
    uri.remove_prefix(slash);
  }
  if (!uri.starts_with('/')) return {};
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string path;
  for (size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && hex(uri[i + 1]) >= 0 && hex(uri[i + 2]) >= 0) {
      path += static_cast<char>(hex(uri[i + 1]) * 16 + hex(uri[i + 2]));
      i += 2;
    } else {
      path += uri[i];
    }
  }
  return path;
}

std::string TailLines(const std::vector<std::string>& lines, size_t max_lines, size_t max_bytes) {
  size_t first = lines.size() > max_lines ? lines.size() - max_lines : 0;
  std::string out;
  for (size_t i = lines.size(); i > first; --i) {
    const std::string& line = lines[i - 1];
    size_t need = line.size() + (out.empty() ? 0 : 1);
    if (out.size() + need > max_bytes) {
      if (out.empty()) out = line.substr(line.size() - std::min(line.size(), max_bytes));
      break;
    }
    out.insert(0, out.empty() ? line : line + "\n");
  }
  return out;
}

}  // namespace steward::agent
