// Fixed-point logical, rotate, shift, compare and select instructions
// (Power ISA v3.0B Book I 3.3.10 - 3.3.14).
#include "models/cpu/handlers.h"

namespace ppc64sim::cpu::ops {
namespace {

// X-form logical instructions write RA from RS (in the RT slot).
void set_ra(Core& c, const Insn& in, uint64_t r) {
  c.gpr(in.ra) = r;
  if (rc(in)) c.set_cr0(r);
}
uint64_t rs(Core& c, const Insn& in) { return c.gpr(in.rt); }
// Branch-free (the host's rotate): shift counts vary between guest instructions of one handler.
uint64_t rotl64(uint64_t v, unsigned n) { return (v << (n & 63)) | (v >> ((0u - n) & 63)); }
// ROTL32: rotate the doubled low word (x || x) so both halves carry the rotated word.
uint64_t rotl32(uint64_t v, unsigned n) {
  uint64_t w = v & 0xffffffffull;
  return rotl64(w | (w << 32), n & 31);
}
int popcount(uint64_t v) { return __builtin_popcountll(v); }

} // namespace

void andi_rc(Core& c, const Insn& in) {
  uint64_t r = rs(c, in) & in.imm;
  c.gpr(in.ra) = r;
  c.set_cr0(r);
}
void andis_rc(Core& c, const Insn& in) {
  uint64_t r = rs(c, in) & (in.imm << 16);
  c.gpr(in.ra) = r;
  c.set_cr0(r);
}
void ori(Core& c, const Insn& in) { c.gpr(in.ra) = rs(c, in) | in.imm; }
void oris(Core& c, const Insn& in) { c.gpr(in.ra) = rs(c, in) | (in.imm << 16); }
void xori(Core& c, const Insn& in) { c.gpr(in.ra) = rs(c, in) ^ in.imm; }
void xoris(Core& c, const Insn& in) { c.gpr(in.ra) = rs(c, in) ^ (in.imm << 16); }

void and_(Core& c, const Insn& in) { set_ra(c, in, rs(c, in) & c.gpr(in.rb)); }
namespace {
// Book II 3.1-3.2 (Program Priority Register, "or" hints): `or Rx,Rx,Rx` (Rc=0) sets
// PPR[PRI] (bits 11:13). Problem state may choose low, medium-low and medium; privileged state
// also very low, medium-high and high; very high needs hypervisor state. Other forms, and
// levels the current state may not choose, are plain no-ops (as QEMU).
void priority_hint(Core& c, unsigned r) {
  unsigned pri = 0;
  bool priv = c.privileged(), hv = priv && (c.st.msr & msr::HV);
  switch (r) {
  case 1: pri = 2; break;
  case 6: pri = 3; break;
  case 2: pri = 4; break;
  case 31: pri = priv ? 1 : 0; break;
  case 5: pri = priv ? 5 : 0; break;
  case 3: pri = priv ? 6 : 0; break;
  case 7: pri = hv ? 7 : 0; break;
  default: break;
  }
  if (pri != 0) c.st.ppr = (c.st.ppr & ~isa_bits(11, 13)) | (static_cast<uint64_t>(pri) << 50);
}
} // namespace

void or_(Core& c, const Insn& in) {
  if (__builtin_expect(in.rt == in.ra && in.ra == in.rb, 0) && !rc(in)) {
    priority_hint(c, in.rt); // the register itself is unchanged by or Rx,Rx,Rx
    return;
  }
  set_ra(c, in, rs(c, in) | c.gpr(in.rb));
}
void xor_(Core& c, const Insn& in) { set_ra(c, in, rs(c, in) ^ c.gpr(in.rb)); }
void nand(Core& c, const Insn& in) { set_ra(c, in, ~(rs(c, in) & c.gpr(in.rb))); }
void nor(Core& c, const Insn& in) { set_ra(c, in, ~(rs(c, in) | c.gpr(in.rb))); }
void eqv(Core& c, const Insn& in) { set_ra(c, in, ~(rs(c, in) ^ c.gpr(in.rb))); }
void andc(Core& c, const Insn& in) { set_ra(c, in, rs(c, in) & ~c.gpr(in.rb)); }
void orc(Core& c, const Insn& in) { set_ra(c, in, rs(c, in) | ~c.gpr(in.rb)); }

void extsb(Core& c, const Insn& in) { set_ra(c, in, static_cast<uint64_t>(static_cast<int64_t>(static_cast<int8_t>(rs(c, in))))); }
void extsh(Core& c, const Insn& in) { set_ra(c, in, static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(rs(c, in))))); }
void extsw(Core& c, const Insn& in) { set_ra(c, in, static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(rs(c, in))))); }

void cntlzw(Core& c, const Insn& in) {
  uint32_t v = static_cast<uint32_t>(rs(c, in));
  set_ra(c, in, v ? __builtin_clz(v) : 32);
}
void cntlzd(Core& c, const Insn& in) {
  uint64_t v = rs(c, in);
  set_ra(c, in, v ? __builtin_clzll(v) : 64);
}
void cnttzw(Core& c, const Insn& in) {
  uint32_t v = static_cast<uint32_t>(rs(c, in));
  set_ra(c, in, v ? __builtin_ctz(v) : 32);
}
void cnttzd(Core& c, const Insn& in) {
  uint64_t v = rs(c, in);
  set_ra(c, in, v ? __builtin_ctzll(v) : 64);
}
void popcntb(Core& c, const Insn& in) {
  uint64_t v = rs(c, in), r = 0;
  for (unsigned i = 0; i < 64; i += 8) r |= static_cast<uint64_t>(popcount((v >> i) & 0xff)) << i;
  c.gpr(in.ra) = r;
}
void popcntw(Core& c, const Insn& in) {
  uint64_t v = rs(c, in);
  c.gpr(in.ra) = (static_cast<uint64_t>(popcount(v >> 32)) << 32) | popcount(v & 0xffffffffull);
}
void popcntd(Core& c, const Insn& in) { c.gpr(in.ra) = popcount(rs(c, in)); }
void cmpb(Core& c, const Insn& in) {
  uint64_t a = rs(c, in), b = c.gpr(in.rb), r = 0;
  for (unsigned i = 0; i < 64; i += 8)
    if (((a >> i) & 0xff) == ((b >> i) & 0xff)) r |= 0xffull << i;
  c.gpr(in.ra) = r;
}
// Book I 3.3.13: byte i of RS selects bit (RS byte) of RB (ISA numbering) into bit 56+i of RA.
void bpermd(Core& c, const Insn& in) {
  uint64_t s = rs(c, in), b = c.gpr(in.rb), r = 0;
  for (unsigned i = 0; i < 8; ++i) {
    unsigned index = (s >> (56 - 8 * i)) & 0xff;
    uint64_t bit = index < 64 ? (b >> (63 - index)) & 1u : 0;
    r |= bit << (7 - i);
  }
  c.gpr(in.ra) = r;
}
// Parity of the least significant bit of each byte, per word / doubleword.
void prtyw(Core& c, const Insn& in) {
  uint64_t s = rs(c, in) & 0x0101010101010101ull;
  uint64_t hi = popcount(s >> 32) & 1, lo = popcount(s & 0xffffffffull) & 1;
  c.gpr(in.ra) = (hi << 32) | lo;
}
void prtyd(Core& c, const Insn& in) {
  c.gpr(in.ra) = popcount(rs(c, in) & 0x0101010101010101ull) & 1;
}

// ---- rotates (Book I 3.3.14); the masks were built by the decoder ----
void rlwinm(Core& c, const Insn& in) { set_ra(c, in, rotl32(rs(c, in), in.aux) & in.imm); }
void rlwnm(Core& c, const Insn& in) { set_ra(c, in, rotl32(rs(c, in), c.gpr(in.rb) & 31) & in.imm); }
void rlwimi(Core& c, const Insn& in) {
  uint64_t r = rotl32(rs(c, in), in.aux);
  set_ra(c, in, (r & in.imm) | (c.gpr(in.ra) & ~in.imm));
}
void rldicl(Core& c, const Insn& in) { set_ra(c, in, rotl64(rs(c, in), in.aux) & in.imm); }
void rldicr(Core& c, const Insn& in) { set_ra(c, in, rotl64(rs(c, in), in.aux) & in.imm); }
void rldic(Core& c, const Insn& in) { set_ra(c, in, rotl64(rs(c, in), in.aux) & in.imm); }
void rldimi(Core& c, const Insn& in) {
  uint64_t r = rotl64(rs(c, in), in.aux);
  set_ra(c, in, (r & in.imm) | (c.gpr(in.ra) & ~in.imm));
}
void rldcl(Core& c, const Insn& in) { set_ra(c, in, rotl64(rs(c, in), c.gpr(in.rb) & 63) & in.imm); }
void rldcr(Core& c, const Insn& in) { set_ra(c, in, rotl64(rs(c, in), c.gpr(in.rb) & 63) & in.imm); }

// ---- shifts (Book I 3.3.14.2): shift counts use one extra bit to shift everything out ----
void slw(Core& c, const Insn& in) {
  unsigned n = c.gpr(in.rb) & 0x3f;
  set_ra(c, in, n & 0x20 ? 0 : (rs(c, in) << n) & 0xffffffffull);
}
void srw(Core& c, const Insn& in) {
  unsigned n = c.gpr(in.rb) & 0x3f;
  set_ra(c, in, n & 0x20 ? 0 : (rs(c, in) & 0xffffffffull) >> n);
}
void sld(Core& c, const Insn& in) {
  unsigned n = c.gpr(in.rb) & 0x7f;
  set_ra(c, in, n & 0x40 ? 0 : rs(c, in) << n);
}
void srd(Core& c, const Insn& in) {
  unsigned n = c.gpr(in.rb) & 0x7f;
  set_ra(c, in, n & 0x40 ? 0 : rs(c, in) >> n);
}
namespace {
// Algebraic right shift of the low word: CA (and CA32) = negative and 1-bits shifted out.
void sraw_by(Core& c, const Insn& in, unsigned n) {
  int32_t v = static_cast<int32_t>(rs(c, in));
  int64_t r;
  bool lost;
  if (n < 32) {
    r = v >> n;
    lost = (static_cast<uint32_t>(v) & ((1u << n) - 1)) != 0;
  } else {
    r = v < 0 ? -1 : 0;
    lost = v != 0;
  }
  c.set_ca_both(v < 0 && lost);
  set_ra(c, in, static_cast<uint64_t>(r));
}
void srad_by(Core& c, const Insn& in, unsigned n) {
  int64_t v = static_cast<int64_t>(rs(c, in));
  int64_t r;
  bool lost;
  if (n < 64) {
    r = v >> n;
    lost = n != 0 && (static_cast<uint64_t>(v) << (64 - n)) != 0;
  } else {
    r = v < 0 ? -1 : 0;
    lost = v != 0;
  }
  c.set_ca_both(v < 0 && lost);
  set_ra(c, in, static_cast<uint64_t>(r));
}
} // namespace
void sraw(Core& c, const Insn& in) { sraw_by(c, in, c.gpr(in.rb) & 0x3f); }
void srawi(Core& c, const Insn& in) { sraw_by(c, in, in.rb); }
void srad(Core& c, const Insn& in) { srad_by(c, in, c.gpr(in.rb) & 0x7f); }
void sradi(Core& c, const Insn& in) { srad_by(c, in, in.aux); }
void extswsli(Core& c, const Insn& in) {
  uint64_t v = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(rs(c, in))));
  set_ra(c, in, v << in.aux);
}

// ---- compare (Book I 3.3.12): L = bit 10 selects 64-bit operands ----
namespace {
unsigned bf(const Insn& in) { return in.rt >> 2; }
bool l64(const Insn& in) { return in.rt & 1u; }
// Operands of 32-bit (L=0) and 64-bit (L=1) compares, without branches: one handler serves both.
int64_t sop(uint64_t v, bool wide) {
  const unsigned shift = wide ? 0 : 32;
  return static_cast<int64_t>(v << shift) >> shift;
}
uint64_t uop(uint64_t v, bool wide) { return v & (0xffffffffull | (0 - static_cast<uint64_t>(wide)) << 32); }
} // namespace
void cmp(Core& c, const Insn& in) {
  bool w = l64(in);
  c.set_cr_field(bf(in), Core::compare_signed(sop(c.gpr(in.ra), w), sop(c.gpr(in.rb), w)) | c.so_bit());
}
void cmpl(Core& c, const Insn& in) {
  bool w = l64(in);
  c.set_cr_field(bf(in), Core::compare_unsigned(uop(c.gpr(in.ra), w), uop(c.gpr(in.rb), w)) | c.so_bit());
}
void cmpi(Core& c, const Insn& in) {
  bool w = l64(in);
  c.set_cr_field(bf(in), Core::compare_signed(sop(c.gpr(in.ra), w), static_cast<int64_t>(in.imm)) | c.so_bit());
}
void cmpli(Core& c, const Insn& in) {
  bool w = l64(in);
  c.set_cr_field(bf(in), Core::compare_unsigned(uop(c.gpr(in.ra), w), in.imm) | c.so_bit());
}
// ISA 3.0 cmprb: is the low byte of RA inside one (L=0) or either (L=1) range of RB.
void cmprb(Core& c, const Insn& in) {
  unsigned v = c.gpr(in.ra) & 0xff;
  uint64_t b = c.gpr(in.rb);
  auto in_range = [&](unsigned shift) {
    unsigned lo = (b >> shift) & 0xff, hi = (b >> (shift + 8)) & 0xff;
    return lo <= v && v <= hi;
  };
  bool hit = in_range(0) || (l64(in) && in_range(16));
  c.set_cr_field(bf(in), hit ? 4u : 0u);
}
void cmpeqb(Core& c, const Insn& in) {
  unsigned v = c.gpr(in.ra) & 0xff;
  uint64_t b = c.gpr(in.rb);
  bool hit = false;
  for (unsigned i = 0; i < 64; i += 8) hit |= ((b >> i) & 0xff) == v;
  c.set_cr_field(bf(in), hit ? 4u : 0u);
}
void setb(Core& c, const Insn& in) {
  uint32_t f = c.cr_field(in.ra >> 2);
  c.gpr(in.rt) = (f & 8u) ? ~0ull : (f & 4u) ? 1 : 0;
}
// isel: RT = CR[BC] ? (RA|0) : RB, BC in bits 21-25.
void isel(Core& c, const Insn& in) {
  unsigned bc = (in.word >> 6) & 0x1f;
  c.gpr(in.rt) = c.cr_bit(bc) ? (in.ra ? c.gpr(in.ra) : 0) : c.gpr(in.rb);
}

} // namespace ppc64sim::cpu::ops
