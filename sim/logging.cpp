#include "sim/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>

namespace ppc64sim::sim {

void setup_logging(const std::string& level) {
  // Plain (uncoloured) stderr sink: logs are often redirected into files by tests.
  auto logger = std::make_shared<spdlog::logger>(
      "ppc64sim", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_pattern("ppc64sim: [%l] %v");
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

} // namespace ppc64sim::sim
