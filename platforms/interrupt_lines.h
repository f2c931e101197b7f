#pragma once
// The board's external-interrupt lines, ICP -> core (architecture.md "ICP -> thread"): each ICP
// drives a signal (its drive_irq process writes the line's value in the evaluation phase of
// the change) and the core's process, sensitive to its threads' signals, applies the levels
// one delta cycle later and wakes a ceded thread, whose wake-up starts the scheduler's next
// pass one more delta cycle later.
//
// Most line changes happen inside a scheduler pass (hcalls such as H_IPI and H_XIRR). For
// those the lines also serve as the scheduler's PassFollowUp: a change made during a pass is
// held back instead of waking the ICP's process, and at the end of the pass either
//  - released: each held ICP publishes its line as it would have at the change (nothing else
//    is affected by when, within the evaluation phase, that happens), or
//  - settled, when the kernel has nothing else to do at the present time: the signals take
//    their new values and the cores whose inputs changed apply them, in the order the kernel
//    would run their processes (the order of the first change of each line that ends up
//    changed). Nothing else listens to these signals, so that is all the kernel would do.
// Line changes made by any other process (a fabric delivery with latency, a device) are
// published at once, as always.
#include "models/cpu/systemc/core_scheduler.h"
#include "models/cpu/systemc/power_core.h"
#include "models/intc/icp_module.h"

#include <systemc>

#include <cstdint>
#include <vector>

namespace ppc64sim::platform {

class InterruptLines : public cpu::PassFollowUp, private intc::IcpLineListener {
public:
  // `count` lines, one per server 0..count-1.
  InterruptLines(const char* name, unsigned count, cpu::RunControl& run_control);
  ~InterruptLines() override;
  InterruptLines(const InterruptLines&) = delete;
  InterruptLines& operator=(const InterruptLines&) = delete;

  // Wiring, during elaboration: the ICP of `server` drives the line, `core`'s input `thread`
  // reads it.
  void connect(uint32_t server, intc::Icp& icp, cpu::PowerCore& core, unsigned thread);

  // cpu::PassFollowUp
  void hold() override { holding_ = true; }
  void release() override;
  bool settle() override;
  bool holding() const override { return !held_.empty(); }

private:
  // A signal whose value the settling can set as the kernel's update phase would.
  class Signal : public sc_core::sc_signal<bool> {
  public:
    explicit Signal(const char* name) : sc_core::sc_signal<bool>(name) {}
    void settle_value(bool v) {
      m_cur_val = v;
      m_new_val = v;
    }
  };
  struct Line {
    intc::Icp* icp = nullptr;
    cpu::PowerCore* core = nullptr;
    bool held = false;
  };

  void line_changed(intc::Icp& icp) override;

  cpu::RunControl& run_control_;
  sc_core::sc_vector<Signal> signals_;
  std::vector<Line> lines_;              // by server
  std::vector<uint32_t> held_;           // servers, in the order of their first change
  std::vector<cpu::PowerCore*> changed_; // settle(): cores to apply, in order
  bool holding_ = false;
};

} // namespace ppc64sim::platform
