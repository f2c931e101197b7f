// Interrupt delivery (Power ISA v3.0B Book III 7) and the slow memory path.
#include "models/cpu/core.h"
#include "models/cpu/core_cycle.h"
#include "models/cpu/timing/core_timing.h"

#include <algorithm>

namespace ppc64sim::cpu {
namespace {

// Book III 7.4.3: SRR1 bits 33:36 and 42:47 carry interrupt-specific information; the other
// bits are copied from the MSR.
constexpr uint64_t kSrr1FromMsr = ~(isa_bits(33, 36) | isa_bits(42, 47));

namespace srr1_program {
inline constexpr uint64_t illegal = isa_bit(44);
inline constexpr uint64_t privileged = isa_bit(45);
inline constexpr uint64_t trap = isa_bit(46);
} // namespace srr1_program

} // namespace

// Book III 7.5: new MSR = SF set, HV and ME kept, LE = LPCR[ILE], everything else cleared
// (real mode, EE=0, PR=0, FP/VEC/VSX off). Vectors are at the low real addresses.
void Core::enter_interrupt(uint64_t vector, uint64_t srr0, uint64_t srr1_flags, uint64_t extra_msr_clear) {
  ++interrupts_taken;
  st.srr0 = srr0;
  st.srr1 = (st.msr & kSrr1FromMsr) | srr1_flags;
  uint64_t keep = (msr::HV | msr::ME) & ~extra_msr_clear;
  st.msr = msr::SF | (st.msr & keep) | ((st.lpcr & lpcr::ILE) ? msr::LE : 0);
  msr_changed();
  st.pc = vector;
  if (observer) observer->on_exception(st, vector, srr0, st.srr1);
}

void Core::take_interrupt(uint64_t vector, uint64_t srr0, uint64_t srr1_flags, uint64_t extra_msr_clear) {
  enter_interrupt(vector, srr0, srr1_flags, extra_msr_clear);
  throw InterruptTaken{};
}

// Book III 7.8 (interrupt ordering): System Reset is the most favoured and not maskable;
// among the EE-gated ones the External interrupt (7.5.7) precedes the Decrementer (7.5.11),
// the order QEMU's POWER9 model uses too. SRR0 is the instruction that would have run next;
// SRR1 33:36 and 42:47 are 0 (no power-saving wake-up: 7.5.1 for System Reset), the rest
// comes from the MSR. With LPCR[LPES] set (PAPR partition) externals use SRR0/SRR1, not HSRR.
// Taking the Decrementer interrupt withdraws its request (firmware-contract.md); the external
// line is a level that only the ICP lowers.
void Core::deliver_async_interrupt() {
  if (st.run_state != RunState::running) return;
  if (reset_pending) {
    reset_pending = false;
    enter_interrupt(0x100, st.pc, 0);
    return;
  }
  if (!(st.msr & msr::EE)) return;
  if (external_level) {
    enter_interrupt(0x500, st.pc, 0);
  } else if (st.dec_requested) {
    st.dec_requested = false;
    enter_interrupt(0x900, st.pc, 0);
  }
}

void Core::program_illegal() { take_interrupt(0x700, cia(), srr1_program::illegal); }
void Core::program_privileged() { take_interrupt(0x700, cia(), srr1_program::privileged); }
void Core::program_trap() { take_interrupt(0x700, cia(), srr1_program::trap); }

// Book III 7.5.8: Alignment interrupt, DAR = EA. DSISR is not set by POWER9 for alignment
// (ISA 3.0 leaves it undefined); we clear it so software never sees stale fault bits.
void Core::alignment(uint64_t ea) {
  st.dar = ea;
  st.dsisr = 0;
  take_interrupt(0x600, cia(), 0);
}

// Book III 7.5.2: with MSR[ME]=0 a machine check puts the thread into checkstop. Otherwise
// the interrupt is taken with ME cleared; SRR0 = the failing instruction, DAR = the address.
void Core::machine_check(uint64_t addr) {
  if (!(st.msr & msr::ME)) {
    st.checkstop = true;
    st.run_state = RunState::stopped;
    st.pc = cia();
    raise(events::stop);
    stop_reason = StopReason::left_running;
    throw InterruptTaken{};
  }
  st.dar = addr;
  take_interrupt(0x200, cia(), 0, msr::ME);
}

// Book III 7.5.14: System Call, SRR0 = the instruction after `sc`.
void Core::system_call_interrupt() { take_interrupt(0xC00, nia, 0); }

uint64_t Core::now_cycle() const { return now_cycle_inline(); }

uint64_t Core::last_store_visible() const {
  if (!staged.empty()) return staged.back().cycle + sq->visibility();
  return sq->last_visible(st.pir);
}

void Core::stage_range(uint64_t ea, const uint8_t* data, unsigned len) {
  while (len != 0) {
    const unsigned room = StoreQueue::kChunk - static_cast<unsigned>(ea & (StoreQueue::kChunk - 1));
    const unsigned n = std::min(room, len);
    uint64_t bytes = 0;
    std::memcpy(&bytes, data, n);
    stage_chunk(ea, bytes, n);
    ea += n;
    data += n;
    len -= n;
  }
}

// Program order is coherence order among the staged stores: the newest one covering the
// whole range decides alone, otherwise every overlapping one from the oldest.
void Core::overlay_staged_slow(uint64_t ea, uint8_t* data, unsigned len) const {
  const uint64_t end = ea + len;
  std::size_t from = 0;
  for (std::size_t i = staged.size(); i != 0;) {
    const StagedStore& s = staged[--i];
    if (s.addr <= ea && s.addr + s.len >= end) {
      from = i;
      break;
    }
  }
  for (std::size_t i = from; i < staged.size(); ++i) {
    const StagedStore& s = staged[i];
    if (s.addr >= end || s.addr + s.len <= ea) continue;
    const uint64_t lo = std::max(ea, s.addr), hi = std::min(end, s.addr + s.len);
    std::memcpy(data + (lo - ea), reinterpret_cast<const uint8_t*>(&s.bytes) + (lo - s.addr), hi - lo);
  }
}

void Core::publish_staged() {
  for (const StagedStore& s : staged) sq->store_chunk(st.pir, s.cycle, s.addr, s.bytes, s.len);
  staged.clear();
  staged_lines = 0;
  set_queue_spans();
}

void Core::drain_own_stores() {
  if (!sq || !timing) return;
  const uint64_t v = last_store_visible();
  if (v > timing->cycle(timing_thread)) timing->idle_until(timing_thread, v);
}

bool Core::hcall_drain_leaves_step(uint32_t word, uint64_t step_end) {
  if (!sq || !timing || ((word >> 5) & 0x7f) != 1 || !privileged()) return false;
  const uint64_t v = last_store_visible();
  if (v <= timing->cycle(timing_thread) || v < step_end) return false;
  timing->idle_until(timing_thread, v);
  return true;
}

void Core::slow_read(uint64_t ea, uint8_t* data, unsigned len) {
  if (sq && dmi.contains(ea, len)) {
    if (__builtin_expect(!watches.empty(), 0)) check_watch(ea, len, false);
    std::memcpy(data, dmi.host + (ea - dmi.base), len);
    sq->overlay(st.pir, now_cycle(), ea, data, len);
    overlay_staged(ea, data, len);
    return;
  }
  if (__builtin_expect(!watches.empty(), 0)) {
    check_watch(ea, len, false);
    // RAM the fast path would have read directly: same bytes, no memory-interface traffic.
    if (dmi.contains(ea, len)) {
      std::memcpy(data, dmi.host + (ea - dmi.base), len);
      return;
    }
  }
  set_alone(false); // a device access: its effects may reach other threads (Core::alone)
  AccessInfo info{st.pir, false, privileged()};
  if (mem.read(ea, data, len, info) != AccessStatus::ok) machine_check(ea);
}
void Core::store_queued(uint64_t ea, uint64_t bytes, unsigned len) {
  const uint64_t off = ea - dmi.base;
  if (__builtin_expect(off < queue_store_span && queue_store_span - off >= len && watches.empty() &&
                           (ea & (StoreQueue::kChunk - 1)) + len <= StoreQueue::kChunk, 1)) {
    if (alone && code_map[(ea >> CodeWatch::kBlockShift) - dmi_block0] == 0 && !sq->maybe_pending(ea, len)) {
      uint8_t* p = dmi.host + off; // the low `len` bytes of `bytes`, in memory order
      switch (len) {                 // fixed sizes: no library call for the usual ones
      case 8: std::memcpy(p, &bytes, 8); break;
      case 4: std::memcpy(p, &bytes, 4); break;
      case 2: std::memcpy(p, &bytes, 2); break;
      case 1: std::memcpy(p, &bytes, 1); break;
      default: std::memcpy(p, &bytes, len); break;
      }
      sq->note_direct(st.pir, now_cycle(), ea);
      return;
    }
    sq->store_chunk(st.pir, now_cycle(), ea, bytes, len);
    return;
  }
  store_queued_other(ea, bytes, len); // a tail call: the common path needs no stack frame
}
void Core::store_queued_other(uint64_t ea, uint64_t bytes, unsigned len) {
  // Running ahead, the common store is staged as store_queued would have queued it.
  const uint64_t off = ea - dmi.base;
  if (restricted && off < dmi.size && dmi.size - off >= len && watches.empty() &&
      (ea & (StoreQueue::kChunk - 1)) + len <= StoreQueue::kChunk)
    return stage_chunk(ea, bytes, len);
  slow_write(ea, reinterpret_cast<const uint8_t*>(&bytes), len);
}
void Core::slow_write(uint64_t ea, const uint8_t* data, unsigned len) {
  if (sq && dmi.contains(ea, len)) {
    if (__builtin_expect(!watches.empty(), 0)) check_watch(ea, len, true);
    if (len != 0 && restricted) stage_range(ea, data, len);
    else if (len != 0) sq->store(st.pir, now_cycle(), ea, data, len);
    return;
  }
  if (__builtin_expect(!watches.empty(), 0)) {
    check_watch(ea, len, true);
    if (dmi.contains(ea, len)) {
      std::memcpy(dmi.host + (ea - dmi.base), data, len);
      if (len != 0) note_store_near_code(ea, len); // any length: every block it covers
      return;
    }
  }
  set_alone(false); // a device access: its effects may reach other threads (Core::alone)
  AccessInfo info{st.pir, false, privileged()};
  if (mem.write(ea, data, len, info) != AccessStatus::ok) machine_check(ea);
}

void Core::check_watch(uint64_t ea, unsigned len, bool write) {
  if (len == 0 || cia() == watch_skip_pc) return;
  if (auto hit = watches.match(ea, len, write)) {
    watch_hit = *hit;
    throw WatchpointTrap{};
  }
}

} // namespace ppc64sim::cpu
