#pragma once
// The board builder: instantiates and binds every model of a BoardConfig (RAM, router,
// cores x threads, hypervisor shim, vty) and runs it. Constructing a Board is SystemC
// elaboration, so a process builds at most one.
#include "board_config.h"
#include "board_tracing.h"
#include "models/cpu/watchpoints.h"
#include "platforms/debug_run.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ppc64sim::intc {
class Xics;
}
namespace ppc64sim::devices {
class IrqGenerator;
}

namespace ppc64sim::platform {

using ConsoleSink = std::function<void(std::string_view bytes)>;

enum class RunEnd {
  power_off,         // guest called RTAS power-off
  reboot,            // guest called RTAS system-reboot (not modelled: the run ends)
  instruction_limit, // max_instructions retired across all threads
  all_stopped,       // no thread can ever run again (all stopped/ceded with nothing to wake them)
  interrupted,       // Ctrl-C (SIGINT) seen by the run loop (board_tracing.h)
};

struct RunResult {
  RunEnd end = RunEnd::power_off;
  uint64_t instructions = 0;  // retired by all threads
  uint64_t simulated_ps = 0;  // simulated time at the end
};

class Board {
public:
  Board(const BoardConfig& config, ConsoleSink console);
  ~Board();
  Board(const Board&) = delete;
  Board& operator=(const Board&) = delete;

  const BoardConfig& config() const;

  // Writes guest physical memory (loader, device tree). Throws std::out_of_range naming the
  // address when [addr, addr+size) is not RAM.
  void write_memory(uint64_t addr, const uint8_t* data, uint64_t size);
  void read_memory(uint64_t addr, uint8_t* data, uint64_t size);

  // Starts the boot thread (server 0) at `entry` with r3 = `r3`, in the state QEMU pseries
  // gives firmware (MSR = 0: 32-bit, big-endian, real mode). Every other thread stays stopped.
  void set_boot_entry(uint64_t entry, uint64_t r3);

  // RTAS calls (name, token) and the ibm,hypertas-functions the shim implements, for the
  // device tree.
  std::vector<std::pair<std::string, uint32_t>> rtas_tokens() const;
  std::vector<std::string> hypertas_functions() const;

  // The interrupt fabric: the XicsOps hcall/RTAS/device operations and the state-access API
  // (get/set_source(s), get/set_icp) for tests, the monitor and checkpoints.
  intc::Xics& xics();
  // The interrupt generator, nullptr when irqgen.count is 0.
  devices::IrqGenerator* irq_generator();
  // Bytes typed on the console (vty input), delivered at the current simulated time (time 0
  // when called before run()); pulses the vty's source when its buffer was empty.
  void push_console_input(std::string_view bytes);

  // Trace/VCD/stats/progress outputs and the Ctrl-C flag (board_tracing.h). Call once,
  // before run(); opens the files now (throws std::runtime_error naming a bad path). run()
  // closes them with reason end, limit or interrupted.
  void enable_tracing(const TraceOptions& options);
  // --host-threads: run the cores' windows of a cycle-mode pass on `threads` host threads
  // (CoreScheduler::set_host_threads; the results are those of 1, the default). Call before
  // run(). Ignored in fast mode and on boards with one core or one thread.
  void set_host_threads(unsigned threads);
  // Instructions retired in the passes' parallel phases so far; passes that could have had a
  // parallel phase: with one, and run serially because that was faster on this host.
  uint64_t instructions_run_ahead() const;
  std::pair<uint64_t, uint64_t> passes_run_ahead() const;
  // Scheduler passes so far, those of them chained without the kernel (timing.chain-passes),
  // the visits of sleeping cores the passes left out, the passes in which a thread ran alone
  // and the stores it made straight into memory (timing.solo-stores), and the solo passes
  // that went on without their start's work, the long windows in which a lone thread ran on
  // through the passes that followed, and those passes, of which those the thread's steps
  // went on into without returning (timing.solo-passes).
  struct PassCounts {
    uint64_t passes = 0, chained = 0, skipped_visits = 0, solo = 0, direct_stores = 0, solo_continued = 0,
             long_windows = 0, folded = 0, in_steps = 0;
  };
  PassCounts pass_counts() const;

  // Runs until power-off, reboot, the instruction limit (0 = none) or a dead board.
  RunResult run(uint64_t max_instructions);

  // ---- Debugger run control (all-stop; platforms/board_debug.h). Everything except
  // debug_interrupt() is called between runs, from the thread that runs the kernel.
  // Runs (pausing the kernel, sc_pause) until a breakpoint, the end of a step, an
  // interrupt, until_cycle or the end of the run; every thread first steps over a breakpoint
  // it sits on. Once the run has ended, returns the end again at once.
  DebugStopInfo debug_resume(const DebugResume& request);
  void debug_interrupt(); // thread-safe; a call between runs stops the next one at once
  void set_instruction_limit(uint64_t max_instructions); // 0 = none
  RunResult run_result() const; // how the run ended, after debug_resume returned an end
  void add_breakpoint(uint64_t addr);
  void remove_breakpoint(uint64_t addr);
  // Data watchpoints on every thread (cpu::Iss::add_watchpoint): false for len 0 / no such one.
  bool add_watchpoint(cpu::WatchKind kind, uint64_t addr, uint64_t len);
  bool remove_watchpoint(cpu::WatchKind kind, uint64_t addr, uint64_t len);
  cpu::WatchHit watch_hit(uint32_t server) const; // after DebugStop::watchpoint of `server`
  void flush_decode_caches(); // after a debugger wrote guest code
  unsigned thread_count() const;
  cpu::ThreadState& thread_state(uint32_t server); // std::out_of_range for a bad server
  uint32_t core_of_server(uint32_t server) const;
  uint64_t cycles() const;       // simulated time in CPU cycles
  uint64_t instructions() const; // retired by all threads

  // ---- Checkpoints (platforms/CHECKPOINT.md, board_checkpoint.cpp). Both run between
  // runs, from the thread that runs the kernel, and throw CheckpointError
  // (platforms/checkpoint_file.h) with a one-line message naming the file.
  // save_checkpoint writes every thread, RAM (non-zero pages), XICS, in-flight fabric
  // messages, reservations, devices, hypervisor state, run counters and the scheduler's
  // bytes; the header records the current simulated time and cycle.
  void save_checkpoint(const std::string& path);
  // Call after construction, before run()/debug_resume(). Leaves the board as saved; the
  // first scheduler pass happens at the saved simulated time. A checkpoint of another
  // platform, format version or a corrupt file is refused before anything changes.
  struct RestoredCheckpoint {
    uint64_t simulated_ps = 0;     // simulated time when saved
    uint64_t cycle = 0;            // the same in core cycles
    std::string simulator_version; // of the simulator that saved it
  };
  RestoredCheckpoint restore_checkpoint(const std::string& path);
  // A checkpoint written during run()/debug_resume() at the first scheduler pass at or after
  // `cycle` at which the board is quiet (no core ahead of kernel time, no interrupt message
  // or device event due now): usually that very cycle. A file that cannot be written ends the
  // run; run() then throws CheckpointError.
  void request_checkpoint(uint64_t cycle, const std::string& path);
  // Told the cycle and the path of every checkpoint written during a run.
  void set_checkpoint_listener(std::function<void(uint64_t cycle, const std::string& path)> listener);
  // The monitor's `checkpoint FILE`: runs on to the next quiet pass (at most a few windows),
  // writes the file there and stops (DebugStop::checkpoint), or returns the stop that came
  // first. Throws CheckpointError when the file cannot be written.
  DebugStopInfo debug_checkpoint(const std::string& path);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace ppc64sim::platform
