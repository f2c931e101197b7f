#include "sim/trace/perfetto_trace.h"

#include "sim/trace/field_format.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <type_traits>

namespace ppc64sim::trace {
namespace {

__extension__ typedef unsigned __int128 u128;
constexpr uint64_t kFsPerSecond = 1'000'000'000'000'000ULL;
constexpr uint64_t kExternalVector = 0x500;  // Book III-S 6.5.7: external interrupt
constexpr uint32_t kXisrMask = 0x00ffffff;   // xics-spec.md 2.1: XIRR = CPPR<<24 | XISR

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string args_of(const Fields& fields) {
  std::string a = "{";
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) a += ",";
    a += json_string(fields[i].key) + ":" + json_string(fields[i].value);
  }
  return a + "}";
}

} // namespace

PerfettoTrace::PerfettoTrace(const std::string& path, const TraceHeader& header, const TraceTopology& topology)
    : out_(path), clock_hz_(header.clock_hz) {
  if (clock_hz_ == 0) throw std::invalid_argument("perfetto: clock-hz must be > 0");
  Fields meta{fdec("clock-hz", header.clock_hz), fstr("format", "ppc64sim-trace 1")};
  for (const auto& kv : header.config) meta.push_back({kv.first, kv.second});
  out_.write("{\"displayTimeUnit\":\"ns\",\"otherData\":" + args_of(meta) + ",\"traceEvents\":[\n");
  emit("{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":1,\"tid\":0,\"args\":{\"name\":\"threads\"}}");
  emit("{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":2,\"tid\":0,\"args\":{\"name\":\"sources\"}}");
  emit("{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":3,\"tid\":0,\"args\":{\"name\":\"fabric\"}}");
  name_thread(kFabricPid, 0, "fabric");
  for (uint32_t s : topology.servers) thread_seen(s);
  for (uint32_t s : topology.sources) source_seen(s);
}

PerfettoTrace::~PerfettoTrace() {
  CloseInfo info;
  info.reason = "destroyed";
  close(info);
}

std::string PerfettoTrace::ts(uint64_t cycle) const {
  u128 fs = (static_cast<u128>(cycle) * kFsPerSecond + clock_hz_ / 2) / clock_hz_;
  uint64_t us = static_cast<uint64_t>(fs / 1'000'000'000ULL);
  uint64_t frac = static_cast<uint64_t>(fs % 1'000'000'000ULL);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%llu.%09llu", static_cast<unsigned long long>(us),
                static_cast<unsigned long long>(frac));
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

void PerfettoTrace::emit(const std::string& json) {
  if (!first_) out_.write(",\n");
  first_ = false;
  out_.write(json);
}

void PerfettoTrace::name_thread(int pid, uint32_t tid, const std::string& name) {
  emit("{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid) +
       ",\"args\":{\"name\":" + json_string(name) + "}}");
  emit("{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":" + std::to_string(pid) + ",\"tid\":" +
       std::to_string(tid) + ",\"args\":{\"sort_index\":" + std::to_string(tid) + "}}");
}

void PerfettoTrace::thread_seen(uint32_t server) {
  if (threads_named_.insert(server).second) name_thread(kThreadPid, server, Who::thread(server).str());
}

void PerfettoTrace::source_seen(uint32_t source) {
  if (sources_named_.insert(source).second) name_thread(kSourcePid, source, Who::source(source).str());
}

void PerfettoTrace::instant(uint64_t cycle, int pid, uint32_t tid, const std::string& name, const std::string& args) {
  emit("{\"ph\":\"i\",\"s\":\"t\",\"name\":" + json_string(name) + ",\"ts\":" + ts(cycle) + ",\"pid\":" +
       std::to_string(pid) + ",\"tid\":" + std::to_string(tid) + ",\"args\":" + args + "}");
}

void PerfettoTrace::complete(uint64_t end, int pid, uint32_t tid, const Open& open, const std::string& args) {
  emit("{\"ph\":\"X\",\"name\":" + json_string(open.name) + ",\"ts\":" + ts(open.start) + ",\"dur\":" +
       ts(end - open.start) + ",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid) +
       ",\"args\":" + args + "}");
}

void PerfettoTrace::end_irq(uint64_t cycle, uint32_t server, uint32_t source, const char* how) {
  auto it = irq_async_.find({server, source});
  if (it == irq_async_.end()) return;
  const Open& o = async_open_[it->second];
  emit("{\"ph\":\"e\",\"cat\":\"irq\",\"name\":" + json_string(o.name) + ",\"id\":" + std::to_string(it->second) +
       ",\"ts\":" + ts(cycle) + ",\"pid\":1,\"tid\":" + std::to_string(server) + ",\"args\":{\"end\":\"" + how +
       "\"}}");
  async_open_.erase(it->second);
  async_server_.erase(it->second);
  irq_async_.erase(it);
}

void PerfettoTrace::write(const TraceEvent& ev) {
  if (closed_) return;
  const uint64_t c = ev.cycle;
  if (c > last_cycle_) last_cycle_ = c;
  std::visit(
      [this, c](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, TriggerRec>) {
          source_seen(r.source);
          bool starts = r.kind == TriggerKind::Msi || r.level;
          instant(c, kSourcePid, r.source, r.kind == TriggerKind::Msi ? "msi" : (r.level ? "lsi 1" : "lsi 0"), "{}");
          if (starts && !active_.count(r.source)) active_[r.source] = {c, "active"};
        } else if constexpr (std::is_same_v<T, FabricRec>) {
          const FabricEvent& f = r.ev;
          std::string name = std::string(to_string(f.msg)) + " " + Who::source(f.source).str() + " " +
                             Who::thread(f.server).str();
          Fields a{fdec("server", f.server), fhex("source", f.source), fhex("prio", f.prio), fdec("sent", f.sent),
                   fdec("applied", f.applied)};
          instant(c, kFabricPid, 0, name, args_of(a));
          if (f.msg == FabricMsg::Present) {
            thread_seen(f.server);
            end_irq(c, f.server, f.source, "re-presented");
            uint64_t id = next_async_id_++;
            irq_async_[{f.server, f.source}] = id;
            async_open_[id] = {c, "irq " + Who::source(f.source).str()};
            async_server_[id] = f.server;
            emit("{\"ph\":\"b\",\"cat\":\"irq\",\"name\":" + json_string(async_open_[id].name) + ",\"id\":" +
                 std::to_string(id) + ",\"ts\":" + ts(c) + ",\"pid\":1,\"tid\":" + std::to_string(f.server) +
                 ",\"args\":" + args_of(a) + "}");
          } else if (f.msg == FabricMsg::Reject) {
            end_irq(c, f.server, f.source, "rejected");
          }
        } else if constexpr (std::is_same_v<T, LineRec>) {
          thread_seen(r.server);
          instant(c, kThreadPid, r.server, r.raised ? "line 1" : "line 0", "{}");
        } else if constexpr (std::is_same_v<T, ExceptionRec>) {
          thread_seen(r.server);
          instant(c, kThreadPid, r.server, "exc " + hex(r.vector),
                  args_of({fhex("vector", r.vector), fhex("srr0", r.srr0), fhex("srr1", r.srr1)}));
        } else if constexpr (std::is_same_v<T, HcallRec>) {
          thread_seen(r.server);
          std::string name = r.ev.name.empty() ? hcall_name(r.ev.nr) : r.ev.name;
          if (name.empty()) name = "hcall " + hex(r.ev.nr);
          Fields a{fhex("nr", r.ev.nr)};
          for (size_t i = 0; i < r.ev.args.size(); ++i) a.push_back(fhex("arg" + std::to_string(i), r.ev.args[i]));
          a.push_back(fsdec("status", r.ev.status));
          for (size_t i = 0; i < r.ev.outputs.size(); ++i)
            a.push_back(fhex("out" + std::to_string(i), r.ev.outputs[i]));
          instant(c, kThreadPid, r.server, name, args_of(a));
          bool accept = r.ev.nr == 0x74 || r.ev.nr == 0x2fc;  // H_XIRR, H_XIRR_X (xics-spec.md 2.3)
          if (accept && r.ev.status == 0 && !r.ev.outputs.empty())
            end_irq(c, r.server, static_cast<uint32_t>(r.ev.outputs[0] & kXisrMask), "accepted");
          if (r.ev.nr == 0x64 && !r.ev.args.empty()) {  // H_EOI (xics-spec.md 2.7)
            auto it = active_.find(static_cast<uint32_t>(r.ev.args[0] & kXisrMask));
            if (it != active_.end()) {
              complete(c, kSourcePid, it->first, it->second, "{}");
              active_.erase(it);
            }
          }
        } else if constexpr (std::is_same_v<T, RfidRec>) {
          thread_seen(r.server);
          instant(c, kThreadPid, r.server, "rfid", args_of({fhex("to", r.to), fhex("msr", r.msr)}));
        } else if constexpr (std::is_same_v<T, RunRec>) {
          thread_seen(r.server);
          auto it = run_.find(r.server);
          if (it != run_.end()) complete(c, kThreadPid, r.server, it->second, "{}");
          run_[r.server] = {c, to_string(r.state)};
        } else if constexpr (std::is_same_v<T, IcpRec>) {
          thread_seen(r.server);
          emit("{\"ph\":\"C\",\"name\":" + json_string(Who::thread(r.server).str() + " icp") + ",\"ts\":" + ts(c) +
               ",\"pid\":1,\"tid\":" + std::to_string(r.server) + ",\"args\":{\"cppr\":" +
               std::to_string(r.state.cppr) + ",\"mfrr\":" + std::to_string(r.state.mfrr) + ",\"pprio\":" +
               std::to_string(r.state.pprio) + "}}");
        } else if constexpr (std::is_same_v<T, SourceRec>) {
          source_seen(r.source);
          instant(c, kSourcePid, r.source, "state",
                  args_of({fdec("asserted", r.state.asserted), fdec("pending", r.state.pending),
                           fdec("masked", r.state.masked), fdec("server", r.state.server),
                           fhex("prio", r.state.prio)}));
        } else {
          int pid = kFabricPid;
          uint32_t tid = 0;
          if (r.who.kind == Who::Kind::Thread) {
            thread_seen(r.who.id);
            pid = kThreadPid;
            tid = r.who.id;
          } else if (r.who.kind == Who::Kind::Source) {
            source_seen(r.who.id);
            pid = kSourcePid;
            tid = r.who.id;
          }
          instant(c, pid, tid, r.kind, args_of(r.fields));
        }
      },
      ev.body);
}

void PerfettoTrace::flush() {
  out_.flush();
}

// Slices still open are ended at the last cycle and marked, so a run stopped early still
// imports with every begin matched.
void PerfettoTrace::close(const CloseInfo& info) {
  if (closed_) return;
  uint64_t end = std::max(info.last_cycle, last_cycle_);
  for (const auto& [server, open] : run_) complete(end, kThreadPid, server, open, "{\"truncated\":true}");
  for (const auto& [source, open] : active_) complete(end, kSourcePid, source, open, "{\"truncated\":true}");
  for (const auto& [id, open] : async_open_)
    emit("{\"ph\":\"e\",\"cat\":\"irq\",\"name\":" + json_string(open.name) + ",\"id\":" + std::to_string(id) +
         ",\"ts\":" + ts(end) + ",\"pid\":1,\"tid\":" + std::to_string(async_server_[id]) +
         ",\"args\":{\"end\":\"truncated\"}}");
  closed_ = true;
  out_.write("\n]}\n");
  out_.close();
}

} // namespace ppc64sim::trace
