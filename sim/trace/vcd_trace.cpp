#include "sim/trace/vcd_trace.h"

#include "sim/trace/field_format.h"

#include <algorithm>
#include <type_traits>

namespace ppc64sim::trace {

VcdTrace::VcdTrace(const std::string& path, uint64_t clock_hz, const TraceTopology& topology,
                   const std::string& signal_pattern)
    : vcd_(path, clock_hz, SignalFilter(signal_pattern)) {
  for (uint32_t srv : topology.servers) {
    std::string p = "board." + Who::thread(srv).str() + ".";
    // Reset values from xics-spec.md section 2.1: CPPR 0, XISR 0, MFRR 0xFF, pending 0xFF.
    threads_[srv] = {vcd_.add_signal(p + "irq_line", 1), vcd_.add_signal(p + "cppr", 8, 0),
                     vcd_.add_signal(p + "xisr", 24, 0), vcd_.add_signal(p + "mfrr", 8, 0xff),
                     vcd_.add_signal(p + "pprio", 8, 0xff), vcd_.add_signal(p + "run", 2, kStopped)};
  }
  for (uint32_t src : topology.sources) {
    std::string p = "board." + Who::source(src).str() + ".";
    // A source comes out of reset with priority 0xFF, i.e. masked.
    sources_[src] = {vcd_.add_signal(p + "asserted", 1), vcd_.add_signal(p + "pending", 1),
                     vcd_.add_signal(p + "masked", 1, 1)};
  }
  f_msg_ = vcd_.add_signal("board.fabric.msg", 3);
  f_server_ = vcd_.add_signal("board.fabric.server", 32);
  f_source_ = vcd_.add_signal("board.fabric.source", 24);
  f_prio_ = vcd_.add_signal("board.fabric.prio", 8, 0xff);
  f_count_ = vcd_.add_signal("board.fabric.count", 32);
}

VcdTrace::~VcdTrace() {
  CloseInfo info;
  info.reason = "destroyed";
  close(info);
}

// fabric.msg is a one-cycle pulse: it drops back to 0 the cycle after the last message.
void VcdTrace::end_pulse_before(uint64_t cycle) {
  if (pulse_ && cycle > pulse_cycle_) {
    vcd_.change(pulse_cycle_ + 1, f_msg_, kMsgNone);
    pulse_ = false;
  }
}

void VcdTrace::write(const TraceEvent& ev) {
  const uint64_t c = ev.cycle;
  end_pulse_before(c);
  if (c > last_cycle_) last_cycle_ = c;
  std::visit(
      [this, c](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, TriggerRec>) {
          auto it = sources_.find(r.source);
          if (it != sources_.end() && r.kind == TriggerKind::Lsi) vcd_.change(c, it->second.asserted, r.level);
        } else if constexpr (std::is_same_v<T, FabricRec>) {
          static constexpr uint64_t codes[] = {kMsgPresent, kMsgReject, kMsgEoi, kMsgResend, kMsgIpi, kMsgPoll, kMsgControl};
          vcd_.change(c, f_msg_, codes[static_cast<int>(r.ev.msg)]);
          vcd_.change(c, f_server_, r.ev.server);
          vcd_.change(c, f_source_, r.ev.source);
          vcd_.change(c, f_prio_, r.ev.prio);
          vcd_.change(c, f_count_, ++fabric_count_);
          pulse_ = true;
          pulse_cycle_ = c;
        } else if constexpr (std::is_same_v<T, LineRec>) {
          auto it = threads_.find(r.server);
          if (it != threads_.end()) vcd_.change(c, it->second.line, r.raised);
        } else if constexpr (std::is_same_v<T, RunRec>) {
          auto it = threads_.find(r.server);
          static constexpr uint64_t codes[] = {kStopped, kRunning, kCeded};
          if (it != threads_.end()) vcd_.change(c, it->second.run, codes[static_cast<int>(r.state)]);
        } else if constexpr (std::is_same_v<T, IcpRec>) {
          auto it = threads_.find(r.server);
          if (it == threads_.end()) return;
          vcd_.change(c, it->second.cppr, r.state.cppr);
          vcd_.change(c, it->second.xisr, r.state.xisr);
          vcd_.change(c, it->second.mfrr, r.state.mfrr);
          vcd_.change(c, it->second.pprio, r.state.pprio);
        } else if constexpr (std::is_same_v<T, SourceRec>) {
          auto it = sources_.find(r.source);
          if (it == sources_.end()) return;
          vcd_.change(c, it->second.asserted, r.state.asserted);
          vcd_.change(c, it->second.pending, r.state.pending);
          vcd_.change(c, it->second.masked, r.state.masked);
        }
        // Exceptions, hcalls, rfid and generic events are instants: the line trace and the
        // Perfetto trace show them; a wire would only add noise.
      },
      ev.body);
}

void VcdTrace::flush() {
  vcd_.flush();
}

void VcdTrace::close(const CloseInfo& info) {
  uint64_t end = std::max(info.last_cycle, last_cycle_);
  end_pulse_before(end + 2);
  vcd_.close(std::max(end, pulse_cycle_ + 1));
}

} // namespace ppc64sim::trace
