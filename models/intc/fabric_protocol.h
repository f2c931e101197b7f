#pragma once
// The ICS <-> ICP fabric protocol as TLM-2.0 (architecture.md "Interfaces"): each message is
// a tlm_generic_payload with TLM_IGNORE_COMMAND carrying an XicsMessageExtension, sent with
// b_transport (MessagePayloads). Per-kind latencies live in FabricLatency.
#include "models/intc/xics_types.h"

#include <systemc>
#include <tlm>

#include <memory>
#include <vector>

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
  sc_core::sc_time ipi = sc_core::SC_ZERO_TIME;
  sc_core::sc_time poll = sc_core::SC_ZERO_TIME;    // each way of an H_IPOLL round trip
  sc_core::sc_time control = sc_core::SC_ZERO_TIME; // each way of an RTAS XIVE call

  const sc_core::sc_time& of(MessageKind k) const {
    switch (k) {
    case MessageKind::present: return present;
    case MessageKind::reject: return reject;
    case MessageKind::eoi: return eoi;
    case MessageKind::resend: return resend;
    case MessageKind::ipi: return ipi;
    case MessageKind::poll: return poll;
    case MessageKind::control: return control;
    }
    return present;
  }
};

// Payloads for fabric messages, reused so that a message allocates nothing: each carries its
// XicsMessageExtension for good (the payload owns it and frees it on destruction). A send
// takes a free payload and returns it after b_transport; a receiver that sends in turn
// (nested messages) takes another one. The receiver keeps no payload beyond b_transport.
class MessagePayloads {
public:
  MessagePayloads() = default;
  MessagePayloads(const MessagePayloads&) = delete;
  MessagePayloads& operator=(const MessagePayloads&) = delete;

  // Sends `m` through `socket` as one TLM-2.0 transaction (TLM_IGNORE_COMMAND, address =
  // the server of a PRESENT, IPI or POLL, the source of any other kind).
  template <class Socket>
  void send(Socket&& socket, const Message& m, sc_core::sc_time delay = sc_core::SC_ZERO_TIME) {
    Lease lease(*this);
    tlm::tlm_generic_payload& gp = *lease.payload;
    XicsMessageExtension* ext = nullptr;
    gp.get_extension(ext);
    ext->msg = m;
    gp.set_command(tlm::TLM_IGNORE_COMMAND);
    gp.set_address(m.kind == MessageKind::present || m.kind == MessageKind::ipi || m.kind == MessageKind::poll
                       ? m.server
                       : m.source);
    gp.set_data_ptr(nullptr);
    gp.set_data_length(0);
    gp.set_streaming_width(0);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_dmi_allowed(false);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    socket->b_transport(gp, delay);
  }

private:
  struct Lease {
    explicit Lease(MessagePayloads& pool) : pool(pool) {
      if (pool.free_.empty()) {
        pool.owned_.push_back(std::make_unique<tlm::tlm_generic_payload>());
        pool.owned_.back()->set_extension(new XicsMessageExtension);
        pool.free_.push_back(pool.owned_.back().get());
      }
      payload = pool.free_.back();
      pool.free_.pop_back();
    }
    ~Lease() { pool.free_.push_back(payload); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    MessagePayloads& pool;
    tlm::tlm_generic_payload* payload = nullptr;
  };
  std::vector<std::unique_ptr<tlm::tlm_generic_payload>> owned_;
  std::vector<tlm::tlm_generic_payload*> free_;
};

// The message a transaction carries, or nullptr when it is not an XICS message.
inline const Message* message_of(tlm::tlm_generic_payload& gp) {
  XicsMessageExtension* e = nullptr;
  gp.get_extension(e);
  return e ? &e->msg : nullptr;
}

} // namespace ppc64sim::intc
