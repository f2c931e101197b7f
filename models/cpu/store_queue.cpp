#include "models/cpu/store_queue.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace ppc64sim::cpu {

StoreQueue::StoreQueue(unsigned threads, uint64_t visibility_cycles, ReservationMonitor& reservations)
    : visibility_(visibility_cycles), reservations_(reservations), queues_(threads),
      next_seq_(threads, 0), reserve_cycle_(threads, 0), filter_(kFilterSlots, 0),
      thread_filter_(static_cast<std::size_t>(threads) * kFilterSlots, 0) {
  if (visibility_cycles == 0) throw std::invalid_argument("StoreQueue: visibility must be >= 1 cycle");
}

void StoreQueue::attach_memory(uint8_t* host, uint64_t base, uint64_t size) {
  host_ = host;
  base_ = base;
  size_ = size;
}

void StoreQueue::push(const Entry& e) {
  queues_[e.thread].push_back(e);
  ++filter_[line_slot(e.addr)];
  ++thread_filter_[static_cast<std::size_t>(e.thread) * kFilterSlots + line_slot(e.addr)];
  ++pending_;
}

void StoreQueue::store(unsigned thread, uint64_t cycle, uint64_t addr, const uint8_t* data, unsigned len) {
  Entry e;
  e.thread = thread;
  e.visible = cycle + visibility_;
  // Chunks never cross a kChunk-aligned block: one filter slot and one granule each.
  while (len != 0) {
    const unsigned room = kChunk - static_cast<unsigned>(addr & (kChunk - 1));
    const unsigned n = std::min(room, len);
    e.addr = addr;
    e.len = static_cast<uint8_t>(n);
    e.seq = next_seq_[thread]++;
    std::memcpy(e.data.data(), data, n);
    push(e);
    addr += n;
    data += n;
    len -= n;
  }
}

void StoreQueue::overlay(unsigned thread, uint64_t cycle, uint64_t addr, uint8_t* data, unsigned len) const {
  if (!maybe_pending(addr, len)) return;
  const uint64_t end = addr + len;
  // Fast path (reloading one's own recent store, e.g. the stack): the thread's newest store
  // overlapping the range covers all of it and is not yet visible to the others. Every other
  // thread's store that applies is visible by `cycle`, before it: it alone decides.
  const auto& own = queues_[thread];
  for (auto it = own.rbegin(); it != own.rend(); ++it) {
    if (it->addr >= end || it->addr + it->len <= addr) continue;
    if (it->addr <= addr && it->addr + it->len >= end && it->visible > cycle) {
      std::memcpy(data, it->data.data() + (addr - it->addr), len);
      return;
    }
    break;
  }
  // The few entries that apply, then in coherence order: later ones overwrite earlier ones.
  std::vector<const Entry*>& hits = scratch_; // kept: no allocation per load
  hits.clear();
  const unsigned first_slot = line_slot(addr), last_slot = line_slot(end - 1);
  for (unsigned t = 0; t < queues_.size(); ++t) {
    const uint32_t* f = &thread_filter_[static_cast<std::size_t>(t) * kFilterSlots];
    if (f[first_slot] == 0 && f[last_slot] == 0) continue; // nothing of t near the range
    for (const Entry& e : queues_[t]) {
      if (e.addr >= end || e.addr + e.len <= addr) continue;
      if (e.thread != thread && e.visible > cycle) continue;
      hits.push_back(&e);
    }
  }
  if (hits.empty()) return;
  const Entry* const* first = hits.data();
  const Entry* const* last = hits.data() + hits.size();
  std::sort(hits.begin(), hits.end(), [](const Entry* a, const Entry* b) { return before(*a, *b); });
  for (const Entry* const* p = first; p != last; ++p) {
    const Entry& e = **p;
    const uint64_t lo = std::max(addr, e.addr);
    const uint64_t hi = std::min(end, e.addr + e.len);
    std::memcpy(data + (lo - addr), e.data.data() + (lo - e.addr), hi - lo);
  }
}

void StoreQueue::read(unsigned thread, uint64_t cycle, uint64_t addr, uint8_t* data, unsigned len) const {
  std::memcpy(data, host_ + (addr - base_), len);
  overlay(thread, cycle, addr, data, len);
}

void StoreQueue::apply_to_memory(const Entry& e) {
  if (host_ && e.addr >= base_ && e.addr - base_ + e.len <= size_) {
    std::memcpy(host_ + (e.addr - base_), e.data.data(), e.len);
    if (on_write_) on_write_(e.addr, e.len);
  }
  // A reservation taken before the store became visible read the older value: it is lost.
  if (reservations_.active_count() != 0) {
    const uint64_t granule = e.addr & ~(ReservationMonitor::granule_bytes - 1);
    for (unsigned t = 0; t < queues_.size(); ++t) {
      if (t == e.thread) continue;
      auto held = reservations_.reservation(t);
      if (held && *held == granule && reserve_cycle_[t] < e.visible) reservations_.clear(t);
    }
  }
}

void StoreQueue::drain(uint64_t cycle) {
  if (pending_ == 0) return;
  // Merge the per-thread queues (each already in coherence order) by (visible, thread).
  for (;;) {
    std::deque<Entry>* best = nullptr;
    for (auto& q : queues_) {
      if (q.empty() || q.front().visible > cycle) continue;
      if (!best || before(q.front(), best->front())) best = &q;
    }
    if (!best) return;
    const Entry e = best->front();
    best->pop_front();
    --filter_[line_slot(e.addr)];
    --thread_filter_[static_cast<std::size_t>(e.thread) * kFilterSlots + line_slot(e.addr)];
    --pending_;
    apply_to_memory(e);
  }
}

bool StoreQueue::stcx_may_succeed(unsigned thread, uint64_t cycle, uint64_t addr) const {
  const uint64_t g = addr & ~(ReservationMonitor::granule_bytes - 1);
  const uint64_t r = reserve_cycle_[thread];
  const uint64_t mine = cycle + visibility_;
  for (unsigned t = 0; t < queues_.size(); ++t) {
    if (t == thread) continue;
    for (const Entry& e : queues_[t]) {
      if ((e.addr & ~(ReservationMonitor::granule_bytes - 1)) != g) continue;
      if (e.visible <= r) continue; // the larx saw it
      if (e.visible < mine || (e.visible == mine && t < thread)) return false;
    }
  }
  return true;
}

std::vector<StoreQueue::Entry> StoreQueue::entries() const {
  std::vector<Entry> out;
  for (const auto& q : queues_) out.insert(out.end(), q.begin(), q.end());
  return out;
}

std::string StoreQueue::restore(const std::vector<Entry>& entries, const std::vector<uint64_t>& sequence,
                                const std::vector<uint64_t>& reserve_cycles) {
  if (sequence.size() != queues_.size() || reserve_cycles.size() != queues_.size())
    return "store queue: " + std::to_string(sequence.size()) + " threads, this board has " +
           std::to_string(queues_.size());
  for (const Entry& e : entries) {
    if (e.thread >= queues_.size()) return "store queue: entry of thread " + std::to_string(e.thread);
    if (e.len == 0 || e.len > kChunk || (e.addr & (kChunk - 1)) + e.len > kChunk)
      return "store queue: bad entry length " + std::to_string(e.len);
    if (!host_ || e.addr < base_ || e.addr - base_ + e.len > size_)
      return "store queue: entry outside memory";
  }
  for (auto& q : queues_) q.clear();
  std::fill(filter_.begin(), filter_.end(), 0);
  std::fill(thread_filter_.begin(), thread_filter_.end(), 0);
  pending_ = 0;
  for (const Entry& e : entries) push(e);
  next_seq_ = sequence;
  reserve_cycle_ = reserve_cycles;
  return "";
}

} // namespace ppc64sim::cpu
