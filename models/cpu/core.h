#pragma once
// Private execution context of one thread: the architected state plus the derived mode bits,
// the direct-memory window and the inline memory/CR/XER helpers every handler uses.
// Not part of the public interface (iss.h); only the ISS sources include it.
#include "models/cpu/code_watch.h"
#include "models/cpu/guest_memory.h"
#include "models/cpu/hypervisor_interface.h"
#include "models/cpu/iss.h"
#include "models/cpu/iss_observer.h"
#include "models/cpu/reservation_monitor.h"
#include "models/cpu/store_queue.h"
#include "models/cpu/thread_state.h"
#include "models/cpu/timebase_clock.h"
#include "models/cpu/watchpoints.h"

#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

namespace ppc64sim::cpu {

// 128-bit host integers for carries and high products (__extension__ keeps -Wpedantic quiet).
__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 s128;

namespace timing { class CoreTiming; }

struct Core;
struct Insn;
using Handler = void (*)(Core&, const Insn&);

// One predecoded instruction. `word` is the instruction as fetched (after MSR[LE] byte
// order). Staleness is checked per page, not per fetch (see iss.cpp).
struct Insn {
  // Where the fast dispatch loop (iss.cpp) jumps for this entry: its handler's label, or the
  // loop's own labels for entries not decoded yet and for breakpoints. The handler itself is
  // handler_of(*this) (handlers.h). Keeping Insn at 32 bytes lets the loop find an entry's
  // address from its position in its page with one shift.
  const void* label = nullptr;
  uint32_t word = 0;
  // aux: SH for rotates / shifts; the run length on the first entry of a fused ld/std run
  uint8_t rt = 0, ra = 0, rb = 0, aux = 0;
  // Set for branch/system rows (timing class), the only handlers that may write Core::nia;
  // the fetch loop advances the PC in a register for everything else.
  bool redirects = false;
  uint16_t op = 0;                         // OpIndex of fn (handlers.h)
  // Fast loop only: for a relative b/bc whose target lies in the same 4 KiB page, the
  // distance in bytes from this entry to the target's entry, so a taken branch steps the
  // entry pointer without a page look-up; kFarTarget otherwise. On the first entry of a fused
  // ld/std run, the run's displacement range instead (AccessRun, iss.cpp). Fills the padding
  // before imm.
  static constexpr int32_t kFarTarget = INT32_MIN;
  int32_t page_jump = kFarTarget;
  uint64_t imm = 0;                        // form-specific immediate or rotate mask
};
static_assert(sizeof(Insn) == 32, "the fast loop finds an entry's address from its position");

// Thrown after an interrupt has been set up (SRR0/SRR1/MSR/PC written): unwinds out of the
// handler that faulted, possibly deep inside a memory helper. Interrupts are rare, so the
// zero-cost-on-the-fast-path exception model suits them.
struct InterruptTaken {};
// Thrown by a load or store that matches a debugger watchpoint, before the access: the
// dispatch loop leaves step() with the thread at the instruction (StopReason::watchpoint).
struct WatchpointTrap {};

// ISA bit numbering helpers (bit 0 = MSB of the 64-bit register).
constexpr uint64_t isa_bit(int b) { return 1ull << (63 - b); }
constexpr uint64_t isa_bits(int first, int last) {
  uint64_t m = 0;
  for (int b = first; b <= last; ++b) m |= isa_bit(b);
  return m;
}
// MASK(mb, me) of the ISA (Book I 3.3.14), wrapping when mb > me.
constexpr uint64_t rot_mask(unsigned mb, unsigned me) {
  uint64_t a = ~0ull >> mb;
  uint64_t b = ~0ull << (63 - me);
  return mb <= me ? (a & b) : (a | b);
}

namespace events {
inline constexpr uint32_t stop = 1;  // leave step() after this instruction
inline constexpr uint32_t flush = 2; // drop the predecode cache (MSR[LE] changed)
// An asynchronous interrupt may be deliverable: checked at the next instruction boundary,
// and only then (architecture habit: interrupts checked only when something is pending).
inline constexpr uint32_t interrupt = 4;
// Predecoded code is stale: this thread stored into a block holding predecoded code. Its pages
// are re-checked against memory before they are fetched from again (and, with the board's
// CodeWatch, every other thread's at its next step or isync).
inline constexpr uint32_t revalidate = 8;
// Core::watch_skip_pc is armed: disarmed once the first instruction of a step() has run.
inline constexpr uint32_t watch_skip = 16;
// isync or icbi (Book II 1.8): code other threads wrote must be seen from the next
// instruction. With the board's CodeWatch only when some code block was written since this
// thread last compared; without it, always.
inline constexpr uint32_t fetch_sync = 32;
} // namespace events

struct Core {
  Core(ThreadState& s, GuestMemory& m, HypervisorInterface& h, ReservationMonitor& r)
      : st(s), mem(m), hyp(h), resv(r) {}

  ThreadState& st;
  GuestMemory& mem;
  HypervisorInterface& hyp;
  ReservationMonitor& resv;
  std::function<uint64_t()> timebase;
  IssObserver* observer = nullptr; // tracing; null when off

  // Derived from MSR by msr_changed(), last from msr_derived.
  uint64_t msr_derived = 0;
  bool sf = false;
  bool le = false;
  bool le_decoded = false; // byte order the predecode cache was built for
  uint64_t ea_mask = 0xffffffffull;

  DirectRegion dmi;
  // The window loads and stores use directly: `dmi`, or empty while watchpoints are set so
  // that every data access reaches slow_read/slow_write, where they are checked (fetch keeps
  // using `dmi`). span[k] counts the offsets from `base` at which an access of 2^k bytes
  // lies wholly inside (0: none), so the direct path tests one comparison.
  struct DataWindow {
    uint64_t base = 0;
    uint64_t size = 0;
    uint8_t* host = nullptr;
    uint64_t span[4] = {};
    static DataWindow of(const DirectRegion& d) {
      DataWindow w;
      w.base = d.base;
      w.size = d.size;
      w.host = d.host;
      for (unsigned k = 0; k < 4; ++k) w.span[k] = d.size >= (1u << k) ? d.size - (1u << k) + 1 : 0;
      return w;
    }
    template <typename T> bool holds(uint64_t off) const {
      static_assert(sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8);
      return off < span[__builtin_ctz(sizeof(T))];
    }
  };
  DataWindow data_window;
  WatchList watches;
  WatchHit watch_hit;
  uint64_t watch_skip_pc = ~0ull; // its accesses are not checked (resuming after a hit)
  void set_direct_region(const DirectRegion& d) {
    dmi = d;
    data_window = DataWindow::of(watches.empty() && !sq ? d : DirectRegion{});
    set_queue_spans();
  }
  // With a store queue: the RAM size load_slow's and store_queued's short paths test, or 0 to
  // send every access the long way: stores while restricted (they are staged, in slow_write),
  // loads while something is staged (slow_read applies it). Kept apart from `dmi` so that the
  // short paths pay nothing for it.
  uint64_t queue_load_span = 0, queue_store_span = 0;
  // The same for store_slow's direct stores of a lone thread (`alone`, no watchpoint, not
  // restricted): one compare there decides all three.
  uint64_t solo_store_span = 0;
  void set_queue_spans() {
    queue_load_span = staged.empty() ? dmi.size : 0;
    queue_store_span = restricted ? 0 : dmi.size;
    solo_store_span = alone && !restricted && watches.empty() ? dmi.size : 0;
  }
  // Cycle mode on a board with more than one thread: RAM stores go through the board's
  // store queue (store_queue.h), so every RAM access takes the slow path (data_window is
  // empty), where the queue is consulted. Null otherwise: the direct path is unchanged.
  StoreQueue* sq = nullptr;
  timing::CoreTiming* timing = nullptr; // cycle mode: the thread's cycle for the queue
  unsigned timing_thread = 0;
  uint64_t now_cycle() const; // timing->cycle(timing_thread)
  // The same, inline where core_cycle.h is included (the store path in iss.cpp).
  template <typename = void> uint64_t now_cycle_inline() const;
  // The scheduler allowed the next stcx. to run (it stops before one until then: see
  // StopReason::stcx_order).
  uint64_t stcx_go_pc = ~0ull;
  bool stcx_always_stops = false; // also without a reservation (Iss::set_store_queue)
  // timing.solo-stores: the thread runs alone on the board for this pass (CoreScheduler), so
  // its plain RAM stores go straight into memory (StoreQueue::note_direct) until it does
  // something another thread could see sooner than a store: an hcall or a device access,
  // which end it for the rest of the pass. A store into a block with code, or near a pending
  // store, still takes the queue (instruction fetch and coherence order stay the queue's).
  bool alone = false;
  void set_alone(bool on) {
    alone = on && sq != nullptr;
    set_queue_spans();
  }
  // --host-threads (core_scheduler.h): the thread runs ahead of the board on a worker host
  // thread, where nothing shared may change. Its RAM stores are then kept here (`staged`, in
  // program order) instead of going into the board's queue, and publish_staged() hands them
  // to the queue later, on the kernel's thread, exactly as the store path would have: same
  // thread, cycles and order, so the queue ends up the same. Its own loads see them on top of
  // the queue's answer: a staged store was made in this pass, so it becomes visible to the
  // others after the pass, later in coherence order than anything the queue gives this load.
  bool restricted = false;
  // Stop before an `sc`, a `wait`, a device access or a fetch outside RAM
  // (StopReason::restricted): while restricted, or while the scheduler lets a lone thread run
  // past the usual pass length (Iss::set_solo_stops).
  bool stops_before_shared = false;
  bool solo_stops = false;
  void set_stop_rule() { stops_before_shared = restricted || solo_stops; }
  struct StagedStore {
    uint64_t cycle, addr, bytes;
    unsigned len;
  };
  std::vector<StagedStore> staged;
  uint64_t staged_lines = 0; // a bit per 128-byte line (mod 64) with a staged store
  void stage_chunk(uint64_t ea, uint64_t bytes, unsigned len) {
    staged.push_back(StagedStore{now_cycle(), ea, bytes, len});
    staged_lines |= 1ull << ((ea >> 7) & 63);
    queue_load_span = 0;
  }
  void stage_range(uint64_t ea, const uint8_t* data, unsigned len); // StoreQueue::store's chunks
  // `data` holds [ea, ea+len) as the queue shows it to this thread: the staged stores on top.
  void overlay_staged(uint64_t ea, uint8_t* data, unsigned len) const {
    if (__builtin_expect(staged_lines == 0, 1)) return; // nothing staged (always, in serial passes)
    if ((staged_lines & ((1ull << ((ea >> 7) & 63)) | (1ull << (((ea + len - 1) >> 7) & 63)))) == 0) return;
    overlay_staged_slow(ea, data, len);
  }
  void overlay_staged_slow(uint64_t ea, uint8_t* data, unsigned len) const;
  void publish_staged();
  // When this thread's last store becomes visible to the others (0: none pending).
  uint64_t last_store_visible() const;
  // sync and hcalls: the thread waits until its pending stores are visible to the others.
  void drain_own_stores();
  // Before an `sc` that is an hcall (LEV = 1, privileged): when its store drain would take the
  // thread to `step_end` or later, the thread idles there now and true is returned: the step
  // ends before the `sc`, which runs (drain done, hcall) at that cycle in a later step, after
  // whatever is due by then has landed (an inline XICS hcall must not read the state before
  // the messages due between the window's end and its cycle).
  bool hcall_drain_leaves_step(uint32_t word, uint64_t step_end);
  // Throws WatchpointTrap when [ea, ea+len) matches a watchpoint (slow path only).
  void check_watch(uint64_t ea, unsigned len, bool write);
  // One byte per CodeWatch block of the direct region (index: block number - dmi_block0),
  // with CodeWatch's marks (kCode, kCodeNext), so a store into code raises
  // events::revalidate.
  const uint8_t* code_map = nullptr;
  uint64_t dmi_block0 = 0;
  // A direct store of len (1..256) bytes at ea: one look-up of the block it starts in, which
  // also says whether the next block, the furthest it can reach, holds code.
  void note_direct_store(uint64_t ea, unsigned len) {
    if (__builtin_expect(code_map[(ea >> CodeWatch::kBlockShift) - dmi_block0] != 0, 0))
      note_store_near_code(ea, len);
  }
  __attribute__((noinline)) void note_store_near_code(uint64_t ea, uint64_t len) {
    constexpr unsigned s = CodeWatch::kBlockShift;
    for (uint64_t b = ea >> s, last = (ea + len - 1) >> s; b <= last; ++b)
      if (code_map[b - dmi_block0] & CodeWatch::kCode) {
        raise(events::revalidate);
        wrote_code = true;
        return;
      }
  }
  // A store of this thread hit a code page: the other threads must compare theirs too
  // (isync/icbi only make this thread look).
  bool wrote_code = false;

  // Address of the executing instruction, found lazily because few handlers need it
  // (branches, interrupts): the fast loop records only which predecoded entry executes
  // (cia_entry) and, per page, the address of one entry (cia_base at cia_base_pc); other
  // loops set the address itself (set_cia). An entry is 32 bytes, an instruction 4.
  const Insn* cia_entry = nullptr;
  const Insn* cia_base = nullptr;
  uint64_t cia_base_pc = 0;
  uint64_t cia() const {
    return cia_base_pc + static_cast<uint64_t>(reinterpret_cast<const char*>(cia_entry) -
                                               reinterpret_cast<const char*>(cia_base)) / 8;
  }
  void set_cia(uint64_t pc) {
    cia_entry = cia_base = nullptr;
    cia_base_pc = pc;
  }
  uint64_t nia = 0; // next instruction address; handlers that branch overwrite it

  uint32_t event = 0;
  // The fast loop's instruction limit: its budget, or 0 once an event is raised, so that one
  // comparison per instruction covers both (set events with raise()).
  uint64_t run_limit = 0;
  void raise(uint32_t bits) {
    event |= bits;
    run_limit = 0;
  }
  StopReason stop_reason = StopReason::budget;
  uint64_t extra_cycles = 0; // hcall service cycles in the current step()
  uint64_t interrupts_taken = 0; // lifetime count (the timing model charges each entry)
  uint64_t retired = 0;      // lifetime count

  // Asynchronous interrupt sources besides ThreadState::dec_requested.
  bool external_level = false; // the ICP's line (Book III 7.5.7)
  bool reset_pending = false;  // system reset requested (Book III 7.5.1)

  void msr_changed() {
    msr_derived = st.msr;
    sf = (st.msr & msr::SF) != 0;
    le = (st.msr & msr::LE) != 0;
    ea_mask = sf ? ~0ull : 0xffffffffull;
    if (le != le_decoded) raise(events::flush);
    update_interrupt_event(); // MSR[EE] may have become 1 (mtmsr, mtmsrd, rfid, the shim)
  }
  // Arms the boundary check when an interrupt could be taken now. Never clears: the check
  // itself drops the flag when nothing turns out deliverable.
  void update_interrupt_event() {
    if (reset_pending || ((st.msr & msr::EE) && (external_level || st.dec_requested)))
      raise(events::interrupt);
  }
  // Anything that ends a cede or `wait` (PAPR H_CEDE: any interrupt, whatever MSR[EE]).
  bool interrupt_pending() const { return reset_pending || external_level || st.dec_requested; }

  // Without a board timebase (unit tests of other features) the retired count stands in.
  // Cycle mode inside step(): the board's timebase at this thread's own cycle, computed here
  // (cycle_timebase) instead of through `timebase` (iss.cpp; every reader is there).
  uint64_t read_timebase() const;
  // Cycle mode (Iss::set_cycle_timebase): the board's clock, and the time-resolution units of
  // one cycle of the timing model. Used only while `stepping`, when the board's own answer
  // would be the same: the running thread's cycle converted with this clock.
  const TimebaseClock* cycle_timebase = nullptr;
  uint64_t cycle_units = 0;
  bool stepping = false; // inside Iss::step()
  // ---- decrementer (decrementer.cpp) ----
  uint64_t read_dec(uint64_t tb) const;
  void write_dec(uint64_t value, uint64_t tb);
  void poll_dec(uint64_t tb);

  uint64_t& gpr(unsigned i) { return st.gpr[i]; }
  bool privileged() const { return (st.msr & msr::PR) == 0; }

  // ---- interrupts (interrupts.cpp) ----
  [[noreturn]] void take_interrupt(uint64_t vector, uint64_t srr0, uint64_t srr1_flags,
                                   uint64_t extra_msr_clear = 0);
  // The state change of an interrupt without unwinding (asynchronous interrupts, taken
  // between instructions).
  void enter_interrupt(uint64_t vector, uint64_t srr0, uint64_t srr1_flags,
                       uint64_t extra_msr_clear = 0);
  // Takes the most favoured deliverable asynchronous interrupt at the boundary st.pc.
  void deliver_async_interrupt();
  [[noreturn]] void program_illegal();
  [[noreturn]] void program_privileged();
  [[noreturn]] void program_trap();
  [[noreturn]] void machine_check(uint64_t addr);
  [[noreturn]] void alignment(uint64_t ea);
  void system_call_interrupt(); // sc 0: SRR0 = next instruction

  // ---- memory ----
  // (RA|0) of Book I 1.6.2, without a branch: `li` (addi with RA=0) and addi with RA>0 mix
  // in one handler, and a data-dependent branch there mispredicts.
  uint64_t gpr_or_zero(unsigned r) const { return st.gpr[r] & (0 - static_cast<uint64_t>(r != 0)); }
  uint64_t ea_d(const Insn& in) const { return (gpr_or_zero(in.ra) + in.imm) & ea_mask; }
  uint64_t ea_x(const Insn& in) const { return (gpr_or_zero(in.ra) + st.gpr[in.rb]) & ea_mask; }

  template <typename T> static T bswap(T v) {
    if constexpr (sizeof(T) == 1) return v;
    else if constexpr (sizeof(T) == 2) return static_cast<T>(__builtin_bswap16(v));
    else if constexpr (sizeof(T) == 4) return static_cast<T>(__builtin_bswap32(v));
    else return static_cast<T>(__builtin_bswap64(v));
  }
  // Guest memory holds bytes in guest order; the host is little-endian, so big-endian guest
  // accesses swap. `reverse` implements the byte-reversed forms (lwbrx, ...).
  template <typename T> T to_host(T raw, bool reverse) const {
    return (le != reverse) ? raw : bswap(raw);
  }

  // The direct path keeps the value in registers: the slow paths are separate functions,
  // so no temporary whose address escapes sits between the host memory and the GPR.
  template <typename T> T load(uint64_t ea, bool reverse = false) {
    uint64_t off = ea - data_window.base;
    if (__builtin_expect(data_window.holds<T>(off), 1)) {
      T raw;
      std::memcpy(&raw, data_window.host + off, sizeof(T));
      return to_host(raw, reverse);
    }
    return load_slow<T>(ea, reverse);
  }
  template <typename T> __attribute__((noinline)) T load_slow(uint64_t ea, bool reverse) {
    T raw;
    // Store queue, RAM, no watchpoint: the common case of such a board, kept to one filter
    // compare when no store is pending near the address.
    const uint64_t off = ea - dmi.base;
    if (sq && off < queue_load_span && queue_load_span - off >= sizeof(T) && watches.empty()) {
      std::memcpy(&raw, dmi.host + off, sizeof(T));
      if (sq->maybe_pending(ea, sizeof(T)))
        sq->overlay(st.pir, now_cycle(), ea, reinterpret_cast<uint8_t*>(&raw), sizeof(T));
      return to_host(raw, reverse);
    }
    slow_read(ea, reinterpret_cast<uint8_t*>(&raw), sizeof(T));
    return to_host(raw, reverse);
  }
  template <typename T> void store(uint64_t ea, T value, bool reverse = false) {
    T raw = to_host(value, reverse);
    uint64_t off = ea - data_window.base;
    if (__builtin_expect(data_window.holds<T>(off), 1)) {
      std::memcpy(data_window.host + off, &raw, sizeof(T));
      note_direct_store(ea, sizeof(T));
    } else {
      store_slow<T>(ea, raw);
    }
    // Book II 4.6.2: a store by this thread kills other threads' reservations on the granule
    // (with a store queue, when it becomes visible: StoreQueue::drain).
    if (resv.active_count() != 0 && !sq) resv.notify_store(st.pir, ea, sizeof(T));
  }
  template <typename T> __attribute__((noinline)) void store_slow(uint64_t ea, T raw) {
    if (sq) {
      // store_queued's direct store of a lone thread, without its calls and size switch.
      const uint64_t off = ea - dmi.base;
      if (off < solo_store_span && solo_store_span - off >= sizeof(T) &&
          (ea & (StoreQueue::kChunk - 1)) + sizeof(T) <= StoreQueue::kChunk &&
          code_map[(ea >> CodeWatch::kBlockShift) - dmi_block0] == 0 && !sq->maybe_pending(ea, sizeof(T))) {
        std::memcpy(dmi.host + off, &raw, sizeof(T));
        sq->note_direct(st.pir, now_cycle_inline(), ea);
        return;
      }
      uint64_t bytes = 0;
      std::memcpy(&bytes, &raw, sizeof(T));
      return store_queued(ea, bytes, sizeof(T));
    }
    slow_write(ea, reinterpret_cast<const uint8_t*>(&raw), sizeof(T));
  }
  // With a store queue: a store of len (1..8) bytes, the low ones of `bytes` in memory order.
  // Plain RAM, no watchpoint, inside one 8-byte block (nearly all of them) goes straight to
  // StoreQueue::store_chunk; anything else to slow_write.
  void store_queued(uint64_t ea, uint64_t bytes, unsigned len);
  __attribute__((noinline)) void store_queued_other(uint64_t ea, uint64_t bytes, unsigned len);
  void store_bytes(uint64_t ea, const uint8_t* data, unsigned len) {
    uint64_t off = ea - data_window.base;
    if (off < data_window.size && data_window.size - off >= len) {
      std::memcpy(data_window.host + off, data, len);
      if (len > (1u << CodeWatch::kBlockShift)) note_store_near_code(ea, len);
      else if (len != 0) note_direct_store(ea, len);
    } else {
      slow_write(ea, data, len);
    }
    if (resv.active_count() != 0 && !sq) resv.notify_store(st.pir, ea, len);
  }
  void slow_read(uint64_t ea, uint8_t* data, unsigned len);
  void slow_write(uint64_t ea, const uint8_t* data, unsigned len);

  // ---- CR / XER ----
  // CR field f (0 = most significant nibble).
  void set_cr_field(unsigned f, uint32_t v) {
    unsigned sh = 28 - 4 * f;
    st.cr = (st.cr & ~(0xfu << sh)) | ((v & 0xfu) << sh);
  }
  uint32_t cr_field(unsigned f) const { return (st.cr >> (28 - 4 * f)) & 0xfu; }
  bool cr_bit(unsigned bi) const { return (st.cr >> (31 - bi)) & 1u; }
  uint32_t so_bit() const { return (st.xer & xer::SO) ? 1u : 0u; }
  // LT/GT/EQ of a compare, branch-free: the outcome is data (sorting, searching).
  static uint32_t compare_bits(bool lt, bool gt) {
    const uint32_t l = lt, g = gt;
    return (l << 3) | (g << 2) | ((1u ^ l ^ g) << 1);
  }
  static uint32_t compare_signed(int64_t a, int64_t b) { return compare_bits(a < b, a > b); }
  static uint32_t compare_unsigned(uint64_t a, uint64_t b) { return compare_bits(a < b, a > b); }
  // Rc=1 (Book I 3.3.1): compare the result with 0, on the low 32 bits in 32-bit mode.
  void set_cr0(uint64_t result) {
    int64_t v = sf ? static_cast<int64_t>(result) : static_cast<int64_t>(static_cast<int32_t>(result));
    set_cr_field(0, compare_signed(v, 0) | so_bit());
  }
  // CA = carry out of bit 0 in 64-bit mode, of bit 32 in 32-bit mode; CA32 always of bit 32.
  void set_ca(bool ca64, bool ca32) {
    bool ca = sf ? ca64 : ca32;
    st.xer = (st.xer & ~(xer::CA | xer::CA32)) | (ca ? xer::CA : 0) | (ca32 ? xer::CA32 : 0);
  }
  void set_ca_both(bool ca) { set_ca(ca, ca); }
  bool ca() const { return (st.xer & xer::CA) != 0; }
  void set_ov(bool ov64, bool ov32) {
    bool ov = sf ? ov64 : ov32;
    st.xer = (st.xer & ~(xer::OV | xer::OV32)) | (ov ? (xer::OV | xer::SO) : 0) |
             (ov32 ? xer::OV32 : 0);
  }
};

} // namespace ppc64sim::cpu
