#pragma once
// The shim's spdlog logger ("hyp"), writing to stderr so guest console output on stdout
// stays clean.
#include <memory>

namespace spdlog {
class logger;
}

namespace ppc64sim::hyp {

std::shared_ptr<spdlog::logger> logger();

} // namespace ppc64sim::hyp
