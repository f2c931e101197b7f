#pragma once
// A complete XICS with zero-latency, in-order message delivery and no SystemC: the reference
// against which the TLM fabric must agree at zero latency, and the harness of the unit tests.
#include "models/intc/xics_ops.h"

#include <array>
#include <memory>
#include <vector>

namespace ppc64sim::intc {

class SyncXics : public XicsOps, private MessageSink {
public:
  SyncXics(Flavour flavour, const std::vector<uint32_t>& servers,
           const std::vector<IcsBlock>& blocks = {IcsBlock{}});

  // Messages routed so far, per kind, and PRESENTs dropped for want of an ICP (2.11 #12).
  uint64_t sent(MessageKind k) const { return sent_[static_cast<int>(k)]; }
  uint64_t dropped() const { return dropped_; }

private:
  void send(const Message& m) override;
  void send_ipi(uint32_t, const Message& m) override { send(m); }

  std::vector<std::unique_ptr<IcsCore>> ics_owned_;
  std::vector<std::unique_ptr<IcpCore>> icp_owned_;
  std::array<uint64_t, kMessageKinds> sent_{};
  uint64_t dropped_ = 0;
};

} // namespace ppc64sim::intc
