#pragma once
// Everything that describes a board, as plain data. Filled from a platform file plus
// overrides (platform_config.h); read by the builder (board.h) and the device-tree builder.
#include "models/cpu/timing/timing_params.h"
#include "models/intc/xics_types.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

namespace ppc64sim::platform {

struct BoardConfig {
  std::string name = "default";
  unsigned cores = 4;
  unsigned threads_per_core = 2;        // 1, 2, 4 or 8
  uint64_t memory_mib = 256;            // RAM at physical 0
  uint64_t cpu_clock_hz = 2'000'000'000; // core clock; one instruction = one cycle for now
  uint64_t timebase_hz = 512'000'000;   // QEMU pseries timebase (SPAPR_TIMEBASE_FREQ)
  uint64_t quantum_ns = 1000;           // temporal-decoupling quantum of each core
  uint32_t vty_reg = 0x71000000;        // unit address of the vty (the H_PUT_TERM_CHAR termno)
  uint32_t vty_irq = 0x1100;            // its interrupt source (first VIO source in QEMU)
  uint64_t rtc_epoch = 1767225600;      // get-time-of-day at simulated time 0 (2026-01-01 UTC)

  // XICS (xics-spec.md 2.11): QEMU TCG behaviour by default. Fabric latencies in ns; 0 =
  // the message takes effect inside the call that sends it, which is QEMU-exact (cycle mode
  // with more than one thread: one store visibility latency instead, see board.cpp).
  intc::Flavour xics_flavour = intc::Flavour::qemu;
  uint64_t xics_latency_present_ns = 0;
  uint64_t xics_latency_reject_ns = 0;
  uint64_t xics_latency_eoi_ns = 0;
  uint64_t xics_latency_resend_ns = 0;
  uint64_t xics_latency_ipi_ns = 0; // H_IPI to another thread's MFRR (ICP -> ICP)
  // Queries, each way of a round trip; used only in cycle mode with more than one thread
  // (elsewhere H_IPOLL and the RTAS XIVE calls act inside the call).
  uint64_t xics_latency_poll_ns = 0;    // H_IPOLL of another thread's ICP (ICP -> ICP)
  uint64_t xics_latency_control_ns = 0; // ibm,set-xive/get-xive/int-on/int-off (-> ICS)

  // Timing (models/cpu/timing/README.md). Fast mode: one cycle per instruction, threads in
  // windows of quantum_ns. Cycle mode: every instruction through the timing model, threads in
  // windows of the lookahead (the smallest cross-thread latency), quantum_ns unused.
  bool cycle_mode = false;
  // Long by default: on a one-thread board nothing else bounds a window (device events end it
  // where they are due), and each window costs the scheduler and kernel ~1,800 host
  // instructions; with more threads the store visibility (64) bounds it anyway.
  uint64_t lookahead_cycles = 4096;
  // Cycle mode, more than one thread: a store is visible to the other threads this many
  // cycles after it is made (models/cpu/store_queue.h); windows are no longer than it.
  uint64_t store_visibility_cycles = 64;
  // Cycle mode, more than one thread: a pass that leaves the kernel nothing to do before the
  // next one starts goes straight on to it (CoreScheduler::chain_passes). Host speed only.
  bool chain_passes = true;
  // Cycle mode, more than one thread: a thread running alone stores straight into memory
  // when no other thread could see the difference (CoreScheduler::begin_solo_pass). Host
  // speed only.
  bool solo_stores = true;
  // Cycle mode with solo stores: chained passes that go on with the same lone thread and an
  // empty store queue leave the L2 filing to a later pass, and a lone thread runs on through
  // the passes that follow until it could reach another thread or the kernel (CoreScheduler::
  // continue_solo_passes, run_long_solo). Host speed only.
  bool solo_passes = true;
  cpu::timing::TimingParams timing;

  // Interrupt generator (models/devices/irq_generator.md). count 0 = no device. Its window
  // is above any RAM we allow (64 GiB) and below 2^60 (QEMU ignores the top 4 address bits).
  uint64_t irqgen_base = 0x0000200000000000ull;
  uint32_t irqgen_count = 8;
  uint32_t irqgen_first_source = 0x1200; // QEMU's first PCI LSI number (xics-spec.md 1.1)
  std::string irqgen_types = "4*lsi,4*msi";
  uint64_t irqgen_seed = 1;
  std::string irqgen_auto;               // autonomous rules; empty = none

  unsigned thread_count() const { return cores * threads_per_core; }

  // The fabric latencies in ns, in the XicsConfig kind order.
  std::array<uint64_t, intc::kMessageKinds> latencies_ns() const {
    return {xics_latency_present_ns, xics_latency_reject_ns, xics_latency_eoi_ns, xics_latency_resend_ns,
            xics_latency_ipi_ns,     xics_latency_poll_ns,   xics_latency_control_ns};
  }
  // Cycle mode: a fabric latency in whole cycles. A cross-thread effect is exact only when it
  // lands at least one cycle after it leaves (threads run in windows no longer than the
  // latency), so on a board with more than one thread a zero latency - synchronous, inside
  // the sender's call, in host order - is replaced by the store visibility latency: an MFRR
  // write or an interrupt message is a store to another unit, and it costs no window shorter
  // than the store queue's. Other latencies round up to whole cycles (a window is whole
  // cycles). One thread: nothing crosses threads, zero stays synchronous.
  uint64_t fabric_cycles(uint64_t latency_ns) const {
    if (latency_ns == 0) return thread_count() > 1 ? store_visibility_cycles : 0;
    return std::max<uint64_t>(1, (latency_ns * cpu_clock_hz + 999'999'999) / 1'000'000'000);
  }
  // Cycle mode: the soonest one thread can affect another (a store seen by another thread,
  // a fabric message landing), in cycles; ~0 when nothing bounds it (one thread, no
  // latency). Windows are never longer (conservative synchronisation).
  uint64_t cross_thread_cycles() const {
    uint64_t bound = thread_count() > 1 ? store_visibility_cycles : ~0ull;
    const std::array<uint64_t, intc::kMessageKinds> given = latencies_ns();
    for (int k = 0; k < intc::kMessageKinds; ++k) {
      // (POLL and CONTROL travel only with more than one thread: one thread's are not bounds.)
      if (intc::is_query(static_cast<intc::MessageKind>(k)) && thread_count() == 1) continue;
      if (const uint64_t cycles = fabric_cycles(given[k]); cycles != 0) bound = std::min(bound, cycles);
    }
    return bound;
  }
  // Cycle mode, SMT cores with turns of K > 1 cycles (timing.smt_turn_cycles): the core's
  // order may only be cut at multiples of K, so windows end there (CoreScheduler).
  bool smt_turn_blocks() const { return cycle_mode && threads_per_core > 1 && timing.smt_turn_cycles > 1; }
  uint64_t memory_bytes() const { return memory_mib << 20; }
  // Space reserved for the flattened device tree at the top of the RMA.
  static constexpr uint64_t fdt_area_bytes = 2ull << 20;
  // Where QEMU 7.2 pseries places the device tree: MIN(RMA, 2 GiB) - 2 MiB (observed: r3 =
  // 0x0fe00000 with -m 256, firmware-contract.md).
  uint64_t fdt_address() const {
    uint64_t rma = memory_bytes() < (2ull << 30) ? memory_bytes() : (2ull << 30);
    return rma - fdt_area_bytes;
  }
};

} // namespace ppc64sim::platform
