#include "sim/systemc_reports.h"

#include <spdlog/spdlog.h>
#include <systemc>

namespace ppc64sim::sim {
namespace {

void handler(const sc_core::sc_report& rep, const sc_core::sc_actions& actions) {
  using namespace sc_core;
  if (actions & SC_DISPLAY) {
    spdlog::level::level_enum level = spdlog::level::info;
    switch (rep.get_severity()) {
    case SC_INFO: level = spdlog::level::debug; break;
    case SC_WARNING: level = spdlog::level::warn; break;
    default: level = spdlog::level::err; break;
    }
    spdlog::log(level, "systemc: {}", sc_report_compose_message(rep));
  }
  // Keep the stock behaviour (stop, abort, throw) minus its printing.
  sc_report_handler::default_handler(rep, actions & ~(SC_DISPLAY | SC_LOG));
}

} // namespace

void route_systemc_reports_to_log() { sc_core::sc_report_handler::set_handler(handler); }

} // namespace ppc64sim::sim
