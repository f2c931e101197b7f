#include "sim/debug/xics_words.h"

#include "models/intc/hex_text.h"

#include <cstdio>

namespace ppc64sim::debug {

std::string describe_source_word(uint64_t w, intc::Flavour flavour) {
  namespace sw = intc::srcword;
  std::string out = "server " + intc::hex_text(w & sw::kServerMask) + " priority " +
                    intc::hex_text((w >> sw::kPriorityShift) & 0xff);
  out += (w & sw::kLevelSensitive) ? " lsi" : " msi";
  if (w & sw::kMasked) out += " masked";
  if (w & sw::kPending) out += " pending";
  if (w & sw::kPresented) out += flavour == intc::Flavour::qemu ? " sent" : " presented";
  if (w & sw::kQueued) out += " queued";
  if (w & sw::kReserved) out += " reserved-bits:" + intc::hex_text(w & sw::kReserved);
  return out;
}

IcpFields split_icp_word(uint64_t w) {
  namespace iw = intc::icpword;
  IcpFields f;
  f.cppr = static_cast<uint8_t>(w >> iw::kCpprShift);
  f.xisr = static_cast<uint32_t>(w >> iw::kXisrShift) & intc::kXisrMask;
  f.mfrr = static_cast<uint8_t>(w >> iw::kMfrrShift);
  f.ppri = static_cast<uint8_t>(w >> iw::kPpriShift);
  return f;
}

std::string describe_icp_word(uint64_t w) {
  IcpFields f = split_icp_word(w);
  std::string out = "cppr " + intc::hex_text(f.cppr) + " xisr " + intc::hex_text(f.xisr) + " mfrr " +
                    intc::hex_text(f.mfrr) + " ppri " + intc::hex_text(f.ppri);
  if (w & intc::icpword::kReserved) out += " reserved-bits:" + intc::hex_text(w & intc::icpword::kReserved);
  return out;
}

uint64_t with_xive(uint64_t word, uint32_t server, uint8_t priority) {
  namespace sw = intc::srcword;
  word = (word & ~sw::kServerMask) | server;
  // Section 8: a masked source keeps its saved priority in the field, M says "priority 0xFF".
  if (priority == intc::kMasked) return word | sw::kMasked;
  word &= ~(sw::kMasked | (0xffull << sw::kPriorityShift));
  return word | (uint64_t{priority} << sw::kPriorityShift);
}

} // namespace ppc64sim::debug
