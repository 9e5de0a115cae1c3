// Logging set-up (see log.h).
#include "ff/common/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace ff {

void setup_logging(int verbosity) {
  auto logger = spdlog::stderr_color_mt("ff");
  logger->set_pattern("%^%l%$: %v");
  logger->set_level(verbosity < 0 ? spdlog::level::warn
                    : verbosity > 0 ? spdlog::level::debug
                                    : spdlog::level::info);
  spdlog::set_default_logger(logger);
}

}  // namespace ff
