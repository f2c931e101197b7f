#include "models/hyp/xics_calls.h"

#include "models/hyp/hcall_codes.h"

#include <utility>

namespace ppc64sim::hyp {

namespace {

using cpu::ThreadState;

// The status values of models/intc are the PAPR ones the shim writes (xics-spec.md 3.3, 3.4).
static_assert(intc::hstatus::H_SUCCESS == H_SUCCESS && intc::hstatus::H_HARDWARE == H_HARDWARE &&
              intc::hstatus::H_PARAMETER == H_PARAMETER);
static_assert(intc::rtas::SUCCESS == rtas_status::SUCCESS &&
              intc::rtas::PARAM_ERROR == rtas_status::PARAM_ERROR);

// The calling thread's interrupt server is its PIR (xics-spec.md 1.5: server = vCPU id).
uint32_t caller_server(const ThreadState& s) { return s.pir; }

// XICS RTAS calls check nargs/nret exactly and answer -3 otherwise (2.9, C27).
bool shape_ok(RtasCall& c, uint32_t nargs, uint32_t nret) {
  if (c.nargs() == nargs && c.nret() == nret) return true;
  c.set_status(rtas_status::PARAM_ERROR);
  return false;
}

// Wraps a handler so the board's after_call hook runs once it returns.
template <class Handler> HcallHandler with_hook(const XicsCallHooks& h, Handler f) {
  if (!h.after_call) return f;
  return [f = std::move(f), after = h.after_call](ThreadState& s) {
    const HcallOutcome out = f(s);
    after(caller_server(s));
    return out;
  };
}
using ReplyCycle = std::function<uint64_t(uint32_t, intc::MessageKind)>;

// Sends a query from the calling thread when queries travel (Xics::set_queries_travel): its
// answer is written where it lands (the board's XicsOps::on_answer), and the caller waits
// until the answer is back. False: answer inside the call, as without a fabric.
bool sent_as_query(intc::XicsOps& xics, const ReplyCycle& reply, uint32_t caller, intc::Message& m,
                   uint64_t& resume_cycle) {
  if (!reply) return false;
  m.caller = caller;
  if (!xics.send_query(caller, m)) return false;
  resume_cycle = reply(caller, m.kind);
  return true;
}

// A valid RTAS XIVE call (its arguments checked at the call) as a CONTROL query; false when
// it does not travel.
bool sent_as_control(intc::XicsOps& xics, const ReplyCycle& reply, const ThreadState& s, RtasCall& c,
                     intc::XiveOp op, uint64_t source, uint64_t server = 0, uint64_t priority = 0) {
  intc::Message m;
  m.kind = intc::MessageKind::control;
  m.op = op;
  m.source = static_cast<uint32_t>(source);
  m.server = static_cast<uint32_t>(server);
  m.value = priority;
  m.reply = c.rets_address();
  uint64_t resume = 0;
  if (!sent_as_query(xics, reply, caller_server(s), m, resume)) return false;
  c.resume_at(resume);
  return true;
}

template <class Handler> RtasHandler rtas_with_hook(const XicsCallHooks& h, Handler f) {
  if (!h.after_call) return f;
  return [f = std::move(f), after = h.after_call](ThreadState& s, RtasCall& c) {
    f(s, c);
    after(caller_server(s));
  };
}

void register_hcalls(Hypervisor& hyp, intc::XicsOps& xics, const XicsCallHooks& h) {
  // H_XIRR (2.3): r4 in is ignored (Linux passes its CPPR); r4 out = XIRR.
  hyp.register_hcall(hc::H_XIRR, "H_XIRR", with_hook(h, [&xics](ThreadState& s) -> HcallOutcome {
    const intc::HcallResult r = xics.accept(caller_server(s));
    if (r.status == H_SUCCESS) s.gpr[4] = r.r4;
    return {r.status, false};
  }));
  // H_XIRR_X (2.3, C10): same accept, r5 = a timestamp. KVM gives the host timebase and
  // QEMU the host cycle counter; neither is reproducible, so we give the guest timebase at
  // the call - deterministic, and what KVM gives when no timebase offset is in force.
  hyp.register_hcall(hc::H_XIRR_X, "H_XIRR_X",
                     with_hook(h, [&xics, tb = h.timebase](ThreadState& s) -> HcallOutcome {
                       const intc::HcallResult r = xics.accept(caller_server(s));
                       if (r.status == H_SUCCESS) {
                         s.gpr[4] = r.r4;
                         s.gpr[5] = tb ? tb() : 0;
                       }
                       return {r.status, false};
                     }));
  // H_CPPR (2.4): the full register goes to the model, which applies the flavour's width.
  hyp.register_hcall(hc::H_CPPR, "H_CPPR", with_hook(h, [&xics](ThreadState& s) -> HcallOutcome {
    return {xics.set_cppr(caller_server(s), s.gpr[4]), false};
  }));
  // H_EOI (2.7): r4 = the XIRR value being retired.
  hyp.register_hcall(hc::H_EOI, "H_EOI", with_hook(h, [&xics](ThreadState& s) -> HcallOutcome {
    return {xics.eoi(caller_server(s), s.gpr[4]), false};
  }));
  // H_IPI (2.5): r4 = target server, r5 = MFRR; unknown server -> H_PARAMETER (C23). Another
  // thread's MFRR is written by an IPI message (the fabric's ipi latency).
  hyp.register_hcall(hc::H_IPI, "H_IPI", with_hook(h, [&xics](ThreadState& s) -> HcallOutcome {
    return {xics.ipi_from(caller_server(s), s.gpr[4], s.gpr[5]), false};
  }));
  // H_IPOLL (2.6): r4 = target; out r4 = XIRR, r5 = MFRR, no side effects. Another thread's
  // ICP may be polled by a POLL query (cycle mode): r4/r5 are written where it lands.
  hyp.register_hcall(hc::H_IPOLL, "H_IPOLL", with_hook(h, [&xics, reply = h.reply_cycle](ThreadState& s) -> HcallOutcome {
    if (s.gpr[4] != caller_server(s) && xics.server_exists(s.gpr[4])) {
      intc::Message m;
      m.kind = intc::MessageKind::poll;
      m.server = static_cast<uint32_t>(s.gpr[4]);
      uint64_t resume = 0;
      if (sent_as_query(xics, reply, caller_server(s), m, resume)) return {H_SUCCESS, false, resume};
    }
    const intc::HcallResult r = xics.ipoll(s.gpr[4]);
    if (r.status == H_SUCCESS) {
      s.gpr[4] = r.r4;
      s.gpr[5] = r.r5;
    }
    return {r.status, false};
  }));
}

void register_rtas_calls(Hypervisor& hyp, intc::XicsOps& xics, const XicsCallHooks& h) {
  // ibm,set-xive (irq, server, priority) -> status (2.9).
  // Cycle mode with several threads: a call whose arguments pass the checks at the call is a
  // CONTROL query, applied where it lands (the status and outputs written then).
  hyp.register_rtas_at(kTokenSetXive, "ibm,set-xive", rtas_with_hook(h, [&xics, reply = h.reply_cycle](ThreadState& s, RtasCall& c) {
    if (!shape_ok(c, 3, 1)) return;
    if (xics.check_xive_call(intc::XiveOp::set_xive, c.arg(0), c.arg(1), c.arg(2)) == rtas_status::SUCCESS &&
        sent_as_control(xics, reply, s, c, intc::XiveOp::set_xive, c.arg(0), c.arg(1), c.arg(2)))
      return;
    c.set_status(xics.set_xive(c.arg(0), c.arg(1), c.arg(2)));
  }));
  // ibm,get-xive (irq) -> status, server, current priority (2.9). On error only the status
  // cell is written, as QEMU.
  hyp.register_rtas_at(kTokenGetXive, "ibm,get-xive", rtas_with_hook(h, [&xics, reply = h.reply_cycle](ThreadState& s, RtasCall& c) {
    if (!shape_ok(c, 1, 3)) return;
    if (xics.check_xive_call(intc::XiveOp::get_xive, c.arg(0)) == rtas_status::SUCCESS &&
        sent_as_control(xics, reply, s, c, intc::XiveOp::get_xive, c.arg(0)))
      return;
    const intc::XiveResult r = xics.get_xive(c.arg(0));
    c.set_status(r.status);
    if (r.status != rtas_status::SUCCESS) return;
    c.set_ret(1, r.server);
    c.set_ret(2, r.priority);
  }));
  hyp.register_rtas_at(kTokenIntOff, "ibm,int-off", rtas_with_hook(h, [&xics, reply = h.reply_cycle](ThreadState& s, RtasCall& c) {
    if (!shape_ok(c, 1, 1)) return;
    if (xics.check_xive_call(intc::XiveOp::int_off, c.arg(0)) == rtas_status::SUCCESS &&
        sent_as_control(xics, reply, s, c, intc::XiveOp::int_off, c.arg(0)))
      return;
    c.set_status(xics.int_off(c.arg(0)));
  }));
  hyp.register_rtas_at(kTokenIntOn, "ibm,int-on", rtas_with_hook(h, [&xics, reply = h.reply_cycle](ThreadState& s, RtasCall& c) {
    if (!shape_ok(c, 1, 1)) return;
    if (xics.check_xive_call(intc::XiveOp::int_on, c.arg(0)) == rtas_status::SUCCESS &&
        sent_as_control(xics, reply, s, c, intc::XiveOp::int_on, c.arg(0)))
      return;
    c.set_status(xics.int_on(c.arg(0)));
  }));
}

} // namespace

bool xics_interrupt_pending(const intc::XicsOps& xics, uint32_t server) {
  if (xics.line(server)) return true;
  const intc::IcpState* icp = xics.icp_state(server);
  return icp != nullptr && icp->xisr != intc::kSpurious && icp->pending_pri < icp->cppr;
}

void register_xics_calls(Hypervisor& hyp, intc::XicsOps& xics, XicsCallHooks hooks) {
  register_hcalls(hyp, xics, hooks);
  register_rtas_calls(hyp, xics, hooks);
  // xics-spec.md 4.3: the XICS hcalls are announced as "hcall-interrupt".
  hyp.add_hypertas_function("hcall-interrupt");
  hyp.set_interrupt_pending_query(
      [&xics](uint32_t server) { return xics_interrupt_pending(xics, server); });
}

} // namespace ppc64sim::hyp
