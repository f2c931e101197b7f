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
// Not thread-safe, bar one pattern: while nothing is stored or drained, overlay() and read()
// may run for different threads on different host threads at once (--host-threads: threads
// that run ahead keep their stores to themselves, Core::staged). Plain C++, no SystemC.
#include "models/cpu/code_watch.h"
#include "models/cpu/reservation_monitor.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace ppc64sim::cpu {

class StoreQueue {
public:
  // Entries hold at most this many bytes, never crossing an aligned block of that size (so
  // never a cache line or reservation granule): larger stores (dcbz, stmw) are split.
  static constexpr unsigned kChunk = 8;

  // A pending store as checkpoints see it.
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
  // Told of every range drained into memory (the board's CodeWatch): a direct pointer, as
  // every drained store checks it; set_on_write is the general hook (tests).
  void set_code_watch(CodeWatch* watch) { code_watch_ = watch; }
  void set_on_write(std::function<void(uint64_t addr, uint64_t len)> f) { on_write_ = std::move(f); }

  uint64_t visibility() const { return visibility_; }
  unsigned threads() const { return threads_; }

  // Thread `thread` stores [addr, addr+len) at `cycle`. The range must lie in memory.
  void store(unsigned thread, uint64_t cycle, uint64_t addr, const uint8_t* data, unsigned len);
  // The common case of store(): 1..kChunk bytes inside one aligned kChunk block, given as the
  // low `len` bytes of `bytes` in memory order (the ISS's loads and stores).
  void store_chunk(unsigned thread, uint64_t cycle, uint64_t addr, uint64_t bytes, unsigned len) {
    append(thread, cycle + visibility_, next_seq_[thread]++, addr, bytes, len);
  }
  // True when some pending store may overlap [addr, addr+len): one or two compares.
  bool maybe_pending(uint64_t addr, unsigned len) const {
    if (pending_ == 0) return false;
    if (len > kLine) return true; // more than two lines: overlay() looks at everything
    return filter_[line_slot(addr)] != 0 || filter_[line_slot(addr + len - 1)] != 0;
  }
  // `data` holds memory's bytes of [addr, addr+len): applies what thread `thread` sees at
  // `cycle` on top (its own pending stores, others' visible by then), in coherence order.
  void overlay(unsigned thread, uint64_t cycle, uint64_t addr, uint8_t* data, unsigned len) const;
  // Memory as thread `thread` sees it at `cycle` (reads memory, then overlay()).
  void read(unsigned thread, uint64_t cycle, uint64_t addr, uint8_t* data, unsigned len) const;
  // Writes every store visible at or before `cycle` into memory in coherence order, killing
  // the reservations they kill. O(1) when nothing is due.
  void drain(uint64_t cycle) {
    if (!heap_.empty() && heap_.front().visible <= cycle) drain_due(cycle);
  }
  // Everything into memory (a fast-mode checkpoint restore, teardown); same order.
  void drain_all() { drain(~0ull); }

  // A store that thread `thread` made at `cycle` straight into memory instead of store_chunk()
  // (timing.solo-stores, a thread running alone: CoreScheduler, "Stores of a thread running
  // alone" in models/cpu/timing/README.md). Its caller guarantees that no other thread reads
  // memory before cycle + V and that nothing is pending near it (maybe_pending() false), so
  // the store's place in coherence order is the same. The queue keeps what the store would
  // have left: the thread's program-order count, its last visible cycle (sync and hcalls
  // wait for it) and the reservations it kills (reserved before it became visible).
  void note_direct(unsigned thread, uint64_t cycle, uint64_t addr) {
    ++next_seq_[thread];
    direct_visible_[thread] = cycle + visibility_;
    ++direct_stores_;
    if (reservations_.active_count() != 0) kill_reservations(thread, addr, cycle + visibility_);
  }
  // Stores that went straight into memory (statistics).
  uint64_t direct_stores() const { return direct_stores_; }

  // Cycle at which thread's last store becomes visible to the others (0: none ever made; a
  // cycle in the past when none is pending).
  uint64_t last_visible(unsigned thread) const {
    const Ring& q = queues_[thread];
    const uint64_t direct = direct_visible_[thread];
    return q.size == 0 || direct > q.back().visible ? direct : q.back().visible;
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
  // One pending chunk; its thread is the queue that holds it.
  struct Slot {
    uint64_t visible;
    uint64_t seq;
    uint64_t addr;
    uint64_t data; // the bytes in memory order, `len` of them
    uint32_t len;
  };
  // A thread's pending chunks in program order (= visible order): a ring that only grows, so
  // a store allocates nothing once the ring has reached the thread's usual depth.
  struct Ring {
    std::vector<Slot> buf = std::vector<Slot>(64); // size a power of two
    std::size_t mask = 63;                          // buf.size() - 1
    std::size_t head = 0, size = 0;
    uint64_t pushed = 0; // chunks ever pushed: the one at i is number pushed - size + i
    Slot& at(std::size_t i) { return buf[(head + i) & mask]; }
    const Slot& at(std::size_t i) const { return buf[(head + i) & mask]; }
    const Slot& front() const { return buf[head]; }
    const Slot& back() const { return at(size - 1); }
    Slot& push_back() {
      if (size > mask) grow();
      ++pushed;
      return at(size++);
    }
    void pop_front() {
      head = (head + 1) & mask;
      --size;
    }
    void grow();
  };
  // Per thread, per hashed 8-byte block: the number of the thread's newest chunk in that block
  // (the newest in whichever block wrote the entry last). Lets overlay() find the chunk that
  // forwards to a load without scanning the queue.
  struct Recent {
    uint64_t block = ~0ull; // addr >> 3
    uint64_t number = 0;    // Ring::pushed when it was stored
  };
  static constexpr unsigned kRecent = 256;
  static unsigned recent_index(uint64_t addr) { return static_cast<unsigned>((addr >> 3) & (kRecent - 1)); }
  // The thread's newest pending chunk in addr's 8-byte block, when the table knows it;
  // `known` false when the table cannot tell (another block took the entry).
  const Slot* newest_in_block(unsigned thread, uint64_t addr, bool& known) const {
    const Recent& r = recent_[static_cast<std::size_t>(thread) * kRecent + recent_index(addr)];
    const Ring& q = queues_[thread];
    known = r.block == (addr >> 3);
    if (!known) return nullptr;
    const uint64_t first = q.pushed - q.size;
    return r.number >= first ? &q.at(static_cast<std::size_t>(r.number - first)) : nullptr;
  }

  // Threads whose queue is not empty, by the (visible, thread) key of their oldest chunk:
  // drain() merges the queues in coherence order through it, and stops at once when the
  // earliest is not yet due.
  struct Due {
    uint64_t visible;
    unsigned thread;
    bool operator>(const Due& o) const { return visible != o.visible ? visible > o.visible : thread > o.thread; }
  };

  static constexpr unsigned kLine = 128;         // filter granularity (a cache line)
  static constexpr unsigned kFilterSlots = 4096; // counters per 128-byte line, hashed
  static unsigned line_slot(uint64_t addr) {
    return static_cast<unsigned>((addr >> 7) & (kFilterSlots - 1));
  }
  // Per slot: pending chunks of all threads (filter_), of each thread (slot-major counts_),
  // and a bit per thread with a nonzero count (masks_), so that overlay() visits only the
  // threads with something near the range.
  void count_in(unsigned thread, uint64_t addr) {
    const unsigned slot = line_slot(addr);
    ++filter_[slot];
    if (counts_[static_cast<std::size_t>(slot) * threads_ + thread]++ == 0)
      masks_[static_cast<std::size_t>(slot) * mask_words_ + thread / 64] |= 1ull << (thread % 64);
    ++pending_;
  }
  void count_out(unsigned thread, uint64_t addr) {
    const unsigned slot = line_slot(addr);
    --filter_[slot];
    if (--counts_[static_cast<std::size_t>(slot) * threads_ + thread] == 0)
      masks_[static_cast<std::size_t>(slot) * mask_words_ + thread / 64] &= ~(1ull << (thread % 64));
    --pending_;
  }
  void append(unsigned thread, uint64_t visible, uint64_t seq, uint64_t addr, uint64_t bytes, unsigned len) {
    Ring& q = queues_[thread];
    if (__builtin_expect(q.size > q.mask, 0)) return append_after_growing(thread, visible, seq, addr, bytes, len);
    recent_[static_cast<std::size_t>(thread) * kRecent + recent_index(addr)] = {addr >> 3, q.pushed};
    Slot& s = q.push_back();
    s.visible = visible;
    s.seq = seq;
    s.addr = addr;
    s.data = bytes;
    s.len = len;
    count_in(thread, addr);
    if (q.size == 1) heap_push(visible, thread);
  }
  // append() when the ring is full (kept out of line: the common path needs no stack frame).
  void append_after_growing(unsigned thread, uint64_t visible, uint64_t seq, uint64_t addr, uint64_t bytes,
                            unsigned len);
  void heap_push(uint64_t visible, unsigned thread);
  void heap_sift_down(); // the root's key grew
  void drain_due(uint64_t cycle);
  void apply_to_memory(unsigned thread, const Slot& s);
  // A store of `thread` to addr's granule, visible at `visible`, kills the others'
  // reservations taken before then.
  void kill_reservations(unsigned thread, uint64_t addr, uint64_t visible);
  // overlay() when the range's lines hold no other thread's chunk: program order decides.
  void overlay_own(const Ring& own, uint64_t addr, uint8_t* data, unsigned len) const;

  unsigned threads_;
  unsigned mask_words_;
  uint64_t visibility_;
  ReservationMonitor& reservations_;
  std::vector<Ring> queues_; // per thread
  std::vector<uint64_t> next_seq_;
  std::vector<uint64_t> reserve_cycle_;
  std::vector<uint64_t> direct_visible_; // per thread: note_direct's last cycle + V
  uint64_t direct_stores_ = 0;
  std::vector<uint32_t> filter_; // kFilterSlots
  std::vector<uint32_t> counts_; // kFilterSlots * threads_
  std::vector<uint64_t> masks_;  // kFilterSlots * mask_words_
  std::vector<Due> heap_;        // min-heap (std::greater) of non-empty queues
  std::vector<Recent> recent_;   // kRecent per thread
  std::size_t pending_ = 0;
  uint8_t* host_ = nullptr;
  uint64_t base_ = 0, size_ = 0;
  CodeWatch* code_watch_ = nullptr;
  std::function<void(uint64_t, uint64_t)> on_write_;
  struct Hit {
    uint64_t visible;
    unsigned thread;
    const Slot* slot; // within a thread, hits are collected in program order
  };
  mutable std::vector<std::vector<Hit>> scratch_; // overlay()'s matches, per reading thread
};

} // namespace ppc64sim::cpu
