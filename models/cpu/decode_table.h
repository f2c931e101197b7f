#pragma once
// The single source of truth for instruction decoding (Power ISA v3.0B, Book I/III opcode
// maps, Appendix "Opcode Maps"). One row per instruction: mnemonic, match/mask on the 32-bit
// instruction word, form (drives field pre-extraction), handler, timing class. Rc, OE, LK and
// AA are decoded inside the handler, so they sit outside the masks. A word decodes to the one
// row with (word & mask) == match; the static_assert below rejects overlapping rows.
#include "models/cpu/handlers.h"

#include <cstddef>
#include <cstdint>

namespace ppc64sim::cpu {

enum class Form : uint8_t {
  I, B, SC, D, DU, DS, X, XO, XL, XFX, XS, M, A, VA, DX,
  MD_mb,   // rldicl: MASK(mb, 63)
  MD_me,   // rldicr: MASK(0, me)
  MD_mbsh, // rldic, rldimi: MASK(mb, 63 - sh)
  MDS_mb,  // rldcl
  MDS_me,  // rldcr
  Primary, // the whole primary opcode (facility-unavailable placeholders)
};

enum class Timing : uint8_t { alu, mul, div, load, store, branch, cr, spr, system, fp, vec };

struct OpEntry {
  const char* mnemonic;
  uint32_t match;
  uint32_t mask;
  Form form;
  Handler handler;
  Timing timing;
};

namespace enc {
constexpr uint32_t po(uint32_t op) { return op << 26; }
constexpr uint32_t kPo = 0xFC000000u;
struct MM { uint32_t match, mask; };
constexpr MM primary(uint32_t op) { return {po(op), kPo}; }
constexpr MM ds(uint32_t op, uint32_t xo) { return {po(op) | xo, kPo | 0x3u}; }
constexpr MM x(uint32_t op, uint32_t xo) { return {po(op) | (xo << 1), kPo | 0x7FEu}; }
constexpr MM xo9(uint32_t op, uint32_t xo) { return {po(op) | (xo << 1), kPo | 0x3FEu}; }
constexpr MM xs(uint32_t op, uint32_t xo) { return {po(op) | (xo << 2), kPo | 0x7FCu}; }
constexpr MM md(uint32_t op, uint32_t xo) { return {po(op) | (xo << 2), kPo | 0x1Cu}; }
constexpr MM mds(uint32_t op, uint32_t xo) { return {po(op) | (xo << 1), kPo | 0x1Eu}; }
constexpr MM a(uint32_t op, uint32_t xo) { return {po(op) | (xo << 1), kPo | 0x3Eu}; }
constexpr MM va(uint32_t op, uint32_t xo) { return {po(op) | xo, kPo | 0x3Fu}; }
constexpr MM sc() { return {po(17) | 0x2u, kPo | 0x2u}; }
} // namespace enc

#define PPC64SIM_OP(mn, mm, form, handler, timing)                                              \
  OpEntry { mn, enc::mm.match, enc::mm.mask, Form::form, &ops::handler, Timing::timing }

// clang-format off
inline constexpr OpEntry kDecodeTable[] = {
  // ---- D-form fixed point (Book I 3.3) ----
  PPC64SIM_OP("tdi",     primary(2),  D,  tdi,      system),
  PPC64SIM_OP("twi",     primary(3),  D,  twi,      system),
  PPC64SIM_OP("mulli",   primary(7),  D,  mulli,    mul),
  PPC64SIM_OP("subfic",  primary(8),  D,  subfic,   alu),
  PPC64SIM_OP("cmpli",   primary(10), DU, cmpli,    alu),
  PPC64SIM_OP("cmpi",    primary(11), D,  cmpi,     alu),
  PPC64SIM_OP("addic",   primary(12), D,  addic,    alu),
  PPC64SIM_OP("addic.",  primary(13), D,  addic_rc, alu),
  PPC64SIM_OP("addi",    primary(14), D,  addi,     alu),
  PPC64SIM_OP("addis",   primary(15), D,  addis,    alu),
  PPC64SIM_OP("bc",      primary(16), B,  bc,       branch),
  PPC64SIM_OP("sc",      sc(),        SC, sc,       system),
  PPC64SIM_OP("b",       primary(18), I,  b,        branch),
  PPC64SIM_OP("rlwimi",  primary(20), M,  rlwimi,   alu),
  PPC64SIM_OP("rlwinm",  primary(21), M,  rlwinm,   alu),
  PPC64SIM_OP("rlwnm",   primary(23), M,  rlwnm,    alu),
  PPC64SIM_OP("ori",     primary(24), DU, ori,      alu),
  PPC64SIM_OP("oris",    primary(25), DU, oris,     alu),
  PPC64SIM_OP("xori",    primary(26), DU, xori,     alu),
  PPC64SIM_OP("xoris",   primary(27), DU, xoris,    alu),
  PPC64SIM_OP("andi.",   primary(28), DU, andi_rc,  alu),
  PPC64SIM_OP("andis.",  primary(29), DU, andis_rc, alu),
  PPC64SIM_OP("lwz",     primary(32), D,  lwz,      load),
  PPC64SIM_OP("lwzu",    primary(33), D,  lwzu,     load),
  PPC64SIM_OP("lbz",     primary(34), D,  lbz,      load),
  PPC64SIM_OP("lbzu",    primary(35), D,  lbzu,     load),
  PPC64SIM_OP("stw",     primary(36), D,  stw,      store),
  PPC64SIM_OP("stwu",    primary(37), D,  stwu,     store),
  PPC64SIM_OP("stb",     primary(38), D,  stb,      store),
  PPC64SIM_OP("stbu",    primary(39), D,  stbu,     store),
  PPC64SIM_OP("lhz",     primary(40), D,  lhz,      load),
  PPC64SIM_OP("lhzu",    primary(41), D,  lhzu,     load),
  PPC64SIM_OP("lha",     primary(42), D,  lha,      load),
  PPC64SIM_OP("lhau",    primary(43), D,  lhau,     load),
  PPC64SIM_OP("sth",     primary(44), D,  sth,      store),
  PPC64SIM_OP("sthu",    primary(45), D,  sthu,     store),
  PPC64SIM_OP("lmw",     primary(46), D,  lmw,      load),
  PPC64SIM_OP("stmw",    primary(47), D,  stmw,     store),
  PPC64SIM_OP("ld",      ds(58, 0),   DS, ld,       load),
  PPC64SIM_OP("ldu",     ds(58, 1),   DS, ldu,      load),
  PPC64SIM_OP("lwa",     ds(58, 2),   DS, lwa,      load),
  PPC64SIM_OP("std",     ds(62, 0),   DS, std,      store),
  PPC64SIM_OP("stdu",    ds(62, 1),   DS, stdu,     store),
  // ---- opcode 4: the fixed-point VA-form multiply-adds (ISA 3.0); the rest of opcode 4 is
  // VMX and is handled by the decoder's per-primary fallback ----
  PPC64SIM_OP("maddhd",  va(4, 48),   VA, maddhd,   mul),
  PPC64SIM_OP("maddhdu", va(4, 49),   VA, maddhdu,  mul),
  PPC64SIM_OP("maddld",  va(4, 51),   VA, maddld,   mul),
  // ---- opcode 19: branch, CR, system (XL-form) ----
  PPC64SIM_OP("mcrf",    x(19, 0),    XL, mcrf,     cr),
  PPC64SIM_OP("addpcis", a(19, 2),    DX, addpcis,  alu),
  PPC64SIM_OP("bclr",    x(19, 16),   XL, bclr,     branch),
  PPC64SIM_OP("rfid",    x(19, 18),   XL, rfid,     system),
  PPC64SIM_OP("crnor",   x(19, 33),   XL, crnor,    cr),
  PPC64SIM_OP("crandc",  x(19, 129),  XL, crandc,   cr),
  PPC64SIM_OP("isync",   x(19, 150),  XL, barrier,  system),
  PPC64SIM_OP("crxor",   x(19, 193),  XL, crxor,    cr),
  PPC64SIM_OP("crnand",  x(19, 225),  XL, crnand,   cr),
  PPC64SIM_OP("crand",   x(19, 257),  XL, crand,    cr),
  PPC64SIM_OP("creqv",   x(19, 289),  XL, creqv,    cr),
  PPC64SIM_OP("crorc",   x(19, 417),  XL, crorc,    cr),
  PPC64SIM_OP("cror",    x(19, 449),  XL, cror,     cr),
  PPC64SIM_OP("bcctr",   x(19, 528),  XL, bcctr,    branch),
  // ---- opcode 30: 64-bit rotates ----
  PPC64SIM_OP("rldicl",  md(30, 0),   MD_mb,   rldicl, alu),
  PPC64SIM_OP("rldicr",  md(30, 1),   MD_me,   rldicr, alu),
  PPC64SIM_OP("rldic",   md(30, 2),   MD_mbsh, rldic,  alu),
  PPC64SIM_OP("rldimi",  md(30, 3),   MD_mbsh, rldimi, alu),
  PPC64SIM_OP("rldcl",   mds(30, 8),  MDS_mb,  rldcl,  alu),
  PPC64SIM_OP("rldcr",   mds(30, 9),  MDS_me,  rldcr,  alu),
  // ---- opcode 31, XO-form arithmetic (OE in bit 21) ----
  PPC64SIM_OP("subfc",   xo9(31, 8),   XO, subfc,   alu),
  PPC64SIM_OP("mulhdu",  xo9(31, 9),   XO, mulhdu,  mul),
  PPC64SIM_OP("addc",    xo9(31, 10),  XO, addc,    alu),
  PPC64SIM_OP("mulhwu",  xo9(31, 11),  XO, mulhwu,  mul),
  PPC64SIM_OP("subf",    xo9(31, 40),  XO, subf,    alu),
  PPC64SIM_OP("mulhd",   xo9(31, 73),  XO, mulhd,   mul),
  PPC64SIM_OP("mulhw",   xo9(31, 75),  XO, mulhw,   mul),
  PPC64SIM_OP("neg",     xo9(31, 104), XO, neg,     alu),
  PPC64SIM_OP("subfe",   xo9(31, 136), XO, subfe,   alu),
  PPC64SIM_OP("adde",    xo9(31, 138), XO, adde,    alu),
  PPC64SIM_OP("subfze",  xo9(31, 200), XO, subfze,  alu),
  PPC64SIM_OP("addze",   xo9(31, 202), XO, addze,   alu),
  PPC64SIM_OP("subfme",  xo9(31, 232), XO, subfme,  alu),
  PPC64SIM_OP("mulld",   xo9(31, 233), XO, mulld,   mul),
  PPC64SIM_OP("addme",   xo9(31, 234), XO, addme,   alu),
  PPC64SIM_OP("mullw",   xo9(31, 235), XO, mullw,   mul),
  PPC64SIM_OP("add",     xo9(31, 266), XO, add,     alu),
  PPC64SIM_OP("divdeu",  xo9(31, 393), XO, divdeu,  div),
  PPC64SIM_OP("divweu",  xo9(31, 395), XO, divweu,  div),
  PPC64SIM_OP("divde",   xo9(31, 425), XO, divde,   div),
  PPC64SIM_OP("divwe",   xo9(31, 427), XO, divwe,   div),
  PPC64SIM_OP("divdu",   xo9(31, 457), XO, divdu,   div),
  PPC64SIM_OP("divwu",   xo9(31, 459), XO, divwu,   div),
  PPC64SIM_OP("divd",    xo9(31, 489), XO, divd,    div),
  PPC64SIM_OP("divw",    xo9(31, 491), XO, divw,    div),
  // ---- opcode 31, A-form ----
  PPC64SIM_OP("isel",    a(31, 15),    A,  isel,    alu),
  // ---- opcode 31, X-form ----
  PPC64SIM_OP("cmp",     x(31, 0),     X,  cmp,     alu),
  PPC64SIM_OP("tw",      x(31, 4),     X,  tw,      system),
  PPC64SIM_OP("mfcr",    x(31, 19),    XFX, mfcr,   cr),
  PPC64SIM_OP("lwarx",   x(31, 20),    X,  lwarx,   load),
  PPC64SIM_OP("ldx",     x(31, 21),    X,  ldx,     load),
  PPC64SIM_OP("lwzx",    x(31, 23),    X,  lwzx,    load),
  PPC64SIM_OP("slw",     x(31, 24),    X,  slw,     alu),
  PPC64SIM_OP("wait",    x(31, 30),    X,  wait,    system),
  PPC64SIM_OP("cntlzw",  x(31, 26),    X,  cntlzw,  alu),
  PPC64SIM_OP("sld",     x(31, 27),    X,  sld,     alu),
  PPC64SIM_OP("and",     x(31, 28),    X,  and_,    alu),
  PPC64SIM_OP("cmpl",    x(31, 32),    X,  cmpl,    alu),
  PPC64SIM_OP("lbarx",   x(31, 52),    X,  lbarx,   load),
  PPC64SIM_OP("ldux",    x(31, 53),    X,  ldux,    load),
  PPC64SIM_OP("dcbst",   x(31, 54),    X,  cache_hint, store),
  PPC64SIM_OP("lwzux",   x(31, 55),    X,  lwzux,   load),
  PPC64SIM_OP("cntlzd",  x(31, 58),    X,  cntlzd,  alu),
  PPC64SIM_OP("andc",    x(31, 60),    X,  andc,    alu),
  PPC64SIM_OP("td",      x(31, 68),    X,  td,      system),
  PPC64SIM_OP("mfmsr",   x(31, 83),    X,  mfmsr,   spr),
  PPC64SIM_OP("ldarx",   x(31, 84),    X,  ldarx,   load),
  PPC64SIM_OP("dcbf",    x(31, 86),    X,  cache_hint, store),
  PPC64SIM_OP("lbzx",    x(31, 87),    X,  lbzx,    load),
  PPC64SIM_OP("lharx",   x(31, 116),   X,  lharx,   load),
  PPC64SIM_OP("lbzux",   x(31, 119),   X,  lbzux,   load),
  PPC64SIM_OP("popcntb", x(31, 122),   X,  popcntb, alu),
  PPC64SIM_OP("nor",     x(31, 124),   X,  nor,     alu),
  PPC64SIM_OP("setb",    x(31, 128),   X,  setb,    alu),
  PPC64SIM_OP("mtcrf",   x(31, 144),   XFX, mtcrf,  cr),
  PPC64SIM_OP("mtmsr",   x(31, 146),   X,  mtmsr,   spr),
  PPC64SIM_OP("stdx",    x(31, 149),   X,  stdx,    store),
  PPC64SIM_OP("stwcx.",  x(31, 150),   X,  stwcx,   store),
  PPC64SIM_OP("stwx",    x(31, 151),   X,  stwx,    store),
  PPC64SIM_OP("prtyw",   x(31, 154),   X,  prtyw,   alu),
  PPC64SIM_OP("mtmsrd",  x(31, 178),   X,  mtmsrd,  spr),
  PPC64SIM_OP("stdux",   x(31, 181),   X,  stdux,   store),
  PPC64SIM_OP("stwux",   x(31, 183),   X,  stwux,   store),
  PPC64SIM_OP("prtyd",   x(31, 186),   X,  prtyd,   alu),
  PPC64SIM_OP("cmprb",   x(31, 192),   X,  cmprb,   alu),
  PPC64SIM_OP("stdcx.",  x(31, 214),   X,  stdcx,   store),
  PPC64SIM_OP("stbx",    x(31, 215),   X,  stbx,    store),
  PPC64SIM_OP("cmpeqb",  x(31, 224),   X,  cmpeqb,  alu),
  PPC64SIM_OP("dcbtst",  x(31, 246),   X,  cache_hint, load),
  PPC64SIM_OP("stbux",   x(31, 247),   X,  stbux,   store),
  PPC64SIM_OP("bpermd",  x(31, 252),   X,  bpermd,  alu),
  PPC64SIM_OP("modud",   x(31, 265),   X,  modud,   div),
  PPC64SIM_OP("moduw",   x(31, 267),   X,  moduw,   div),
  PPC64SIM_OP("dcbt",    x(31, 278),   X,  cache_hint, load),
  PPC64SIM_OP("lhzx",    x(31, 279),   X,  lhzx,    load),
  PPC64SIM_OP("eqv",     x(31, 284),   X,  eqv,     alu),
  PPC64SIM_OP("lhzux",   x(31, 311),   X,  lhzux,   load),
  PPC64SIM_OP("xor",     x(31, 316),   X,  xor_,    alu),
  PPC64SIM_OP("mfspr",   x(31, 339),   XFX, mfspr,  spr),
  PPC64SIM_OP("lwax",    x(31, 341),   X,  lwax,    load),
  PPC64SIM_OP("lhax",    x(31, 343),   X,  lhax,    load),
  PPC64SIM_OP("mftb",    x(31, 371),   XFX, mftb,   spr),
  PPC64SIM_OP("lwaux",   x(31, 373),   X,  lwaux,   load),
  PPC64SIM_OP("lhaux",   x(31, 375),   X,  lhaux,   load),
  PPC64SIM_OP("popcntw", x(31, 378),   X,  popcntw, alu),
  PPC64SIM_OP("sthx",    x(31, 407),   X,  sthx,    store),
  PPC64SIM_OP("orc",     x(31, 412),   X,  orc,     alu),
  PPC64SIM_OP("sthux",   x(31, 439),   X,  sthux,   store),
  PPC64SIM_OP("or",      x(31, 444),   X,  or_,     alu),
  PPC64SIM_OP("mtspr",   x(31, 467),   XFX, mtspr,  spr),
  PPC64SIM_OP("nand",    x(31, 476),   X,  nand,    alu),
  PPC64SIM_OP("popcntd", x(31, 506),   X,  popcntd, alu),
  PPC64SIM_OP("cmpb",    x(31, 508),   X,  cmpb,    alu),
  PPC64SIM_OP("ldbrx",   x(31, 532),   X,  ldbrx,   load),
  PPC64SIM_OP("lwbrx",   x(31, 534),   X,  lwbrx,   load),
  PPC64SIM_OP("lswi",    x(31, 597),   X,  lswi,    load),
  PPC64SIM_OP("lswx",    x(31, 533),   X,  lswx,    load),
  PPC64SIM_OP("stswi",   x(31, 725),   X,  stswi,   store),
  PPC64SIM_OP("stswx",   x(31, 661),   X,  stswx,   store),
  PPC64SIM_OP("srw",     x(31, 536),   X,  srw,     alu),
  PPC64SIM_OP("cnttzw",  x(31, 538),   X,  cnttzw,  alu),
  PPC64SIM_OP("srd",     x(31, 539),   X,  srd,     alu),
  PPC64SIM_OP("cnttzd",  x(31, 570),   X,  cnttzd,  alu),
  PPC64SIM_OP("mcrxrx",  x(31, 576),   X,  mcrxrx,  cr),
  PPC64SIM_OP("sync",    x(31, 598),   X,  barrier, system),
  PPC64SIM_OP("stdbrx",  x(31, 660),   X,  stdbrx,  store),
  PPC64SIM_OP("stwbrx",  x(31, 662),   X,  stwbrx,  store),
  PPC64SIM_OP("stbcx.",  x(31, 694),   X,  stbcx,   store),
  PPC64SIM_OP("sthcx.",  x(31, 726),   X,  sthcx,   store),
  PPC64SIM_OP("modsd",   x(31, 777),   X,  modsd,   div),
  PPC64SIM_OP("modsw",   x(31, 779),   X,  modsw,   div),
  PPC64SIM_OP("lhbrx",   x(31, 790),   X,  lhbrx,   load),
  PPC64SIM_OP("sraw",    x(31, 792),   X,  sraw,    alu),
  PPC64SIM_OP("srad",    x(31, 794),   X,  srad,    alu),
  PPC64SIM_OP("srawi",   x(31, 824),   X,  srawi,   alu),
  PPC64SIM_OP("sradi",   xs(31, 413),  XS, sradi,   alu),
  PPC64SIM_OP("eieio",   x(31, 854),   X,  barrier, system),
  PPC64SIM_OP("extswsli", xs(31, 445), XS, extswsli, alu),
  PPC64SIM_OP("sthbrx",  x(31, 918),   X,  sthbrx,  store),
  PPC64SIM_OP("extsh",   x(31, 922),   X,  extsh,   alu),
  PPC64SIM_OP("extsb",   x(31, 954),   X,  extsb,   alu),
  PPC64SIM_OP("icbi",    x(31, 982),   X,  cache_hint, system),
  PPC64SIM_OP("extsw",   x(31, 986),   X,  extsw,   alu),
  PPC64SIM_OP("dcbz",    x(31, 1014),  X,  dcbz,    store),
  // ---- opcode 31 FP / vector / VSX storage access: facility unavailable until those units
  // exist (Book III 7.5.10, 7.5.15, 7.5.16) ----
  PPC64SIM_OP("lvsl",    x(31, 6),     X,  vec_unavailable, vec),
  PPC64SIM_OP("lvebx",   x(31, 7),     X,  vec_unavailable, vec),
  PPC64SIM_OP("lvsr",    x(31, 38),    X,  vec_unavailable, vec),
  PPC64SIM_OP("lvehx",   x(31, 39),    X,  vec_unavailable, vec),
  PPC64SIM_OP("lvewx",   x(31, 71),    X,  vec_unavailable, vec),
  PPC64SIM_OP("lvx",     x(31, 103),   X,  vec_unavailable, vec),
  PPC64SIM_OP("stvebx",  x(31, 135),   X,  vec_unavailable, vec),
  PPC64SIM_OP("stvehx",  x(31, 167),   X,  vec_unavailable, vec),
  PPC64SIM_OP("stvewx",  x(31, 199),   X,  vec_unavailable, vec),
  PPC64SIM_OP("stvx",    x(31, 231),   X,  vec_unavailable, vec),
  PPC64SIM_OP("lvxl",    x(31, 359),   X,  vec_unavailable, vec),
  PPC64SIM_OP("stvxl",   x(31, 487),   X,  vec_unavailable, vec),
  PPC64SIM_OP("lfsx",    x(31, 535),   X,  fp_unavailable, fp),
  PPC64SIM_OP("lfsux",   x(31, 567),   X,  fp_unavailable, fp),
  PPC64SIM_OP("lfdx",    x(31, 599),   X,  fp_unavailable, fp),
  PPC64SIM_OP("lfdux",   x(31, 631),   X,  fp_unavailable, fp),
  PPC64SIM_OP("stfsx",   x(31, 663),   X,  fp_unavailable, fp),
  PPC64SIM_OP("stfsux",  x(31, 695),   X,  fp_unavailable, fp),
  PPC64SIM_OP("stfdx",   x(31, 727),   X,  fp_unavailable, fp),
  PPC64SIM_OP("stfdux",  x(31, 759),   X,  fp_unavailable, fp),
  PPC64SIM_OP("lxvw4x",  x(31, 780),   X,  vsx_unavailable, vec),
  PPC64SIM_OP("lxvd2x",  x(31, 844),   X,  vsx_unavailable, vec),
  PPC64SIM_OP("lfiwax",  x(31, 855),   X,  fp_unavailable, fp),
  PPC64SIM_OP("lfiwzx",  x(31, 887),   X,  fp_unavailable, fp),
  PPC64SIM_OP("stxvw4x", x(31, 908),   X,  vsx_unavailable, vec),
  PPC64SIM_OP("stxvd2x", x(31, 972),   X,  vsx_unavailable, vec),
  PPC64SIM_OP("stfiwx",  x(31, 983),   X,  fp_unavailable, fp),
  // ---- FP and VSX primaries ----
  PPC64SIM_OP("lfs",     primary(48), Primary, fp_unavailable, fp),
  PPC64SIM_OP("lfsu",    primary(49), Primary, fp_unavailable, fp),
  PPC64SIM_OP("lfd",     primary(50), Primary, fp_unavailable, fp),
  PPC64SIM_OP("lfdu",    primary(51), Primary, fp_unavailable, fp),
  PPC64SIM_OP("stfs",    primary(52), Primary, fp_unavailable, fp),
  PPC64SIM_OP("stfsu",   primary(53), Primary, fp_unavailable, fp),
  PPC64SIM_OP("stfd",    primary(54), Primary, fp_unavailable, fp),
  PPC64SIM_OP("stfdu",   primary(55), Primary, fp_unavailable, fp),
  PPC64SIM_OP("lfdp",    primary(57), Primary, fp_unavailable, fp),
  PPC64SIM_OP("fp59",    primary(59), Primary, fp_unavailable, fp),
  PPC64SIM_OP("vsx60",   primary(60), Primary, vsx_unavailable, vec),
  PPC64SIM_OP("stfdp",   primary(61), Primary, fp_unavailable, fp),
  PPC64SIM_OP("fp63",    primary(63), Primary, fp_unavailable, fp),
};
// clang-format on
#undef PPC64SIM_OP

inline constexpr std::size_t kDecodeTableSize = sizeof(kDecodeTable) / sizeof(kDecodeTable[0]);

// Two rows overlap iff some word matches both: ((m1 ^ m2) & mask1 & mask2) == 0.
// Returns i * kDecodeTableSize + j of the first overlapping pair, or -1.
constexpr long first_overlap() {
  for (std::size_t i = 0; i < kDecodeTableSize; ++i)
    for (std::size_t j = i + 1; j < kDecodeTableSize; ++j)
      if (((kDecodeTable[i].match ^ kDecodeTable[j].match) & kDecodeTable[i].mask &
           kDecodeTable[j].mask) == 0)
        return static_cast<long>(i * kDecodeTableSize + j);
  return -1;
}
// A match bit outside its mask could never be seen: a typo in the row.
constexpr long first_match_outside_mask() {
  for (std::size_t i = 0; i < kDecodeTableSize; ++i)
    if ((kDecodeTable[i].match & ~kDecodeTable[i].mask) != 0) return static_cast<long>(i);
  return -1;
}
static_assert(first_overlap() == -1, "decode table: two rows match the same instruction word");
static_assert(first_match_outside_mask() == -1, "decode table: match bits outside the mask");

} // namespace ppc64sim::cpu
