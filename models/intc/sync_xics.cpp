#include "models/intc/sync_xics.h"

namespace ppc64sim::intc {

SyncXics::SyncXics(Flavour flavour, const std::vector<uint32_t>& servers,
                   const std::vector<IcsBlock>& blocks)
    : XicsOps(flavour) {
  for (size_t i = 0; i < blocks.size(); ++i) {
    ics_owned_.push_back(std::make_unique<IcsCore>(flavour, static_cast<uint32_t>(i),
                                                   blocks[i].base, blocks[i].count,
                                                   static_cast<MessageSink&>(*this), *this));
    register_ics(*ics_owned_.back());
  }
  for (uint32_t s : servers) {
    icp_owned_.push_back(
        std::make_unique<IcpCore>(flavour, s, static_cast<MessageSink&>(*this), *this));
    register_icp(*icp_owned_.back());
  }
}

// Routing rules of architecture.md: PRESENT -> ICP of the server; REJECT/EOI -> owning ICS;
// RESEND -> the named ICS or all of them.
void SyncXics::send(const Message& m) {
  ++sent_[static_cast<int>(m.kind)];
  switch (m.kind) {
  case MessageKind::present:
  case MessageKind::ipi:
    if (IcpCore* p = icp(m.server))
      p->handle(m);
    else
      ++dropped_;
    return;
  case MessageKind::reject:
  case MessageKind::eoi:
    if (IcsCore* i = ics_for(m.source))
      i->handle(m);
    else
      ++dropped_;
    return;
  case MessageKind::resend:
    for (IcsCore* i : ics_list())
      if (m.ics < 0 || static_cast<uint32_t>(m.ics) == i->index()) i->handle(m);
    return;
  case MessageKind::poll:
  case MessageKind::control:
    return; // never sent: without a fabric every query is answered inside its call

  }
}

} // namespace ppc64sim::intc
