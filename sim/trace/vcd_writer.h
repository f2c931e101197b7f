#pragma once
// Generic Value Change Dump writer (IEEE 1364-2005 section 18.2, four-state values unused: every
// signal has a defined value from time 0).
#include "sim/trace/output_file.h"
#include "sim/trace/signal_filter.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ppc64sim::trace {

class VcdWriter {
public:
  static constexpr int kNoSignal = -1;

  // Opens `path`; throws std::runtime_error (file) or std::invalid_argument (clock_hz == 0).
  VcdWriter(const std::string& path, uint64_t clock_hz, SignalFilter filter = SignalFilter{});
  ~VcdWriter();

  // Declares a wire before the first change(). `name` is dotted: scopes then the signal
  // ("board.t0.cppr"). Returns kNoSignal when the filter drops it. Throws std::logic_error after
  // the header has been written, std::invalid_argument for width 0 or > 64 or a duplicate name.
  int add_signal(const std::string& name, unsigned width, uint64_t initial = 0);

  // Records `value` at `cycle`; only real changes are written. Cycles must not go backwards: an
  // earlier cycle is written at the current time and counted in late_changes().
  void change(uint64_t cycle, int id, uint64_t value);

  void flush();
  // Idempotent; writes the header if nothing was written yet. A non-zero `end_cycle` past the
  // last change adds a final timestamp so viewers show the whole run.
  void close(uint64_t end_cycle = 0);

  uint64_t late_changes() const { return late_; }
  // "$timescale" chosen for clock_hz and the number of VCD time units per cycle.
  const std::string& timescale() const { return timescale_; }
  uint64_t time_of(uint64_t cycle) const;

private:
  struct Signal {
    std::string name;
    std::string code;
    unsigned width;
    uint64_t value;
  };
  void write_header();
  void emit_value(const Signal& s);

  OutputFile out_;
  uint64_t clock_hz_;
  SignalFilter filter_;
  std::vector<Signal> signals_;
  std::string timescale_;
  uint64_t unit_per_second_ = 0;  // VCD time units in one second
  bool header_done_ = false;
  bool closed_ = false;
  bool time_written_ = false;
  uint64_t now_ = 0;
  uint64_t late_ = 0;
};

} // namespace ppc64sim::trace
