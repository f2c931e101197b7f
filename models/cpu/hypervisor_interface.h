#pragma once
// What the ISS calls when a thread executes `sc 1` in privileged state. The hypervisor shim
// (models/hyp) implements it; the ISS knows nothing about hcall numbers.
#include "thread_state.h"

namespace ppc64sim::cpu {

struct HcallResult {
  // true when the call changed what this thread or the board is doing (stop-self, cede,
  // power-off, another thread started): the ISS returns from step() right after the `sc`.
  bool leave_step = false;
  uint64_t cycles = 0; // service cost charged to the calling thread
  // Cycle mode: the call waits for an answer travelling the XICS fabric (a query to another
  // thread's ICP or to an ICS): the caller executes nothing before this timing cycle (0: no
  // wait). Its `sc` then completes with the usual costs.
  uint64_t resume_cycle = 0;
};

class HypervisorInterface {
public:
  virtual ~HypervisorInterface() = default;
  // r3 = opcode, r4.. = arguments; the shim writes r3 = status and outputs into r4...
  // On entry state.pc already points after the `sc 1`.
  virtual HcallResult hcall(ThreadState& state) = 0;
};

} // namespace ppc64sim::cpu
