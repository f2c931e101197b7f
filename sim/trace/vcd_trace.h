#pragma once
// Maps trace events onto VCD wires (issue part 4): per thread the external-interrupt line,
// CPPR, XISR, MFRR, pending priority and run state; per source asserted/pending/masked; the
// fabric's last message. Signal names and encodings: traces/README.md, "Waveforms".
#include "sim/trace/trace_writer.h"
#include "sim/trace/vcd_writer.h"

#include <map>
#include <string>
#include <vector>

namespace ppc64sim::trace {

// What the board has, so every wire can be declared before time 0.
struct TraceTopology {
  std::vector<uint32_t> servers;  // interrupt server numbers of the threads
  std::vector<uint32_t> sources;  // interrupt source numbers
};

class VcdTrace : public TraceWriter {
public:
  // Run-state encoding of the `run` wire.
  static constexpr uint64_t kStopped = 0, kRunning = 1, kCeded = 2;
  // Encoding of fabric.msg: 0 while no message is in this cycle.
  static constexpr uint64_t kMsgNone = 0, kMsgPresent = 1, kMsgReject = 2, kMsgEoi = 3, kMsgResend = 4,
                            kMsgIpi = 5, kMsgPoll = 6, kMsgControl = 7;

  VcdTrace(const std::string& path, uint64_t clock_hz, const TraceTopology& topology,
           const std::string& signal_pattern = "");
  ~VcdTrace() override;

  void write(const TraceEvent& ev) override;
  void flush() override;
  void close(const CloseInfo& info) override;

  const VcdWriter& writer() const { return vcd_; }

private:
  struct ThreadWires { int line, cppr, xisr, mfrr, pprio, run; };
  struct SourceWires { int asserted, pending, masked; };
  void end_pulse_before(uint64_t cycle);

  VcdWriter vcd_;
  std::map<uint32_t, ThreadWires> threads_;
  std::map<uint32_t, SourceWires> sources_;
  int f_msg_, f_server_, f_source_, f_prio_, f_count_;
  uint64_t fabric_count_ = 0;
  bool pulse_ = false;
  uint64_t pulse_cycle_ = 0;
  uint64_t last_cycle_ = 0;
};

} // namespace ppc64sim::trace
