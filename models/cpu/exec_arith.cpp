// Fixed-point arithmetic (Power ISA v3.0B Book I 3.3.9 - 3.3.10): add/subtract with carry and
// overflow, multiply, divide, modulo, multiply-add.
#include "models/cpu/handlers.h"

namespace ppc64sim::cpu::ops {
namespace {


bool oe(const Insn& in) { return (in.word >> 10) & 1u; }

// RT = a + b + cin with CA/CA32 (and OV/OV32 when asked); the common core of every
// add/subtract-from form (subtraction is ~a + b + 1, Book I 3.3.9).
uint64_t add_full(Core& c, uint64_t a, uint64_t b, unsigned cin, bool set_ca, bool set_ov) {
  uint64_t r = a + b + cin;
  if (set_ca) {
    bool ca64 = (static_cast<u128>(a) + b + cin) >> 64;
    bool ca32 = ((a & 0xffffffffull) + (b & 0xffffffffull) + cin) >> 32;
    c.set_ca(ca64, ca32);
  }
  if (set_ov) {
    bool ov64 = ((a ^ r) & (b ^ r)) >> 63;
    bool ov32 = (((a ^ r) & (b ^ r)) >> 31) & 1u;
    c.set_ov(ov64, ov32);
  }
  return r;
}

void finish(Core& c, const Insn& in, uint64_t r) {
  c.gpr(in.rt) = r;
  if (rc(in)) c.set_cr0(r);
}

void xo_add(Core& c, const Insn& in, uint64_t a, uint64_t b, unsigned cin, bool ca) {
  finish(c, in, add_full(c, a, b, cin, ca, oe(in)));
}

unsigned cin(const Core& c) { return c.ca() ? 1u : 0u; }

bool fits_s32(int64_t v) { return v == static_cast<int32_t>(v); }

} // namespace

void addi(Core& c, const Insn& in) { c.gpr(in.rt) = c.gpr_or_zero(in.ra) + in.imm; }
void addis(Core& c, const Insn& in) { c.gpr(in.rt) = c.gpr_or_zero(in.ra) + (in.imm << 16); }
void addic(Core& c, const Insn& in) { c.gpr(in.rt) = add_full(c, c.gpr(in.ra), in.imm, 0, true, false); }
void addic_rc(Core& c, const Insn& in) {
  uint64_t r = add_full(c, c.gpr(in.ra), in.imm, 0, true, false);
  c.gpr(in.rt) = r;
  c.set_cr0(r);
}
void subfic(Core& c, const Insn& in) { c.gpr(in.rt) = add_full(c, ~c.gpr(in.ra), in.imm, 1, true, false); }
void mulli(Core& c, const Insn& in) {
  c.gpr(in.rt) = c.gpr(in.ra) * in.imm; // low 64 bits: unsigned wrap-around equals the signed product
}
// Book I 3.3.9: RT = NIA + EXTS(d || 0x0000).
void addpcis(Core& c, const Insn& in) { c.gpr(in.rt) = (c.nia + in.imm) & c.ea_mask; }

void add(Core& c, const Insn& in) { xo_add(c, in, c.gpr(in.ra), c.gpr(in.rb), 0, false); }
void addc(Core& c, const Insn& in) { xo_add(c, in, c.gpr(in.ra), c.gpr(in.rb), 0, true); }
void adde(Core& c, const Insn& in) { xo_add(c, in, c.gpr(in.ra), c.gpr(in.rb), cin(c), true); }
void addze(Core& c, const Insn& in) { xo_add(c, in, c.gpr(in.ra), 0, cin(c), true); }
void addme(Core& c, const Insn& in) { xo_add(c, in, c.gpr(in.ra), ~0ull, cin(c), true); }
void subf(Core& c, const Insn& in) { xo_add(c, in, ~c.gpr(in.ra), c.gpr(in.rb), 1, false); }
void subfc(Core& c, const Insn& in) { xo_add(c, in, ~c.gpr(in.ra), c.gpr(in.rb), 1, true); }
void subfe(Core& c, const Insn& in) { xo_add(c, in, ~c.gpr(in.ra), c.gpr(in.rb), cin(c), true); }
void subfze(Core& c, const Insn& in) { xo_add(c, in, ~c.gpr(in.ra), 0, cin(c), true); }
void subfme(Core& c, const Insn& in) { xo_add(c, in, ~c.gpr(in.ra), ~0ull, cin(c), true); }
void neg(Core& c, const Insn& in) { xo_add(c, in, ~c.gpr(in.ra), 0, 1, false); }

// ---- multiply ----
void mullw(Core& c, const Insn& in) {
  int64_t p = static_cast<int64_t>(static_cast<int32_t>(c.gpr(in.ra))) *
              static_cast<int32_t>(c.gpr(in.rb));
  if (oe(in)) c.set_ov(!fits_s32(p), !fits_s32(p));
  finish(c, in, static_cast<uint64_t>(p));
}
void mulld(Core& c, const Insn& in) {
  s128 p = static_cast<s128>(static_cast<int64_t>(c.gpr(in.ra))) * static_cast<int64_t>(c.gpr(in.rb));
  if (oe(in)) {
    bool ov = p != static_cast<int64_t>(p);
    c.set_ov(ov, ov);
  }
  finish(c, in, static_cast<uint64_t>(p));
}
// The high word forms leave RT[0:31] undefined; we zero-extend the 32-bit result as QEMU does.
void mulhw(Core& c, const Insn& in) {
  int64_t p = static_cast<int64_t>(static_cast<int32_t>(c.gpr(in.ra))) *
              static_cast<int32_t>(c.gpr(in.rb));
  finish(c, in, static_cast<uint32_t>(static_cast<uint64_t>(p) >> 32));
}
void mulhwu(Core& c, const Insn& in) {
  uint64_t p = (c.gpr(in.ra) & 0xffffffffull) * (c.gpr(in.rb) & 0xffffffffull);
  finish(c, in, p >> 32);
}
void mulhd(Core& c, const Insn& in) {
  s128 p = static_cast<s128>(static_cast<int64_t>(c.gpr(in.ra))) * static_cast<int64_t>(c.gpr(in.rb));
  finish(c, in, static_cast<uint64_t>(static_cast<u128>(p) >> 64));
}
void mulhdu(Core& c, const Insn& in) {
  u128 p = static_cast<u128>(c.gpr(in.ra)) * c.gpr(in.rb);
  finish(c, in, static_cast<uint64_t>(p >> 64));
}

// ---- divide: undefined results (x/0, MIN/-1) follow QEMU, which divides by 1 instead ----
void divw(Core& c, const Insn& in) {
  int32_t a = static_cast<int32_t>(c.gpr(in.ra)), b = static_cast<int32_t>(c.gpr(in.rb));
  bool ov = b == 0 || (a == INT32_MIN && b == -1);
  int32_t q = ov ? a : a / b;
  if (oe(in)) c.set_ov(ov, ov);
  finish(c, in, static_cast<uint32_t>(q));
}
void divwu(Core& c, const Insn& in) {
  uint32_t a = static_cast<uint32_t>(c.gpr(in.ra)), b = static_cast<uint32_t>(c.gpr(in.rb));
  bool ov = b == 0;
  if (oe(in)) c.set_ov(ov, ov);
  finish(c, in, ov ? a : a / b);
}
void divd(Core& c, const Insn& in) {
  int64_t a = static_cast<int64_t>(c.gpr(in.ra)), b = static_cast<int64_t>(c.gpr(in.rb));
  bool ov = b == 0 || (a == INT64_MIN && b == -1);
  if (oe(in)) c.set_ov(ov, ov);
  finish(c, in, static_cast<uint64_t>(ov ? a : a / b));
}
void divdu(Core& c, const Insn& in) {
  uint64_t a = c.gpr(in.ra), b = c.gpr(in.rb);
  bool ov = b == 0;
  if (oe(in)) c.set_ov(ov, ov);
  finish(c, in, ov ? a : a / b);
}
// Extended divides (ISA 3.0 Book I 3.3.9): dividend is (RA) shifted left by the operand width.
// When the quotient does not fit, RT is undefined; we write 0 (as QEMU does).
void divwe(Core& c, const Insn& in) {
  int64_t a = static_cast<int64_t>((c.gpr(in.ra) & 0xffffffffull) << 32);
  int64_t b = static_cast<int32_t>(c.gpr(in.rb));
  bool ov = b == 0 || (a == INT64_MIN && b == -1);
  int64_t q = ov ? 0 : a / b;
  if (!ov && !fits_s32(q)) ov = true;
  if (ov) q = 0;
  if (oe(in)) c.set_ov(ov, ov);
  // RT[0:31] is undefined; QEMU sign-extends the 32-bit quotient (found by tests/isa).
  finish(c, in, static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(q))));
}
void divweu(Core& c, const Insn& in) {
  uint64_t a = (c.gpr(in.ra) & 0xffffffffull) << 32;
  uint64_t b = c.gpr(in.rb) & 0xffffffffull;
  bool ov = b == 0 || a / b > 0xffffffffull;
  if (oe(in)) c.set_ov(ov, ov);
  finish(c, in, ov ? 0 : a / b);
}
void divde(Core& c, const Insn& in) {
  s128 a = static_cast<s128>(static_cast<int64_t>(c.gpr(in.ra))) * (static_cast<s128>(1) << 64);
  int64_t b = static_cast<int64_t>(c.gpr(in.rb));
  bool ov = b == 0;
  s128 q = 0;
  if (!ov) {
    q = a / b;
    ov = q != static_cast<int64_t>(q);
  }
  if (oe(in)) c.set_ov(ov, ov);
  finish(c, in, ov ? 0 : static_cast<uint64_t>(q));
}
void divdeu(Core& c, const Insn& in) {
  u128 a = static_cast<u128>(c.gpr(in.ra)) << 64;
  uint64_t b = c.gpr(in.rb);
  bool ov = b == 0 || c.gpr(in.ra) >= b; // quotient >= 2^64
  if (oe(in)) c.set_ov(ov, ov);
  finish(c, in, ov ? 0 : static_cast<uint64_t>(a / b));
}

// ---- modulo (ISA 3.0): undefined cases give 0 (QEMU divides by 1) ----
void modsw(Core& c, const Insn& in) {
  int32_t a = static_cast<int32_t>(c.gpr(in.ra)), b = static_cast<int32_t>(c.gpr(in.rb));
  bool bad = b == 0 || (a == INT32_MIN && b == -1);
  c.gpr(in.rt) = static_cast<uint64_t>(static_cast<int64_t>(bad ? 0 : a % b));
}
void moduw(Core& c, const Insn& in) {
  uint32_t a = static_cast<uint32_t>(c.gpr(in.ra)), b = static_cast<uint32_t>(c.gpr(in.rb));
  c.gpr(in.rt) = b == 0 ? 0 : a % b;
}
void modsd(Core& c, const Insn& in) {
  int64_t a = static_cast<int64_t>(c.gpr(in.ra)), b = static_cast<int64_t>(c.gpr(in.rb));
  bool bad = b == 0 || (a == INT64_MIN && b == -1);
  c.gpr(in.rt) = static_cast<uint64_t>(bad ? 0 : a % b);
}
void modud(Core& c, const Insn& in) {
  uint64_t a = c.gpr(in.ra), b = c.gpr(in.rb);
  c.gpr(in.rt) = b == 0 ? 0 : a % b;
}

// ---- multiply-add (ISA 3.0, VA-form: RC in bits 21-25) ----
namespace {
unsigned va_rc(const Insn& in) { return (in.word >> 6) & 0x1f; }
} // namespace
void maddhd(Core& c, const Insn& in) {
  s128 p = static_cast<s128>(static_cast<int64_t>(c.gpr(in.ra))) * static_cast<int64_t>(c.gpr(in.rb)) +
           static_cast<int64_t>(c.gpr(va_rc(in)));
  c.gpr(in.rt) = static_cast<uint64_t>(static_cast<u128>(p) >> 64);
}
void maddhdu(Core& c, const Insn& in) {
  u128 p = static_cast<u128>(c.gpr(in.ra)) * c.gpr(in.rb) + c.gpr(va_rc(in));
  c.gpr(in.rt) = static_cast<uint64_t>(p >> 64);
}
void maddld(Core& c, const Insn& in) {
  c.gpr(in.rt) = c.gpr(in.ra) * c.gpr(in.rb) + c.gpr(va_rc(in));
}

} // namespace ppc64sim::cpu::ops
