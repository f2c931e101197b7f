#include "models/intc/fabric.h"

#include <stdexcept>
#include <string>

namespace ppc64sim::intc {

using sc_core::sc_time;

Fabric::Fabric(sc_core::sc_module_name name, const FabricLatency& latency,
               const XicsDirectory& dir)
    : sc_module(name), in("in"), out("out"), latency_(latency), dir_(dir) {
  in.register_b_transport(this, &Fabric::b_transport);
  SC_METHOD(deliver_due);
  sensitive << wake_;
  dont_initialize();
}

void Fabric::b_transport(int, tlm::tlm_generic_payload& gp, sc_time& delay) {
  const Message* m = message_of(gp);
  if (!m) {
    gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  ++count_[static_cast<int>(m->kind)];
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
  const sc_time now = sc_core::sc_time_stamp();
  const sc_time total = delay + latency_.of(m->kind);
  if (total == sc_core::SC_ZERO_TIME) {
    route(*m, now);
    return;
  }
  queue_.emplace(now + total, Pending{*m, now});
  wake_.notify(queue_.begin()->first - now); // an earlier pending notification wins
}

void Fabric::deliver_due() {
  const sc_time now = sc_core::sc_time_stamp();
  while (!queue_.empty() && queue_.begin()->first <= now) {
    Pending p = queue_.begin()->second;
    queue_.erase(queue_.begin());
    route(p.msg, p.sent);
  }
  if (!queue_.empty()) wake_.notify(queue_.begin()->first - now);
}

std::vector<InFlightMessage> Fabric::in_flight_messages() const {
  std::vector<InFlightMessage> out;
  out.reserve(queue_.size());
  for (const auto& [due, p] : queue_) out.push_back({p.msg, p.sent, due});
  return out;
}

void Fabric::restore_in_flight(const std::vector<InFlightMessage>& messages) {
  const sc_time now = sc_core::sc_time_stamp();
  for (const InFlightMessage& m : messages)
    if (m.due < now || m.due < m.sent)
      throw std::invalid_argument("fabric: in-flight " + std::string(to_string(m.msg.kind)) + " due at " +
                                  m.due.to_string() + " is before " + (m.due < now ? "now" : "its send time"));
  queue_.clear();
  for (const InFlightMessage& m : messages) queue_.emplace(m.due, Pending{m.msg, m.sent});
  wake_.cancel();
  if (!queue_.empty()) wake_.notify(queue_.begin()->first - now);
}

void Fabric::route(const Message& m, const sc_time& sent) {
  std::vector<int> targets;
  switch (m.kind) {
  case MessageKind::present: {
    auto it = icp_route_.find(m.server);
    if (it != icp_route_.end()) targets.push_back(it->second);
    break;
  }
  case MessageKind::reject:
  case MessageKind::eoi:
    if (auto ics = dir_.ics_of(m.source)) {
      auto it = ics_route_.find(*ics);
      if (it != ics_route_.end()) targets.push_back(it->second);
    }
    break;
  case MessageKind::resend:
    for (const auto& [index, port] : ics_route_)
      if (m.ics < 0 || static_cast<uint32_t>(m.ics) == index) targets.push_back(port);
    break;
  }
  if (targets.empty()) {
    ++dropped_; // e.g. PRESENT to a server with no ICP (2.11 #12: dropped, as KVM does)
    return;
  }
  // Observed before forwarding so nested synchronous messages appear in causal order.
  if (observer) observer(m, sent, sc_core::sc_time_stamp());
  for (int port : targets) send_message(out[port], m);
}

} // namespace ppc64sim::intc
