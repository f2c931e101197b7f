#include "models/cpu/store_queue.h"

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace ppc64sim::cpu {

StoreQueue::StoreQueue(unsigned threads, uint64_t visibility_cycles, ReservationMonitor& reservations)
    : threads_(threads), mask_words_((threads + 63) / 64), visibility_(visibility_cycles),
      reservations_(reservations), queues_(threads), next_seq_(threads, 0), reserve_cycle_(threads, 0),
      direct_visible_(threads, 0),
      filter_(kFilterSlots, 0), counts_(static_cast<std::size_t>(threads) * kFilterSlots, 0),
      masks_(static_cast<std::size_t>(mask_words_) * kFilterSlots, 0) {
  if (visibility_cycles == 0) throw std::invalid_argument("StoreQueue: visibility must be >= 1 cycle");
  heap_.reserve(threads);
  scratch_.resize(threads);
  recent_.resize(static_cast<std::size_t>(threads) * kRecent);
}

void StoreQueue::attach_memory(uint8_t* host, uint64_t base, uint64_t size) {
  host_ = host;
  base_ = base;
  size_ = size;
}

void StoreQueue::Ring::grow() {
  std::vector<Slot> bigger(buf.size() * 2);
  for (std::size_t i = 0; i < size; ++i) bigger[i] = at(i);
  buf = std::move(bigger);
  mask = buf.size() - 1;
  head = 0;
}

void StoreQueue::append_after_growing(unsigned thread, uint64_t visible, uint64_t seq, uint64_t addr,
                                      uint64_t bytes, unsigned len) {
  queues_[thread].grow();
  append(thread, visible, seq, addr, bytes, len);
}

void StoreQueue::heap_push(uint64_t visible, unsigned thread) {
  heap_.push_back({visible, thread});
  std::push_heap(heap_.begin(), heap_.end(), std::greater<Due>());
}

void StoreQueue::heap_sift_down() {
  const std::size_t n = heap_.size();
  std::size_t i = 0;
  const Due moving = heap_[0];
  for (;;) {
    std::size_t c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && heap_[c] > heap_[c + 1]) ++c;
    if (!(moving > heap_[c])) break;
    heap_[i] = heap_[c];
    i = c;
  }
  heap_[i] = moving;
}

void StoreQueue::store(unsigned thread, uint64_t cycle, uint64_t addr, const uint8_t* data, unsigned len) {
  // Chunks never cross a kChunk-aligned block: one filter slot and one granule each.
  while (len != 0) {
    const unsigned room = kChunk - static_cast<unsigned>(addr & (kChunk - 1));
    const unsigned n = std::min(room, len);
    uint64_t bytes = 0;
    std::memcpy(&bytes, data, n);
    store_chunk(thread, cycle, addr, bytes, n);
    addr += n;
    data += n;
    len -= n;
  }
}

void StoreQueue::overlay_own(const Ring& own, uint64_t addr, uint8_t* data, unsigned len) const {
  const uint64_t end = addr + len;
  // Newest first: the newest overlapping chunk, when it covers the range, alone decides
  // (reloading one's own recent store, e.g. the stack).
  std::size_t i = own.size;
  while (i != 0) {
    const Slot& s = own.at(--i);
    if (s.addr >= end || s.addr + s.len <= addr) continue;
    if (s.addr <= addr && s.addr + s.len >= end) {
      std::memcpy(data, reinterpret_cast<const uint8_t*>(&s.data) + (addr - s.addr), len);
      return;
    }
    ++i; // [0, i) holds every overlapping chunk
    break;
  }
  for (std::size_t k = 0; k < i; ++k) {
    const Slot& s = own.at(k);
    if (s.addr >= end || s.addr + s.len <= addr) continue;
    const uint64_t lo = std::max(addr, s.addr);
    const uint64_t hi = std::min(end, s.addr + s.len);
    std::memcpy(data + (lo - addr), reinterpret_cast<const uint8_t*>(&s.data) + (lo - s.addr), hi - lo);
  }
}

void StoreQueue::overlay(unsigned thread, uint64_t cycle, uint64_t addr, uint8_t* data, unsigned len) const {
  if (len == 0 || !maybe_pending(addr, len)) return;
  const uint64_t end = addr + len;
  const Ring& own = queues_[thread];
  const bool short_range = len <= kLine; // at most two lines: the filter slots are exact
  const unsigned first_slot = line_slot(addr), last_slot = line_slot(end - 1);
  if (short_range) {
    // Chunks near the range: this thread's, and everyone's.
    uint32_t mine = counts_[static_cast<std::size_t>(first_slot) * threads_ + thread];
    uint32_t all = filter_[first_slot];
    if (last_slot != first_slot) {
      mine += counts_[static_cast<std::size_t>(last_slot) * threads_ + thread];
      all += filter_[last_slot];
    }
    const bool others = all != mine;
    if (!others && mine == 0) return;
    // The thread's newest chunk overlapping the range, when it covers all of it, decides
    // alone if no other thread's chunk is near; or if it is not yet visible to the others,
    // since every other thread's chunk that applies is visible by `cycle`, before it.
    bool known = false;
    if (mine != 0 && (addr >> 3) == ((end - 1) >> 3)) { // one 8-byte block (chunks never cross one)
      const Slot* s = newest_in_block(thread, addr, known);
      if (known && s && s->addr <= addr && s->addr + s->len >= end && (!others || s->visible > cycle)) {
        std::memcpy(data, reinterpret_cast<const uint8_t*>(&s->data) + (addr - s->addr), len);
        return;
      }
      if (known && !s && !others) return; // nothing pending in the block at all
    }
    // Only this thread's chunks near the range: program order is coherence order.
    if (!others) return overlay_own(own, addr, data, len);
    if (!known && mine != 0) {
      for (std::size_t i = own.size; i != 0;) {
        const Slot& s = own.at(--i);
        if (s.addr >= end || s.addr + s.len <= addr) continue;
        if (s.addr <= addr && s.addr + s.len >= end && s.visible > cycle) {
          std::memcpy(data, reinterpret_cast<const uint8_t*>(&s.data) + (addr - s.addr), len);
          return;
        }
        break;
      }
    }
  }
  const uint64_t* m1 = &masks_[static_cast<std::size_t>(first_slot) * mask_words_];
  const uint64_t* m2 = &masks_[static_cast<std::size_t>(last_slot) * mask_words_];
  // The few chunks that apply, then in coherence order: later ones overwrite earlier ones.
  std::vector<Hit>& hits = scratch_[thread]; // kept: no allocation per load
  hits.clear();
  for (unsigned w = 0; w < mask_words_; ++w) {
    uint64_t m = short_range ? (m1[w] | m2[w]) : ~0ull;
    while (m != 0) {
      const unsigned t = w * 64 + static_cast<unsigned>(__builtin_ctzll(m));
      m &= m - 1;
      if (t >= threads_) break;
      const Ring& q = queues_[t];
      for (std::size_t i = 0; i < q.size; ++i) {
        const Slot& s = q.at(i);
        if (s.addr >= end || s.addr + s.len <= addr) continue;
        if (t != thread && s.visible > cycle) continue;
        hits.push_back({s.visible, t, &s});
      }
    }
  }
  if (hits.empty()) return;
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.visible != b.visible) return a.visible < b.visible;
    if (a.thread != b.thread) return a.thread < b.thread;
    return a.slot->seq < b.slot->seq;
  });
  for (const Hit& h : hits) {
    const Slot& s = *h.slot;
    const uint64_t lo = std::max(addr, s.addr);
    const uint64_t hi = std::min(end, s.addr + s.len);
    std::memcpy(data + (lo - addr), reinterpret_cast<const uint8_t*>(&s.data) + (lo - s.addr), hi - lo);
  }
}

void StoreQueue::read(unsigned thread, uint64_t cycle, uint64_t addr, uint8_t* data, unsigned len) const {
  std::memcpy(data, host_ + (addr - base_), len);
  overlay(thread, cycle, addr, data, len);
}

void StoreQueue::apply_to_memory(unsigned thread, const Slot& s) {
  if (host_ && s.addr >= base_ && s.addr - base_ + s.len <= size_) {
    uint8_t* p = host_ + (s.addr - base_);
    switch (s.len) { // fixed sizes: no library call for the usual ones
    case 8: std::memcpy(p, &s.data, 8); break;
    case 4: std::memcpy(p, &s.data, 4); break;
    case 2: std::memcpy(p, &s.data, 2); break;
    case 1: std::memcpy(p, &s.data, 1); break;
    default: std::memcpy(p, &s.data, s.len); break;
    }
    // A chunk lies in one CodeWatch block (kChunk divides the block size).
    static_assert((1u << CodeWatch::kBlockShift) % kChunk == 0);
    if (code_watch_) {
      const uint64_t block = s.addr >> CodeWatch::kBlockShift;
      if (block < code_watch_->blocks.size() && (code_watch_->blocks[block] & CodeWatch::kCode))
        ++code_watch_->generation;
    }
    if (on_write_) on_write_(s.addr, s.len);
  }
  if (reservations_.active_count() != 0) kill_reservations(thread, s.addr, s.visible);
}

// A reservation taken before the store became visible read the older value: it is lost.
void StoreQueue::kill_reservations(unsigned thread, uint64_t addr, uint64_t visible) {
  const uint64_t granule = addr & ~(ReservationMonitor::granule_bytes - 1);
  for (unsigned t = 0; t < threads_; ++t) {
    if (t == thread) continue;
    if (reservations_.holds(t, granule) && reserve_cycle_[t] < visible) reservations_.clear(t);
  }
}

void StoreQueue::drain_due(uint64_t cycle) {
  // Merge the per-thread queues (each already in coherence order) by (visible, thread): take
  // the queue whose oldest chunk is earliest, and from it every chunk before the next
  // queue's oldest; then that queue's new key replaces the heap's root.
  while (!heap_.empty() && heap_[0].visible <= cycle) {
    const unsigned t = heap_[0].thread;
    Due next{~0ull, ~0u};
    if (heap_.size() > 1) next = heap_[1];
    if (heap_.size() > 2 && next > heap_[2]) next = heap_[2];
    Ring& q = queues_[t];
    do {
      const Slot& s = q.front();
      count_out(t, s.addr);
      apply_to_memory(t, s);
      q.pop_front();
    } while (q.size != 0 && q.front().visible <= cycle && next > Due{q.front().visible, t});
    if (q.size != 0) {
      heap_[0] = {q.front().visible, t};
    } else {
      heap_[0] = heap_.back();
      heap_.pop_back();
      if (heap_.empty()) return;
    }
    heap_sift_down();
  }
}

bool StoreQueue::stcx_may_succeed(unsigned thread, uint64_t cycle, uint64_t addr) const {
  const uint64_t g = addr & ~(ReservationMonitor::granule_bytes - 1);
  const uint64_t r = reserve_cycle_[thread];
  const uint64_t mine = cycle + visibility_;
  for (unsigned t = 0; t < threads_; ++t) {
    if (t == thread) continue;
    const Ring& q = queues_[t];
    for (std::size_t i = 0; i < q.size; ++i) {
      const Slot& e = q.at(i);
      if ((e.addr & ~(ReservationMonitor::granule_bytes - 1)) != g) continue;
      if (e.visible <= r) continue; // the larx saw it
      if (e.visible < mine || (e.visible == mine && t < thread)) return false;
    }
  }
  return true;
}

std::vector<StoreQueue::Entry> StoreQueue::entries() const {
  std::vector<Entry> out;
  out.reserve(pending_);
  for (unsigned t = 0; t < threads_; ++t) {
    const Ring& q = queues_[t];
    for (std::size_t i = 0; i < q.size; ++i) {
      const Slot& s = q.at(i);
      Entry e;
      e.visible = s.visible;
      e.seq = s.seq;
      e.addr = s.addr;
      e.thread = t;
      e.len = static_cast<uint8_t>(s.len);
      std::memcpy(e.data.data(), &s.data, s.len);
      out.push_back(e);
    }
  }
  return out;
}

std::string StoreQueue::restore(const std::vector<Entry>& entries, const std::vector<uint64_t>& sequence,
                                const std::vector<uint64_t>& reserve_cycles) {
  if (sequence.size() != threads_ || reserve_cycles.size() != threads_)
    return "store queue: " + std::to_string(sequence.size()) + " threads, this board has " +
           std::to_string(threads_);
  for (const Entry& e : entries) {
    if (e.thread >= threads_) return "store queue: entry of thread " + std::to_string(e.thread);
    if (e.len == 0 || e.len > kChunk || (e.addr & (kChunk - 1)) + e.len > kChunk)
      return "store queue: bad entry length " + std::to_string(e.len);
    if (!host_ || e.addr < base_ || e.addr - base_ + e.len > size_)
      return "store queue: entry outside memory";
  }
  for (auto& q : queues_) q = Ring{};
  std::fill(recent_.begin(), recent_.end(), Recent{});
  std::fill(filter_.begin(), filter_.end(), 0);
  std::fill(counts_.begin(), counts_.end(), 0);
  std::fill(masks_.begin(), masks_.end(), 0);
  heap_.clear();
  pending_ = 0;
  for (const Entry& e : entries) {
    uint64_t bytes = 0;
    std::memcpy(&bytes, e.data.data(), e.len);
    append(e.thread, e.visible, e.seq, e.addr, bytes, e.len);
  }
  next_seq_ = sequence;
  reserve_cycle_ = reserve_cycles;
  // (A checkpoint is taken only where every direct store is visible: CoreScheduler.)
  std::fill(direct_visible_.begin(), direct_visible_.end(), 0);
  return "";
}

} // namespace ppc64sim::cpu
