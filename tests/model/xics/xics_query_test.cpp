// SystemC model test, no cores: the queries of cycle mode with several threads (POLL: an
// H_IPOLL of another server; CONTROL: an RTAS XIVE call). A query sent at t lands at exactly
// t + latency(kind), where it reads or changes the state as it is then (not as it was at t);
// queries due at a time are answered after every other message due then.
#include "models/intc/xics.h"
#include "tests/model/xics/xics_test_util.h"

#include <gtest/gtest.h>

#include <vector>

using namespace ppc64sim::intc;
using namespace xics_test;
using sc_core::sc_time;
using sc_core::SC_NS;

namespace {

const sc_time kIpi(10, SC_NS), kPoll(10, SC_NS), kControl(20, SC_NS);

struct Answered {
  Message query;
  QueryAnswer answer;
  sc_time at;
};

SC_MODULE(Bench) {
  Xics xics;
  sc_core::sc_signal<bool> irq0{"irq0"}, irq1{"irq1"};
  std::vector<Answered> answers;

  SC_HAS_PROCESS(Bench);
  explicit Bench(sc_core::sc_module_name n)
      : sc_module(n),
        xics("xics", XicsConfig{Flavour::qemu, {0, 1}, {IcsBlock{}},
                                FabricLatency{sc_core::SC_ZERO_TIME, sc_core::SC_ZERO_TIME, sc_core::SC_ZERO_TIME,
                                              sc_core::SC_ZERO_TIME, kIpi, kPoll, kControl}}) {
    xics.icp_module(0).irq.bind(irq0);
    xics.icp_module(1).irq.bind(irq1);
    xics.set_queries_travel(true);
    xics.on_answer = [this](const Message& q, const QueryAnswer& a) {
      answers.push_back({q, a, sc_core::sc_time_stamp()});
    };
    SC_THREAD(run);
  }

  static Message poll(uint32_t target) {
    Message m;
    m.kind = MessageKind::poll;
    m.server = target;
    m.caller = 1;
    return m;
  }
  static Message control(XiveOp op, uint32_t source, uint32_t server = 0, uint64_t prio = 0) {
    Message m;
    m.kind = MessageKind::control;
    m.op = op;
    m.source = source;
    m.server = server;
    m.value = prio;
    m.reply = 0x1000;
    return m;
  }

  void run() {
    // POLL of server 0 sent at 100 ns; server 0's MFRR changes at 104 ns (before the poll
    // lands): the answer, at 110 ns, shows the new MFRR.
    wait(100, SC_NS);
    ASSERT_TRUE(xics.send_query(1, poll(0)));
    EXPECT_TRUE(answers.empty());
    wait(4, SC_NS);
    xics.ipi(0, 5);
    wait(5, SC_NS);
    EXPECT_TRUE(answers.empty()); // 109 ns: still travelling
    wait(2, SC_NS);               // 111 ns
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].at, sc_time(110, SC_NS));
    EXPECT_EQ(answers[0].answer.status, hstatus::H_SUCCESS);
    EXPECT_EQ(answers[0].answer.r5, 5u);
    xics.ipi(0, 0xFF);

    // set-xive as CONTROL at 200 ns: the source changes at 220 ns, not before.
    wait(89, SC_NS); // 200 ns
    ASSERT_TRUE(xics.send_query(0, control(XiveOp::set_xive, S, 1, 5)));
    wait(19, SC_NS);
    EXPECT_EQ(xics.source_state(S)->priority, kMasked);
    EXPECT_EQ(answers.size(), 1u);
    wait(2, SC_NS); // 221 ns
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_EQ(answers[1].at, sc_time(220, SC_NS));
    EXPECT_EQ(answers[1].answer.status, rtas::SUCCESS);
    EXPECT_EQ(xics.source_state(S)->priority, 5u);
    EXPECT_EQ(xics.source_state(S)->server, 1u);

    // get-xive reads the source at its landing: a set-xive made meanwhile (directly, 5 ns
    // after the query left) is what it returns.
    wait(79, SC_NS); // 300 ns
    ASSERT_TRUE(xics.send_query(0, control(XiveOp::get_xive, S)));
    wait(5, SC_NS);
    xics.set_xive(S, 0, 7);
    wait(16, SC_NS); // 321 ns
    ASSERT_EQ(answers.size(), 3u);
    EXPECT_EQ(answers[2].at, sc_time(320, SC_NS));
    EXPECT_EQ(answers[2].answer.r4, 0u);
    EXPECT_EQ(answers[2].answer.r5, 7u);

    // A POLL and an IPI due at the same time: the POLL, though sent first, is answered after
    // the IPI and sees its MFRR.
    wait(79, SC_NS); // 400 ns
    ASSERT_TRUE(xics.send_query(1, poll(0)));
    EXPECT_EQ(xics.ipi_from(1, 0, 3), hstatus::H_SUCCESS);
    wait(11, SC_NS);
    ASSERT_EQ(answers.size(), 4u);
    EXPECT_EQ(answers[3].at, sc_time(410, SC_NS));
    EXPECT_EQ(answers[3].answer.r5, 3u);

    // In-flight queries are listed for checkpoints with what they carry.
    ASSERT_TRUE(xics.send_query(0, control(XiveOp::int_off, S)));
    const std::vector<InFlightMessage> inflight = xics.in_flight_messages();
    ASSERT_EQ(inflight.size(), 1u);
    EXPECT_EQ(inflight[0].msg.kind, MessageKind::control);
    EXPECT_EQ(inflight[0].msg.op, XiveOp::int_off);
    EXPECT_EQ(inflight[0].msg.reply, 0x1000u);
    EXPECT_EQ(inflight[0].due - inflight[0].sent, kControl);
  }
};

TEST(XicsQuery, AnsweredWhereItLandsWithTheStateThen) {
  Bench b("bench");
  sc_core::sc_start(1, sc_core::SC_US);
  EXPECT_EQ(b.answers.size(), 5u);
}

} // namespace

// Test executables link SystemC, whose main() calls sc_main: never used by gtest_main.
int sc_main(int, char**) { return 0; }
