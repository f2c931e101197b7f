#pragma once
// TraceSink that orders events by cycle and feeds the enabled writers (line trace, Perfetto,
// VCD). Ordering and flushing rules: traces/FORMAT.md ("Ordering") and traces/README.md.
#include "sim/trace/trace_sink.h"
#include "sim/trace/trace_writer.h"

#include <memory>
#include <string>
#include <vector>

namespace ppc64sim::trace {

class TraceFanout : public TraceSink {
public:
  // Writers flush to their files each time the released cycle moves this far (and at close).
  explicit TraceFanout(uint64_t flush_interval_cycles = 1'000'000);
  ~TraceFanout() override;

  void add_writer(std::unique_ptr<TraceWriter> writer);
  bool empty() const { return writers_.empty(); }

  void on_trigger(uint64_t cycle, uint32_t source, TriggerKind kind, bool level) override;
  void on_fabric(uint64_t cycle, const FabricEvent& ev) override;
  void on_line(uint64_t cycle, uint32_t server, bool raised) override;
  void on_exception(uint64_t cycle, uint32_t server, uint64_t vector, uint64_t srr0, uint64_t srr1) override;
  void on_hcall(uint64_t cycle, uint32_t server, const HcallEvent& ev) override;
  void on_rfid(uint64_t cycle, uint32_t server, uint64_t to, uint64_t msr) override;
  void on_run_state(uint64_t cycle, uint32_t server, RunState state) override;
  void on_icp_state(uint64_t cycle, uint32_t server, const IcpState& state) override;
  void on_source_state(uint64_t cycle, uint32_t source, const SourceState& state) override;
  // Generic event for kinds without a typed method (written to the line trace as is).
  void record(uint64_t cycle, Who who, std::string kind, Fields fields);

  void advance(uint64_t cycle) override;
  void flush() override;
  void close(std::string_view reason) override;

  uint64_t late_events() const { return late_; }
  uint64_t buffered_events() const { return pending_.size(); }

private:
  void push(uint64_t cycle, EventBody body);
  void release(uint64_t below, bool all);

  struct Pending {
    uint64_t cycle;
    uint64_t seq;
    EventBody body;
  };
  std::vector<std::unique_ptr<TraceWriter>> writers_;
  std::vector<Pending> pending_;
  uint64_t seq_ = 0;
  uint64_t watermark_ = 0;     // everything below has been released
  uint64_t last_released_ = 0;
  uint64_t last_flush_ = 0;
  uint64_t flush_interval_;
  uint64_t released_ = 0;
  uint64_t late_ = 0;
  bool closed_ = false;
};

} // namespace ppc64sim::trace
