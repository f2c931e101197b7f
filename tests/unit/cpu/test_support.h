#pragma once
// Test helpers for the ISS: RAM over a std::vector (with or without a direct region), a fake
// hypervisor that records hcalls, a one-thread machine, and instruction encoders written from
// the ISA field layouts (Power ISA v3.0B Book I 1.6), independent of the decode table.
#include "models/cpu/iss.h"

#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

namespace ppc64sim::cpu::test {

// RAM at [0, size); optionally a direct region over all of it. Everything else is unmapped
// except an MMIO window that records writes and reads back 0x5A bytes.
class VectorMemory : public GuestMemory {
public:
  explicit VectorMemory(size_t size, bool dmi = true) : ram(size), dmi_(dmi) {}
  DirectRegion direct_region() override {
    if (!dmi_) return {};
    return {0, ram.size(), ram.data(), code_watch};
  }
  AccessStatus read(uint64_t addr, uint8_t* data, unsigned len, const AccessInfo&) override {
    ++slow_reads;
    if (addr < ram.size() && len <= ram.size() - addr) {
      std::memcpy(data, ram.data() + addr, len);
      return AccessStatus::ok;
    }
    if (addr >= mmio_base && addr + len <= mmio_base + 0x1000) {
      std::memset(data, 0x5A, len);
      return AccessStatus::ok;
    }
    return AccessStatus::unmapped;
  }
  AccessStatus write(uint64_t addr, const uint8_t* data, unsigned len, const AccessInfo&) override {
    ++slow_writes;
    if (addr < ram.size() && len <= ram.size() - addr) {
      std::memcpy(ram.data() + addr, data, len);
      return AccessStatus::ok;
    }
    if (addr >= mmio_base && addr + len <= mmio_base + 0x1000) {
      mmio_writes.emplace_back(addr, std::vector<uint8_t>(data, data + len));
      return AccessStatus::ok;
    }
    return AccessStatus::unmapped;
  }

  void put32(uint64_t addr, uint32_t v) { // big-endian
    for (int i = 0; i < 4; ++i) ram[addr + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
  }
  void put64(uint64_t addr, uint64_t v) {
    for (int i = 0; i < 8; ++i) ram[addr + i] = static_cast<uint8_t>(v >> (56 - 8 * i));
  }
  uint32_t get32(uint64_t addr) const {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | ram[addr + i];
    return v;
  }
  uint64_t get64(uint64_t addr) const {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | ram[addr + i];
    return v;
  }

  static constexpr uint64_t mmio_base = 0x40000000;
  CodeWatch* code_watch = nullptr; // the board's shared code-page record, when a test wants one
  std::vector<uint8_t> ram;
  std::vector<std::pair<uint64_t, std::vector<uint8_t>>> mmio_writes;
  unsigned slow_reads = 0, slow_writes = 0;

private:
  bool dmi_;
};

class FakeHypervisor : public HypervisorInterface {
public:
  struct Call {
    uint64_t opcode;
    uint64_t pc;
  };
  HcallResult hcall(ThreadState& s) override {
    calls.push_back({s.gpr[3], s.pc});
    if (action) return action(s);
    s.gpr[3] = 0; // H_SUCCESS
    return {};
  }
  std::vector<Call> calls;
  std::function<HcallResult(ThreadState&)> action;
};

// One running thread in 64-bit big-endian privileged real mode, code at 0x1000.
struct Machine {
  explicit Machine(uint64_t msr_value = msr::SF | msr::ME, bool dmi = true, size_t ram = 1 << 20)
      : mem(ram, dmi), monitor(2), iss(state, mem, hyp, monitor) {
    state.msr = msr_value;
    state.pc = 0x1000;
    state.run_state = RunState::running;
  }
  void load(const std::vector<uint32_t>& words, uint64_t at = 0x1000) {
    for (size_t i = 0; i < words.size(); ++i) mem.put32(at + 4 * i, words[i]);
  }
  StepResult run(uint64_t n) { return iss.step(n); }

  ThreadState state;
  VectorMemory mem;
  FakeHypervisor hyp;
  ReservationMonitor monitor;
  Iss iss;
};

// Two threads sharing one RAM (64 KiB) and one reservation monitor, in 64-bit big-endian real
// mode: for stores of one thread meeting the other's reservation.
struct ThreadPair {
  ThreadPair() : mem(1 << 16), monitor(2), iss0(s0, mem, hyp, monitor), iss1(s1, mem, hyp, monitor) {
    s0.msr = s1.msr = msr::SF | msr::ME;
    s0.pir = 0;
    s1.pir = 1;
    s0.run_state = s1.run_state = RunState::running;
  }
  // Thread 0 at 0x1000: ldarx r3,0,r4 then stdcx. r5,0,r4 on 0x8000 (storing 42). The test
  // steps it once to reserve, lets thread 1 run, then steps the stdcx.
  void reserve_and_store_conditional_at_0x8000() {
    s0.pc = 0x1000;
    s0.gpr[4] = 0x8000;
    s0.gpr[5] = 42;
    mem.put32(0x1000, 0x7c6020a8); // ldarx r3,0,r4
    mem.put32(0x1004, 0x7ca021ad); // stdcx. r5,0,r4
  }
  ThreadState s0, s1;
  VectorMemory mem;
  FakeHypervisor hyp;
  ReservationMonitor monitor;
  Iss iss0, iss1;
};

// ---- encoders (field positions in ISA numbering: bit 0 = MSB) ----
namespace enc {
inline uint32_t f(uint32_t v, int first, int last) { // place v in bits first..last
  int width = last - first + 1;
  return (v & ((1u << width) - 1)) << (31 - last);
}
inline uint32_t D(uint32_t op, uint32_t rt, uint32_t ra, int32_t imm) {
  return f(op, 0, 5) | f(rt, 6, 10) | f(ra, 11, 15) | f(static_cast<uint32_t>(imm), 16, 31);
}
inline uint32_t DS(uint32_t op, uint32_t rt, uint32_t ra, int32_t ds, uint32_t xo) {
  return f(op, 0, 5) | f(rt, 6, 10) | f(ra, 11, 15) | (static_cast<uint32_t>(ds) & 0xfffc) | xo;
}
inline uint32_t X(uint32_t op, uint32_t rt, uint32_t ra, uint32_t rb, uint32_t xo, uint32_t rc = 0) {
  return f(op, 0, 5) | f(rt, 6, 10) | f(ra, 11, 15) | f(rb, 16, 20) | f(xo, 21, 30) | rc;
}
inline uint32_t XO(uint32_t rt, uint32_t ra, uint32_t rb, uint32_t xo, uint32_t oe = 0, uint32_t rc = 0) {
  return f(31, 0, 5) | f(rt, 6, 10) | f(ra, 11, 15) | f(rb, 16, 20) | f(oe, 21, 21) | f(xo, 22, 30) | rc;
}
inline uint32_t M(uint32_t op, uint32_t rs, uint32_t ra, uint32_t sh, uint32_t mb, uint32_t me, uint32_t rc = 0) {
  return f(op, 0, 5) | f(rs, 6, 10) | f(ra, 11, 15) | f(sh, 16, 20) | f(mb, 21, 25) | f(me, 26, 30) | rc;
}
// MD-form: sh5 in bit 30, mb5 in bit 26.
inline uint32_t MD(uint32_t rs, uint32_t ra, uint32_t sh, uint32_t mb, uint32_t xo, uint32_t rc = 0) {
  return f(30, 0, 5) | f(rs, 6, 10) | f(ra, 11, 15) | f(sh & 31, 16, 20) | f(mb & 31, 21, 25) |
         f(mb >> 5, 26, 26) | f(xo, 27, 29) | f(sh >> 5, 30, 30) | rc;
}
inline uint32_t MDS(uint32_t rs, uint32_t ra, uint32_t rb, uint32_t mb, uint32_t xo, uint32_t rc = 0) {
  return f(30, 0, 5) | f(rs, 6, 10) | f(ra, 11, 15) | f(rb, 16, 20) | f(mb & 31, 21, 25) |
         f(mb >> 5, 26, 26) | f(xo, 27, 30) | rc;
}
inline uint32_t XS(uint32_t rs, uint32_t ra, uint32_t sh, uint32_t xo, uint32_t rc = 0) {
  return f(31, 0, 5) | f(rs, 6, 10) | f(ra, 11, 15) | f(sh & 31, 16, 20) | f(xo, 21, 29) | f(sh >> 5, 30, 30) | rc;
}
inline uint32_t I(int32_t li, uint32_t aa = 0, uint32_t lk = 0) {
  return f(18, 0, 5) | (static_cast<uint32_t>(li) & 0x03fffffc) | f(aa, 30, 30) | lk;
}
inline uint32_t Bc(uint32_t bo, uint32_t bi, int32_t bd, uint32_t aa = 0, uint32_t lk = 0) {
  return f(16, 0, 5) | f(bo, 6, 10) | f(bi, 11, 15) | (static_cast<uint32_t>(bd) & 0xfffc) | f(aa, 30, 30) | lk;
}
inline uint32_t XL(uint32_t bt, uint32_t ba, uint32_t bb, uint32_t xo, uint32_t lk = 0) {
  return f(19, 0, 5) | f(bt, 6, 10) | f(ba, 11, 15) | f(bb, 16, 20) | f(xo, 21, 30) | lk;
}
inline uint32_t mfspr(uint32_t rt, uint32_t spr) { return X(31, rt, spr & 31, spr >> 5, 339); }
inline uint32_t mtspr(uint32_t spr, uint32_t rs) { return X(31, rs, spr & 31, spr >> 5, 467); }
inline uint32_t addi(uint32_t rt, uint32_t ra, int32_t si) { return D(14, rt, ra, si); }
inline uint32_t li(uint32_t rt, int32_t si) { return addi(rt, 0, si); }
inline uint32_t nop() { return D(24, 0, 0, 0); } // ori 0,0,0
inline uint32_t sc(uint32_t lev = 0) { return f(17, 0, 5) | f(lev, 20, 26) | 2u; }
} // namespace enc

} // namespace ppc64sim::cpu::test
