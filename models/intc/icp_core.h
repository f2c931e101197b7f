#pragma once
// Interrupt presentation controller semantics for one server (xics-spec.md 1.3, 1.4, 2.1,
// 2.3-2.7), plain C++. One IcpCore per hardware thread.
#include "models/intc/xics_types.h"

#include <cstdint>
#include <functional>
#include <set>

namespace ppc64sim::intc {

struct IcpState {
  uint8_t cppr = 0;            // 1.3 reset: CPPR 0 blocks everything
  uint32_t xisr = kSpurious;
  uint8_t mfrr = kMasked;
  uint8_t pending_pri = kMasked;
  bool owned = false;          // QEMU xirr_owner != NULL (XISR holds an ICS source)
  bool line = false;           // QEMU: explicit raise/lower; KVM: derived out_ee (1.4)
  bool need_resend = false;    // KVM
  std::set<uint32_t> resend_map; // KVM: ICS indices with sources waiting for this ICP
};

struct IpollResult {
  uint32_t xirr = 0;
  uint8_t mfrr = kMasked;
};

class IcpCore {
public:
  IcpCore(Flavour flavour, uint32_t server, MessageSink& out, const XicsDirectory& dir);

  uint32_t server() const { return server_; }

  // hcalls (server resolution and H_PARAMETER for unknown servers live in XicsOps).
  uint32_t accept();                 // H_XIRR / H_XIRR_X, 2.3
  void set_cppr(uint64_t cppr);      // H_CPPR, 2.4
  void set_mfrr(uint64_t mfrr);      // H_IPI on this server, 2.5
  IpollResult ipoll() const;         // H_IPOLL, 2.6
  int64_t eoi(uint64_t xirr);        // H_EOI, 2.7

  // Fabric input: PRESENT (2.1) and IPI (another thread's H_IPI, 2.5). Other kinds are ignored.
  void handle(const Message& m);

  bool line() const { return st_.line; }
  const IcpState& state() const { return st_; }
  // Raw write used by the state-access layer after validation; recomputes the line.
  void write_state(uint8_t cppr, uint32_t xisr, uint8_t mfrr, uint8_t ppri, bool owned);
  // Raw line write for state restore (QEMU C20: the line outlives PPRI < CPPR).
  void restore_line(bool v) { set_line(v); }
  void reset();
  // KVM: a source of ICS `ics` waits for this ICP's next resend (state restore).
  void flag_resend(uint32_t ics) {
    st_.need_resend = true;
    st_.resend_map.insert(ics);
  }

  // Called whenever the output line changes value.
  std::function<void(bool)> on_line;

private:
  void set_line(bool v);
  void update_kvm_line();
  void reject(uint32_t source, RejectReason why);
  // QEMU (2.12)
  void qemu_check_ipi();
  void qemu_resend();
  // KVM (2.1, 2.2, 2.4)
  void kvm_down_cppr(uint8_t cppr);
  void kvm_check_resend();

  Flavour flavour_;
  uint32_t server_;
  IcpState st_;
  MessageSink& out_;
  const XicsDirectory& dir_;
};

} // namespace ppc64sim::intc
