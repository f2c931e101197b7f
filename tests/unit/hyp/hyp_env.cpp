#include "hyp_env.h"

#include "models/hyp/xics_calls.h"

#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace ppc64sim::hyp::test {

void TestCpuControl::reset() {
  for (uint32_t i = 0; i < kThreads; ++i) {
    threads[i] = cpu::ThreadState{};
    threads[i].pir = i;
  }
  threads[0].run_state = cpu::RunState::running;
  woken.clear();
  power_offs = reboots = 0;
  timebase = 0;
}

World::World() {
  hyp.memory.bind(ram.socket);
  hyp.add_vty(vty2);
  hyp_x.memory.bind(ram_x.socket);
  XicsCallHooks hooks;
  hooks.timebase = [this] { return cpus.timebase; };
  hooks.after_call = [this](uint32_t server) { after_calls.push_back(server); };
  register_xics_calls(hyp_x, xics, hooks);
}

namespace {
World* g_world = nullptr;

class Environment : public ::testing::Environment {
public:
  void SetUp() override {
    g_world = new World();
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
  }
  // The world is left to process exit: SystemC objects must not die before the kernel.
};
} // namespace

World& world() {
  if (g_world == nullptr) throw std::logic_error("test environment not set up");
  return *g_world;
}

void HypTest::SetUp() {
  cpus.reset();
  std::memset(w.ram.data(), 0, w.ram.size());
  w.out1.clear();
  w.out2.clear();
  char sink[64];
  while (w.vty1.get(sink, sizeof sink) != 0) {
  }
  while (w.vty2.get(sink, sizeof sink) != 0) {
  }
  hyp.set_interrupt_pending_query(nullptr);
  hyp.set_hcall_cycles(Hypervisor::kDefaultHcallCycles);
}

int64_t HypTest::hcall(uint32_t server, uint64_t opcode, std::vector<uint64_t> args) {
  cpu::ThreadState& s = cpus.thread_state(server);
  s.gpr[3] = opcode;
  for (std::size_t i = 0; i < args.size(); ++i) s.gpr[4 + i] = args[i];
  last = hyp.hcall(s);
  return static_cast<int64_t>(s.gpr[3]);
}

uint32_t HypTest::token(const std::string& name) const {
  for (const auto& [n, t] : hyp.rtas_tokens())
    if (n == name) return t;
  throw std::invalid_argument("no RTAS call " + name);
}

uint32_t HypTest::load32(uint64_t addr) const {
  const uint8_t* p = w.ram.data() + addr;
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

void HypTest::store32(uint64_t addr, uint32_t v) {
  uint8_t* p = w.ram.data() + addr;
  p[0] = uint8_t(v >> 24);
  p[1] = uint8_t(v >> 16);
  p[2] = uint8_t(v >> 8);
  p[3] = uint8_t(v);
}

int64_t HypTest::rtas(uint32_t server, uint32_t tok, std::vector<uint32_t> args, uint32_t nret) {
  store32(kBuf, tok);
  store32(kBuf + 4, static_cast<uint32_t>(args.size()));
  store32(kBuf + 8, nret);
  for (std::size_t i = 0; i < args.size(); ++i) store32(kBuf + 12 + 4 * i, args[i]);
  const uint64_t rets_addr = kBuf + 12 + 4 * args.size();
  for (uint32_t i = 0; i < std::max<uint32_t>(nret, 1); ++i) store32(rets_addr + 4 * i, kSentinel);
  last_nargs_ = static_cast<uint32_t>(args.size());
  last_nret_ = nret;
  return hcall(server, 0xF000, {kBuf});
}

std::vector<uint32_t> HypTest::rets() const {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < last_nret_; ++i) out.push_back(load32(kBuf + 12 + 4 * (last_nargs_ + i)));
  return out;
}

} // namespace ppc64sim::hyp::test

// libsystemc's own main() calls sc_main.
int sc_main(int argc, char** argv) {
  // Before any SystemC object exists (pitfalls.md #2).
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "DISABLE", 1);
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new ppc64sim::hyp::test::Environment());
  return RUN_ALL_TESTS();
}
