#pragma once
// Encoding of each checkpoint section (platforms/CHECKPOINT.md "Sections") from and to the
// models' plain-data state. Decoders check the encoding itself (lengths, enum values, page
// order); whether the state fits a given board is checked by board_checkpoint.cpp.
#include "platforms/checkpoint_file.h"

#include "models/cpu/thread_state.h"
#include "models/devices/irq_generator.h"
#include "models/hyp/hypervisor.h"
#include "models/intc/fabric.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ppc64sim::platform::checkpoint {

// Section tags, in the order a checkpoint holds them.
inline constexpr const char* kThreads = "threads";
inline constexpr const char* kRam = "ram";
inline constexpr const char* kXics = "xics";
inline constexpr const char* kFabric = "fabric";
inline constexpr const char* kReservations = "reservations";
inline constexpr const char* kIrqgen = "irqgen";
inline constexpr const char* kVty = "vty";
inline constexpr const char* kHypervisor = "hypervisor";
inline constexpr const char* kRunControl = "run-control";
inline constexpr const char* kScheduler = "scheduler";
inline constexpr const char* kCounters = "counters"; // retired counts; statistics if traced
inline constexpr const char* kTiming = "timing";     // cycle mode: L2 and every core's model

inline constexpr uint64_t kPageBytes = 4096;
inline constexpr size_t kThreadBytes = 432; // one encoded ThreadState

// ---- threads: every field of every thread's ThreadState, server order.
std::vector<uint8_t> encode_threads(const std::vector<cpu::ThreadState>& threads);
std::vector<cpu::ThreadState> decode_threads(ByteReader& r);

// ---- ram: the 4 KiB pages that are not all zero.
std::vector<uint8_t> encode_ram(const uint8_t* ram, uint64_t bytes);
struct RamImage {
  uint64_t memory_bytes = 0;
  std::vector<std::pair<uint64_t, const uint8_t*>> pages; // address, 4 KiB (into the file)
};
RamImage decode_ram(ByteReader& r); // pages ascending, aligned, inside memory_bytes
// Makes `ram` equal to the image: saved pages copied, every other non-zero page zeroed
// (zero pages are only read, so a calloc-backed RAM stays unpopulated).
void apply_ram(const RamImage& image, uint8_t* ram, uint64_t bytes);

// ---- xics: state-access words (xics-spec.md section 8 for sources, 1.3 for ICPs).
struct XicsSnapshot {
  struct Range {
    uint32_t first = 0;
    std::vector<uint64_t> words;
  };
  struct Icp {
    uint32_t server = 0;
    uint64_t word = 0; // CPPR/XISR/MFRR/PPRI
    bool line = false; // output line (differs from the word's rule in QEMU's C20)
  };
  std::vector<Range> sources; // every ICS block, in order
  std::vector<Icp> icps;      // server order
};
std::vector<uint8_t> encode_xics(const XicsSnapshot& x);
XicsSnapshot decode_xics(ByteReader& r);

// ---- fabric: messages sent but not yet applied.
std::vector<uint8_t> encode_fabric(const std::vector<intc::InFlightMessage>& messages);
std::vector<intc::InFlightMessage> decode_fabric(ByteReader& r);

// ---- reservations: the granule each thread holds a larx reservation on, if any.
std::vector<uint8_t> encode_reservations(const std::vector<std::optional<uint64_t>>& held);
std::vector<std::optional<uint64_t>> decode_reservations(ByteReader& r);

// ---- irqgen: registers and rule progress; nullopt when the board has no generator.
std::vector<uint8_t> encode_irqgen(const std::optional<devices::IrqGeneratorState>& s);
std::optional<devices::IrqGeneratorState> decode_irqgen(ByteReader& r);

// ---- vty: receive buffer and backlog.
struct VtyInput {
  std::string buffer;
  std::string backlog;
};
std::vector<uint8_t> encode_vty(const VtyInput& v);
VtyInput decode_vty(ByteReader& r);

// ---- hypervisor: RTC offset and the warn-once sets.
std::vector<uint8_t> encode_hypervisor(const hyp::HypervisorState& s);
hyp::HypervisorState decode_hypervisor(ByteReader& r);

// ---- run-control: instructions retired by all threads.
std::vector<uint8_t> encode_run_control(uint64_t instructions);
uint64_t decode_run_control(ByteReader& r);

// Simulated time <-> picoseconds (the file's unit).
uint64_t to_ps(const sc_core::sc_time& t);
sc_core::sc_time from_ps(uint64_t ps);

} // namespace ppc64sim::platform::checkpoint
