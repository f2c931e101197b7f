#include "board.h"

#include "models/bus/router.h"
#include "models/cpu/reservation_monitor.h"
#include "models/cpu/systemc/power_core.h"
#include "models/cpu/systemc/run_control.h"
#include "models/devices/ram.h"
#include "models/devices/vty.h"
#include "models/hyp/cpu_control.h"
#include "models/hyp/hypervisor.h"

#include <cstring>
#include <sstream>
#include <stdexcept>

namespace ppc64sim::platform {

using sc_core::sc_time;

namespace {

sc_time period_of(uint64_t hz) {
  return sc_time(1e12 / static_cast<double>(hz), sc_core::SC_PS);
}

} // namespace

struct Board::Impl : hyp::CpuControl {
  BoardConfig config;
  cpu::RunControl run_control;
  cpu::ReservationMonitor reservations;
  devices::Vty vty;
  bus::Router router{"router"};
  devices::Ram ram;
  hyp::Hypervisor hypervisor;
  std::vector<std::unique_ptr<cpu::PowerCore>> cores;
  // External-interrupt line of every thread (server order).
  sc_core::sc_vector<sc_core::sc_signal<bool>> irq_lines;

  Impl(const BoardConfig& cfg, ConsoleSink console)
      : config(cfg), reservations(cfg.thread_count()), vty(cfg.vty_reg, std::move(console)),
        ram("ram", cfg.memory_bytes()),
        hypervisor("hypervisor", *this, vty, cfg.timebase_hz, cfg.rtc_epoch),
        irq_lines("irq_line", cfg.thread_count()) {
    router.map({"ram", 0, cfg.memory_bytes()});
    router.targets_out.bind(ram.socket);
    hypervisor.memory.bind(router.targets_in);

    cpu::CoreParams params;
    params.threads = cfg.threads_per_core;
    params.cycle = period_of(cfg.cpu_clock_hz);
    params.quantum = sc_time(static_cast<double>(cfg.quantum_ns), sc_core::SC_NS);
    for (unsigned c = 0; c < cfg.cores; ++c) {
      params.first_server = c * cfg.threads_per_core;
      std::string name = "core" + std::to_string(c);
      cores.push_back(std::make_unique<cpu::PowerCore>(name.c_str(), params, hypervisor, reservations,
                                                       run_control));
      cores.back()->socket.bind(router.targets_in);
      for (unsigned t = 0; t < cfg.threads_per_core; ++t)
        cores.back()->external_interrupt[t].bind(irq_lines[params.first_server + t]);
      cores.back()->set_timebase_source([this] { return timebase_now(); });
    }
  }

  cpu::PowerCore& core_of(uint32_t server) { return *cores.at(server / config.threads_per_core); }

  // hyp::CpuControl
  bool has_thread(uint32_t server) const override { return server < config.thread_count(); }
  cpu::ThreadState& thread_state(uint32_t server) override {
    return core_of(server).thread(server % config.threads_per_core);
  }
  void wake(uint32_t server) override {
    thread_state(server).run_state = cpu::RunState::running;
    core_of(server).wake();
  }
  // The timebase is derived from simulated time, never ticked (architecture habit 5).
  uint64_t timebase_now() const override {
    sc_time now = run_control.active_core ? run_control.active_core->local_now() : sc_core::sc_time_stamp();
    __extension__ using u128 = unsigned __int128; // ps * Hz overflows 64 bits after ~10 h
    u128 ps = static_cast<u128>(now.value()) *
              static_cast<uint64_t>(sc_core::sc_get_time_resolution().to_seconds() * 1e12);
    return static_cast<uint64_t>(ps * config.timebase_hz / 1'000'000'000'000ull);
  }
  void request_power_off() override { run_control.request_stop(cpu::StopCause::power_off); }
  void request_reboot() override { run_control.request_stop(cpu::StopCause::reboot); }

  void check_ram(uint64_t addr, uint64_t size) const {
    if (addr > config.memory_bytes() || size > config.memory_bytes() - addr) {
      std::ostringstream msg;
      msg << "guest physical range 0x" << std::hex << addr << "+0x" << size << " is outside RAM (0x"
          << config.memory_bytes() << " bytes)";
      throw std::out_of_range(msg.str());
    }
  }
};

Board::Board(const BoardConfig& config, ConsoleSink console)
    : impl_(std::make_unique<Impl>(config, std::move(console))) {}

Board::~Board() = default;

const BoardConfig& Board::config() const { return impl_->config; }

void Board::write_memory(uint64_t addr, const uint8_t* data, uint64_t size) {
  impl_->check_ram(addr, size);
  std::memcpy(impl_->ram.data() + addr, data, size);
}

void Board::read_memory(uint64_t addr, uint8_t* data, uint64_t size) {
  impl_->check_ram(addr, size);
  std::memcpy(data, impl_->ram.data() + addr, size);
}

void Board::set_boot_entry(uint64_t entry, uint64_t r3) {
  // QEMU pseries: NIP = entry, r3 = FDT, r1 = r4 = r5 = 0, MSR = 0 (firmware-contract.md).
  cpu::ThreadState& boot = impl_->thread_state(0);
  boot.pc = entry;
  boot.gpr[3] = r3;
  boot.msr = 0;
  boot.run_state = cpu::RunState::running;
}

std::vector<std::pair<std::string, uint32_t>> Board::rtas_tokens() const {
  return impl_->hypervisor.rtas_tokens();
}

std::vector<std::string> Board::hypertas_functions() const { return impl_->hypervisor.hypertas_functions(); }

RunResult Board::run(uint64_t max_instructions) {
  impl_->run_control.instruction_limit = max_instructions;
  // Elaboration checks that every port and socket is bound (SystemC E109 names the port);
  // turn a miss into a builder error instead of a kernel report.
  try {
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
  } catch (const sc_core::sc_report& report) {
    throw std::logic_error(std::string("board builder: ") + report.what());
  }
  if (!impl_->run_control.stop_requested()) sc_core::sc_start();
  RunResult result;
  result.instructions = impl_->run_control.instructions;
  result.simulated_ps = static_cast<uint64_t>(sc_core::sc_time_stamp().to_seconds() * 1e12);
  switch (impl_->run_control.stop_cause) {
  case cpu::StopCause::power_off: result.end = RunEnd::power_off; break;
  case cpu::StopCause::reboot: result.end = RunEnd::reboot; break;
  case cpu::StopCause::instruction_limit: result.end = RunEnd::instruction_limit; break;
  case cpu::StopCause::none: result.end = RunEnd::all_stopped; break;
  }
  return result;
}

} // namespace ppc64sim::platform
