#pragma once
// Architected state of one hardware thread (Power ISA v3.0B, Book I and Book III).
// Plain data: the ISS executes on it, the hypervisor shim reads and writes it for `sc 1`,
// and later the GDB stub and checkpoints serialise it.
#include <atomic>
#include <cstdint>

namespace ppc64sim::cpu {

// MSR bit masks, named by the ISA's big-endian bit numbers (bit 0 = MSB of 64).
namespace msr {
inline constexpr uint64_t SF = 1ull << 63;  // bit 0: 64-bit mode
inline constexpr uint64_t HV = 1ull << 60;  // bit 3: hypervisor state
inline constexpr uint64_t VEC = 1ull << 25; // bit 38: vector available
inline constexpr uint64_t VSX = 1ull << 23; // bit 40: VSX available
inline constexpr uint64_t EE = 1ull << 15;  // bit 48: external interrupt enable
inline constexpr uint64_t PR = 1ull << 14;  // bit 49: problem state
inline constexpr uint64_t FP = 1ull << 13;  // bit 50: FP available
inline constexpr uint64_t ME = 1ull << 12;  // bit 51: machine check enable
inline constexpr uint64_t FE0 = 1ull << 11;
inline constexpr uint64_t SE = 1ull << 10;
inline constexpr uint64_t BE = 1ull << 9;
inline constexpr uint64_t FE1 = 1ull << 8;
inline constexpr uint64_t IR = 1ull << 5;   // bit 58
inline constexpr uint64_t DR = 1ull << 4;   // bit 59
inline constexpr uint64_t RI = 1ull << 1;   // bit 62: recoverable interrupt
inline constexpr uint64_t LE = 1ull << 0;   // bit 63: little-endian
} // namespace msr

// XER bits (ISA numbering on the 64-bit register).
namespace xer {
inline constexpr uint64_t SO = 1ull << 31;
inline constexpr uint64_t OV = 1ull << 30;
inline constexpr uint64_t CA = 1ull << 29;
inline constexpr uint64_t OV32 = 1ull << 19;
inline constexpr uint64_t CA32 = 1ull << 18;
inline constexpr uint64_t BYTE_COUNT = 0x7f;
} // namespace xer

// LPCR bits used by a PAPR partition.
namespace lpcr {
inline constexpr uint64_t ILE = 1ull << 25;   // interrupt little-endian (H_SET_MODE resource 4)
inline constexpr uint64_t LPES0 = 1ull << 3;
inline constexpr uint64_t LPES1 = 1ull << 2;
} // namespace lpcr

// What the thread is doing, from the board's point of view. Only `running` executes.
enum class RunState : uint8_t {
  stopped, // RTAS-stopped (never started, or stop-self): only start-cpu wakes it
  ceded,   // H_CEDE: sleeps until an interrupt or H_PROD
  running,
};

// A thread's run state, counting every write to it, process-wide: the scheduler keeps the
// list of cores that may run and looks at every core again only after some thread's run
// state was written (CoreScheduler::refresh_awake). Relaxed atomic: a write is an hcall, an
// interrupt or a restore, never per instruction.
class RunStateField {
public:
  RunStateField(RunState s = RunState::stopped) : value_(s) { note(); }
  RunStateField(const RunStateField& o) : value_(o.value_) { note(); }
  RunStateField& operator=(RunState s) {
    value_ = s;
    note();
    return *this;
  }
  RunStateField& operator=(const RunStateField& o) { return *this = o.value_; }
  operator RunState() const { return value_; }
  static uint64_t writes() { return writes_.load(std::memory_order_relaxed); }

private:
  static void note() { writes_.fetch_add(1, std::memory_order_relaxed); }
  RunState value_;
  inline static std::atomic<uint64_t> writes_{0};
};

struct ThreadState {
  uint64_t gpr[32] = {};
  uint64_t pc = 0; // address of the next instruction to execute (NIA)
  uint64_t msr = 0;
  uint32_t cr = 0;
  uint64_t xer = 0;
  uint64_t lr = 0;
  uint64_t ctr = 0;
  uint64_t srr0 = 0, srr1 = 0;
  uint64_t sprg[4] = {};
  uint64_t dar = 0;
  uint32_t dsisr = 0;
  uint64_t cfar = 0;
  uint64_t ppr = 0x0010000000000000ull; // medium priority at reset
  uint32_t ctrl = 0;
  uint64_t dscr = 0; // data stream control: a hint, stored only
  uint64_t lpcr = lpcr::LPES0 | lpcr::LPES1; // pseries partition: externals go to the OS
  // Decrementer (Book III 9.3), never ticked: DEC = dec - (TB - dec_tb) on 32 bits.
  // Reset value all ones as QEMU's timebase reset stores, so no interrupt is requested at reset.
  uint64_t dec = 0xffffffffull;          // value of the last write
  uint64_t dec_tb = 0;                   // timebase at the last write
  uint64_t dec_edge = 1ull << 32;        // timebase at which DEC bit 0 next turns 0 -> 1
  bool dec_requested = false;            // DEC interrupt requested, not yet taken
  uint32_t pir = 0;                          // == interrupt server number
  uint32_t pvr = 0x004e1200;                 // POWER9 DD2.2, as QEMU pseries reports

  RunStateField run_state = RunState::stopped;
  bool prod = false; // H_PROD arrived while not ceded (consumed by the next H_CEDE)
  // Machine check with MSR[ME]=0 (Book III 7.5.2): the thread entered checkstop and stopped.
  bool checkstop = false;
};

} // namespace ppc64sim::cpu
