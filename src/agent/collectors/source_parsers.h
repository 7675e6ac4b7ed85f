// Pure parsers for the optional sources' output: journalctl JSON lines,
// `systemctl show`, NUT's `upsc`, ClamAV log lines and backup status text.
// Everything here is machine output the agent forwards to the server, so
// strings are cut to sane lengths and made valid UTF-8.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace steward::agent {

// Longest text forwarded in a label (bytes, cut on a UTF-8 boundary).
constexpr size_t kMaxLabelBytes = 1024;

// Replaces invalid UTF-8 and control characters (except tab) with '?' and
// cuts to `max_bytes` without splitting a character.
std::string SanitizeText(std::string_view text, size_t max_bytes = kMaxLabelBytes);

struct JournalEntry {
  std::string cursor;
  int priority = 6;  // syslog severity 0 (emerg) .. 7 (debug)
  Timestamp time{};  // __REALTIME_TIMESTAMP
  std::string message;
  std::string unit;        // _SYSTEMD_UNIT, if any
  std::string identifier;  // SYSLOG_IDENTIFIER, if any
};

// One line of `journalctl --output=json`. MESSAGE may be a string or, for
// binary data, an array of byte values. InvalidArgument without __CURSOR.
Result<JournalEntry> ParseJournalLine(std::string_view line);

struct UnitState {
  std::string id;
  std::string load_state;
  std::string active_state;
  std::string sub_state;
};
// `systemctl show -p Id,LoadState,ActiveState,SubState u1 u2 ...`: blocks of
// KEY=value lines separated by blank lines, one block per unit.
std::vector<UnitState> ParseSystemctlShow(std::string_view text);
// 0 active, 1 on its way (activating, reloading, deactivating), 2 otherwise
// (inactive, failed, unknown unit).
int UnitSeverity(const UnitState& state);

// `upsc ups@host`: "key: value" lines.
std::map<std::string, std::string> ParseUpsc(std::string_view text);
// ups.status flags → 0 ok, 1 warning (on battery, replace battery, overload),
// 2 critical (low battery, forced shutdown).
int UpsSeverity(std::string_view status_flags);

struct Detection {
  std::string path;
  std::string signature;
};
// A clamd/clamscan/freshclam log line reporting a detection:
// "[date -> ]/path/file: Signature.Name(hash:size) FOUND".
std::optional<Detection> ParseClamavDetection(std::string_view line);

struct BackupStatus {
  bool success = false;
  std::optional<Timestamp> time;  // when the backup finished, if stated
  std::string message;
};
// A backup status file or command output, either JSON
// {"success":true,"time":"2026-11-22T03:00:00Z","message":"..."} or KEY=value
// lines: result=success|ok|failure|failed|error (or success=1/0/true/false),
// time=<ISO 8601 or seconds since the epoch>, message=<text>.
// InvalidArgument when no result can be read.
Result<BackupStatus> ParseBackupStatus(std::string_view text);

}  // namespace steward::agent
