#pragma once
// The XICS interconnect: routes fabric messages by kind (PRESENT and IPI -> ICP of the server,
// REJECT/EOI -> ICS owning the source, RESEND -> the named ICS or all; the queries POLL and
// CONTROL -> `answer`) and applies each kind's latency. Zero latency: forwarded inside
// b_transport. Otherwise: queued and applied when simulated time reaches send time + delay +
// latency, in (send time, send order) for equal times, except that the queries due at a
// time are answered after every other message due then, in (send time, caller) order: what a
// message or query reads or changes does not depend on the host order in which the threads
// sent them.
#include "models/intc/fabric_protocol.h"

#include <array>
#include <functional>
#include <map>
#include <vector>

#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

namespace ppc64sim::intc {

// A message between send and application (nonzero latency), for checkpoints.
struct InFlightMessage {
  Message msg;
  sc_core::sc_time sent; // when it entered the fabric (the observer's `sent`)
  sc_core::sc_time due;  // when it is applied
};

class Fabric : public sc_core::sc_module {
public:
  tlm_utils::multi_passthrough_target_socket<Fabric> in;   // every ICS/ICP sends here
  tlm_utils::multi_passthrough_initiator_socket<Fabric> out; // to every ICS/ICP

  SC_HAS_PROCESS(Fabric);
  Fabric(sc_core::sc_module_name name, const FabricLatency& latency, const XicsDirectory& dir);

  // Wiring: binds the endpoint's sockets and records its route. Call during elaboration.
  template <class Endpoint> void attach_icp(uint32_t server, Endpoint& e) {
    e.out.bind(in);
    out.bind(e.in);
    icp_route_[server] = next_out_;
    if (server < kDenseServers) {
      if (icp_port_.size() <= server) icp_port_.resize(server + 1, -1);
      icp_port_[server] = next_out_;
    }
    ++next_out_;
  }
  template <class Endpoint> void attach_ics(uint32_t ics_index, Endpoint& e) {
    e.out.bind(in);
    out.bind(e.in);
    ics_route_[ics_index] = next_out_++;
  }

  // Where the sender of a message is in simulated time, ahead of the kernel's present (a
  // thread inside its window of a temporally decoupled run). A message with a latency
  // leaves at that time, so it lands sender time + latency however the window was cut.
  // Unset: every message leaves at the kernel's present. Messages without latency are
  // forwarded at once either way.
  std::function<sc_core::sc_time()> sender_offset;

  const FabricLatency& latency() const { return latency_; }
  uint64_t count(MessageKind k) const { return count_[static_cast<int>(k)]; }
  uint64_t dropped() const { return dropped_; }
  size_t in_flight() const { return queue_.size(); }
  // Queued messages in application order (due time, send time, then send order).
  std::vector<InFlightMessage> in_flight_messages() const;
  // Replaces the queue with `messages` (in the order given for equal due times); each is
  // applied at its own due time. Throws std::invalid_argument, queue untouched, when a due
  // time is before now or before its send time.
  void restore_in_flight(const std::vector<InFlightMessage>& messages);

  // Called when a message is applied at its destination(s): (message, sent, applied).
  std::function<void(const Message&, const sc_core::sc_time&, const sc_core::sc_time&)> observer;
  // Called once the fabric's own process has applied the messages due now (and every message
  // they caused): the state they left is complete before anything else runs at this time.
  std::function<void()> after_delivery;
  // Answers a query (POLL, CONTROL) where it lands; unset: queries are dropped.
  std::function<void(const Message&)> answer;

private:
  struct Pending {
    Message msg;
    sc_core::sc_time sent;
  };
  void b_transport(int id, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  void route(const Message& m, const sc_core::sc_time& sent);
  void deliver_due();
  // Output port of the ICP of `server`, or -1.
  int icp_port(uint32_t server) const;
  // Output port of the ICS owning `source`, or -1.
  int ics_port(uint32_t source) const;
  void forward(int port, const Message& m) { payloads_.send(out[port], m); }

  // Servers below this are looked up in a vector (PRESENT on every IPI), others in the map.
  static constexpr uint32_t kDenseServers = 1u << 16;

  FabricLatency latency_;
  const XicsDirectory& dir_;
  std::map<uint32_t, int> icp_route_;
  std::vector<int> icp_port_; // by server < kDenseServers: port or -1
  std::map<uint32_t, int> ics_route_;
  int next_out_ = 0;
  // Messages due at the same time are applied in send-time order (then in the order they
  // were sent: a thread's in program order, the cores of a pass in core order). Host order
  // alone would depend on the windows: two messages sent at different cycles of one window
  // by different cores arrive in core order, in two windows in cycle order.
  struct Due {
    sc_core::sc_time due, sent;
    bool operator<(const Due& o) const { return due != o.due ? due < o.due : sent < o.sent; }
  };
  std::multimap<Due, Pending> queue_; // equal keys keep insertion order
  sc_core::sc_event wake_;
  MessagePayloads payloads_;
  std::array<uint64_t, kMessageKinds> count_{};
  uint64_t dropped_ = 0;
};

} // namespace ppc64sim::intc
