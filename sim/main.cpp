// ppc64sim: command line -> board config -> image -> board -> device tree -> run.
// Never crashes: every exception ends in one "ppc64sim: error:" line and an exit status
// (exit_status.h).
#include "sim/exit_status.h"
#include "sim/logging.h"
#include "sim/options.h"
#include "sim/run.h"
#include "sim/systemc_reports.h"
#include "sim/version.h"

#include "platforms/checkpoint_file.h"
#include "platforms/platform_config.h"
#include "sim/device_tree.h"
#include "sim/image_loader.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>

#ifndef PPC64SIM_PLATFORM_DIR
#define PPC64SIM_PLATFORM_DIR "platforms"
#endif

namespace {

int fail(int status, const char* kind, const char* message) {
  std::fflush(stdout);
  std::fprintf(stderr, "ppc64sim: %s: %s\n", kind, message);
  return status;
}

} // namespace

int main(int argc, char** argv) {
  // Before any SystemC object exists: the kernel reads it once (pitfalls.md #2).
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "DISABLE", 1);
  using namespace ppc64sim::sim;
  try {
    auto dirs = platform_search_dirs(std::getenv("PPC64SIM_PLATFORM_PATH"), PPC64SIM_PLATFORM_DIR);
    Options options = parse_options(argc, argv, dirs);
    if (options.help) {
      std::cout << help_text() << std::flush;
      return exit_power_off;
    }
    if (options.version) {
      std::cout << "ppc64sim " << PPC64SIM_VERSION << "\n" << std::flush;
      return exit_power_off;
    }
    if (options.help_platform) {
      std::cout << ppc64sim::platform::parameters_help() << std::flush;
      return exit_power_off;
    }
    setup_logging(options.log_level);
    route_systemc_reports_to_log();
    int status = run_simulation(options);
    std::fflush(stdout);
    return status;
  } catch (const UsageError& e) {
    return fail(exit_usage, "error", e.what());
  } catch (const ppc64sim::platform::ConfigError& e) {
    return fail(exit_usage, "error", e.what());
  } catch (const ImageError& e) {
    return fail(exit_usage, "error", e.what());
  } catch (const DeviceTreeError& e) {
    return fail(exit_usage, "error", e.what());
  } catch (const ppc64sim::platform::CheckpointError& e) { // a bad --restore file, an unwritable --checkpoint-at
    return fail(exit_usage, "error", e.what());
  } catch (const std::exception& e) {
    return fail(exit_internal, "internal error", e.what());
  } catch (...) {
    return fail(exit_internal, "internal error", "unknown exception");
  }
}
