// Register use of every kDecodeTable row (Power ISA v3.0B Book I chapters 2-3, Book III 4-5).
// The rules are keyed by mnemonic rather than by row address so that this library does not
// reference the handler functions in the table (the ISS may link it without a cycle).
#include "models/cpu/timing/insn_timing.h"

#include <string_view>
#include <unordered_map>

namespace ppc64sim::cpu::timing {
namespace {

// Operand-use bits of a rule. Field names follow the ISA: RT/RS = bits 6-10, RA = 11-15,
// RB = 16-20, RC (VA-form) = 21-25.
enum Use : uint32_t {
  kRs = 1u << 0,      // reads GPR[RS] (the RT field as a source)
  kRa = 1u << 1,      // reads GPR[RA]
  kRa0 = 1u << 2,     // reads GPR[RA] unless RA = 0 (the "(RA|0)" operand)
  kRb = 1u << 3,      // reads GPR[RB]
  kRc = 1u << 4,      // reads GPR[RC]
  kReadCa = 1u << 5,  // reads XER[CA]
  kReadSo = 1u << 6,  // reads XER[SO] (copied into a CR field)
  kWriteRt = 1u << 7,
  kWriteRa = 1u << 8,
  kWriteCa = 1u << 9,
  kOe = 1u << 10,     // OE=1 (bit 21) writes XER[SO, OV, OV32]; SO is sticky, so also reads it
  kRcBit = 1u << 11,  // Rc=1 (bit 31) writes CR0 = LT GT EQ || SO
  kSetsCr0 = 1u << 12,    // always writes CR0 (andi., addic., stwcx. ...), with SO
  kWriteBf = 1u << 13,  // writes CR field BF (bits 6-8)
  kReadBfa = 1u << 14,  // reads CR field BFA (bits 11-13)
  kCrLogic = 1u << 15,  // CR bit ops: reads fields of BA and BB, writes the field of BT
  kIselBc = 1u << 16,   // reads the CR field holding bit BC (bits 21-25)
  kUpdate = 1u << 17,   // update form: reads RA, writes RA (address result, ALU latency)
};

enum class Special : uint8_t {
  none, b, bc, bclr, bcctr, lmw, stmw, lswi, lswx, stswi, stswx, mtcrf, mfcr, mfspr, mtspr,
  or_hint,
};

struct Rule {
  uint32_t use = 0;
  Special special = Special::none;
};

constexpr uint32_t kXoAdd = kWriteRt | kRa | kRb | kOe | kRcBit;
constexpr uint32_t kXLogic = kWriteRa | kRs | kRb | kRcBit;
constexpr uint32_t kUnary = kWriteRa | kRs | kRcBit;
constexpr uint32_t kLoadD = kWriteRt | kRa0;
constexpr uint32_t kLoadX = kWriteRt | kRa0 | kRb;
constexpr uint32_t kStoreD = kRs | kRa0;
constexpr uint32_t kStoreX = kRs | kRa0 | kRb;
constexpr uint32_t kAddrX = kRa0 | kRb; // cache ops and FP/vector storage access (GPRs only)

const std::unordered_map<std::string_view, Rule>& rules() {
  static const std::unordered_map<std::string_view, Rule> table = {
      // ---- D-form fixed point ----
      {"tdi", {kRa}}, {"twi", {kRa}},
      {"mulli", {kWriteRt | kRa}},
      {"subfic", {kWriteRt | kRa | kWriteCa}},
      {"cmpli", {kWriteBf | kRa | kReadSo}}, {"cmpi", {kWriteBf | kRa | kReadSo}},
      {"addic", {kWriteRt | kRa | kWriteCa}}, {"addic.", {kWriteRt | kRa | kWriteCa | kSetsCr0}},
      {"addi", {kWriteRt | kRa0}}, {"addis", {kWriteRt | kRa0}},
      {"bc", {0, Special::bc}}, {"sc", {0}}, {"b", {0, Special::b}},
      {"rlwimi", {kUnary | kRa}}, {"rlwinm", {kUnary}}, {"rlwnm", {kUnary | kRb}},
      {"ori", {kWriteRa | kRs}}, {"oris", {kWriteRa | kRs}},
      {"xori", {kWriteRa | kRs}}, {"xoris", {kWriteRa | kRs}},
      {"andi.", {kWriteRa | kRs | kSetsCr0}}, {"andis.", {kWriteRa | kRs | kSetsCr0}},
      {"lwz", {kLoadD}}, {"lbz", {kLoadD}}, {"lhz", {kLoadD}}, {"lha", {kLoadD}},
      {"ld", {kLoadD}}, {"lwa", {kLoadD}},
      {"lwzu", {kWriteRt | kUpdate}}, {"lbzu", {kWriteRt | kUpdate}},
      {"lhzu", {kWriteRt | kUpdate}}, {"lhau", {kWriteRt | kUpdate}},
      {"ldu", {kWriteRt | kUpdate}},
      {"stw", {kStoreD}}, {"stb", {kStoreD}}, {"sth", {kStoreD}}, {"std", {kStoreD}},
      {"stwu", {kRs | kUpdate}}, {"stbu", {kRs | kUpdate}}, {"sthu", {kRs | kUpdate}},
      {"stdu", {kRs | kUpdate}},
      {"lmw", {kRa0, Special::lmw}}, {"stmw", {kRa0, Special::stmw}},
      // ---- VA-form multiply-add ----
      {"maddhd", {kWriteRt | kRa | kRb | kRc}}, {"maddhdu", {kWriteRt | kRa | kRb | kRc}},
      {"maddld", {kWriteRt | kRa | kRb | kRc}},
      // ---- opcode 19 ----
      {"mcrf", {kWriteBf | kReadBfa}},
      {"addpcis", {kWriteRt}},
      {"bclr", {0, Special::bclr}}, {"bcctr", {0, Special::bcctr}},
      {"rfid", {0}}, {"isync", {0}},
      {"crnor", {kCrLogic}}, {"crandc", {kCrLogic}}, {"crxor", {kCrLogic}},
      {"crnand", {kCrLogic}}, {"crand", {kCrLogic}}, {"creqv", {kCrLogic}},
      {"crorc", {kCrLogic}}, {"cror", {kCrLogic}},
      // ---- opcode 30 rotates ----
      {"rldicl", {kUnary}}, {"rldicr", {kUnary}}, {"rldic", {kUnary}},
      {"rldimi", {kUnary | kRa}}, {"rldcl", {kUnary | kRb}}, {"rldcr", {kUnary | kRb}},
      // ---- XO-form arithmetic ----
      {"add", {kXoAdd}}, {"subf", {kXoAdd}},
      {"addc", {kXoAdd | kWriteCa}}, {"subfc", {kXoAdd | kWriteCa}},
      {"adde", {kXoAdd | kReadCa | kWriteCa}}, {"subfe", {kXoAdd | kReadCa | kWriteCa}},
      {"addze", {kWriteRt | kRa | kOe | kRcBit | kReadCa | kWriteCa}},
      {"subfze", {kWriteRt | kRa | kOe | kRcBit | kReadCa | kWriteCa}},
      {"addme", {kWriteRt | kRa | kOe | kRcBit | kReadCa | kWriteCa}},
      {"subfme", {kWriteRt | kRa | kOe | kRcBit | kReadCa | kWriteCa}},
      {"neg", {kWriteRt | kRa | kOe | kRcBit}},
      // mulh* have no OE (bit 21 reserved); the handler ignores it.
      {"mulhd", {kWriteRt | kRa | kRb | kRcBit}}, {"mulhdu", {kWriteRt | kRa | kRb | kRcBit}},
      {"mulhw", {kWriteRt | kRa | kRb | kRcBit}}, {"mulhwu", {kWriteRt | kRa | kRb | kRcBit}},
      {"mulld", {kXoAdd}}, {"mullw", {kXoAdd}},
      {"divd", {kXoAdd}}, {"divdu", {kXoAdd}}, {"divw", {kXoAdd}}, {"divwu", {kXoAdd}},
      {"divde", {kXoAdd}}, {"divdeu", {kXoAdd}}, {"divwe", {kXoAdd}}, {"divweu", {kXoAdd}},
      // ---- opcode 31 A/X-form ----
      {"isel", {kWriteRt | kRa0 | kRb | kIselBc}},
      {"cmp", {kWriteBf | kRa | kRb | kReadSo}}, {"cmpl", {kWriteBf | kRa | kRb | kReadSo}},
      {"tw", {kRa | kRb}}, {"td", {kRa | kRb}},
      {"mfcr", {kWriteRt, Special::mfcr}}, {"mtcrf", {kRs, Special::mtcrf}},
      {"lwarx", {kLoadX}}, {"lbarx", {kLoadX}}, {"lharx", {kLoadX}}, {"ldarx", {kLoadX}},
      {"ldx", {kLoadX}}, {"lwzx", {kLoadX}}, {"lbzx", {kLoadX}}, {"lhzx", {kLoadX}},
      {"lwax", {kLoadX}}, {"lhax", {kLoadX}},
      {"ldbrx", {kLoadX}}, {"lwbrx", {kLoadX}}, {"lhbrx", {kLoadX}},
      {"ldux", {kWriteRt | kRb | kUpdate}}, {"lwzux", {kWriteRt | kRb | kUpdate}},
      {"lbzux", {kWriteRt | kRb | kUpdate}}, {"lhzux", {kWriteRt | kRb | kUpdate}},
      {"lwaux", {kWriteRt | kRb | kUpdate}}, {"lhaux", {kWriteRt | kRb | kUpdate}},
      {"slw", {kXLogic}}, {"sld", {kXLogic}}, {"srw", {kXLogic}}, {"srd", {kXLogic}},
      {"and", {kXLogic}}, {"andc", {kXLogic}}, {"nor", {kXLogic}}, {"eqv", {kXLogic}},
      {"xor", {kXLogic}}, {"orc", {kXLogic}}, {"nand", {kXLogic}},
      {"or", {kXLogic, Special::or_hint}},
      {"sraw", {kXLogic | kWriteCa}}, {"srad", {kXLogic | kWriteCa}},
      {"srawi", {kUnary | kWriteCa}}, {"sradi", {kUnary | kWriteCa}},
      {"extswsli", {kUnary}},
      {"cntlzw", {kUnary}}, {"cntlzd", {kUnary}}, {"cnttzw", {kUnary}}, {"cnttzd", {kUnary}},
      {"extsb", {kUnary}}, {"extsh", {kUnary}}, {"extsw", {kUnary}},
      // popcnt*, prty*, cmpb, bpermd have no Rc (bit 31 reserved); the handlers ignore it.
      {"popcntb", {kWriteRa | kRs}}, {"popcntw", {kWriteRa | kRs}}, {"popcntd", {kWriteRa | kRs}},
      {"prtyw", {kWriteRa | kRs}}, {"prtyd", {kWriteRa | kRs}},
      {"cmpb", {kWriteRa | kRs | kRb}}, {"bpermd", {kWriteRa | kRs | kRb}},
      {"wait", {0}}, {"sync", {0}}, {"eieio", {0}},
      {"dcbst", {kAddrX}}, {"dcbf", {kAddrX}}, {"dcbt", {kAddrX}}, {"dcbtst", {kAddrX}},
      {"icbi", {kAddrX}}, {"dcbz", {kAddrX}},
      {"mfmsr", {kWriteRt}}, {"mtmsr", {kRs}}, {"mtmsrd", {kRs}},
      {"stdx", {kStoreX}}, {"stwx", {kStoreX}}, {"stbx", {kStoreX}}, {"sthx", {kStoreX}},
      {"stdbrx", {kStoreX}}, {"stwbrx", {kStoreX}}, {"sthbrx", {kStoreX}},
      {"stdux", {kRs | kRb | kUpdate}}, {"stwux", {kRs | kRb | kUpdate}},
      {"stbux", {kRs | kRb | kUpdate}}, {"sthux", {kRs | kRb | kUpdate}},
      {"stwcx.", {kStoreX | kSetsCr0}}, {"stdcx.", {kStoreX | kSetsCr0}},
      {"stbcx.", {kStoreX | kSetsCr0}}, {"sthcx.", {kStoreX | kSetsCr0}},
      {"setb", {kWriteRt | kReadBfa}},
      // cmprb / cmpeqb set the field to 0b0100 or 0: no SO.
      {"cmprb", {kWriteBf | kRa | kRb}}, {"cmpeqb", {kWriteBf | kRa | kRb}},
      {"modud", {kWriteRt | kRa | kRb}}, {"moduw", {kWriteRt | kRa | kRb}},
      {"modsd", {kWriteRt | kRa | kRb}}, {"modsw", {kWriteRt | kRa | kRb}},
      {"mfspr", {kWriteRt, Special::mfspr}}, {"mtspr", {kRs, Special::mtspr}},
      {"mftb", {kWriteRt}},
      {"lswi", {kRa0, Special::lswi}}, {"lswx", {kRa0 | kRb, Special::lswx}},
      {"stswi", {kRa0, Special::stswi}}, {"stswx", {kRa0 | kRb, Special::stswx}},
      {"mcrxrx", {kWriteBf | kReadCa | kReadSo}},
      // ---- FP / vector / VSX storage access (facility unavailable today): GPR operands ----
      {"lvsl", {kAddrX}}, {"lvsr", {kAddrX}}, {"lvebx", {kAddrX}}, {"lvehx", {kAddrX}},
      {"lvewx", {kAddrX}}, {"lvx", {kAddrX}}, {"lvxl", {kAddrX}},
      {"stvebx", {kAddrX}}, {"stvehx", {kAddrX}}, {"stvewx", {kAddrX}}, {"stvx", {kAddrX}},
      {"stvxl", {kAddrX}},
      {"lfsx", {kAddrX}}, {"lfdx", {kAddrX}}, {"lfiwax", {kAddrX}}, {"lfiwzx", {kAddrX}},
      {"stfsx", {kAddrX}}, {"stfdx", {kAddrX}}, {"stfiwx", {kAddrX}},
      {"lfsux", {kRb | kUpdate}}, {"lfdux", {kRb | kUpdate}},
      {"stfsux", {kRb | kUpdate}}, {"stfdux", {kRb | kUpdate}},
      {"lxvw4x", {kAddrX}}, {"lxvd2x", {kAddrX}}, {"stxvw4x", {kAddrX}}, {"stxvd2x", {kAddrX}},
      {"lfs", {kRa0}}, {"lfd", {kRa0}}, {"stfs", {kRa0}}, {"stfd", {kRa0}},
      {"lfdp", {kRa0}}, {"stfdp", {kRa0}},
      {"lfsu", {kUpdate}}, {"lfdu", {kUpdate}}, {"stfsu", {kUpdate}}, {"stfdu", {kUpdate}},
      {"fp59", {0}}, {"vsx60", {0}}, {"fp63", {0}},
  };
  return table;
}

// GPRs first .. first + count - 1, wrapping from r31 to r0 (string instructions).
uint64_t gpr_run(unsigned first, unsigned count) {
  uint64_t m = 0;
  for (unsigned i = 0; i < count && i < 32; ++i) m |= gpr_bit(first + i);
  return m;
}

// CR fields selected by an FXM mask (bits 12-19): FXM bit 0x80 >> f is field f.
uint64_t fxm_fields(uint32_t word) {
  unsigned fxm = (word >> 12) & 0xff;
  uint64_t m = 0;
  for (unsigned f = 0; f < 8; ++f)
    if (fxm & (0x80u >> f)) m |= cr_field_bit(f);
  return m;
}

// Book I 2.4: BO bit 2 (0x04) clear = decrement CTR and test it; BO bit 0 (0x10) clear = test
// CR bit BI.
void conditional_branch(InsnTiming& d, uint32_t word, bool may_decrement) {
  unsigned bo = (word >> 21) & 31, bi = (word >> 16) & 31;
  bool uses_ctr = may_decrement && !(bo & 4u);
  bool uses_cr = !(bo & 16u);
  if (uses_ctr) {
    d.reads |= resource_bit(kCtr);
    d.writes |= resource_bit(kCtr);
  }
  if (uses_cr) d.reads |= cr_field_bit(bi >> 2);
  if (uses_ctr || uses_cr) d.branch |= kConditional;
}

} // namespace

bool has_rule(const OpEntry& row) { return rules().count(row.mnemonic) != 0; }

InsnTiming describe(uint32_t word, const OpEntry* row) {
  InsnTiming d;
  if (row == nullptr) return d; // illegal: system class, serialising, no registers
  d.cls = row->timing;
  auto it = rules().find(row->mnemonic);
  if (it == rules().end()) {
    // No rule: assume the worst (every GPR and CR field read and written) so that the model
    // never lets a later instruction overtake it.
    d.reads = d.writes = kAllGprs | kAllCrFields;
    return d;
  }
  d.known = true;
  const Rule rule = it->second;
  const uint32_t u = rule.use;
  const unsigned rt = (word >> 21) & 31, ra = (word >> 16) & 31, rb = (word >> 11) & 31;
  const bool rc = word & 1u, oe = (word >> 10) & 1u;

  if (u & kRs) d.reads |= gpr_bit(rt);
  if (u & kRa) d.reads |= gpr_bit(ra);
  if ((u & kRa0) && ra != 0) d.reads |= gpr_bit(ra);
  if (u & kRb) d.reads |= gpr_bit(rb);
  if (u & kRc) d.reads |= gpr_bit((word >> 6) & 31);
  if (u & kReadCa) d.reads |= resource_bit(kXerCa);
  if (u & kReadSo) d.reads |= resource_bit(kXerSo);
  if (u & kWriteRt) d.writes |= gpr_bit(rt);
  if (u & kWriteRa) d.writes |= gpr_bit(ra);
  if (u & kWriteCa) d.writes |= resource_bit(kXerCa);
  if ((u & kOe) && oe) {
    d.reads |= resource_bit(kXerSo);
    d.writes |= resource_bit(kXerSo);
  }
  if (((u & kRcBit) && rc) || (u & kSetsCr0)) {
    d.writes |= cr_field_bit(0);
    d.reads |= resource_bit(kXerSo);
  }
  if (u & kWriteBf) d.writes |= cr_field_bit(rt >> 2);
  if (u & kReadBfa) d.reads |= cr_field_bit(ra >> 2);
  if (u & kCrLogic) {
    d.reads |= cr_field_bit(ra >> 2) | cr_field_bit(rb >> 2);
    d.writes |= cr_field_bit(rt >> 2);
  }
  if (u & kIselBc) d.reads |= cr_field_bit(((word >> 6) & 31) >> 2);
  if (u & kUpdate) {
    d.reads |= gpr_bit(ra);
    d.writes |= gpr_bit(ra);
    d.update_gpr = static_cast<uint8_t>(ra);
  }

  switch (rule.special) {
  case Special::none:
    break;
  case Special::b:
    d.branch = kIsBranch;
    break;
  case Special::bc:
    d.branch = kIsBranch;
    conditional_branch(d, word, true);
    break;
  case Special::bclr:
    d.branch = kIsBranch | kToLr;
    d.reads |= resource_bit(kLr);
    conditional_branch(d, word, true);
    break;
  case Special::bcctr:
    d.branch = kIsBranch | kToCtr;
    d.reads |= resource_bit(kCtr);
    conditional_branch(d, word, false); // BO2 = 0 is an invalid form: never decrements
    break;
  case Special::lmw:
    d.writes |= gpr_run(rt, 32 - rt);
    break;
  case Special::stmw:
    d.reads |= gpr_run(rt, 32 - rt);
    break;
  case Special::lswi:
  case Special::stswi: {
    unsigned nb = rb ? rb : 32;
    uint64_t regs = gpr_run(rt, (nb + 3) / 4);
    (rule.special == Special::lswi ? d.writes : d.reads) |= regs;
    break;
  }
  case Special::lswx: // the byte count is in XER: any GPR may be written
    d.reads |= resource_bit(kXerSo);
    d.writes |= kAllGprs;
    break;
  case Special::stswx:
    d.reads |= resource_bit(kXerSo) | kAllGprs;
    break;
  case Special::mtcrf:
    d.writes |= fxm_fields(word);
    break;
  case Special::mfcr: // bit 11 set = mfocrf: only the FXM-selected field
    d.reads |= ((word >> 20) & 1u) ? fxm_fields(word) : kAllCrFields;
    break;
  case Special::mfspr:
  case Special::mtspr: {
    unsigned spr = ((word >> 16) & 31) | (((word >> 11) & 31) << 5);
    uint64_t res = spr == 1   ? resource_bit(kXerCa) | resource_bit(kXerSo)
                   : spr == 8 ? resource_bit(kLr)
                   : spr == 9 ? resource_bit(kCtr)
                              : 0;
    (rule.special == Special::mfspr ? d.reads : d.writes) |= res;
    break;
  }
  case Special::or_hint: // or Rx,Rx,Rx (Rc=0) is a priority hint that leaves Rx alone
    if (rt == ra && ra == rb && !rc) d.reads = d.writes = 0;
    break;
  }
  if ((d.branch & kIsBranch) && rc) { // LK=1 (bit 31): LR = return address
    d.branch |= kLinks;
    d.writes |= resource_bit(kLr);
  }
  return d;
}

} // namespace ppc64sim::cpu::timing
