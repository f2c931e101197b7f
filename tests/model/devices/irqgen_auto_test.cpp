// Autonomous patterns (irq_generator.md "Autonomous events"): a periodic rule fires at
// phase + k*period exactly, a burst rule at phase + k*period + j*gap, and two generators with
// the same seed and rules produce the same random times (another seed differs). The events
// reach the fabric: each one is a PRESENT of the right source.
#include "models/devices/irq_generator.h"
#include "models/intc/xics.h"

#include <gtest/gtest.h>
#include <tlm_utils/simple_initiator_socket.h>

#include <map>
#include <vector>

using namespace ppc64sim;
using devices::AutoPattern;
using devices::AutoRule;
using devices::IrqGenerator;
using devices::IrqKind;
using sc_core::sc_time;
using sc_core::SC_NS;

namespace {

using Times = std::vector<uint64_t>; // ns

devices::IrqGeneratorConfig cfg(uint32_t first, uint64_t seed, std::vector<AutoRule> rules) {
  devices::IrqGeneratorConfig c;
  c.first_source = first;
  c.types = {IrqKind::msi, IrqKind::msi, IrqKind::lsi};
  c.seed = seed;
  c.rules = std::move(rules);
  return c;
}

AutoRule periodic(uint32_t s, uint64_t period, uint64_t phase) {
  AutoRule r;
  r.source = s;
  r.pattern = AutoPattern::periodic;
  r.period_ns = period;
  r.phase_ns = phase;
  return r;
}
AutoRule burst(uint32_t s, uint64_t period, uint32_t n, uint64_t gap, uint64_t phase) {
  AutoRule r = periodic(s, period, phase);
  r.pattern = AutoPattern::burst;
  r.burst_count = n;
  r.burst_gap_ns = gap;
  return r;
}
AutoRule random_rule(uint32_t s, uint64_t mean) {
  AutoRule r;
  r.source = s;
  r.pattern = AutoPattern::random;
  r.period_ns = mean;
  return r;
}

SC_MODULE(Bench) {
  intc::Xics xics;
  IrqGenerator a, b, c, d;
  sc_core::sc_signal<bool> irq0{"irq0"};
  // Nobody accesses the registers here, but every socket must be bound.
  tlm_utils::simple_initiator_socket<Bench> ia{"ia"}, ib{"ib"}, ic{"ic"}, id{"id"};
  std::map<uint32_t, Times> events;     // per source, from on_auto_event
  std::map<uint32_t, Times> presents;   // per source, PRESENTs applied on the fabric

  explicit Bench(sc_core::sc_module_name n)
      : sc_module(n), xics("xics", intc::XicsConfig{intc::Flavour::qemu, {0}, {intc::IcsBlock{}}, {}}),
        a("a", cfg(0x1200, 42, {periodic(0x1200, 100, 30), burst(0x1201, 1000, 3, 10, 500)}), xics),
        b("b", cfg(0x1300, 42, {random_rule(0x1300, 50)}), xics),
        c("c", cfg(0x1400, 43, {random_rule(0x1400, 50)}), xics),
        d("d", cfg(0x1500, 42, {random_rule(0x1500, 50)}), xics) {
    xics.icp_module(0).irq.bind(irq0);
    ia.bind(a.socket);
    ib.bind(b.socket);
    ic.bind(c.socket);
    id.bind(d.socket);
    for (IrqGenerator* g : {&a, &b, &c, &d})
      g->on_auto_event = [this](uint32_t s, const sc_time& t) {
        events[s].push_back(static_cast<uint64_t>(t.to_seconds() * 1e9 + 0.5));
      };
    xics.fabric().observer = [this](const intc::Message& m, const sc_time&, const sc_time& at) {
      if (m.kind == intc::MessageKind::present)
        presents[m.source].push_back(static_cast<uint64_t>(at.to_seconds() * 1e9 + 0.5));
    };
    // Unmasked, CPPR 0: every PRESENT is bounced, so each trigger is one PRESENT.
    for (uint32_t s : {0x1200u, 0x1201u, 0x1300u, 0x1400u, 0x1500u}) xics.set_xive(s, 0, 5);
  }
};

} // namespace

TEST(IrqGeneratorAuto, PeriodicBurstAndSeededRandomTimes) {
  Bench t("bench");
  sc_core::sc_start(2100, SC_NS);

  EXPECT_EQ(t.events[0x1200], (Times{30, 130, 230, 330, 430, 530, 630, 730, 830, 930, 1030, 1130,
                                     1230, 1330, 1430, 1530, 1630, 1730, 1830, 1930, 2030}));
  EXPECT_EQ(t.events[0x1201], (Times{500, 510, 520, 1500, 1510, 1520}));
  // Each event reached the fabric at its own time (zero latency).
  EXPECT_EQ(t.presents[0x1200], t.events[0x1200]);
  EXPECT_EQ(t.presents[0x1201], t.events[0x1201]);

  const Times& rb = t.events[0x1300];
  const Times& rc = t.events[0x1400];
  // Mean 50 ns over 2100 ns: about 42 events; intervals lie in [1, 99] ns.
  ASSERT_GT(rb.size(), 20u);
  for (size_t i = 1; i < rb.size(); ++i) {
    EXPECT_GE(rb[i] - rb[i - 1], 1u);
    EXPECT_LE(rb[i] - rb[i - 1], 99u);
  }
  EXPECT_NE(rb, rc); // another seed, other times
  EXPECT_EQ(t.events[0x1500], rb); // same seed and rule, another generator: same times
  EXPECT_EQ(t.presents[0x1300], rb);
}

// libsystemc.so needs an sc_main; gtest_main runs the tests.
int sc_main(int, char**) { return 0; }
