#pragma once
// RTAS through H_RTAS (xics-spec.md section 3.4): a token table filled by name, and the
// argument-buffer protocol {u32 token, nargs, nret, args[nargs], rets[nret]} (big-endian,
// guest real memory; rets[0] is the status).
#include "models/cpu/thread_state.h"
#include "models/hyp/hcall_table.h"

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ppc64sim::hyp {

// Guest real memory as the shim sees it; false when [addr, addr+len) is not backed.
struct PhysAccess {
  std::function<bool(uint64_t addr, uint8_t* data, unsigned len)> read;
  std::function<bool(uint64_t addr, const uint8_t* data, unsigned len)> write;
};

// One RTAS invocation, decoded from the guest buffer.
class RtasCall {
public:
  // Cells beyond these are neither read nor written: Linux's buffer holds 16 arguments and
  // every call we know needs fewer cells, so a larger count is only ever refused with -3.
  static constexpr uint32_t kMaxArgCells = 16;
  static constexpr uint32_t kMaxRetCells = 16;

  RtasCall(uint32_t token, uint32_t nargs, uint32_t nret, std::vector<uint32_t> args,
           std::size_t ret_cells);

  uint32_t token() const { return token_; }
  uint32_t nargs() const { return nargs_; }
  uint32_t nret() const { return nret_; }
  // Argument cell i as stored in the buffer; 0 for a cell that was not read.
  uint32_t arg(uint32_t i) const { return i < args_.size() ? args_[i] : 0; }
  // Output cell i (0 is the status). Cells beyond the buffer's reach are dropped.
  void set_ret(uint32_t i, uint32_t value);
  void set_status(int32_t status) { set_ret(0, static_cast<uint32_t>(status)); }
  // The call changed what a thread or the board is doing (see cpu::HcallResult::leave_step).
  void leave_step() { leave_step_ = true; }
  // Guest real address of output cell 0 (the status).
  uint64_t rets_address() const { return rets_address_; }
  void set_rets_address(uint64_t addr) { rets_address_ = addr; }
  // The answer travels (cycle mode): the caller waits until `cycle`, and whoever answers
  // writes the output cells then (see cpu::HcallResult::resume_cycle).
  void resume_at(uint64_t cycle) { resume_cycle_ = cycle; }
  uint64_t resume_cycle() const { return resume_cycle_; }

  bool wants_leave_step() const { return leave_step_; }
  // Output cells written by the handler, in index order.
  const std::map<uint32_t, uint32_t>& written() const { return written_; }
  std::size_t ret_cells() const { return ret_cells_; }

private:
  uint32_t token_, nargs_, nret_;
  std::vector<uint32_t> args_;
  std::size_t ret_cells_;
  std::map<uint32_t, uint32_t> written_;
  bool leave_step_ = false;
  uint64_t rets_address_ = 0;
  uint64_t resume_cycle_ = 0;
};

// `caller` is the thread executing H_RTAS.
using RtasHandler = std::function<void(cpu::ThreadState& caller, RtasCall& call)>;

class RtasTable {
public:
  static constexpr uint32_t kTokenBase = 0x2000; // as QEMU (xics-spec.md 3.4)
  // Linux's early debug code calls display-character with this fixed token; QEMU honours it.
  static constexpr uint32_t kLegacyDisplayCharacterToken = 0xA;

  // Gives the call the next token: one above the highest token so far (0x2000 for the first
  // call, so calls registered in QEMU's order get QEMU's 0x2000 + index). A name registered
  // twice throws std::invalid_argument.
  uint32_t add(const std::string& name, RtasHandler handler);
  // Registers at a fixed token, for calls whose QEMU token lies beyond a gap of calls we do
  // not implement (the XICS calls: 0x200A..0x200D, xics-spec.md 3.4). Throws
  // std::invalid_argument for a taken name or token, or a token below 0x2000.
  uint32_t add_at(uint32_t token, const std::string& name, RtasHandler handler);

  // (name, token) in registration order, for the /rtas node of the device tree.
  std::vector<std::pair<std::string, uint32_t>> tokens() const;

  // H_RTAS with r4 = buffer (xics-spec.md 3.4). Status for r3: H_SUCCESS when a call ran,
  // H_PARAMETER for an unknown token (rets[0] = -3) or a buffer outside guest memory.
  HcallOutcome call(cpu::ThreadState& caller, uint64_t buffer, const PhysAccess& memory);

  // Unknown tokens already warned about (checkpoints keep the log the same after restore).
  const std::set<uint32_t>& warned() const { return warned_; }
  void set_warned(std::set<uint32_t> tokens) { warned_ = std::move(tokens); }

private:
  struct Entry {
    std::string name;
    uint32_t token;
    RtasHandler handler;
  };
  const Entry* find(uint32_t token) const;

  std::vector<Entry> entries_;
  std::set<uint32_t> warned_;
};

} // namespace ppc64sim::hyp
