#pragma once
// SystemC wrapper of one ICP (one per hardware thread): receives PRESENTs, sends
// REJECT/EOI/RESEND, and drives `irq`, the thread's external interrupt line (1.4).
// The line is written by this module's own process (one writer per signal) in the same
// evaluation phase, so it is visible one delta later at the same simulated time; line()
// gives the value immediately.
#include "models/intc/fabric_protocol.h"
#include "models/intc/icp_core.h"

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

namespace ppc64sim::intc {

class Icp;

// Takes an ICP's line changes instead of the ICP's own publishing (a board that carries the
// line to its cores by other means while it can, see platforms/interrupt_lines.h). It must
// call Icp::publish_line() for every change it does not deliver itself.
class IcpLineListener {
public:
  virtual ~IcpLineListener() = default;
  virtual void line_changed(Icp& icp) = 0;
};

class Icp : public sc_core::sc_module, private MessageSink {
public:
  tlm_utils::simple_initiator_socket<Icp> out;
  tlm_utils::simple_target_socket<Icp> in;
  sc_core::sc_out<bool> irq;

  SC_HAS_PROCESS(Icp);
  Icp(sc_core::sc_module_name name, Flavour flavour, uint32_t server, const XicsDirectory& dir);

  IcpCore& core() { return core_; }
  const IcpCore& core() const { return core_; }
  uint32_t server() const { return core_.server(); }
  bool line() const { return core_.line(); }
  // Writes the line's present value to `irq` in this evaluation phase (the first delta cycle
  // when the kernel does not run yet): what every change does unless a listener is set.
  void publish_line();
  void set_line_listener(IcpLineListener* listener) { listener_ = listener; }
  // Sends a message this ICP does not emit itself (an IPI on behalf of its thread's H_IPI).
  void send_message(const Message& m) { payloads_.send(out, m); }

private:
  void send(const Message& m) override { payloads_.send(out, m); }
  void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  void drive_irq();

  IcpCore core_;
  MessagePayloads payloads_;
  sc_core::sc_event line_changed_;
  IcpLineListener* listener_ = nullptr;
};

} // namespace ppc64sim::intc
