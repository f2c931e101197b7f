#pragma once
// Cycle mode's SMT interleave (README.md, "SMT issue policy"): which thread of a core runs
// next and for how long, so that the core's instructions execute in (cycle before the
// instruction, thread) order. Plain C++: the SystemC core (power_core.cpp) applies it, the
// unit tests check it by hand.
#include <cstdint>

namespace ppc64sim::cpu::timing {

struct SmtTurn {
  unsigned thread; // the thread to run; == the thread count when none may run before `end`
  uint64_t from;   // its cycle
  uint64_t until;  // it runs while its cycle is below this (it is first in the order)
};

// Among the threads t < n with eligible(t), the one with the smallest (cycle(t), t) runs
// until its cycle reaches the second smallest's cycle (or passes it, when its own index is
// the lower), and never past `end`. Nothing runs when no thread is eligible or the smallest
// cycle is already at `end`.
template <class Eligible, class Cycle>
SmtTurn smt_turn(unsigned n, uint64_t end, Eligible eligible, Cycle cycle) {
  unsigned a = n, b = n;
  uint64_t ca = 0, cb = 0;
  for (unsigned t = 0; t < n; ++t) {
    if (!eligible(t)) continue;
    const uint64_t c = cycle(t);
    if (a == n || c < ca) { // ties keep the lower index first
      b = a;
      cb = ca;
      a = t;
      ca = c;
    } else if (b == n || c < cb) {
      b = t;
      cb = c;
    }
  }
  if (a == n || ca >= end) return SmtTurn{n, ca, ca};
  uint64_t until = end;
  if (b != n) {
    const uint64_t second = cb + (a < b ? 1 : 0);
    if (second < until) until = second;
  }
  return SmtTurn{a, ca, until};
}

// smt_turn for two threads (an SMT2 core, the usual case), with the same answer: thread t
// eligible when `e<t>`, at cycle `c<t>`. Written out because the interleave asks on every
// turn of a few instructions.
inline SmtTurn smt_turn_pair(uint64_t end, bool e0, uint64_t c0, bool e1, uint64_t c1) {
  if (e0 && (!e1 || c0 <= c1)) { // thread 0 first (a tie goes to the lower index)
    if (c0 >= end) return SmtTurn{2, c0, c0};
    return SmtTurn{0, c0, e1 && c1 + 1 < end ? c1 + 1 : end};
  }
  if (!e1) return SmtTurn{2, 0, 0};
  if (c1 >= end) return SmtTurn{2, c1, c1};
  return SmtTurn{1, c1, e0 && c0 < end ? c0 : end};
}

// The same orders with turns of K cycles (TimingParams::smt_turn_cycles, K >= 1): instructions
// go in (cycle / K, thread) order, so the first thread runs until its cycle reaches the block
// where the second's key is smaller than its own, and never past `end`. K = 1 is smt_turn.
// Only threads still before `end` take part: a window's end at a multiple of K (the
// scheduler's) cuts the order where the next window goes on unchanged, and one inside a block
// (a kernel event's time) lets every thread reach it, so none is left behind the window.
template <class Eligible, class Cycle>
SmtTurn smt_turn_blocks(unsigned n, uint64_t k, uint64_t end, Eligible eligible, Cycle cycle) {
  unsigned a = n, b = n;
  uint64_t ca = 0, ka = 0, kb = 0; // the first's cycle, the first two's blocks
  for (unsigned t = 0; t < n; ++t) {
    if (!eligible(t)) continue;
    const uint64_t c = cycle(t), block = c / k;
    if (c >= end) continue;
    if (a == n || block < ka) { // ties keep the lower index first
      b = a, kb = ka;
      a = t, ca = c, ka = block;
    } else if (b == n || block < kb) {
      b = t, kb = block;
    }
  }
  if (a == n) return SmtTurn{n, end, end};
  uint64_t until = end;
  if (b != n) {
    const uint64_t second = (kb + (a < b ? 1 : 0)) * k;
    if (second < until) until = second;
  }
  return SmtTurn{a, ca, until};
}

// smt_turn_blocks for an SMT2 core, written out as smt_turn_pair is.
inline SmtTurn smt_turn_pair_blocks(uint64_t k, uint64_t end, bool e0, uint64_t c0, bool e1, uint64_t c1) {
  e0 = e0 && c0 < end;
  e1 = e1 && c1 < end;
  const uint64_t k0 = c0 / k, k1 = c1 / k;
  if (e0 && (!e1 || k0 <= k1)) {
    const uint64_t second = (k1 + 1) * k;
    return SmtTurn{0, c0, e1 && second < end ? second : end};
  }
  if (!e1) return SmtTurn{2, end, end};
  const uint64_t second = k0 * k;
  return SmtTurn{1, c1, e0 && second < end ? second : end};
}

} // namespace ppc64sim::cpu::timing
