#pragma once
// SystemC wrapper of one ICS block: receives REJECT/EOI/RESEND from the fabric, sends
// PRESENTs to it. Devices drive sources through msi_trigger / set_lsi_level (2.8).
#include "models/intc/fabric_protocol.h"
#include "models/intc/ics_core.h"

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

namespace ppc64sim::intc {

class Ics : public sc_core::sc_module, private MessageSink {
public:
  tlm_utils::simple_initiator_socket<Ics> out;
  tlm_utils::simple_target_socket<Ics> in;

  Ics(sc_core::sc_module_name name, Flavour flavour, uint32_t index, const IcsBlock& block,
      const XicsDirectory& dir);

  IcsCore& core() { return core_; }
  const IcsCore& core() const { return core_; }
  bool msi_trigger(uint32_t source) { return core_.msi_trigger(source); }
  bool set_lsi_level(uint32_t source, bool level) { return core_.set_lsi_level(source, level); }

private:
  void send(const Message& m) override { payloads_.send(out, m); }
  void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);

  IcsCore core_;
  MessagePayloads payloads_;
};

} // namespace ppc64sim::intc
