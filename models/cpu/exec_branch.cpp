// Branch and condition-register instructions (Power ISA v3.0B Book I 2.4 - 2.5).
#include "models/cpu/handlers.h"

namespace ppc64sim::cpu::ops {
namespace {

bool lk(const Insn& in) { return in.word & 1u; }
bool aa(const Insn& in) { return (in.word >> 1) & 1u; }

void link(Core& c, const Insn& in) {
  if (lk(in)) c.st.lr = (c.cia() + 4) & c.ea_mask;
}
void jump(Core& c, uint64_t target) {
  c.st.cfar = c.cia();
  c.nia = target & c.ea_mask;
}

// Book I 2.4 bc: BO0 ignores the condition, BO1 is the required value, BO2 skips the CTR
// decrement, BO3 branches on CTR == 0. In 32-bit mode only CTR[32:63] is tested.
bool branch_taken(Core& c, unsigned bo, unsigned bi, bool may_decrement) {
  bool ctr_ok = true;
  if (may_decrement && !(bo & 4u)) {
    c.st.ctr -= 1;
    uint64_t ctr = c.sf ? c.st.ctr : (c.st.ctr & 0xffffffffull);
    ctr_ok = (ctr != 0) != ((bo & 2u) != 0);
  }
  bool cond_ok = (bo & 16u) || (c.cr_bit(bi) == ((bo & 8u) != 0));
  return ctr_ok && cond_ok;
}

void cr_logic(Core& c, const Insn& in, bool (*f)(bool, bool)) {
  bool r = f(c.cr_bit(in.ra), c.cr_bit(in.rb));
  uint32_t bit = 1u << (31 - in.rt);
  c.st.cr = r ? (c.st.cr | bit) : (c.st.cr & ~bit);
}

} // namespace

void b(Core& c, const Insn& in) {
  link(c, in);
  jump(c, aa(in) ? in.imm : c.cia() + in.imm);
}
void bc(Core& c, const Insn& in) {
  bool taken = branch_taken(c, in.rt, in.ra, true);
  link(c, in);
  if (taken) jump(c, aa(in) ? in.imm : c.cia() + in.imm);
}
void bclr(Core& c, const Insn& in) {
  uint64_t target = c.st.lr & ~3ull; // read before LK overwrites LR
  bool taken = branch_taken(c, in.rt, in.ra, true);
  link(c, in);
  if (taken) jump(c, target);
}
// bcctr with BO2 = 0 is an invalid form; the CTR is never decremented here.
void bcctr(Core& c, const Insn& in) {
  bool taken = branch_taken(c, in.rt, in.ra, false);
  link(c, in);
  if (taken) jump(c, c.st.ctr & ~3ull);
}

void crand(Core& c, const Insn& in) { cr_logic(c, in, [](bool a, bool b) { return a && b; }); }
void cror(Core& c, const Insn& in) { cr_logic(c, in, [](bool a, bool b) { return a || b; }); }
void crxor(Core& c, const Insn& in) { cr_logic(c, in, [](bool a, bool b) { return a != b; }); }
void crnand(Core& c, const Insn& in) { cr_logic(c, in, [](bool a, bool b) { return !(a && b); }); }
void crnor(Core& c, const Insn& in) { cr_logic(c, in, [](bool a, bool b) { return !(a || b); }); }
void creqv(Core& c, const Insn& in) { cr_logic(c, in, [](bool a, bool b) { return a == b; }); }
void crandc(Core& c, const Insn& in) { cr_logic(c, in, [](bool a, bool b) { return a && !b; }); }
void crorc(Core& c, const Insn& in) { cr_logic(c, in, [](bool a, bool b) { return a || !b; }); }

void mcrf(Core& c, const Insn& in) { c.set_cr_field(in.rt >> 2, c.cr_field(in.ra >> 2)); }

// mfocrf (bit 11 set, one FXM bit): only that field is copied, the rest reads as 0 (as QEMU).
void mfcr(Core& c, const Insn& in) {
  if ((in.word >> 20) & 1u) {
    unsigned fxm = (in.word >> 12) & 0xff;
    uint32_t mask = 0;
    for (unsigned f = 0; f < 8; ++f)
      if (fxm & (0x80u >> f)) mask |= 0xf0000000u >> (4 * f);
    c.gpr(in.rt) = c.st.cr & mask;
  } else {
    c.gpr(in.rt) = c.st.cr;
  }
}
// mtcrf / mtocrf: FXM bit i (bit 12 + i) selects CR field i.
void mtcrf(Core& c, const Insn& in) {
  unsigned fxm = (in.word >> 12) & 0xff;
  uint32_t mask = 0;
  for (unsigned f = 0; f < 8; ++f)
    if (fxm & (0x80u >> f)) mask |= 0xf0000000u >> (4 * f);
  c.st.cr = (c.st.cr & ~mask) | (static_cast<uint32_t>(c.gpr(in.rt)) & mask);
}
// ISA 3.0 mcrxrx: CR[BF] = OV || OV32 || CA || CA32.
void mcrxrx(Core& c, const Insn& in) {
  uint64_t x = c.st.xer;
  uint32_t v = ((x & xer::OV) ? 8u : 0u) | ((x & xer::OV32) ? 4u : 0u) | ((x & xer::CA) ? 2u : 0u) |
               ((x & xer::CA32) ? 1u : 0u);
  c.set_cr_field(in.rt >> 2, v);
}

} // namespace ppc64sim::cpu::ops
