#include "models/hyp/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace ppc64sim::hyp {

std::shared_ptr<spdlog::logger> logger() {
  static const std::shared_ptr<spdlog::logger> instance = [] {
    // sim/ may already have created it with its own sinks and level.
    if (auto existing = spdlog::get("hyp")) return existing;
    return spdlog::stderr_color_mt("hyp");
  }();
  return instance;
}

} // namespace ppc64sim::hyp
