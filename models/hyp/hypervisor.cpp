#include "models/hyp/hypervisor.h"

#include "models/bus/payload.h"

#include "models/hyp/hcall_codes.h"
#include "models/hyp/rtas_calls.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace ppc64sim::hyp {

namespace {
int64_t checked_epoch(uint64_t rtc_epoch) {
  if (rtc_epoch > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
    throw std::invalid_argument("hypervisor: rtc_epoch " + std::to_string(rtc_epoch) +
                                " is out of range");
  return static_cast<int64_t>(rtc_epoch);
}
} // namespace

Hypervisor::Hypervisor(sc_core::sc_module_name name, CpuControl& cpus, devices::Vty& default_vty,
                       uint64_t timebase_hz, uint64_t rtc_epoch, uint32_t server_limit)
    : sc_module(name), memory("memory"), cpus_(cpus), rtc_(timebase_hz, checked_epoch(rtc_epoch)),
      threads_(cpus, server_limit) {
  vtys_.add(default_vty);
  phys_.read = [this](uint64_t addr, uint8_t* data, unsigned len) {
    return transport(tlm::TLM_READ_COMMAND, addr, data, len);
  };
  phys_.write = [this](uint64_t addr, const uint8_t* data, unsigned len) {
    // TLM payloads carry a non-const pointer; a write only reads from it.
    return transport(tlm::TLM_WRITE_COMMAND, addr, const_cast<uint8_t*>(data), len);
  };

  hcalls_.add(hc::H_RTAS, "H_RTAS", [this](cpu::ThreadState& s) {
    if (!caller_memory_) return rtas_.call(s, s.gpr[4], phys_);
    PhysAccess view;
    view.read = [this, &s](uint64_t addr, uint8_t* data, unsigned len) {
      return caller_memory_(s.pir, false, addr, data, len);
    };
    view.write = [this, &s](uint64_t addr, const uint8_t* data, unsigned len) {
      return caller_memory_(s.pir, true, addr, const_cast<uint8_t*>(data), len);
    };
    return rtas_.call(s, s.gpr[4], view);
  });
  register_console_hcalls(hcalls_, vtys_);
  register_cpu_hcalls(hcalls_, threads_, interrupt_pending_);
  register_base_rtas_calls(rtas_, cpus_, vtys_, rtc_);
  // ibm,hypertas-functions words for what is implemented (xics-spec.md 4.3).
  hypertas_ = {"hcall-term", "hcall-splpar", "hcall-set-mode"};
}

cpu::HcallResult Hypervisor::hcall(cpu::ThreadState& state) {
  cpu::HcallResult result;
  result.cycles = hcall_cycles_;
  // QEMU answers `sc 1` from problem state with H_PRIVILEGE (xics-spec.md 3.1, C34).
  if (state.msr & cpu::msr::PR) {
    state.gpr[3] = static_cast<uint64_t>(H_PRIVILEGE);
    return result;
  }
  if (!observer_) {
    const HcallOutcome out = hcalls_.dispatch(state);
    result.leave_step = out.leave_step;
    result.resume_cycle = out.resume_cycle;
    return result;
  }
  const uint64_t nr = state.gpr[3];
  const std::array<uint64_t, 6> args{state.gpr[4], state.gpr[5], state.gpr[6],
                                     state.gpr[7], state.gpr[8], state.gpr[9]};
  const HcallOutcome out = hcalls_.dispatch(state);
  result.leave_step = out.leave_step;
  result.resume_cycle = out.resume_cycle;
  observer_(state, nr, args);
  return result;
}

void Hypervisor::add_vty(devices::Vty& vty) { vtys_.add(vty); }

void Hypervisor::register_hcall(uint64_t number, std::string name, HcallHandler handler) {
  hcalls_.add(number, std::move(name), std::move(handler));
}

uint32_t Hypervisor::register_rtas(const std::string& name, RtasHandler handler) {
  return rtas_.add(name, std::move(handler));
}

uint32_t Hypervisor::register_rtas_at(uint32_t token, const std::string& name,
                                      RtasHandler handler) {
  return rtas_.add_at(token, name, std::move(handler));
}

void Hypervisor::add_hypertas_function(const std::string& function) {
  if (std::find(hypertas_.begin(), hypertas_.end(), function) == hypertas_.end())
    hypertas_.push_back(function);
}

void Hypervisor::set_interrupt_pending_query(InterruptPendingQuery query) {
  interrupt_pending_ = std::move(query);
}

bool Hypervisor::transport(tlm::tlm_command command, uint64_t addr, uint8_t* data, unsigned len) {
  tlm::tlm_generic_payload payload;
  bus::prepare_access(payload, command, addr, data, len);
  const unsigned done = memory->transport_dbg(payload);
  return done == len && payload.get_response_status() != tlm::TLM_ADDRESS_ERROR_RESPONSE &&
         payload.get_response_status() != tlm::TLM_GENERIC_ERROR_RESPONSE;
}

} // namespace ppc64sim::hyp
