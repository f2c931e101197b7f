// SystemC model test, no cores: messages that land at the same time are applied in the order
// of their send times, not in the host order in which their senders ran. A decoupled thread
// sends ahead of the kernel's present (Fabric::sender_offset), so a message sent later in
// host order can carry the earlier send time; cycle mode's results must not depend on which
// core the host ran first in a window.
#include "models/intc/xics.h"
#include "tests/model/xics/xics_test_util.h"

#include <gtest/gtest.h>

#include <vector>

using namespace ppc64sim::intc;
using namespace xics_test;
using sc_core::sc_time;
using sc_core::SC_NS;

namespace {

// PRESENT lands 10 ns after it leaves, an IPI 4 ns after.
const sc_time kPresent(10, SC_NS), kIpi(4, SC_NS), kOther(1, SC_NS);

struct Applied {
  MessageKind kind;
  sc_time sent, at;
};

SC_MODULE(Bench) {
  Xics xics;
  sc_core::sc_signal<bool> irq0{"irq0"}, irq1{"irq1"};
  std::vector<Applied> applied;
  sc_time offset = sc_core::SC_ZERO_TIME; // where the "sending thread" is ahead of the kernel
  bool done = false;

  SC_HAS_PROCESS(Bench);
  explicit Bench(sc_core::sc_module_name n)
      : sc_module(n),
        xics("xics", XicsConfig{Flavour::qemu, {0, 1}, {IcsBlock{}},
                                FabricLatency{kPresent, kOther, kOther, kOther, kIpi}}) {
    xics.icp_module(0).irq.bind(irq0);
    xics.icp_module(1).irq.bind(irq1);
    xics.fabric().sender_offset = [this] { return offset; };
    xics.fabric().observer = [this](const Message& m, const sc_time& sent, const sc_time& at) {
      applied.push_back({m.kind, sent, at});
    };
    SC_THREAD(run);
  }

  void run() {
    wait(100, SC_NS);
    xics.set_cppr(1, 0xFF); // server 1 takes the PRESENT (no REJECT follows)
    xics.set_xive(S, 1, 5);
    wait(100, SC_NS); // t = 200 ns; those calls' messages are long applied
    applied.clear();
    // Host order: first an IPI from a thread 6 ns ahead (sent 206, due 210), then a PRESENT
    // from a thread at the kernel's present (sent 200, due 210). Both land at 210: the one
    // sent first, the PRESENT, is applied first.
    offset = sc_time(6, SC_NS);
    EXPECT_EQ(xics.ipi_from(1, 0, 5), hstatus::H_SUCCESS);
    offset = sc_core::SC_ZERO_TIME;
    xics.msi_trigger(S);
    wait(20, SC_NS);
    ASSERT_EQ(applied.size(), 2u) << "more messages than the IPI and the PRESENT";
    EXPECT_EQ(applied[0].kind, MessageKind::present);
    EXPECT_EQ(applied[0].sent, sc_time(200, SC_NS));
    EXPECT_EQ(applied[1].kind, MessageKind::ipi);
    EXPECT_EQ(applied[1].sent, sc_time(206, SC_NS));
    EXPECT_EQ(applied[0].at, sc_time(210, SC_NS));
    EXPECT_EQ(applied[1].at, sc_time(210, SC_NS));
    done = true;
  }
};

TEST(XicsFabricOrder, EqualArrivalsGoInSendTimeOrder) {
  Bench b("bench");
  sc_core::sc_start(1, sc_core::SC_US);
  EXPECT_TRUE(b.done);
}

} // namespace

int sc_main(int, char**) { return 0; }
