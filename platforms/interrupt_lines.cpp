#include "platforms/interrupt_lines.h"

#include <algorithm>

namespace ppc64sim::platform {

InterruptLines::InterruptLines(const char* name, unsigned count, cpu::RunControl& run_control)
    : run_control_(run_control), signals_(name, count), lines_(count) {
  held_.reserve(count);
  changed_.reserve(count);
}

// The ICPs outlive the lines in the board: they must not call back into them afterwards.
InterruptLines::~InterruptLines() {
  for (Line& line : lines_)
    if (line.icp) line.icp->set_line_listener(nullptr);
}

void InterruptLines::connect(uint32_t server, intc::Icp& icp, cpu::PowerCore& core, unsigned thread) {
  icp.irq.bind(signals_[server]);
  core.external_interrupt[thread].bind(signals_[server]);
  lines_.at(server) = Line{&icp, &core, false};
  icp.set_line_listener(this);
}

void InterruptLines::line_changed(intc::Icp& icp) {
  if (!holding_) {
    icp.publish_line();
    return;
  }
  Line& line = lines_[icp.server()];
  if (line.held) return; // its process would already be runnable: the first change places it
  line.held = true;
  held_.push_back(icp.server());
}

void InterruptLines::release() {
  holding_ = false;
  for (uint32_t server : held_) {
    lines_[server].held = false;
    lines_[server].icp->publish_line();
  }
  held_.clear();
}

bool InterruptLines::settle() {
  holding_ = false;
  // Evaluation phase and update: each held ICP's process would write its present line; a
  // signal changes when that differs from its value. The cores' processes become runnable in
  // the order of those changes, each once.
  changed_.clear();
  for (uint32_t server : held_) {
    Line& line = lines_[server];
    line.held = false;
    const bool level = line.icp->line();
    if (signals_[server].read() == level) continue;
    signals_[server].settle_value(level);
    if (std::find(changed_.begin(), changed_.end(), line.core) == changed_.end()) changed_.push_back(line.core);
  }
  held_.clear();
  // Next delta cycle: the cores' processes; a wake-up's notification would resume the
  // scheduler in the delta cycle after, which is now.
  bool woke = false;
  for (cpu::PowerCore* core : changed_) woke = core->apply_external_interrupts() || woke;
  if (woke) run_control_.scheduler_wake.cancel();
  return woke;
}

} // namespace ppc64sim::platform
