#include "sim/run.h"

#include "platforms/board.h"
#include "platforms/checkpoint_file.h"
#include "sim/debug_session.h"
#include "sim/device_tree.h"
#include "sim/exit_status.h"
#include "sim/image_loader.h"
#include "sim/trace_options.h"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>

namespace ppc64sim::sim {
namespace {

void write_dtb(const std::string& path, const std::vector<uint8_t>& dtb) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out.write(reinterpret_cast<const char*>(dtb.data()), static_cast<std::streamsize>(dtb.size()));
  if (!out) throw UsageError("--dump-dtb: cannot write '" + path + "': " + std::strerror(errno));
  spdlog::info("device tree ({} bytes) written to {}", dtb.size(), path);
}

void log_config(const Options& o) {
  const platform::BoardConfig& c = o.board;
  spdlog::info("board '{}': {} cores x {} threads, {} MiB, clock {} Hz, timebase {} Hz, "
               "quantum {} ns (platform file: {})",
               c.name, c.cores, c.threads_per_core, c.memory_mib, c.cpu_clock_hz,
               c.timebase_hz, c.quantum_ns, o.platform_file.empty() ? "none" : o.platform_file);
  for (const auto& [key, s] : o.params) spdlog::debug("  {} = {} ({})", key, s.value, s.origin);
}

} // namespace

int run_simulation(const Options& o) {
  // The image is read and checked before the board exists: a bad image costs no elaboration.
  std::optional<LoadedImage> image;
  if (!o.firmware.empty() && !o.restore.empty())
    spdlog::warn("--restore: the firmware image {} is not loaded (memory comes from the checkpoint)", o.firmware);
  if (!o.firmware.empty() && o.restore.empty()) {
    image = load_image(o.firmware);
    check_image_fits(*image, o.firmware, o.board.memory_bytes(), o.board.fdt_address(),
                     fdt_max_size);
  }
  log_config(o);

  // The console goes out line by line even into a pipe (`| tee`, a harness), so a run that is
  // killed, or a guest that prints and then hangs, leaves every complete line it printed.
  platform::Board board(o.board, [](std::string_view bytes) {
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    if (bytes.find('\n') != std::string_view::npos) std::fflush(stdout);
  });

  DeviceTreeInputs dt_inputs{board.rtas_tokens(), board.hypertas_functions()};
  std::vector<uint8_t> dtb = build_device_tree(o.board, dt_inputs);
  if (!o.dump_dtb.empty()) write_dtb(o.dump_dtb, dtb);
  if (!image && o.restore.empty()) return exit_power_off;

  const uint64_t fdt_addr = o.board.fdt_address();
  if (image) {
    for (const ImageSegment& s : image->segments) {
      spdlog::debug("load {} bytes at {:#x}", s.bytes.size(), s.addr);
      board.write_memory(s.addr, s.bytes.data(), s.bytes.size());
    }
    board.write_memory(fdt_addr, dtb.data(), dtb.size());
    // xics-spec 4.5: the boot thread gets r3 = the device tree's address.
    board.set_boot_entry(image->entry, fdt_addr);
  } else {
    const platform::Board::RestoredCheckpoint r = board.restore_checkpoint(o.restore);
    spdlog::info("restored {} (saved by ppc64sim {}): continuing at cycle {}", o.restore,
                 r.simulator_version, r.cycle);
  }
  if (!o.console_input.empty()) board.push_console_input(o.console_input);
  for (const CheckpointAt& c : o.checkpoints) {
    // Refused before the run, not after hours of it.
    const std::string problem = platform::checkpoint_path_problem(c.path);
    if (!problem.empty()) throw UsageError("--checkpoint-at: " + problem);
    board.request_checkpoint(c.cycle, c.path);
  }
  board.set_checkpoint_listener([](uint64_t cycle, const std::string& path) {
    spdlog::info("checkpoint at cycle {} written to {}", cycle, path);
  });
  {
    platform::TraceOptions trace = o.trace;
    trace.header_config = trace_header_config(o);
    trace.stop_flag = &install_sigint_flag();
    try {
      board.enable_tracing(trace);
    } catch (const std::exception& e) { // an unwritable path or a bad --vcd-signals pattern
      throw UsageError(e.what());
    }
  }
  if (image)
    spdlog::info("boot: entry {:#x}, device tree at {:#x} ({} bytes)", image->entry, fdt_addr, dtb.size());

  board.set_host_threads(o.host_threads);
  auto start = std::chrono::steady_clock::now();
  platform::RunResult r =
      o.debug.any() ? run_debug_session(board, o) : board.run(o.max_instructions);
  double host_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fflush(stdout);
  spdlog::info("{} instructions, {} ps simulated, {:.3f} s host ({:.2f} MIPS)", r.instructions,
               r.simulated_ps, host_s, host_s > 0 ? r.instructions / host_s / 1e6 : 0.0);
  const platform::Board::PassCounts passes = board.pass_counts();
  spdlog::debug("scheduler: {} passes, {} of them chained without the SystemC kernel (timing.chain-passes); {} "
                "visits of sleeping cores left out; {} passes with a thread alone, {} stores straight to memory "
                "(timing.solo-stores), {} passes that went on with it without their start's work, {} long windows "
                "that ran it on through {} more passes, {} of them inside its steps (timing.solo-passes)",
                passes.passes, passes.chained, passes.skipped_visits, passes.solo, passes.direct_stores,
                passes.solo_continued, passes.long_windows, passes.folded, passes.in_steps);
  if (o.host_threads > 1) {
    const auto [parallel, serial] = board.passes_run_ahead();
    spdlog::info("host threads: {}; {} instructions ({:.1f}%) ran in the passes' parallel phases; {} passes "
                 "with a parallel phase, {} serial because that was faster on this host", o.host_threads,
                 board.instructions_run_ahead(),
                 r.instructions ? 100.0 * static_cast<double>(board.instructions_run_ahead()) / r.instructions : 0.0,
                 parallel, serial);
  }

  switch (r.end) {
  case platform::RunEnd::power_off: break;
  case platform::RunEnd::instruction_limit:
    std::fprintf(stderr, "ppc64sim: stopped: instruction limit %llu reached\n",
                 static_cast<unsigned long long>(o.max_instructions));
    break;
  case platform::RunEnd::all_stopped:
    std::fprintf(stderr, "ppc64sim: stopped: all threads stopped and nothing can wake them\n");
    break;
  case platform::RunEnd::reboot:
    std::fprintf(stderr, "ppc64sim: stopped: guest requested a reboot (not modelled)\n");
    break;
  case platform::RunEnd::interrupted:
    std::fprintf(stderr, "ppc64sim: stopped: interrupted (SIGINT)\n");
    break;
  }
  return exit_status_for(r.end);
}

} // namespace ppc64sim::sim
