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

// An InsnTiming in the form the per-instruction path reads fastest: the resources it reads and
// writes as short index lists instead of bit masks (a fixed number of loads and stores, no
// loop), and whether it is "plain" (no data access, branch, update or serialisation: an ALU,
// CR or SPR operation, which needs nothing beyond the scoreboard and the issue slot). The lists
// are padded with two scoreboard slots no instruction names: one never written (ready at 0)
// for reads, one scratch slot for writes. Derive it once per predecoded instruction with
// prepare(); both retire() forms account identically (tests/unit/timing/
// prepared_timing_test.cpp compares them on random streams).
struct PreparedTiming {
  static constexpr unsigned kListed = 3;                   // more reads or writes: the masks
  static constexpr uint8_t kReadPad = kResourceCount;      // never written: ready at 0
  static constexpr uint8_t kWritePad = kResourceCount + 1; // written, never read
  InsnTiming desc;
  std::array<uint8_t, kListed> reads{{kReadPad, kReadPad, kReadPad}}; // ascending
  std::array<uint8_t, kListed> writes{{kWritePad, kWritePad, kWritePad}};
  bool listed = true; // false: more than kListed reads or writes
  bool plain = false; // listed, and not a load, store, branch, update form or system class
};
PreparedTiming prepare(const InsnTiming& d);

class CoreTiming {
public:
  // One thread's state. Public only so that the ISS can name a thread once per step
  // (thread()) instead of by index on every instruction; its fields are this class's.
  struct Thread {
    uint64_t floor = 0;      // earliest cycle the next instruction may issue
    uint64_t after_last = 0; // last issue cycle + 1 (0 before the first)
    uint64_t fetch_line = ~0ull;
    // Per resource, plus PreparedTiming's two pads (not part of the checkpoint).
    std::array<uint64_t, kResourceCount + 2> score{};
    uint64_t history = 0;                           // gshare global history
    std::vector<uint64_t> link_stack;
    uint32_t link_top = 0, link_count = 0;
    TimingStats stats;

    uint64_t cycle() const { return floor > after_last ? floor : after_last; } // cycle(t)
  };

  // `params` must have passed validate(); `l2` is the board's and outlives this core, which
  // is core `core` of it (its view of the L2, SharedL2).
  CoreTiming(const TimingParams& params, SharedL2& l2, unsigned threads, unsigned core = 0);

  // Accounts one executed instruction of thread `t`: fetch, operand wait, issue slot, result
  // latency, cache and branch effects. `d` = describe(word, decode_lookup(word)).
  void retire(unsigned t, const InsnTiming& d, const ExecFacts& f);
  // The same accounting from a prepared description: the ISS's per-instruction path, inline,
  // with the rare parts (new fetch line, cache misses, branches, lines crossed, a full issue
  // cycle) out of line. The form above stays the straightforward reference it is tested
  // against. Returns cycle(t) after the instruction.
  inline uint64_t retire(unsigned t, const PreparedTiming& p, const ExecFacts& f) {
    return retire(threads_[t], p, f);
  }
  // The same with the thread already resolved: thread(t), valid until load() replaces the
  // threads (the ISS resolves it at the start of every step).
  Thread& thread(unsigned t) { return threads_[t]; }
  inline uint64_t retire(Thread& th, const PreparedTiming& p, const ExecFacts& f) {
    return retire(th, p, f, f.pc >> l1i_.line_shift());
  }
  // The same with f.pc's L1I line (f.pc >> l1i_line_shift()) known already: the ISS keeps it
  // with the predecoded instruction.
  inline uint64_t retire(Thread& th, const PreparedTiming& p, const ExecFacts& f, uint64_t line);
  unsigned l1i_line_shift() const { return l1i_.line_shift(); }

  // A fixed cost (exception entry, rfid, hcall, RTAS): the thread's next instruction issues
  // `cycles` after its current cycle. The first form charges the configured cost.
  void charge(unsigned t, Charge kind);
  void charge_cycles(unsigned t, Charge kind, uint64_t cycles);
  // A sleeping thread (cede, stop, waiting for start-cpu) resumes at `cycle`; the skipped
  // cycles count as idle. No effect when the thread is already past it.
  void idle_until(unsigned t, uint64_t cycle);

  // The thread's simulated time: the cycle after its last issue, or later when a penalty,
  // charge or idle period has pushed its next issue further.
  uint64_t cycle(unsigned t) const { return threads_[t].cycle(); }
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
  // Scoreboard word of a resource: the cycle its value is ready, and the Stall charged for
  // waiting on it (its producer's kind) in the low bits. One word per resource keeps an
  // operand check to one load; the larger word is the later cycle. (Cycles stay below 2^61.)
  static constexpr unsigned kCauseBits = 3;
  static constexpr uint64_t score_of(uint64_t ready, Stall cause) {
    return (ready << kCauseBits) | static_cast<uint64_t>(cause);
  }
  static constexpr uint64_t ready_of(uint64_t score) { return score >> kCauseBits; }
  static constexpr Stall cause_of(uint64_t score) {
    return static_cast<Stall>(score & ((1u << kCauseBits) - 1));
  }

  uint64_t reserve_slot(uint64_t cycle);
  void find_latest_issue();
  uint64_t new_fetch_line(Thread& th, uint64_t pc, uint64_t line);
  uint64_t wait_for_operands(Thread& th, uint64_t reads, uint64_t s);
  uint64_t full_issue_cycle(TimingStats& st, uint64_t s);
  uint32_t l1d_load_miss(uint64_t ea, Thread& th);
  inline void l1d_store_miss(uint64_t ea, Thread& th);
  bool mispredicted_call(Thread& th, const InsnTiming& d, uint64_t pc, bool taken,
                         uint64_t target);
  inline uint64_t retire_rest(Thread& th, const PreparedTiming& p, const ExecFacts& f,
                              uint64_t s);
  uint32_t load_latency(uint64_t ea, uint32_t size, Thread& th);
  void store_access(uint64_t ea, uint32_t size, Thread& th);
  // The L2 (or memory) for thread `th`, at its cycle before the instruction (the instruction's
  // own updates of floor and after_last come last in retire).
  uint32_t l2_fill(const Thread& th, uint64_t addr, TimingStats& st) {
    bool hit;
    const uint32_t lat = l2_.fill(core_, th.cycle(), addr, hit);
    ++(hit ? st.l2_hits : st.l2_misses);
    return lat;
  }
  bool mispredicted(Thread& th, const InsnTiming& d, const ExecFacts& f);
  void save_thread(ByteWriter& w, const Thread& th) const;
  void load_thread(ByteReader& r, Thread& th) const;

  TimingParams params_;
  SharedL2& l2_;
  unsigned core_;
  std::vector<Thread> threads_;
  // Issue-slot ring: entry (cycle & mask) = cycle << 8 | slots used in that cycle.
  std::vector<uint64_t> slots_;
  uint64_t slot_mask_;
  // More than one thread: a thread can issue behind the latest cycle, so the ring must hold
  // every earlier cycle's count. With one thread every issue is at or after the latest
  // (in-order issue), and the ring is read only past it, where every entry is stale.
  bool slots_shared_;
  // The latest cycle any thread of the core issued in and its slots used, kept so that the
  // common case, issuing at or after it, needs no ring read (every entry of a later cycle is
  // stale). Its ring entry may lag behind these two (the prepared retire() does not write it
  // per instruction): ring_entry() is the entry as it stands, and reserve_slot() brings the
  // ring up to date before reading it.
  uint64_t latest_issue_ = 0;
  uint64_t latest_used_ = 0;
  uint64_t ring_entry(std::size_t i) const {
    return i == (latest_issue_ & slot_mask_) ? (latest_issue_ << 8) | latest_used_ : slots_[i];
  }
  std::vector<uint8_t> counters_;     // 2-bit branch counters, shared by the threads
  std::vector<uint64_t> ctr_targets_; // last bcctr target per entry
  TagCache l1i_, l1d_;
};

// Mirrors retire(t, InsnTiming, f) step by step (core_timing.cpp); only the form differs.
inline uint64_t CoreTiming::retire(Thread& th, const PreparedTiming& p, const ExecFacts& f,
                                   uint64_t line) {
  TimingStats& st = th.stats;
  uint64_t s = th.floor;

  if (__builtin_expect(line != th.fetch_line, 0)) s += new_fetch_line(th, f.pc, line);

  // Operands: wait for the latest. The general path charges the wait to the first operand (in
  // resource order) that is ready last; the lists are in that order.
  if (__builtin_expect(p.listed, 1)) {
    const uint64_t a = th.score[p.reads[0]], b = th.score[p.reads[1]], c = th.score[p.reads[2]];
    const uint64_t ab = a > b ? a : b;
    const uint64_t need = ready_of(ab > c ? ab : c);
    if (need > s) {
      const uint64_t first = ready_of(a) == need ? a : ready_of(b) == need ? b : c;
      st.stall[static_cast<std::size_t>(cause_of(first))] += need - s;
      s = need;
    }
  } else {
    s = wait_for_operands(th, p.desc.reads, s);
  }

  // Issue slot. At or after the core's latest issue cycle the ring need not be read, and the
  // latest cycle's entry is written only when a later cycle takes over (see latest_used_),
  // and only where another thread can issue behind it (slots_shared_).
  if (s > latest_issue_) {
    if (slots_shared_) slots_[latest_issue_ & slot_mask_] = (latest_issue_ << 8) | latest_used_;
    latest_issue_ = s;
    latest_used_ = 1;
  } else if (s == latest_issue_ && latest_used_ < params_.issue_width) {
    ++latest_used_;
  } else {
    s = full_issue_cycle(st, s);
  }

  if (__builtin_expect(p.plain && f.size == 0, 1)) {
    const uint64_t w = score_of(s + params_.latency_of(p.desc.cls), Stall::dependency);
    th.score[p.writes[0]] = w;
    th.score[p.writes[1]] = w;
    th.score[p.writes[2]] = w;
    th.floor = s;
    th.after_last = s + 1;
    ++st.instructions;
    return s + 1;
  }
  return retire_rest(th, p, f, s);
}

// A one-line store that missed the (store-through, no-allocate) L1D goes on to the L2, asked
// for the L1D line's first byte as store_access() does. Inline: stores streaming through a
// line miss on every one.
inline void CoreTiming::l1d_store_miss(uint64_t ea, Thread& th) {
  ++th.stats.l1d_misses;
  const unsigned shift = l1d_.line_shift();
  l2_fill(th, (ea >> shift) << shift, th.stats);
}

// Everything after the issue slot for the instructions that are not plain.
inline uint64_t CoreTiming::retire_rest(Thread& th, const PreparedTiming& p, const ExecFacts& f,
                                        uint64_t s) {
  const InsnTiming& d = p.desc;
  TimingStats& st = th.stats;
  uint64_t latency = params_.latency_of(d.cls);
  const Stall producer = d.cls == Timing::load ? Stall::load_use : Stall::dependency;
  uint64_t next = s;
  if (f.size != 0) {
    const bool one_line = ((f.ea ^ (f.ea + f.size - 1)) >> l1d_.line_shift()) == 0;
    if (f.device) {
      ++st.device_accesses;
      latency = params_.device_latency;
      next = s + latency;
      st.stall[static_cast<std::size_t>(Stall::device)] += latency - 1;
    } else if (d.cls == Timing::load) {
      if (!one_line) {
        latency = load_latency(f.ea, f.size, th);
      } else if (l1d_.access(f.ea, true)) {
        ++st.l1d_hits;
        latency = params_.l1d.hit_latency;
      } else {
        latency = l1d_load_miss(f.ea, th);
      }
    } else {
      if (!one_line) store_access(f.ea, f.size, th);
      else if (l1d_.access(f.ea, false)) ++st.l1d_hits;
      else l1d_store_miss(f.ea, th);
    }
  }
  const uint64_t w = score_of(s + latency, producer);
  if (__builtin_expect(p.listed, 1)) {
    th.score[p.writes[0]] = w;
    th.score[p.writes[1]] = w;
    th.score[p.writes[2]] = w;
  } else {
    for (uint64_t m = d.writes; m != 0; m &= m - 1) th.score[__builtin_ctzll(m)] = w;
  }
  if (d.update_gpr != kNoUpdate)
    th.score[d.update_gpr] = score_of(s + params_.latency_of(Timing::alu), Stall::dependency);

  if (d.branch & kIsBranch) {
    ++st.branches;
    // Inline: direct branches that neither link nor depend on a predictor, and conditional
    // ones under the bimodal predictor (its counter update as mispredicted() does it).
    bool wrong = false;
    if ((d.branch & (kToLr | kToCtr | kLinks)) ||
        ((d.branch & kConditional) && params_.predictor != PredictorKind::bimodal)) {
      wrong = mispredicted_call(th, d, f.pc, f.taken, f.target);
    } else if (d.branch & kConditional) {
      uint8_t& counter = counters_[(f.pc >> 2) & (params_.predictor_entries - 1)];
      wrong = (counter >= 2) != f.taken;
      if (f.taken && counter < 3) ++counter;
      if (!f.taken && counter > 0) --counter;
    }
    if (wrong) {
      ++st.mispredicts;
      next = s + params_.mispredict_penalty;
      st.stall[static_cast<std::size_t>(Stall::mispredict)] += params_.mispredict_penalty - 1;
    } else if (f.taken) {
      next = s + 1;
    }
  } else if (d.cls == Timing::system) {
    next = s + latency;
    st.stall[static_cast<std::size_t>(Stall::serialize)] += latency - 1;
  }

  th.floor = next;
  th.after_last = s + 1;
  ++st.instructions;
  return next > s + 1 ? next : s + 1;
}

} // namespace ppc64sim::cpu::timing
