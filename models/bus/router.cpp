#include "router.h"


namespace ppc64sim::bus {

Router::Router(sc_core::sc_module_name name)
    : sc_module(name), targets_in("targets_in"), targets_out("targets_out") {
  targets_in.register_b_transport(this, &Router::b_transport);
  targets_in.register_transport_dbg(this, &Router::transport_dbg);
  targets_in.register_get_direct_mem_ptr(this, &Router::get_direct_mem_ptr);
  targets_out.register_invalidate_direct_mem_ptr(this, &Router::invalidate_direct_mem_ptr);
}

void Router::end_of_elaboration() {
  if (static_cast<size_t>(targets_out.size()) != map_.size())
    SC_REPORT_ERROR(name(), "every mapped address range needs exactly one bound target");
}

int Router::decode(tlm::tlm_generic_payload& payload) const {
  int target = map_.find(payload.get_address(), payload.get_data_length());
  if (target >= 0) payload.set_address(payload.get_address() - map_[target].base);
  return target;
}

void Router::b_transport(int, tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
  uint64_t addr = payload.get_address();
  int target = decode(payload);
  if (target < 0) {
    payload.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  targets_out[target]->b_transport(payload, delay);
  payload.set_address(addr);
}

unsigned int Router::transport_dbg(int, tlm::tlm_generic_payload& payload) {
  uint64_t addr = payload.get_address();
  int target = decode(payload);
  if (target < 0) return 0;
  unsigned int n = targets_out[target]->transport_dbg(payload);
  payload.set_address(addr);
  return n;
}

bool Router::get_direct_mem_ptr(int, tlm::tlm_generic_payload& payload, tlm::tlm_dmi& dmi) {
  int target = decode(payload);
  if (target < 0) return false;
  bool granted = targets_out[target]->get_direct_mem_ptr(payload, dmi);
  // Translate back to global addresses and clip to the mapped range.
  const AddressRange& range = map_[target];
  uint64_t start = dmi.get_start_address();
  uint64_t end = dmi.get_end_address();
  if (end > range.size - 1) end = range.size - 1;
  dmi.set_start_address(start + range.base);
  dmi.set_end_address(end + range.base);
  return granted;
}

void Router::invalidate_direct_mem_ptr(int target, sc_dt::uint64 start, sc_dt::uint64 end) {
  const AddressRange& range = map_[target];
  uint64_t global_end = end >= range.size ? range.base + range.size - 1 : range.base + end;
  for (int i = 0; i < static_cast<int>(targets_in.size()); ++i)
    targets_in[i]->invalidate_direct_mem_ptr(range.base + start, global_end);
}

} // namespace ppc64sim::bus
