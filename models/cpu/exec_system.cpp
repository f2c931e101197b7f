// Traps, special-purpose registers, MSR access, rfid, sc and the facility-unavailable
// placeholders (Power ISA v3.0B Book I 3.3.11, Book III 4 - 5, 7).
#include "models/cpu/handlers.h"

namespace ppc64sim::cpu::ops {
namespace {

// Book I 3.3.11: TO bits 0..4 = lt, gt, eq, ltu, gtu.
bool trap_condition(unsigned to, int64_t a, int64_t b) {
  uint64_t ua = static_cast<uint64_t>(a), ub = static_cast<uint64_t>(b);
  return ((to & 16u) && a < b) || ((to & 8u) && a > b) || ((to & 4u) && a == b) ||
         ((to & 2u) && ua < ub) || ((to & 1u) && ua > ub);
}
int64_t low_word(uint64_t v) { return static_cast<int32_t>(v); }

// SPR number: the field holds spr[5:9] in bits 11-15 and spr[0:4] in bits 16-20.
unsigned spr_number(const Insn& in) { return in.ra | (static_cast<unsigned>(in.rb) << 5); }

constexpr uint64_t kXerMask = xer::SO | xer::OV | xer::CA | xer::OV32 | xer::CA32 | xer::BYTE_COUNT;

void require_privileged(Core& c) {
  if (!c.privileged()) c.program_privileged();
}

// Book III 5.4.4 (mtspr/mfspr) with an undefined SPR number: SPR numbers with bit 0x10 set are
// privileged: no-op in privileged state, Privileged Instruction program interrupt in problem
// state. Other undefined numbers raise the Hypervisor Emulation Assistance interrupt, which a
// PAPR partition sees as an Illegal Instruction program interrupt (QEMU does the same).
// In privileged state spr 0/4/5/6 also raise it; the rest are no-ops.
void undefined_spr(Core& c, unsigned spr) {
  if (spr & 0x10) {
    if (!c.privileged()) c.program_privileged();
    return;
  }
  if (!c.privileged() || spr == 0 || spr == 4 || spr == 5 || spr == 6) c.program_illegal();
}

uint64_t read_timebase(Core& c) { return c.read_timebase(); }

// Leaves step() so the wrapper re-plans around a changed decrementer deadline.
void timer_changed(Core& c) {
  c.raise(events::stop);
  c.stop_reason = StopReason::budget;
}

} // namespace

void tw(Core& c, const Insn& in) {
  if (trap_condition(in.rt, low_word(c.gpr(in.ra)), low_word(c.gpr(in.rb)))) c.program_trap();
}
void td(Core& c, const Insn& in) {
  if (trap_condition(in.rt, static_cast<int64_t>(c.gpr(in.ra)), static_cast<int64_t>(c.gpr(in.rb))))
    c.program_trap();
}
void twi(Core& c, const Insn& in) {
  if (trap_condition(in.rt, low_word(c.gpr(in.ra)), low_word(in.imm))) c.program_trap();
}
void tdi(Core& c, const Insn& in) {
  if (trap_condition(in.rt, static_cast<int64_t>(c.gpr(in.ra)), static_cast<int64_t>(in.imm)))
    c.program_trap();
}

void mfspr(Core& c, const Insn& in) {
  unsigned spr = spr_number(in);
  ThreadState& s = c.st;
  if ((spr & 0x10) && !c.privileged()) c.program_privileged();
  uint64_t v;
  switch (spr) {
  case 1: v = s.xer & kXerMask; break;
  case 8: v = s.lr; break;
  case 9: v = s.ctr; break;
  case 18: v = s.dsisr; break;
  case 19: v = s.dar; break;
  case 3: case 17: v = s.dscr; break; // DSCR: 3 is the problem-state alias (Book II 4.4.4)
  case 22: v = c.read_dec(read_timebase(c)); break;
  case 26: v = s.srr0; break;
  case 27: v = s.srr1; break;
  case 28: v = s.cfar; break;
  case 136: v = s.ctrl; break;
  case 268: v = read_timebase(c); break;
  case 269: v = read_timebase(c) >> 32; break;
  case 272: case 273: case 274: case 275: v = s.sprg[spr - 272]; break;
  case 287: v = s.pvr; break;
  case 318: v = s.lpcr; break;
  case 896: v = s.ppr; break;
  case 1023: v = s.pir; break;
  default: undefined_spr(c, spr); return;
  }
  c.gpr(in.rt) = v;
}

void mtspr(Core& c, const Insn& in) {
  unsigned spr = spr_number(in);
  ThreadState& s = c.st;
  uint64_t v = c.gpr(in.rt);
  if ((spr & 0x10) && !c.privileged()) c.program_privileged();
  switch (spr) {
  case 1: s.xer = v & kXerMask; break;
  case 8: s.lr = v; break;
  case 9: s.ctr = v; break;
  case 18: s.dsisr = static_cast<uint32_t>(v); break;
  case 19: s.dar = v; break;
  case 3: case 17: s.dscr = v; break;
  case 22: c.write_dec(v, read_timebase(c)); timer_changed(c); break;
  case 26: s.srr0 = v; break;
  case 27: s.srr1 = v; break;
  case 28: s.cfar = v; break;
  case 152: s.ctrl = static_cast<uint32_t>(v & 1u); break; // only RUN is writable
  case 272: case 273: case 274: case 275: s.sprg[spr - 272] = v; break;
  case 896: s.ppr = v; break;
  // Read-only or hypervisor-owned SPRs known to the partition (PVR, PIR, LPCR, TB writes):
  // writing them from a non-hypervisor state is a privileged operation the partition does
  // not have, so the write is dropped (QEMU raises no interrupt for these either).
  case 287: case 318: case 1023: case 284: case 285: break;
  default: undefined_spr(c, spr); break;
  }
}

void mftb(Core& c, const Insn& in) {
  unsigned tbr = spr_number(in);
  uint64_t tb = read_timebase(c);
  if (tbr == 268) c.gpr(in.rt) = tb;
  else if (tbr == 269) c.gpr(in.rt) = tb >> 32;
  else undefined_spr(c, tbr);
}

void mfmsr(Core& c, const Insn& in) {
  require_privileged(c);
  c.gpr(in.rt) = c.st.msr;
}

namespace {
// Book III 4.4.4 mtmsr/mtmsrd (L=0): PR set forces EE, IR, DR on; HV and ME are not writable
// outside hypervisor state.
uint64_t with_pr_implied(uint64_t v) {
  if (v & msr::PR) v |= msr::EE | msr::IR | msr::DR;
  return v;
}
constexpr uint64_t kMtmsrMask = isa_bit(32) | isa_bits(34, 47) | isa_bits(49, 50) |
                                isa_bits(52, 57) | isa_bits(60, 62) | msr::EE | msr::IR | msr::DR;
constexpr uint64_t kMtmsrdMask = isa_bits(0, 2) | isa_bits(4, 28) | isa_bit(32) | isa_bits(34, 47) |
                                 isa_bits(49, 50) | isa_bits(52, 57) | isa_bits(60, 63) | msr::EE |
                                 msr::IR | msr::DR;
// ME (bit 51) is included although Book III keeps it for the hypervisor: QEMU pseries lets a
// guest's rfid set it, and firmware reads SF|ME back after its 32->64-bit rfid there
// (firmware-contract.md); matching QEMU's console is the compatibility target.
constexpr uint64_t kRfidMask = isa_bits(0, 2) | isa_bits(4, 28) | isa_bit(32) | isa_bits(34, 50) |
                               isa_bit(51) | isa_bits(52, 57) | isa_bits(58, 59) | isa_bits(60, 63);
} // namespace

void mtmsr(Core& c, const Insn& in) {
  require_privileged(c);
  uint64_t v = with_pr_implied(c.gpr(in.rt));
  if ((in.word >> 16) & 1u) { // L=1: only EE and RI
    uint64_t m = msr::EE | msr::RI;
    c.st.msr = (c.st.msr & ~m) | (v & m);
  } else {
    c.st.msr = (c.st.msr & ~kMtmsrMask) | (v & kMtmsrMask);
  }
  c.msr_changed();
}
void mtmsrd(Core& c, const Insn& in) {
  require_privileged(c);
  uint64_t v = c.gpr(in.rt);
  if ((in.word >> 16) & 1u) {
    uint64_t m = msr::EE | msr::RI;
    c.st.msr = (c.st.msr & ~m) | (v & m);
  } else {
    v = with_pr_implied(v);
    c.st.msr = (c.st.msr & ~kMtmsrdMask) | (v & kMtmsrdMask);
  }
  c.msr_changed();
}

// Book III 4.4.1 rfid from privileged non-hypervisor state: MSR from SRR1 except HV (and ME
// writable, as on QEMU: see kRfidMask);
// the new MSR[SF] decides whether NIA keeps its high word.
void rfid(Core& c, const Insn& in) {
  require_privileged(c);
  uint64_t v = with_pr_implied(c.st.srr1);
  c.st.msr = (c.st.msr & ~kRfidMask) | (v & kRfidMask);
  c.msr_changed();
  c.st.cfar = c.cia();
  c.nia = c.st.srr0 & ~3ull & c.ea_mask;
  if (c.observer) c.observer->on_rfid(c.st, c.nia, c.st.msr);
}

// sc LEV=1 from a PAPR partition is a hypercall (PAPR 14.5.3): serviced by the hypervisor
// shim with PC already past the `sc`. In problem state the hypervisor answers H_PRIVILEGE.
void sc(Core& c, const Insn& in) {
  unsigned lev = (in.word >> 5) & 0x7f;
  if (lev != 1) {
    c.system_call_interrupt();
    return;
  }
  if (!c.privileged()) {
    c.gpr(3) = static_cast<uint64_t>(-3); // H_PRIVILEGE
    return;
  }
  c.st.pc = c.nia;
  c.set_alone(false); // the hcall may reach other threads (Core::alone)
  // Firmware expects the hypervisor, and the threads it acts on, to see its prior stores.
  c.drain_own_stores();
  HcallResult r = c.hyp.hcall(c.st);
  // A query on the XICS fabric: nothing runs until its answer is back.
  if (r.resume_cycle != 0 && c.timing && r.resume_cycle > c.timing->cycle(c.timing_thread))
    c.timing->idle_until(c.timing_thread, r.resume_cycle);
  c.nia = c.st.pc;
  c.extra_cycles += r.cycles;
  c.msr_changed(); // the shim may have changed MSR or LPCR
  // PAPR H_CEDE returns at once when an interrupt is already pending: the shim sees only the
  // external line through its query, the decrementer and reset are known here.
  if (c.st.run_state == RunState::ceded) {
    c.poll_dec(read_timebase(c));
    if (c.interrupt_pending()) c.st.run_state = RunState::running;
  }
  if (c.st.run_state != RunState::running) {
    c.raise(events::stop);
    c.stop_reason = StopReason::left_running;
  } else if (r.leave_step) {
    c.raise(events::stop);
    c.stop_reason = StopReason::hcall_yield;
  }
}

// ISA 3.0 Book II 4.6.3 wait (WC = 0): the thread stops fetching until an interrupt is
// pending, whatever MSR[EE]; then it resumes after the `wait` and takes the interrupt if
// enabled. Modelled as the cede sleep (RunState::ceded) the wrapper already wakes on
// interrupts; H_PROD waking it is a simplification.
void wait(Core& c, const Insn& in) {
  c.poll_dec(read_timebase(c));
  if (c.interrupt_pending()) return;
  c.st.pc = c.nia;
  c.st.run_state = RunState::ceded;
  c.raise(events::stop);
  c.stop_reason = StopReason::left_running;
}

// Book III 7.5.10 / 7.5.15 / 7.5.16. With the facility enabled the instruction is still
// unimplemented here, so it is treated as illegal.
void fp_unavailable(Core& c, const Insn&) {
  if (!(c.st.msr & msr::FP)) c.take_interrupt(0x800, c.cia(), 0);
  c.program_illegal();
}
void vec_unavailable(Core& c, const Insn&) {
  if (!(c.st.msr & msr::VEC)) c.take_interrupt(0xF20, c.cia(), 0);
  c.program_illegal();
}
void vsx_unavailable(Core& c, const Insn&) {
  if (!(c.st.msr & msr::VSX)) c.take_interrupt(0xF40, c.cia(), 0);
  c.program_illegal();
}
void illegal(Core& c, const Insn&) { c.program_illegal(); }

} // namespace ppc64sim::cpu::ops
