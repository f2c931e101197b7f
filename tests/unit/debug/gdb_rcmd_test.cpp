// gdb's `monitor` command: the qRcmd packet in the stub (gdb manual, "General Query Packets":
// qRcmd,HEX; reply OK for no output, the output in hex, or 'O' console packets then OK; E NN
// for a badly formed request) and the monitor commands behind it (GdbMonitorCommands) on the
// fake target.
#include "sim/debug/gdb_monitor_commands.h"
#include "sim/debug/gdb_server.h"
#include "sim/debug/gdb_stub.h"
#include "sim/debug/rsp_packet.h"
#include "tests/unit/debug/fake_target.h"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace ppc64sim;
using namespace ppc64sim::debug;
using test::FakeTarget;

namespace {

std::string reply(GdbStub& stub, const std::string& p) { return stub.handle(p).value_or("<none>"); }

std::string unhex(const std::string& hex) {
  auto bytes = rsp::from_hex(hex);
  return bytes ? std::string(bytes->begin(), bytes->end()) : "<bad hex: " + hex + ">";
}

// A stub whose `monitor` runs the real monitor commands on `t`.
struct MonitorStub {
  explicit MonitorStub(DebugTarget& t)
      : commands(t), stub(t, [this](const std::string& line) { return commands.run(line); }) {}
  std::string monitor(const std::string& line) {
    std::string r = reply(stub, "qRcmd," + rsp::to_hex(line));
    return r == "OK" ? "" : unhex(r);
  }
  GdbMonitorCommands commands;
  GdbStub stub;
};

} // namespace

TEST(GdbRcmd, UnsupportedWithoutACommandHandler) {
  FakeTarget t;
  GdbStub stub(t);
  EXPECT_EQ(reply(stub, "qRcmd,68656c70"), ""); // "help": empty reply = packet not supported
}

TEST(GdbRcmd, HexLineInOutputOrOkOut) {
  FakeTarget t;
  std::vector<std::string> lines;
  std::string next_output;
  GdbStub stub(t, [&](const std::string& line) {
    lines.push_back(line);
    return next_output;
  });
  // "info xics" = 69 6e 66 6f 20 78 69 63 73 (ASCII); "ok\n" = 6f 6b 0a.
  next_output = "ok\n";
  EXPECT_EQ(reply(stub, "qRcmd,696e666f2078696373"), "6f6b0a");
  next_output = "";
  EXPECT_EQ(reply(stub, "qRcmd,696E666F"), "OK"); // "info", upper-case hex digits too
  EXPECT_EQ(reply(stub, "qRcmd,"), "OK");         // bare `monitor`: an empty line
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "info xics");
  EXPECT_EQ(lines[1], "info");
  EXPECT_EQ(lines[2], "");
  EXPECT_TRUE(stub.take_console_packets().empty());
}

TEST(GdbRcmd, MalformedRequestsAreErrorsAndNeverReachTheHandler) {
  FakeTarget t;
  int calls = 0;
  GdbStub stub(t, [&](const std::string&) {
    ++calls;
    return std::string("x");
  });
  EXPECT_EQ(reply(stub, "qRcmd,6"), "E01");          // odd number of digits
  EXPECT_EQ(reply(stub, "qRcmd,zz"), "E01");         // not hex
  EXPECT_EQ(reply(stub, "qRcmd,68 69"), "E01");      // space inside
  EXPECT_EQ(reply(stub, "qRcmd,00"), "E01");         // NUL byte
  EXPECT_EQ(reply(stub, "qRcmd,686930a6869"), "E01"); // odd again
  EXPECT_EQ(reply(stub, "qRcmd,68690a6869"), "E01"); // "hi\nhi": two commands in one packet
  EXPECT_EQ(reply(stub, "qRcmd,68690d"), "E01");     // carriage return
  EXPECT_EQ(calls, 0);
  std::mt19937 rng(11);
  const std::string alphabet = "0123456789abcdefABCDEFgxz,;:";
  for (int i = 0; i < 5000; ++i) {
    std::string p = "qRcmd";
    size_t len = rng() % 30;
    for (size_t k = 0; k < len; ++k) p += alphabet[rng() % alphabet.size()];
    auto r = stub.handle(p);
    ASSERT_TRUE(r.has_value()) << p;
    EXPECT_LE(r->size(), rsp::kMaxPayload) << p;
  }
}

TEST(GdbRcmd, HandlerExceptionBecomesErrorText) {
  FakeTarget t;
  GdbStub stub(t, [](const std::string&) -> std::string { throw std::runtime_error("disk on fire"); });
  EXPECT_EQ(unhex(reply(stub, "qRcmd,6869")), "error: disk on fire\n");
}

// Output longer than one reply (kMaxPayload = 4000 hex digits = 2000 bytes) goes out as 'O'
// packets, each within the packet size and holding whole bytes, then OK.
TEST(GdbRcmd, LongOutputStreamsAsConsolePackets) {
  FakeTarget t;
  std::string text;
  for (int i = 0; i < 500; ++i) text += "line " + std::to_string(i) + "\n"; // ~4.4 KB
  GdbStub stub(t, [&](const std::string&) { return text; });
  EXPECT_EQ(reply(stub, "qRcmd,6869"), "OK");
  auto packets = stub.take_console_packets();
  ASSERT_GE(packets.size(), 3u); // 4.4 KB = 8.8 K hex digits > 2 x 3999
  std::string joined;
  for (const auto& p : packets) {
    ASSERT_EQ(p[0], 'O');
    EXPECT_LE(p.size(), rsp::kMaxPayload);
    EXPECT_EQ((p.size() - 1) % 2, 0u);
    joined += unhex(p.substr(1));
  }
  EXPECT_EQ(joined, text);
  EXPECT_TRUE(stub.take_console_packets().empty()); // taken once
  EXPECT_EQ(reply(stub, "qC"), "QC1");
  EXPECT_TRUE(stub.take_console_packets().empty()); // other packets stream nothing
}

// On a socket: '+', the 'O' packets, then the final OK, each framed with its checksum.
TEST(GdbRcmd, ConsolePacketsPrecedeTheReplyOnTheWire) {
  FakeTarget t;
  const std::string text(2500, 'a'); // 5000 hex digits: two 'O' packets
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  std::thread server([&] { serve_gdb_connection(t, sv[0], [&](const std::string&) { return text; }); });
  std::string request = rsp::frame("qRcmd,6869");
  ASSERT_EQ(write(sv[1], request.data(), request.size()), (ssize_t)request.size());
  std::string hex_all = rsp::to_hex(text);
  std::string expected = "+" + rsp::frame("O" + hex_all.substr(0, 3998)) + rsp::frame("O" + hex_all.substr(3998)) +
                         rsp::frame("OK");
  std::string got;
  while (got.size() < expected.size()) {
    char buf[8192];
    ssize_t k = read(sv[1], buf, sizeof buf);
    if (k <= 0) break;
    got.append(buf, k);
  }
  EXPECT_EQ(got, expected);
  std::string detach = rsp::frame("D");
  ASSERT_EQ(write(sv[1], detach.data(), detach.size()), (ssize_t)detach.size());
  server.join();
  close(sv[0]);
  close(sv[1]);
}

// The monitor's XICS commands through `monitor`: the fake's ICPs reset as xics-spec 1.3 says
// (CPPR 0, XISR 0, MFRR 0xff, PPRI 0xff); `set icp` writes the word of 1.3's save/restore
// encoding CPPR<<56 | XISR<<32 | MFRR<<24 | PPRI<<16.
TEST(GdbRcmd, MonitorXicsCommandsActOnTheTarget) {
  FakeTarget t;
  MonitorStub m(t);
  EXPECT_EQ(m.monitor("info icp 1"), "icp 1 0x00000000ffff0000 cppr 0x0 xisr 0x0 mfrr 0xff ppri 0xff\n");
  EXPECT_EQ(m.monitor("set icp 1 cppr=0xff xisr=2 mfrr=5 ppri=5"),
            "icp 1 0xff00000205050000 cppr 0xff xisr 0x2 mfrr 0x5 ppri 0x5\n");
  EXPECT_EQ(t.xics_.icps[1], 0xff00000205050000ull);
  std::string xics = m.monitor("info xics");
  EXPECT_NE(xics.find("icp 0 0x00000000ffff0000"), std::string::npos) << xics;
  EXPECT_NE(xics.find("icp 1 0xff00000205050000"), std::string::npos) << xics;
  EXPECT_EQ(m.monitor("set icp 7 0"), "error: icp '7': no ICP for server 7\n");
  EXPECT_NE(m.monitor("help").find("info xics"), std::string::npos);
  EXPECT_EQ(m.monitor("frobnicate"), "error: unknown command 'frobnicate' (try help)\n");
  EXPECT_EQ(m.monitor(""), "");
  EXPECT_TRUE(t.requests.empty()); // nothing ran
}

// Commands that would move the board behind gdb's back, or arm stops gdb did not ask for, are
// refused and leave the target untouched.
TEST(GdbRcmd, RunControlCommandsAreRefused) {
  FakeTarget t;
  MonitorStub m(t);
  for (const char* line : {"continue", "step", "step 3 0", "run", "run until 500", "until 500"}) {
    std::string out = m.monitor(line);
    EXPECT_EQ(out.rfind("error: ", 0), 0u) << line;
    EXPECT_NE(out.find("use gdb's continue/stepi"), std::string::npos) << line << ": " << out;
  }
  EXPECT_NE(m.monitor("break 0x100").find("use gdb's break"), std::string::npos);
  EXPECT_NE(m.monitor("watch 0x100").find("use gdb's watch"), std::string::npos);
  EXPECT_NE(m.monitor("quit").find("detach"), std::string::npos);
  EXPECT_TRUE(t.requests.empty());
  EXPECT_TRUE(t.breakpoints.empty());
  EXPECT_EQ(t.cycle_count, 100u);
}

// `checkpoint` may run the board on to a complete state: the reply says where it stopped and
// how to refresh gdb's cached registers.
TEST(GdbRcmd, CheckpointReportsWhereTheBoardStopped) {
  struct CheckpointTarget : FakeTarget {
    std::string checkpoint(const std::string& path) override {
      if (path == "/nowhere/x") return "cannot open: No such file or directory";
      saved = path;
      cycle_count += run_on;
      return "";
    }
    std::string saved;
    uint64_t run_on = 37;
  } t;
  MonitorStub m(t);
  std::string out = m.monitor("checkpoint /tmp/a.ckpt");
  EXPECT_EQ(t.saved, "/tmp/a.ckpt");
  EXPECT_EQ(out.rfind("checkpoint written to /tmp/a.ckpt at cycle 137\n", 0), 0u) << out;
  EXPECT_NE(out.find("from cycle 100 to cycle 137"), std::string::npos) << out;
  EXPECT_NE(out.find("maint flush register-cache"), std::string::npos) << out;
  t.run_on = 0; // already at a complete state: nothing moved, nothing to flush
  EXPECT_EQ(m.monitor("checkpoint /tmp/b.ckpt"), "checkpoint written to /tmp/b.ckpt at cycle 137\n");
  EXPECT_EQ(m.monitor("checkpoint /nowhere/x"), "error: checkpoint: cannot open: No such file or directory\n");
  EXPECT_EQ(m.monitor("checkpoint"), "error: usage: checkpoint FILE\n");
}
