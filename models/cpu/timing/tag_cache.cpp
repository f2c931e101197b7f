#include "models/cpu/timing/tag_cache.h"

#include <algorithm>
#include <cstring>

namespace ppc64sim::cpu::timing {
namespace {
unsigned log2_exact(uint32_t v) { return static_cast<unsigned>(__builtin_ctz(v)); }
} // namespace

TagCache::TagCache(const CacheParams& p)
    : line_shift_(log2_exact(p.line_bytes)),
      set_mask_(p.size_bytes / (p.line_bytes * p.ways) - 1),
      ways_(p.ways),
      hit_latency_(p.hit_latency),
      tags_(static_cast<std::size_t>(set_mask_ + 1) * p.ways, 0),
      stamps_(tags_.size(), 0) {}

bool TagCache::access_set(uint64_t addr, uint64_t tag, bool allocate) {
  const std::size_t base = static_cast<std::size_t>((addr >> line_shift_) & set_mask_) * ways_;
  for (std::size_t i = base; i < base + ways_; ++i) {
    if (tags_[i] == tag) {
      if (stamps_[i] != clock_) stamps_[i] = ++clock_;
      mru2_ = mru_;
      mru_ = i;
      return true;
    }
  }
  if (!allocate) {
    absent_ = tag;
    return false;
  }
  // The least recently used way; an empty way (stamp 0) is older than any used one, so it is
  // taken first. Ties go to the lowest way.
  std::size_t victim = base;
  for (std::size_t i = base + 1; i < base + ways_; ++i)
    if (stamps_[i] < stamps_[victim]) victim = i;
  tags_[victim] = tag;
  stamps_[victim] = ++clock_;
  mru2_ = mru_;
  mru_ = victim;
  if (absent_ == tag) absent_ = 0;
  return false;
}

bool TagCache::contains(uint64_t addr) const {
  const uint64_t tag = (addr >> line_shift_) + 1;
  const std::size_t base = static_cast<std::size_t>((addr >> line_shift_) & set_mask_) * ways_;
  for (std::size_t i = base; i < base + ways_; ++i)
    if (tags_[i] == tag) return true;
  return false;
}

void TagCache::canonicalize() {
  std::vector<std::pair<uint64_t, uint64_t>> lines; // (stamp, tag)
  for (std::size_t base = 0; base < tags_.size(); base += ways_) {
    lines.clear();
    for (std::size_t i = base; i < base + ways_; ++i)
      if (tags_[i] != 0) lines.emplace_back(stamps_[i], tags_[i]);
    std::sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t k = 0; k < ways_; ++k) {
      tags_[base + k] = k < lines.size() ? lines[k].second : 0;
      stamps_[base + k] = k < lines.size() ? ways_ - k : 0;
    }
  }
  clock_ = ways_;
  mru_ = mru2_ = 0;
  absent_ = 0;
}

void TagCache::save(ByteWriter& w) const {
  w.u32(set_mask_ + 1);
  w.u32(ways_);
  w.u32(line_shift_);
  w.u64(clock_);
  for (std::size_t i = 0; i < tags_.size(); ++i) {
    w.u64(tags_[i]);
    w.u64(stamps_[i]);
  }
}

void TagCache::load(ByteReader& r, const char* name) {
  const std::string n = name;
  r.expect(r.u32((n + " sets").c_str()), set_mask_ + 1, (n + " sets").c_str());
  r.expect(r.u32((n + " ways").c_str()), ways_, (n + " ways").c_str());
  r.expect(r.u32((n + " line shift").c_str()), line_shift_, (n + " line shift").c_str());
  uint64_t clock = r.u64(name);
  std::vector<uint64_t> tags(tags_.size()), stamps(tags_.size());
  for (std::size_t i = 0; i < tags.size() && r.ok(); ++i) {
    tags[i] = r.u64(name);
    stamps[i] = r.u64(name);
    if (stamps[i] > clock) r.fail(n + ": way " + std::to_string(i) + " used after the clock");
  }
  if (!r.ok()) return;
  tags_.swap(tags);
  stamps_.swap(stamps);
  clock_ = clock;
  absent_ = 0;
}

bool SharedL2::filing_order(const Access& a, const Access& b) {
  return a.cycle != b.cycle ? a.cycle < b.cycle : a.core < b.core;
}

namespace {
// A set's log is compacted when it reaches this length (or twice its length after the last
// compaction): a bound on the memory per set, and on how many entries a view takes at once.
constexpr uint32_t kCompactAt = 64;
// Up to this many cores the views take the others' accesses at once (see lazy_).
constexpr unsigned kEagerCores = 4;
// A view of such a board that lags this many times the L2's lines behind its cursor takes
// its backlog at the next window's start.
constexpr uint64_t kLagLines = 4;
// A power of two at least twice `lines`: an open-addressed table that never fills.
std::size_t table_size(std::size_t lines) {
  std::size_t n = 16;
  while (n < 2 * lines) n *= 2;
  return n;
}
} // namespace

SharedL2::SharedL2(const TimingParams& p, unsigned cores, uint64_t delay)
    : cores_(cores == 0 ? 1 : cores),
      delay_(delay),
      lazy_(cores_ > kEagerCores),
      views_(cores_, TagCache(p.l2)),
      memory_latency_(p.memory_latency),
      line_shift_(views_.front().line_shift()),
      set_mask_(views_.front().sets() - 1),
      sets_(views_.front().sets()),
      ways_(views_.front().ways()),
      cursor_(cores_, 0),
      taken_(cores_, 0),
      windows_(cores_ > 1 ? cores_ : 0),
      window_filed_(windows_.size(), 0),
      set_logs_(sets_),
      applied_(static_cast<std::size_t>(cores_) * sets_, 0),
      compact_at_(sets_, kCompactAt),
      single_(cores_, 0),
      listed_(cores_, 0),
      seen_lines_(lazy_ || cores_ == 1 ? 0 : table_size(static_cast<std::size_t>(sets_) * ways_), 0),
      seen_count_(lazy_ || cores_ == 1 ? 0 : sets_, 0) {}

__attribute__((noinline)) uint32_t SharedL2::fill_view(unsigned core, uint64_t cycle, uint64_t addr, bool& hit) {
  catch_up(core, cycle);
  if (lazy_) take_filed(core, set_of(addr));
  else take_passed(core);
  hit = views_[core].access(addr, true);
  CoreWindow& w = windows_[core];
  if (w.accesses.empty()) window_filed_[core] = 1;
  else if (cycle < w.accesses.back().cycle) w.sorted = false;
  w.accesses.push_back(Access{cycle, core, addr});
  if (hit) {
    ++w.hits;
    return views_[core].hit_latency();
  }
  ++w.misses;
  return memory_latency_;
}

// The cores' accesses of the window in filing order: a stable sort by (cycle, core) of their
// concatenation, each core's in program order, whatever order the host ran the cores in.
void SharedL2::gather_window() {
  window_.clear();
  bool sorted = true;
  // Most cores of a large board file nothing in a window: a byte each tells, eight at a time.
  const std::size_t n = window_filed_.size();
  for (std::size_t c = 0; c < n; ++c) {
    if (c + 8 <= n && c % 8 == 0) {
      uint64_t eight;
      std::memcpy(&eight, &window_filed_[c], 8);
      if (eight == 0) {
        c += 7;
        continue;
      }
    }
    if (!window_filed_[c]) continue;
    window_filed_[c] = 0;
    CoreWindow& w = windows_[c];
    sorted = sorted && w.sorted && (window_.empty() || !filing_order(w.accesses.front(), window_.back()));
    if (window_.empty()) window_.swap(w.accesses); // one core ran (or the first): no copy
    else window_.insert(window_.end(), w.accesses.begin(), w.accesses.end());
    w.accesses.clear();
    w.sorted = true;
  }
  if (!sorted) std::stable_sort(window_.begin(), window_.end(), filing_order);
}

std::size_t SharedL2::due_end(std::size_t from, uint64_t cycle) const {
  std::size_t i = from;
  // Out of cycle order (a late window merged in): walk as the rules say.
  for (; i < sorted_from_ && i < log_.size(); ++i)
    if (log_[i].cycle + delay_ > cycle) return i;
  if (i >= log_.size() || log_[i].cycle + delay_ > cycle) return i;
  // In cycle order: the first entry not yet due. Few entries fall due at a time: gallop from
  // `i` (due), then search the last step.
  const uint64_t last_due = cycle - delay_; // >= log_[i].cycle
  std::size_t step = 1, lo = i + 1;
  while (lo < log_.size() && log_[lo].cycle <= last_due) {
    i = lo;
    lo = i + step;
    step *= 2;
  }
  const std::size_t hi = std::min(lo, log_.size());
  return static_cast<std::size_t>(
      std::upper_bound(log_.begin() + static_cast<std::ptrdiff_t>(i + 1), log_.begin() + static_cast<std::ptrdiff_t>(hi),
                       last_due, [](uint64_t c, const Access& a) { return c < a.cycle; }) -
      log_.begin());
}

void SharedL2::take_filed_slow(unsigned core, uint32_t set) const {
  const std::vector<Filed>& entries = set_logs_[set];
  uint32_t& taken = applied_[static_cast<std::size_t>(core) * sets_ + set];
  const uint64_t passed = cursor_[core] + erased_;
  TagCache& view = views_[core];
  std::size_t j = taken;
  for (; j < entries.size() && entries[j].seq < passed; ++j)
    if (entries[j].core != core) view.access(entries[j].addr, true);
  taken = static_cast<uint32_t>(j);
}

void SharedL2::file_into_sets(std::size_t from) {
  for (std::size_t i = from; i < log_.size(); ++i) {
    const uint32_t set = set_of(log_[i].addr);
    std::vector<Filed>& entries = set_logs_[set];
    entries.push_back(Filed{i + erased_, log_[i].addr, log_[i].core});
    if (entries.size() == compact_at_[set]) to_compact_.push_back(set);
  }
}

void SharedL2::start_window(uint64_t cycle) {
  if (cores_ == 1) return;
  // Per core the window's accesses are in program order: a stable sort by (cycle, core) gives
  // the filing order whatever order the host ran the cores in.
  const auto before = filing_order;
  gather_window();
  const std::size_t mid = log_.size();
  log_.insert(log_.end(), window_.begin(), window_.end());
  window_.clear();
  std::size_t file_from = mid;
  // Windows follow each other, so this is normally already in order.
  if (mid != 0 && mid != log_.size() && before(log_[mid], log_[mid - 1])) {
    std::size_t from = head_;
    for (std::size_t c : cursor_) from = std::max(from, c);
    std::inplace_merge(log_.begin() + static_cast<std::ptrdiff_t>(from),
                       log_.begin() + static_cast<std::ptrdiff_t>(std::max(mid, from)), log_.end(), before);
    if (from > sorted_from_ && from > 0 && log_[from - 1].cycle > log_[from].cycle) sorted_from_ = from;
    // The entries from `from` on moved: no view has taken them (no cursor passed them), so
    // they leave the sets' logs (at their ends) and are filed again in their new order.
    if (lazy_ && from < mid) {
      const uint64_t moved = from + erased_;
      for (std::vector<Filed>& entries : set_logs_)
        while (!entries.empty() && entries.back().seq >= moved) entries.pop_back();
      file_from = from;
    }
  }
  std::size_t keep_from = 0; // the log's first entry still needed
  if (!lazy_) {
    for (unsigned c = 0; c < cores_; ++c) catch_up(c, cycle);
    head_ = *std::min_element(cursor_.begin(), cursor_.end());
    // A view that lags far behind takes its backlog now, which bounds the log. The views of
    // sleeping cores lag alike: one walk serves every view with the same backlog when no
    // entry it looked at is one of theirs.
    for (unsigned c = 0; c < cores_; ++c) {
      const std::size_t from = taken_[c], to = cursor_[c];
      if (to - from < kLagLines * sets_ * ways_) continue;
      const uint32_t walked = take_backlog(c);
      for (unsigned d = c + 1; d < cores_; ++d) {
        if (taken_[d] != from || cursor_[d] != to || (walked & ((1u << c) | (1u << d))) != 0) continue;
        for (std::size_t k = take_.size(); k-- > 0;) views_[d].access(log_[take_[k]].addr, true);
        taken_[d] = to;
      }
    }
    keep_from = *std::min_element(taken_.begin(), taken_.end());
  } else {
    file_into_sets(file_from);
    catch_up_all(cycle);
    keep_from = head_;
  }
  if (keep_from > 4096 && keep_from * 2 > log_.size()) {
    log_.erase(log_.begin(), log_.begin() + static_cast<std::ptrdiff_t>(keep_from));
    for (std::size_t& c : cursor_) c -= keep_from;
    for (std::size_t& c : taken_) c -= std::min(c, keep_from);
    erased_ += keep_from;
    sorted_from_ = sorted_from_ > keep_from ? sorted_from_ - keep_from : 0;
    head_ -= keep_from;
  }
}

// The view takes log entries [taken, cursor) of the other cores, in order (before its core
// looks it up: on the core's host thread with --host-threads, so only its own view and
// position change).
// A long backlog, at a window's start. With nothing of the core's own in between, each set
// ends up holding the most recently used `ways_` lines of what it held and what it takes, in
// the order of their last use: the backlog is walked from its newest entry back, and only
// each line's last entry among the newest `ways_` lines of its set is applied.
void SharedL2::take_passed_slow(unsigned core) const {
  TagCache& view = views_[core];
  for (std::size_t i = taken_[core]; i < cursor_[core]; ++i)
    if (log_[i].core != core) view.access(log_[i].addr, true);
  taken_[core] = cursor_[core];
}

uint32_t SharedL2::take_backlog(unsigned core) {
  const std::size_t from = taken_[core], to = cursor_[core];
  TagCache& view = views_[core];
  taken_[core] = to;
  // Lines taken so far, in an open-addressed table of twice the L2's lines (0: free), and
  // per set how many: a set that has its `ways_` is skipped, and once all have, the walk ends.
  const std::size_t mask = seen_lines_.size() - 1;
  uint32_t full_sets = 0;
  uint32_t walked = 0; // a bit per core with an entry the walk looked at
  take_.clear();
  for (std::size_t i = to; i-- > from && full_sets != sets_;) {
    const Access& a = log_[i];
    walked |= 1u << a.core;
    if (a.core == core) continue;
    const uint32_t set = set_of(a.addr);
    if (seen_count_[set] == ways_) continue; // the set's newest lines are all known
    const uint64_t line = (a.addr >> line_shift_) + 1;
    std::size_t h = static_cast<std::size_t>((line * 0x9E3779B97F4A7C15ull) >> 40) & mask;
    while (seen_lines_[h] != 0 && seen_lines_[h] != line) h = (h + 1) & mask;
    if (seen_lines_[h] == line) continue;
    seen_lines_[h] = line;
    seen_slots_.push_back(h);
    if (++seen_count_[set] == ways_) ++full_sets;
    take_.push_back(i);
  }
  for (std::size_t h : seen_slots_) {
    seen_count_[set_of((seen_lines_[h] - 1) << line_shift_)] = 0;
    seen_lines_[h] = 0;
  }
  seen_slots_.clear();
  for (std::size_t k = take_.size(); k-- > 0;) view.access(log_[take_[k]].addr, true);
  return walked;
}

void SharedL2::catch_up_all(uint64_t cycle) {
  // Catch every core up. From sorted_from_ on the log is in cycle order, so every cursor
  // there that has something due ends at the same place.
  if (head_ >= sorted_from_) { // every cursor is in cycle order: one search for all
    if (head_ < log_.size() && log_[head_].cycle + delay_ <= cycle) {
      head_ = due_end(head_, cycle);
      for (std::size_t& c : cursor_) c = std::max(c, head_);
    }
  } else {
    std::size_t shared_end = SIZE_MAX;
    for (unsigned c = 0; c < cores_; ++c) {
      const std::size_t i = cursor_[c];
      if (i >= log_.size() || log_[i].cycle + delay_ > cycle) continue;
      if (i < sorted_from_) {
        cursor_[c] = due_end(i, cycle);
      } else {
        if (shared_end == SIZE_MAX) shared_end = due_end(i, cycle);
        cursor_[c] = shared_end;
      }
    }
    head_ = *std::min_element(cursor_.begin(), cursor_.end());
  }
  for (uint32_t set : to_compact_) compact_set(set);
  to_compact_.clear();
}

// Every cursor has passed the entries of the set's log before `head_`. The views that took
// some but not all of them take the rest now (as they would at their next lookup of the set:
// nothing of theirs comes between); those that took none get them cut down, and the ones
// every view has taken go.
void SharedL2::compact_set(uint32_t set) {
  std::vector<Filed>& entries = set_logs_[set];
  if (entries.size() < compact_at_[set]) return;
  const uint64_t passed = head_ + erased_;
  std::size_t end = 0;
  while (end < entries.size() && entries[end].seq < passed) ++end;
  bool untaken = false;
  for (unsigned c = 0; c < cores_ && end != 0; ++c) {
    uint32_t& taken = applied_[static_cast<std::size_t>(c) * sets_ + set];
    if (taken == 0) {
      untaken = true;
    } else if (taken < end) {
      for (std::size_t j = taken; j < end; ++j)
        if (entries[j].core != c) views_[c].access(entries[j].addr, true);
      taken = static_cast<uint32_t>(end);
    }
  }
  std::vector<Filed> kept;
  if (untaken && end != 0) {
    const std::vector<Filed> region(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(end));
    cut_down(region, kept);
  }
  entries.erase(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(end));
  entries.insert(entries.begin(), kept.begin(), kept.end());
  for (unsigned c = 0; c < cores_; ++c) {
    uint32_t& taken = applied_[static_cast<std::size_t>(c) * sets_ + set];
    if (taken != 0) taken = static_cast<uint32_t>(taken - end + kept.size());
  }
  compact_at_[set] = std::max<uint32_t>(kCompactAt, static_cast<uint32_t>(2 * entries.size()));
}

// A view taking `in` (all of it, with nothing of its own in between; its own entries skipped)
// ends with its set holding, most recent first, the distinct lines of the others' entries
// by their last entry, then what it held before, `ways_` lines in all. So an entry matters
// only if it is its line's last one that some view takes and fewer than `ways_` other lines
// come after it in that view. Walking back from the newest entry, per line seen: the one core
// of all its later entries, or several (then every view takes a later one).
void SharedL2::cut_down(const std::vector<Filed>& in, std::vector<Filed>& out) {
  std::size_t cap = 16;
  while (cap < 2 * in.size()) cap *= 2;
  if (seen_tag_.size() < cap) { // (kept zeroed between calls: only the used slots are cleared)
    seen_tag_.assign(cap, 0);
    seen_state_.assign(cap, 0);
  }
  used_slots_.clear();
  constexpr int32_t kSeveral = -1;
  uint32_t several = 0, single_total = 0; // lines seen with entries of several cores / of one
  std::vector<std::size_t>& keep = keep_;
  keep.clear();
  for (std::size_t i = in.size(); i-- > 0;) {
    const Filed& e = in[i];
    const uint64_t line = (e.addr >> line_shift_) + 1;
    std::size_t h = static_cast<std::size_t>((line * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);
    while (seen_tag_[h] != 0 && seen_tag_[h] != line) h = (h + 1) & (cap - 1);
    if (seen_tag_[h] == 0) {
      // Its line's last entry for every view but its core's: the view with the fewest later
      // lines is the one whose own core made most of the one-core lines.
      uint32_t most_own = 0;
      for (uint32_t x : single_cores_)
        if (x != e.core) most_own = std::max(most_own, single_[x]);
      if (several + single_total - most_own < ways_) keep.push_back(i);
      seen_tag_[h] = line;
      seen_state_[h] = static_cast<int32_t>(e.core);
      used_slots_.push_back(h);
      if (!listed_[e.core]) {
        listed_[e.core] = 1;
        single_cores_.push_back(e.core);
      }
      ++single_[e.core];
      ++single_total;
    } else if (seen_state_[h] != kSeveral && seen_state_[h] != static_cast<int32_t>(e.core)) {
      // Only the view of the line's later core takes this entry as the line's last.
      const uint32_t x = static_cast<uint32_t>(seen_state_[h]);
      if (several + single_total - single_[x] < ways_) keep.push_back(i);
      seen_state_[h] = kSeveral;
      --single_[x];
      --single_total;
      ++several;
    }
  }
  for (uint32_t x : single_cores_) {
    single_[x] = 0;
    listed_[x] = 0;
  }
  single_cores_.clear();
  for (std::size_t h : used_slots_) seen_tag_[h] = 0;
  out.clear();
  for (std::size_t k = keep.size(); k-- > 0;) out.push_back(in[keep[k]]);
}

std::vector<uint8_t> SharedL2::save() const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.tag("P64TL2\0\2");
  w.u64(hits());
  w.u64(misses());
  w.u32(cores_);
  w.u64(delay_);
  // Each view as it would be had it taken every entry its cursor passed (the format has no
  // place for the sets' logs; a copy, so that saving changes nothing here), in its canonical
  // form: the bytes depend on what each view holds, not on when it took it.
  for (unsigned c = 0; c < cores_; ++c) {
    TagCache view = views_[c];
    if (!lazy_)
      for (std::size_t i = taken_[c]; i < cursor_[c]; ++i)
        if (log_[i].core != c) view.access(log_[i].addr, true);
    const uint64_t passed = cursor_[c] + erased_;
    for (uint32_t set = 0; set < sets_; ++set) {
      const std::vector<Filed>& entries = set_logs_[set];
      for (std::size_t j = applied_[static_cast<std::size_t>(c) * sets_ + set]; j < entries.size() && entries[j].seq < passed; ++j)
        if (entries[j].core != c) view.access(entries[j].addr, true);
    }
    view.canonicalize();
    view.save(w);
  }
  // Saved between windows: the window's list is empty; the log from the first entry some
  // core has not seen.
  w.u64(log_.size() - head_);
  for (std::size_t i = head_; i < log_.size(); ++i) {
    w.u64(log_[i].cycle);
    w.u32(log_[i].core);
    w.u64(log_[i].addr);
  }
  for (std::size_t c : cursor_) w.u64(c - head_);
  // In filing order (as start_window() will sort it), which does not depend on host order.
  std::vector<Access> window;
  for (const CoreWindow& cw : windows_) window.insert(window.end(), cw.accesses.begin(), cw.accesses.end());
  std::stable_sort(window.begin(), window.end(), filing_order);
  w.u64(window.size());
  for (const Access& a : window) {
    w.u64(a.cycle);
    w.u32(a.core);
    w.u64(a.addr);
  }
  return out;
}

std::string SharedL2::load(const uint8_t* data, std::size_t size) {
  ByteReader r(data, size);
  r.tag("P64TL2\0\2", "L2 state");
  uint64_t hits = r.u64("L2 hits"), misses = r.u64("L2 misses");
  if (!r.ok()) return "L2 state: " + r.error();
  r.expect(r.u32("L2 cores"), cores_, "L2 cores");
  r.expect(r.u64("L2 delay"), delay_, "L2 delay");
  std::vector<TagCache> views = views_;
  for (unsigned c = 0; c < cores_ && r.ok(); ++c) views[c].load(r, "L2");
  auto read_accesses = [&](std::vector<Access>& to, const char* what) {
    const uint64_t n = r.u64(what);
    if (r.ok() && n > size / 20) r.fail(std::string(what) + ": " + std::to_string(n) + " entries cannot fit");
    for (uint64_t i = 0; i < n && r.ok(); ++i) {
      Access a;
      a.cycle = r.u64(what);
      a.core = r.u32(what);
      a.addr = r.u64(what);
      if (r.ok() && a.core >= cores_) r.fail(std::string(what) + ": core " + std::to_string(a.core) + " out of range");
      to.push_back(a);
    }
  };
  std::vector<Access> log, window;
  std::vector<std::size_t> cursor(cores_, 0);
  read_accesses(log, "L2 log");
  for (unsigned c = 0; c < cores_ && r.ok(); ++c) {
    cursor[c] = r.u64("L2 cursor");
    if (r.ok() && cursor[c] > log.size()) r.fail("L2 cursor " + std::to_string(c) + " past the log");
  }
  read_accesses(window, "L2 window");
  std::string e = r.finish();
  if (!e.empty()) return "L2 state: " + e;
  views_ = std::move(views);
  hits_ = hits;
  misses_ = misses;
  log_ = std::move(log);
  for (CoreWindow& cw : windows_) cw = CoreWindow{};
  std::fill(window_filed_.begin(), window_filed_.end(), 0);
  for (const Access& a : window) // filing order: each core's in program order
    if (!windows_.empty()) {
      std::vector<Access>& list = windows_[a.core].accesses;
      if (!list.empty() && a.cycle < list.back().cycle) windows_[a.core].sorted = false;
      list.push_back(a);
      window_filed_[a.core] = 1;
    }
  cursor_ = std::move(cursor);
  taken_ = cursor_; // the saved views hold everything their cursors passed
  head_ = *std::min_element(cursor_.begin(), cursor_.end());
  // The views hold everything before their cursors; the sets' logs start at the first entry
  // some core has not passed.
  erased_ = 0;
  sorted_from_ = 0;
  for (std::size_t i = 1; i < log_.size(); ++i)
    if (log_[i].cycle < log_[i - 1].cycle) sorted_from_ = i;
  for (std::vector<Filed>& entries : set_logs_) entries.clear();
  std::fill(compact_at_.begin(), compact_at_.end(), kCompactAt);
  if (lazy_) file_into_sets(head_);
  for (unsigned c = 0; c < cores_; ++c)
    for (uint32_t set = 0; set < sets_; ++set) {
      const std::vector<Filed>& entries = set_logs_[set];
      std::size_t j = 0;
      while (j < entries.size() && entries[j].seq < cursor_[c]) ++j;
      applied_[static_cast<std::size_t>(c) * sets_ + set] = static_cast<uint32_t>(j);
    }
  return "";
}

} // namespace ppc64sim::cpu::timing
