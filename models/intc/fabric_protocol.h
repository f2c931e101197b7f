#pragma once
// The ICS <-> ICP fabric protocol as TLM-2.0 (architecture.md "Interfaces"): each message is
// a tlm_generic_payload with TLM_IGNORE_COMMAND carrying an XicsMessageExtension, sent with
// b_transport. Per-kind latencies live in FabricLatency.
#include "models/intc/xics_types.h"

#include <systemc>
#include <tlm>

namespace ppc64sim::intc {

class XicsMessageExtension : public tlm::tlm_extension<XicsMessageExtension> {
public:
  Message msg;

  tlm::tlm_extension_base* clone() const override {
    auto* e = new XicsMessageExtension;
    e->msg = msg;
    return e;
  }
  void copy_from(const tlm::tlm_extension_base& other) override {
    msg = static_cast<const XicsMessageExtension&>(other).msg;
  }
};

// Time from send to application, per message kind. Zero = applied synchronously inside the
// sender's call (reproduces QEMU's results exactly).
struct FabricLatency {
  sc_core::sc_time present = sc_core::SC_ZERO_TIME;
  sc_core::sc_time reject = sc_core::SC_ZERO_TIME;
  sc_core::sc_time eoi = sc_core::SC_ZERO_TIME;
  sc_core::sc_time resend = sc_core::SC_ZERO_TIME;

  const sc_core::sc_time& of(MessageKind k) const {
    switch (k) {
    case MessageKind::present: return present;
    case MessageKind::reject: return reject;
    case MessageKind::eoi: return eoi;
    case MessageKind::resend: return resend;
    }
    return present;
  }
};

// Sends `m` through `socket` as one transaction (the extension lives on the stack; the
// payload is not kept by the receiver beyond b_transport).
template <class Socket>
void send_message(Socket&& socket, const Message& m,
                  sc_core::sc_time delay = sc_core::SC_ZERO_TIME) {
  tlm::tlm_generic_payload gp;
  XicsMessageExtension ext;
  ext.msg = m;
  gp.set_command(tlm::TLM_IGNORE_COMMAND);
  gp.set_address(m.kind == MessageKind::present ? m.server : m.source);
  gp.set_data_ptr(nullptr);
  gp.set_data_length(0);
  gp.set_streaming_width(0);
  gp.set_byte_enable_ptr(nullptr);
  gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  gp.set_extension(&ext);
  socket->b_transport(gp, delay);
  gp.clear_extension(&ext);
}

// The message a transaction carries, or nullptr when it is not an XICS message.
inline const Message* message_of(tlm::tlm_generic_payload& gp) {
  XicsMessageExtension* e = nullptr;
  gp.get_extension(e);
  return e ? &e->msg : nullptr;
}

} // namespace ppc64sim::intc
