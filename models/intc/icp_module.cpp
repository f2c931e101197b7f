#include "models/intc/icp_module.h"

namespace ppc64sim::intc {

Icp::Icp(sc_core::sc_module_name name, Flavour flavour, uint32_t server,
         const XicsDirectory& dir)
    : sc_module(name), out("out"), in("in"), irq("irq"), core_(flavour, server, *this, dir) {
  in.register_b_transport(this, &Icp::b_transport);
  core_.on_line = [this](bool) {
    if (listener_)
      listener_->line_changed(*this);
    else
      publish_line();
  };
  SC_METHOD(drive_irq); // also runs once at start to publish the reset value
  sensitive << line_changed_;
}

// Immediate notification while running, so drive_irq writes in the same evaluation phase
// and the new level is visible one delta after the change; elaboration-time changes are
// published at the first delta.
void Icp::publish_line() {
  if (sc_core::sc_is_running())
    line_changed_.notify();
  else
    line_changed_.notify(sc_core::SC_ZERO_TIME);
}

void Icp::drive_irq() { irq.write(core_.line()); }

void Icp::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time&) {
  const Message* m = message_of(gp);
  if (!m) {
    gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  const Message copy = *m;
  core_.handle(copy);
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

} // namespace ppc64sim::intc
