// SystemC model test, no cores, non-zero fabric latencies (architecture.md: each message kind
// has a configurable latency). A message sent at t is applied at exactly t + latency(kind);
// the irq line rises at the PRESENT's arrival; equal arrival times go in send-time order, then
// in send order.
#include "models/intc/xics.h"
#include "tests/model/xics/xics_test_util.h"

#include <gtest/gtest.h>

#include <vector>

using namespace ppc64sim::intc;
using namespace xics_test;
using sc_core::sc_time;
using sc_core::SC_NS;

namespace {

const sc_time kPresent(10, SC_NS), kReject(3, SC_NS), kEoi(5, SC_NS), kResend(7, SC_NS), kIpiLatency(4, SC_NS);

struct Applied {
  MessageKind kind;
  uint32_t source;
  sc_time sent, at;
};

SC_MODULE(Bench) {
  Xics xics;
  sc_core::sc_signal<bool> irq0{"irq0"}, irq1{"irq1"};
  std::vector<sc_time> rises0;
  std::vector<Applied> applied;
  sc_time offset = sc_core::SC_ZERO_TIME; // where the sending "thread" is ahead of the kernel
  bool done = false;

  SC_HAS_PROCESS(Bench);
  explicit Bench(sc_core::sc_module_name n)
      : sc_module(n),
        xics("xics", XicsConfig{Flavour::qemu, {0, 1}, {IcsBlock{}},
                                FabricLatency{kPresent, kReject, kEoi, kResend, kIpiLatency}}) {
    xics.icp_module(0).irq.bind(irq0);
    xics.icp_module(1).irq.bind(irq1);
    xics.fabric().sender_offset = [this] { return offset; };
    xics.fabric().observer = [this](const Message& m, const sc_time& sent, const sc_time& at) {
      applied.push_back({m.kind, m.source, sent, at});
    };
    SC_METHOD(on_rise0);
    sensitive << irq0.posedge_event();
    dont_initialize();
    SC_THREAD(run);
  }

  void on_rise0() { rises0.push_back(sc_core::sc_time_stamp()); }

  const Applied* last(MessageKind k) const {
    for (auto it = applied.rbegin(); it != applied.rend(); ++it)
      if (it->kind == k) return &*it;
    return nullptr;
  }

  void run() {
    wait(100, SC_NS);
    xics.set_cppr(0, 0xFF); // RESEND in flight; nothing to resend
    xics.set_xive(S, 0, 5);
    wait(100, SC_NS);        // t = 200 ns
    ASSERT_NE(last(MessageKind::resend), nullptr);
    EXPECT_EQ(last(MessageKind::resend)->at - last(MessageKind::resend)->sent, kResend);

    // The PRESENT is a counted transaction at send time, applied 10 ns later.
    xics.ics_module(0).msi_trigger(S);
    EXPECT_EQ(xics.fabric().count(MessageKind::present), 1u);
    EXPECT_EQ(xics.fabric().in_flight(), 1u);
    EXPECT_FALSE(xics.line(0));
    wait(9, SC_NS);
    EXPECT_FALSE(irq0.read());
    wait(2, SC_NS);          // t = 211 ns
    ASSERT_EQ(rises0.size(), 1u);
    EXPECT_EQ(rises0[0], sc_time(210, SC_NS));
    EXPECT_EQ(xisr(xics, 0), S);

    // H_XIRR is local to the ICP: immediate. H_EOI: EOI applied +5 ns, RESEND +7 ns.
    wait(89, SC_NS);         // t = 300 ns
    const auto xirr = static_cast<uint32_t>(xics.accept(0).r4);
    EXPECT_EQ(xirr, 0xFF000000u | S);
    wait(sc_core::SC_ZERO_TIME);
    EXPECT_FALSE(irq0.read());
    xics.eoi(0, xirr);
    wait(20, SC_NS);
    ASSERT_NE(last(MessageKind::eoi), nullptr);
    EXPECT_EQ(last(MessageKind::eoi)->sent, sc_time(300, SC_NS));
    EXPECT_EQ(last(MessageKind::eoi)->at, sc_time(305, SC_NS));
    EXPECT_EQ(last(MessageKind::resend)->at, sc_time(307, SC_NS));

    // A bounce (server 1 at CPPR 0): PRESENT arrives +10, its REJECT +3 after that.
    xics.set_xive(S + 1, 1, 5);
    const sc_time t0 = sc_core::sc_time_stamp();
    xics.msi_trigger(S + 1);
    wait(20, SC_NS);
    ASSERT_NE(last(MessageKind::reject), nullptr);
    EXPECT_EQ(last(MessageKind::reject)->sent, t0 + kPresent);
    EXPECT_EQ(last(MessageKind::reject)->at, t0 + kPresent + kReject);
    EXPECT_TRUE(xics.source_state(S + 1)->rejected);

    // Two equal-priority triggers sent in the same instant arrive together: the first sent
    // is presented, the second bounced (C31 "first arrival presented").
    xics.set_xive(S + 5, 0, 5);
    xics.set_xive(S + 4, 0, 5);
    xics.msi_trigger(S + 5);
    xics.msi_trigger(S + 4);
    wait(30, SC_NS);
    EXPECT_EQ(xisr(xics, 0), S + 5);
    EXPECT_TRUE(xics.source_state(S + 4)->rejected);

    // H_IPI from server 0 to server 1: an IPI message, MFRR written kIpiLatency later; the line of
    // server 1 rises then (MFRR 5 < CPPR 0xFF). Server 1's own H_IPI writes at once.
    xics.int_off(S + 1); // the source bounced off server 1 above stays away from it
    xics.set_cppr(1, 0xFF);
    wait(20, SC_NS);
    ASSERT_EQ(xisr(xics, 1), kSpurious);
    const sc_time sent = sc_core::sc_time_stamp();
    EXPECT_EQ(xics.ipi_from(0, 1, 5), hstatus::H_SUCCESS);
    EXPECT_EQ(xics.fabric().count(MessageKind::ipi), 1u);
    EXPECT_EQ(xics.icp_state(1)->mfrr, kMasked);
    EXPECT_FALSE(xics.line(1));
    wait(kIpiLatency - sc_time(1, SC_NS));
    EXPECT_EQ(xics.icp_state(1)->mfrr, kMasked);
    wait(1, SC_NS);
    EXPECT_EQ(xics.icp_state(1)->mfrr, 5u);
    EXPECT_EQ(xisr(xics, 1), kIpi);
    EXPECT_TRUE(xics.line(1));
    ASSERT_NE(last(MessageKind::ipi), nullptr);
    EXPECT_EQ(last(MessageKind::ipi)->sent, sent);
    EXPECT_EQ(last(MessageKind::ipi)->at, sent + kIpiLatency);
    EXPECT_EQ(xics.ipi_from(1, 1, 0xFF), hstatus::H_SUCCESS);
    EXPECT_EQ(xics.icp_state(1)->mfrr, kMasked);
    EXPECT_EQ(xics.fabric().count(MessageKind::ipi), 1u);
    EXPECT_EQ(xics.ipi_from(0, 7, 5), hstatus::H_PARAMETER); // no such server (C23)

    // Equal arrival times go in send-time order, not host order. A decoupled thread sends
    // ahead of the kernel (Fabric::sender_offset): an IPI sent first in host order from 6 ns
    // ahead (due at +10) and then a PRESENT sent now (due at +10). The PRESENT, sent first,
    // is applied first.
    xics.set_xive(S + 6, 0, 5);
    wait(20, SC_NS);
    const sc_time now = sc_core::sc_time_stamp();
    offset = sc_time(6, SC_NS);
    EXPECT_EQ(xics.ipi_from(0, 1, 7), hstatus::H_SUCCESS);
    offset = sc_core::SC_ZERO_TIME;
    xics.msi_trigger(S + 6);
    const std::size_t before = applied.size();
    wait(20, SC_NS);
    std::vector<Applied> at_once;
    for (std::size_t i = before; i < applied.size(); ++i)
      if (applied[i].at == now + kPresent) at_once.push_back(applied[i]);
    ASSERT_EQ(at_once.size(), 2u);
    EXPECT_EQ(at_once[0].kind, MessageKind::present);
    EXPECT_EQ(at_once[0].sent, now);
    EXPECT_EQ(at_once[1].kind, MessageKind::ipi);
    EXPECT_EQ(at_once[1].sent, now + sc_time(6, SC_NS));
    done = true;
  }
};

TEST(XicsLatency, PresentationDelayedByExactlyTheLatency) {
  Bench b("bench");
  sc_core::sc_start(1, sc_core::SC_US);
  EXPECT_TRUE(b.done);
  EXPECT_EQ(b.xics.fabric().in_flight(), 0u);
}

} // namespace

int sc_main(int, char**) { return 0; }
