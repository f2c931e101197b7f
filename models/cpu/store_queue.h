#pragma once
// Cycle mode, boards with more than one thread: when stores to RAM become visible to the
// other threads (see models/cpu/timing/README.md, "Stores and reservations between threads").
//
// Rules (V = the visibility delay, `timing.store-visibility-cycles`):
//  * A store that thread t makes at its cycle c (the timing model's cycle(t) when the store
//    executes) becomes visible to every other thread at cycle c + V. Thread t sees it at once
//    (store forwarding).
//  * Coherence order of a location: (visible cycle, thread, program order). A load by thread u
//    at cycle b returns memory with, applied in that order, every pending store that is u's
//    own or visible at or before b.
//  * Reservations (Book II 4.6.2): a store by another thread to the granule kills a
//    reservation taken at cycle r when the store becomes visible after r. A stcx. at cycle d
//    succeeds only if no store of another thread to the granule lies between the larx's read
//    and the stcx.'s own store in coherence order, i.e. visible in (r, d + V] with, at d + V,
//    a lower thread number.
// The board's windows are never longer than V, so a store made in a window is never visible
// to another thread inside that window: loads only need stores from earlier windows, which
// are all in the queue when they run. Only stcx. decisions need other threads' stores of the
// same window; the scheduler runs them in (cycle, thread) order (CoreScheduler).
//
// Not thread-safe (one host thread runs the board). Plain C++, no SystemC.
#include "models/cpu/reservation_monitor.h"

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace ppc64sim::cpu {

class StoreQueue {
public:
  // Entries hold at most this many bytes, never crossing an aligned block of that size (so
  // never a cache line or reservation granule): larger stores (dcbz, stmw) are split.
  static constexpr unsigned kChunk = 8;

  struct Entry {
    uint64_t visible = 0; // cycle at which other threads see it
    uint64_t seq = 0;     // the thread's program order
    uint64_t addr = 0;
    uint32_t thread = 0;
    uint8_t len = 0;
    std::array<uint8_t, kChunk> data{};
  };

  // memory: RAM as [base, base + size) at host; visibility: V >= 1.
  StoreQueue(unsigned threads, uint64_t visibility_cycles, ReservationMonitor& reservations);

  void attach_memory(uint8_t* host, uint64_t base, uint64_t size);
  // Called with every range drained into memory (the board's CodeWatch).
  void set_on_write(std::function<void(uint64_t addr, uint64_t len)> f) { on_write_ = std::move(f); }

  uint64_t visibility() const { return visibility_; }
  unsigned threads() const { return static_cast<unsigned>(queues_.size()); }

  // Thread `thread` stores [addr, addr+len) at `cycle`. The range must lie in memory.
  void store(unsigned thread, uint64_t cycle, uint64_t addr, const uint8_t* data, unsigned len);
  // True when some pending store may overlap [addr, addr+len): one or two compares.
  bool maybe_pending(uint64_t addr, unsigned len) const {
    if (pending_ == 0) return false;
    return filter_[line_slot(addr)] != 0 || filter_[line_slot(addr + len - 1)] != 0;
  }
  // `data` holds memory's bytes of [addr, addr+len): applies what thread `thread` sees at
  // `cycle` on top (its own pending stores, others' visible by then), in coherence order.
  void overlay(unsigned thread, uint64_t cycle, uint64_t addr, uint8_t* data, unsigned len) const;
  // Memory as thread `thread` sees it at `cycle` (reads memory, then overlay()).
  void read(unsigned thread, uint64_t cycle, uint64_t addr, uint8_t* data, unsigned len) const;
  // Writes every store visible at or before `cycle` into memory in coherence order, killing
  // the reservations they kill.
  void drain(uint64_t cycle);
  // Everything into memory (a fast-mode checkpoint restore, teardown); same order.
  void drain_all() { drain(~0ull); }

  // Cycle at which thread's last store becomes visible to the others (0: nothing pending).
  uint64_t last_visible(unsigned thread) const {
    const auto& q = queues_[thread];
    return q.empty() ? 0 : q.back().visible;
  }
  std::size_t pending() const { return pending_; }

  // larx by `thread` at `cycle` (after ReservationMonitor::reserve).
  void note_reserve(unsigned thread, uint64_t cycle) { reserve_cycle_[thread] = cycle; }
  uint64_t reserve_cycle(unsigned thread) const { return reserve_cycle_[thread]; }
  // stcx. by `thread` at `cycle` to addr, whose reservation the monitor still holds: false
  // when another thread's pending store lies between the larx and this store in coherence
  // order (see the rules above). Stores drained before were already applied by drain().
  bool stcx_may_succeed(unsigned thread, uint64_t cycle, uint64_t addr) const;

  // Checkpoints: every pending entry, queue by queue in program order; the sequence counters.
  std::vector<Entry> entries() const;
  const std::vector<uint64_t>& sequence() const { return next_seq_; }
  const std::vector<uint64_t>& reserve_cycles() const { return reserve_cycle_; }
  // Replaces the state (entries in the order entries() gave them). "" or an error.
  std::string restore(const std::vector<Entry>& entries, const std::vector<uint64_t>& sequence,
                      const std::vector<uint64_t>& reserve_cycles);

private:
  static constexpr unsigned kFilterSlots = 4096; // counters per 128-byte line, hashed
  static unsigned line_slot(uint64_t addr) {
    return static_cast<unsigned>((addr >> 7) & (kFilterSlots - 1));
  }
  // Coherence order of two entries.
  static bool before(const Entry& a, const Entry& b) {
    if (a.visible != b.visible) return a.visible < b.visible;
    if (a.thread != b.thread) return a.thread < b.thread;
    return a.seq < b.seq;
  }
  void push(const Entry& e);
  void apply_to_memory(const Entry& e);

  uint64_t visibility_;
  ReservationMonitor& reservations_;
  std::vector<std::deque<Entry>> queues_; // per thread, program order (= visible order)
  std::vector<uint64_t> next_seq_;
  std::vector<uint64_t> reserve_cycle_;
  std::vector<uint32_t> filter_;        // pending chunks per hashed line, all threads
  std::vector<uint32_t> thread_filter_; // the same per thread (thread * kFilterSlots + slot)
  std::size_t pending_ = 0;
  uint8_t* host_ = nullptr;
  uint64_t base_ = 0, size_ = 0;
  std::function<void(uint64_t, uint64_t)> on_write_;
  mutable std::vector<const Entry*> scratch_; // overlay()'s matches
};

} // namespace ppc64sim::cpu
