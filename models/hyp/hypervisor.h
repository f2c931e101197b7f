#pragma once
// The hypervisor shim: what a PAPR partition reaches with `sc 1` (xics-spec.md section 3).
// hcalls go through a table indexed by number, RTAS through H_RTAS and a token table; later
// models (XICS) add their calls with register_hcall / register_rtas.
#include "models/cpu/hypervisor_interface.h"
#include "models/devices/vty.h"
#include "models/hyp/console.h"
#include "models/hyp/cpu_control.h"
#include "models/hyp/cpu_hcalls.h"
#include "models/hyp/hcall_table.h"
#include "models/hyp/rtas.h"
#include "models/hyp/rtc.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <array>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ppc64sim::hyp {

// What the shim changes while a partition runs, as plain data (checkpoints). Everything else
// in it (tables, hcall cost, timebase frequency) is fixed at construction.
struct HypervisorState {
  int64_t rtc_offset = 0;               // Rtc::offset(): moved by RTAS set-time-of-day
  std::set<uint64_t> warned_hcalls;     // unknown hcall numbers already logged once
  std::set<uint32_t> warned_rtas;       // unknown RTAS tokens already logged once
};

class Hypervisor : public sc_core::sc_module, public cpu::HypervisorInterface {
public:
  // Guest real memory, for RTAS argument buffers (debug transport: no timing, no side
  // effects beyond the data). The board binds it to its router.
  tlm_utils::simple_initiator_socket<Hypervisor> memory;

  static constexpr uint64_t kDefaultHcallCycles = 100;
  // Servers scanned when an hcall acts on every thread (H_SET_MODE).
  static constexpr uint32_t kDefaultServerLimit = 4096;

  // rtc_epoch: wall time at timebase 0, in seconds since 1970-01-01 UTC.
  Hypervisor(sc_core::sc_module_name name, CpuControl& cpus, devices::Vty& default_vty,
             uint64_t timebase_hz, uint64_t rtc_epoch,
             uint32_t server_limit = kDefaultServerLimit);

  cpu::HcallResult hcall(cpu::ThreadState& state) override;

  // More terminals; termno 0 and display-character use the one with the lowest reg.
  void add_vty(devices::Vty& vty);

  // Throws std::invalid_argument on a number without a slot or one already taken.
  void register_hcall(uint64_t number, std::string name, HcallHandler handler);
  // Returns the new call's token; throws std::invalid_argument on a duplicate name.
  uint32_t register_rtas(const std::string& name, RtasHandler handler);
  // Same at a fixed token (RtasTable::add_at), e.g. QEMU's 0x200A for ibm,set-xive.
  uint32_t register_rtas_at(uint32_t token, const std::string& name, RtasHandler handler);
  // Adds a word to ibm,hypertas-functions (e.g. "hcall-interrupt" from the XICS model).
  void add_hypertas_function(const std::string& function);
  // Lets H_CEDE return at once when an interrupt already waits for the caller.
  void set_interrupt_pending_query(InterruptPendingQuery query);

  // Tracing: called after every hcall with the caller's state (r3 = status, r4.. outputs),
  // the number and the inputs r4..r9 as they were on entry. Empty = off.
  using HcallObserver =
      std::function<void(const cpu::ThreadState& after, uint64_t nr, const std::array<uint64_t, 6>& args)>;
  void set_hcall_observer(HcallObserver observer) { observer_ = std::move(observer); }

  // Guest memory as the calling thread sees it (cycle mode with a store queue: its own
  // pending stores included, the shim's writes queued as the caller's stores). Empty: the
  // memory socket. Returns false when [addr, addr+len) is not backed.
  using CallerMemory = std::function<bool(uint32_t server, bool write, uint64_t addr, uint8_t* data, unsigned len)>;
  void set_caller_memory(CallerMemory f) { caller_memory_ = std::move(f); }

  void set_hcall_cycles(uint64_t cycles) { hcall_cycles_ = cycles; }
  uint64_t hcall_cycles() const { return hcall_cycles_; }

  // For the /rtas node: one (name, token) property per call, registration order.
  std::vector<std::pair<std::string, uint32_t>> rtas_tokens() const { return rtas_.tokens(); }
  std::vector<std::string> hypertas_functions() const { return hypertas_; }

  HypervisorState state() const { return {rtc_.offset(), hcalls_.warned(), rtas_.warned()}; }
  void restore_state(const HypervisorState& s) {
    rtc_.set_offset(s.rtc_offset);
    hcalls_.set_warned(s.warned_hcalls);
    rtas_.set_warned(s.warned_rtas);
  }

private:
  bool transport(tlm::tlm_command command, uint64_t addr, uint8_t* data, unsigned len);

  CpuControl& cpus_;
  VtySet vtys_;
  Rtc rtc_;
  ThreadDirectory threads_;
  InterruptPendingQuery interrupt_pending_;
  PhysAccess phys_;
  HcallTable hcalls_;
  RtasTable rtas_;
  std::vector<std::string> hypertas_;
  uint64_t hcall_cycles_ = kDefaultHcallCycles;
  HcallObserver observer_;
  CallerMemory caller_memory_;
};

} // namespace ppc64sim::hyp
