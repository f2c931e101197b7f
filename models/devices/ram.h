#pragma once
// Guest RAM as a TLM-2.0 target: b_transport, transport_dbg and DMI over one host buffer.
// Addresses on its socket are offsets into the RAM (the router subtracts the base).
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/cpu/code_watch.h"

#include <cstdint>
#include <memory>

namespace ppc64sim::devices {

class Ram : public sc_core::sc_module {
public:
  tlm_utils::simple_target_socket<Ram> socket;

  Ram(sc_core::sc_module_name name, uint64_t size_bytes,
      sc_core::sc_time access_latency = sc_core::SC_ZERO_TIME);

  uint64_t size() const { return size_; }
  uint8_t* data() { return data_.get(); }
  // Writes through the socket (b_transport, transport_dbg) are reported here, so cores that
  // predecoded the bytes look again (code_watch.h). Not owned; may be null.
  void set_code_watch(cpu::CodeWatch* watch) { code_watch_ = watch; }

private:
  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& payload);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& payload, tlm::tlm_dmi& dmi);
  // Copies the payload's data; false (and an error response) when out of range.
  bool access(tlm::tlm_generic_payload& payload);

  struct FreeDeleter {
    void operator()(uint8_t* p) const;
  };
  uint64_t size_;
  std::unique_ptr<uint8_t, FreeDeleter> data_;
  sc_core::sc_time latency_;
  cpu::CodeWatch* code_watch_ = nullptr;
};

} // namespace ppc64sim::devices
