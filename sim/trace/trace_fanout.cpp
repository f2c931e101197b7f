#include "sim/trace/trace_fanout.h"

#include <algorithm>

namespace ppc64sim::trace {

TraceFanout::TraceFanout(uint64_t flush_interval_cycles) : flush_interval_(flush_interval_cycles) {}

TraceFanout::~TraceFanout() {
  close("destroyed");
}

void TraceFanout::add_writer(std::unique_ptr<TraceWriter> writer) {
  writers_.push_back(std::move(writer));
}

void TraceFanout::push(uint64_t cycle, EventBody body) {
  if (closed_ || writers_.empty()) return;
  pending_.push_back({cycle, seq_++, std::move(body)});
}

void TraceFanout::on_trigger(uint64_t cycle, uint32_t source, TriggerKind kind, bool level) {
  push(cycle, TriggerRec{source, kind, kind == TriggerKind::Lsi && level});
}
void TraceFanout::on_fabric(uint64_t cycle, const FabricEvent& ev) { push(cycle, FabricRec{ev}); }
void TraceFanout::on_line(uint64_t cycle, uint32_t server, bool raised) { push(cycle, LineRec{server, raised}); }
void TraceFanout::on_exception(uint64_t cycle, uint32_t server, uint64_t vector, uint64_t srr0, uint64_t srr1) {
  push(cycle, ExceptionRec{server, vector, srr0, srr1});
}
void TraceFanout::on_hcall(uint64_t cycle, uint32_t server, const HcallEvent& ev) { push(cycle, HcallRec{server, ev}); }
void TraceFanout::on_rfid(uint64_t cycle, uint32_t server, uint64_t to, uint64_t msr) {
  push(cycle, RfidRec{server, to, msr});
}
void TraceFanout::on_run_state(uint64_t cycle, uint32_t server, RunState state) { push(cycle, RunRec{server, state}); }
void TraceFanout::on_icp_state(uint64_t cycle, uint32_t server, const IcpState& state) {
  push(cycle, IcpRec{server, state});
}
void TraceFanout::on_source_state(uint64_t cycle, uint32_t source, const SourceState& state) {
  push(cycle, SourceRec{source, state});
}
void TraceFanout::record(uint64_t cycle, Who who, std::string kind, Fields fields) {
  push(cycle, GenericRec{who, std::move(kind), std::move(fields)});
}

// Stable order: by cycle, ties in call order (FORMAT.md "Ordering"). Events below an already
// released cycle are written anyway (at their own cycle in the line trace) and counted as late.
void TraceFanout::release(uint64_t below, bool all) {
  auto ready_end = all ? pending_.end()
                       : std::stable_partition(pending_.begin(), pending_.end(),
                                               [below](const Pending& p) { return p.cycle < below; });
  std::stable_sort(pending_.begin(), ready_end, [](const Pending& a, const Pending& b) {
    return a.cycle != b.cycle ? a.cycle < b.cycle : a.seq < b.seq;
  });
  for (auto it = pending_.begin(); it != ready_end; ++it) {
    if (released_ && it->cycle < last_released_) ++late_;
    last_released_ = std::max(last_released_, it->cycle);
    ++released_;
    TraceEvent ev{it->cycle, std::move(it->body)};
    for (auto& w : writers_) w->write(ev);
  }
  pending_.erase(pending_.begin(), ready_end);
}

void TraceFanout::advance(uint64_t cycle) {
  if (closed_ || cycle <= watermark_) return;
  watermark_ = cycle;
  release(cycle, false);
  if (watermark_ - last_flush_ >= flush_interval_) {
    last_flush_ = watermark_;
    for (auto& w : writers_) w->flush();
  }
}

void TraceFanout::flush() {
  if (closed_) return;
  release(watermark_, false);
  for (auto& w : writers_) w->flush();
}

void TraceFanout::close(std::string_view reason) {
  if (closed_) return;
  release(0, true);
  closed_ = true;
  CloseInfo info;
  info.reason = std::string(reason);
  info.last_cycle = last_released_;
  info.events = released_;
  info.late = late_;
  for (auto& w : writers_) w->close(info);
  writers_.clear();
}

} // namespace ppc64sim::trace
