#pragma once
// Plain data passed from the models to the trace writers. No SystemC here on purpose: the
// writers and the analysis tools are tested without a board (traces/FORMAT.md is the contract).
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace ppc64sim::trace {

// Who an event belongs to; printed as t<server> (decimal), s<source> (hex), fabric or hyp.
struct Who {
  enum class Kind : uint8_t { Thread, Source, Fabric, Hyp };
  Kind kind = Kind::Fabric;
  uint32_t id = 0;

  static Who thread(uint32_t server) { return {Kind::Thread, server}; }
  static Who source(uint32_t number) { return {Kind::Source, number}; }
  static Who fabric() { return {Kind::Fabric, 0}; }
  static Who hyp() { return {Kind::Hyp, 0}; }
  std::string str() const;
};

// One key=value pair of an event line; values are already formatted (see field_format.h).
struct Field {
  std::string key;
  std::string value;
};
using Fields = std::vector<Field>;

enum class TriggerKind : uint8_t { Msi, Lsi };
enum class FabricMsg : uint8_t { Present, Reject, Eoi, Resend, Ipi, Poll, Control };
enum class RunState : uint8_t { Stopped, Running, Ceded };

const char* to_string(FabricMsg msg);
const char* to_string(RunState state);

// A message crossing the fabric (ICS <-> ICP, or an IPI: ICP -> ICP, source = 2, prio = the
// MFRR written; a query, answered where it lands: POLL server = the caller, source = the
// polled server, prio = 0; CONTROL server = the caller, source = the interrupt source,
// prio = the call: 0 set-xive, 1 get-xive, 2 int-off, 3 int-on). The event's cycle is
// `applied`.
struct FabricEvent {
  FabricMsg msg = FabricMsg::Present;
  uint32_t server = 0;
  uint32_t source = 0;
  uint8_t prio = 0xff;
  uint64_t sent = 0;
  uint64_t applied = 0;
};

// One completed hcall: inputs r4.. as args, r3 status, r4.. outputs. An empty name is filled
// from the built-in table (hcall_name()).
struct HcallEvent {
  uint64_t nr = 0;
  std::string name;
  std::vector<uint64_t> args;
  int64_t status = 0;
  std::vector<uint64_t> outputs;
};

// Presentation-controller state of one thread (xics-spec.md section 2: CPPR, XISR, MFRR,
// pending priority).
struct IcpState {
  uint8_t cppr = 0;
  uint32_t xisr = 0;
  uint8_t mfrr = 0xff;
  uint8_t pprio = 0xff;
};

struct SourceState {
  bool asserted = false;
  bool pending = false;
  bool masked = false;
  uint32_t server = 0;
  uint8_t prio = 0xff;
};

// Name of an hcall number for the trace ("" when unknown: the number is still written).
const char* hcall_name(uint64_t nr);

// The effective configuration written in the header of every trace.
struct TraceHeader {
  uint64_t clock_hz = 0;
  std::vector<std::pair<std::string, std::string>> config;  // written in the given order
};

// Typed event records, as buffered by TraceFanout before being written in cycle order.
struct TriggerRec { uint32_t source; TriggerKind kind; bool level; };
struct FabricRec { FabricEvent ev; };
struct LineRec { uint32_t server; bool raised; };
struct ExceptionRec { uint32_t server; uint64_t vector, srr0, srr1; };
struct HcallRec { uint32_t server; HcallEvent ev; };
struct RfidRec { uint32_t server; uint64_t to, msr; };
struct RunRec { uint32_t server; RunState state; };
struct IcpRec { uint32_t server; IcpState state; };
struct SourceRec { uint32_t source; SourceState state; };
struct GenericRec { Who who; std::string kind; Fields fields; };

using EventBody = std::variant<TriggerRec, FabricRec, LineRec, ExceptionRec, HcallRec, RfidRec,
                               RunRec, IcpRec, SourceRec, GenericRec>;

struct TraceEvent {
  uint64_t cycle = 0;
  EventBody body;
};

} // namespace ppc64sim::trace
