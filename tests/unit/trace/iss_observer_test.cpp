// The ISS tracing hooks (models/cpu/iss_observer.h) and Iss::cycles_in_step(), which
// the board places trace events with (platforms/board_tracing.h). Expected values follow from
// the ISA: Book III 7.5.7 (external interrupt, SRR0 = next instruction), 4.4.1 (rfid),
// PAPR 14.5.3 (sc 1 is an hcall).
#include "models/cpu/iss_observer.h"
#include "tests/unit/cpu/test_support.h"

#include <gtest/gtest.h>

namespace ppc64sim::cpu::test {
namespace {
using namespace enc;

struct Recorder : IssObserver {
  explicit Recorder(Iss& iss) : iss(iss) {}
  struct Exc { uint64_t vector, srr0, srr1, in_step; };
  struct Rfid { uint64_t to, msr, in_step; };
  void on_exception(const ThreadState&, uint64_t vector, uint64_t srr0, uint64_t srr1) override {
    exceptions.push_back({vector, srr0, srr1, iss.cycles_in_step()});
  }
  void on_rfid(const ThreadState&, uint64_t to, uint64_t msr) override {
    rfids.push_back({to, msr, iss.cycles_in_step()});
  }
  Iss& iss;
  std::vector<Exc> exceptions;
  std::vector<Rfid> rfids;
};

constexpr uint64_t kEnabled = msr::SF | msr::ME | msr::EE;
inline uint32_t mtmsrd_ee(uint32_t rs) { return X(31, rs, 1, 0, 178); }
inline uint32_t rfid() { return XL(0, 0, 0, 18); }

TEST(IssObserver, ExternalInterruptReportedWithSavedRegistersAndOffset) {
  Machine m;
  Recorder rec(m.iss);
  m.iss.set_observer(&rec);
  m.state.gpr[3] = msr::EE;
  m.load({nop(), nop(), mtmsrd_ee(3), nop()});
  m.iss.set_external_interrupt(true);
  m.run(10);
  ASSERT_FALSE(rec.exceptions.empty());
  EXPECT_EQ(rec.exceptions[0].vector, 0x500u);
  EXPECT_EQ(rec.exceptions[0].srr0, 0x100cu); // the instruction after mtmsrd
  EXPECT_EQ(rec.exceptions[0].srr1, kEnabled);
  EXPECT_EQ(rec.exceptions[0].in_step, 3u);   // nop, nop, mtmsrd retired before the boundary
}

TEST(IssObserver, RfidReportsTargetAndNewMsr) {
  Machine m;
  Recorder rec(m.iss);
  m.iss.set_observer(&rec);
  m.state.srr0 = 0x2000;
  m.state.srr1 = msr::SF | msr::ME;
  m.load({nop(), rfid()});
  m.load({nop()}, 0x2000);
  m.run(2);
  ASSERT_EQ(rec.rfids.size(), 1u);
  EXPECT_EQ(rec.rfids[0].to, 0x2000u);
  EXPECT_EQ(rec.rfids[0].msr, msr::SF | msr::ME);
  EXPECT_EQ(rec.rfids[0].in_step, 1u); // the nop before it
}

TEST(IssObserver, HcallSeesExactInstructionOffset) {
  Machine m;
  uint64_t seen = ~0ull;
  m.hyp.action = [&](ThreadState& s) {
    seen = m.iss.cycles_in_step();
    s.gpr[3] = 0;
    return HcallResult{};
  };
  m.load({nop(), nop(), nop(), sc(1), nop()});
  m.run(5);
  EXPECT_EQ(seen, 3u);
}

TEST(IssObserver, NoObserverNoCalls) {
  Machine m;
  Recorder rec(m.iss);
  m.iss.set_observer(&rec);
  m.iss.set_observer(nullptr);
  m.state.srr0 = 0x2000;
  m.state.srr1 = msr::SF | msr::ME;
  m.load({rfid()});
  m.run(1);
  EXPECT_TRUE(rec.rfids.empty());
  EXPECT_EQ(m.state.pc, 0x2000u);
}

} // namespace
} // namespace ppc64sim::cpu::test
