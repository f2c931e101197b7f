#include "models/intc/icp_core.h"

#include <vector>

namespace ppc64sim::intc {

IcpCore::IcpCore(Flavour flavour, uint32_t server, MessageSink& out, const XicsDirectory& dir)
    : flavour_(flavour), server_(server), out_(out), dir_(dir) {}

void IcpCore::reset() {
  st_ = IcpState{};
  if (on_line) on_line(false);
}

void IcpCore::set_line(bool v) {
  if (st_.line == v) return;
  st_.line = v;
  if (on_line) on_line(v);
}

// KVM recomputes out_ee after every ICP update (1.4, icp_try_update).
void IcpCore::update_kvm_line() {
  set_line(st_.xisr != kSpurious && st_.pending_pri < st_.cppr);
}

void IcpCore::reject(uint32_t source, RejectReason why) {
  Message m;
  m.kind = MessageKind::reject;
  m.server = server_;
  m.source = source;
  m.reason = why;
  out_.send(m);
}

void IcpCore::write_state(uint8_t cppr, uint32_t xisr, uint8_t mfrr, uint8_t ppri, bool owned) {
  st_.cppr = cppr;
  st_.xisr = xisr;
  st_.mfrr = mfrr;
  st_.pending_pri = ppri;
  st_.owned = owned;
  set_line(xisr != kSpurious && ppri < cppr);
}

// ---- PRESENT (2.1) ----
// State is updated before any REJECT leaves, so a REJECT that is handled synchronously (and
// in KVM re-offered at once) sees the new XISR.
void IcpCore::handle(const Message& m) {
  if (m.kind == MessageKind::ipi) {
    set_mfrr(m.source);
    return;
  }
  if (m.kind != MessageKind::present) return;
  const uint8_t p = m.priority;
  if (flavour_ == Flavour::qemu) {
    if (p >= st_.cppr || (st_.xisr != kSpurious && st_.pending_pri <= p)) {
      reject(m.source, RejectReason::bounced);
      return;
    }
    const uint32_t old = st_.xisr;
    const bool had_owner = st_.owned; // an IPI in XISR is simply overwritten
    st_.xisr = m.source;
    st_.pending_pri = p;
    st_.owned = true;
    set_line(true);
    if (old != kSpurious && had_owner) reject(old, RejectReason::displaced);
    return;
  }
  // KVM icp_try_to_deliver: all three comparisons strict.
  if (st_.cppr > p && st_.mfrr > p && st_.pending_pri > p) {
    const uint32_t old = st_.xisr;
    st_.xisr = m.source;
    st_.pending_pri = p;
    st_.owned = true;
    update_kvm_line();
    if (old != kSpurious && old != kIpi) reject(old, RejectReason::displaced);
  } else {
    st_.need_resend = true;
    if (auto ics = dir_.ics_of(m.source)) st_.resend_map.insert(*ics);
    reject(m.source, RejectReason::bounced);
  }
}

// ---- H_XIRR (2.3) ----
uint32_t IcpCore::accept() {
  const uint32_t xirr = (uint32_t{st_.cppr} << 24) | st_.xisr;
  if (flavour_ == Flavour::qemu) {
    // Unconditional: a spurious accept sets CPPR to 0xFF (C9, 2.11 #1).
    set_line(false);
    st_.cppr = st_.pending_pri;
    st_.xisr = kSpurious;
    st_.pending_pri = kMasked;
    st_.owned = false;
  } else if (st_.xisr != kSpurious) {
    st_.cppr = st_.pending_pri;
    st_.xisr = kSpurious;
    st_.pending_pri = kMasked;
    st_.owned = false;
    update_kvm_line();
  }
  return xirr;
}

// ---- H_CPPR (2.4) ----
void IcpCore::set_cppr(uint64_t value) {
  if (flavour_ == Flavour::qemu) {
    const auto c = static_cast<uint8_t>(value); // QEMU truncates to 8 bits
    const uint8_t old = st_.cppr;
    st_.cppr = c;
    if (c < old) {
      if (st_.xisr != kSpurious && c <= st_.pending_pri) {
        const uint32_t x = st_.xisr;
        const bool had_owner = st_.owned;
        st_.xisr = kSpurious;
        st_.pending_pri = kMasked;
        st_.owned = false;
        set_line(false);
        if (had_owner) reject(x, RejectReason::displaced);
      }
    } else if (st_.xisr == kSpurious) {
      qemu_resend(); // includes equal (C33, 2.11 #4)
    }
    return;
  }
  // KVM compares the full register before storing 8 bits.
  if (value > st_.cppr) {
    kvm_down_cppr(static_cast<uint8_t>(value));
    return;
  }
  if (value == st_.cppr) return;
  const auto c = static_cast<uint8_t>(value);
  uint32_t rejected = kSpurious;
  st_.cppr = c;
  if (c <= st_.pending_pri) {
    rejected = st_.xisr;
    st_.xisr = kSpurious;
    st_.pending_pri = kMasked;
    st_.owned = false;
  }
  update_kvm_line();
  if (rejected != kSpurious && rejected != kIpi) reject(rejected, RejectReason::displaced);
}

// ---- H_IPI (2.5) ----
void IcpCore::set_mfrr(uint64_t value) {
  if (flavour_ == Flavour::qemu) {
    st_.mfrr = static_cast<uint8_t>(value);
    if (st_.mfrr < st_.cppr) qemu_check_ipi();
    return;
  }
  const uint8_t old = st_.mfrr;
  st_.mfrr = static_cast<uint8_t>(value);
  uint32_t rejected = kSpurious;
  bool resend = false;
  // Tie with a pending external: KVM presents the IPI (C5, 2.11 #3).
  if (value < st_.cppr && value <= st_.pending_pri) {
    rejected = st_.xisr;
    st_.pending_pri = st_.mfrr;
    st_.xisr = kIpi;
    st_.owned = false;
  }
  if (value > old) { // MFRR made less favoured: consume need_resend (2.11 #5)
    resend = st_.need_resend;
    st_.need_resend = false;
  }
  update_kvm_line();
  if (rejected != kSpurious && rejected != kIpi) reject(rejected, RejectReason::displaced);
  if (resend) kvm_check_resend();
}

// ---- H_IPOLL (2.6) ----
IpollResult IcpCore::ipoll() const {
  return IpollResult{(uint32_t{st_.cppr} << 24) | st_.xisr, st_.mfrr};
}

// ---- H_EOI (2.7) ----
int64_t IcpCore::eoi(uint64_t xirr) {
  const auto cppr = static_cast<uint8_t>(xirr >> 24);
  const auto irq = static_cast<uint32_t>(xirr & kXisrMask);
  Message m;
  m.kind = MessageKind::eoi;
  m.server = server_;
  m.source = irq;
  if (flavour_ == Flavour::qemu) {
    st_.cppr = cppr; // no direction check, no reject, line untouched (C20)
    if (dir_.ics_of(irq)) out_.send(m); // unknown numbers silently ignored (C22)
    if (st_.xisr == kSpurious) qemu_resend();
    return hstatus::H_SUCCESS;
  }
  kvm_down_cppr(cppr);
  if (irq == kIpi) return hstatus::H_SUCCESS;
  if (!dir_.ics_of(irq)) return hstatus::H_PARAMETER; // C22, 2.11 #9
  out_.send(m);
  return hstatus::H_SUCCESS;
}

// ---- QEMU helpers (2.12) ----

void IcpCore::qemu_check_ipi() {
  if (st_.xisr != kSpurious && st_.pending_pri <= st_.mfrr) return;
  const uint32_t old = st_.xisr;
  const bool had_owner = st_.owned;
  st_.xisr = kIpi;
  st_.pending_pri = st_.mfrr;
  st_.owned = false;
  set_line(true);
  if (old != kSpurious && had_owner) reject(old, RejectReason::displaced);
}

void IcpCore::qemu_resend() {
  if (st_.mfrr < st_.cppr) qemu_check_ipi();
  Message m;
  m.kind = MessageKind::resend;
  m.server = server_;
  m.ics = -1; // QEMU rescans every source (2.2, 2.11 #13)
  out_.send(m);
}

// ---- KVM helpers (2.2, 2.4) ----

void IcpCore::kvm_down_cppr(uint8_t cppr) {
  st_.cppr = cppr;
  if (st_.mfrr < cppr && st_.mfrr <= st_.pending_pri) {
    // The kernel WARNs if XISR held an external here and overwrites it without a reject;
    // reproduced as is (only reachable after a software-error EOI, C20).
    st_.pending_pri = st_.mfrr;
    st_.xisr = kIpi;
    st_.owned = false;
  }
  const bool resend = st_.need_resend;
  st_.need_resend = false;
  update_kvm_line();
  if (resend) kvm_check_resend();
}

void IcpCore::kvm_check_resend() {
  // Each ICS bit is cleared before its scan; failed re-deliveries set it again (2.2 KVM).
  const std::vector<uint32_t> flagged(st_.resend_map.begin(), st_.resend_map.end());
  for (uint32_t ics : flagged) {
    st_.resend_map.erase(ics);
    Message m;
    m.kind = MessageKind::resend;
    m.server = server_;
    m.ics = static_cast<int32_t>(ics);
    out_.send(m);
  }
}

} // namespace ppc64sim::intc
