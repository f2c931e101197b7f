#pragma once
// Declarations of the instruction handlers named by the decode table. Each is defined in
// the exec_*.cpp file of its family.
#include "models/cpu/core.h"

namespace ppc64sim::cpu::ops {

// clang-format off
#define PPC64SIM_HANDLERS(X) \
  /* exec_arith.cpp */ \
  X(addi) X(addis) X(addic) X(addic_rc) X(subfic) X(mulli) X(addpcis) \
  X(add) X(addc) X(adde) X(addze) X(addme) X(subf) X(subfc) X(subfe) X(subfze) X(subfme) X(neg) \
  X(mullw) X(mulld) X(mulhw) X(mulhwu) X(mulhd) X(mulhdu) \
  X(divw) X(divwu) X(divd) X(divdu) X(divwe) X(divweu) X(divde) X(divdeu) \
  X(modsw) X(moduw) X(modsd) X(modud) X(maddhd) X(maddhdu) X(maddld) \
  /* exec_logic.cpp */ \
  X(andi_rc) X(andis_rc) X(ori) X(oris) X(xori) X(xoris) \
  X(and_) X(or_) X(xor_) X(nand) X(nor) X(eqv) X(andc) X(orc) \
  X(extsb) X(extsh) X(extsw) X(cntlzw) X(cntlzd) X(cnttzw) X(cnttzd) \
  X(popcntb) X(popcntw) X(popcntd) X(cmpb) X(bpermd) X(prtyw) X(prtyd) \
  X(rlwinm) X(rlwimi) X(rlwnm) X(rldicl) X(rldicr) X(rldic) X(rldimi) X(rldcl) X(rldcr) \
  X(slw) X(srw) X(sraw) X(srawi) X(sld) X(srd) X(srad) X(sradi) X(extswsli) \
  X(cmp) X(cmpl) X(cmpi) X(cmpli) X(cmprb) X(cmpeqb) X(setb) X(isel) \
  /* exec_branch.cpp */ \
  X(b) X(bc) X(bclr) X(bcctr) \
  X(crand) X(cror) X(crxor) X(crnand) X(crnor) X(creqv) X(crandc) X(crorc) \
  X(mcrf) X(mfcr) X(mtcrf) X(mcrxrx) \
  /* exec_loadstore.cpp */ \
  X(lbz) X(lbzu) X(lhz) X(lhzu) X(lha) X(lhau) X(lwz) X(lwzu) X(ld) X(ldu) X(lwa) \
  X(lbzx) X(lbzux) X(lhzx) X(lhzux) X(lhax) X(lhaux) X(lwzx) X(lwzux) X(lwax) X(lwaux) \
  X(ldx) X(ldux) \
  X(stb) X(stbu) X(sth) X(sthu) X(stw) X(stwu) X(std) X(stdu) \
  X(stbx) X(stbux) X(sthx) X(sthux) X(stwx) X(stwux) X(stdx) X(stdux) \
  X(lhbrx) X(lwbrx) X(ldbrx) X(sthbrx) X(stwbrx) X(stdbrx) X(lmw) X(stmw) \
  X(lswi) X(lswx) X(stswi) X(stswx) \
  X(lbarx) X(lharx) X(lwarx) X(ldarx) X(stbcx) X(sthcx) X(stwcx) X(stdcx) \
  X(dcbz) X(cache_hint) X(barrier) \
  /* exec_system.cpp */ \
  X(tw) X(td) X(twi) X(tdi) \
  X(mfspr) X(mtspr) X(mftb) X(mfmsr) X(mtmsr) X(mtmsrd) X(rfid) X(sc) X(wait) \
  X(fp_unavailable) X(vec_unavailable) X(vsx_unavailable) X(illegal)
// clang-format on

#define PPC64SIM_DECLARE_HANDLER(name) void name(Core& c, const Insn& in);
PPC64SIM_HANDLERS(PPC64SIM_DECLARE_HANDLER)
#undef PPC64SIM_DECLARE_HANDLER

// Rc bit of X/XO/M/MD-form instructions (Book I 1.6.28).
inline bool rc(const Insn& in) { return in.word & 1u; }

} // namespace ppc64sim::cpu::ops

namespace ppc64sim::cpu {

// Dense handler numbers: the dispatch loop (iss.cpp) jumps through a label table indexed by
// Insn::op, with the handler bodies inlined into it.
enum OpIndex : uint16_t {
#define PPC64SIM_OP_INDEX(name) op_##name,
  PPC64SIM_HANDLERS(PPC64SIM_OP_INDEX)
#undef PPC64SIM_OP_INDEX
  op_count
};

inline constexpr Handler kHandlerOf[op_count] = {
#define PPC64SIM_HANDLER_PTR(name) &ops::name,
    PPC64SIM_HANDLERS(PPC64SIM_HANDLER_PTR)
#undef PPC64SIM_HANDLER_PTR
};

// The handler a predecoded entry executes.
inline Handler handler_of(const Insn& in) { return kHandlerOf[in.op]; }

} // namespace ppc64sim::cpu
