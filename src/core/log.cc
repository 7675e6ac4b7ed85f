#include "core/log.h"

#include <spdlog/spdlog.h>

namespace steward {

void InitLogging() {
  // A magic static in our own (instrumented) code orders every later use
  // after the registry's construction.
  static spdlog::logger* const logger = spdlog::default_logger_raw();
  (void)logger;
}

void LogMessage(LogLevel level, std::string_view message) {
  InitLogging();
  switch (level) {
    case LogLevel::kDebug:
      spdlog::debug("{}", message);
      break;
    case LogLevel::kInfo:
      spdlog::info("{}", message);
      break;
    case LogLevel::kWarn:
      spdlog::warn("{}", message);
      break;
    case LogLevel::kError:
      spdlog::error("{}", message);
      break;
  }
}

void SetLogLevel(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      spdlog::set_level(spdlog::level::debug);
      break;
    case LogLevel::kInfo:
      spdlog::set_level(spdlog::level::info);
      break;
    case LogLevel::kWarn:
      spdlog::set_level(spdlog::level::warn);
      break;
    case LogLevel::kError:
      spdlog::set_level(spdlog::level::err);
      break;
  }
}

}  // namespace steward
