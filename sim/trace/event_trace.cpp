#include "sim/trace/event_trace.h"

#include "sim/trace/field_format.h"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

namespace ppc64sim::trace {
namespace {

void check_key(std::string_view what, std::string_view key) {
  if (!valid_key(key)) {
    throw std::invalid_argument("trace: invalid " + std::string(what) + " '" + std::string(key) +
                                "' (allowed: [a-z][a-z0-9_.-]*)");
  }
}

void append_fields(std::string& line, const Fields& fields) {
  for (const Field& f : fields) {
    line += ' ';
    line += f.key;
    line += '=';
    line += quote_value(f.value);
  }
}

Fields fields_of(const TriggerRec& r) {
  if (r.kind == TriggerKind::Msi) return {fstr("kind", "msi")};
  return {fstr("kind", "lsi"), fdec("level", r.level ? 1 : 0)};
}

Fields fields_of(const FabricRec& r) {
  return {fstr("msg", to_string(r.ev.msg)), fdec("server", r.ev.server), fhex("source", r.ev.source),
          fhex("prio", r.ev.prio), fdec("sent", r.ev.sent), fdec("applied", r.ev.applied)};
}

Fields fields_of(const HcallRec& r) {
  Fields f{fhex("nr", r.ev.nr)};
  std::string name = r.ev.name.empty() ? hcall_name(r.ev.nr) : r.ev.name;
  if (!name.empty()) f.push_back(fstr("name", name));
  for (size_t i = 0; i < r.ev.args.size(); ++i) f.push_back(fhex("arg" + std::to_string(i), r.ev.args[i]));
  f.push_back(fsdec("status", r.ev.status));
  for (size_t i = 0; i < r.ev.outputs.size(); ++i)
    f.push_back(fhex("out" + std::to_string(i), r.ev.outputs[i]));
  return f;
}

Fields fields_of(const IcpRec& r) {
  return {fhex("cppr", r.state.cppr), fhex("xisr", r.state.xisr), fhex("mfrr", r.state.mfrr),
          fhex("pprio", r.state.pprio)};
}

Fields fields_of(const SourceRec& r) {
  return {fdec("asserted", r.state.asserted), fdec("pending", r.state.pending),
          fdec("masked", r.state.masked), fdec("server", r.state.server), fhex("prio", r.state.prio)};
}

std::string line_of(uint64_t cycle, const Who& who, std::string_view kind, const Fields& fields) {
  std::string line = std::to_string(cycle);
  line += ' ';
  line += who.str();
  line += ' ';
  line += kind;
  append_fields(line, fields);
  return line;
}

} // namespace

EventTrace::EventTrace(const std::string& path, const TraceHeader& header) : out_(path) {
  for (const auto& kv : header.config) check_key("config key", kv.first);
  std::string head = "# ppc64sim-trace " + std::to_string(kVersion) + "\n";
  head += "# clock-hz " + std::to_string(header.clock_hz) + "\n";
  for (const auto& kv : header.config) head += "# config " + kv.first + "=" + quote_value(kv.second) + "\n";
  head += "# events\n";
  out_.write(head);
}

EventTrace::~EventTrace() {
  CloseInfo info;
  info.reason = "destroyed";
  close(info);
}

std::string EventTrace::format(const TraceEvent& ev) {
  const uint64_t c = ev.cycle;
  return std::visit(
      [c](const auto& r) -> std::string {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, TriggerRec>) {
          return line_of(c, Who::source(r.source), "trigger", fields_of(r));
        } else if constexpr (std::is_same_v<T, FabricRec>) {
          return line_of(c, Who::fabric(), "fabric", fields_of(r));
        } else if constexpr (std::is_same_v<T, LineRec>) {
          return line_of(c, Who::thread(r.server), "line", {fdec("level", r.raised ? 1 : 0)});
        } else if constexpr (std::is_same_v<T, ExceptionRec>) {
          return line_of(c, Who::thread(r.server), "exc",
                         {fhex("vector", r.vector), fhex("srr0", r.srr0), fhex("srr1", r.srr1)});
        } else if constexpr (std::is_same_v<T, HcallRec>) {
          return line_of(c, Who::thread(r.server), "hcall", fields_of(r));
        } else if constexpr (std::is_same_v<T, RfidRec>) {
          return line_of(c, Who::thread(r.server), "rfid", {fhex("to", r.to), fhex("msr", r.msr)});
        } else if constexpr (std::is_same_v<T, RunRec>) {
          return line_of(c, Who::thread(r.server), "run", {fstr("state", to_string(r.state))});
        } else if constexpr (std::is_same_v<T, IcpRec>) {
          return line_of(c, Who::thread(r.server), "state", fields_of(r));
        } else if constexpr (std::is_same_v<T, SourceRec>) {
          return line_of(c, Who::source(r.source), "state", fields_of(r));
        } else {
          return line_of(c, r.who, r.kind, r.fields);
        }
      },
      ev.body);
}

void EventTrace::record(uint64_t cycle, Who who, std::string_view kind, const Fields& fields) {
  check_key("event kind", kind);
  for (const Field& f : fields) check_key("field key", f.key);
  write(TraceEvent{cycle, GenericRec{who, std::string(kind), fields}});
}

void EventTrace::write(const TraceEvent& ev) {
  if (closed_) return;
  out_.write(format(ev));
  out_.write("\n");
  ++events_;
  if (ev.cycle > last_cycle_) last_cycle_ = ev.cycle;
}

void EventTrace::flush() {
  out_.flush();
}

void EventTrace::close(const CloseInfo& info) {
  if (closed_) return;
  closed_ = true;
  std::string end = "# end events=" + std::to_string(events_) +
                    " last-cycle=" + std::to_string(std::max(last_cycle_, info.last_cycle)) +
                    " late=" + std::to_string(info.late) + " reason=" + quote_value(info.reason) + "\n";
  out_.write(end);
  out_.close();
}

} // namespace ppc64sim::trace
