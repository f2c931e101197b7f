#pragma once
// The XICS hcalls and RTAS calls of the hypervisor shim (xics-spec.md 2.3-2.9, 3.2, 3.3).
// Each one decodes the guest registers / RTAS cells and calls the same XicsOps method the
// fabric protocol uses; the interrupt semantics live in models/intc.
#include "models/hyp/hypervisor.h"
#include "models/intc/xics_ops.h"

#include <cstdint>
#include <functional>

namespace ppc64sim::hyp {

// QEMU's RTAS tokens for the four XICS calls (Q-SPAPRH: 0x2000 + 0x0A..0x0D), so a firmware
// that hard-codes them (xics-spec.md 5.2) works as on QEMU; the /rtas node lists them too.
inline constexpr uint32_t kTokenSetXive = 0x200A;
inline constexpr uint32_t kTokenGetXive = 0x200B;
inline constexpr uint32_t kTokenIntOff = 0x200C;
inline constexpr uint32_t kTokenIntOn = 0x200D;

struct XicsCallHooks {
  // Guest timebase as the calling thread sees it, for H_XIRR_X's timestamp.
  std::function<uint64_t()> timebase;
  // Runs after every XICS hcall and RTAS call with the caller's server: the board pushes
  // the caller's new line level into its ISS at once, since the calling thread keeps
  // executing before the ICP's signal update can reach it (QEMU takes a just-raised
  // interrupt right after the `sc`; a just-lowered one is never taken).
  std::function<void(uint32_t server)> after_call;
  // Cycle mode with several threads: the cycle at which the answer to a query of `kind`
  // (POLL, CONTROL) the thread of `server` sends now is back (its cycle + twice the kind's
  // latency). Unset: queries never travel.
  std::function<uint64_t(uint32_t server, intc::MessageKind kind)> reply_cycle;
};

// Registers H_EOI, H_CPPR, H_IPI, H_IPOLL, H_XIRR, H_XIRR_X, the RTAS calls ibm,set-xive,
// ibm,get-xive, ibm,int-off, ibm,int-on, adds "hcall-interrupt" to ibm,hypertas-functions and
// installs H_CEDE's interrupt-pending query. The calling thread's server is its PIR
// (xics-spec.md 1.5). `xics` must outlive the hypervisor. Throws std::invalid_argument if any
// of these numbers, names or tokens is already taken.
void register_xics_calls(Hypervisor& hyp, intc::XicsOps& xics, XicsCallHooks hooks = {});

// What H_CEDE asks: would `server` take an external interrupt now? True when its ICP line is
// high, or when XISR holds something more favoured than CPPR (the KVM out_ee rule, 1.4) -
// which differs from the line only in the C20 software-error corner.
bool xics_interrupt_pending(const intc::XicsOps& xics, uint32_t server);

} // namespace ppc64sim::hyp
