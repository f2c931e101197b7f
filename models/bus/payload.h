#pragma once
// One way to fill a generic payload for a plain memory access (no byte enables, no streaming,
// no DMI hint), shared by every initiator on the board.
#include <tlm>

#include <cstdint>

namespace ppc64sim::bus {

inline void prepare_access(tlm::tlm_generic_payload& payload, tlm::tlm_command command, uint64_t addr,
                           uint8_t* data, unsigned len) {
  payload.set_command(command);
  payload.set_address(addr);
  payload.set_data_ptr(data);
  payload.set_data_length(len);
  payload.set_streaming_width(len);
  payload.set_byte_enable_ptr(nullptr);
  payload.set_dmi_allowed(false);
  payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
}

} // namespace ppc64sim::bus
