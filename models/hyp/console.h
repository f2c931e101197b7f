#pragma once
// The partition's virtual terminals and the console hcalls H_PUT_TERM_CHAR / H_GET_TERM_CHAR
// (xics-spec.md section 3.2; firmware-contract.md "Console").
#include "models/devices/vty.h"
#include "models/hyp/hcall_table.h"

#include <cstdint>
#include <vector>

namespace ppc64sim::hyp {

class VtySet {
public:
  // Throws std::invalid_argument when a vty with the same reg is already there.
  void add(devices::Vty& vty);
  // termno is the vty's reg; 0 falls back to the default vty when no vty has reg 0 (QEMU
  // `vty_lookup`). nullptr when nothing matches.
  devices::Vty* lookup(uint64_t termno) const;
  // QEMU's default vty: the one with the lowest reg.
  devices::Vty* default_vty() const;

private:
  std::vector<devices::Vty*> vtys_;
};

// Bytes 0..15 of a term-char string travel in two registers, byte i of the big-endian
// pair (first byte in the most significant byte of the first register).
void unpack_term_bytes(uint64_t hi, uint64_t lo, char out[16]);
void pack_term_bytes(const char in[16], uint64_t& hi, uint64_t& lo);

void register_console_hcalls(HcallTable& table, const VtySet& vtys);

} // namespace ppc64sim::hyp
