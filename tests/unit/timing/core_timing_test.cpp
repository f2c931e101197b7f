// Hand-computed cycle counts for real instruction sequences. Unless a test says otherwise it
// uses small_model() (timing_bench.h) and starts at cycle 200 with a warm fetch line 0x1000.
// Rules applied (README.md): an instruction issues at max(floor, operands ready) and then in
// the first cycle with a free slot; a result is ready at issue + latency; the next instruction
// of the thread may issue in the same cycle unless a branch was taken (next cycle), mispredicted
// (issue + penalty), a system instruction serialises (issue + its latency) or a device access
// blocks (issue + device latency). cycle() = max(floor, last issue + 1).
#include "timing_bench.h"

#include <gtest/gtest.h>

namespace ppc64sim::cpu::timing::test {
namespace {

TEST(CoreTiming, AddiHelperMatchesTheAssembler) {
  EXPECT_EQ(addi(3, 3, 1), 0x38630001u);
  EXPECT_EQ(addi(6, 1, 1), 0x38C10001u);
  EXPECT_EQ(addi(8, 1, 1), 0x39010001u);
}

TEST(CoreTiming, WarmUpCostsAColdFetchMiss) {
  Board b(small_model());
  b.exec(0, 0, kNop, 0x1000);
  // L1I miss and L2 miss: memory 100 - L1I hit 1 = 99 stall cycles, issue at 99, cycle 100.
  EXPECT_EQ(b.cycle(), 100u);
  EXPECT_EQ(stall(b.stats(), Stall::fetch), 99u);
}

TEST(CoreTiming, IndependentAluOpsFillTheIssueWidth) {
  Board b(small_model());
  b.warm(0, 0, 200);
  for (unsigned i = 0; i < 6; ++i) b.exec(0, 0, addi(3 + i, 1, 1), 0x1004 + 4 * i);
  // 6 independent addi at width 2: issue cycles 200,200,201,201,202,202 -> cycle 203.
  EXPECT_EQ(b.cycle(), 203u);
  // The 3rd and 5th each found their floor cycle full: 1 + 1 slot-stall cycles.
  EXPECT_EQ(stall(b.stats(), Stall::issue_slots), 2u);
  EXPECT_EQ(b.stats().instructions, 7u); // + the warm-up nop
}

TEST(CoreTiming, DefaultModelIssuesSixPerCycle) {
  Board b(TimingParams{});
  b.warm(0, 0, 1000); // default: memory 300 - L1I hit 3 -> nop at 297, then idle to 1000
  for (unsigned i = 0; i < 12; ++i) b.exec(0, 0, addi(3 + i, 1, 1), 0x1004 + 4 * i);
  // 12 independent addi at width 6: cycles 1000 (6) and 1001 (6) -> cycle 1002.
  EXPECT_EQ(b.cycle(), 1002u);
}

TEST(CoreTiming, DependencyChainWaitsForEachResult) {
  Board b(small_model());
  b.warm(0, 0, 200);
  for (unsigned i = 0; i < 4; ++i) b.exec(0, 0, kAddi_3_3_1, 0x1004 + 4 * i);
  // addi 3,3,1 x4, ALU latency 2: issue 200, 202, 204, 206 -> cycle 207; 3 waits of 2.
  EXPECT_EQ(b.cycle(), 207u);
  EXPECT_EQ(stall(b.stats(), Stall::dependency), 6u);
}

TEST(CoreTiming, DefaultModelDependencyChain) {
  Board b(TimingParams{});
  b.warm(0, 0, 1000);
  for (unsigned i = 0; i < 4; ++i) b.exec(0, 0, kAddi_3_3_1, 0x1004 + 4 * i);
  // Default ALU latency 2: issue 1000, 1002, 1004, 1006 -> cycle 1007.
  EXPECT_EQ(b.cycle(), 1007u);
}

TEST(CoreTiming, LoadUseStallIsTheL1DHitLatency) {
  Board b(small_model());
  b.warm(0, 0, 200);
  b.access(0, 0, 0xE8C30000, 0x1004, 0x8000, 8); // ld 6,0(3): cold, brings line 0x8000 in
  b.core[0]->idle_until(0, 400);
  b.access(0, 0, 0xE8830008, 0x1008, 0x8008, 8); // ld 4,8(3): L1D hit at 400, r4 at 403
  b.exec(0, 0, 0x38A40001, 0x100C);              // addi 5,4,1: waits 3, issues 403
  EXPECT_EQ(b.cycle(), 404u);
  EXPECT_EQ(stall(b.stats(), Stall::load_use), 3u);
  EXPECT_EQ(b.stats().l1d_misses, 1u);
  EXPECT_EQ(b.stats().l1d_hits, 1u);
}

TEST(CoreTiming, MultiplyAndDivideLatencies) {
  Board b(small_model());
  b.warm(0, 0, 200);
  b.exec(0, 0, 0x7CA321D2, 0x1004); // mulld 5,3,4: issue 200, r5 at 204
  b.exec(0, 0, 0x7CC52A14, 0x1008); // add 6,5,5: waits 4, issues 204
  b.exec(0, 0, 0x7CE323D2, 0x100C); // divd 7,3,4: independent, 2nd slot of 204, r7 at 224
  b.exec(0, 0, 0x7D073A14, 0x1010); // add 8,7,7: waits 20, issues 224
  EXPECT_EQ(b.cycle(), 225u);
  EXPECT_EQ(stall(b.stats(), Stall::dependency), 24u); // 4 + 20
}

TEST(CoreTiming, BimodalPredictorTrainsThenMispredictsTheExit) {
  Board b(small_model());
  b.warm(0, 0, 200);
  const uint32_t bdnz = 0x4200FFFC; // bdnz .-4 at 0x1010, target 0x100C
  // 1st: counter starts weakly not-taken (1) -> predicts not taken, taken: mispredict.
  //      issue 200, next issue 200 + 8 = 208; counter -> 2.
  b.branch(0, 0, bdnz, 0x1010, true, 0x100C);
  EXPECT_EQ(b.cycle(), 208u);
  // 2nd, 3rd: predicted taken, taken: issue 208, 209; a taken branch ends the group (+1).
  b.branch(0, 0, bdnz, 0x1010, true, 0x100C);
  b.branch(0, 0, bdnz, 0x1010, true, 0x100C);
  EXPECT_EQ(b.cycle(), 210u);
  // 4th (loop exit): counter 3 predicts taken, not taken: mispredict, issue 210 -> 218.
  b.branch(0, 0, bdnz, 0x1010, false, 0x100C);
  EXPECT_EQ(b.cycle(), 218u);
  TimingStats s = b.stats();
  EXPECT_EQ(s.branches, 4u);
  EXPECT_EQ(s.mispredicts, 2u);
  EXPECT_EQ(stall(s, Stall::mispredict), 14u); // 2 x (8 - 1)
}

TEST(CoreTiming, StaticPredictorIsBackwardTakenForwardNotTaken) {
  TimingParams p = small_model();
  p.predictor = PredictorKind::static_btfn;
  Board b(p);
  b.warm(0, 0, 200);
  b.branch(0, 0, 0x4200FFFC, 0x1010, true, 0x100C); // bdnz backward, taken: right, 200 -> 201
  EXPECT_EQ(b.cycle(), 201u);
  b.branch(0, 0, 0x41820008, 0x1020, true, 0x1028); // beq forward, taken: wrong, 201 -> 209
  EXPECT_EQ(b.cycle(), 209u);
  EXPECT_EQ(b.stats().mispredicts, 1u);
}

TEST(CoreTiming, GsharePredictorLearnsAnAlternatingBranch) {
  TimingParams p = small_model();
  p.predictor = PredictorKind::gshare;
  Board b(p);
  b.warm(0, 0, 200);
  // beq at 0x1020 alternating T, N, T, N, ...: with history, the pattern becomes predictable.
  // The counters (16 entries, index (pc >> 2) ^ history) see history values 0, 1, 2, 5, 10, 5,
  // 10, ... (4 history bits): after the first few, two counters alternate and each trains.
  unsigned late_mispredicts = 0;
  for (unsigned i = 0; i < 40; ++i) {
    uint64_t before = b.stats().mispredicts;
    b.branch(0, 0, 0x41820008, 0x1020, i % 2 == 0, 0x1028);
    if (i >= 20) late_mispredicts += static_cast<unsigned>(b.stats().mispredicts - before);
  }
  EXPECT_EQ(late_mispredicts, 0u);
}

TEST(CoreTiming, LinkStackPredictsReturns) {
  Board b(small_model());
  b.warm(0, 0, 200);
  b.branch(0, 0, 0x48000011, 0x1010, true, 0x1020); // bl .+16: pushes 0x1014, 200 -> 201
  b.branch(0, 0, 0x4E800020, 0x1020, true, 0x1014); // blr: LR ready 201, stack top right
  EXPECT_EQ(b.cycle(), 202u);
  EXPECT_EQ(b.stats().mispredicts, 0u);
  b.branch(0, 0, 0x4E800020, 0x1018, true, 0x1080); // blr with an empty stack: 202 -> 210
  EXPECT_EQ(b.cycle(), 210u);
  EXPECT_EQ(b.stats().mispredicts, 1u);
  b.branch(0, 0, 0x429F0005, 0x1030, true, 0x1034); // bcl 20,31,.+4 reads the PC: no push
  b.branch(0, 0, 0x4E800020, 0x1034, true, 0x1038); // so this return is not predicted
  EXPECT_EQ(b.stats().mispredicts, 2u);
}

TEST(CoreTiming, CountCachePredictsRepeatedBcctrTargets) {
  Board b(small_model());
  b.warm(0, 0, 200);
  b.branch(0, 0, 0x4E800421, 0x1010, true, 0x1040); // bctrl: no target yet, 200 -> 208
  b.branch(0, 0, 0x4E800421, 0x1010, true, 0x1040); // same target: right, 208 -> 209
  EXPECT_EQ(b.cycle(), 209u);
  EXPECT_EQ(b.stats().mispredicts, 1u);
}

TEST(CoreTiming, ICacheColdMissesThenHitsAndTheL2IsShared) {
  Board b(small_model(), 2);
  b.exec(0, 0, addi(3, 1, 1), 0x1000); // L1I miss, L2 miss: stall 100 - 1 = 99, issue 99
  EXPECT_EQ(b.cycle(0), 100u);
  b.exec(0, 0, addi(4, 1, 1), 0x1100); // next 256 B line: miss again, floor 99 + 99 -> 198
  EXPECT_EQ(b.cycle(0), 199u);
  b.exec(0, 0, addi(5, 1, 1), 0x1008); // back to line 0x1000: L1I hit, 2nd slot of 198
  EXPECT_EQ(b.cycle(0), 199u);
  TimingStats s = b.stats(0);
  EXPECT_EQ(s.l1i_misses, 2u);
  EXPECT_EQ(s.l1i_hits, 1u);
  EXPECT_EQ(s.l2_misses, 2u);
  EXPECT_EQ(stall(s, Stall::fetch), 198u);
  // Core 1 misses its own L1I but hits the line core 0 brought into the shared L2:
  // stall 10 - 1 = 9, issue 9, cycle 10.
  b.exec(1, 0, addi(3, 1, 1), 0x1000);
  EXPECT_EQ(b.cycle(1), 10u);
  EXPECT_EQ(b.stats(1).l2_hits, 1u);
}

TEST(CoreTiming, DCacheColdMissThenHitAndL2HitVersusMemory) {
  Board b(small_model(), 2);
  b.warm(0, 0, 200);
  b.access(0, 0, 0xE8830000, 0x1004, 0x8000, 8); // ld 4,0(3): L1D+L2 miss, r4 at 200+100
  b.exec(0, 0, 0x38A40001, 0x1008);              // addi 5,4,1: issue 300
  EXPECT_EQ(b.cycle(0), 301u);
  b.access(0, 0, 0xE8C30008, 0x100C, 0x8008, 8); // ld 6,8(3): L1D hit, 2nd slot of 300
  b.exec(0, 0, 0x38E60001, 0x1010);              // addi 7,6,1: r6 at 303
  EXPECT_EQ(b.cycle(0), 304u);
  EXPECT_EQ(stall(b.stats(0), Stall::load_use), 103u); // 100 + 3
  EXPECT_EQ(b.stats(0).l1d_misses, 1u);
  EXPECT_EQ(b.stats(0).l1d_hits, 1u);
  // Core 1: own L1D misses, the shared L2 hits: r4 at 200 + 10, addi issues 210.
  b.warm(1, 0, 200);
  b.access(1, 0, 0xE8830000, 0x1004, 0x8000, 8);
  b.exec(1, 0, 0x38A40001, 0x1008);
  EXPECT_EQ(b.cycle(1), 211u);
  EXPECT_EQ(b.stats(1).l1d_misses, 1u);
  EXPECT_EQ(b.l2.hits(), 2u); // core 1's warm-up fetch and this load
}

TEST(CoreTiming, StoresWriteThroughWithoutAllocatingInL1D) {
  Board b(small_model());
  b.warm(0, 0, 200);
  b.access(0, 0, 0xF8830000, 0x1004, 0x9000, 8); // std 4,0(3): L1D miss, L2 miss; no delay
  EXPECT_EQ(b.cycle(), 201u);
  b.access(0, 0, 0xE8A30000, 0x1008, 0x9000, 8); // ld 5,0(3): L1D miss again, L2 hit: r5 210
  b.exec(0, 0, 0x38C50001, 0x100C);              // addi 6,5,1: issue 210
  EXPECT_EQ(b.cycle(), 211u);
  EXPECT_EQ(b.stats().l1d_misses, 2u);
}

TEST(CoreTiming, DeviceAccessBlocksTheThread) {
  Board b(small_model());
  b.warm(0, 0, 200);
  b.access(0, 0, 0x80830000, 0x1004, 0xF000, 4, true); // lwz 4,0(3) from a device: 200 -> 250
  EXPECT_EQ(b.cycle(), 250u);
  b.exec(0, 0, addi(5, 1, 1), 0x1008);
  EXPECT_EQ(b.cycle(), 251u);
  EXPECT_EQ(stall(b.stats(), Stall::device), 49u);
  EXPECT_EQ(b.stats().device_accesses, 1u);
  EXPECT_EQ(b.stats().l1d_misses + b.stats().l1d_hits, 0u); // devices bypass the caches
}

TEST(CoreTiming, SystemInstructionsSerialise) {
  Board b(small_model());
  b.warm(0, 0, 200);
  b.exec(0, 0, 0x4C00012C, 0x1004); // isync: system latency 10, next issue 210
  b.exec(0, 0, addi(3, 1, 1), 0x1008);
  EXPECT_EQ(b.cycle(), 211u);
  EXPECT_EQ(stall(b.stats(), Stall::serialize), 9u);
}

TEST(CoreTiming, UpdateFormAddressIsReadyAfterAluLatency) {
  Board b(small_model());
  b.warm(0, 0, 200);
  b.access(0, 0, 0x84830008, 0x1004, 0x9008, 4); // lwzu 4,8(3): cold miss, r4 at 300
  b.exec(0, 0, addi(5, 3, 1), 0x1008);           // addi 5,3,1: r3 ready at 200 + 2
  EXPECT_EQ(b.cycle(), 203u);
}

TEST(CoreTiming, SmtThreadsContendForIssueSlots) {
  // One thread alone: 4 independent addi at width 2 take cycles 200 and 201.
  Board alone(small_model(), 1, 1);
  alone.warm(0, 0, 200);
  for (unsigned i = 0; i < 4; ++i) alone.exec(0, 0, addi(3 + i, 1, 1), 0x1004 + 4 * i);
  EXPECT_EQ(alone.cycle(0, 0), 202u);

  // Two threads, run one after the other (as the ISS runs slices): thread 0 takes both slots
  // of 200 and 201; thread 1 finds them full and issues at 202, 202, 203, 203.
  Board smt(small_model(), 1, 2);
  smt.warm(0, 0, 200);
  smt.warm(0, 1, 200); // the fetch line is already in the core's L1I: no stall
  for (unsigned i = 0; i < 4; ++i) smt.exec(0, 0, addi(3 + i, 1, 1), 0x1004 + 4 * i);
  for (unsigned i = 0; i < 4; ++i) smt.exec(0, 1, addi(3 + i, 1, 1), 0x1004 + 4 * i);
  EXPECT_EQ(smt.cycle(0, 0), 202u);
  EXPECT_EQ(smt.cycle(0, 1), 204u);
  EXPECT_EQ(stall(smt.stats(0, 1), Stall::issue_slots), 3u); // 2 (1st) + 1 (3rd)
  EXPECT_EQ(smt.core[0]->core_stats().cycles, 204u);
  EXPECT_EQ(smt.core[0]->core_stats().instructions, 10u); // 2 nops + 8 addi
}

TEST(CoreTiming, ChargesAndIdleMoveTheThreadForward) {
  Board b(small_model());
  b.warm(0, 0, 200);
  b.core[0]->charge(0, Charge::exception);          // default 20: 200 -> 220
  b.core[0]->charge_cycles(0, Charge::hcall, 100);  // 220 -> 320
  EXPECT_EQ(b.cycle(), 320u);
  b.exec(0, 0, addi(3, 1, 1), 0x1004);              // issues 320
  EXPECT_EQ(b.cycle(), 321u);
  b.core[0]->idle_until(0, 1000);
  b.core[0]->idle_until(0, 500); // already past: no effect
  EXPECT_EQ(b.cycle(), 1000u);
  TimingStats s = b.stats();
  EXPECT_EQ(s.charged_cycles[static_cast<int>(Charge::exception)], 20u);
  EXPECT_EQ(s.charged_cycles[static_cast<int>(Charge::hcall)], 100u);
  EXPECT_EQ(s.charges[static_cast<int>(Charge::hcall)], 1u);
  EXPECT_EQ(s.idle_cycles, (200u - 100u) + (1000u - 321u)); // warm-up sleep + this one
}

} // namespace
} // namespace ppc64sim::cpu::timing::test
