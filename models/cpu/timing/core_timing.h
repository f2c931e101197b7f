#pragma once
// The timing of one core: its SMT threads' in-order issue, register scoreboards, the issue
// slots they share, the branch predictor, L1I and L1D, and the board's shared L2 behind them.
// The ISS calls retire() once per executed instruction (in program order per thread, threads
// in any interleaving) and charge()/idle_until() for costs that are not instructions; each
// thread's cycle() is its simulated time. README.md in this folder states every rule.
#include "models/cpu/timing/insn_timing.h"
#include "models/cpu/timing/tag_cache.h"
#include "models/cpu/timing/timing_params.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ppc64sim::cpu::timing {

// Why a thread's next issue was later than it could have been (cycles per cause).
enum class Stall : uint8_t {
  fetch,       // I-cache miss on a new fetch line
  load_use,    // an operand produced by a load was not ready
  dependency,  // an operand produced by any other instruction was not ready
  issue_slots, // the core's issue width was used up by this or other threads
  mispredict,  // refetch after a mispredicted branch
  device,      // waiting for a device (MMIO) access, which blocks the thread
  serialize,   // after a system-class instruction (sync, isync, mtmsr, sc, ...)
};
inline constexpr std::size_t kStallCount = 7;
const char* stall_name(Stall s);

// Costs that are not instructions, charged by the ISS.
enum class Charge : uint8_t { exception, rfid, hcall, rtas };
inline constexpr std::size_t kChargeCount = 4;
const char* charge_name(Charge c);

struct TimingStats {
  uint64_t cycles = 0;       // thread: its cycle(); core: the largest of its threads'
  uint64_t instructions = 0;
  std::array<uint64_t, kStallCount> stall{};
  uint64_t idle_cycles = 0;  // skipped by idle_until (ceded, stopped, waiting)
  std::array<uint64_t, kChargeCount> charged_cycles{};
  std::array<uint64_t, kChargeCount> charges{};
  uint64_t l1i_hits = 0, l1i_misses = 0;
  uint64_t l1d_hits = 0, l1d_misses = 0;
  uint64_t l2_hits = 0, l2_misses = 0; // this thread's / core's requests to the shared L2
  uint64_t device_accesses = 0;
  uint64_t branches = 0, mispredicts = 0;

  void add(const TimingStats& o); // sums every counter; cycles = max
};

class CoreTiming {
public:
  // `params` must have passed validate(); `l2` is the board's and outlives this core.
  CoreTiming(const TimingParams& params, SharedL2& l2, unsigned threads);

  // Accounts one executed instruction of thread `t`: fetch, operand wait, issue slot, result
  // latency, cache and branch effects. `d` = describe(word, decode_lookup(word)).
  void retire(unsigned t, const InsnTiming& d, const ExecFacts& f);

  // A fixed cost (exception entry, rfid, hcall, RTAS): the thread's next instruction issues
  // `cycles` after its current cycle. The first form charges the configured cost.
  void charge(unsigned t, Charge kind);
  void charge_cycles(unsigned t, Charge kind, uint64_t cycles);
  // A sleeping thread (cede, stop, waiting for start-cpu) resumes at `cycle`; the skipped
  // cycles count as idle. No effect when the thread is already past it.
  void idle_until(unsigned t, uint64_t cycle);

  // The thread's simulated time: the cycle after its last issue, or later when a penalty,
  // charge or idle period has pushed its next issue further.
  uint64_t cycle(unsigned t) const {
    const Thread& th = threads_[t];
    return th.floor > th.after_last ? th.floor : th.after_last;
  }
  unsigned threads() const { return static_cast<unsigned>(threads_.size()); }
  const TimingParams& params() const { return params_; }

  TimingStats thread_stats(unsigned t) const;
  TimingStats core_stats() const;

  // Checkpoint of everything above (not the params, not the shared L2: save that once per
  // board). load() checks the geometry against this core's params and returns "" or an error
  // naming the problem; on error the state is unchanged.
  std::vector<uint8_t> save() const;
  std::string load(const uint8_t* data, std::size_t size);
  std::string load(const std::vector<uint8_t>& bytes) { return load(bytes.data(), bytes.size()); }

private:
  struct Thread {
    uint64_t floor = 0;      // earliest cycle the next instruction may issue
    uint64_t after_last = 0; // last issue cycle + 1 (0 before the first)
    uint64_t fetch_line = ~0ull;
    std::array<uint64_t, kResourceCount> ready{};
    std::array<uint8_t, kResourceCount> producer{}; // Stall cause charged for waiting on it
    uint64_t history = 0;                           // gshare global history
    std::vector<uint64_t> link_stack;
    uint32_t link_top = 0, link_count = 0;
    TimingStats stats;
  };

  uint64_t reserve_slot(uint64_t cycle);
  uint32_t load_latency(uint64_t ea, uint32_t size, TimingStats& st);
  void store_access(uint64_t ea, uint32_t size, TimingStats& st);
  bool mispredicted(Thread& th, const InsnTiming& d, const ExecFacts& f);
  void save_thread(ByteWriter& w, const Thread& th) const;
  void load_thread(ByteReader& r, Thread& th) const;

  TimingParams params_;
  SharedL2& l2_;
  std::vector<Thread> threads_;
  // Issue-slot ring: entry (cycle & mask) = cycle << 8 | slots used in that cycle.
  std::vector<uint64_t> slots_;
  uint64_t slot_mask_;
  std::vector<uint8_t> counters_;     // 2-bit branch counters, shared by the threads
  std::vector<uint64_t> ctr_targets_; // last bcctr target per entry
  TagCache l1i_, l1d_;
};

} // namespace ppc64sim::cpu::timing
