#pragma once
// Dispatch table for `sc 1`: one slot per PAPR hcall number (number / 4) plus the QEMU/KVM
// private range 0xF000..0xF003 (xics-spec.md section 3.1). Empty slots answer H_FUNCTION.
#include "models/cpu/thread_state.h"

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ppc64sim::hyp {

// What a handler reports back; the dispatcher writes `status` to r3.
struct HcallOutcome {
  int64_t status = 0;
  bool leave_step = false; // see cpu::HcallResult::leave_step
  uint64_t resume_cycle = 0; // see cpu::HcallResult::resume_cycle
};

using HcallHandler = std::function<HcallOutcome(cpu::ThreadState&)>;

class HcallTable {
public:
  // Highest PAPR hcall number the table holds (QEMU's MAX_HCALL_OPCODE is in this region).
  static constexpr uint64_t kPaprMax = 0x450;
  static constexpr uint64_t kPrivateBase = 0xF000;
  static constexpr uint64_t kPrivateMax = 0xF003;

  HcallTable();

  // Throws std::invalid_argument when `number` has no slot (out of range, or a PAPR number
  // not a multiple of 4) and when the slot is taken (the message names both callers).
  void add(uint64_t number, std::string name, HcallHandler handler);

  bool has(uint64_t number) const;
  // Name registered for `number`, empty when none.
  std::string name(uint64_t number) const;

  // Runs the handler for r3 and writes the status to r3. Unknown numbers give H_FUNCTION,
  // with one warning per distinct number so a spinning guest does not flood the log.
  HcallOutcome dispatch(cpu::ThreadState& state);

  // Unknown numbers already warned about (checkpoints keep the log the same after restore).
  const std::set<uint64_t>& warned() const { return warned_; }
  void set_warned(std::set<uint64_t> numbers) { warned_ = std::move(numbers); }

private:
  struct Slot {
    std::string name;
    HcallHandler handler;
  };
  // nullptr when the number has no slot at all.
  Slot* slot(uint64_t number);
  const Slot* slot(uint64_t number) const;

  std::vector<Slot> papr_;
  std::vector<Slot> private_;
  std::set<uint64_t> warned_;
};

} // namespace ppc64sim::hyp
