// The decrementer (Power ISA v3.0B Book III 9.3), computed from the timebase and never ticked
// (architecture habit 5). DEC counts down at the timebase rate; what is stored is the value
// written and the timebase at that moment. The only event is the next tick at which DEC bit 0
// turns from 0 to 1 (ThreadState::dec_edge); the SystemC wrapper waits for it with one
// sc_event and the ISS checks it at the start of every step().
#include "models/cpu/core.h"

namespace ppc64sim::cpu {
namespace {

constexpr uint64_t kPeriod = 1ull << 32; // DEC is 32 bits (LPCR[LD] large mode not modelled)
constexpr uint32_t kSign = 0x80000000u;

// Ticks after a write of `value` until bit 0 next goes 0 -> 1: DEC reads -1 (all ones) after
// value + 1 ticks, modulo the 32-bit period.
uint64_t ticks_to_edge(uint32_t value) {
  uint64_t e = (static_cast<uint64_t>(value) + 1) & (kPeriod - 1);
  return e == 0 ? kPeriod : e;
}

} // namespace

uint64_t Core::read_dec(uint64_t tb) const {
  return static_cast<uint32_t>(st.dec - (tb - st.dec_tb));
}

// mtspr DEC. A value with bit 0 clear withdraws a request (firmware-contract.md: "until DEC is
// written with a positive value"); software turning bit 0 from 0 to 1 is a 0 -> 1 transition
// like the count reaching it, so it requests the interrupt.
void Core::write_dec(uint64_t value, uint64_t tb) {
  uint32_t before = static_cast<uint32_t>(read_dec(tb));
  uint32_t v = static_cast<uint32_t>(value);
  st.dec = v;
  st.dec_tb = tb;
  st.dec_edge = tb + ticks_to_edge(v);
  if (v & kSign) {
    if (!(before & kSign)) {
      st.dec_requested = true;
      update_interrupt_event();
    }
  } else {
    st.dec_requested = false;
  }
}

// Requests the interrupt once the timebase reached the edge; a thread that slept past several
// periods still gets one request, and the next edge is the first one after `tb`.
void Core::poll_dec(uint64_t tb) {
  if (tb < st.dec_edge) return;
  st.dec_edge += ((tb - st.dec_edge) / kPeriod + 1) * kPeriod;
  st.dec_requested = true;
  update_interrupt_event();
}

} // namespace ppc64sim::cpu
