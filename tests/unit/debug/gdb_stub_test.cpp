// GDB stub request handling against the fake target; replies as the gdb manual's "Packets"
// and "General Query Packets" sections define them.
#include "sim/debug/gdb_server.h"
#include "sim/debug/gdb_stub.h"
#include "sim/debug/rsp_packet.h"
#include "tests/unit/debug/fake_target.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace ppc64sim;
using namespace ppc64sim::debug;
using test::FakeTarget;

namespace {
std::string reply(GdbStub& stub, const std::string& p) { return stub.handle(p).value_or("<none>"); }
} // namespace

TEST(GdbStub, SupportedAndTargetXml) {
  FakeTarget t;
  GdbStub stub(t);
  std::string sup = reply(stub, "qSupported:multiprocess+;swbreak+;hwbreak+");
  EXPECT_NE(sup.find("PacketSize=fa0"), std::string::npos); // 4000 bytes, in hex
  EXPECT_NE(sup.find("qXfer:features:read+"), std::string::npos);
  std::string xml;
  for (uint64_t off = 0;;) {
    char req[64];
    std::snprintf(req, sizeof req, "qXfer:features:read:target.xml:%llx,100",
                  static_cast<unsigned long long>(off));
    std::string r = reply(stub, req);
    ASSERT_FALSE(r.empty());
    ASSERT_TRUE(r[0] == 'm' || r[0] == 'l') << r;
    xml += r.substr(1);
    off += r.size() - 1;
    if (r[0] == 'l') break;
  }
  EXPECT_NE(xml.find("org.gnu.gdb.power.core"), std::string::npos);
  EXPECT_EQ(xml.substr(xml.size() - 10), "</target>\n");
  EXPECT_EQ(reply(stub, "qXfer:features:read:other.xml:0,100"), "E00");
  EXPECT_EQ(reply(stub, "qXfer:features:read:target.xml:zz"), "E01");
}

TEST(GdbStub, ThreadsAreServersPlusOne) {
  FakeTarget t(3);
  t.states[1].run_state = cpu::RunState::ceded;
  GdbStub stub(t);
  EXPECT_EQ(reply(stub, "qfThreadInfo"), "m1,2,3");
  EXPECT_EQ(reply(stub, "qsThreadInfo"), "l");
  EXPECT_EQ(reply(stub, "qC"), "QC1");
  EXPECT_EQ(reply(stub, "T2"), "OK");
  EXPECT_EQ(reply(stub, "T4"), "E02");
  EXPECT_EQ(reply(stub, "T0"), "E02");
  // "core 0 thread 1, ceded" in hex
  EXPECT_EQ(reply(stub, "qThreadExtraInfo,2"), rsp::to_hex(std::string("core 0 thread 1, ceded")));
  t.states[2].gpr[5] = 0x1122334455667788ull;
  EXPECT_EQ(reply(stub, "Hg3"), "OK");
  EXPECT_EQ(reply(stub, "p5"), "1122334455667788");
  EXPECT_EQ(reply(stub, "Hg9"), "E02");
  EXPECT_EQ(reply(stub, "Hx1"), "E01");
  EXPECT_EQ(reply(stub, "Hg-1"), "OK");
  EXPECT_EQ(reply(stub, "p5"), "0000000000000000"); // back to the current thread (server 0)
}

TEST(GdbStub, RegistersReadWrite) {
  FakeTarget t;
  GdbStub stub(t);
  std::string g = reply(stub, "g");
  ASSERT_EQ(g.size(), 592u);
  EXPECT_EQ(reply(stub, "P40=0000000000012340"), "OK"); // pc is gdb register 64
  EXPECT_EQ(t.states[0].pc, 0x12340u);
  EXPECT_EQ(reply(stub, "P42=00000042"), "OK"); // cr, 32 bits
  EXPECT_EQ(t.states[0].cr, 0x42u);
  EXPECT_EQ(reply(stub, "P42=0042"), "E01");
  EXPECT_EQ(reply(stub, "P40"), "E01");
  EXPECT_EQ(reply(stub, "pzz"), "E01");
  EXPECT_EQ(reply(stub, "p20"), "E01"); // f0: not in the description
  std::string g2 = reply(stub, "g");
  g2.replace(3 * 16, 16, "00000000000000aa");
  EXPECT_EQ(reply(stub, "G" + g2), "OK");
  EXPECT_EQ(t.states[0].gpr[3], 0xaau);
  EXPECT_EQ(reply(stub, "G" + g2.substr(1)), "E01");
  EXPECT_EQ(reply(stub, "gx"), "E01");
}

TEST(GdbStub, MemoryReadWrite) {
  FakeTarget t;
  GdbStub stub(t);
  EXPECT_EQ(reply(stub, "M100,4:deadbeef"), "OK");
  EXPECT_EQ(reply(stub, "m100,4"), "deadbeef");
  EXPECT_EQ(reply(stub, std::string("X104,3:a}\x03z")), "OK"); // escaped '#'
  EXPECT_EQ(reply(stub, "m104,3"), "61237a");
  EXPECT_EQ(reply(stub, "X0,0:"), "OK");
  EXPECT_EQ(reply(stub, "mfff0,20"), "E14"); // runs past the 64 KiB of RAM
  EXPECT_EQ(reply(stub, "M100,4:dead"), "E01");
  EXPECT_EQ(reply(stub, "M100,2:zzzz"), "E01");
  EXPECT_EQ(reply(stub, "m100"), "E01");
  EXPECT_EQ(reply(stub, "m,4"), "E01");
  EXPECT_EQ(reply(stub, "mffffffffffffffff,ffffffffffffffff"), "E14");
  // Long reads are cut to what fits a packet.
  EXPECT_EQ(reply(stub, "m0,10000").size(), rsp::kMaxPayload);
}

TEST(GdbStub, BreakpointsAndResume) {
  FakeTarget t;
  GdbStub stub(t);
  EXPECT_EQ(reply(stub, "Z0,1000,4"), "OK");
  EXPECT_EQ(t.breakpoints.count(0x1000), 1u);
  EXPECT_EQ(reply(stub, "Z0,100000,4"), "E14");
  EXPECT_EQ(reply(stub, "Z0,zz,4"), "E01");
  EXPECT_EQ(reply(stub, "Z2,1000,8"), ""); // no watchpoints in this target: unsupported
  EXPECT_EQ(reply(stub, "Z9,1000,4"), "");

  t.next_stop = {StopReason::breakpoint, 1, 0x1000, 0, 0};
  EXPECT_EQ(reply(stub, "vCont;c"), "T05swbreak:;thread:2;");
  EXPECT_EQ(t.requests.back().mode, ResumeRequest::Mode::run);
  EXPECT_EQ(reply(stub, "qC"), "QC2");
  EXPECT_EQ(reply(stub, "?"), "T05swbreak:;thread:2;");

  t.next_stop = {StopReason::step_done, 1, 0x1004, 0, 0};
  EXPECT_EQ(reply(stub, "vCont;s:2;c"), "T05thread:2;");
  EXPECT_EQ(t.requests.back().mode, ResumeRequest::Mode::step);
  EXPECT_EQ(t.requests.back().step_thread, 1u);
  EXPECT_TRUE(t.requests.back().others_run);
  EXPECT_EQ(reply(stub, "vCont;s:2"), "T05thread:2;");
  EXPECT_FALSE(t.requests.back().others_run);
  EXPECT_EQ(reply(stub, "vCont;s:7"), "E02");
  EXPECT_EQ(reply(stub, "vCont;x"), "E01");
  EXPECT_EQ(reply(stub, "vCont;"), "E01");
  EXPECT_EQ(reply(stub, "vCont?"), "vCont;c;C;s;S");

  t.next_stop = {StopReason::interrupted, 0, 0x2000, 0, 0};
  EXPECT_EQ(reply(stub, "c"), "T02thread:1;");
  t.next_stop = {StopReason::power_off, 0, 0, 0, 45};
  EXPECT_EQ(reply(stub, "c"), "W2d");
  EXPECT_EQ(reply(stub, "z0,1000,4"), "OK");
  EXPECT_EQ(t.breakpoints.count(0x1000), 0u);
}

TEST(GdbStub, DetachRemovesBreakpointsAndKillEnds) {
  FakeTarget t;
  GdbStub stub(t);
  reply(stub, "Z0,1000,4");
  EXPECT_EQ(reply(stub, "D"), "OK");
  EXPECT_EQ(stub.end(), GdbStub::End::detach);
  EXPECT_TRUE(t.breakpoints.empty());
  GdbStub stub2(t);
  EXPECT_FALSE(stub2.handle("k").has_value()); // no reply to k
  EXPECT_EQ(stub2.end(), GdbStub::End::kill);
}

TEST(GdbStub, GarbageNeverCrashes) {
  FakeTarget t;
  GdbStub stub(t);
  std::mt19937 rng(7);
  const std::string alphabet = "gGpPmMXZzHTcsCSDqQv?:;,=-0123456789abcdefxyz}";
  for (int i = 0; i < 20000; ++i) {
    std::string p;
    size_t len = rng() % 40;
    for (size_t k = 0; k < len; ++k) p += alphabet[rng() % alphabet.size()];
    if (p == "k" || p[0] == 'k' || p[0] == 'D' || p.rfind("vKill", 0) == 0) continue;
    auto r = stub.handle(p);
    ASSERT_TRUE(r.has_value()) << p;
    EXPECT_LE(r->size(), rsp::kMaxPayload) << p;
  }
}

// Framing over a real socket pair: acks, NAK on bad checksum, E07 for oversized packets, and
// Ctrl-C during a running resume() reaching DebugTarget::interrupt().
TEST(GdbServer, SocketFramingAndInterrupt) {
  class SlowTarget : public FakeTarget {
  public:
    StopEvent resume(const ResumeRequest&) override {
      for (int i = 0; i < 500 && !stop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      return {stop ? StopReason::interrupted : StopReason::limit, 0, 0, 0, 0};
    }
    void interrupt() override { stop = true; }
    std::atomic<bool> stop{false};
  } t;
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  SessionEnd end = SessionEnd::disconnect;
  std::thread server([&] { end = serve_gdb_connection(t, sv[0]); });
  auto send = [&](const std::string& s) { ASSERT_EQ(write(sv[1], s.data(), s.size()), (ssize_t)s.size()); };
  auto receive = [&](size_t n) {
    std::string got;
    while (got.size() < n) {
      char buf[8192];
      ssize_t k = read(sv[1], buf, std::min(sizeof buf, n - got.size()));
      if (k <= 0) break;
      got.append(buf, k);
    }
    return got;
  };
  send("$qC#b4");
  EXPECT_EQ(receive(8), "+$QC1#c5");
  send("$qC#00");
  EXPECT_EQ(receive(1), "-");
  send(rsp::frame(std::string(5000, 'm')));
  EXPECT_EQ(receive(8), "+$E07#ac");
  send("$c#63");
  EXPECT_EQ(receive(1), "+");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  send("\x03");
  EXPECT_EQ(receive(std::string("$T02thread:1;#xx").size()), rsp::frame("T02thread:1;"));
  send("$D#44");
  EXPECT_EQ(receive(7), "+$OK#9a");
  server.join();
  EXPECT_EQ(end, SessionEnd::detach);
  close(sv[0]);
  close(sv[1]);
}

// Z2/Z3/Z4 reach the target as write/read/access watchpoints of (address, length), and the stop
// reply names the kind with the key gdb matches (gdb manual, "Stop Reply Packets": watch,
// rwatch, awatch, followed by the data address in hex).
TEST(GdbStub, WatchpointsAndTheirStopReplies) {
  struct WatchTarget : FakeTarget {
    bool supports_watchpoints() const override { return true; }
    bool add_watchpoint(WatchKind k, uint64_t addr, uint64_t len) override {
      added.push_back({k, addr, len});
      return true;
    }
    bool remove_watchpoint(WatchKind k, uint64_t addr, uint64_t len) override {
      removed.push_back({k, addr, len});
      return true;
    }
    struct Call {
      WatchKind kind;
      uint64_t addr, len;
    };
    std::vector<Call> added, removed;
  } t;
  GdbStub stub(t);
  EXPECT_EQ(reply(stub, "Z2,2000,4"), "OK");
  EXPECT_EQ(reply(stub, "Z3,2008,8"), "OK");
  EXPECT_EQ(reply(stub, "Z4,2010,1"), "OK");
  ASSERT_EQ(t.added.size(), 3u);
  EXPECT_EQ(t.added[0].kind, WatchKind::write);
  EXPECT_EQ(t.added[1].kind, WatchKind::read);
  EXPECT_EQ(t.added[1].len, 8u);
  EXPECT_EQ(t.added[2].kind, WatchKind::access);
  EXPECT_EQ(t.added[2].addr, 0x2010u);

  t.next_stop = {StopReason::watchpoint, 1, 0x1000, 0x2000, 0};
  EXPECT_EQ(reply(stub, "c"), "T05watch:2000;thread:2;");
  t.next_stop.data_address = 0x200c;
  t.next_stop.watch_kind = WatchKind::read;
  EXPECT_EQ(reply(stub, "c"), "T05rwatch:200c;thread:2;");
  t.next_stop.data_address = 0x2010;
  t.next_stop.watch_kind = WatchKind::access;
  EXPECT_EQ(reply(stub, "c"), "T05awatch:2010;thread:2;");

  EXPECT_EQ(reply(stub, "z3,2008,8"), "OK");
  ASSERT_EQ(t.removed.size(), 1u);
  EXPECT_EQ(t.removed[0].kind, WatchKind::read);
}
