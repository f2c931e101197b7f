#include "ram.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace ppc64sim::devices {

Ram::Ram(sc_core::sc_module_name name, uint64_t size_bytes, sc_core::sc_time access_latency)
    : sc_module(name), socket("socket"), size_(size_bytes),
      // Zero-filled, as the guest sees fresh RAM on QEMU. calloc maps large blocks as zero
      // pages on demand: start-up does not touch all of guest RAM, and host memory grows
      // only with what the guest uses.
      data_(static_cast<uint8_t*>(std::calloc(size_bytes, 1))), latency_(access_latency) {
  if (!data_) throw std::bad_alloc();
  socket.register_b_transport(this, &Ram::b_transport);
  socket.register_transport_dbg(this, &Ram::transport_dbg);
  socket.register_get_direct_mem_ptr(this, &Ram::get_direct_mem_ptr);
}

void Ram::FreeDeleter::operator()(uint8_t* p) const { std::free(p); }

bool Ram::access(tlm::tlm_generic_payload& payload) {
  uint64_t addr = payload.get_address();
  uint64_t len = payload.get_data_length();
  if (addr > size_ || len > size_ - addr) {
    payload.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return false;
  }
  if (payload.get_byte_enable_ptr() != nullptr) {
    payload.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return false;
  }
  if (payload.is_read())
    std::memcpy(payload.get_data_ptr(), data_.get() + addr, len);
  else if (payload.is_write()) {
    std::memcpy(data_.get() + addr, payload.get_data_ptr(), len);
    if (code_watch_) code_watch_->note_write(addr, len);
  }
  payload.set_response_status(tlm::TLM_OK_RESPONSE);
  return true;
}

void Ram::b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
  if (access(payload)) {
    payload.set_dmi_allowed(true);
    delay += latency_;
  }
}

unsigned int Ram::transport_dbg(tlm::tlm_generic_payload& payload) {
  return access(payload) ? payload.get_data_length() : 0;
}

bool Ram::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
  dmi.set_dmi_ptr(data_.get());
  dmi.set_start_address(0);
  dmi.set_end_address(size_ - 1);
  dmi.allow_read_write();
  dmi.set_read_latency(latency_);
  dmi.set_write_latency(latency_);
  return true;
}

} // namespace ppc64sim::devices
