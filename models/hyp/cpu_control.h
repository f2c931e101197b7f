#pragma once
// What the hypervisor shim needs from the board to start, stop and query hardware threads
// (RTAS start-cpu, stop-self, query-cpu-stopped-state, H_CEDE/H_PROD) and to end the run
// (RTAS power-off). The board implements it; threads are named by interrupt server number.
#include "models/cpu/thread_state.h"

#include <cstdint>

namespace ppc64sim::hyp {

class CpuControl {
public:
  virtual ~CpuControl() = default;
  virtual bool has_thread(uint32_t server) const = 0;
  // Architected state of a thread; has_thread(server) must hold.
  virtual cpu::ThreadState& thread_state(uint32_t server) = 0;
  // Called before the shim changes a field of another thread's state that the thread itself
  // reads as it runs (H_SET_MODE's LPCR): the board refuses it when it cannot keep the
  // results of --host-threads those of one host thread (board_impl.h).
  virtual void will_change(uint32_t server) { (void)server; }
  // Puts a thread into `running` (after its state was set) and wakes its core.
  virtual void wake(uint32_t server) = 0;
  // Current simulated time in timebase ticks, as the calling thread sees it.
  virtual uint64_t timebase_now() const = 0;
  virtual void request_power_off() = 0;
  virtual void request_reboot() = 0;
};

} // namespace ppc64sim::hyp
