#include "models/intc/fabric.h"

#include <algorithm>
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
  const sc_time latency = latency_.of(m->kind);
  const sc_time total = delay + latency;
  if (total == sc_core::SC_ZERO_TIME) {
    route(*m, now);
    return;
  }
  const sc_time sent = latency != sc_core::SC_ZERO_TIME && sender_offset ? now + sender_offset() : now;
  queue_.emplace(Due{sent + total, sent}, Pending{*m, sent});
  wake_.notify(queue_.begin()->first.due - now); // an earlier pending notification wins
}

void Fabric::deliver_due() {
  const sc_time now = sc_core::sc_time_stamp();
  bool delivered = false;
  std::vector<Pending> queries; // answered last, in (sent, caller) order
  while (!queue_.empty() && queue_.begin()->first.due <= now) {
    Pending p = queue_.begin()->second;
    queue_.erase(queue_.begin());
    if (is_query(p.msg.kind)) queries.push_back(p);
    else route(p.msg, p.sent);
    delivered = true;
  }
  std::stable_sort(queries.begin(), queries.end(), [](const Pending& a, const Pending& b) {
    return a.sent != b.sent ? a.sent < b.sent : a.msg.caller < b.msg.caller;
  });
  for (const Pending& q : queries) route(q.msg, q.sent);
  if (delivered && after_delivery) after_delivery();
  if (!queue_.empty()) wake_.notify(queue_.begin()->first.due - now);
}

std::vector<InFlightMessage> Fabric::in_flight_messages() const {
  std::vector<InFlightMessage> out;
  out.reserve(queue_.size());
  for (const auto& [key, p] : queue_) out.push_back({p.msg, p.sent, key.due});
  return out;
}

void Fabric::restore_in_flight(const std::vector<InFlightMessage>& messages) {
  const sc_time now = sc_core::sc_time_stamp();
  for (const InFlightMessage& m : messages)
    if (m.due < now || m.due < m.sent)
      throw std::invalid_argument("fabric: in-flight " + std::string(to_string(m.msg.kind)) + " due at " +
                                  m.due.to_string() + " is before " + (m.due < now ? "now" : "its send time"));
  queue_.clear();
  for (const InFlightMessage& m : messages) queue_.emplace(Due{m.due, m.sent}, Pending{m.msg, m.sent});
  wake_.cancel();
  if (!queue_.empty()) wake_.notify(queue_.begin()->first.due - now);
}

int Fabric::icp_port(uint32_t server) const {
  if (server < icp_port_.size()) return icp_port_[server];
  if (server < kDenseServers) return -1;
  auto it = icp_route_.find(server);
  return it == icp_route_.end() ? -1 : it->second;
}

int Fabric::ics_port(uint32_t source) const {
  if (auto ics = dir_.ics_of(source)) {
    auto it = ics_route_.find(*ics);
    if (it != ics_route_.end()) return it->second;
  }
  return -1;
}

void Fabric::route(const Message& m, const sc_time& sent) {
  // Every route has a single destination but RESEND without an ICS index (every ICS).
  int port = -1;
  switch (m.kind) {
  case MessageKind::present:
  case MessageKind::ipi: port = icp_port(m.server); break;
  case MessageKind::reject:
  case MessageKind::eoi: port = ics_port(m.source); break;
  case MessageKind::poll:
  case MessageKind::control:
    if (!answer) break;
    if (observer) observer(m, sent, sc_core::sc_time_stamp());
    answer(m);
    return;
  case MessageKind::resend:
    for (const auto& [index, p] : ics_route_)
      if (m.ics < 0 || static_cast<uint32_t>(m.ics) == index) {
        port = p;
        break;
      }
    break;
  }
  if (port < 0) {
    ++dropped_; // e.g. PRESENT to a server with no ICP (2.11 #12: dropped, as KVM does)
    return;
  }
  // Observed before forwarding so nested synchronous messages appear in causal order.
  if (observer) observer(m, sent, sc_core::sc_time_stamp());
  if (m.kind != MessageKind::resend) {
    forward(port, m);
    return;
  }
  for (const auto& [index, p] : ics_route_)
    if (m.ics < 0 || static_cast<uint32_t>(m.ics) == index) forward(p, m);
}

} // namespace ppc64sim::intc
