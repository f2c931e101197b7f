#pragma once
// Chrome trace-event JSON (the "JSON Array/Object Format" that Perfetto and chrome://tracing
// import): one track per thread (pid 1, tid = server), per source (pid 2, tid = source number)
// and one for the fabric (pid 3). Run states are slices, interrupts pending -> accepted are
// async slices, everything else is an instant. Valid JSON after close(), whenever it is called.
#include "sim/trace/output_file.h"
#include "sim/trace/trace_writer.h"
#include "sim/trace/vcd_trace.h"  // TraceTopology

#include <map>
#include <set>
#include <string>
#include <utility>

namespace ppc64sim::trace {

class PerfettoTrace : public TraceWriter {
public:
  static constexpr int kThreadPid = 1, kSourcePid = 2, kFabricPid = 3;

  PerfettoTrace(const std::string& path, const TraceHeader& header, const TraceTopology& topology);
  ~PerfettoTrace() override;

  void write(const TraceEvent& ev) override;
  void flush() override;
  void close(const CloseInfo& info) override;

  // Microseconds (the format's unit) for a cycle, exact to the femtosecond, as a JSON number.
  std::string ts(uint64_t cycle) const;

private:
  struct Open {
    uint64_t start;
    std::string name;
  };
  void emit(const std::string& json);
  void name_thread(int pid, uint32_t tid, const std::string& name);
  void instant(uint64_t cycle, int pid, uint32_t tid, const std::string& name, const std::string& args);
  void complete(uint64_t end, int pid, uint32_t tid, const Open& open, const std::string& args);
  void end_irq(uint64_t cycle, uint32_t server, uint32_t source, const char* how);
  void thread_seen(uint32_t server);
  void source_seen(uint32_t source);

  OutputFile out_;
  uint64_t clock_hz_;
  bool first_ = true;
  bool closed_ = false;
  uint64_t last_cycle_ = 0;
  uint64_t next_async_id_ = 1;
  std::set<uint32_t> threads_named_, sources_named_;
  std::map<uint32_t, Open> run_;                                  // by server
  std::map<uint32_t, Open> active_;                               // by source: trigger -> EOI
  std::map<std::pair<uint32_t, uint32_t>, uint64_t> irq_async_;   // (server, source) -> async id
  std::map<uint64_t, Open> async_open_;                           // id -> start/name
  std::map<uint64_t, uint32_t> async_server_;
};

} // namespace ppc64sim::trace
