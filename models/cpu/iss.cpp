// Iss: the fetch/dispatch loop and the predecode cache.
//
// Speed: instructions in the direct (DMI) RAM window are predecoded per 4 KiB page into Insn
// entries (handler pointer + pre-extracted fields), decoded lazily on first execution, from
// memory, into a shadow copy of what was decoded. Fetches do not look at memory: a page is
// compared with its shadow (and the changed entries dropped) when it is entered after a
// "revalidate" point:
//  - a step() entry after some write touched a 256-byte block holding decoded code (the
//    board's CodeWatch: other threads' stores, devices, the hypervisor, the loader and
//    debugger); without a CodeWatch, every step() entry,
//  - a store by this thread into such a block (Core::note_direct_store), effective from the
//    next instruction,
//  - isync and icbi, the instruction-fetch synchronisation Book II 1.8 requires of a thread
//    that is to see code another thread modified.
// Remaining window: code another thread writes during this thread's step() is seen only at
// the next step() or isync/icbi of this thread, which the ISA allows (without the
// synchronisation, which instructions a thread fetches is undefined).
// Interrupts unwind with a C++ exception (see core.h), keeping the hot loop free of fault
// checks.
#include "models/cpu/iss.h"

#include "models/cpu/code_watch.h"
#include "models/cpu/core.h"
#include "models/cpu/core_cycle.h"
#include "models/cpu/decoder.h"
#include "models/cpu/handlers.h"
#include "models/cpu/timing/core_timing.h"

namespace ppc64sim::cpu {
// Inside step() in cycle mode the board would answer with its clock at this thread's cycle
// (Board::Impl::thread_timebase_now): the same conversion, without the call through it.
inline uint64_t Core::read_timebase() const {
  if (cycle_timebase && stepping) return cycle_timebase->at_units(timing->cycle(timing_thread) * cycle_units);
  return timebase ? timebase() : retired;
}
} // namespace ppc64sim::cpu

// The handler families are compiled here, not on their own, so that the dispatch loop below
// can inline them (see Impl::run).
#include "models/cpu/exec_arith.cpp"
#include "models/cpu/exec_branch.cpp"
#include "models/cpu/exec_logic.cpp"
#include "models/cpu/exec_loadstore.cpp"
#include "models/cpu/exec_system.cpp"

#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <vector>
#include <algorithm>
#include <cstring>

namespace ppc64sim::cpu {
namespace {

// The handlers that may set Core::nia (branches, rfid, sc, wait); known per handler, so the
// dispatch loop reads nia back only after these.
constexpr bool writes_nia(OpIndex op) {
  return op == op_b || op == op_bc || op == op_bclr || op == op_bcctr || op == op_rfid ||
         op == op_sc || op == op_wait;
}

// Handlers that read Core::nia (the loop stores it only for these).
constexpr bool reads_nia(OpIndex op) { return writes_nia(op) || op == op_addpcis; }

// Handlers that only compute on registers: they cannot raise an interrupt and never look at
// their own address, so the loop does not give them Core::cia. The handler list keeps each
// family together (handlers.h).
constexpr bool register_only(OpIndex op) {
  return (op >= op_addi && op <= op_isel && op != op_addpcis) || (op >= op_crand && op <= op_mcrxrx);
}
constexpr bool needs_cia(OpIndex op) { return !register_only(op); }

// Cycle mode: whether a handler serves a load or store row (only those have a data address).
constexpr bool has_access_row(Handler fn) {
  for (const OpEntry& e : kDecodeTable)
    if (e.handler == fn && (e.timing == Timing::load || e.timing == Timing::store)) return true;
  return false;
}

// Op index of a predecoded entry whose address has a debugger breakpoint: one past the
// handlers, so the dispatch table gets one extra label and no handler changes.
constexpr uint16_t kOpBreakpoint = op_count;
// Op index of an entry not decoded yet (or dropped as stale): decoded on first fetch.
constexpr uint16_t kOpDecode = op_count + 1;
// Op index of the sentinel entry one past a page's last instruction: straight-line code
// steps its entry pointer without checking the page, and lands here when it runs off the end.
constexpr uint16_t kOpPageEnd = op_count + 2;
// Loop-only labels for the two commonest conditional branches, chosen by decode_at for
// entries in pages (the entry's op stays op_bc, so every other user runs ops::bc): bc on one
// CR bit without CTR or link, and bdnz without link. Both relative (AA=0). They go on at the
// next entry when not taken instead of through a full dispatch.
constexpr uint16_t kOpBcCrBit = op_count + 3;
constexpr uint16_t kOpBdnz = op_count + 4;
// A compare followed by a kOpBcCrBit branch on a bit of the field it sets: one dispatch for
// both (the compare's entry gets the label; the branch's entry stays as it is).
constexpr uint16_t kOpCmpBc = op_count + 5;
constexpr uint16_t kOpCmplBc = op_count + 6;
constexpr uint16_t kOpCmpiBc = op_count + 7;
constexpr uint16_t kOpCmpliBc = op_count + 8;
// Loop-only labels for the unconditional branches of calls and returns: b and bl (AA=0) and
// blr (bclr with BO = 1z1zz, LK=0). They skip the general handlers' NIA round trip through
// Core and compute the entry's address once.
constexpr uint16_t kOpB = op_count + 9;
constexpr uint16_t kOpBl = op_count + 10;
constexpr uint16_t kOpBlr = op_count + 11;
// Runs of 3 or more `std` (or `ld`) with the same base register RA != 0 in consecutive entries
// (register saves and restores: exception frames, function prologues and epilogues): the
// first entry's label does the whole run with one address check (AccessRun); the other
// entries stay as they are, for branches into the run and for the fallback.
constexpr uint16_t kOpStdRun = op_count + 12;
constexpr uint16_t kOpLdRun = op_count + 13;
// Loop-only labels for the commonest register and memory forms with fields known at decode:
// ld / std / addi with RA != 0 (no (RA|0) select), li (addi with RA = 0) and mr (or with
// RS = RB != RA, Rc = 0). A load or store outside the direct data window, or a store that
// needs more than the code-map check, goes on in the general handler.
constexpr uint16_t kOpLdBase = op_count + 14;
constexpr uint16_t kOpStdBase = op_count + 15;
constexpr uint16_t kOpAddiBase = op_count + 16;
constexpr uint16_t kOpLi = op_count + 17;
constexpr uint16_t kOpMr = op_count + 18;
constexpr uint16_t kLabelCount = op_count + 19;

constexpr uint64_t kPageBytes = 4096;
constexpr unsigned kPageInsns = kPageBytes / 4;

// The first entry of a fused ld/std run: the run's length in Insn::aux (DS-form rows do not
// use it) and, in Insn::page_jump (only b/bc use it), the lowest displacement of the run and
// the bytes from there to the end of the highest doubleword.
struct AccessRun {
  static constexpr unsigned kMinLength = 3;
  static constexpr unsigned kMaxLength = 32;
  static constexpr uint64_t kMaxSpan = 4096; // keeps the code-map check to a few blocks
  int16_t low; // displacement
  uint16_t span;
  static int32_t pack(int16_t low, uint16_t span) {
    return static_cast<int32_t>((static_cast<uint32_t>(static_cast<uint16_t>(low)) << 16) | span);
  }
  static AccessRun of(const Insn& first) {
    const uint32_t v = static_cast<uint32_t>(first.page_jump);
    return {static_cast<int16_t>(static_cast<uint16_t>(v >> 16)), static_cast<uint16_t>(v & 0xffffu)};
  }
};

// PAPR H_RTAS (the hcall that enters RTAS): charged as an RTAS call in cycle mode.
constexpr uint64_t kHcallRtas = 0xf000;

// Cycle mode: what the timing model needs of a predecoded entry, derived with it, so that
// nothing is recomputed per execution.
struct TimedInsn {
  timing::PreparedTiming timing;
  enum : uint8_t { no_access, ea_d, ea_x } ea = no_access; // how to compute the data address
  // The entry's op is sc, rfid or a breakpoint's (whose handler may be either): the only ones
  // that may add hcall cycles or need an rfid charge (set by the loop, from Insn::op).
  bool charges = false;
  // Direct branches (b, bc): the target before the MSR[SF] mask (which may change between
  // executions): the displacement (BD or LI) from the entry's address, or itself (AA = 1).
  uint64_t target = 0;
  // The L1I line the entry's address lies in (pc >> the core's line shift): the fetch check
  // compares it with the thread's line without shifting.
  uint64_t fetch_line = 0;
};

// `pc`: the address of the entry being described; `line_shift`: log2 of the core's L1I line.
TimedInsn describe_timed(uint32_t word, uint64_t pc, unsigned line_shift) {
  const OpEntry* row = decode_lookup(word);
  TimedInsn t;
  t.fetch_line = pc >> line_shift;
  const timing::InsnTiming d = timing::describe(word, row);
  t.timing = timing::prepare(d);
  if (row && (row->timing == Timing::load || row->timing == Timing::store)) {
    switch (row->form) {
    case Form::D: case Form::DU: case Form::DS: t.ea = TimedInsn::ea_d; break;
    case Form::X: t.ea = TimedInsn::ea_x; break;
    default: break;
    }
  }
  if (d.branch && !(d.branch & (timing::kToLr | timing::kToCtr))) {
    const uint64_t disp =
        (word >> 26) == 16
            ? static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(word & 0xfffc)))
            : static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>((word & 0x03fffffc) << 6) >> 6));
    t.target = (word & 2) != 0 ? disp : pc + disp;
  }
  return t;
}

// The dispatch loops' label tables (Impl::run, Impl::run_timed), published once before any
// page exists so that entries can hold their label's address. A page's entries hold the
// labels of the loop of the thread that owns it (Page::labels).
const void* const* g_labels = nullptr;
const void* const* g_timed_labels = nullptr;

struct Page {
  const void* const* labels; // g_labels or g_timed_labels: the owner's loop
  uint8_t* host = nullptr;
  std::unique_ptr<TimedInsn[]> timed; // cycle mode only, filled as entries are decoded
  uint64_t generation = 0; // Impl::generation when last compared with memory
  Insn insn[kPageInsns + 1]; // + the kOpPageEnd sentinel
  // The bytes the entries were (or will be) decoded from: memory as of the last comparison.
  uint8_t shadow[kPageBytes];
  void mark_undecoded(Insn& in) const {
    in.op = kOpDecode;
    in.label = labels[kOpDecode];
  }
  Page(const void* const* loop_labels, uint8_t* h, uint64_t gen)
      : labels(loop_labels), host(h), generation(gen) {
    for (Insn& in : insn) mark_undecoded(in);
    insn[kPageInsns].op = kOpPageEnd;
    insn[kPageInsns].label = labels[kOpPageEnd];
    std::memcpy(shadow, host, kPageBytes);
  }
  // Drops the entries whose bytes changed since the shadow was taken. 64-byte chunks keep
  // the common case (nothing changed, or a data store next to code) to a few compares.
  void revalidate(uint64_t gen) {
    generation = gen;
    constexpr unsigned kChunk = 64;
    for (unsigned off = 0; off < kPageBytes; off += kChunk) {
      if (std::memcmp(shadow + off, host + off, kChunk) == 0) continue;
      std::memcpy(shadow + off, host + off, kChunk);
      for (unsigned i = off / 4; i < (off + kChunk) / 4; ++i) mark_undecoded(insn[i]);
      // Entries before the chunk may be fused with its entries (a compare with its branch, an
      // ld/std run with up to AccessRun::kMaxLength - 1 entries after it).
      const unsigned first = off / 4 >= AccessRun::kMaxLength ? off / 4 - (AccessRun::kMaxLength - 1) : 0;
      for (unsigned i = first; i < off / 4; ++i) mark_undecoded(insn[i]);
    }
  }
};

} // namespace

struct Iss::Impl {
  Impl(ThreadState& s, GuestMemory& m, HypervisorInterface& h, ReservationMonitor& r)
      : core(s, m, h, r) {
    if (!g_labels) run(0, true);
    if (!g_timed_labels) run_timed(0, true);
    labels = g_labels;
    core.set_direct_region(m.direct_region());
    reset_code_map();
    core.msr_changed();
    core.le_decoded = core.le;
    core.event = 0;
  }

  Core core;
  std::unordered_map<uint64_t, std::unique_ptr<Page>> pages;
  std::vector<uint8_t> code_map; // Core::code_map when there is no board CodeWatch
  uint8_t* code_marks = nullptr; // the map in use: code_map's, or the board's CodeWatch pages
  CodeWatch* watch = nullptr;    // the board's (shared by every thread), or null
  uint64_t watch_seen = 0;       // watch->generation at this thread's last comparison
  uint64_t generation = 1;       // bumped at every revalidate point
  // Direct-mapped cache in front of `pages`: page crossings (calls, returns) skip the hash.
  struct RecentPage {
    uint64_t addr = ~0ull;
    Page* page = nullptr;
    uint64_t generation = 0; // page->generation, kept here so a hit touches only this entry
  };
  RecentPage recent[16];
  Page* cur = nullptr;
  uint64_t cur_addr = ~0ull; // page address `cur` stands for (cur == nullptr: not cached)
  uint64_t done = 0;         // instructions consumed in the current step()
  std::unordered_set<uint64_t> breakpoints;
  uint64_t skip_pc = ~0ull; // step_over_breakpoint(): the first instruction of step() runs
  timing::CoreTiming* timing = nullptr; // cycle mode
  unsigned timing_thread = 0;
  // timing->thread(timing_thread), resolved when step() starts (a checkpoint load between
  // steps may replace the model's threads).
  timing::CoreTiming::Thread* timed_thread = nullptr;
  // The label table of this thread's loop, which its pages' entries hold: run()'s, or
  // run_timed()'s in cycle mode (set_timing).
  const void* const* labels = nullptr;
  uint64_t step_start_cycle = 0; // timing->cycle(timing_thread) when step() began
  Iss::PassChain chain;           // set_pass_chain(): for one step while chain_armed
  bool chain_armed = false;
  uint64_t chain_dec_edge = 0;    // ThreadState::dec_edge when the chain was armed
  uint64_t timed_end = 0;        // run_timed(): the cycle at which the budget is spent
  uint64_t watch_stop_pc = ~0ull; // where the last watchpoint stop left the thread

  // Predecode, marking breakpoint addresses (out of line: rare, and keeps every dispatch
  // copy small).
  // Only called for entries of direct-region pages: marks the block as code.
  __attribute__((noinline)) void decode_at(Insn& in, uint32_t word, uint64_t pc) {
    const uint64_t block = (pc >> CodeWatch::kBlockShift) - core.dmi_block0;
    mark_code(code_marks[block], CodeWatch::kCode);
    if (block != 0) mark_code(code_marks[block - 1], CodeWatch::kCodeNext);
    decode_into(in, word);
    in.page_jump = same_page_jump(in, pc);
    const bool stop = !breakpoints.empty() && breakpoints.count(pc);
    // run_timed() has no loop-only labels: its table has one label per handler.
    in.label = labels[stop ? kOpBreakpoint : timing ? in.op : fast_label(in)];
  }
  // The board's code marks are shared by every thread, and with --host-threads threads of
  // several cores decode at once: a mark is set with an atomic OR (only when missing, so the
  // usual case stays a plain read).
  static void mark_code(uint8_t& mark, uint8_t bit) {
    if ((__atomic_load_n(&mark, __ATOMIC_RELAXED) & bit) == 0) __atomic_fetch_or(&mark, bit, __ATOMIC_RELAXED);
  }
  // Insn::page_jump of the entry at pc. A target in pc's page is below 4 GiB whenever pc
  // is, so MSR[SF] (the 32-bit wrap) cannot move it to another page.
  static int32_t same_page_jump(const Insn& in, uint64_t pc) {
    if ((in.op != op_b && in.op != op_bc) || (in.word & 2u) != 0) return Insn::kFarTarget;
    const uint64_t target = pc + in.imm;
    if ((target & ~(kPageBytes - 1)) != (pc & ~(kPageBytes - 1))) return Insn::kFarTarget;
    return static_cast<int32_t>(static_cast<int64_t>(in.imm) / 4 * static_cast<int64_t>(sizeof(Insn)));
  }
  // Entry idx of `page` was just decoded: when it is a compare and the next entry a
  // kOpBcCrBit branch on the field it sets, label it with the fused compare-and-branch.
  // Decodes the next entry if needed (as its own first fetch would).
  void fuse_compare_branch(Page& page, unsigned idx, uint64_t pc) {
    Insn& cmp = page.insn[idx];
    uint16_t fused;
    switch (cmp.op) {
    case op_cmp: fused = kOpCmpBc; break;
    case op_cmpl: fused = kOpCmplBc; break;
    case op_cmpi: fused = kOpCmpiBc; break;
    case op_cmpli: fused = kOpCmpliBc; break;
    default: return;
    }
    if (idx + 1 >= kPageInsns || cmp.label != g_labels[cmp.op]) return; // page end, breakpoint
    Insn& next = page.insn[idx + 1];
    if (next.op == kOpDecode) decode_entry(page, idx + 1, pc + 4);
    if (next.label == g_labels[kOpBcCrBit] && (next.ra >> 2) == (cmp.rt >> 2)) cmp.label = g_labels[fused];
  }
  // Entry idx of `page` was just decoded: when it starts a run of std (or ld) with one base
  // register, give it the run's label (AccessRun). Decodes the following entries as their own
  // first fetches would. An ld that loads the base register ends the run.
  void fuse_access_run(Page& page, unsigned idx, uint64_t pc) {
    Insn& first = page.insn[idx];
    const uint16_t op = first.op;
    if ((op != op_std && op != op_ld) || first.ra == 0 || first.label != g_labels[fast_label(first)]) return;
    if (op == op_ld && first.rt == first.ra) return;
    int64_t low = static_cast<int64_t>(first.imm), high = low;
    unsigned k = 1;
    while (k < AccessRun::kMaxLength && idx + k < kPageInsns) {
      Insn& next = page.insn[idx + k];
      if (next.op == kOpDecode) decode_entry(page, idx + k, pc + 4 * k);
      if (next.op != op || next.ra != first.ra || next.label != g_labels[fast_label(next)]) break;
      const int64_t d = static_cast<int64_t>(next.imm);
      const int64_t new_low = std::min(low, d), new_high = std::max(high, d);
      if (static_cast<uint64_t>(new_high - new_low + 8) > AccessRun::kMaxSpan) break;
      low = new_low;
      high = new_high;
      ++k;
      if (op == op_ld && next.rt == first.ra) break; // later entries would use the new base
    }
    if (k < AccessRun::kMinLength) return;
    first.aux = static_cast<uint8_t>(k);
    first.page_jump = AccessRun::pack(static_cast<int16_t>(low), static_cast<uint16_t>(high - low + 8));
    first.label = g_labels[op == op_std ? kOpStdRun : kOpLdRun];
  }
  // First fetch of entry idx of `page` (at pc) since the page was (re)validated. From
  // memory, not the shadow: only decoded blocks are watched for writes, so bytes not decoded
  // yet may have changed since the shadow was taken. The shadow then records what the entry
  // was decoded from.
  void decode_entry(Page& page, unsigned idx, uint64_t pc) {
    uint32_t raw;
    std::memcpy(&raw, page.host + idx * 4, 4);
    std::memcpy(page.shadow + idx * 4, &raw, 4);
    decode_at(page.insn[idx], core.le ? raw : __builtin_bswap32(raw), pc);
  }
  // The loop label of a decoded entry: its handler's, or a specialised one (kOpBcCrBit...).
  static uint16_t fast_label(const Insn& in) {
    switch (in.op) {
    case op_ld: return in.ra != 0 ? kOpLdBase : in.op;
    case op_std: return in.ra != 0 ? kOpStdBase : in.op;
    case op_addi: return in.ra != 0 ? kOpAddiBase : kOpLi;
    case op_or_: return in.rt == in.rb && in.rt != in.ra && (in.word & 1u) == 0 ? kOpMr : in.op;
    default: break;
    }
    if (in.op == op_b && (in.word & 2u) == 0) return (in.word & 1u) ? kOpBl : kOpB;
    if (in.op == op_bclr && (in.word & 1u) == 0 && (in.rt & 0x14u) == 0x14u) return kOpBlr;
    if (in.op != op_bc || (in.word & 3u) != 0) return in.op; // AA or LK set: the general bc
    const unsigned bo = in.rt;
    if ((bo & 0x14u) == 0x04u) return kOpBcCrBit; // BO2=1: no CTR; BO0=0: test CR bit BI
    if ((bo & 0x16u) == 0x10u) return kOpBdnz;    // BO0=1, BO2=0, BO3=0: --CTR != 0
    return in.op;
  }
  __attribute__((noinline)) bool breakpoint_stops(uint64_t pc, uint64_t n) const {
    return !breakpoints.empty() && breakpoints.count(pc) && !(n == 0 && pc == skip_pc);
  }
  __attribute__((noinline)) void stop_at_breakpoint(uint64_t pc, uint64_t n) {
    core.st.pc = pc;
    done = n;
    core.stop_reason = StopReason::breakpoint;
    core.raise(events::stop);
  }

  void flush() {
    pages.clear();
    for (RecentPage& r : recent) r = RecentPage{};
    // The board's map stays: other threads' code is in it (a stale mark costs one comparison).
    std::fill(code_map.begin(), code_map.end(), 0);
    cur = nullptr;
    cur_addr = ~0ull;
    core.le_decoded = core.le;
  }
  void reset_code_map() {
    const DirectRegion& d = core.dmi;
    constexpr unsigned s = CodeWatch::kBlockShift;
    core.dmi_block0 = d.base >> s;
    watch = d.code_watch;
    if (watch && d.size != 0 && (d.base != 0 || ((d.size - 1) >> s) >= watch->blocks.size()))
      watch = nullptr; // a window the board's map does not cover: keep a private map
    if (watch) {
      code_map.clear();
      code_marks = watch->blocks.data();
      watch_seen = 0; // compare at the next step
    } else {
      code_map.assign(d.size == 0 ? 1 : ((d.base + d.size - 1) >> s) - (d.base >> s) + 1, 0);
      code_marks = code_map.data();
    }
    core.code_map = code_marks;
  }
  // Step entry, isync, icbi: memory may have changed behind this thread. Without the board's
  // CodeWatch that is unknowable, so every page is compared again; with it, only when some
  // write touched a code block since this thread last compared.
  void revalidate_if_written() {
    if (watch && watch->generation == watch_seen) return;
    invalidate_pages();
    if (watch) watch_seen = watch->generation;
  }
  // Every page is compared with memory before its next fetch.
  void invalidate_pages() {
    ++generation;
    cur = nullptr;
    cur_addr = ~0ull;
  }

  // The fast loop's page crossing: a recent, validated page is taken here; anything else
  // goes through switch_page.
  __attribute__((always_inline)) void enter_page(uint64_t page_addr) {
    const RecentPage& r = recent[(page_addr >> 12) & 15];
    if (__builtin_expect(r.addr == page_addr && r.generation == generation, 1)) {
      cur_addr = page_addr;
      cur = r.page;
      return;
    }
    switch_page(page_addr);
  }
  __attribute__((noinline)) void switch_page(uint64_t page_addr) {
    cur_addr = page_addr;
    RecentPage& r = recent[(page_addr >> 12) & 15];
    if (r.addr != page_addr) {
      if (!core.dmi.contains(page_addr, kPageBytes)) {
        cur = nullptr;
        return;
      }
      auto& slot = pages[page_addr];
      if (!slot) {
        slot = std::make_unique<Page>(labels, core.dmi.host + (page_addr - core.dmi.base), generation);
      }
      r.addr = page_addr;
      r.page = slot.get();
    }
    if (r.page->generation != generation) r.page->revalidate(generation);
    r.generation = generation;
    cur = r.page;
  }

  __attribute__((noinline)) uint32_t fetch_slow(uint64_t pc) {
    uint8_t b[4];
    AccessInfo info{core.st.pir, true, core.privileged()};
    core.set_alone(false); // a device access (Core::alone)
    if (core.mem.read(pc, b, 4, info) != AccessStatus::ok) core.machine_check(pc);
    uint32_t be = (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
    return core.le ? __builtin_bswap32(be) : be;
  }

  // Returns true when step() must return. An interrupt taken here moves st.pc.
  __attribute__((noinline)) bool handle_events() {
    if (core.event & events::interrupt) {
      core.event &= ~events::interrupt;
      core.deliver_async_interrupt();
    }
    if (core.event & events::flush) {
      flush();
      core.event &= ~events::flush;
    }
    if (core.event & events::revalidate) {
      invalidate_pages();
      if (watch && core.wrote_code) watch_seen = ++watch->generation; // the others look again too
      core.wrote_code = false;
      core.event &= ~events::revalidate;
    }
    if (core.event & events::fetch_sync) {
      revalidate_if_written();
      core.event &= ~events::fetch_sync;
    }
    if ((core.event & events::watch_skip) && done != 0) { // the resumed instruction has run
      core.watch_skip_pc = ~0ull;
      core.event &= ~events::watch_skip;
    }
    return (core.event & events::stop) != 0;
  }

  // Threaded dispatch: every handler body is inlined after its own label (the exec_*.cpp
  // files are compiled into this translation unit) and each label ends with its own copy of
  // the fetch + indirect jump, so the host predicts each guest instruction's successor
  // separately. Each predecoded entry holds its label's address, so a dispatch is one load and
  // one jump. Straight-line code walks the entries of a page without tracking the PC: an
  // entry's address follows from its position (entry_pc), computed only by the handlers that
  // need it (branches, loads and stores for their interrupts, system instructions) and when
  // the loop leaves. ThreadState::pc is written only when the loop leaves (or by an
  // interrupt). Interrupts taken inside a handler unwind to the catch below, which resumes at
  // the vector.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic" // labels as values: GNU C++ computed goto
  // flatten: GCC otherwise declines to inline most handler bodies into this large function.
  // `max` is the budget in cycles: hcall service cycles (sc 1) use it up too, so a slice
  // ends within one hcall of its cycle budget rather than one budget of instructions later.
  // labels_only: publish the label table (kLabels) and return; see label_table().
  __attribute__((flatten)) void run(uint64_t max, bool labels_only = false) {
    static const void* const kLabels[kLabelCount] = {
#define PPC64SIM_LABEL_ADDR(name) &&L_##name,
        PPC64SIM_HANDLERS(PPC64SIM_LABEL_ADDR)
#undef PPC64SIM_LABEL_ADDR
        &&L_breakpoint,
        &&L_decode,
        &&L_page_end,
        &&L_bc_cr_bit,
        &&L_bdnz,
        &&L_cmp_bc,
        &&L_cmpl_bc,
        &&L_cmpi_bc,
        &&L_cmpli_bc,
        &&L_b_rel,
        &&L_bl_rel,
        &&L_blr_always,
        &&L_std_run,
        &&L_ld_run,
        &&L_ld_base,
        &&L_std_base,
        &&L_addi_base,
        &&L_li,
        &&L_mr,
    };
    if (__builtin_expect(labels_only, 0)) {
      g_labels = kLabels;
      return;
    }
    const uint64_t budget = max;
    Core& c = core;
    uint64_t pc = c.st.pc; // valid at dispatch points, in the slow path and when leaving
    uint64_t n = done;
    Page* page = cur;
    uint64_t page_addr = cur_addr;
    Insn* in = nullptr;

// Takes the current predecode page (after switch_page or handle_events) into the loop's
// registers, and tells Core how to find the address of its entries (Core::cia).
#define PPC64SIM_LOAD_PAGE()                                                                    \
  do {                                                                                          \
    page = cur;                                                                                 \
    page_addr = cur_addr;                                                                       \
    c.cia_base = page ? page->insn : nullptr;                                                   \
    c.cia_base_pc = page_addr;                                                                  \
  } while (0)
    PPC64SIM_LOAD_PAGE();
    c.run_limit = c.event ? 0 : max;

// Address of the page entry `in` (page_addr is the page's address; Insn is 32 bytes).
#define PPC64SIM_ENTRY_PC(in)                                                                   \
  (page_addr + (static_cast<uint64_t>(reinterpret_cast<const char*>(in) -                       \
                                      reinterpret_cast<const char*>(page->insn)) >> 3))

// Fetch the instruction at pc and jump to its handler; leave when the budget is spent.
#define PPC64SIM_DISPATCH()                                                                     \
  do {                                                                                          \
    if (__builtin_expect(n >= max, 0)) goto out;                                                \
    PPC64SIM_DISPATCH_WITHIN_BUDGET();                                                          \
  } while (0)
// The same after `n < c.run_limit` held: run_limit is `max` or 0, so the budget is not spent.
#define PPC64SIM_DISPATCH_WITHIN_BUDGET()                                                       \
  do {                                                                                          \
    if (__builtin_expect((pc & ~(kPageBytes - 1)) != page_addr, 0)) {                           \
      enter_page(pc & ~(kPageBytes - 1));                                                       \
      PPC64SIM_LOAD_PAGE();                                                                     \
    }                                                                                           \
    if (__builtin_expect(page == nullptr, 0)) goto slow;                                        \
    in = &page->insn[(pc >> 2) & (kPageInsns - 1)];                                             \
    goto* in->label;                                                                            \
  } while (0)

// After a handler: the next PC (only the handlers that write Core::nia read it back), count,
// then one comparison for events and the budget (Core::run_limit). Sequential flow takes the
// next entry of the page directly (the sentinel past the last one goes back through
// PPC64SIM_DISPATCH) and leaves the PC to entry_pc.
#define PPC64SIM_NEXT(name)                                                                     \
  do {                                                                                          \
    ++n;                                                                                        \
    if (writes_nia(op_##name)) {                                                                \
      pc = c.nia;                                                                               \
      if (__builtin_expect(n >= c.run_limit, 0)) goto check;                                    \
      PPC64SIM_DISPATCH_WITHIN_BUDGET();                                                        \
    } else {                                                                                    \
      ++in;                                                                                     \
      if (__builtin_expect(n >= c.run_limit, 0)) goto check_sequential;                         \
      goto* in->label;                                                                          \
    }                                                                                           \
  } while (0)

  restart:
    try {
      PPC64SIM_DISPATCH();
// sc and rfid publish the step's count first (compile-time choice, nothing for other
// handlers) so hcalls and rfid are placed exactly in a trace (cycles_in_step()).
#define PPC64SIM_LABEL_BODY(name)                                                               \
  L_##name : if (needs_cia(op_##name)) c.cia_entry = in;                                        \
  if (op_##name == op_sc || op_##name == op_rfid) done = n;                                     \
  if (reads_nia(op_##name)) c.nia = (PPC64SIM_ENTRY_PC(in) + 4) & c.ea_mask;                    \
  ops::name(c, *in);                                                                            \
  if (op_##name == op_sc) {                                                                     \
    max = budget > c.extra_cycles ? budget - c.extra_cycles : 0;                                \
    if (c.run_limit != 0) c.run_limit = max;                                                    \
  }                                                                                             \
  PPC64SIM_NEXT(name);
      PPC64SIM_HANDLERS(PPC64SIM_LABEL_BODY)
#undef PPC64SIM_LABEL_BODY

    L_breakpoint: // the entry keeps the real decode (op, fields); only its label is redirected
      pc = PPC64SIM_ENTRY_PC(in);
      if (breakpoint_stops(pc, n)) {
        stop_at_breakpoint(pc, n);
        return;
      }
      if (in->op == op_sc || in->op == op_rfid) done = n;
      c.cia_entry = in;
      c.nia = (pc + 4) & c.ea_mask;
      handler_of(*in)(c, *in);
      pc = c.nia; // only branching handlers change it
      ++n;
      if (__builtin_expect(n >= c.run_limit, 0)) goto check;
      PPC64SIM_DISPATCH();

// A taken relative branch at `cia`, counted already (Book I 2.4: CFAR = the branch's
// address): within the page by the entry's page_jump, else through a dispatch.
#define PPC64SIM_TAKEN_RELATIVE(cia_value)                                                      \
  do {                                                                                          \
    const uint64_t branch_pc = (cia_value);                                                     \
    c.st.cfar = branch_pc;                                                                      \
    if (__builtin_expect(in->page_jump != Insn::kFarTarget, 1)) {                               \
      in = reinterpret_cast<Insn*>(reinterpret_cast<char*>(in) + in->page_jump);                \
      if (__builtin_expect(n >= c.run_limit, 0)) goto check_sequential;                         \
      goto* in->label;                                                                          \
    }                                                                                           \
    pc = (branch_pc + in->imm) & c.ea_mask;                                                     \
    if (__builtin_expect(n >= c.run_limit, 0)) goto check;                                      \
    PPC64SIM_DISPATCH_WITHIN_BUDGET();                                                          \
  } while (0)

// The end of a conditional branch: taken, or on to the next entry.
#define PPC64SIM_BRANCH_END(taken)                                                              \
  do {                                                                                          \
    ++n;                                                                                        \
    if (taken) PPC64SIM_TAKEN_RELATIVE(PPC64SIM_ENTRY_PC(in));                                  \
    ++in;                                                                                       \
    if (__builtin_expect(n >= c.run_limit, 0)) goto check_sequential;                           \
    goto* in->label;                                                                            \
  } while (0)

    L_bc_cr_bit: // BO = 0b0t1zy: branch if CR bit BI equals t
      PPC64SIM_BRANCH_END(((c.st.cr >> (31 - in->ra)) & 1u) == ((in->rt >> 3) & 1u));

// An unconditional branch to `target` from the entry `in` at `cia` (Book I 2.4: CFAR = cia).
#define PPC64SIM_JUMP(cia, target)                                                              \
  do {                                                                                          \
    c.st.cfar = (cia);                                                                          \
    pc = (target) & c.ea_mask;                                                                  \
    ++n;                                                                                        \
    if (__builtin_expect(n >= c.run_limit, 0)) goto check;                                      \
    PPC64SIM_DISPATCH_WITHIN_BUDGET();                                                          \
  } while (0)

    L_b_rel:
      ++n;
      PPC64SIM_TAKEN_RELATIVE(PPC64SIM_ENTRY_PC(in));
    L_bl_rel: {
      const uint64_t cia = PPC64SIM_ENTRY_PC(in);
      c.st.lr = (cia + 4) & c.ea_mask;
      ++n;
      PPC64SIM_TAKEN_RELATIVE(cia);
    }
    L_blr_always: // the target is read before anything else (bclr's LK=1 forms are not labelled here)
      PPC64SIM_JUMP(PPC64SIM_ENTRY_PC(in), c.st.lr & ~3ull);
#undef PPC64SIM_JUMP

    L_bdnz: { // BO = 0b1z00y: decrement CTR, branch if it is not 0 (its low word in 32-bit mode)
      const uint64_t ctr = --c.st.ctr;
      PPC64SIM_BRANCH_END((c.sf ? ctr : (ctr & 0xffffffffull)) != 0);
    }

// A compare, then (budget and events permitting, as between any two instructions) the
// kOpBcCrBit branch in the next entry.
#define PPC64SIM_COMPARE_BRANCH(name)                                                           \
  L_##name##_bc:                                                                                \
    ops::name(c, *in);                                                                          \
    ++n;                                                                                        \
    ++in;                                                                                       \
    if (__builtin_expect(n >= c.run_limit, 0)) goto check_sequential;                           \
    PPC64SIM_BRANCH_END(((c.st.cr >> (31 - in->ra)) & 1u) == ((in->rt >> 3) & 1u));
    PPC64SIM_COMPARE_BRANCH(cmp)
    PPC64SIM_COMPARE_BRANCH(cmpl)
    PPC64SIM_COMPARE_BRANCH(cmpi)
    PPC64SIM_COMPARE_BRANCH(cmpli)
#undef PPC64SIM_COMPARE_BRANCH
#undef PPC64SIM_BRANCH_END
#undef PPC64SIM_TAKEN_RELATIVE

// A fused ld/std run (AccessRun): when the budget and events allow all of it, every access
// lies in the direct data window (so none can fault or hit a watchpoint) within the 32-bit
// wrap of MSR[SF]=0, no store of the run reaches code and no reservation is held, the run's
// accesses are done one after another with nothing else to check; otherwise its first entry
// runs as a plain instruction. Either way memory and registers end the same.
#define PPC64SIM_ACCESS_RUN(plain_label, ACCESS)                                                \
  do {                                                                                          \
    const unsigned k = in->aux;                                                                 \
    if (__builtin_expect(n + k > c.run_limit, 0)) goto plain_label;                             \
    const AccessRun run = AccessRun::of(*in);                                                   \
    const uint64_t lo = (c.st.gpr[in->ra] + static_cast<uint64_t>(int64_t{run.low})) & c.ea_mask; \
    const uint64_t off = lo - c.data_window.base;                                               \
    if (__builtin_expect(off >= c.data_window.size || c.data_window.size - off < run.span ||    \
                             lo + (run.span - 1) > c.ea_mask,                                   \
                         0))                                                                    \
      goto plain_label;                                                                         \
    /* entry i's bytes: base + (imm - low), a non-negative distance below the span */         \
    uint8_t* const base = c.data_window.host + off;                                             \
    const uint64_t low = static_cast<uint64_t>(static_cast<int64_t>(run.low));                  \
    uint64_t* const gpr = c.st.gpr;                                                             \
    ACCESS                                                                                      \
    n += k;                                                                                     \
    in += k;                                                                                    \
    if (__builtin_expect(n >= c.run_limit, 0)) goto check_sequential;                           \
    goto* in->label;                                                                            \
  } while (0)

    L_std_run:
      PPC64SIM_ACCESS_RUN(L_std, {
        constexpr unsigned s = CodeWatch::kBlockShift;
        for (uint64_t b = lo >> s, last = (lo + run.span - 1) >> s; b <= last; ++b)
          if (__builtin_expect(c.code_map[b - c.dmi_block0] != 0, 0)) goto L_std;
        if (__builtin_expect(c.resv.active_count() != 0, 0)) goto L_std;
        if (c.le) {
          for (unsigned i = 0; i < k; ++i) std::memcpy(base + (in[i].imm - low), &gpr[in[i].rt], 8);
        } else {
          for (unsigned i = 0; i < k; ++i) {
            const uint64_t v = __builtin_bswap64(gpr[in[i].rt]);
            std::memcpy(base + (in[i].imm - low), &v, 8);
          }
        }
      });
    L_ld_run:
      PPC64SIM_ACCESS_RUN(L_ld, {
        if (c.le) {
          for (unsigned i = 0; i < k; ++i) std::memcpy(&c.st.gpr[in[i].rt], base + (in[i].imm - low), 8);
        } else {
          for (unsigned i = 0; i < k; ++i) {
            uint64_t v;
            std::memcpy(&v, base + (in[i].imm - low), 8);
            gpr[in[i].rt] = __builtin_bswap64(v);
          }
        }
      });
#undef PPC64SIM_ACCESS_RUN

// The end of a loop-only register or memory form: on to the next entry.
#define PPC64SIM_SEQUENTIAL_END()                                                               \
  do {                                                                                          \
    ++n;                                                                                        \
    ++in;                                                                                       \
    if (__builtin_expect(n >= c.run_limit, 0)) goto check_sequential;                           \
    goto* in->label;                                                                            \
  } while (0)

    L_ld_base: {
      const uint64_t ea = (c.st.gpr[in->ra] + in->imm) & c.ea_mask;
      const uint64_t off = ea - c.data_window.base;
      if (__builtin_expect(!c.data_window.holds<uint64_t>(off), 0)) goto L_ld;
      uint64_t raw;
      std::memcpy(&raw, c.data_window.host + off, 8);
      c.st.gpr[in->rt] = c.le ? raw : __builtin_bswap64(raw);
      PPC64SIM_SEQUENTIAL_END();
    }
    L_std_base: {
      const uint64_t ea = (c.st.gpr[in->ra] + in->imm) & c.ea_mask;
      const uint64_t off = ea - c.data_window.base;
      if (__builtin_expect(!c.data_window.holds<uint64_t>(off) || c.resv.active_count() != 0, 0)) goto L_std;
      const uint64_t v = c.le ? c.st.gpr[in->rt] : __builtin_bswap64(c.st.gpr[in->rt]);
      std::memcpy(c.data_window.host + off, &v, 8);
      c.note_direct_store(ea, 8);
      PPC64SIM_SEQUENTIAL_END();
    }
    L_addi_base:
      c.st.gpr[in->rt] = c.st.gpr[in->ra] + in->imm;
      PPC64SIM_SEQUENTIAL_END();
    L_li:
      c.st.gpr[in->rt] = in->imm;
      PPC64SIM_SEQUENTIAL_END();
    L_mr:
      c.st.gpr[in->ra] = c.st.gpr[in->rt];
      PPC64SIM_SEQUENTIAL_END();
#undef PPC64SIM_SEQUENTIAL_END

    L_page_end: // ran off the page's last entry: go on at the next page
      pc = (page_addr + kPageBytes) & c.ea_mask;
      PPC64SIM_DISPATCH();

    L_decode: { // first fetch of this entry since its page was (re)validated
      pc = PPC64SIM_ENTRY_PC(in);
      const unsigned idx = static_cast<unsigned>(in - page->insn);
      decode_entry(*page, idx, pc);
      fuse_compare_branch(*page, idx, pc);
      fuse_access_run(*page, idx, pc);
      goto* in->label;
    }

    slow: { // outside the direct region: fetch through the memory interface, no caching
      if (breakpoint_stops(pc, n)) {
        stop_at_breakpoint(pc, n);
        return;
      }
      c.st.pc = pc;
      Insn tmp;
      decode_into(tmp, fetch_slow(pc));
      c.set_cia(pc);
      c.nia = (pc + 4) & c.ea_mask;
      handler_of(tmp)(c, tmp);
      pc = c.nia;
      ++n;
      if (__builtin_expect(n < c.run_limit, 1)) PPC64SIM_DISPATCH();
      goto check;
    }
    check_sequential:
      pc = PPC64SIM_ENTRY_PC(in) & c.ea_mask;
    check: // an event was raised or the budget is spent
      if (c.event == 0) {
        if (n >= max) goto out;
        c.run_limit = max;
        PPC64SIM_DISPATCH();
      }
      c.st.pc = pc;
      done = n;
      if (handle_events()) return;
      pc = c.st.pc;
      PPC64SIM_LOAD_PAGE();
      c.run_limit = c.event ? 0 : max; // a bit left set (watch_skip) is looked at again
      PPC64SIM_DISPATCH();
    } catch (const InterruptTaken&) {
      ++n; // the interrupted instruction consumed its issue slot
      done = n;
      if (handle_events()) return;
      pc = c.st.pc;
      PPC64SIM_LOAD_PAGE();
      c.run_limit = c.event ? 0 : max;
      goto restart;
    } catch (const WatchpointTrap&) { // thrown before the access: the instruction did not run
      c.st.pc = c.cia();
      watch_stop_pc = c.st.pc;
      done = n;
      c.stop_reason = StopReason::watchpoint;
      c.raise(events::stop);
      return;
    }
  out:
    c.st.pc = pc;
    done = n;
#undef PPC64SIM_NEXT
#undef PPC64SIM_DISPATCH
#undef PPC64SIM_DISPATCH_WITHIN_BUDGET
#undef PPC64SIM_ENTRY_PC
#undef PPC64SIM_LOAD_PAGE
  }
#pragma GCC diagnostic pop

  // ---- Cycle mode ----
  // Every instruction goes through the timing model, which needs its data address (before it
  // runs) and branch outcome (after): the per-instruction protocol is timed_one(). The loop is
  // threaded like run(): each handler label inlines its own copy of timed_one() with the
  // handler body, and sequential flow steps the entry pointers to the next label directly. The
  // PC lives in a register; ThreadState::pc is written when the loop leaves and before anything
  // that reads it (events, breakpoint stops). `max` is the budget in the model's cycles.
  enum class TimedNext : uint8_t {
    sequential,   // on to the next entry of the page
    redirected,   // the PC moved (branch, interrupt, event): look the page up again
    budget_spent, // the thread's cycle reached the budget
    leave,        // step() returns (ThreadState::pc and `done` are written)
    jumped,       // a relative branch was taken to its own page: Insn::page_jump finds it
  };

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic" // labels as values: GNU C++ computed goto
  // labels_only: publish the label table (g_timed_labels) and return.
  __attribute__((flatten)) void run_timed(uint64_t max, bool labels_only = false) {
    static const void* const kLabels[op_count + 3] = {
#define PPC64SIM_LABEL_ADDR(name) &&T_##name,
        PPC64SIM_HANDLERS(PPC64SIM_LABEL_ADDR)
#undef PPC64SIM_LABEL_ADDR
        &&T_breakpoint,
        &&T_decode,
        &&T_page_end,
    };
    if (__builtin_expect(labels_only, 0)) {
      g_timed_labels = kLabels;
      return;
    }
    Core& c = core;
    // cycle - start < max, as cycle >= start always (the model's time never goes back).
    timed_end = step_start_cycle + max < step_start_cycle ? ~0ull : step_start_cycle + max;
    uint64_t pc = c.st.pc;
    uint64_t n = done;
    Insn* in = nullptr;
    TimedInsn* td = nullptr;
    if (cur && !cur->timed) cur->timed.reset(new TimedInsn[kPageInsns]);
    c.run_limit = c.event ? 0 : timed_end;
    if (timed_thread->cycle() >= timed_end) goto out;

// Find the entries for pc (the page may change) and jump to the handler's label.
#define PPC64SIM_TIMED_DISPATCH()                                                               \
  do {                                                                                          \
    if (__builtin_expect((pc & ~(kPageBytes - 1)) != cur_addr, 0)) switch_timed_page(pc & ~(kPageBytes - 1)); \
    if (__builtin_expect(cur == nullptr, 0)) goto uncached;                                     \
    in = &cur->insn[(pc >> 2) & (kPageInsns - 1)];                                              \
    td = &cur->timed[(pc >> 2) & (kPageInsns - 1)];                                             \
    goto* in->label;                                                                            \
  } while (0)

// After timed_one(): sequential flow takes the page's next entry (the sentinel past the last
// one goes back through PPC64SIM_TIMED_DISPATCH).
#define PPC64SIM_TIMED_NEXT(result)                                                             \
  do {                                                                                          \
    switch (result) {                                                                           \
    case TimedNext::sequential:                                                                 \
      ++in;                                                                                     \
      ++td;                                                                                     \
      goto* in->label;                                                                          \
    case TimedNext::redirected:                                                                 \
      PPC64SIM_TIMED_DISPATCH();                                                                \
    case TimedNext::budget_spent:                                                               \
      goto out;                                                                                 \
    case TimedNext::leave:                                                                      \
      return;                                                                                   \
    case TimedNext::jumped:                                                                     \
      td += in->page_jump / static_cast<int32_t>(sizeof(Insn));                                 \
      in = reinterpret_cast<Insn*>(reinterpret_cast<char*>(in) + in->page_jump);                \
      goto* in->label;                                                                          \
    }                                                                                           \
  } while (0)

    PPC64SIM_TIMED_DISPATCH();

#define PPC64SIM_TIMED_LABEL(name)                                                              \
  T_##name : PPC64SIM_TIMED_NEXT((timed_one<op_##name, &ops::name>(*in, *td, pc, n)));
    PPC64SIM_HANDLERS(PPC64SIM_TIMED_LABEL)
#undef PPC64SIM_TIMED_LABEL

  T_breakpoint: // the entry keeps the real decode (op, fields); only its label was redirected
    if (breakpoint_stops(pc, n)) {
      stop_at_breakpoint(pc, n);
      return;
    }
    PPC64SIM_TIMED_NEXT((timed_one<kOpGeneric, nullptr>(*in, *td, pc, n)));

  T_decode: // first fetch of this entry since its page was (re)validated
    decode_timed(*in, *td, pc);
    goto* in->label;

  T_page_end: // pc is already the next page's first address
    PPC64SIM_TIMED_DISPATCH();

  uncached: { // outside the direct region: fetch through the memory interface, no caching
    c.st.pc = pc; // a machine check on the fetch leaves from here
    if (__builtin_expect(c.stops_before_shared, 0)) { // the memory interface is the kernel's
      done = n;
      c.stop_reason = StopReason::restricted;
      c.raise(events::stop);
      return;
    }
    Insn tmp;
    decode_into(tmp, fetch_slow(pc));
    TimedInsn tmp_timed = describe_timed(tmp.word, pc, timing->l1i_line_shift());
    tmp_timed.charges = may_charge(tmp.op);
    if (!breakpoints.empty() && breakpoint_stops(pc, n)) {
      stop_at_breakpoint(pc, n);
      return;
    }
    const TimedNext next = timed_one<kOpGeneric, nullptr>(tmp, tmp_timed, pc, n);
    if (next == TimedNext::sequential) PPC64SIM_TIMED_DISPATCH();
    PPC64SIM_TIMED_NEXT(next);
  }

  out:
    c.st.pc = pc;
    done = n;
#undef PPC64SIM_TIMED_NEXT
#undef PPC64SIM_TIMED_DISPATCH
  }
#pragma GCC diagnostic pop

  // timed_one()'s stand-in op for entries whose handler is known only at run time (through
  // handler_of): breakpoint entries and fetches outside the direct region.
  static constexpr uint16_t kOpGeneric = op_count + 3;

  // Runs the instruction at `pc` and accounts it: its facts for the model (data address before
  // it runs, branch outcome after), the handler, retire, then the charges for what it set off
  // (hcall, RTAS, rfid, interrupt entry), the events, the budget. Moves `pc` and `n` on.
  // kOp/kFn: the handler, known at compile time in each label's copy (kFn null: in.fn), which
  // drops what cannot apply to it (an ALU operation has no data address and no branch).
  template <uint16_t kOp, Handler kFn>
  __attribute__((always_inline)) TimedNext timed_one(const Insn& in, const TimedInsn& td,
                                                     uint64_t& pc, uint64_t& n) {
    constexpr bool kGeneric = kFn == nullptr;
    constexpr OpIndex kIndex = static_cast<OpIndex>(kOp);
    constexpr bool kMayRedirect = kGeneric || writes_nia(kIndex);
    constexpr bool kReadsNia = kGeneric || reads_nia(kIndex);
    constexpr bool kMayCharge = kGeneric || kOp == op_sc || kOp == op_rfid;
    constexpr bool kMayAccess = kGeneric || has_access_row(kFn);
    constexpr bool kMayBranch = kGeneric || kOp == op_b || kOp == op_bc || kOp == op_bclr ||
                                kOp == op_bcctr;
    Core& c = core;
    timing::CoreTiming& tm = *timing;
    timing::CoreTiming::Thread& th = *timed_thread;
    timing::ExecFacts f;
    f.pc = pc;
    if (kMayAccess && td.ea != TimedInsn::no_access) {
      f.ea = td.ea == TimedInsn::ea_d ? c.ea_d(in) : c.ea_x(in);
      f.size = 8;
      f.device = !c.dmi.contains(f.ea, 1);
    }
    const uint8_t br = kMayBranch ? td.timing.desc.branch : 0;
    uint64_t not_taken_target = 0;
    if constexpr (kOp == op_b || kOp == op_bc) { // direct: no LR or CTR target
      not_taken_target = td.target & c.ea_mask;
    } else if constexpr (kOp == op_bclr) {
      not_taken_target = c.st.lr;
    } else if constexpr (kOp == op_bcctr) {
      not_taken_target = c.st.ctr;
    } else {
      if (br & timing::kToLr) not_taken_target = c.st.lr;
      else if (br & timing::kToCtr) not_taken_target = c.st.ctr;
      else if (br) not_taken_target = td.target & c.ea_mask;
    }
    // Only sc adds hcall cycles; an interrupt is entered only by an exception out of the
    // handler (synchronous) or in handle_events (asynchronous).
    const uint64_t irqs_before = c.interrupts_taken;
    uint64_t extra_before = 0;
    bool rtas_call = false;
    if (kMayCharge && td.charges) {
      extra_before = c.extra_cycles;
      rtas_call = in.op == op_sc && c.st.gpr[3] == kHcallRtas;
      if (in.op == op_sc || in.op == op_rfid) done = n;
    }
    // The sequential successor is taken with the mask in force before the instruction (an
    // mtmsrd that changes MSR[SF] applies from the next one).
    // With a store queue a stcx. runs only when the scheduler says every thread's earlier
    // stores are known (StoreQueue: the decision follows (cycle, thread), not host order).
    constexpr bool kMayStcx = kGeneric || kOp == op_stbcx || kOp == op_sthcx || kOp == op_stwcx ||
                              kOp == op_stdcx;
    if (kMayStcx && __builtin_expect(c.sq != nullptr, 0) && is_stcx(in.op)) {
      // Without a reservation it fails whatever the others do: no need to wait (unless every
      // stcx. stops, see Iss::set_store_queue).
      if (c.stcx_go_pc != pc && (c.stcx_always_stops || c.resv.reservation(c.st.pir))) {
        c.st.pc = pc;
        done = n;
        c.stop_reason = StopReason::stcx_order;
        c.raise(events::stop);
        return TimedNext::leave;
      }
      c.stcx_go_pc = ~0ull;
    }
    // An hcall whose store drain reaches the step's end runs at the drained cycle in a later
    // step (Core::hcall_drain_leaves_step): nothing is executed or retired here.
    constexpr bool kMaySc = kGeneric || kOp == op_sc;
    if (kMaySc && __builtin_expect(c.sq != nullptr, 0) && in.op == op_sc &&
        c.hcall_drain_leaves_step(in.word, timed_end)) {
      c.st.pc = pc;
      done = n;
      c.stop_reason = StopReason::budget;
      c.raise(events::stop);
      return TimedNext::leave;
    }
    // Running ahead (set_restricted): stop before what others could see or order: an `sc`
    // (hcalls, the hypervisor, devices, other threads), `wait` (its run state is read by
    // other threads' hcalls) and device accesses (the kernel's TLM path). After the hcall
    // drain check above, which only moves this thread's own cycle, so the step ends where
    // it would have.
    constexpr bool kMayStop = kGeneric || kOp == op_sc || kOp == op_wait;
    if (__builtin_expect(c.stops_before_shared, 0) &&
        ((kMayStop && (in.op == op_sc || in.op == op_wait)) || (kMayAccess && f.device))) {
      c.st.pc = pc;
      done = n;
      c.stop_reason = StopReason::restricted;
      c.raise(events::stop);
      return TimedNext::leave;
    }
    const uint64_t seq = (pc + 4) & c.ea_mask;
    uint64_t next = seq;
    bool trapped = false;
    if (kGeneric || needs_cia(kIndex)) c.set_cia(pc); // register-only handlers never read it
    if (kReadsNia) c.nia = seq; // only these handlers read it
    try {
      if constexpr (kGeneric) handler_of(in)(c, in);
      else kFn(c, in);
      if (kMayRedirect) next = c.nia;
    } catch (const InterruptTaken&) {
      next = c.st.pc; // the vector (or, checkstopped, the instruction)
      trapped = true;
    } catch (const WatchpointTrap&) { // thrown before the access: the instruction did not run
      c.st.pc = pc;
      watch_stop_pc = pc;
      done = n;
      c.stop_reason = StopReason::watchpoint;
      c.raise(events::stop);
      return TimedNext::leave;
    }
    ++n;
    const bool interrupted = trapped && c.interrupts_taken != irqs_before;
    if (br) {
      f.taken = next != ((pc + 4) & c.ea_mask) && !interrupted;
      f.target = f.taken ? next : not_taken_target;
    }
    pc = next;
    uint64_t cycle = tm.retire(th, td.timing, f, td.fetch_line);
    if (kMayCharge && td.charges) {
      cycle = ~0ull; // charged below: read back
      if (c.extra_cycles != extra_before) {
        // RTAS calls cost what the timing model says (firmware services are slower than the
        // shim's flat hcall cost); other hcalls what the shim charged.
        if (rtas_call) tm.charge(timing_thread, timing::Charge::rtas);
        else tm.charge_cycles(timing_thread, timing::Charge::hcall, c.extra_cycles - extra_before);
      }
      if (in.op == op_rfid) tm.charge(timing_thread, timing::Charge::rfid);
    }
    if (__builtin_expect(interrupted, 0)) {
      tm.charge(timing_thread, timing::Charge::exception);
      cycle = ~0ull;
    }
    // One comparison covers events and budget: Core::run_limit is timed_end, or 0 once an
    // event is raised (Core::raise). `cycle` is ~0 when charges were added: look again.
    if (__builtin_expect(cycle >= c.run_limit, 0)) {
      if (c.event != 0) {
        c.st.pc = pc;
        done = n;
        const uint64_t irqs = c.interrupts_taken;
        const bool leave = handle_events();
        if (c.interrupts_taken != irqs) tm.charge(timing_thread, timing::Charge::exception);
        if (leave) return TimedNext::leave;
        c.run_limit = c.event ? 0 : timed_end; // a bit left set (watch_skip) is looked at again
        pc = c.st.pc; // an interrupt taken there moved it
        if (th.cycle() >= timed_end) return TimedNext::budget_spent;
        return TimedNext::redirected;
      }
      if (th.cycle() >= timed_end && (__builtin_expect(!chain_armed, 1) || !chain_next_pass(th.cycle())))
        return TimedNext::budget_spent;
      c.run_limit = timed_end;
    }
    // Branches: not taken goes on to the next entry, taken within the page steps to its entry
    // (kOpB/kOpBc entries only: page_jump is set for relative b and bc).
    if constexpr (kMayBranch && !kGeneric) {
      if (trapped) return TimedNext::redirected;
      if (next == seq) return TimedNext::sequential;
      if ((kOp == op_b || kOp == op_bc) && in.page_jump != Insn::kFarTarget) return TimedNext::jumped;
      return TimedNext::redirected;
    }
    return kMayRedirect || trapped ? TimedNext::redirected : TimedNext::sequential;
  }

  // Cycle mode's page switch: every page it runs from carries the timing descriptions.
  __attribute__((noinline)) void switch_timed_page(uint64_t page_addr) {
    switch_page(page_addr);
    if (cur && !cur->timed) cur->timed.reset(new TimedInsn[kPageInsns]);
  }

  __attribute__((noinline)) void decode_timed(Insn& in, TimedInsn& td, uint64_t pc) {
    uint32_t raw; // from memory, as in run()'s decode
    std::memcpy(&raw, cur->host + (pc & (kPageBytes - 1)), 4);
    std::memcpy(cur->shadow + (pc & (kPageBytes - 1)), &raw, 4);
    const uint32_t word = core.le ? raw : __builtin_bswap32(raw);
    decode_at(in, word, pc);
    td = describe_timed(word, pc, timing->l1i_line_shift());
    td.charges = may_charge(in.op);
  }

  static bool is_stcx(uint16_t op) {
    return op == op_stbcx || op == op_sthcx || op == op_stwcx || op == op_stdcx;
  }

  static bool may_charge(uint16_t op) {
    return op == op_sc || op == op_rfid || op == kOpBreakpoint;
  }

  // Cycle mode with the board's clock (Core::cycle_timebase): at the cycles below
  // quiet_until the timebase reads below ThreadState::dec_edge == quiet_edge (with the clock
  // at quiet_hz, quiet_ps), so step() knows without reading it that the decrementer is not
  // due. SMT cores step every few instructions: this skips a conversion per step.
  uint64_t quiet_edge = 0, quiet_hz = 0, quiet_ps = 0;
  uint64_t quiet_until = 0; // 0: nothing known
  bool quiet_learned = false; // the four above are for the current clock and edge
  // The budget was spent at `cycle`: when that is the end of the chain's pass and the next
  // step's start would find nothing to do, the step goes on as that next step (a new pass).
  // What would give that start something to do ends a step through an event already (mtspr
  // DEC, MSR writes, code written, interrupts); the checks below only make sure.
  bool chain_next_pass(uint64_t cycle) {
    const Core& c = core;
    if (cycle < chain.pass_end) return false;
    if (c.event != 0 || c.st.msr != c.msr_derived || c.reset_pending) return false;
    if (c.st.dec_requested || c.st.dec_edge != chain_dec_edge || !decrementer_quiet(cycle)) return false;
    if ((c.st.msr & msr::EE) && c.external_level) return false;
    if (watch && watch->generation != watch_seen) return false;
    uint64_t end = cycle + chain.window;
    if (chain.turn > 1) end = end / chain.turn * chain.turn;
    if (end <= cycle || end > chain.limit) return false;
    chain.pass_start = cycle;
    chain.pass_end = end;
    ++chain.passes;
    timed_end = end;
    core.stcx_go_pc = ~0ull; // allow_stcx() covers one step, so one pass
    return true;
  }
  bool decrementer_quiet(uint64_t cycle) const {
    const TimebaseClock* k = core.cycle_timebase;
    return cycle < quiet_until && core.st.dec_edge == quiet_edge && k->hz == quiet_hz &&
           k->ps_per_unit == quiet_ps;
  }
  // After step() read the timebase: finds quiet_until again when the edge or the clock moved.
  // read_timebase() is floor(c * U * P * H / 10^12) at cycle c (U = cycle_units, P = the
  // clock's ps_per_unit, H = its hz) while c * U fits 64 bits and the products stay far from
  // 2^128; it is below the edge E exactly while c * U * P * H < E * 10^12, i.e. for
  // c < ceil(E * 10^12 / (U * P * H)).
  __attribute__((noinline)) void learn_quiet() {
    const TimebaseClock& k = *core.cycle_timebase;
    const uint64_t edge = core.st.dec_edge;
    if (quiet_learned && edge == quiet_edge && k.hz == quiet_hz && k.ps_per_unit == quiet_ps) return;
    quiet_learned = true;
    quiet_edge = edge;
    quiet_hz = k.hz;
    quiet_ps = k.ps_per_unit;
    quiet_until = 0;
    const uint64_t units = core.cycle_units;
    if (units == 0) return;
    const uint64_t fits = ~0ull / units; // c * units fits 64 bits for c <= fits
    __extension__ using u128 = unsigned __int128;
    const u128 up = static_cast<u128>(units) * k.ps_per_unit;
    if ((up >> 64) != 0 || ((up * k.hz) >> 100) != 0) return; // not the usual magnitudes
    const u128 den = up * k.hz;
    uint64_t until = fits;
    if (den == 0) { // the timebase stands at 0
      if (edge == 0) return;
    } else {
      const u128 first = (static_cast<u128>(edge) * 1'000'000'000'000ull + den - 1) / den;
      if (first < fits) until = static_cast<uint64_t>(first);
    }
    // The clock's own answer at the last cycle counted as quiet, as a check of the above.
    if (until != 0 && k.at_units((until - 1) * units) >= edge) return;
    quiet_until = until;
  }

  // step()'s rare parts, out of line.
  __attribute__((noinline)) void rederive_msr() { core.msr_changed(); }
  __attribute__((noinline)) void poll_decrementer() {
    const uint64_t tb = core.read_timebase();
    if (tb >= core.st.dec_edge) core.poll_dec(tb); // poll_dec's own first test, without the call
    if (timing && core.cycle_timebase) learn_quiet();
  }

  StepResult step(uint64_t max) {
    // Core::read_timebase's shortcut holds only inside the step (the board's rule).
    struct Stepping {
      bool& flag;
      explicit Stepping(bool& f) : flag(f) { flag = true; }
      ~Stepping() { flag = false; }
    } stepping(core.stepping);
    const bool chain_asked = chain_armed; // set_pass_chain() covers this step only
    chain_armed = false;
    chain.passes = 0;
    StepResult res;
    ThreadState& s = core.st;
    if (s.run_state != RunState::running) {
      res.reason = StopReason::left_running;
      return res;
    }
    // The wrapper or the hypervisor may have rewritten MSR between steps. An MSR as it was
    // when last derived gives the same derived fields (and a byte order not yet flushed still
    // has its flush event raised): only the interrupt condition, which also depends on the
    // interrupt sources, is looked at again.
    if (s.msr != core.msr_derived) rederive_msr();
    else core.update_interrupt_event();
    if (timing) timed_thread = &timing->thread(timing_thread);
    const uint64_t start_cycle = timing ? timed_thread->cycle() : 0;
    if (!decrementer_quiet(start_cycle)) poll_decrementer();
    core.event &= ~events::stop;
    core.stop_reason = StopReason::budget;
    core.extra_cycles = 0;
    done = 0;
    revalidate_if_written();
    if (timing) step_start_cycle = start_cycle;
    const uint64_t irqs_before = core.interrupts_taken;
    const bool leave = core.event != 0 && handle_events(); // no bit set: it would do nothing
    if (timing && core.interrupts_taken != irqs_before) timing->charge(timing_thread, timing::Charge::exception);
    if (leave) {
      core.stcx_go_pc = ~0ull;
      if (timing) res.cycles = timing->cycle(timing_thread) - step_start_cycle;
      return res;
    }
    if (core.st.pc != skip_pc) skip_pc = ~0ull; // an interrupt moved the thread off it
    if (timing) {
      chain_armed = chain_asked;
      run_timed(max);
      chain_armed = false;
    } else {
      run(max);
    }
    if (done != 0) skip_pc = ~0ull;
    core.stcx_go_pc = ~0ull; // allow_stcx() covers one step() only
    core.retired += done;
    res.instructions = done;
    res.cycles = timing ? timed_thread->cycle() - step_start_cycle : done + core.extra_cycles;
    res.reason = (core.event & events::stop) ? core.stop_reason : StopReason::budget;
    core.event &= ~events::stop;
    return res;
  }
};

Iss::Iss(ThreadState& state, GuestMemory& memory, HypervisorInterface& hypervisor,
         ReservationMonitor& reservations)
    : impl_(std::make_unique<Impl>(state, memory, hypervisor, reservations)) {}

Iss::~Iss() = default;

StepResult Iss::step(uint64_t max_instructions) { return impl_->step(max_instructions); }
ThreadState& Iss::state() { return impl_->core.st; }
const ThreadState& Iss::state() const { return impl_->core.st; }
uint64_t Iss::instructions_retired() const { return impl_->core.retired; }
void Iss::set_instructions_retired(uint64_t count) { impl_->core.retired = count; }

void Iss::flush_decode_cache() {
  impl_->core.set_direct_region(impl_->core.mem.direct_region());
  impl_->reset_code_map();
  impl_->flush();
}

void Iss::set_observer(IssObserver* observer) { impl_->core.observer = observer; }
uint64_t Iss::cycles_in_step() const {
  const Impl& i = *impl_;
  return i.timing ? i.timing->cycle(i.timing_thread) - i.step_start_cycle : i.done;
}

void Iss::set_timing(timing::CoreTiming* core_timing, unsigned thread) {
  impl_->timing = core_timing;
  impl_->timing_thread = thread;
  impl_->core.timing = core_timing;
  impl_->core.timing_thread = thread;
  impl_->labels = core_timing ? g_timed_labels : g_labels;
  impl_->flush(); // entries decoded so far hold the other loop's labels
}

void Iss::set_store_queue(StoreQueue* queue, bool every_stcx_stops) {
  Core& c = impl_->core;
  c.sq = queue;
  c.stcx_always_stops = every_stcx_stops;
  c.set_direct_region(c.dmi); // loads and stores of RAM now take the slow path
}

void Iss::allow_stcx() { impl_->core.stcx_go_pc = impl_->core.st.pc; }

void Iss::set_alone(bool on) { impl_->core.set_alone(on); }
bool Iss::alone() const { return impl_->core.alone; }

void Iss::set_restricted(bool on) {
  impl_->core.restricted = on;
  impl_->core.set_stop_rule();
  impl_->core.set_queue_spans();
}

void Iss::set_pass_chain(const PassChain& chain) {
  Impl& i = *impl_;
  i.chain = chain;
  i.chain.passes = 0;
  i.chain_armed = i.timing != nullptr && chain.window != 0;
  i.chain_dec_edge = i.core.st.dec_edge;
}
const Iss::PassChain& Iss::pass_chain() const { return impl_->chain; }

void Iss::set_solo_stops(bool on) {
  impl_->core.solo_stops = on;
  impl_->core.set_stop_rule();
}

void Iss::publish_staged_stores() {
  if (!impl_->core.staged.empty()) impl_->core.publish_staged();
}

void Iss::end_step() {
  impl_->core.stop_reason = StopReason::budget;
  impl_->core.raise(events::stop);
}

void Iss::add_breakpoint(uint64_t addr) {
  if (impl_->breakpoints.insert(addr).second) impl_->flush();
}

void Iss::remove_breakpoint(uint64_t addr) {
  if (impl_->breakpoints.erase(addr) != 0) impl_->flush();
}

void Iss::step_over_breakpoint() {
  impl_->skip_pc = impl_->core.st.pc;
  // Only a thread a watchpoint stopped skips the check, once: another thread's next access
  // is still caught.
  Core& c = impl_->core;
  if (!c.watches.empty() && c.st.pc == impl_->watch_stop_pc) {
    c.watch_skip_pc = c.st.pc;
    c.raise(events::watch_skip);
  }
  impl_->watch_stop_pc = ~0ull;
}

bool Iss::add_watchpoint(WatchKind kind, uint64_t addr, uint64_t len) {
  Core& c = impl_->core;
  if (!c.watches.add(kind, addr, len)) return false;
  c.set_direct_region(c.dmi); // empties the data window
  return true;
}

bool Iss::remove_watchpoint(WatchKind kind, uint64_t addr, uint64_t len) {
  Core& c = impl_->core;
  if (!c.watches.remove(kind, addr, len)) return false;
  c.set_direct_region(c.dmi); // the last one gone: loads and stores go direct again
  return true;
}

WatchHit Iss::watch_hit() const { return impl_->core.watch_hit; }

void Iss::set_external_interrupt(bool level) {
  Core& c = impl_->core;
  c.external_level = level;
  c.update_interrupt_event(); // a lowered line needs nothing: the boundary check finds no source
}

std::optional<uint64_t> Iss::decrementer_deadline() const { return cpu::decrementer_deadline(impl_->core.st); }

bool Iss::poll_timers() {
  Core& c = impl_->core;
  c.poll_dec(c.read_timebase());
  return c.interrupt_pending();
}

bool Iss::interrupt_pending() const { return impl_->core.interrupt_pending(); }

void Iss::raise_system_reset() {
  Core& c = impl_->core;
  c.reset_pending = true;
  c.update_interrupt_event();
  if (c.st.run_state == RunState::ceded) c.st.run_state = RunState::running;
}

void Iss::set_timebase_source(std::function<uint64_t()> source) {
  impl_->core.timebase = std::move(source);
}

void Iss::set_cycle_timebase(const TimebaseClock* clock, uint64_t units_per_cycle) {
  impl_->core.cycle_timebase = clock;
  impl_->core.cycle_units = units_per_cycle;
  impl_->quiet_learned = false;
  impl_->quiet_until = 0;
}

} // namespace ppc64sim::cpu
