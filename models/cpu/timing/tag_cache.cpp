#include "models/cpu/timing/tag_cache.h"

#include <algorithm>

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

SharedL2::SharedL2(const TimingParams& p, unsigned cores, uint64_t delay)
    : cores_(cores == 0 ? 1 : cores),
      delay_(delay),
      views_(cores_, TagCache(p.l2)),
      memory_latency_(p.memory_latency),
      cursor_(cores_, 0) {}

__attribute__((noinline)) uint32_t SharedL2::fill_view(unsigned core, uint64_t cycle, uint64_t addr, bool& hit) {
  catch_up(core, cycle);
  hit = views_[core].access(addr, true);
  window_.push_back(Access{cycle, core, addr});
  return count(hit);
}

void SharedL2::start_window(uint64_t cycle) {
  if (cores_ == 1) return;
  // Per core the window's accesses are in program order: a stable sort by (cycle, core) gives
  // the filing order whatever order the host ran the cores in.
  const auto before = filing_order;
  std::stable_sort(window_.begin(), window_.end(), before);
  const std::size_t mid = log_.size();
  log_.insert(log_.end(), window_.begin(), window_.end());
  window_.clear();
  // Windows follow each other, so this is normally already in order.
  if (mid != 0 && mid != log_.size() && before(log_[mid], log_[mid - 1])) {
    std::size_t from = head_;
    for (std::size_t c : cursor_) from = std::max(from, c);
    std::inplace_merge(log_.begin() + static_cast<std::ptrdiff_t>(from),
                       log_.begin() + static_cast<std::ptrdiff_t>(std::max(mid, from)), log_.end(), before);
  }
  for (unsigned c = 0; c < cores_; ++c) catch_up(c, cycle);
  head_ = *std::min_element(cursor_.begin(), cursor_.end());
  if (head_ > 4096 && head_ * 2 > log_.size()) {
    log_.erase(log_.begin(), log_.begin() + static_cast<std::ptrdiff_t>(head_));
    for (std::size_t& c : cursor_) c -= head_;
    head_ = 0;
  }
}

std::vector<uint8_t> SharedL2::save() const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.tag("P64TL2\0\2");
  w.u64(hits_);
  w.u64(misses_);
  w.u32(cores_);
  w.u64(delay_);
  for (const TagCache& v : views_) v.save(w);
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
  std::vector<Access> window = window_;
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
  window_ = std::move(window);
  cursor_ = std::move(cursor);
  head_ = *std::min_element(cursor_.begin(), cursor_.end());
  return "";
}

} // namespace ppc64sim::cpu::timing
