#include "models/hyp/console.h"

#include "models/hyp/hcall_codes.h"

#include <stdexcept>
#include <string>
#include <string_view>

namespace ppc64sim::hyp {

namespace {
constexpr uint64_t kMaxTermBytes = 16;
}

void VtySet::add(devices::Vty& vty) {
  for (const devices::Vty* v : vtys_)
    if (v->reg() == vty.reg())
      throw std::invalid_argument("vty reg " + std::to_string(vty.reg()) + " added twice");
  vtys_.push_back(&vty);
}

devices::Vty* VtySet::default_vty() const {
  devices::Vty* best = nullptr;
  for (devices::Vty* v : vtys_)
    if (best == nullptr || v->reg() < best->reg()) best = v;
  return best;
}

devices::Vty* VtySet::lookup(uint64_t termno) const {
  for (devices::Vty* v : vtys_)
    if (v->reg() == termno) return v;
  return termno == 0 ? default_vty() : nullptr;
}

void unpack_term_bytes(uint64_t hi, uint64_t lo, char out[16]) {
  for (int i = 0; i < 8; ++i) {
    out[i] = static_cast<char>(hi >> (56 - 8 * i));
    out[8 + i] = static_cast<char>(lo >> (56 - 8 * i));
  }
}

void pack_term_bytes(const char in[16], uint64_t& hi, uint64_t& lo) {
  hi = lo = 0;
  for (int i = 0; i < 8; ++i) {
    hi |= uint64_t(static_cast<uint8_t>(in[i])) << (56 - 8 * i);
    lo |= uint64_t(static_cast<uint8_t>(in[8 + i])) << (56 - 8 * i);
  }
}

void register_console_hcalls(HcallTable& table, const VtySet& vtys) {
  // H_PUT_TERM_CHAR(termno, len, bytes0-7, bytes8-15): xics-spec.md 3.2.
  table.add(hc::H_PUT_TERM_CHAR, "H_PUT_TERM_CHAR", [&vtys](cpu::ThreadState& s) -> HcallOutcome {
    const uint64_t len = s.gpr[5];
    if (len > kMaxTermBytes) return {H_PARAMETER, false};
    devices::Vty* vty = vtys.lookup(s.gpr[4]);
    if (vty == nullptr) return {H_PARAMETER, false};
    char bytes[16];
    unpack_term_bytes(s.gpr[6], s.gpr[7], bytes);
    if (len != 0) vty->put(std::string_view(bytes, len));
    return {H_SUCCESS, false};
  });
  // H_GET_TERM_CHAR(termno) -> r4 = count, r5/r6 = bytes (unused bytes zero, as QEMU).
  table.add(hc::H_GET_TERM_CHAR, "H_GET_TERM_CHAR", [&vtys](cpu::ThreadState& s) -> HcallOutcome {
    devices::Vty* vty = vtys.lookup(s.gpr[4]);
    if (vty == nullptr) return {H_PARAMETER, false};
    char bytes[16] = {};
    s.gpr[4] = vty->get(bytes, kMaxTermBytes);
    pack_term_bytes(bytes, s.gpr[5], s.gpr[6]);
    return {H_SUCCESS, false};
  });
}

} // namespace ppc64sim::hyp
