// StoreQueue: the cycle-mode visibility rules of models/cpu/store_queue.h, each expected value
// worked out by hand from those rules (V = 10 below).
#include "models/cpu/store_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace ppc64sim::cpu::test {
namespace {

constexpr uint64_t V = 10;

struct Fixture {
  ReservationMonitor resv{3};
  StoreQueue q{3, V, resv};
  std::vector<uint8_t> ram = std::vector<uint8_t>(4096, 0);
  Fixture() { q.attach_memory(ram.data(), 0, ram.size()); }
  void store32(unsigned t, uint64_t cycle, uint64_t addr, uint32_t v) {
    q.store(t, cycle, addr, reinterpret_cast<const uint8_t*>(&v), 4);
  }
  uint32_t load32(unsigned t, uint64_t cycle, uint64_t addr) {
    uint32_t v;
    q.read(t, cycle, addr, reinterpret_cast<uint8_t*>(&v), 4);
    return v;
  }
  uint32_t ram32(uint64_t addr) {
    uint32_t v;
    std::memcpy(&v, ram.data() + addr, 4);
    return v;
  }
};

TEST(StoreQueue, VisibleToOthersExactlyAtCyclePlusV) {
  Fixture f;
  f.store32(0, 100, 0x40, 7); // visible at 110
  EXPECT_EQ(f.load32(1, 109, 0x40), 0u);
  EXPECT_EQ(f.load32(1, 110, 0x40), 7u);
  EXPECT_EQ(f.ram32(0x40), 0u); // not in memory before a drain
  f.q.drain(109);
  EXPECT_EQ(f.ram32(0x40), 0u);
  f.q.drain(110);
  EXPECT_EQ(f.ram32(0x40), 7u);
  EXPECT_EQ(f.q.pending(), 0u);
}

TEST(StoreQueue, OwnStoresForwardAtOnce) {
  Fixture f;
  f.store32(0, 100, 0x40, 7);
  EXPECT_EQ(f.load32(0, 100, 0x40), 7u);
  EXPECT_EQ(f.q.last_visible(0), 110u);
  EXPECT_EQ(f.q.last_visible(1), 0u);
}

TEST(StoreQueue, CoherenceOrderIsVisibleCycleThenThread) {
  Fixture f;
  // Thread 1 stores at 100 (visible 110) and thread 0 at 100 (visible 110): same cycle, thread
  // 0 first, so thread 1's value is last. Host order is the other way on purpose.
  f.store32(1, 100, 0x80, 0x11);
  f.store32(0, 100, 0x80, 0x22);
  EXPECT_EQ(f.load32(2, 110, 0x80), 0x11u);
  // A later visible cycle wins whatever the thread: thread 0 at 101 (visible 111).
  f.store32(0, 101, 0x80, 0x33);
  EXPECT_EQ(f.load32(2, 110, 0x80), 0x11u);
  EXPECT_EQ(f.load32(2, 111, 0x80), 0x33u);
  f.q.drain(200);
  EXPECT_EQ(f.ram32(0x80), 0x33u);
  // Each thread sees its own last store before the others' (forwarding), then the order.
  Fixture g;
  g.store32(1, 100, 0x80, 0x11); // visible 110
  g.store32(0, 105, 0x80, 0x22); // visible 115
  EXPECT_EQ(g.load32(1, 106, 0x80), 0x11u); // thread 0's not visible to 1 until 115
  EXPECT_EQ(g.load32(0, 106, 0x80), 0x22u); // own store
  EXPECT_EQ(g.load32(0, 112, 0x80), 0x22u); // thread 1's (110) is before its own (115)
  EXPECT_EQ(g.load32(1, 115, 0x80), 0x22u);
}

TEST(StoreQueue, PartialOverlapsMergeByteWise) {
  Fixture f;
  std::memset(f.ram.data() + 0x100, 0xaa, 16);
  const uint8_t word[4] = {1, 2, 3, 4};
  const uint8_t half[2] = {9, 8};
  f.q.store(0, 10, 0x102, word, 4);  // bytes 0x102..0x105, visible 20
  f.q.store(1, 12, 0x104, half, 2);  // bytes 0x104..0x105, visible 22
  uint8_t got[8];
  f.q.read(2, 21, 0x100, got, 8);
  const uint8_t at21[8] = {0xaa, 0xaa, 1, 2, 3, 4, 0xaa, 0xaa};
  EXPECT_EQ(0, std::memcmp(got, at21, 8));
  f.q.read(2, 22, 0x100, got, 8);
  const uint8_t at22[8] = {0xaa, 0xaa, 1, 2, 9, 8, 0xaa, 0xaa};
  EXPECT_EQ(0, std::memcmp(got, at22, 8));
  // A store across an 8-byte block is split: the 12 bytes at 0x106 become 3 chunks.
  uint8_t twelve[12];
  for (int i = 0; i < 12; ++i) twelve[i] = static_cast<uint8_t>(0x30 + i);
  f.q.store(0, 30, 0x106, twelve, 12);
  EXPECT_EQ(f.q.pending(), 2u + 3u);
  f.q.drain(40);
  const uint8_t mem[20] = {0xaa, 0xaa, 1, 2, 9, 8, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36,
                           0x37, 0x38, 0x39, 0x3a, 0x3b, 0, 0};
  EXPECT_EQ(0, std::memcmp(f.ram.data() + 0x100, mem, 20));
}

TEST(StoreQueue, ReservationKilledAtTheVisibleCycle) {
  Fixture f;
  // Thread 1 reserves at 105; thread 0's store at 100 is visible at 110 > 105: killed at
  // the drain that makes it visible, not before.
  f.resv.reserve(1, 0x200);
  f.q.note_reserve(1, 105);
  f.store32(0, 100, 0x204, 1);
  EXPECT_TRUE(f.resv.reservation(1).has_value());
  f.q.drain(109);
  EXPECT_TRUE(f.resv.reservation(1).has_value());
  f.q.drain(110);
  EXPECT_FALSE(f.resv.reservation(1).has_value());
  // A reservation taken at or after the visible cycle saw the value: it stays.
  f.resv.reserve(2, 0x200);
  f.q.note_reserve(2, 120);
  f.store32(0, 110, 0x200, 2); // visible 120 = reserve cycle
  f.q.drain(120);
  EXPECT_TRUE(f.resv.reservation(2).has_value());
  // The storing thread's own reservation is untouched.
  f.resv.reserve(0, 0x200);
  f.q.note_reserve(0, 121);
  f.store32(0, 125, 0x200, 3);
  f.q.drain(200);
  EXPECT_TRUE(f.resv.reservation(0).has_value());
}

TEST(StoreQueue, StcxWinnerFollowsCycleThenThread) {
  // Threads 0 and 1 both larx the lock at cycle 100 (nothing pending: both read 0).
  Fixture f;
  f.q.note_reserve(0, 100);
  f.q.note_reserve(1, 100);
  // Thread 1 reaches its stcx. at 104, thread 0 at 106: decided in that order (the scheduler
  // runs stcx. in (cycle, thread) order). Thread 1 wins; its store is visible at 114.
  EXPECT_TRUE(f.q.stcx_may_succeed(1, 104, 0x300));
  f.store32(1, 104, 0x300, 1);
  // Thread 0's store would be visible at 116: thread 1's (114) lies in (100, 116]: it fails.
  EXPECT_FALSE(f.q.stcx_may_succeed(0, 106, 0x300));
  // Same cycle: thread 0 (lower number) wins, thread 2 at the same cycle then fails, thread 1's
  // store does not touch another granule's reservation.
  Fixture g;
  g.q.note_reserve(0, 100);
  g.q.note_reserve(2, 100);
  EXPECT_TRUE(g.q.stcx_may_succeed(0, 104, 0x300));
  g.store32(0, 104, 0x300, 1); // visible 114
  EXPECT_FALSE(g.q.stcx_may_succeed(2, 104, 0x300)); // 114 == 114, thread 0 < 2
  g.store32(1, 104, 0x380, 1); // another granule
  Fixture h;
  h.q.note_reserve(2, 100);
  h.store32(1, 104, 0x380, 1);
  EXPECT_TRUE(h.q.stcx_may_succeed(2, 104, 0x300));
  // A store the larx already saw (visible at or before the reserve cycle) does not count.
  Fixture k;
  k.store32(1, 90, 0x300, 5); // visible 100
  k.q.note_reserve(0, 100);
  EXPECT_TRUE(k.q.stcx_may_succeed(0, 101, 0x300));
  // A store by a higher thread at the same cycle comes after ours: no effect on ours.
  Fixture m;
  m.q.note_reserve(0, 100);
  m.store32(2, 104, 0x300, 5); // visible 114, thread 2 > 0
  EXPECT_TRUE(m.q.stcx_may_succeed(0, 104, 0x300));
}

TEST(StoreQueue, DrainOrderAndCodeWatchCallback) {
  Fixture f;
  std::vector<uint64_t> written;
  f.q.set_on_write([&](uint64_t a, uint64_t) { written.push_back(a); });
  f.store32(1, 5, 0x10, 1);  // visible 15
  f.store32(0, 6, 0x20, 2);  // visible 16
  f.store32(2, 5, 0x30, 3);  // visible 15, after thread 1
  f.q.drain(16);
  EXPECT_EQ(written, (std::vector<uint64_t>{0x10, 0x30, 0x20}));
}

TEST(StoreQueue, RestoreRoundTrip) {
  Fixture f;
  f.store32(1, 5, 0x10, 1);
  f.store32(0, 6, 0x20, 2);
  f.q.note_reserve(2, 77);
  Fixture g;
  EXPECT_EQ(g.q.restore(f.q.entries(), f.q.sequence(), f.q.reserve_cycles()), "");
  EXPECT_EQ(g.load32(2, 15, 0x10), 1u);
  EXPECT_EQ(g.load32(2, 15, 0x20), 0u);
  EXPECT_EQ(g.load32(0, 15, 0x20), 2u);
  EXPECT_EQ(g.q.reserve_cycle(2), 77u);
  EXPECT_NE(g.q.restore(f.q.entries(), {0, 0}, {0, 0}), "");
}

// The queue against a plain model of the rules (every pending chunk in one list, sorted when
// needed) on random stores, loads and drains of 70 threads (two mask words), in a small
// memory so that threads often write the same bytes: forwarding, the per-line counts, the
// newest-chunk table and the drain's merge must all agree with the model.
TEST(StoreQueue, AgreesWithAPlainModelOfTheRules) {
  constexpr unsigned kThreads = 70;
  constexpr uint64_t kV = 16, kRam = 64;
  ReservationMonitor resv{kThreads};
  StoreQueue q{kThreads, kV, resv};
  std::vector<uint8_t> ram(kRam, 0), model_ram(kRam, 0);
  q.attach_memory(ram.data(), 0, ram.size());
  struct Chunk {
    uint64_t visible, seq, addr;
    unsigned thread;
    std::vector<uint8_t> bytes;
  };
  std::vector<Chunk> pending;
  std::vector<uint64_t> seq(kThreads, 0);
  const auto coherence = [](const Chunk& a, const Chunk& b) {
    if (a.visible != b.visible) return a.visible < b.visible;
    if (a.thread != b.thread) return a.thread < b.thread;
    return a.seq < b.seq;
  };
  uint32_t rng = 12345;
  const auto next = [&rng](uint32_t n) {
    rng = rng * 1664525u + 1013904223u;
    return (rng >> 8) % n;
  };
  uint64_t now = 0;
  std::vector<uint64_t> thread_cycle(kThreads, 0);
  for (int step = 0; step < 20000; ++step) {
    const unsigned t = next(kThreads) % (step < 10000 ? 4 : kThreads); // few threads, then many
    // A thread's cycle never goes back (its queue is in visible order) and stays in the window.
    const uint64_t cycle = thread_cycle[t] = std::max(thread_cycle[t], now + next(kV));
    const unsigned len = 1u << next(4);
    const uint64_t addr = next(static_cast<uint32_t>(kRam - 16)) & ~uint64_t(len - 1);
    switch (next(4)) {
    case 0:
    case 1: { // store, split into chunks as the queue does
      std::vector<uint8_t> v(len);
      for (auto& b : v) b = static_cast<uint8_t>(next(256));
      q.store(t, cycle, addr, v.data(), len);
      for (unsigned done = 0; done < len;) {
        const uint64_t a = addr + done;
        const unsigned n = std::min<unsigned>(len - done, StoreQueue::kChunk - (a & (StoreQueue::kChunk - 1)));
        pending.push_back({cycle + kV, seq[t]++, a, t, std::vector<uint8_t>(v.begin() + done, v.begin() + done + n)});
        done += n;
      }
      break;
    }
    case 2: { // load
      std::vector<uint8_t> got(len), want(model_ram.begin() + addr, model_ram.begin() + addr + len);
      q.read(t, cycle, addr, got.data(), len);
      std::vector<Chunk> seen;
      for (const Chunk& c : pending)
        if (c.thread == t || c.visible <= cycle) seen.push_back(c);
      std::sort(seen.begin(), seen.end(), coherence);
      for (const Chunk& c : seen)
        for (unsigned i = 0; i < c.bytes.size(); ++i)
          if (c.addr + i >= addr && c.addr + i < addr + len) want[c.addr + i - addr] = c.bytes[i];
      ASSERT_EQ(got, want) << "step " << step;
      break;
    }
    default: { // a pass starts a little later
      now += 1 + next(kV);
      q.drain(now);
      std::sort(pending.begin(), pending.end(), coherence);
      std::vector<Chunk> left;
      for (const Chunk& c : pending) {
        if (c.visible <= now) std::copy(c.bytes.begin(), c.bytes.end(), model_ram.begin() + c.addr);
        else left.push_back(c);
      }
      pending = left;
      ASSERT_EQ(ram, model_ram) << "step " << step;
      ASSERT_EQ(q.pending(), pending.size());
    }
    }
  }
}

} // namespace
} // namespace ppc64sim::cpu::test
