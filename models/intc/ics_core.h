#pragma once
// Interrupt source controller semantics (xics-spec.md 1.2, 2.1, 2.2, 2.7-2.10), plain C++.
// One IcsCore owns `count` consecutive source numbers starting at `base`.
#include "models/intc/xics_types.h"

#include <cstdint>
#include <vector>

namespace ppc64sim::intc {

enum class SourceType : uint8_t { msi, lsi };

// Union of the QEMU and KVM per-source state (1.2). Each flavour uses its own subset.
struct SourceState {
  uint32_t server = 0;
  uint8_t priority = kMasked;
  uint8_t saved_priority = kMasked;
  SourceType type = SourceType::msi;
  bool asserted = false;       // QEMU LSI line level
  bool sent = false;           // QEMU LSI handed to an ICP, not yet EOI'd/rejected
  bool rejected = false;       // QEMU MSI bounced, waiting for a resend scan
  bool masked_pending = false; // trigger seen while masked (QEMU: MSI only; KVM: both)
  bool resend = false;         // KVM: delivery failed, waiting for the ICP's resend
  uint8_t pq = 0;              // KVM P (bit 0) / Q (bit 1)
};
inline constexpr uint8_t kPqPresented = 1; // K-XICS-H PQ_PRESENTED
inline constexpr uint8_t kPqQueued = 2;    // K-XICS-H PQ_QUEUED

struct XiveResult {
  int32_t status = rtas::PARAM_ERROR;
  uint32_t server = 0;
  uint8_t priority = kMasked;
};

class IcsCore {
public:
  IcsCore(Flavour flavour, uint32_t index, uint32_t base, uint32_t count, MessageSink& out,
          const XicsDirectory& dir);

  uint32_t index() const { return index_; }
  uint32_t base() const { return base_; }
  uint32_t count() const { return static_cast<uint32_t>(src_.size()); }
  bool owns(uint64_t source) const { return source >= base_ && source - base_ < src_.size(); }

  // Device side (2.8). Both return false (no effect) for a number this ICS does not own.
  // A "trigger" on an LSI is refused; a level on an MSI acts like QEMU's qemu_set_irq
  // (1 = trigger, 0 = ignored).
  bool msi_trigger(uint32_t source);
  bool set_lsi_level(uint32_t source, bool level);
  bool set_type(uint32_t source, SourceType type);

  // RTAS XICS calls (2.9), argument validation included; nargs/nret belong to the shim.
  int32_t set_xive(uint32_t source, uint64_t server, uint64_t priority);
  XiveResult get_xive(uint32_t source) const;
  int32_t int_off(uint32_t source);
  int32_t int_on(uint32_t source);

  // Fabric input: REJECT, EOI, RESEND (PRESENT never targets an ICS).
  void handle(const Message& m);

  // Reset per 1.2: masked, server 0, flags clear, type kept.
  void reset();

  const SourceState& state(uint32_t source) const { return src_.at(source - base_); }
  // Raw write used by the state-access layer after validation.
  void write_state(uint32_t source, const SourceState& s) {
    src_.at(source - base_) = s;
    mark(source - base_);
  }

  // PRESENTs aimed at a server with no ICP are dropped by the fabric (2.11 #12); the
  // ICS keeps no record, like KVM.
private:
  // Every mutable access marks the source as a resend candidate (see resend_scan_).
  SourceState& at(uint32_t source) {
    mark(source - base_);
    return src_[source - base_];
  }
  void mark(uint32_t i) {
    resend_scan_[i >> 6] |= uint64_t{1} << (i & 63);
    scan_words_[i >> 12] |= uint64_t{1} << ((i >> 6) & 63);
  }
  void unmark(uint32_t i) {
    uint64_t& word = resend_scan_[i >> 6];
    word &= ~(uint64_t{1} << (i & 63));
    if (word == 0) scan_words_[i >> 12] &= ~(uint64_t{1} << ((i >> 6) & 63));
  }
  // First marked index >= from, or count() when none.
  uint32_t next_marked(uint32_t from) const;
  // True when a RESEND scan would do something for this source now (2.2): a KVM source
  // flagged for resend; a QEMU LSI that is asserted, unmasked and not with an ICP; a QEMU
  // MSI that was rejected.
  bool resend_acts(const SourceState& s) const;
  void send_present(uint32_t source, const SourceState& s);
  // QEMU paths (2.12)
  void qemu_resend_lsi(uint32_t source);
  void qemu_write_xive(uint32_t source, uint32_t server, uint8_t prio, uint8_t saved);
  // KVM paths (2.1 KVM, write_xive)
  void kvm_deliver(uint32_t source, bool check_resend);
  void kvm_write_xive(uint32_t source, uint32_t server, uint64_t prio, uint8_t saved);

  Flavour flavour_;
  uint32_t index_;
  uint32_t base_;
  std::vector<SourceState> src_;
  // A RESEND scans the whole ICS (2.2) but only LSIs, rejected MSIs and KVM resend flags can
  // act; this bitmap holds a superset of them so the scan visits only those, in source order.
  // A bit is set on any mutable access and cleared by a scan that finds nothing to do for it.
  std::vector<uint64_t> resend_scan_;
  // One bit per word of resend_scan_ that may be non-zero, so a scan skips empty stretches.
  std::vector<uint64_t> scan_words_;
  MessageSink& out_;
  const XicsDirectory& dir_;
};

} // namespace ppc64sim::intc
