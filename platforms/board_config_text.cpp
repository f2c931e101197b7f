#include "platforms/board_config_text.h"

#include <sstream>

namespace ppc64sim::platform {

namespace {
std::string hex(uint64_t v) {
  std::ostringstream os;
  os << "0x" << std::hex << v;
  return os.str();
}
} // namespace

std::vector<std::pair<std::string, std::string>> board_config_text(const BoardConfig& c) {
  using std::to_string;
  // Same order and spelling as the registry in platform_config.cpp; a test checks that every
  // key of parameters() is here, in order.
  return {
      {"name", c.name},
      {"cores", to_string(c.cores)},
      {"threads-per-core", to_string(c.threads_per_core)},
      {"memory", to_string(c.memory_mib)},
      {"cpu.clock-mhz", to_string(c.cpu_clock_hz / 1'000'000)},
      {"timebase.frequency", to_string(c.timebase_hz)},
      {"quantum-ns", to_string(c.quantum_ns)},
      {"vty.reg", hex(c.vty_reg)},
      {"vty.irq", hex(c.vty_irq)},
      {"rtc.epoch", to_string(c.rtc_epoch)},
      {"xics.flavour", c.xics_flavour == intc::Flavour::kvm ? "kvm" : "qemu"},
      {"timing.mode", c.cycle_mode ? "cycle" : "fast"},
      {"timing.lookahead-cycles", to_string(c.lookahead_cycles)},
      {"timing.store-visibility-cycles", to_string(c.store_visibility_cycles)},
      {"timing.chain-passes", c.chain_passes ? "on" : "off"},
      {"timing.solo-stores", c.solo_stores ? "on" : "off"},
      {"timing.solo-passes", c.solo_passes ? "on" : "off"},
      {"timing.issue-width", to_string(c.timing.issue_width)},
      {"timing.smt-turn-cycles", to_string(c.timing.smt_turn_cycles)},
      {"timing.mispredict-penalty", to_string(c.timing.mispredict_penalty)},
      {"timing.l1d-kib", to_string(c.timing.l1d.size_bytes / 1024)},
      {"timing.l2-kib", to_string(c.timing.l2.size_bytes / 1024)},
      {"timing.memory-latency", to_string(c.timing.memory_latency)},
      {"xics.latency.present", to_string(c.xics_latency_present_ns)},
      {"xics.latency.reject", to_string(c.xics_latency_reject_ns)},
      {"xics.latency.eoi", to_string(c.xics_latency_eoi_ns)},
      {"xics.latency.resend", to_string(c.xics_latency_resend_ns)},
      {"xics.latency.ipi", to_string(c.xics_latency_ipi_ns)},
      {"xics.latency.poll", to_string(c.xics_latency_poll_ns)},
      {"xics.latency.control", to_string(c.xics_latency_control_ns)},
      {"irqgen.base", hex(c.irqgen_base)},
      {"irqgen.count", to_string(c.irqgen_count)},
      {"irqgen.first-source", hex(c.irqgen_first_source)},
      {"irqgen.types", c.irqgen_types},
      {"irqgen.seed", to_string(c.irqgen_seed)},
      {"irqgen.auto", c.irqgen_auto},
  };
}

} // namespace ppc64sim::platform
