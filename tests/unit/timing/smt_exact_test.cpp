// Cycle mode's exactness rules for what threads share (README.md, "SMT issue policy" and
// "Shared L2"): the SMT interleave (smt_order.h) and the other cores' L2 accesses seen a
// delay later (SharedL2). Hand-computed turns and hits, and the property they exist for: the
// same result whatever the window length and the host order of the cores.
#include "models/cpu/timing/smt_order.h"
#include "timing_bench.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <tuple>

namespace ppc64sim::cpu::timing::test {
namespace {

SmtTurn turn(std::vector<uint64_t> cycles, uint64_t end, std::vector<bool> eligible = {}) {
  if (eligible.empty()) eligible.assign(cycles.size(), true);
  return smt_turn(
      static_cast<unsigned>(cycles.size()), end, [&](unsigned t) { return static_cast<bool>(eligible[t]); },
      [&](unsigned t) { return cycles[t]; });
}

TEST(SmtTurn, TheEarliestThreadRunsUntilTheNextOneIsEarlier) {
  // Thread 0 at 10, thread 1 at 12: thread 0 stays first through cycle 12 (ties go to the
  // lower index), so it runs while its cycle is below 13.
  SmtTurn t = turn({10, 12}, 100);
  EXPECT_EQ(t.thread, 0u);
  EXPECT_EQ(t.from, 10u);
  EXPECT_EQ(t.until, 13u);
  // The other way round thread 1 (at 10) must stop on reaching 12: thread 0 is first there.
  t = turn({12, 10}, 100);
  EXPECT_EQ(t.thread, 1u);
  EXPECT_EQ(t.until, 12u);
}

TEST(SmtTurn, TiesGoToTheLowerThread) {
  SmtTurn t = turn({5, 5}, 100);
  EXPECT_EQ(t.thread, 0u);
  EXPECT_EQ(t.until, 6u);
  // Three threads {7, 3, 3}: thread 1 first, thread 2 second (cycle 3, higher index): 1 runs
  // through cycle 3, until 4.
  t = turn({7, 3, 3}, 100);
  EXPECT_EQ(t.thread, 1u);
  EXPECT_EQ(t.until, 4u);
}

TEST(SmtTurn, TheWindowEndAndIneligibleThreadsBound) {
  // Thread 0 is asleep (or parked): thread 1 alone runs to the window's end.
  SmtTurn t = turn({1, 20}, 50, {false, true});
  EXPECT_EQ(t.thread, 1u);
  EXPECT_EQ(t.until, 50u);
  // The second thread is beyond the end: the end bounds.
  t = turn({10, 80}, 50);
  EXPECT_EQ(t.until, 50u);
  // Every thread at or past the end: nobody runs in this window.
  t = turn({50, 61}, 50);
  EXPECT_EQ(t.thread, 2u);
  t = turn({1, 2}, 50, {false, false});
  EXPECT_EQ(t.thread, 2u);
}

TEST(SmtTurn, ThePairFormAnswersAsTheGeneralOne) {
  // Every combination of eligibility and cycles around each other and the window's end,
  // including the top of the range.
  const uint64_t values[] = {0, 1, 2, 3, 9, 10, 11, ~0ull - 1, ~0ull};
  for (const uint64_t end : values)
    for (const uint64_t c0 : values)
      for (const uint64_t c1 : values)
        for (unsigned e = 0; e < 4; ++e) {
          const bool e0 = (e & 1) != 0, e1 = (e & 2) != 0;
          const SmtTurn general = turn({c0, c1}, end, {e0, e1});
          const SmtTurn pair = smt_turn_pair(end, e0, c0, e1, c1);
          ASSERT_EQ(pair.thread, general.thread) << end << " " << c0 << " " << c1 << " " << e;
          if (general.thread == 2) continue; // nothing runs: from and until are not used
          EXPECT_EQ(pair.from, general.from);
          EXPECT_EQ(pair.until, general.until) << end << " " << c0 << " " << c1 << " " << e;
        }
}

// ---- turns of K cycles (timing.smt-turn-cycles) ----

SmtTurn blocks(uint64_t k, std::vector<uint64_t> cycles, uint64_t end, std::vector<bool> eligible = {}) {
  if (eligible.empty()) eligible.assign(cycles.size(), true);
  return smt_turn_blocks(
      static_cast<unsigned>(cycles.size()), k, end, [&](unsigned t) { return static_cast<bool>(eligible[t]); },
      [&](unsigned t) { return cycles[t]; });
}

TEST(SmtTurnBlocks, TheOrderIsByBlockThenThread) {
  // K = 4. Thread 0 at 10 (block 2), thread 1 at 12 (block 3): thread 0 goes first through
  // block 3 as well (a tie of blocks goes to the lower thread), so it runs while below 16.
  SmtTurn t = blocks(4, {10, 12}, 100);
  EXPECT_EQ(t.thread, 0u);
  EXPECT_EQ(t.from, 10u);
  EXPECT_EQ(t.until, 16u);
  // Thread 0 at 13 (block 3), thread 1 at 9 (block 2): thread 1 runs while in block 2.
  t = blocks(4, {13, 9}, 100);
  EXPECT_EQ(t.thread, 1u);
  EXPECT_EQ(t.until, 12u);
  // Same block, thread 1 earlier in it: the lower thread still goes first, to the block's end.
  t = blocks(4, {15, 12}, 100);
  EXPECT_EQ(t.thread, 0u);
  EXPECT_EQ(t.until, 16u);
  // ... and then thread 1 runs its block 3 (thread 0 at 16 is in block 4), until 16.
  t = blocks(4, {16, 12}, 100);
  EXPECT_EQ(t.thread, 1u);
  EXPECT_EQ(t.until, 16u);
}

TEST(SmtTurnBlocks, AWindowEndInsideABlockLetsEveryThreadReachIt) {
  // K = 16, window ends at 40 (inside block 2). Thread 0 at 45 is past it; thread 1 at 20
  // runs to the end although thread 0's block is the earlier one.
  SmtTurn t = blocks(16, {45, 20}, 40);
  EXPECT_EQ(t.thread, 1u);
  EXPECT_EQ(t.until, 40u);
  t = blocks(16, {40, 41}, 40);
  EXPECT_EQ(t.thread, 2u);
}

TEST(SmtTurnBlocks, OneCycleTurnsAreTheExactOrder) {
  const uint64_t values[] = {0, 1, 2, 3, 9, 10, 11, 1000};
  for (const uint64_t end : values)
    for (const uint64_t c0 : values)
      for (const uint64_t c1 : values)
        for (const uint64_t c2 : values)
          for (unsigned e = 0; e < 8; ++e) {
            const std::vector<bool> el{(e & 1) != 0, (e & 2) != 0, (e & 4) != 0};
            const SmtTurn exact = turn({c0, c1, c2}, end, el);
            const SmtTurn one = blocks(1, {c0, c1, c2}, end, el);
            ASSERT_EQ(one.thread, exact.thread) << end << " " << c0 << " " << c1 << " " << c2 << " " << e;
            if (exact.thread == 3) continue;
            EXPECT_EQ(one.from, exact.from);
            EXPECT_EQ(one.until, exact.until) << end << " " << c0 << " " << c1 << " " << c2 << " " << e;
          }
}

TEST(SmtTurnBlocks, ThePairFormAnswersAsTheGeneralOne) {
  const uint64_t values[] = {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 1000};
  for (const uint64_t k : {1u, 2u, 4u, 16u})
    for (const uint64_t end : values)
      for (const uint64_t c0 : values)
        for (const uint64_t c1 : values)
          for (unsigned e = 0; e < 4; ++e) {
            const bool e0 = (e & 1) != 0, e1 = (e & 2) != 0;
            const SmtTurn general = blocks(k, {c0, c1}, end, {e0, e1});
            const SmtTurn pair = smt_turn_pair_blocks(k, end, e0, c0, e1, c1);
            ASSERT_EQ(pair.thread, general.thread) << k << " " << end << " " << c0 << " " << c1 << " " << e;
            if (general.thread == 2) continue;
            EXPECT_EQ(pair.from, general.from);
            EXPECT_EQ(pair.until, general.until) << k << " " << end << " " << c0 << " " << c1 << " " << e;
          }
}

// Two threads of one core, each issuing four independent `li` from cycle 100 on the small
// model (2 issue slots per cycle), in the order of smt_turn (K = 1) or smt_turn_blocks.
// Returns each thread's cycle at the end and thread 1's issue-slot stall cycles.
std::tuple<uint64_t, uint64_t, uint64_t> two_threads_of_li(uint64_t k) {
  Board b(small_model(), 1, 2);
  b.warm(0, 0, 100);
  b.warm(0, 1, 100);
  std::vector<unsigned> left{4, 4};
  const auto more = [&](unsigned t) { return left[t] != 0; };
  const auto cycle = [&](unsigned t) { return b.cycle(0, t); };
  for (;;) {
    const SmtTurn tn = k == 1 ? smt_turn(2, 1000, more, cycle) : smt_turn_blocks(2, k, 1000, more, cycle);
    if (tn.thread == 2) break;
    while (more(tn.thread) && b.cycle(0, tn.thread) < tn.until) {
      const unsigned i = 4 - left[tn.thread]--;
      b.exec(0, tn.thread, addi(3 + i, 0, 1), 0x1004 + 4 * i);
    }
  }
  return {b.cycle(0, 0), b.cycle(0, 1), stall(b.stats(0, 1), Stall::issue_slots)};
}

TEST(SmtTurnBlocks, HandComputedSlotSharing) {
  // K = 2 (blocks of cycles 100-101, 102-103, ...). Thread 0 takes block 50 alone: li 1-2 at
  // 100, li 3-4 at 101, done at 102. Thread 1's block 50 then finds 100 and 101 full: its li 1
  // issues at 102 (2 stall cycles), which puts it at 103, past the block. Alone from there: li
  // 2 at 102 (the cycle's second slot), li 3 at 103 (102 full: 1 stall), li 4 at 103 (its
  // second slot): done at 104 with 3 stall cycles.
  EXPECT_EQ(two_threads_of_li(2), std::make_tuple(uint64_t{102}, uint64_t{104}, uint64_t{3}));
  // The exact order: thread 0 li 1-2 at 100 (then thread 1, at 100, is earlier); thread 1 li 1
  // at 101 (1 stall); thread 0 li 3 at 101 and li 4 at 102, done at 103; thread 1 li 2 at 102
  // (101 full: 1 stall), li 3 at 103 (102 full: 1 stall), li 4 at 103: 104, 3 stall cycles.
  // The same end for thread 1, one cycle earlier for thread 0 with turns of 2.
  EXPECT_EQ(two_threads_of_li(1), std::make_tuple(uint64_t{103}, uint64_t{104}, uint64_t{3}));
}

// ---- window independence of a shared core ----

constexpr uint32_t lwz(unsigned rt, unsigned ra, uint16_t d) { return (32u << 26) | (rt << 21) | (ra << 16) | d; }
constexpr uint32_t stw(unsigned rs, unsigned ra, uint16_t d) { return (36u << 26) | (rs << 21) | (ra << 16) | d; }

struct Op {
  uint32_t word;
  uint64_t pc, ea;
  uint32_t size;
};

// A thread's stream: loads and stores walking lines that conflict in the small L1D (and in
// the other thread's), dependent adds, spread over several fetch lines.
std::vector<Op> stream(unsigned thread, unsigned count) {
  std::vector<Op> ops;
  uint64_t pc = 0x1000 + 0x2000 * thread;
  for (unsigned i = 0; i < count; ++i, pc += 4) {
    const uint64_t ea = 0x10000 + 64 * ((i * (3 + thread)) % 40) + 0x400 * thread;
    switch (i % 4) {
    case 0: ops.push_back({lwz(5, 4, 0), pc, ea, 4}); break;
    case 1: ops.push_back({addi(5, 5, 1), pc, 0, 0}); break;
    case 2: ops.push_back({stw(5, 4, 0), pc, ea + 8, 4}); break;
    default: ops.push_back({addi(6 + thread, 6 + thread, 1), pc, 0, 0}); break;
    }
  }
  return ops;
}

using Outcome = std::vector<std::tuple<uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t>>;

// Runs the streams of `threads` threads of one core in windows of `window` cycles:
// interleaved by smt_turn (the cycle-mode rule) or, `sliced`, each thread its whole window
// in thread order (the former policy).
Outcome run_core(unsigned threads, uint64_t window, bool sliced, uint64_t k = 1) {
  Board b(small_model(), 1, threads);
  std::vector<std::vector<Op>> prog;
  std::vector<std::size_t> next(threads, 0);
  for (unsigned t = 0; t < threads; ++t) prog.push_back(stream(t, 400));
  auto left = [&](unsigned t) { return next[t] < prog[t].size(); };
  auto step = [&](unsigned t) {
    const Op& op = prog[t][next[t]++];
    b.access(0, t, op.word, op.pc, op.ea, op.size);
  };
  for (uint64_t start = 0;; start += window) {
    bool any = false;
    for (unsigned t = 0; t < threads; ++t) any |= left(t);
    if (!any) break;
    const uint64_t end = start + window;
    if (sliced) {
      for (unsigned t = 0; t < threads; ++t)
        while (left(t) && b.cycle(0, t) < end) step(t);
      continue;
    }
    for (;;) {
      const auto cycle = [&](unsigned t) { return b.cycle(0, t); };
      const SmtTurn tn = k == 1 ? smt_turn(threads, end, left, cycle) : smt_turn_blocks(threads, k, end, left, cycle);
      if (tn.thread == threads) break;
      while (left(tn.thread) && b.cycle(0, tn.thread) < tn.until) step(tn.thread);
    }
  }
  Outcome out;
  for (unsigned t = 0; t < threads; ++t) {
    const TimingStats s = b.stats(0, t);
    out.emplace_back(s.cycles, s.l1d_hits, s.l1i_misses, s.l2_hits, stall(s, Stall::issue_slots),
                     stall(s, Stall::load_use));
  }
  return out;
}

TEST(SmtInterleave, TheSameForEveryWindowLength) {
  for (unsigned threads : {2u, 4u}) {
    const Outcome whole = run_core(threads, uint64_t{1} << 40, false);
    uint64_t slot_stalls = 0;
    for (const auto& o : whole) slot_stalls += std::get<4>(o);
    EXPECT_GT(slot_stalls, 0u) << "the threads never competed for issue slots";
    for (uint64_t w : {1u, 3u, 7u, 64u, 1000u})
      EXPECT_EQ(run_core(threads, w, false), whole) << threads << " threads, window " << w;
  }
}

TEST(SmtInterleave, TurnsOfKCyclesAreTheSameForWindowsEndingAtMultiplesOfK) {
  for (unsigned threads : {2u, 4u}) {
    const Outcome exact = run_core(threads, uint64_t{1} << 40, false);
    for (uint64_t k : {4u, 16u}) {
      const Outcome whole = run_core(threads, uint64_t{1} << 40, false, k);
      EXPECT_NE(whole, exact) << "turns of " << k << " cycles changed nothing the threads share";
      for (uint64_t w : {k, 2 * k, 16 * k})
        EXPECT_EQ(run_core(threads, w, false, k), whole) << threads << " threads, K " << k << ", window " << w;
    }
  }
}

TEST(SmtInterleave, SlicesWouldDependOnTheWindow) {
  // What the interleave replaces: each thread running its whole window in turn takes the
  // shared slots and cache lines first in every window, which the window length changes.
  EXPECT_NE(run_core(2, 1000, true), run_core(2, 7, true));
}

// ---- the board's L2 between cores ----

// small_model's L2: 64-byte lines, 4 ways, 32 sets; lines 2 KiB apart share a set.
constexpr uint64_t kSet = 32 * 64;

TEST(SharedL2Delay, AnotherCoresFillArrivesAfterTheDelay) {
  SharedL2 l2(small_model(), 2, 10);
  bool hit = true;
  // Window [100, 110): core 0 fills A at 100, core 1 fills B at 101 and A at 105: A reaches
  // core 1 only at 100 + 10 = 110, so core 1 misses too.
  EXPECT_EQ(l2.fill(0, 100, 0x0, hit), 100u); // memory latency
  EXPECT_FALSE(hit);
  l2.fill(1, 101, 0x40, hit);
  EXPECT_FALSE(hit);
  l2.fill(1, 105, 0x0, hit);
  EXPECT_FALSE(hit);
  l2.start_window(110);
  // B (101 + 10 = 111) is not in core 0's view at 110; core 0's next access at 111 sees it.
  EXPECT_FALSE(l2.contains(0x40, 0));
  l2.fill(0, 111, 0x80, hit);
  EXPECT_TRUE(l2.contains(0x40, 0));
  EXPECT_EQ(l2.fill(0, 112, 0x40, hit), 10u); // L2 hit latency
  EXPECT_TRUE(hit);
}

TEST(SharedL2Delay, DueAtTheCycleMeansBeforeTheCoresOwnAccess) {
  SharedL2 l2(small_model(), 2, 10);
  bool hit = true;
  l2.fill(0, 100, 0x0, hit); // window [100, 110)
  l2.fill(0, 101, 0x40, hit);
  l2.start_window(110);
  // Core 0's fill of 0x0 (100) is due at core 1 at 110, 0x40 (101) at 111.
  EXPECT_TRUE(l2.contains(0x0, 1));
  EXPECT_FALSE(l2.contains(0x40, 1));
  EXPECT_EQ(l2.fill(1, 110, 0x40, hit), 100u); // at 110: not yet there
  EXPECT_FALSE(hit);
  l2.fill(1, 110, 0x80, hit);
  EXPECT_FALSE(hit);
  EXPECT_EQ(l2.fill(1, 111, 0x0, hit), 10u); // L2 hit latency
  EXPECT_TRUE(hit);
  EXPECT_EQ(l2.hits(), 1u);
  EXPECT_EQ(l2.misses(), 4u);
}

TEST(SharedL2Delay, AnotherCoresHitRefreshesTheLineAfterTheDelay) {
  // Core 0 fills four lines of one set at 100..103; core 1 touches the first at 104. Core 0
  // fills a fifth line of the set at 120: with the delay 10 core 1's touch (due at 114) made
  // the first line recent, so the second is evicted; with delay 20 (due at 124) the first is.
  for (uint64_t delay : {10u, 20u}) {
    SharedL2 l2(small_model(), 2, delay);
    bool hit;
    for (uint64_t i = 0; i < 4; ++i) l2.fill(0, 100 + i, i * kSet, hit);
    l2.fill(1, 104, 0, hit);
    l2.start_window(110);
    l2.fill(0, 120, 4 * kSet, hit);
    EXPECT_FALSE(hit);
    EXPECT_EQ(l2.contains(0, 0), delay == 10) << delay;
    EXPECT_EQ(l2.contains(kSet, 0), delay == 20) << delay;
  }
}

// Core accesses of a few windows, run in either host order of the cores.
std::vector<bool> run_l2(SharedL2& l2, bool reverse) {
  std::vector<bool> hits;
  for (uint64_t w = 0; w < 20; ++w) {
    const uint64_t start = 100 + 8 * w;
    l2.start_window(start);
    std::vector<bool> per_core[3];
    for (unsigned k = 0; k < 3; ++k) {
      const unsigned c = reverse ? 2 - k : k;
      for (uint64_t i = 0; i < 8; i += 1 + c) {
        bool hit;
        l2.fill(c, start + i, ((w * 7 + i * 3 + c * 5) % 9) * kSet, hit);
        per_core[c].push_back(hit);
      }
    }
    for (auto& v : per_core) hits.insert(hits.end(), v.begin(), v.end());
  }
  return hits;
}

TEST(SharedL2Delay, HostOrderOfTheCoresDoesNotMatter) {
  SharedL2 a(small_model(), 3, 8), b(small_model(), 3, 8);
  const std::vector<bool> ha = run_l2(a, false), hb = run_l2(b, true);
  EXPECT_EQ(ha, hb);
  EXPECT_GT(std::count(ha.begin(), ha.end(), true), 0);
  EXPECT_GT(std::count(ha.begin(), ha.end(), false), 0);
  EXPECT_EQ(a.save(), b.save());
}

TEST(SharedL2Delay, CheckpointCarriesThePendingAccesses) {
  SharedL2 a(small_model(), 3, 8);
  run_l2(a, false);
  EXPECT_GT(a.pending(), 0u);
  SharedL2 b(small_model(), 3, 8);
  ASSERT_EQ(b.load(a.save().data(), a.save().size()), "");
  EXPECT_EQ(run_l2(a, false), run_l2(b, true));
  // Another geometry is refused and leaves the L2 unchanged.
  SharedL2 c(small_model(), 2, 8);
  const std::vector<uint8_t> before = c.save();
  EXPECT_EQ(c.load(a.save().data(), a.save().size()), "L2 state: L2 cores is 3, this model has 2");
  EXPECT_EQ(c.save(), before);
}


// The rules of the views, applied eagerly: every filed access goes into every other core's
// view as soon as the core's cursor passes it (what SharedL2 did before it took them lazily).
class EagerViews {
public:
  EagerViews(const TimingParams& p, unsigned cores, uint64_t delay)
      : delay_(delay), views_(cores, TagCache(p.l2)), cursor_(cores, 0) {}
  bool fill(unsigned core, uint64_t cycle, uint64_t addr) {
    catch_up(core, cycle);
    window_.push_back(A{cycle, core, addr});
    return views_[core].access(addr, true);
  }
  void start_window(uint64_t cycle) {
    const auto before = [](const A& a, const A& b) { return a.cycle != b.cycle ? a.cycle < b.cycle : a.core < b.core; };
    std::stable_sort(window_.begin(), window_.end(), before);
    const std::size_t mid = log_.size();
    log_.insert(log_.end(), window_.begin(), window_.end());
    window_.clear();
    if (mid != 0 && mid != log_.size() && before(log_[mid], log_[mid - 1])) {
      std::size_t from = 0;
      for (std::size_t c : cursor_) from = std::max(from, c);
      std::inplace_merge(log_.begin() + static_cast<std::ptrdiff_t>(from),
                         log_.begin() + static_cast<std::ptrdiff_t>(std::max(mid, from)), log_.end(), before);
    }
    for (unsigned c = 0; c < views_.size(); ++c) catch_up(c, cycle);
  }
  bool contains(uint64_t addr, unsigned core) const { return views_[core].contains(addr); }

private:
  struct A {
    uint64_t cycle;
    unsigned core;
    uint64_t addr;
  };
  void catch_up(unsigned core, uint64_t cycle) {
    std::size_t& i = cursor_[core];
    for (; i < log_.size() && log_[i].cycle + delay_ <= cycle; ++i)
      if (log_[i].core != core) views_[core].access(log_[i].addr, true);
  }
  uint64_t delay_;
  std::vector<TagCache> views_;
  std::vector<A> log_, window_;
  std::vector<std::size_t> cursor_;
};

// Random boards: cores busy or asleep for long stretches, private, shared and streamed lines,
// windows of every length up to the delay, now and then a woken core whose first accesses
// lie before the window (its window is longer), and a checkpoint round trip on the way.
// long_sleeps: cores sleep for hundreds of windows, so that the views of small boards lag
// behind by many times the L2's lines and take their backlog cut down (take_backlog).
void compare_with_eager(unsigned cores, uint64_t seed, bool long_sleeps = false) {
  const uint64_t delay = 16;
  SharedL2 lazy(small_model(), cores, delay);
  EagerViews eager(small_model(), cores, delay);
  std::unique_ptr<SharedL2> restored;
  uint64_t x = seed;
  const auto rnd = [&x](uint64_t n) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    return (x >> 33) % n;
  };
  std::vector<bool> asleep(cores, false);
  std::vector<uint64_t> stream(cores, 0);
  uint64_t start = 1000, previous = 1000;
  for (unsigned w = 0; w < 3000; ++w) {
    lazy.start_window(start);
    eager.start_window(start);
    if (restored) restored->start_window(start);
    if (w == 1500) { // a checkpoint between windows, and a board restored from it
      restored = std::make_unique<SharedL2>(small_model(), cores, delay);
      const std::vector<uint8_t> bytes = lazy.save();
      ASSERT_EQ(restored->load(bytes.data(), bytes.size()), "");
      ASSERT_EQ(restored->save(), bytes);
    }
    for (unsigned c = 0; c < cores; ++c) {
      if (asleep[c]) continue; // (a probe would make the view take its set's entries)
      const uint64_t probe = rnd(4) * 64 + rnd(6) * kSet;
      ASSERT_EQ(lazy.contains(probe, c), eager.contains(probe, c)) << "window " << w << " core " << c;
    }
    const uint64_t length = 1 + rnd(delay);
    std::vector<unsigned> order(cores);
    for (unsigned c = 0; c < cores; ++c) order[c] = c;
    for (unsigned c = cores; c > 1; --c) std::swap(order[c - 1], order[rnd(c)]);
    for (unsigned c : order) {
      if (long_sleeps ? rnd(1000) < (asleep[c] ? 2 : 5) : rnd(100) < (asleep[c] ? 2 : 4)) asleep[c] = !asleep[c];
      if (asleep[c]) continue;
      uint64_t cycle = start + rnd(length);
      if (rnd(100) < 2) cycle = previous + rnd(start - previous + 1); // woken behind the window
      for (unsigned n = rnd(long_sleeps ? 12 : 6); n-- > 0;) {
        uint64_t addr;
        switch (rnd(4)) {
        case 0: addr = (c % 32) * 64 + rnd(5) * kSet; break;           // its own set
        case 1: addr = rnd(4) * 64 + rnd(6) * kSet; break;             // shared sets
        case 2: addr = (4096 + c * 100000 + stream[c]++) * 64; break;  // streamed
        default: addr = rnd(256) * 64; break;                          // anywhere
        }
        bool hit = false;
        lazy.fill(c, cycle, addr, hit);
        ASSERT_EQ(hit, eager.fill(c, cycle, addr)) << "window " << w << " core " << c;
        if (restored) {
          bool again = false;
          restored->fill(c, cycle, addr, again);
          ASSERT_EQ(again, hit) << "restored, window " << w << " core " << c;
        }
        cycle = std::min(cycle + rnd(3), start + length - 1);
      }
    }
    previous = start;
    start += length;
  }
  EXPECT_EQ(lazy.save(), restored->save());
}

TEST(SharedL2Delay, LazyViewsMatchTheEagerRules) {
  for (unsigned cores : {2u, 5u, 8u, 17u}) // (up to four cores the views are eager)
    for (uint64_t seed : {1u, 2u, 3u}) {
      SCOPED_TRACE(testing::Message() << cores << " cores, seed " << seed);
      compare_with_eager(cores, seed);
    }
}

// Up to four cores a view takes what its core passed only when the core looks it up, or, far
// behind, at a window's start: the newest lines of each set, once for every view that lags
// alike.
TEST(SharedL2Delay, LaggingViewsMatchTheEagerRules) {
  for (unsigned cores : {2u, 3u, 4u})
    for (uint64_t seed : {1u, 2u, 3u, 4u}) {
      SCOPED_TRACE(testing::Message() << cores << " cores, seed " << seed);
      compare_with_eager(cores, seed, true);
    }
}

// Two views lag alike, but each from a window with an access of its own: one walk cannot
// serve both (each must take the other's access, not its own).
TEST(SharedL2Delay, ViewsLaggingFromTheirOwnAccessesTakeEachOthers) {
  const uint64_t delay = 16;
  SharedL2 l2(small_model(), 3, delay);
  EagerViews eager(small_model(), 3, delay);
  const uint64_t a = 0, b = kSet; // one set: both stay whatever core 2 does elsewhere
  bool hit = false;
  l2.start_window(1000);
  eager.start_window(1000);
  l2.fill(0, 1000, a, hit);
  eager.fill(0, 1000, a);
  l2.fill(1, 1001, b, hit);
  eager.fill(1, 1001, b);
  // Cores 0 and 1 sleep while core 2 touches two lines of another set, far more often than
  // the L2 has lines: the walk back never fills every set and reaches the first window.
  uint64_t start = 1000;
  for (unsigned w = 0; w < 200; ++w) {
    start += delay;
    l2.start_window(start);
    eager.start_window(start);
    for (uint64_t i = 0; i < 8; ++i) {
      const uint64_t addr = 64 + (i % 2) * 2 * kSet;
      l2.fill(2, start + i, addr, hit);
      EXPECT_EQ(hit, eager.fill(2, start + i, addr));
    }
  }
  l2.start_window(start + delay);
  eager.start_window(start + delay);
  EXPECT_TRUE(eager.contains(b, 0));
  EXPECT_TRUE(eager.contains(a, 1));
  for (unsigned c = 0; c < 3; ++c)
    for (uint64_t addr : {a, b, uint64_t{64}, 64 + 2 * kSet})
      EXPECT_EQ(l2.contains(addr, c), eager.contains(addr, c)) << "core " << c << " line " << addr;
}

} // namespace
} // namespace ppc64sim::cpu::timing::test
