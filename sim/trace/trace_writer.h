#pragma once
// What every trace writer (line trace, Perfetto JSON, VCD) implements. TraceFanout hands events
// over in non-decreasing cycle order, ties in call order (traces/FORMAT.md, "Ordering").
#include "sim/trace/trace_types.h"

#include <cstdint>
#include <string>

namespace ppc64sim::trace {

struct CloseInfo {
  std::string reason = "end";  // end | limit | interrupted | error | destroyed
  uint64_t last_cycle = 0;
  uint64_t events = 0;
  uint64_t late = 0;  // events that arrived after later cycles had been written
};

class TraceWriter {
public:
  virtual ~TraceWriter() = default;
  virtual void write(const TraceEvent& ev) = 0;
  virtual void flush() = 0;
  virtual void close(const CloseInfo& info) = 0;  // idempotent
};

} // namespace ppc64sim::trace
