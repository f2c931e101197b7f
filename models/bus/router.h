#pragma once
// The board interconnect: any number of initiators (cores, the hypervisor shim) reach the
// targets of an address map. Addresses are translated to target-relative offsets on the way
// in, and DMI regions back to global addresses on the way out.
#include "address_map.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ppc64sim::bus {

class Router : public sc_core::sc_module {
public:
  tlm_utils::multi_passthrough_target_socket<Router> targets_in;    // bind initiators here
  tlm_utils::multi_passthrough_initiator_socket<Router> targets_out; // bind targets here, in map order

  explicit Router(sc_core::sc_module_name name);

  // Declares the range served by the next target bound to targets_out (AddressMap::add).
  void map(const AddressRange& range) { map_.add(range); }
  const AddressMap& address_map() const { return map_; }

private:
  void b_transport(int initiator, tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);
  unsigned int transport_dbg(int initiator, tlm::tlm_generic_payload& payload);
  bool get_direct_mem_ptr(int initiator, tlm::tlm_generic_payload& payload, tlm::tlm_dmi& dmi);
  void invalidate_direct_mem_ptr(int target, sc_dt::uint64 start, sc_dt::uint64 end);
  void end_of_elaboration() override;
  // Index of the target serving the payload, with the address made relative; -1 if unmapped.
  int decode(tlm::tlm_generic_payload& payload) const;

  AddressMap map_;
};

} // namespace ppc64sim::bus
