#pragma once
// Board-wide load-reserve / store-conditional bookkeeping (Power ISA Book II, 4.6.2).
// A reservation is held per thread on one reservation granule; any store by another thread
// (or by a device) into that granule clears it. The fast path for stores is a single test of
// active_count(). Threads of different cores may reserve at once on different host threads
// (--host-threads: the count is atomic; each thread's slot is its own).
#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

namespace ppc64sim::cpu {

class ReservationMonitor {
public:
  static constexpr uint64_t granule_bytes = 128; // POWER9 reservation granule

  explicit ReservationMonitor(unsigned threads) : reservation_(threads, none) {}

  void reserve(unsigned thread, uint64_t addr) {
    if (reservation_[thread] == none) active_.fetch_add(1, std::memory_order_relaxed);
    reservation_[thread] = addr & ~(granule_bytes - 1);
  }
  // stcx.: true when `thread` still holds a reservation on addr's granule. The reservation
  // is cleared either way, as the architecture requires.
  bool consume(unsigned thread, uint64_t addr) {
    uint64_t held = reservation_[thread];
    if (held == none) return false;
    reservation_[thread] = none;
    active_.fetch_sub(1, std::memory_order_relaxed);
    return held == (addr & ~(granule_bytes - 1));
  }
  void clear(unsigned thread) {
    if (reservation_[thread] != none) {
      reservation_[thread] = none;
      active_.fetch_sub(1, std::memory_order_relaxed);
    }
  }
  // Any store to [addr, addr+len) by `thread` (or by a device: thread = ~0u) clears the
  // other threads' reservations on the granules it touches.
  void notify_store(unsigned thread, uint64_t addr, uint64_t len) {
    if (active_count() == 0) return;
    uint64_t first = addr & ~(granule_bytes - 1);
    uint64_t last = (addr + (len ? len - 1 : 0)) & ~(granule_bytes - 1);
    for (unsigned t = 0; t < reservation_.size(); ++t) {
      if (t == thread || reservation_[t] == none) continue;
      if (reservation_[t] >= first && reservation_[t] <= last) {
        reservation_[t] = none;
        active_.fetch_sub(1, std::memory_order_relaxed);
      }
    }
  }
  unsigned active_count() const { return active_.load(std::memory_order_relaxed); }
  // `thread` holds a reservation on this granule (a granule-aligned address).
  bool holds(unsigned thread, uint64_t granule) const { return reservation_[thread] == granule; }

  // Checkpoints: the granule address `thread` holds a reservation on, if any.
  unsigned threads() const { return static_cast<unsigned>(reservation_.size()); }
  std::optional<uint64_t> reservation(unsigned thread) const {
    if (reservation_.at(thread) == none) return std::nullopt;
    return reservation_[thread];
  }
  void restore(unsigned thread, std::optional<uint64_t> granule) {
    clear(thread);
    if (granule) reserve(thread, *granule);
  }

private:
  static constexpr uint64_t none = ~0ull;
  std::vector<uint64_t> reservation_;
  std::atomic<unsigned> active_{0};
};

} // namespace ppc64sim::cpu
