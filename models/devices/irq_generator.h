#pragma once
// The interrupt generator: a memory-mapped test device owning a block of XICS sources, which
// firmware drives through registers (assert/deassert an LSI, fire an MSI) and the platform can
// drive on its own with deterministic periodic, random or burst patterns. Register map and
// pattern syntax: models/devices/irq_generator.md.
#include "models/intc/xics_ops.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ppc64sim::devices {

enum class IrqKind : uint8_t { lsi, msi };

enum class AutoPattern : uint8_t { periodic, random, burst };

// One autonomous rule (irqgen.auto item). Times in ns.
struct AutoRule {
  uint32_t source = 0;        // absolute XICS source number, one of the generator's
  AutoPattern pattern = AutoPattern::periodic;
  uint64_t period_ns = 0;     // periodic/burst: period; random: mean interval
  uint64_t phase_ns = 0;      // periodic/burst: time of the first event
  uint32_t burst_count = 1;   // burst: events per burst
  uint64_t burst_gap_ns = 0;  // burst: spacing of the events of one burst
};

struct IrqGeneratorConfig {
  uint32_t first_source = 0x1200;
  std::vector<IrqKind> types;     // one per source; the count is types.size()
  uint64_t seed = 1;              // random patterns
  std::vector<AutoRule> rules;
  uint32_t count() const { return static_cast<uint32_t>(types.size()); }
};

// The next interval of a random rule: uniform on [1, 2*mean-1] ns (mean exactly `mean`),
// from a splitmix64 stream; integer arithmetic only, so every host gives the same times.
class IrqGenPrng {
public:
  explicit IrqGenPrng(uint64_t seed) : state_(seed) {}
  uint64_t next();
  uint64_t interval(uint64_t mean_ns);
  // The whole stream position: IrqGenPrng(state()) continues with the same numbers.
  uint64_t state() const { return state_; }

private:
  uint64_t state_;
};

// Everything an IrqGenerator changes while it runs, as plain data (checkpoints). The source
// kinds and the rules are configuration, not state.
struct IrqGeneratorState {
  struct Source {
    bool level = false;  // LSI line as the generator drives it
    uint32_t fired = 0;  // FIRED register
  };
  struct Rule {
    uint64_t next_ns = 0; // absolute simulated time of the rule's next event
    uint64_t k = 0;       // periodic/burst: period index
    uint32_t j = 0;       // burst: event within the burst
    bool done = false;    // no further event (time overflow)
    uint64_t prng = 0;    // IrqGenPrng::state()
  };
  uint32_t control = 0;
  std::vector<Source> sources; // one per generator source, in order
  std::vector<Rule> rules;     // one per configured rule, in order
};

class IrqGenerator : public sc_core::sc_module {
public:
  // Register map (32-bit big-endian; irq_generator.md).
  static constexpr uint64_t kRegId = 0x000;
  static constexpr uint64_t kRegCount = 0x004;
  static constexpr uint64_t kRegFirstSource = 0x008;
  static constexpr uint64_t kRegControl = 0x00C;
  static constexpr uint64_t kSourceBase = 0x100;
  static constexpr uint64_t kSourceStride = 0x10;
  static constexpr uint64_t kSrcAssert = 0x0;
  static constexpr uint64_t kSrcDeassert = 0x4;
  static constexpr uint64_t kSrcStatus = 0x8;
  static constexpr uint64_t kSrcFired = 0xC;
  static constexpr uint32_t kId = 0x49524731;  // "IRG1"
  static constexpr uint32_t kControlAuto = 1u; // CONTROL bit 0: autonomous patterns run
  static constexpr uint32_t kStatusAsserted = 1u;
  static constexpr uint32_t kStatusLsi = 2u;
  static constexpr uint64_t kWindowBytes = 0x1000; // one 4 KiB page
  static constexpr uint32_t kMaxSources = (kWindowBytes - kSourceBase) / kSourceStride; // 240

  tlm_utils::simple_target_socket<IrqGenerator> socket;

  SC_HAS_PROCESS(IrqGenerator);

  // Sets each source's type in `xics`. Throws IrqGenConfigError when the config is
  // inconsistent or a source is not owned by an ICS of `xics`.
  IrqGenerator(sc_core::sc_module_name name, const IrqGeneratorConfig& config,
               intc::XicsOps& xics);

  const IrqGeneratorConfig& config() const { return config_; }

  // The same actions the registers perform (for the monitor and tests); `source` absolute.
  // Return false for a number that is not the generator's.
  bool assert_source(uint32_t source);   // LSI: line high; MSI: one message
  bool deassert_source(uint32_t source); // LSI: line low; MSI: nothing
  bool asserted(uint32_t source) const;
  uint32_t fired(uint32_t source) const; // MSIs sent / LSI rising edges, modulo 2^32

  IrqGeneratorState state() const;
  // Puts registers and rule progress back without touching the XICS (its source state is
  // restored on its own) and reschedules the autonomous process, so the next event happens
  // at the restored next_ns. Throws std::invalid_argument, nothing changed, when the source
  // or rule count differs from the configuration or a next event lies in the past.
  void restore_state(const IrqGeneratorState& s);

  // Called after every autonomous event (source, simulated time).
  std::function<void(uint32_t, const sc_core::sc_time&)> on_auto_event;
  // Called after every register write that reached the interrupt fabric.
  std::function<void()> after_write;
  // Tracing: a source is about to be pulsed (MSI, level ignored) or its LSI line to change to
  // `level` (called just before the XICS sees it).
  std::function<void(uint32_t source, bool msi, bool level)> on_trigger;

private:
  struct Source {
    IrqKind kind = IrqKind::msi;
    bool level = false;
    uint32_t fired = 0;
  };
  struct RuleState {
    uint64_t next_ns = 0;
    uint64_t k = 0;        // periodic/burst: period index
    uint32_t j = 0;        // burst: event within the burst
    bool done = false;
    IrqGenPrng prng{0};
  };

  void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  unsigned transport_dbg(tlm::tlm_generic_payload& gp);
  // Decodes an access; returns the TLM status and, for a good one, performs it.
  tlm::tlm_response_status access(tlm::tlm_generic_payload& gp, bool debug);
  bool read_reg(uint64_t offset, uint32_t& value) const;
  tlm::tlm_response_status write_reg(uint64_t offset, uint32_t value);
  Source* find(uint32_t source);
  const Source* find(uint32_t source) const;
  void advance(size_t rule);
  void run();

  IrqGeneratorConfig config_;
  intc::XicsOps& xics_;
  std::vector<Source> sources_;
  std::vector<RuleState> rule_state_;
  uint32_t control_ = kControlAuto;
  sc_core::sc_event reschedule_; // restore_state: the process re-picks its next event
};

} // namespace ppc64sim::devices
