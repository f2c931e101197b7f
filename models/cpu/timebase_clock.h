#pragma once
// The timebase as a function of simulated time (derived, never ticked): the tick count at a
// time given in time-resolution units. One definition for the board, which answers every
// reader, and for the ISS's cycle-mode shortcut (a running thread reads it at its own cycle
// without a call through the board), so the two can never disagree by a tick.
#include <cstdint>

namespace ppc64sim::cpu {

struct TimebaseClock {
  uint64_t hz = 0;          // ticks per second (0: the timebase stands still)
  uint64_t ps_per_unit = 0; // picoseconds per time-resolution unit
  // The largest picosecond count whose product with hz fits 64 bits.
  uint64_t max_ps_64bit = 0;

  void set(uint64_t ticks_per_second, uint64_t picoseconds_per_unit) {
    hz = ticks_per_second;
    ps_per_unit = picoseconds_per_unit;
    max_ps_64bit = hz != 0 ? UINT64_MAX / hz : 0;
  }
  // floor(time * hz) for `units` of the time resolution.
  uint64_t at_units(uint64_t units) const {
    __extension__ using u128 = unsigned __int128; // ps * Hz overflows 64 bits after ~10 h
    const u128 ps = static_cast<u128>(units) * ps_per_unit;
    // 64-bit arithmetic while the product fits (the first ~10 h at 512 MHz): same result,
    // without a 128-bit division on every read.
    if (hz != 0 && ps <= max_ps_64bit) return static_cast<uint64_t>(ps) * hz / 1'000'000'000'000ull;
    return static_cast<uint64_t>(ps * hz / 1'000'000'000'000ull);
  }
};

} // namespace ppc64sim::cpu
