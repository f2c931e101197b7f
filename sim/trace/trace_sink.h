#pragma once
// The interface the models call (issue part 4-5). Cycles are core-clock cycles of the event
// (a thread's local time under temporal decoupling is fine: TraceFanout puts events in order).
#include "sim/trace/trace_types.h"

#include <cstdint>
#include <string_view>

namespace ppc64sim::trace {

class TraceSink {
public:
  virtual ~TraceSink() = default;

  // An MSI pulse, or an LSI line changing to `level` (ignored for MSI).
  virtual void on_trigger(uint64_t cycle, uint32_t source, TriggerKind kind, bool level) = 0;
  // A fabric message; `cycle` should equal ev.applied.
  virtual void on_fabric(uint64_t cycle, const FabricEvent& ev) = 0;
  // The thread's external-interrupt line changed.
  virtual void on_line(uint64_t cycle, uint32_t server, bool raised) = 0;
  // The thread took an interrupt: vector entry with the saved SRR0/SRR1.
  virtual void on_exception(uint64_t cycle, uint32_t server, uint64_t vector, uint64_t srr0, uint64_t srr1) = 0;
  // An hcall completed (status and outputs known).
  virtual void on_hcall(uint64_t cycle, uint32_t server, const HcallEvent& ev) = 0;
  // rfid/hrfid: return to `to` with MSR `msr`.
  virtual void on_rfid(uint64_t cycle, uint32_t server, uint64_t to, uint64_t msr) = 0;
  virtual void on_run_state(uint64_t cycle, uint32_t server, RunState state) = 0;
  virtual void on_icp_state(uint64_t cycle, uint32_t server, const IcpState& state) = 0;
  virtual void on_source_state(uint64_t cycle, uint32_t source, const SourceState& state) = 0;

  // Promise: no later call carries a cycle below `cycle` (e.g. the end of the quantum every
  // core has reached). Lets buffered events be written out in order.
  virtual void advance(uint64_t cycle) {}
  virtual void flush() {}
  // Writes everything still buffered and the trailer; `reason`: end, limit, interrupted, error.
  virtual void close(std::string_view reason) {}
};

} // namespace ppc64sim::trace
