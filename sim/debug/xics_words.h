#pragma once
// Human-readable views of the XICS state-access words (models/intc/state_access.h): source
// words (xics-spec.md section 8) and ICP words (1.3), for the monitor.
#include "models/intc/state_access.h"

#include <cstdint>
#include <string>

namespace ppc64sim::debug {

// "server 0x1 priority 0x5 msi masked pending" etc. The P bit is QEMU's LSI "sent" flag in
// the qemu flavour (state_access.h), so it is named by flavour.
std::string describe_source_word(uint64_t word, intc::Flavour flavour);
// "cppr 0xff xisr 0x0 mfrr 0xff ppri 0xff"
std::string describe_icp_word(uint64_t word);

struct IcpFields {
  uint8_t cppr = 0;
  uint32_t xisr = 0;
  uint8_t mfrr = 0;
  uint8_t ppri = 0;
};
IcpFields split_icp_word(uint64_t word);

// Source word after RTAS set-xive (2.9): new server; priority 0xFF masks (keeping the saved
// priority, section 8), any other priority unmasks.
uint64_t with_xive(uint64_t word, uint32_t server, uint8_t priority);

} // namespace ppc64sim::debug
