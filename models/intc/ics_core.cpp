#include "models/intc/ics_core.h"

namespace ppc64sim::intc {

const char* to_string(MessageKind k) {
  switch (k) {
  case MessageKind::present: return "PRESENT";
  case MessageKind::reject: return "REJECT";
  case MessageKind::eoi: return "EOI";
  case MessageKind::resend: return "RESEND";
  case MessageKind::ipi: return "IPI";
  case MessageKind::poll: return "POLL";
  case MessageKind::control: return "CONTROL";
  }
  return "?";
}

IcsCore::IcsCore(Flavour flavour, uint32_t index, uint32_t base, uint32_t count,
                 MessageSink& out, const XicsDirectory& dir)
    : flavour_(flavour), index_(index), base_(base), src_(count),
      resend_scan_((static_cast<size_t>(count) + 63) / 64, ~uint64_t{0}),
      scan_words_((resend_scan_.size() + 63) / 64, ~uint64_t{0}), out_(out), dir_(dir) {}

uint32_t IcsCore::next_marked(uint32_t from) const {
  const uint32_t n = count();
  const auto words = static_cast<uint32_t>(resend_scan_.size());
  uint32_t w = from >> 6;
  if (w >= words) return n;
  if (uint64_t bits = resend_scan_[w] & (~uint64_t{0} << (from & 63))) {
    const uint32_t i = (w << 6) + static_cast<uint32_t>(__builtin_ctzll(bits));
    return i < n ? i : n;
  }
  // The next word that may hold a mark, from the summary.
  for (uint32_t g = (w + 1) >> 6, first = (w + 1) & 63; g < scan_words_.size(); ++g, first = 0) {
    uint64_t groups = scan_words_[g] & (~uint64_t{0} << first);
    while (groups) {
      w = (g << 6) + static_cast<uint32_t>(__builtin_ctzll(groups));
      groups &= groups - 1;
      if (w >= words) return n;
      if (const uint64_t bits = resend_scan_[w]) {
        const uint32_t i = (w << 6) + static_cast<uint32_t>(__builtin_ctzll(bits));
        return i < n ? i : n;
      }
    }
  }
  return n;
}

bool IcsCore::resend_acts(const SourceState& s) const {
  if (flavour_ == Flavour::kvm) return s.resend;
  if (s.type == SourceType::lsi) return s.priority != kMasked && s.asserted && !s.sent;
  return s.rejected;
}

void IcsCore::reset() {
  for (auto& s : src_) {
    SourceType t = s.type;
    s = SourceState{};
    s.type = t;
  }
  for (auto& w : resend_scan_) w = ~uint64_t{0};
  for (auto& w : scan_words_) w = ~uint64_t{0};
}

bool IcsCore::set_type(uint32_t source, SourceType type) {
  if (!owns(source)) return false;
  at(source).type = type;
  return true;
}

void IcsCore::send_present(uint32_t source, const SourceState& s) {
  Message m;
  m.kind = MessageKind::present;
  m.server = s.server;
  m.source = source;
  m.priority = s.priority;
  out_.send(m);
}

// ---- device side (2.8) ----

bool IcsCore::msi_trigger(uint32_t source) {
  if (!owns(source) || at(source).type != SourceType::msi) return false;
  SourceState& s = at(source);
  if (flavour_ == Flavour::qemu) {
    // Every trigger is offered at once; duplicates come back as REJECTs (2.8 QEMU MSI).
    if (s.priority == kMasked)
      s.masked_pending = true;
    else
      send_present(source, s);
  } else {
    // P/Q: offer only when the source was idle (2.8 KVM current).
    s.pq = static_cast<uint8_t>(((s.pq << 1) & 3) | kPqPresented);
    if (s.pq == kPqPresented) kvm_deliver(source, false);
  }
  return true;
}

bool IcsCore::set_lsi_level(uint32_t source, bool level) {
  if (!owns(source)) return false;
  SourceState& s = at(source);
  if (s.type == SourceType::msi) {
    if (level) msi_trigger(source);
    return true;
  }
  if (flavour_ == Flavour::qemu) {
    s.asserted = level;
    qemu_resend_lsi(source);
  } else {
    if (!level) {
      s.pq = 0; // no retraction of what an ICP already holds (2.8)
      return true;
    }
    if (s.pq & kPqPresented) return true;
    s.pq |= kPqPresented;
    kvm_deliver(source, false);
  }
  return true;
}

// ---- QEMU helpers (2.12) ----

void IcsCore::qemu_resend_lsi(uint32_t source) {
  SourceState& s = at(source);
  if (s.priority != kMasked && s.asserted && !s.sent) {
    s.sent = true;
    send_present(source, s);
  }
}

void IcsCore::qemu_write_xive(uint32_t source, uint32_t server, uint8_t prio, uint8_t saved) {
  SourceState& s = at(source);
  s.server = server;
  s.priority = prio;
  s.saved_priority = saved;
  if (s.type == SourceType::lsi) {
    qemu_resend_lsi(source);
  } else if (s.masked_pending && prio != kMasked) {
    s.masked_pending = false;
    send_present(source, s);
  }
}

// ---- KVM helpers (2.1 KVM steps 1-3, write_xive) ----

void IcsCore::kvm_deliver(uint32_t source, bool check_resend) {
  SourceState& s = at(source);
  if (!dir_.server_exists(s.server)) return; // step 1: warn and drop
  if (check_resend && !s.resend) return;      // step 2
  s.resend = false;
  if (s.priority == kMasked) {                // step 3: nothing is lost while masked
    s.masked_pending = true;
    return;
  }
  send_present(source, s); // steps 4-6 happen in the ICP and come back as REJECTs
}

void IcsCore::kvm_write_xive(uint32_t source, uint32_t server, uint64_t prio, uint8_t saved) {
  SourceState& s = at(source);
  s.server = server;
  s.priority = static_cast<uint8_t>(prio); // 2.9: KVM stores 8 bits, no range check (C25)
  s.saved_priority = saved;
  // The kernel compares the untruncated value with MASKED (write_xive's u32 argument).
  if ((s.masked_pending || s.resend) && prio != kMasked) {
    s.masked_pending = false;
    s.resend = false;
    kvm_deliver(source, false);
  }
}

// ---- RTAS (2.9) ----

int32_t IcsCore::set_xive(uint32_t source, uint64_t server, uint64_t priority) {
  if (!owns(source)) return rtas::PARAM_ERROR;          // C26
  if (!dir_.server_exists(server)) return rtas::PARAM_ERROR; // C24
  if (flavour_ == Flavour::qemu) {
    if (priority > kMasked) return rtas::PARAM_ERROR;   // C25, 2.11 #10
    auto p = static_cast<uint8_t>(priority);
    qemu_write_xive(source, static_cast<uint32_t>(server), p, p);
  } else {
    kvm_write_xive(source, static_cast<uint32_t>(server), priority,
                   static_cast<uint8_t>(priority));
  }
  return rtas::SUCCESS;
}

XiveResult IcsCore::get_xive(uint32_t source) const {
  XiveResult r;
  if (!owns(source)) return r;
  const SourceState& s = src_[source - base_];
  r.status = rtas::SUCCESS;
  r.server = s.server;
  r.priority = s.priority; // the current priority: 0xFF while off (2.9)
  return r;
}

int32_t IcsCore::int_off(uint32_t source) {
  if (!owns(source)) return rtas::PARAM_ERROR;
  SourceState& s = at(source);
  // saved <- current priority, so a second int-off saves 0xFF (C28).
  if (flavour_ == Flavour::qemu)
    qemu_write_xive(source, s.server, kMasked, s.priority);
  else
    kvm_write_xive(source, s.server, kMasked, s.priority);
  return rtas::SUCCESS;
}

int32_t IcsCore::int_on(uint32_t source) {
  if (!owns(source)) return rtas::PARAM_ERROR;
  SourceState& s = at(source);
  if (flavour_ == Flavour::qemu) {
    qemu_write_xive(source, s.server, s.saved_priority, s.saved_priority);
  } else {
    if (!dir_.server_exists(s.server)) return rtas::PARAM_ERROR; // 2.11 #11
    kvm_write_xive(source, s.server, s.saved_priority, s.saved_priority);
  }
  return rtas::SUCCESS;
}

// ---- fabric input ----

void IcsCore::handle(const Message& m) {
  switch (m.kind) {
  case MessageKind::present:
  case MessageKind::ipi:
  case MessageKind::poll:    // queries are answered by the XICS (XicsOps::answer_query)
  case MessageKind::control:
    return;
  case MessageKind::reject: {
    if (!owns(m.source)) return;
    SourceState& s = at(m.source);
    if (flavour_ == Flavour::qemu) {
      // ics_reject (2.1 QEMU): MSI waits for a resend scan, LSI becomes re-offerable.
      if (s.type == SourceType::msi)
        s.rejected = true;
      else
        s.sent = false;
    } else if (m.reason == RejectReason::bounced) {
      s.resend = true; // 2.1 KVM step 6; the ICP has set need_resend and its resend_map bit
    } else {
      kvm_deliver(m.source, false); // 2.1 KVM step 5: a rejection is another delivery
    }
    return;
  }
  case MessageKind::eoi: {
    if (!owns(m.source)) return;
    SourceState& s = at(m.source);
    if (flavour_ == Flavour::qemu) {
      if (s.type == SourceType::lsi) s.sent = false; // 2.7 QEMU ics_eoi
    } else {
      // 2.7 KVM ics_eoi: LSI re-offered while its line (P) is high; MSI PQ >>= 1.
      if (s.type == SourceType::msi) s.pq = static_cast<uint8_t>(s.pq >> 1);
      if (s.pq & kPqPresented) kvm_deliver(m.source, false);
    }
    return;
  }
  case MessageKind::resend:
    if (m.ics >= 0 && static_cast<uint32_t>(m.ics) != index_) return;
    // Unmarked sources have not changed since a scan found nothing to do for them: the full
    // scan would pass over them without effect. The next candidate is looked up after each
    // one, so sources marked by nested messages are seen exactly as the plain loop would see
    // them.
    for (uint32_t i = next_marked(0); i < count(); i = next_marked(i + 1)) {
      uint32_t source = base_ + i;
      SourceState& s = src_[i];
      if (!resend_acts(s)) {
        unmark(i);
        continue;
      }
      if (flavour_ == Flavour::kvm) {
        // 2.2 KVM ics_check_resend: every flagged source, each to its current server.
        if (s.resend) kvm_deliver(source, true);
      } else if (s.type == SourceType::lsi) {
        qemu_resend_lsi(source); // 2.2 QEMU: whole ICS, no server filter
      } else if (s.rejected) {
        s.rejected = false;
        // A rejected MSI found masked here is dropped (2.2, C30, 2.11 #6).
        if (s.priority != kMasked) send_present(source, s);
      }
    }
    return;
  }
}

} // namespace ppc64sim::intc
