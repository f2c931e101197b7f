#include "models/cpu/decoder.h"

#include <array>
#include <vector>

namespace ppc64sim::cpu {
namespace {

struct SubTables {
  std::array<std::vector<const OpEntry*>, 64> by_primary;
  SubTables() {
    for (const OpEntry& e : kDecodeTable) by_primary[e.match >> 26].push_back(&e);
  }
};

const SubTables& sub_tables() {
  static const SubTables tables;
  return tables;
}

int64_t sign_extend(uint64_t v, unsigned bits) {
  uint64_t m = 1ull << (bits - 1);
  return static_cast<int64_t>((v ^ m) - m);
}

// MD/MDS-form 6-bit mask boundary: the field holds mb0:4 in bits 21-25 and mb5 in bit 26.
unsigned md_mb(uint32_t w) {
  unsigned f = (w >> 5) & 0x3f;
  return ((f & 1u) << 5) | (f >> 1);
}
// MD / XS-form 6-bit shift: sh0:4 in bits 16-20, sh5 in bit 30.
unsigned md_sh(uint32_t w) { return ((w >> 11) & 0x1f) | (((w >> 1) & 1u) << 5); }

uint16_t op_index(Handler fn) {
  for (uint16_t i = 0; i < op_count; ++i)
    if (kHandlerOf[i] == fn) return i;
  return op_illegal; // unreachable: every table handler is in PPC64SIM_HANDLERS
}

} // namespace

const OpEntry* decode_lookup(uint32_t word) {
  for (const OpEntry* e : sub_tables().by_primary[word >> 26])
    if ((word & e->mask) == e->match) return e;
  return nullptr;
}

void decode_into(Insn& out, uint32_t word) {
  out.word = word;
  out.rt = (word >> 21) & 0x1f;
  out.ra = (word >> 16) & 0x1f;
  out.rb = (word >> 11) & 0x1f;
  out.aux = 0;
  out.imm = 0;
  out.redirects = false;
  const OpEntry* e = decode_lookup(word);
  if (e == nullptr) {
    // Opcode 4 without a fixed-point row is VMX (Book III 7.5.15); everything else reserved.
    out.op = (word >> 26) == 4 ? op_vec_unavailable : op_illegal;
    return;
  }
  out.op = op_index(e->handler);
  out.redirects = e->timing == Timing::branch || e->timing == Timing::system;
  switch (e->form) {
  case Form::D:
    out.imm = static_cast<uint64_t>(sign_extend(word & 0xffff, 16));
    break;
  case Form::DU:
    out.imm = word & 0xffff;
    break;
  case Form::DS:
    out.imm = static_cast<uint64_t>(sign_extend(word & 0xfffc, 16));
    break;
  case Form::B:
    out.imm = static_cast<uint64_t>(sign_extend(word & 0xfffc, 16));
    break;
  case Form::I:
    out.imm = static_cast<uint64_t>(sign_extend(word & 0x03fffffc, 26));
    break;
  case Form::M: {
    unsigned mb = (word >> 6) & 0x1f, me = (word >> 1) & 0x1f;
    out.aux = out.rb; // SH for rlwinm / rlwimi
    out.imm = rot_mask(mb + 32, me + 32);
    break;
  }
  case Form::MD_mb:
    out.aux = static_cast<uint8_t>(md_sh(word));
    out.imm = rot_mask(md_mb(word), 63);
    break;
  case Form::MD_me:
    out.aux = static_cast<uint8_t>(md_sh(word));
    out.imm = rot_mask(0, md_mb(word));
    break;
  case Form::MD_mbsh:
    out.aux = static_cast<uint8_t>(md_sh(word));
    out.imm = rot_mask(md_mb(word), 63 - md_sh(word));
    break;
  case Form::MDS_mb:
    out.imm = rot_mask(md_mb(word), 63);
    break;
  case Form::MDS_me:
    out.imm = rot_mask(0, md_mb(word));
    break;
  case Form::XS:
    out.aux = static_cast<uint8_t>(md_sh(word));
    break;
  case Form::DX: {
    // addpcis: d = d0 || d1 || d2 (bits 16-25, 11-15, 31), shifted left 16.
    uint64_t d = (((word >> 6) & 0x3ff) << 6) | (((word >> 16) & 0x1f) << 1) | (word & 1u);
    out.imm = static_cast<uint64_t>(sign_extend(d, 16)) << 16;
    break;
  }
  default:
    break;
  }
}

} // namespace ppc64sim::cpu
