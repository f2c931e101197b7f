#include "platforms/board_tracing.h"
#include "platforms/checkpoint_file.h"

#include "models/cpu/iss_observer.h"
#include "models/cpu/systemc/power_core.h"
#include "models/cpu/systemc/run_control.h"
#include "models/cpu/timing/core_timing.h"
#include "models/devices/irq_generator.h"
#include "models/hyp/hypervisor.h"
#include "models/intc/xics.h"
#include "platforms/board_config.h"
#include "sim/trace/event_trace.h"
#include "sim/trace/perfetto_trace.h"
#include "sim/trace/trace_fanout.h"
#include "sim/trace/vcd_trace.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <map>
#include <stdexcept>

namespace ppc64sim::platform {
namespace {

trace::RunState run_state_of(cpu::RunState s) {
  switch (s) {
  case cpu::RunState::running: return trace::RunState::Running;
  case cpu::RunState::ceded: return trace::RunState::Ceded;
  case cpu::RunState::stopped: break;
  }
  return trace::RunState::Stopped;
}

trace::FabricMsg msg_of(intc::MessageKind k) {
  switch (k) {
  case intc::MessageKind::present: return trace::FabricMsg::Present;
  case intc::MessageKind::reject: return trace::FabricMsg::Reject;
  case intc::MessageKind::eoi: return trace::FabricMsg::Eoi;
  case intc::MessageKind::ipi: return trace::FabricMsg::Ipi;
  case intc::MessageKind::poll: return trace::FabricMsg::Poll;
  case intc::MessageKind::control: return trace::FabricMsg::Control;
  case intc::MessageKind::resend: break;
  }
  return trace::FabricMsg::Resend;
}

bool same(const trace::IcpState& a, const trace::IcpState& b) {
  return a.cppr == b.cppr && a.xisr == b.xisr && a.mfrr == b.mfrr && a.pprio == b.pprio;
}
bool same(const trace::SourceState& a, const trace::SourceState& b) {
  return a.asserted == b.asserted && a.pending == b.pending && a.masked == b.masked &&
         a.server == b.server && a.prio == b.prio;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

} // namespace

struct BoardTracer::Impl {
  struct ThreadObserver : cpu::IssObserver {
    Impl* owner = nullptr;
    uint32_t server = 0;
    void on_exception(const cpu::ThreadState&, uint64_t vector, uint64_t srr0, uint64_t srr1) override {
      owner->exception(server, vector, srr0, srr1);
    }
    void on_rfid(const cpu::ThreadState&, uint64_t to, uint64_t msr) override {
      if (owner->fanout) owner->fanout->on_rfid(owner->now_cycle(), server, to, msr);
    }
  };
  struct ThreadStats {
    std::map<uint64_t, uint64_t> interrupts; // by vector
    std::map<uint64_t, uint64_t> hcalls;     // by number
    cpu::RunState state = cpu::RunState::stopped;
    uint64_t since = 0;                      // cycle of the last run-state change
    uint64_t idle = 0;                       // cycles ceded or stopped
    trace::IcpState icp;
    bool line = false;
  };
  struct SourceStats {
    uint64_t presented = 0, rejected = 0, resent = 0, eois = 0;
    bool was_rejected = false;
    trace::SourceState state;
    // The XICS's state of this source, found once (an ICS keeps its sources for the board's
    // lifetime); null until found.
    const intc::SourceState* xics = nullptr;
  };

  TracedBoard b;
  TraceOptions opt;
  std::unique_ptr<trace::TraceFanout> fanout;
  std::vector<ThreadObserver> observers;
  std::vector<ThreadStats> threads;
  std::map<uint32_t, SourceStats> sources;
  // `sources` in its order, for check_all() after every step: walking a vector instead of the
  // map's nodes. Rebuilt when the map grew (entries are only ever added; their addresses stay).
  std::vector<std::pair<uint32_t, SourceStats*>> source_order;
  uint64_t fabric_counts[intc::kMessageKinds] = {};
  uint64_t fs_per_unit = 1;
  std::chrono::steady_clock::time_point host_start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_report = host_start;
  uint64_t last_report_cycle = 0, last_report_instructions = 0, rounds = 0;
  bool counters_restored = false;
  std::FILE* stats_file = nullptr;

  ~Impl() {
    if (stats_file) std::fclose(stats_file);
  }

  Impl(const TracedBoard& board, const TraceOptions& options) : b(board), opt(options) {
    fs_per_unit = static_cast<uint64_t>(sc_core::sc_get_time_resolution().to_seconds() * 1e15 + 0.5);
    if (fs_per_unit == 0) fs_per_unit = 1;
    threads.resize(b.config.thread_count());
    for (uint32_t s : b.sources) sources[s];
    if (!opt.stats_path.empty()) {
      // Opened now so that a bad path fails before the run, not after it.
      stats_file = std::fopen(opt.stats_path.c_str(), "w");
      if (!stats_file)
        throw std::runtime_error("cannot open statistics file '" + opt.stats_path + "': " + std::strerror(errno));
    }
    if (!opt.trace_path.empty() || !opt.vcd_path.empty()) open_outputs();
    if (opt.wants_events()) install_event_hooks();
    b.run_control.round_hook = [this](cpu::PowerCore& core) { round(core); };
    // Without events a round only polls Ctrl-C and progress: rounds in which the core ran suffice.
    b.run_control.round_hook_when_idle = opt.wants_events();
    // Events are looked for after every step; the progress count stays one per step too.
    b.run_control.round_hook_each_step = opt.wants_events() || opt.progress;
  }

  void open_outputs() {
    fanout = std::make_unique<trace::TraceFanout>();
    trace::TraceHeader header{b.config.cpu_clock_hz, opt.header_config};
    trace::TraceTopology topo;
    for (uint32_t s = 0; s < b.config.thread_count(); ++s) topo.servers.push_back(s);
    topo.sources = b.sources;
    if (!opt.trace_path.empty()) {
      if (opt.trace_format == "perfetto")
        fanout->add_writer(std::make_unique<trace::PerfettoTrace>(opt.trace_path, header, topo));
      else
        fanout->add_writer(std::make_unique<trace::EventTrace>(opt.trace_path, header));
    }
    if (!opt.vcd_path.empty())
      fanout->add_writer(std::make_unique<trace::VcdTrace>(opt.vcd_path, b.config.cpu_clock_hz, topo,
                                                           opt.vcd_signals));
  }

  void install_event_hooks() {
    observers.resize(b.config.thread_count());
    for (cpu::PowerCore* core : b.cores) {
      for (unsigned t = 0; t < core->thread_count(); ++t) {
        const uint32_t server = core->thread(t).pir;
        observers[server].owner = this;
        observers[server].server = server;
        core->iss(t).set_observer(&observers[server]);
      }
      core->on_wake = [this](cpu::PowerCore& c) { check_run_states(c, now_cycle()); };
    }
    b.hypervisor.set_hcall_observer(
        [this](const cpu::ThreadState& st, uint64_t nr, const std::array<uint64_t, 6>& args) {
          hcall(st, nr, args);
        });
    b.xics.fabric().observer = [this](const intc::Message& m, const sc_core::sc_time& sent,
                                      const sc_core::sc_time& applied) { fabric(m, sent, applied); };
    // The state a delayed message leaves is traced at its arrival, before any thread runs at
    // that cycle (a thread's round would otherwise pick it up after its own events, in host
    // order).
    b.xics.fabric().after_delivery = [this] { check_all(cycles_of(sc_core::sc_time_stamp())); };
    if (b.irqgen)
      b.irqgen->on_trigger = [this](uint32_t source, bool msi, bool level) { on_trigger(source, msi, level); };
  }

  // ---- time ----
  uint64_t cycles_of(const sc_core::sc_time& t) const {
    __extension__ using u128 = unsigned __int128;
    const u128 fs = static_cast<u128>(t.value()) * fs_per_unit;
    return static_cast<uint64_t>(fs * b.config.cpu_clock_hz / 1'000'000'000'000'000ull);
  }
  uint64_t now_cycle() const {
    if (!b.run_control.active_core) return cycles_of(sc_core::sc_time_stamp());
    uint64_t c = cycles_of(b.run_control.active_core->local_now());
    if (b.run_control.active_iss) c += b.run_control.active_iss->cycles_in_step();
    return c;
  }
  uint64_t end_cycle() const {
    uint64_t c = cycles_of(sc_core::sc_time_stamp());
    for (cpu::PowerCore* core : b.cores) c = std::max(c, cycles_of(core->local_now()));
    return c;
  }

  // ---- events ----
  void exception(uint32_t server, uint64_t vector, uint64_t srr0, uint64_t srr1) {
    ++threads[server].interrupts[vector];
    if (fanout) fanout->on_exception(now_cycle(), server, vector, srr0, srr1);
  }

  void hcall(const cpu::ThreadState& st, uint64_t nr, const std::array<uint64_t, 6>& args) {
    const uint64_t cycle = now_cycle();
    ++threads.at(st.pir).hcalls[nr];
    if (fanout) {
      trace::HcallEvent ev;
      ev.nr = nr;
      ev.args.assign(args.begin(), args.end());
      ev.status = static_cast<int64_t>(st.gpr[3]);
      ev.outputs = {st.gpr[4], st.gpr[5], st.gpr[6]};
      fanout->on_hcall(cycle, st.pir, ev);
    }
    // An hcall may change any ICP (H_IPI), source (H_EOI) or thread (H_CEDE, H_PROD, start-cpu).
    check_all(cycle);
    for (cpu::PowerCore* core : b.cores) check_run_states(*core, cycle);
  }

  void fabric(const intc::Message& m, const sc_core::sc_time& sent, const sc_core::sc_time& applied) {
    // A zero-latency message takes effect inside the call that sent it: the caller's time.
    const uint64_t at = b.run_control.active_core ? now_cycle() : cycles_of(applied);
    const uint64_t from = sent == applied ? at : cycles_of(sent);
    // The fabric reports a message before its destination applies it: first the state the
    // previous message (or trigger) left.
    check_all(at);
    ++fabric_counts[static_cast<int>(m.kind)];
    auto it = sources.find(m.source);
    if (m.kind != intc::MessageKind::resend && m.kind != intc::MessageKind::ipi && !intc::is_query(m.kind)) {
      SourceStats& ss = it != sources.end() ? it->second : sources[m.source];
      if (m.kind == intc::MessageKind::present) {
        ++ss.presented;
        if (ss.was_rejected) ++ss.resent;
        ss.was_rejected = false;
      } else if (m.kind == intc::MessageKind::reject) {
        ++ss.rejected;
        ss.was_rejected = true;
      } else {
        ++ss.eois;
      }
    }
    if (fanout) {
      trace::FabricEvent ev;
      ev.msg = msg_of(m.kind);
      ev.server = m.server;
      ev.source = m.kind == intc::MessageKind::resend ? 0 : m.kind == intc::MessageKind::ipi ? intc::kIpi : m.source;
      ev.prio = m.priority;
      if (m.kind == intc::MessageKind::poll) {
        ev.server = m.caller;
        ev.source = m.server;
        ev.prio = 0;
      } else if (m.kind == intc::MessageKind::control) {
        ev.server = m.caller;
        ev.prio = static_cast<uint8_t>(m.op);
      }
      ev.sent = from;
      ev.applied = at;
      fanout->on_fabric(at, ev);
    }
  }

  // Reported before the XICS sees the trigger; the state it causes is picked up by the
  // next check (the fabric message, or check_states() after the device access).
  void on_trigger(uint32_t source, bool msi, bool level) {
    if (fanout) fanout->on_trigger(now_cycle(), source, msi ? trace::TriggerKind::Msi : trace::TriggerKind::Lsi, level);
  }

  void check_all(uint64_t cycle) {
    for (uint32_t s = 0; s < threads.size(); ++s) check_icp(s, cycle);
    if (source_order.size() != sources.size()) {
      source_order.clear();
      for (auto& [n, src] : sources) source_order.emplace_back(n, &src);
    }
    for (const auto& [n, src] : source_order) check_source(n, *src, cycle);
  }

  // ---- state tracking ----
  void check_icp(uint32_t server, uint64_t cycle) {
    if (server >= threads.size()) return;
    ThreadStats& ts = threads[server];
    intc::Result<uint64_t> word = b.xics.get_icp(server);
    if (word.ok()) {
      // xics-spec.md 1.3: the KVM_REG_PPC_ICP_STATE layout.
      trace::IcpState s;
      s.cppr = static_cast<uint8_t>(*word.value >> intc::icpword::kCpprShift);
      s.xisr = static_cast<uint32_t>(*word.value >> intc::icpword::kXisrShift) & 0xffffff;
      s.mfrr = static_cast<uint8_t>(*word.value >> intc::icpword::kMfrrShift);
      s.pprio = static_cast<uint8_t>(*word.value >> intc::icpword::kPpriShift);
      if (!same(s, ts.icp)) {
        ts.icp = s;
        if (fanout) fanout->on_icp_state(cycle, server, s);
      }
    }
    const bool line = b.xics.line(server);
    if (line != ts.line) {
      ts.line = line;
      if (fanout) fanout->on_line(cycle, server, line);
    }
  }

  // `stats` is sources[source] (check_all walks the map: no second look-up per source).
  void check_source(uint32_t source, SourceStats& stats, uint64_t cycle) {
    if (!stats.xics) stats.xics = b.xics.source_state(source);
    const intc::SourceState* st = stats.xics;
    if (!st) return;
    trace::SourceState s;
    s.asserted = st->asserted;
    s.pending = st->sent || st->rejected || st->masked_pending || st->resend || (st->pq & intc::kPqPresented);
    s.masked = st->priority == intc::kMasked;
    s.server = st->server;
    s.prio = st->priority;
    if (!same(s, stats.state)) {
      stats.state = s;
      if (fanout) fanout->on_source_state(cycle, source, s);
    }
  }

  void set_run_state(uint32_t server, cpu::RunState state, uint64_t cycle) {
    ThreadStats& ts = threads[server];
    if (state == ts.state) return;
    if (ts.state != cpu::RunState::running && cycle > ts.since) ts.idle += cycle - ts.since;
    ts.state = state;
    ts.since = cycle;
    if (fanout) fanout->on_run_state(cycle, server, run_state_of(state));
  }

  void check_run_states(cpu::PowerCore& core, uint64_t cycle) {
    for (unsigned t = 0; t < core.thread_count(); ++t) {
      const cpu::ThreadState& st = core.thread(t);
      const uint64_t at = st.run_state == cpu::RunState::running ? start_cycle(core, t, cycle) : cycle;
      set_run_state(st.pir, st.run_state, at);
    }
  }
  // Where a thread that became running (seen at `cycle`) starts: in cycle mode a wake-up by
  // another thread lands later (BoardImpl::wake_delay_cycles), at the woken thread's own cycle
  // on an SMT core, at its core's time on a one-thread core.
  uint64_t start_cycle(cpu::PowerCore& core, unsigned t, uint64_t cycle) const {
    if (!b.config.cycle_mode || b.timing.empty()) return cycle;
    const uint32_t server = core.thread(t).pir;
    const uint64_t start = core.thread_count() > 1 ? b.timing[server / b.config.threads_per_core]->cycle(t)
                                                   : cycles_of(core.local_time());
    return std::max(cycle, start);
  }

  // ---- per round: run states, watermark, Ctrl-C, progress ----
  void round(cpu::PowerCore& core) {
    if (opt.wants_events()) {
      check_run_states(core, cycles_of(core.local_now()));
      check_all(cycles_of(sc_core::sc_time_stamp())); // after messages applied by the fabric's own process
    }
    // Every later event is at or after kernel time (cores only run ahead of it).
    if (fanout) fanout->advance(cycles_of(sc_core::sc_time_stamp()));
    if (opt.stop_flag && opt.stop_flag->load(std::memory_order_relaxed))
      b.run_control.request_stop(cpu::StopCause::interrupted);
    if (opt.progress && (++rounds & 255) == 0) progress(false);
  }

  void progress(bool final) {
    const auto now = std::chrono::steady_clock::now();
    const uint64_t cycle = cycles_of(sc_core::sc_time_stamp());
    const double since = std::chrono::duration<double>(now - last_report).count();
    const bool by_cycles = opt.progress_cycles && cycle - last_report_cycle >= opt.progress_cycles;
    if (!final && since < opt.progress_host_seconds && !by_cycles) return;
    const uint64_t insns = b.run_control.instructions;
    const double total = std::chrono::duration<double>(now - host_start).count();
    const double mips = final ? (total > 0 ? insns / total / 1e6 : 0.0)
                              : (since > 0 ? (insns - last_report_instructions) / since / 1e6 : 0.0);
    std::fprintf(stderr, "ppc64sim: %s: cycle %llu, %llu instructions, %.1f s host, %.2f MIPS\n",
                 final ? "summary" : "progress", static_cast<unsigned long long>(cycle),
                 static_cast<unsigned long long>(insns), total, mips);
    last_report = now;
    last_report_cycle = cycle;
    last_report_instructions = insns;
  }

  // Cycle mode: the timing model's view of one thread (models/cpu/timing/README.md).
  static std::string timing_json(const cpu::timing::TimingStats& s) {
    auto rate = [](uint64_t hits, uint64_t misses) {
      char buf[32] = "null";
      if (hits + misses) std::snprintf(buf, sizeof buf, "%.6f", static_cast<double>(hits) / (hits + misses));
      return std::string(buf);
    };
    char cpi[32] = "null";
    if (s.instructions) std::snprintf(cpi, sizeof cpi, "%.6f", static_cast<double>(s.cycles) / s.instructions);
    std::string j = "{\"cycles\": " + std::to_string(s.cycles) + ", \"instructions\": " + std::to_string(s.instructions) +
                    ", \"cpi\": " + cpi + ", \"idle_cycles\": " + std::to_string(s.idle_cycles) + ", \"stalls\": {";
    for (std::size_t k = 0; k < cpu::timing::kStallCount; ++k)
      j += std::string(k ? ", " : "") + json_string(cpu::timing::stall_name(static_cast<cpu::timing::Stall>(k))) + ": " +
           std::to_string(s.stall[k]);
    j += "}, \"charged\": {";
    for (std::size_t k = 0; k < cpu::timing::kChargeCount; ++k)
      j += std::string(k ? ", " : "") + json_string(cpu::timing::charge_name(static_cast<cpu::timing::Charge>(k))) + ": " +
           std::to_string(s.charged_cycles[k]);
    j += "}, \"l1i\": {\"hits\": " + std::to_string(s.l1i_hits) + ", \"misses\": " + std::to_string(s.l1i_misses) +
         ", \"hit_rate\": " + rate(s.l1i_hits, s.l1i_misses) + "}";
    j += ", \"l1d\": {\"hits\": " + std::to_string(s.l1d_hits) + ", \"misses\": " + std::to_string(s.l1d_misses) +
         ", \"hit_rate\": " + rate(s.l1d_hits, s.l1d_misses) + "}";
    j += ", \"l2\": {\"hits\": " + std::to_string(s.l2_hits) + ", \"misses\": " + std::to_string(s.l2_misses) +
         ", \"hit_rate\": " + rate(s.l2_hits, s.l2_misses) + "}";
    j += ", \"device_accesses\": " + std::to_string(s.device_accesses);
    j += ", \"branches\": {\"count\": " + std::to_string(s.branches) + ", \"mispredicts\": " +
         std::to_string(s.mispredicts) + ", \"accuracy\": " + rate(s.branches - s.mispredicts, s.mispredicts) + "}}";
    return j;
  }

  void write_stats(uint64_t end, uint64_t instructions, double host_seconds) {
    std::FILE* f = stats_file;
    stats_file = nullptr;
    std::string j = "{\n  \"format\": \"ppc64sim-stats 1\",\n";
    j += "  \"clock_hz\": " + std::to_string(b.config.cpu_clock_hz) + ",\n";
    j += "  \"threads\": [\n";
    uint64_t sum = 0;
    for (std::size_t ci = 0; ci < b.cores.size(); ++ci) {
      cpu::PowerCore* core = b.cores[ci];
      for (unsigned t = 0; t < core->thread_count(); ++t) {
        const uint32_t server = core->thread(t).pir;
        ThreadStats& ts = threads[server];
        const uint64_t insns = core->iss(t).instructions_retired();
        sum += insns;
        const uint64_t idle = ts.idle + (ts.state != cpu::RunState::running && end > ts.since ? end - ts.since : 0);
        const uint64_t busy = end > idle ? end - idle : 0;
        // The cycles the core charged the thread: one per instruction plus each hcall's
        // service cost (the model has no pipeline yet). running/idle come from the run-state
        // changes, placed as described in board_tracing.h.
        uint64_t calls = 0;
        for (auto& [nr, n] : ts.hcalls) calls += n;
        const uint64_t charged = insns + calls * b.hypervisor.hcall_cycles();
        char cpi[32] = "null";
        if (insns) std::snprintf(cpi, sizeof cpi, "%.6f", static_cast<double>(charged) / insns);
        j += std::string(server ? ",\n" : "") + "    {\"server\": " + std::to_string(server) +
             ", \"instructions\": " + std::to_string(insns) + ", \"cycles\": " + std::to_string(end) +
             ", \"charged_cycles\": " + std::to_string(charged) + ", \"running_cycles\": " + std::to_string(busy) + ", \"idle_cycles\": " + std::to_string(idle) +
             ", \"cpi\": " + cpi + ",\n     \"interrupts\": {";
        bool first = true;
        for (auto& [v, n] : ts.interrupts) {
          j += std::string(first ? "" : ", ") + json_string(hex(v)) + ": " + std::to_string(n);
          first = false;
        }
        j += "}, \"hcalls\": {";
        first = true;
        for (auto& [nr, n] : ts.hcalls) {
          const char* name = trace::hcall_name(nr);
          j += std::string(first ? "" : ", ") + json_string(*name ? name : hex(nr)) + ": " + std::to_string(n);
          first = false;
        }
        j += "}";
        if (!b.timing.empty()) j += ",\n     \"timing\": " + timing_json(b.timing[ci]->thread_stats(t));
        j += "}";
      }
    }
    j += "\n  ],\n  \"sources\": {";
    bool first = true;
    for (auto& [n, s] : sources) {
      if (!s.presented && !s.rejected && !s.eois) continue;
      j += std::string(first ? "\n" : ",\n") + "    " + json_string(hex(n)) + ": {\"presented\": " +
           std::to_string(s.presented) + ", \"rejected\": " + std::to_string(s.rejected) +
           ", \"resent\": " + std::to_string(s.resent) + ", \"eoi\": " + std::to_string(s.eois) + "}";
      first = false;
    }
    // Queries exist only in cycle mode with several threads: listed when there were any, so
    // other runs' statistics keep their shape.
    std::string queries;
    if (fabric_counts[5] || fabric_counts[6])
      queries = ", \"poll\": " + std::to_string(fabric_counts[5]) + ", \"control\": " + std::to_string(fabric_counts[6]);
    j += "\n  },\n  \"board\": {\"threads\": " + std::to_string(threads.size()) +
         ", \"instructions\": " + std::to_string(sum) + ", \"cycles\": " + std::to_string(end) +
         ", \"fabric\": {\"present\": " + std::to_string(fabric_counts[0]) +
         ", \"reject\": " + std::to_string(fabric_counts[1]) + ", \"eoi\": " + std::to_string(fabric_counts[2]) +
         ", \"resend\": " + std::to_string(fabric_counts[3]) +
         ", \"ipi\": " + std::to_string(fabric_counts[4]) + queries + "}},\n";
    char host[128];
    std::snprintf(host, sizeof host, "  \"host\": {\"seconds\": %.3f, \"mips\": %.3f}\n}\n", host_seconds,
                  host_seconds > 0 ? instructions / host_seconds / 1e6 : 0.0);
    j += host;
    std::fwrite(j.data(), 1, j.size(), f);
    if (std::fclose(f) != 0) throw std::runtime_error("--stats: cannot write '" + opt.stats_path + "'");
  }
};

BoardTracer::BoardTracer(const TracedBoard& board, const TraceOptions& options)
    : impl_(std::make_unique<Impl>(board, options)) {}

BoardTracer::~BoardTracer() = default;

void BoardTracer::on_trigger(uint32_t source, bool msi, bool level) {
  if (impl_->opt.wants_events()) impl_->on_trigger(source, msi, level);
}

void BoardTracer::check_states() {
  if (impl_->opt.wants_events()) impl_->check_all(impl_->now_cycle());
}

void BoardTracer::start(uint64_t cycle) {
  // Restored counters carry what the saving run's trace last said: the trace goes on from
  // there, event for event as the uninterrupted run's.
  if (impl_->counters_restored) return;
  for (cpu::PowerCore* core : impl_->b.cores)
    for (unsigned t = 0; t < core->thread_count(); ++t) {
      auto& ts = impl_->threads[core->thread(t).pir];
      ts.state = core->thread(t).run_state;
      ts.since = cycle;
    }
  if (!impl_->opt.wants_events()) return;
  if (impl_->fanout) impl_->fanout->advance(cycle);
  for (cpu::PowerCore* core : impl_->b.cores)
    for (unsigned t = 0; t < core->thread_count(); ++t)
      if (impl_->fanout) impl_->fanout->on_run_state(cycle, core->thread(t).pir, run_state_of(core->thread(t).run_state));
  for (uint32_t s = 0; s < impl_->threads.size(); ++s) impl_->check_icp(s, cycle);
}

std::vector<uint8_t> BoardTracer::save_counters() const {
  const Impl& i = *impl_;
  ByteWriter w;
  auto counts = [&w](const std::map<uint64_t, uint64_t>& m) {
    w.u32(static_cast<uint32_t>(m.size()));
    for (const auto& [k, n] : m) {
      w.u64(k);
      w.u64(n);
    }
  };
  w.u32(static_cast<uint32_t>(i.threads.size()));
  for (const Impl::ThreadStats& ts : i.threads) {
    counts(ts.interrupts);
    counts(ts.hcalls);
    w.u64(ts.since);
    w.u64(ts.idle);
    // What the trace last said, so a restored trace goes on with changes only.
    w.u8(static_cast<uint8_t>(ts.state));
    w.u8(ts.icp.cppr);
    w.u32(ts.icp.xisr);
    w.u8(ts.icp.mfrr);
    w.u8(ts.icp.pprio);
    w.boolean(ts.line);
  }
  w.u32(static_cast<uint32_t>(i.sources.size()));
  for (const auto& [n, s] : i.sources) {
    w.u32(n);
    w.u64(s.presented);
    w.u64(s.rejected);
    w.u64(s.resent);
    w.u64(s.eois);
    w.boolean(s.was_rejected);
    w.boolean(s.state.asserted);
    w.boolean(s.state.pending);
    w.boolean(s.state.masked);
    w.u32(s.state.server);
    w.u8(s.state.prio);
  }
  for (uint64_t c : i.fabric_counts) w.u64(c);
  return w.take();
}

void BoardTracer::restore_counters(const uint8_t* data, size_t size, const std::string& what) {
  Impl& i = *impl_;
  ByteReader r(data, size, what);
  auto counts = [&r](std::map<uint64_t, uint64_t>& m) {
    m.clear();
    for (uint32_t n = r.count(16); n > 0; --n) {
      const uint64_t k = r.u64();
      m[k] = r.u64();
    }
  };
  const uint32_t threads = r.u32();
  if (threads != i.threads.size())
    r.fail(std::to_string(threads) + " threads counted, the board has " + std::to_string(i.threads.size()));
  for (Impl::ThreadStats& ts : i.threads) {
    counts(ts.interrupts);
    counts(ts.hcalls);
    ts.since = r.u64();
    ts.idle = r.u64();
    const uint8_t state = r.u8();
    if (state > static_cast<uint8_t>(cpu::RunState::running)) r.fail("run state " + std::to_string(state));
    ts.state = static_cast<cpu::RunState>(state);
    ts.icp.cppr = r.u8();
    ts.icp.xisr = r.u32();
    ts.icp.mfrr = r.u8();
    ts.icp.pprio = r.u8();
    ts.line = r.boolean();
  }
  for (uint32_t n = r.count(45); n > 0; --n) {
    Impl::SourceStats& s = i.sources[r.u32()];
    s.presented = r.u64();
    s.rejected = r.u64();
    s.resent = r.u64();
    s.eois = r.u64();
    s.was_rejected = r.boolean();
    s.state.asserted = r.boolean();
    s.state.pending = r.boolean();
    s.state.masked = r.boolean();
    s.state.server = r.u32();
    s.state.prio = r.u8();
  }
  for (int k = 0; k < 4; ++k) i.fabric_counts[k] = r.u64();
  // Counters saved before IPIs (then before POLL and CONTROL queries) were fabric messages
  // end early: those read 0.
  for (int k = 4; k < intc::kMessageKinds; ++k) i.fabric_counts[k] = r.left() == 0 ? 0 : r.u64();
  r.expect_end();
  i.counters_restored = true;
}

void BoardTracer::finish(std::string_view reason, uint64_t instructions, double host_seconds) {
  const uint64_t end = impl_->end_cycle();
  if (impl_->fanout) impl_->fanout->close(reason);
  if (!impl_->opt.stats_path.empty()) impl_->write_stats(end, instructions, host_seconds);
  if (impl_->opt.progress) impl_->progress(true);
}

} // namespace ppc64sim::platform
