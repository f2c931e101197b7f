#pragma once
// One SystemC world for the whole test executable (SystemC elaborates once per process):
// RAM + two vtys + the hypervisor shim + a stand-in for the board's CpuControl.
#include "models/devices/ram.h"
#include "models/devices/vty.h"
#include "models/hyp/cpu_control.h"
#include "models/hyp/hypervisor.h"
#include "models/intc/sync_xics.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ppc64sim::hyp::test {

// Records what the shim asks of the board; threads are servers 0..kThreads-1.
class TestCpuControl : public CpuControl {
public:
  static constexpr uint32_t kThreads = 4;
  std::array<cpu::ThreadState, kThreads> threads;
  std::vector<uint32_t> woken;
  int power_offs = 0;
  int reboots = 0;
  uint64_t timebase = 0;

  void reset();

  bool has_thread(uint32_t server) const override { return server < kThreads; }
  cpu::ThreadState& thread_state(uint32_t server) override { return threads.at(server); }
  void wake(uint32_t server) override {
    woken.push_back(server);
    threads.at(server).run_state = cpu::RunState::running;
  }
  uint64_t timebase_now() const override { return timebase; }
  void request_power_off() override { ++power_offs; }
  void request_reboot() override { ++reboots; }
};

struct World {
  static constexpr uint64_t kRamSize = 64 * 1024;
  static constexpr uint64_t kTimebaseHz = 512'000'000; // QEMU pseries (xics-spec.md 4.2)
  static constexpr uint32_t kVtyReg = 0x71000000;      // firmware-contract.md device tree
  static constexpr uint32_t kVty2Reg = 0x71000001;

  TestCpuControl cpus;
  std::string out1, out2;
  devices::Vty vty1{kVtyReg, [this](std::string_view b) { out1.append(b); }};
  devices::Vty vty2{kVty2Reg, [this](std::string_view b) { out2.append(b); }};
  devices::Ram ram{"ram", kRamSize};
  Hypervisor hyp{"hyp", cpus, vty1, kTimebaseHz, 0};

  // A second shim with the XICS calls registered (xics_calls_test.cpp), on its own RAM so
  // the base tests keep their exact hcall/RTAS tables. One server per test thread.
  intc::SyncXics xics{intc::Flavour::qemu, {0, 1, 2, 3}};
  devices::Ram ram_x{"ram_x", kRamSize};
  Hypervisor hyp_x{"hyp_x", cpus, vty1, kTimebaseHz, 0};
  std::vector<uint32_t> after_calls; // servers passed to the after_call hook

  World();
};

World& world();

// Resets the world before each test: thread 0 running, 1..3 stopped, RAM zero, no output.
class HypTest : public ::testing::Test {
protected:
  void SetUp() override;

  World& w = world();
  TestCpuControl& cpus = w.cpus;
  Hypervisor& hyp = w.hyp;

  // `sc 1` from thread `server` with r3 = opcode, r4.. = args; returns r3 as signed.
  int64_t hcall(uint32_t server, uint64_t opcode, std::vector<uint64_t> args = {});
  cpu::HcallResult last;

  uint32_t token(const std::string& name) const;

  static constexpr uint64_t kBuf = 0x1000;
  static constexpr uint32_t kSentinel = 0xDEADBEEF;
  // Writes an RTAS buffer at kBuf (rets pre-filled with kSentinel), runs H_RTAS from
  // `server`; returns r3. rets() then reads the output cells.
  int64_t rtas(uint32_t server, uint32_t token, std::vector<uint32_t> args, uint32_t nret);
  std::vector<uint32_t> rets() const;

  uint32_t load32(uint64_t addr) const;
  void store32(uint64_t addr, uint32_t value);

private:
  uint32_t last_nargs_ = 0, last_nret_ = 0;
};

} // namespace ppc64sim::hyp::test
