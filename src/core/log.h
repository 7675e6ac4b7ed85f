// Logging facade over spdlog so modules don't depend on it directly.
// Messages use fmt syntax: LogInfo("listening on {}", addr).
#pragma once

#include <string_view>

#include <fmt/format.h>

namespace steward {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// Creates the process-wide logger. Call before starting any thread: spdlog's
// registry is built lazily on first use, and a first use racing between
// threads is a data race that ThreadSanitizer reports (scripts/tsan).
// Idempotent; LogMessage calls it too.
void InitLogging();
void LogMessage(LogLevel level, std::string_view message);
void SetLogLevel(LogLevel level);

template <typename... Args>
void LogInfo(fmt::format_string<Args...> f, Args&&... args) {
  LogMessage(LogLevel::kInfo, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void LogWarn(fmt::format_string<Args...> f, Args&&... args) {
  LogMessage(LogLevel::kWarn, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void LogError(fmt::format_string<Args...> f, Args&&... args) {
  LogMessage(LogLevel::kError, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void LogDebug(fmt::format_string<Args...> f, Args&&... args) {
  LogMessage(LogLevel::kDebug, fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace steward
