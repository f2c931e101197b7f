#include "models/intc/state_access.h"

#include "models/intc/hex_text.h"

#include <cstdio>

namespace ppc64sim::intc {

uint64_t encode_source(Flavour f, const SourceState& s) {
  using namespace srcword;
  const bool masked = s.priority == ppc64sim::intc::kMasked;
  uint64_t w = s.server;
  w |= uint64_t{masked ? s.saved_priority : s.priority} << kPriorityShift;
  if (masked) w |= srcword::kMasked;
  if (s.type == SourceType::lsi) {
    w |= kLevelSensitive;
    const bool pending = f == Flavour::qemu ? s.asserted : (s.pq & kPqPresented) != 0;
    if (pending) w |= kPending;
  } else {
    const bool pending = s.masked_pending || (f == Flavour::qemu ? s.rejected : s.resend);
    if (pending) w |= kPending;
  }
  if (f == Flavour::kvm) {
    if (s.pq & kPqPresented) w |= kPresented;
    if (s.pq & kPqQueued) w |= kQueued;
  } else if (s.type == SourceType::lsi && s.sent) {
    w |= kPresented;
  }
  return w;
}

Status decode_source(Flavour f, uint64_t w, SourceState& out) {
  using namespace srcword;
  if (w & kReserved) return Status::failure("reserved bits set in source word " + hex_text(w));
  const bool lsi = (w & kLevelSensitive) != 0;
  if (f == Flavour::qemu) {
    if (w & kQueued) return Status::failure("queued (Q) bit has no meaning in the QEMU flavour");
    if (!lsi && (w & kPresented))
      return Status::failure("presented (P) bit on an MSI has no meaning in the QEMU flavour");
  }
  SourceState s;
  s.server = static_cast<uint32_t>(w & kServerMask);
  s.saved_priority = static_cast<uint8_t>(w >> kPriorityShift);
  s.priority = (w & srcword::kMasked) ? ppc64sim::intc::kMasked : s.saved_priority;
  s.type = lsi ? SourceType::lsi : SourceType::msi;
  const bool pending = (w & kPending) != 0;
  const bool masked = s.priority == ppc64sim::intc::kMasked;
  if (f == Flavour::qemu) {
    if (lsi) {
      s.asserted = pending;
      s.sent = (w & kPresented) != 0;
    } else if (pending) {
      // QEMU xics_kvm: a pending MSI is re-offered by the next resend scan (section 8).
      if (masked)
        s.masked_pending = true;
      else
        s.rejected = true;
    }
  } else {
    if (w & kPresented) s.pq |= kPqPresented;
    if (w & kQueued) s.pq |= kPqQueued;
    if (lsi && pending) s.pq |= kPqPresented;
    if (pending && masked)
      s.masked_pending = true;
    else if (pending && !lsi)
      s.resend = true; // pure write: offered at the target ICP's next resend (caller flags it)
  }
  out = s;
  return Status::success();
}

uint64_t encode_icp(const IcpState& s) {
  return icpword::make(s.cppr, s.xisr, s.mfrr, s.pending_pri);
}

Status check_icp_word(uint64_t w, IcpRules rules, bool xisr_owned_by_ics) {
  using namespace icpword;
  if (w & kReserved) return Status::failure("reserved bits 0-15 set in ICP word " + hex_text(w));
  const auto cppr = static_cast<uint8_t>(w >> kCpprShift);
  const auto xisr = static_cast<uint32_t>((w >> kXisrShift) & kXisrMask);
  const auto mfrr = static_cast<uint8_t>(w >> kMfrrShift);
  const auto ppri = static_cast<uint8_t>(w >> kPpriShift);
  const std::string word = "inconsistent ICP word " + hex_text(w) + ": ";
  if (xisr == kSpurious) {
    if (ppri != kMasked) return Status::failure(word + "XISR 0 requires PPRI 0xff");
    return Status::success();
  }
  if (xisr != kIpi && !xisr_owned_by_ics)
    return Status::failure(word + "XISR " + hex_text(xisr) + " is neither the IPI nor an ICS source");
  if (rules == IcpRules::reachable) {
    if (ppri == kMasked) return Status::failure(word + "a pending XISR cannot have PPRI 0xff");
    return Status::success();
  }
  if (xisr == kIpi) {
    if (ppri != mfrr || ppri >= cppr)
      return Status::failure(word + "XISR 2 requires PPRI == MFRR < CPPR");
    return Status::success();
  }
  if (ppri >= mfrr || ppri >= cppr)
    return Status::failure(word + "an external in XISR requires PPRI < MFRR and PPRI < CPPR");
  return Status::success();
}

} // namespace ppc64sim::intc
