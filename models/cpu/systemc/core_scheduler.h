#pragma once
// Runs every core of the board from one SystemC process, in passes: a pass gives each core,
// in core order, a window of simulated time from the kernel time to one quantum later.
// One process and a fixed order make a run independent of how the SystemC kernel orders
// processes woken at the same time, so a run is reproducible step by step, a checkpoint taken
// between passes holds everything, and a restored run replays exactly what the original did.
#include "models/cpu/systemc/power_core.h"
#include "models/cpu/systemc/run_control.h"

#include <systemc>

#include <functional>
#include <vector>

namespace ppc64sim::cpu {

class CoreScheduler : public sc_core::sc_module {
public:
  CoreScheduler(sc_core::sc_module_name name, std::vector<PowerCore*> cores, RunControl& run_control,
                const sc_core::sc_time& window, const sc_core::sc_time& cycle);

  // Called at the start of every pass, when every core's time is at or past kernel time and
  // nothing of the board is mid-flight in a core (checkpoints).
  std::function<void()> on_pass_start;
  // A restored board: the first pass happens at `t` (call before the kernel starts).
  void start_at(const sc_core::sc_time& t) { start_at_ = t; }
  // The board's present: kernel time, or the restored time before the kernel reaches it.
  sc_core::sc_time now() const {
    const sc_core::sc_time& kernel = sc_core::sc_time_stamp();
    return start_at_ > kernel ? start_at_ : kernel;
  }

private:
  void run();
  void run_pass();

  std::vector<PowerCore*> cores_;
  RunControl& run_control_;
  sc_core::sc_time window_;
  sc_core::sc_time cycle_;
  sc_core::sc_time start_at_ = sc_core::SC_ZERO_TIME;
};

} // namespace ppc64sim::cpu
