// StoreQueue: the cycle-mode visibility rules of models/cpu/store_queue.h, each expected value
// worked out by hand from those rules (V = 10 below).
#include "models/cpu/store_queue.h"

#include <gtest/gtest.h>

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

} // namespace
} // namespace ppc64sim::cpu::test
