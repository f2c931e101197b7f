// The ISS's per-instruction path, retire(t, PreparedTiming, f), against the reference
// retire(t, InsnTiming, f) (README.md's rules written out step by step): two boards receive
// the same random stream of instructions, facts, charges and idle periods, one through each
// form, and must agree on every thread's cycle after every step and on every byte of their
// checkpoints (scoreboards, issue ring, predictors, caches, statistics) along the way.
// The streams are built to reach every branch of the prepared path: operand lists and
// masks, fresh and shared issue cycles, full cycles, SMT threads lagging behind one another
// and beyond the issue window, line-crossing and device accesses, cache misses, every branch
// kind, update forms, system-class and illegal words.
#include "timing_bench.h"

#include <gtest/gtest.h>

#include <random>

namespace ppc64sim::cpu::timing::test {
namespace {

// A word of a random decode-table row with random operand fields, or (1 in 16) any word.
uint32_t random_word(std::mt19937_64& rng) {
  if (rng() % 16 == 0) return static_cast<uint32_t>(rng());
  const OpEntry& row = kDecodeTable[rng() % kDecodeTableSize];
  return row.match | (static_cast<uint32_t>(rng()) & ~row.mask);
}

struct Stream {
  std::mt19937_64 rng;
  std::vector<uint64_t> pc; // per (core, thread)
  std::vector<uint64_t> calls; // return addresses the threads may branch back to
  explicit Stream(uint64_t seed, std::size_t threads) : rng(seed), pc(threads) {
    for (std::size_t i = 0; i < threads; ++i) pc[i] = 0x10000 * (i + 1);
  }
  uint64_t pick(std::initializer_list<uint64_t> xs) { return *(xs.begin() + rng() % xs.size()); }

  // Facts for one execution of `word` at the thread's pc; moves the pc on.
  ExecFacts facts(uint32_t word, uint64_t& at) {
    ExecFacts f;
    f.pc = at;
    const InsnTiming d = describe(word, decode_lookup(word));
    if (d.cls == Timing::load || d.cls == Timing::store || rng() % 32 == 0) {
      // A few hot lines (hits), a wide region (misses), line crossings, odd sizes, devices.
      const uint64_t base = pick({0x8000, 0x8040, 0x9000, 0x20000});
      f.ea = rng() % 4 == 0 ? rng() % (1u << 22) : base + rng() % 256;
      f.size = static_cast<uint32_t>(pick({8, 8, 8, 4, 1, 16, 0, 300}));
      if (rng() % 64 == 0) f.ea = ~0ull - rng() % 16; // wraps past the top of the address space
      f.device = rng() % 16 == 0;
    }
    uint64_t next = at + 4;
    if (d.branch & kIsBranch) {
      f.taken = rng() % 3 != 0;
      const uint64_t back = calls.empty() ? at + 8 : calls[rng() % calls.size()];
      f.target = pick({at + 4, at - 64, at + 256, back, rng() % (1u << 20) * 4});
      if (d.branch & kLinks) calls.push_back(at + 4);
      if (calls.size() > 8) calls.erase(calls.begin());
      if (f.taken) next = f.target;
    }
    if (rng() % 64 == 0) next = rng() % (1u << 20) * 4; // an interrupt or a far jump
    at = next;
    return f;
  }
};

// Runs `steps` random events on two boards of `cores` x `threads` with the model `p` and
// checks that they agree throughout.
void compare_paths(const TimingParams& p, unsigned cores, unsigned threads, uint64_t seed,
                   unsigned steps) {
  ASSERT_EQ(p.validate(), "");
  Board reference(p, cores, threads), prepared(p, cores, threads);
  Stream s(seed, cores * threads);
  for (unsigned i = 0; i < steps; ++i) {
    // Threads run in bursts, as the ISS runs them in slices; sometimes one lags far behind.
    const unsigned c = static_cast<unsigned>(s.rng() % cores);
    const unsigned t = static_cast<unsigned>(s.rng() % threads);
    const unsigned burst = 1 + static_cast<unsigned>(s.rng() % 40);
    for (unsigned k = 0; k < burst; ++k) {
      SCOPED_TRACE(testing::Message() << "step " << i << " core " << c << " thread " << t);
      const unsigned roll = static_cast<unsigned>(s.rng() % 100);
      if (roll < 2) {
        const auto kind = static_cast<Charge>(s.rng() % kChargeCount);
        reference.core[c]->charge(t, kind);
        prepared.core[c]->charge(t, kind);
      } else if (roll < 4) {
        const uint64_t cycles = s.rng() % 50;
        reference.core[c]->charge_cycles(t, Charge::hcall, cycles);
        prepared.core[c]->charge_cycles(t, Charge::hcall, cycles);
      } else if (roll < 6) {
        // Idle to a point near the core's other threads, or far past the issue window.
        const uint64_t to = reference.cycle(c, t) + s.pick({0, 3, 40, 2 * p.issue_window + 5});
        reference.core[c]->idle_until(t, to);
        prepared.core[c]->idle_until(t, to);
      } else {
        const uint32_t word = random_word(s.rng);
        const ExecFacts f = s.facts(word, s.pc[c * threads + t]);
        const InsnTiming d = describe(word, decode_lookup(word));
        reference.core[c]->retire(t, d, f);
        const uint64_t returned = prepared.core[c]->retire(t, prepare(d), f);
        ASSERT_EQ(returned, prepared.cycle(c, t)) << std::hex << word;
      }
      ASSERT_EQ(reference.cycle(c, t), prepared.cycle(c, t));
    }
    if (i % 64 == 0 || i + 1 == steps) {
      SCOPED_TRACE(testing::Message() << "step " << i);
      for (unsigned k = 0; k < cores; ++k) ASSERT_EQ(reference.core[k]->save(), prepared.core[k]->save());
      ASSERT_EQ(reference.l2.save(), prepared.l2.save());
    }
  }
}

TimingParams tiny_window(TimingParams p) {
  p.issue_window = 16; // lagging threads fall out of it often
  return p;
}

TEST(PreparedTiming, MatchesTheReferenceSingleThread) {
  compare_paths(small_model(), 1, 1, 1, 3000);
  compare_paths(TimingParams{}, 1, 1, 2, 3000);
}

TEST(PreparedTiming, MatchesTheReferenceWithSmtAndSharedL2) {
  compare_paths(small_model(), 2, 4, 3, 3000);
  compare_paths(TimingParams{}, 2, 2, 4, 3000);
  compare_paths(tiny_window(small_model()), 1, 4, 5, 3000);
}

TEST(PreparedTiming, MatchesTheReferenceForEveryPredictor) {
  for (PredictorKind kind : {PredictorKind::static_btfn, PredictorKind::bimodal,
                             PredictorKind::gshare}) {
    SCOPED_TRACE(predictor_kind_name(kind));
    TimingParams p = small_model();
    p.predictor = kind;
    compare_paths(p, 1, 2, 6, 2000);
  }
}

TEST(PreparedTiming, MatchesTheReferenceWithOddGeometries) {
  TimingParams p = small_model();
  p.issue_width = 1;
  p.l2.line_bytes = 32; // smaller than the L1D's 64-byte lines
  p.l2.size_bytes = 4096;
  p.l1d.ways = 1;
  compare_paths(p, 2, 2, 7, 3000);
}

// A checkpoint restores the core's latest issue cycle too: the prepared path continues from a
// restored model exactly as the reference continues from the original.
TEST(PreparedTiming, ContinuesFromACheckpoint) {
  const TimingParams p = small_model();
  Board original(p, 1, 2), restored(p, 1, 2);
  Stream s(8, 2);
  auto run = [&](Board& b, Stream& st, bool use_prepared, unsigned n) {
    for (unsigned i = 0; i < n; ++i) {
      const unsigned t = static_cast<unsigned>(st.rng() % 2);
      const uint32_t word = random_word(st.rng);
      const ExecFacts f = st.facts(word, st.pc[t]);
      const InsnTiming d = describe(word, decode_lookup(word));
      if (use_prepared) b.core[0]->retire(t, prepare(d), f);
      else b.core[0]->retire(t, d, f);
    }
  };
  run(original, s, false, 2000);
  ASSERT_EQ(restored.core[0]->load(original.core[0]->save()), "");
  const std::vector<uint8_t> l2 = original.l2.save();
  ASSERT_EQ(restored.l2.load(l2.data(), l2.size()), "");
  Stream a = s, b = s;
  run(original, a, false, 2000);
  run(restored, b, true, 2000);
  EXPECT_EQ(original.core[0]->save(), restored.core[0]->save());
  EXPECT_EQ(original.l2.save(), restored.l2.save());
}

// What PreparedTiming holds, by hand: addc. 3,4,5 reads r4, r5 and XER[SO] (CR0's SO copy),
// writes r3, CA and CR0 (Book I 3.3.9); three of each fit the lists.
TEST(PreparedTiming, ListsOperandsInResourceOrder) {
  const uint32_t addc_rc = 0x7C642815; // addc. 3,4,5
  const PreparedTiming p = prepare(describe(addc_rc, decode_lookup(addc_rc)));
  EXPECT_TRUE(p.listed);
  EXPECT_TRUE(p.plain);
  EXPECT_EQ(p.reads, (std::array<uint8_t, 3>{{4, 5, kXerSo}}));
  EXPECT_EQ(p.writes, (std::array<uint8_t, 3>{{3, kCr0, kXerCa}}));
  // mtcrf 0xff,3 writes all eight CR fields: beyond the lists.
  const uint32_t mtcr = 0x7C6FF120;
  EXPECT_FALSE(prepare(describe(mtcr, decode_lookup(mtcr))).listed);
  EXPECT_FALSE(prepare(describe(mtcr, decode_lookup(mtcr))).plain);
  // A load is never plain.
  EXPECT_FALSE(prepare(describe(0xE8830000, decode_lookup(0xE8830000))).plain); // ld 4,0(3)
}

} // namespace
} // namespace ppc64sim::cpu::timing::test
