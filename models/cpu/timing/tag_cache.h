#pragma once
// A tag-only set-associative cache: it remembers which lines are present, never their data
// (the ISS keeps the data in guest memory). Replacement is true LRU per set; an empty way is
// filled before anything is evicted. Deterministic: no randomness, no host addresses.
#include "models/cpu/timing/state_bytes.h"
#include "models/cpu/timing/timing_params.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ppc64sim::cpu::timing {

class TagCache {
public:
  explicit TagCache(const CacheParams& p); // p must have passed TimingParams::validate()

  // Looks up the line holding `addr`; true on a hit (the line becomes most recently used).
  // On a miss the line is installed when `allocate`, evicting the set's LRU line.
  bool access(uint64_t addr, bool allocate) {
    const uint64_t tag = (addr >> line_shift_) + 1;
    // The clock only advances when a stamp changes: re-touching the most recently used line
    // changes nothing, which lets these shortcuts skip the set scan without changing state.
    if (tags_[mru_] == tag) {
      if (stamps_[mru_] != clock_) stamps_[mru_] = ++clock_;
      return true;
    }
    if (tags_[mru2_] == tag) { // a line's tag is in one way only: this is the set's hit
      if (stamps_[mru2_] != clock_) stamps_[mru2_] = ++clock_;
      std::swap(mru_, mru2_);
      return true;
    }
    // A line that missed without being allocated stays absent until it is allocated: a
    // store-through cache sees the same line miss again and again.
    if (tag == absent_ && !allocate) return false;
    return access_set(addr, tag, allocate);
  }
  bool contains(uint64_t addr) const;

  unsigned line_shift() const { return line_shift_; }
  uint32_t sets() const { return set_mask_ + 1; }
  uint32_t ways() const { return ways_; }
  uint32_t hit_latency() const { return hit_latency_; }

  void save(ByteWriter& w) const;
  // Puts every set's lines in its first ways, most recently used first, with stamps counting
  // down from the ways count, and the clock at the ways count: the same lines in the same
  // order save as the same bytes, however the cache came to hold them.
  void canonicalize();
  // Reads what save() wrote; on error leaves this cache unchanged (the reader holds the error).
  void load(ByteReader& r, const char* name);

private:
  bool access_set(uint64_t addr, uint64_t tag, bool allocate); // the set scan, LRU fill

  unsigned line_shift_;
  uint32_t set_mask_;
  uint32_t ways_;
  uint32_t hit_latency_;
  std::vector<uint64_t> tags_;   // line number + 1 per way; 0 = empty
  std::vector<uint64_t> stamps_; // use clock of the last access per way (LRU)
  uint64_t clock_ = 0;
  // Lookup shortcuts, not state: the ways of the last two lines hit or filled, and the tag
  // of the last line that missed without being allocated (0: none).
  std::size_t mru_ = 0, mru2_ = 0;
  uint64_t absent_ = 0;
};

// The board's L2, shared by all cores, plus its hit/miss totals. Not thread-safe, bar one
// pattern: between two start_window() calls, fill() for *different* cores may run on different
// host threads at once (--host-threads): a fill reads only what start_window() wrote (the
// board's log, the sets' logs) and writes only its own core's view, cursor, window list and
// counts.
//
// With several cores, each core looks up its own view of the L2's tags. Its own accesses
// (fills and LRU updates) apply to its view at once; another core's access made at cycle c
// applies to it at c + delay, before any of its own accesses at that cycle or later, in
// (cycle, core, program order). The cycle of an access is its thread's cycle before the
// instruction. With delay >= the run-control window, every access a core must see was made
// in an earlier window, so the views do not depend on the order the host runs the cores in
// a window nor on the window length: the board calls start_window(first cycle) at every
// window's start, which files the last window's accesses in that order. One core: one view,
// no delay (the core's threads use it in the order they run).
//
// Cost: on a board of up to four cores a view takes the accesses its core has passed just
// before the core looks it up, and a view that lags far behind (its core's threads sleep)
// takes them at a window's start, all at once: there only the newest `ways` lines of each
// set count (true LRU, every access allocating), so the rest is never applied.
// On boards of more than four cores the others' accesses reach a view lazily, set by
// set. Which filed accesses a view has passed is a position per core in the board's log (as
// the rules above say); each set keeps its own log of filed accesses, and a core's view of a
// set takes the entries it has passed only when the core next looks the set up (sets never
// interact, so the set ends up exactly as if they had been taken one by one). A set's log is
// compacted once it grows: the entries no view has taken yet are cut down to those that can
// still decide what some view holds (true LRU with every access allocating: a set holds its
// `ways` most recently used lines).
class SharedL2 {
public:
  explicit SharedL2(const TimingParams& p, unsigned cores = 1, uint64_t delay = 0);

  // Cycles until the line holding `addr` is delivered (L2 hit latency or memory latency) to
  // `core`, whose thread asks at `cycle`; always allocates. `hit` reports which.
  uint32_t fill(unsigned core, uint64_t cycle, uint64_t addr, bool& hit) {
    if (__builtin_expect(cores_ > 1, 0)) return fill_view(core, cycle, addr, hit);
    hit = views_.front().access(addr, true); // one core: as a plain shared cache
    return count(hit);
  }
  // One core (tests, single-core boards).
  uint32_t fill(uint64_t addr, bool& hit) { return fill(0, 0, addr, hit); }
  // A window starting at `cycle` begins: the last window's accesses are filed, and every
  // view takes the others' accesses due by `cycle` (no thread of the board is before it).
  void start_window(uint64_t cycle);
  // Whether `core`'s view holds the line (as its next access would find it, bar later ones).
  bool contains(uint64_t addr, unsigned core = 0) const {
    if (lazy_) take_filed(core, set_of(addr));
    else take_passed(core);
    return views_[core].contains(addr);
  }
  unsigned cores() const { return cores_; }
  uint64_t delay() const { return delay_; }
  uint64_t hits() const {
    uint64_t n = hits_;
    for (const CoreWindow& w : windows_) n += w.hits;
    return n;
  }
  uint64_t misses() const {
    uint64_t n = misses_;
    for (const CoreWindow& w : windows_) n += w.misses;
    return n;
  }
  // Accesses filed but not yet passed by some core (bounded by about `delay` cycles' worth).
  std::size_t pending() const { return log_.size() - head_; }

  std::vector<uint8_t> save() const;
  // "" on success; otherwise an error naming what was wrong (another geometry, core count or
  // delay included), and the L2 is unchanged.
  std::string load(const uint8_t* data, std::size_t size);

private:
  struct Access {
    uint64_t cycle;
    uint32_t core;
    uint64_t addr;
  };
  // An entry of a set's log: `seq` is its position in the board's log counted from the
  // board's first access (positions before a core's cursor are passed by that core).
  struct Filed {
    uint64_t seq;
    uint64_t addr;
    uint32_t core;
  };
  static bool filing_order(const Access& a, const Access& b); // (cycle, core)
  uint32_t count(bool hit) {
    if (hit) {
      ++hits_;
      return views_.front().hit_latency();
    }
    ++misses_;
    return memory_latency_;
  }
  uint32_t set_of(uint64_t addr) const { return static_cast<uint32_t>((addr >> line_shift_) & set_mask_); }
  // fill() with several cores (out of line: one-core boards keep their short path).
  uint32_t fill_view(unsigned core, uint64_t cycle, uint64_t addr, bool& hit);
  // Moves `core`'s cursor past the others' filed accesses with cycle + delay <= `cycle`
  // (the board's log is in filing order; the search stops at the first one not yet due).
  // The view takes them later: take_passed() (a small board) or take_filed() (lazy_).
  void catch_up(unsigned core, uint64_t cycle) {
    std::size_t& i = cursor_[core];
    if (i < log_.size() && log_[i].cycle + delay_ <= cycle) i = due_end(i, cycle);
  }
  // A small board: `core`'s view takes the entries its cursor has passed, before the core
  // looks it up. A core whose threads sleep looks nothing up, so its backlog grows until a
  // window's start takes it in one go (take_backlog), most of it cut away.
  void take_passed(unsigned core) const {
    if (taken_[core] != cursor_[core]) take_passed_slow(core);
  }
  void take_passed_slow(unsigned core) const;
  // Returns a bit per core with an entry the walk looked at, and leaves the entries it applied
  // in take_, newest first.
  uint32_t take_backlog(unsigned core);
  std::size_t due_end(std::size_t from, uint64_t cycle) const;
  void gather_window(); // windows_ -> window_, in filing order
  void catch_up_all(uint64_t cycle); // lazy_: every cursor, at a window's start
  // `core`'s view takes the entries of `set`'s log its cursor has passed.
  void take_filed(unsigned core, uint32_t set) const {
    if (applied_[static_cast<std::size_t>(core) * sets_ + set] != set_logs_[set].size()) take_filed_slow(core, set);
  }
  void take_filed_slow(unsigned core, uint32_t set) const;
  // Adds the board's log from `from` to the sets' logs.
  void file_into_sets(std::size_t from);
  void compact_set(uint32_t set);
  // The entries of `in` that can decide what a view that takes all of them at once holds.
  void cut_down(const std::vector<Filed>& in, std::vector<Filed>& out);

  unsigned cores_;
  uint64_t delay_;
  // Whether the views take the others' accesses lazily (sets' logs), or at once as their
  // cursors pass them: on a board of a few cores each access reaches only a few other views,
  // and taking it at once costs less than filing it in a set's log.
  bool lazy_;
  mutable std::vector<TagCache> views_; // one per core (a view takes filed entries lazily)
  uint32_t memory_latency_;
  unsigned line_shift_;
  uint32_t set_mask_;
  uint32_t sets_;
  uint32_t ways_;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
  // Filed accesses in (cycle, core, program order); entries before head_ are passed by all.
  std::vector<Access> log_;
  std::size_t head_ = 0;
  uint64_t erased_ = 0;             // entries erased before log_.front() (for Filed::seq)
  std::size_t sorted_from_ = 0;     // log_ from here on is in cycle order (a binary search)
  std::vector<std::size_t> cursor_; // per core: the log entries before it are passed
  // Per core, a small board (not lazy_): the log entries before it are in its view
  // (taken_ <= cursor_; the log keeps everything from the smallest).
  mutable std::vector<std::size_t> taken_;
  // Per core (several cores only): this window's accesses in program order and the hits and
  // misses of its fills. Per core, so that cores may fill on different host threads; a
  // cache line each, so that they do not slow each other down doing so.
  struct alignas(64) CoreWindow {
    std::vector<Access> accesses;
    bool sorted = true; // accesses are in cycle order (so in filing order: one core)
    uint64_t hits = 0, misses = 0;
  };
  std::vector<CoreWindow> windows_;
  // Per core: its window's list is not empty (gather_window visits only those). Bytes, one
  // per core: cores running ahead on host threads write their own.
  std::vector<uint8_t> window_filed_;
  std::vector<Access> window_; // start_window's scratch: the windows' accesses, in filing order
  // Per set its log; per core and set how much of it the core's view has taken.
  mutable std::vector<std::vector<Filed>> set_logs_;
  mutable std::vector<uint32_t> applied_;
  std::vector<uint32_t> compact_at_; // per set: the log length that triggers a compaction
  std::vector<uint32_t> to_compact_;
  // cut_down's scratch space.
  std::vector<uint64_t> seen_tag_;
  std::vector<int32_t> seen_state_;
  std::vector<uint32_t> single_;
  std::vector<uint32_t> single_cores_;
  std::vector<uint8_t> listed_;
  std::vector<std::size_t> used_slots_, keep_;
  // take_backlog's scratch space (kept cleared between calls: only the used slots are
  // cleared): the lines taken (line number + 1, hashed), per set how many, the slots used.
  std::vector<uint64_t> seen_lines_;
  std::vector<uint32_t> seen_count_;
  std::vector<std::size_t> seen_slots_;
  std::vector<std::size_t> take_;
};

} // namespace ppc64sim::cpu::timing
