// Fixed-point storage access (Power ISA v3.0B Book I 3.3.2 - 3.3.7), load-and-reserve /
// store-conditional (Book II 4.6.2) and the cache-management / barrier instructions
// (Book II 4.3, 4.4).
#include "models/cpu/handlers.h"

#include <type_traits>

namespace ppc64sim::cpu::ops {
namespace {

template <typename T> uint64_t zext(T v) { return static_cast<uint64_t>(v); }
template <typename S, typename T> uint64_t sext(T v) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<S>(v)));
}

// D/DS-form and X-form loads; `update` writes the EA back to RA.
template <typename T, bool Signed> uint64_t extend(T v) {
  if constexpr (Signed) return sext<std::make_signed_t<T>>(v);
  else return zext(v);
}
template <typename T, bool Signed, bool Update> void load_d(Core& c, const Insn& in) {
  uint64_t ea = c.ea_d(in);
  c.gpr(in.rt) = extend<T, Signed>(c.load<T>(ea));
  if constexpr (Update) c.gpr(in.ra) = ea;
}
template <typename T, bool Signed, bool Update> void load_x(Core& c, const Insn& in) {
  uint64_t ea = c.ea_x(in);
  c.gpr(in.rt) = extend<T, Signed>(c.load<T>(ea));
  if constexpr (Update) c.gpr(in.ra) = ea;
}
template <typename T, bool Update> void store_d(Core& c, const Insn& in) {
  uint64_t ea = c.ea_d(in);
  c.store<T>(ea, static_cast<T>(c.gpr(in.rt)));
  if constexpr (Update) c.gpr(in.ra) = ea;
}
template <typename T, bool Update> void store_x(Core& c, const Insn& in) {
  uint64_t ea = c.ea_x(in);
  c.store<T>(ea, static_cast<T>(c.gpr(in.rt)));
  if constexpr (Update) c.gpr(in.ra) = ea;
}

// Book II 4.6.2: larx / stcx. need a naturally aligned EA, else Alignment interrupt.
template <typename T> void load_reserve(Core& c, const Insn& in) {
  uint64_t ea = c.ea_x(in);
  if (ea & (sizeof(T) - 1)) c.alignment(ea);
  T v = c.load<T>(ea);
  c.resv.reserve(c.st.pir, ea);
  if (c.sq) c.sq->note_reserve(c.st.pir, c.now_cycle()); // what the load saw (store_queue.h)
  c.gpr(in.rt) = zext(v);
}
template <typename T> void store_conditional(Core& c, const Insn& in) {
  uint64_t ea = c.ea_x(in);
  if (ea & (sizeof(T) - 1)) c.alignment(ea);
  // A watched stcx. stops before it consumes the reservation, so that it can run again.
  if (__builtin_expect(!c.watches.empty(), 0)) c.check_watch(ea, sizeof(T), true);
  bool ok = c.resv.consume(c.st.pir, ea);
  // Another thread's store between the larx's read and this store in coherence order.
  if (ok && c.sq) ok = c.sq->stcx_may_succeed(c.st.pir, c.now_cycle(), ea);
  if (ok) c.store<T>(ea, static_cast<T>(c.gpr(in.rt)));
  c.set_cr_field(0, (ok ? 2u : 0u) | c.so_bit());
}

} // namespace

void lbz(Core& c, const Insn& in) { load_d<uint8_t, false, false>(c, in); }
void lbzu(Core& c, const Insn& in) { load_d<uint8_t, false, true>(c, in); }
void lhz(Core& c, const Insn& in) { load_d<uint16_t, false, false>(c, in); }
void lhzu(Core& c, const Insn& in) { load_d<uint16_t, false, true>(c, in); }
void lha(Core& c, const Insn& in) { load_d<uint16_t, true, false>(c, in); }
void lhau(Core& c, const Insn& in) { load_d<uint16_t, true, true>(c, in); }
void lwz(Core& c, const Insn& in) { load_d<uint32_t, false, false>(c, in); }
void lwzu(Core& c, const Insn& in) { load_d<uint32_t, false, true>(c, in); }
void ld(Core& c, const Insn& in) { load_d<uint64_t, false, false>(c, in); }
void ldu(Core& c, const Insn& in) { load_d<uint64_t, false, true>(c, in); }
void lwa(Core& c, const Insn& in) { load_d<uint32_t, true, false>(c, in); }

void lbzx(Core& c, const Insn& in) { load_x<uint8_t, false, false>(c, in); }
void lbzux(Core& c, const Insn& in) { load_x<uint8_t, false, true>(c, in); }
void lhzx(Core& c, const Insn& in) { load_x<uint16_t, false, false>(c, in); }
void lhzux(Core& c, const Insn& in) { load_x<uint16_t, false, true>(c, in); }
void lhax(Core& c, const Insn& in) { load_x<uint16_t, true, false>(c, in); }
void lhaux(Core& c, const Insn& in) { load_x<uint16_t, true, true>(c, in); }
void lwzx(Core& c, const Insn& in) { load_x<uint32_t, false, false>(c, in); }
void lwzux(Core& c, const Insn& in) { load_x<uint32_t, false, true>(c, in); }
void lwax(Core& c, const Insn& in) { load_x<uint32_t, true, false>(c, in); }
void lwaux(Core& c, const Insn& in) { load_x<uint32_t, true, true>(c, in); }
void ldx(Core& c, const Insn& in) { load_x<uint64_t, false, false>(c, in); }
void ldux(Core& c, const Insn& in) { load_x<uint64_t, false, true>(c, in); }

void stb(Core& c, const Insn& in) { store_d<uint8_t, false>(c, in); }
void stbu(Core& c, const Insn& in) { store_d<uint8_t, true>(c, in); }
void sth(Core& c, const Insn& in) { store_d<uint16_t, false>(c, in); }
void sthu(Core& c, const Insn& in) { store_d<uint16_t, true>(c, in); }
void stw(Core& c, const Insn& in) { store_d<uint32_t, false>(c, in); }
void stwu(Core& c, const Insn& in) { store_d<uint32_t, true>(c, in); }
void std(Core& c, const Insn& in) { store_d<uint64_t, false>(c, in); }
void stdu(Core& c, const Insn& in) { store_d<uint64_t, true>(c, in); }

void stbx(Core& c, const Insn& in) { store_x<uint8_t, false>(c, in); }
void stbux(Core& c, const Insn& in) { store_x<uint8_t, true>(c, in); }
void sthx(Core& c, const Insn& in) { store_x<uint16_t, false>(c, in); }
void sthux(Core& c, const Insn& in) { store_x<uint16_t, true>(c, in); }
void stwx(Core& c, const Insn& in) { store_x<uint32_t, false>(c, in); }
void stwux(Core& c, const Insn& in) { store_x<uint32_t, true>(c, in); }
void stdx(Core& c, const Insn& in) { store_x<uint64_t, false>(c, in); }
void stdux(Core& c, const Insn& in) { store_x<uint64_t, true>(c, in); }

// Byte-reverse forms access the bytes in the opposite order of the current mode.
void lhbrx(Core& c, const Insn& in) { c.gpr(in.rt) = c.load<uint16_t>(c.ea_x(in), true); }
void lwbrx(Core& c, const Insn& in) { c.gpr(in.rt) = c.load<uint32_t>(c.ea_x(in), true); }
void ldbrx(Core& c, const Insn& in) { c.gpr(in.rt) = c.load<uint64_t>(c.ea_x(in), true); }
void sthbrx(Core& c, const Insn& in) { c.store<uint16_t>(c.ea_x(in), static_cast<uint16_t>(c.gpr(in.rt)), true); }
void stwbrx(Core& c, const Insn& in) { c.store<uint32_t>(c.ea_x(in), static_cast<uint32_t>(c.gpr(in.rt)), true); }
void stdbrx(Core& c, const Insn& in) { c.store<uint64_t>(c.ea_x(in), c.gpr(in.rt), true); }

// Book I 3.3.6: words RT..31 from consecutive addresses, zero-extended.
void lmw(Core& c, const Insn& in) {
  uint64_t ea = c.ea_d(in);
  for (unsigned r = in.rt; r < 32; ++r, ea = (ea + 4) & c.ea_mask) c.gpr(r) = c.load<uint32_t>(ea);
}
void stmw(Core& c, const Insn& in) {
  uint64_t ea = c.ea_d(in);
  for (unsigned r = in.rt; r < 32; ++r, ea = (ea + 4) & c.ea_mask)
    c.store<uint32_t>(ea, static_cast<uint32_t>(c.gpr(r)));
}

// Book I 3.3.7 string loads/stores: bytes fill the low word of RT, RT+1, ... (wrapping from r31
// to r0), high words cleared. Defined in big-endian mode only: little-endian mode takes the
// alignment interrupt, as QEMU does.
namespace {
void load_string(Core& c, uint64_t ea, unsigned rt, unsigned count) {
  if (c.le) c.alignment(ea);
  unsigned r = rt;
  for (unsigned i = 0; i < count; ++i, ea = (ea + 1) & c.ea_mask) {
    unsigned shift = 24 - 8 * (i % 4);
    if (i % 4 == 0) {
      if (i) r = (r + 1) % 32;
      c.gpr(r) = 0;
    }
    c.gpr(r) |= static_cast<uint64_t>(c.load<uint8_t>(ea)) << shift;
  }
}
void store_string(Core& c, uint64_t ea, unsigned rs, unsigned count) {
  if (c.le) c.alignment(ea);
  unsigned r = rs;
  for (unsigned i = 0; i < count; ++i, ea = (ea + 1) & c.ea_mask) {
    if (i && i % 4 == 0) r = (r + 1) % 32;
    c.store<uint8_t>(ea, static_cast<uint8_t>(c.gpr(r) >> (24 - 8 * (i % 4))));
  }
}
unsigned xer_byte_count(const Core& c) { return static_cast<unsigned>(c.st.xer & xer::BYTE_COUNT); }
} // namespace

void lswi(Core& c, const Insn& in) {
  load_string(c, in.ra ? c.gpr(in.ra) & c.ea_mask : 0, in.rt, in.rb ? in.rb : 32);
}
void lswx(Core& c, const Insn& in) { load_string(c, c.ea_x(in), in.rt, xer_byte_count(c)); }
void stswi(Core& c, const Insn& in) {
  store_string(c, in.ra ? c.gpr(in.ra) & c.ea_mask : 0, in.rt, in.rb ? in.rb : 32);
}
void stswx(Core& c, const Insn& in) { store_string(c, c.ea_x(in), in.rt, xer_byte_count(c)); }

void lbarx(Core& c, const Insn& in) { load_reserve<uint8_t>(c, in); }
void lharx(Core& c, const Insn& in) { load_reserve<uint16_t>(c, in); }
void lwarx(Core& c, const Insn& in) { load_reserve<uint32_t>(c, in); }
void ldarx(Core& c, const Insn& in) { load_reserve<uint64_t>(c, in); }
void stbcx(Core& c, const Insn& in) { store_conditional<uint8_t>(c, in); }
void sthcx(Core& c, const Insn& in) { store_conditional<uint16_t>(c, in); }
void stwcx(Core& c, const Insn& in) { store_conditional<uint32_t>(c, in); }
void stdcx(Core& c, const Insn& in) { store_conditional<uint64_t>(c, in); }

// Book II 4.3.2: dcbz zeroes the whole aligned block (128 bytes on POWER9).
void dcbz(Core& c, const Insn& in) {
  static constexpr unsigned block = 128;
  static const uint8_t zeros[block] = {};
  uint64_t ea = c.ea_x(in) & ~static_cast<uint64_t>(block - 1);
  c.store_bytes(ea, zeros, block);
}
// dcbf/dcbst/dcbt/dcbtst/icbi: no caches are modelled and instruction fetch re-checks the
// predecoded word against memory, so these are no-ops (they never trap in real mode).
// icbi (XO 982) makes the predecoded code be re-checked against memory (Book II 1.8, 4.3.1).
void cache_hint(Core& c, const Insn& in) {
  if (((in.word >> 1) & 0x3ffu) == 982) c.raise(events::fetch_sync);
}
// sync/lwsync/ptesync/eieio/isync: the ISS executes in program order, one access at a time.
// isync (primary 19) is the context synchronisation after which another thread's code
// change must be seen (Book II 1.8): re-check the predecoded code.
// With a store queue (cycle mode, several threads), sync (L = 0, and ptesync) waits until the
// thread's stores are visible to every other thread, as hardware waits for its store queue to
// drain; lwsync and eieio need nothing (the queue keeps each thread's stores in order).
void barrier(Core& c, const Insn& in) {
  if ((in.word >> 26) == 19) c.raise(events::fetch_sync);
  else if (c.sq && ((in.word >> 1) & 0x3ffu) == 598 && ((in.word >> 21) & 3u) != 1) c.drain_own_stores();
}

} // namespace ppc64sim::cpu::ops
