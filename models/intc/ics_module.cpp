#include "models/intc/ics_module.h"

namespace ppc64sim::intc {

Ics::Ics(sc_core::sc_module_name name, Flavour flavour, uint32_t index, const IcsBlock& block,
         const XicsDirectory& dir)
    : sc_module(name), out("out"), in("in"),
      core_(flavour, index, block.base, block.count, *this, dir) {
  in.register_b_transport(this, &Ics::b_transport);
}

void Ics::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time&) {
  const Message* m = message_of(gp);
  if (!m) {
    gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  const Message copy = *m; // the handler may send (and nest) further transactions
  core_.handle(copy);
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

} // namespace ppc64sim::intc
