#include "models/cpu/timing/core_timing.h"

namespace ppc64sim::cpu::timing {
namespace {

constexpr uint8_t kCounterInit = 1; // weakly not-taken
constexpr uint64_t kMaxLinesPerAccess = 64;

uint8_t stall_index(Stall s) { return static_cast<uint8_t>(s); }

} // namespace

const char* stall_name(Stall s) {
  static constexpr const char* kNames[kStallCount] = {
      "fetch", "load_use", "dependency", "issue_slots", "mispredict", "device", "serialize"};
  auto i = static_cast<std::size_t>(s);
  return i < kStallCount ? kNames[i] : "?";
}

const char* charge_name(Charge c) {
  static constexpr const char* kNames[kChargeCount] = {"exception", "rfid", "hcall", "rtas"};
  auto i = static_cast<std::size_t>(c);
  return i < kChargeCount ? kNames[i] : "?";
}

void TimingStats::add(const TimingStats& o) {
  cycles = cycles > o.cycles ? cycles : o.cycles;
  instructions += o.instructions;
  for (std::size_t i = 0; i < kStallCount; ++i) stall[i] += o.stall[i];
  idle_cycles += o.idle_cycles;
  for (std::size_t i = 0; i < kChargeCount; ++i) {
    charged_cycles[i] += o.charged_cycles[i];
    charges[i] += o.charges[i];
  }
  l1i_hits += o.l1i_hits;
  l1i_misses += o.l1i_misses;
  l1d_hits += o.l1d_hits;
  l1d_misses += o.l1d_misses;
  l2_hits += o.l2_hits;
  l2_misses += o.l2_misses;
  device_accesses += o.device_accesses;
  branches += o.branches;
  mispredicts += o.mispredicts;
}

PreparedTiming prepare(const InsnTiming& d) {
  PreparedTiming p;
  p.desc = d;
  p.plain = d.cls != Timing::load && d.cls != Timing::store && d.cls != Timing::system &&
            !(d.branch & kIsBranch) && d.update_gpr == kNoUpdate;
  const unsigned reads = static_cast<unsigned>(__builtin_popcountll(d.reads));
  const unsigned writes = static_cast<unsigned>(__builtin_popcountll(d.writes));
  p.listed = reads <= PreparedTiming::kListed && writes <= PreparedTiming::kListed;
  if (!p.listed) {
    p.plain = false; // the plain path writes the lists only
    return p;
  }
  unsigned i = 0;
  for (uint64_t m = d.reads; m != 0; m &= m - 1) // ascending, as retire() walks the mask
    p.reads[i++] = static_cast<uint8_t>(__builtin_ctzll(m));
  i = 0;
  for (uint64_t m = d.writes; m != 0; m &= m - 1)
    p.writes[i++] = static_cast<uint8_t>(__builtin_ctzll(m));
  return p;
}

CoreTiming::CoreTiming(const TimingParams& params, SharedL2& l2, unsigned threads, unsigned core)
    : params_(params),
      l2_(l2),
      core_(core),
      threads_(threads),
      slots_(params.issue_window, 0),
      slot_mask_(params.issue_window - 1),
      slots_shared_(threads > 1),
      counters_(params.predictor_entries, kCounterInit),
      ctr_targets_(params.ctr_target_entries, 0),
      l1i_(params.l1i),
      l1d_(params.l1d) {
  for (Thread& th : threads_) th.link_stack.assign(params.link_stack_entries, 0);
}

// The first cycle >= `cycle` with a free slot, reserved. The ring starts all zero, which reads
// as "cycle 0, nothing used" in entry 0 and as stale everywhere else.
uint64_t CoreTiming::reserve_slot(uint64_t cycle) {
  slots_[latest_issue_ & slot_mask_] = (latest_issue_ << 8) | latest_used_;
  for (;; ++cycle) {
    uint64_t& e = slots_[cycle & slot_mask_];
    const uint64_t owner = e >> 8;
    if (owner < cycle) { // stale: a cycle one window earlier
      e = (cycle << 8) | 1;
      if (cycle > latest_issue_) {
        latest_issue_ = cycle;
        latest_used_ = 1;
      }
      return cycle;
    }
    if (owner > cycle) return cycle; // forgotten (the thread lags by more than the window)
    if ((e & 0xff) < params_.issue_width) {
      ++e;
      if (cycle == latest_issue_) latest_used_ = e & 0xff;
      return cycle;
    }
  }
}

// latest_issue_/latest_used_ from the ring (after a checkpoint is loaded). The latest owner
// sits in its own entry: an entry is only ever rewritten for a later cycle.
void CoreTiming::find_latest_issue() {
  latest_issue_ = 0;
  for (uint64_t e : slots_)
    if ((e >> 8) > latest_issue_) latest_issue_ = e >> 8;
  latest_used_ = slots_[latest_issue_ & slot_mask_] & 0xff;
}

uint32_t CoreTiming::load_latency(uint64_t ea, uint32_t size, Thread& th) {
  TimingStats& st = th.stats;
  const unsigned shift = l1d_.line_shift();
  const uint64_t first = ea >> shift;
  uint64_t lines = ((ea + size - 1) >> shift) - first + 1;
  if (lines > kMaxLinesPerAccess) lines = kMaxLinesPerAccess;
  uint32_t worst = 0;
  for (uint64_t i = 0; i < lines; ++i) {
    const uint64_t addr = (first + i) << shift;
    uint32_t lat;
    if (l1d_.access(addr, true)) {
      ++st.l1d_hits;
      lat = params_.l1d.hit_latency;
    } else {
      ++st.l1d_misses;
      lat = l2_fill(th, addr, st);
    }
    if (lat > worst) worst = lat;
  }
  return worst;
}

// The L1D is store-through without allocation on a store miss; the store goes on to the L2,
// which allocates. Stores never delay the thread (they retire into the store queue).
void CoreTiming::store_access(uint64_t ea, uint32_t size, Thread& th) {
  TimingStats& st = th.stats;
  const unsigned shift = l1d_.line_shift();
  const uint64_t first = ea >> shift;
  uint64_t lines = ((ea + size - 1) >> shift) - first + 1;
  if (lines > kMaxLinesPerAccess) lines = kMaxLinesPerAccess;
  for (uint64_t i = 0; i < lines; ++i) {
    const uint64_t addr = (first + i) << shift;
    if (l1d_.access(addr, false)) {
      ++st.l1d_hits;
    } else {
      ++st.l1d_misses;
      l2_fill(th, addr, st);
    }
  }
}

bool CoreTiming::mispredicted(Thread& th, const InsnTiming& d, const ExecFacts& f) {
  bool wrong = false;
  if (d.branch & kConditional) {
    const uint32_t mask = params_.predictor_entries - 1;
    uint8_t* counter = nullptr;
    bool predict_taken;
    switch (params_.predictor) {
    case PredictorKind::static_btfn:
      predict_taken = f.target < f.pc;
      break;
    case PredictorKind::gshare:
      counter = &counters_[((f.pc >> 2) ^ th.history) & mask];
      predict_taken = *counter >= 2;
      break;
    case PredictorKind::bimodal:
    default:
      counter = &counters_[(f.pc >> 2) & mask];
      predict_taken = *counter >= 2;
      break;
    }
    wrong = predict_taken != f.taken;
    if (counter != nullptr) {
      if (f.taken && *counter < 3) ++*counter;
      if (!f.taken && *counter > 0) --*counter;
    }
    if (params_.predictor == PredictorKind::gshare)
      th.history = ((th.history << 1) | (f.taken ? 1u : 0u)) & mask;
  }
  // Target prediction for a taken branch: direct targets come from the instruction itself.
  if (d.branch & kToLr) {
    if (f.taken) {
      const uint32_t n = params_.link_stack_entries;
      if (th.link_count == 0 || th.link_stack[th.link_top] != f.target) wrong = true;
      if (th.link_count != 0) {
        th.link_top = (th.link_top + n - 1) % n;
        --th.link_count;
      }
    }
  } else if (d.branch & kToCtr) {
    if (f.taken) {
      uint64_t& last = ctr_targets_[(f.pc >> 2) & (params_.ctr_target_entries - 1)];
      if (last != f.target) wrong = true;
      last = f.target;
    }
  }
  // A taken call pushes its return address; "bcl 20,31,$+4" (reading the PC) is not a call.
  if ((d.branch & kLinks) && f.taken && f.target != f.pc + 4) {
    const uint32_t n = params_.link_stack_entries;
    th.link_top = (th.link_top + 1) % n;
    th.link_stack[th.link_top] = f.pc + 4;
    if (th.link_count < n) ++th.link_count;
  }
  return wrong;
}

// ---- the out-of-line parts of retire(t, PreparedTiming, f) (core_timing.h) ----

// Operand wait by the masks (more operands than PreparedTiming lists), as retire() does.
uint64_t CoreTiming::wait_for_operands(Thread& th, uint64_t reads, uint64_t s) {
  uint64_t need = 0;
  Stall cause = Stall::dependency;
  for (uint64_t m = reads; m != 0; m &= m - 1) {
    const uint64_t score = th.score[__builtin_ctzll(m)];
    if (ready_of(score) > need) {
      need = ready_of(score);
      cause = cause_of(score);
    }
  }
  if (need <= s) return s;
  th.stats.stall[static_cast<std::size_t>(cause)] += need - s;
  return need;
}

// The issue slot when the cycle is not a fresh one: the ring decides.
uint64_t CoreTiming::full_issue_cycle(TimingStats& st, uint64_t s) {
  // Usual with SMT: a thread behind its sibling issues in an earlier cycle. When that cycle's
  // ring entry is not the latest's (the one entry that may lag, ring_entry()) and has a slot,
  // reserve_slot() would take it as it stands, with no stall: done here without its loop.
  if (s < latest_issue_ && ((s ^ latest_issue_) & slot_mask_) != 0) {
    uint64_t& e = slots_[s & slot_mask_];
    const uint64_t owner = e >> 8;
    if (owner < s) { // stale: the cycle is fresh
      e = (s << 8) | 1;
      return s;
    }
    if (owner > s) return s; // forgotten (as in reserve_slot)
    if ((e & 0xff) < params_.issue_width) {
      ++e;
      return s;
    }
  }
  const uint64_t slot = reserve_slot(s);
  st.stall[stall_index(Stall::issue_slots)] += slot - s;
  return slot;
}

// Stall cycles of entering fetch line `line` (rule 1).
uint64_t CoreTiming::new_fetch_line(Thread& th, uint64_t pc, uint64_t line) {
  th.fetch_line = line;
  if (l1i_.access(pc, true)) {
    ++th.stats.l1i_hits;
    return 0;
  }
  ++th.stats.l1i_misses;
  const uint64_t stall = l2_fill(th, pc, th.stats) - params_.l1i.hit_latency;
  th.stats.stall[stall_index(Stall::fetch)] += stall;
  return stall;
}

// A one-line load that missed the L1D (which allocated it): the L2 or memory supplies the
// line. The L2 is asked for the L1D line's first byte, as load_latency() does (its lines may
// be smaller).
uint32_t CoreTiming::l1d_load_miss(uint64_t ea, Thread& th) {
  ++th.stats.l1d_misses;
  const unsigned shift = l1d_.line_shift();
  return l2_fill(th, (ea >> shift) << shift, th.stats);
}

// mispredicted() for retire(t, PreparedTiming, f), with the facts as scalars (so that the
// caller's stay in registers).
bool CoreTiming::mispredicted_call(Thread& th, const InsnTiming& d, uint64_t pc, bool taken,
                                   uint64_t target) {
  ExecFacts f;
  f.pc = pc;
  f.taken = taken;
  f.target = target;
  return mispredicted(th, d, f);
}

void CoreTiming::retire(unsigned t, const InsnTiming& d, const ExecFacts& f) {
  Thread& th = threads_[t];
  TimingStats& st = th.stats;
  uint64_t s = th.floor;

  // Fetch: the front end looks up the L1I once per new line; a hit is hidden by fetch-ahead,
  // a miss stalls for the part of the refill the hit latency would not have covered.
  const uint64_t line = f.pc >> l1i_.line_shift();
  if (line != th.fetch_line) {
    th.fetch_line = line;
    if (l1i_.access(f.pc, true)) {
      ++st.l1i_hits;
    } else {
      ++st.l1i_misses;
      const uint64_t stall = l2_fill(th, f.pc, st) - params_.l1i.hit_latency;
      s += stall;
      st.stall[stall_index(Stall::fetch)] += stall;
    }
  }

  // Operands: in-order issue waits for the latest source.
  uint64_t need = 0;
  Stall cause = Stall::dependency;
  for (uint64_t m = d.reads; m != 0; m &= m - 1) {
    const unsigned r = static_cast<unsigned>(__builtin_ctzll(m));
    if (ready_of(th.score[r]) > need) {
      need = ready_of(th.score[r]);
      cause = cause_of(th.score[r]);
    }
  }
  if (need > s) {
    st.stall[static_cast<std::size_t>(cause)] += need - s;
    s = need;
  }

  const uint64_t slot = reserve_slot(s);
  st.stall[stall_index(Stall::issue_slots)] += slot - s;
  s = slot;

  // Execute.
  uint64_t latency = params_.latency_of(d.cls);
  Stall producer = Stall::dependency;
  uint64_t next = s; // the next instruction may issue in the same cycle
  if (d.cls == Timing::load) producer = Stall::load_use;
  if (f.size != 0) {
    if (f.device) {
      ++st.device_accesses;
      latency = params_.device_latency;
      next = s + latency;
      st.stall[stall_index(Stall::device)] += latency - 1;
    } else if (d.cls == Timing::load) {
      latency = load_latency(f.ea, f.size, th);
    } else {
      store_access(f.ea, f.size, th);
    }
  }
  for (uint64_t m = d.writes; m != 0; m &= m - 1) {
    const unsigned r = static_cast<unsigned>(__builtin_ctzll(m));
    th.score[r] = score_of(s + latency, producer);
  }
  if (d.update_gpr != kNoUpdate)
    th.score[d.update_gpr] = score_of(s + params_.latency_of(Timing::alu), Stall::dependency);

  if (d.branch & kIsBranch) {
    ++st.branches;
    if (mispredicted(th, d, f)) {
      ++st.mispredicts;
      next = s + params_.mispredict_penalty;
      st.stall[stall_index(Stall::mispredict)] += params_.mispredict_penalty - 1;
    } else if (f.taken) {
      next = s + 1; // a taken branch ends the thread's issue group
    }
  } else if (d.cls == Timing::system) {
    next = s + latency;
    st.stall[stall_index(Stall::serialize)] += latency - 1;
  }

  th.floor = next;
  th.after_last = s + 1;
  ++st.instructions;
}

void CoreTiming::charge(unsigned t, Charge kind) {
  uint64_t cycles = 0;
  switch (kind) {
  case Charge::exception: cycles = params_.exception_cycles; break;
  case Charge::rfid: cycles = params_.rfid_cycles; break;
  case Charge::hcall: cycles = params_.hcall_cycles; break;
  case Charge::rtas: cycles = params_.rtas_cycles; break;
  }
  charge_cycles(t, kind, cycles);
}

void CoreTiming::charge_cycles(unsigned t, Charge kind, uint64_t cycles) {
  Thread& th = threads_[t];
  th.floor = cycle(t) + cycles;
  th.stats.charged_cycles[static_cast<std::size_t>(kind)] += cycles;
  ++th.stats.charges[static_cast<std::size_t>(kind)];
}

void CoreTiming::idle_until(unsigned t, uint64_t at) {
  const uint64_t now = cycle(t);
  if (at <= now) return;
  threads_[t].stats.idle_cycles += at - now;
  threads_[t].floor = at;
}

TimingStats CoreTiming::thread_stats(unsigned t) const {
  TimingStats s = threads_[t].stats;
  s.cycles = cycle(t);
  return s;
}

TimingStats CoreTiming::core_stats() const {
  TimingStats sum;
  for (unsigned t = 0; t < threads(); ++t) sum.add(thread_stats(t));
  return sum;
}

// ---- checkpoint ----
namespace {
constexpr char kCoreMagic[9] = "P64TCOR\1";

void save_stats(ByteWriter& w, const TimingStats& s) {
  w.u64(s.instructions);
  for (uint64_t v : s.stall) w.u64(v);
  w.u64(s.idle_cycles);
  for (uint64_t v : s.charged_cycles) w.u64(v);
  for (uint64_t v : s.charges) w.u64(v);
  for (uint64_t v : {s.l1i_hits, s.l1i_misses, s.l1d_hits, s.l1d_misses, s.l2_hits, s.l2_misses,
                     s.device_accesses, s.branches, s.mispredicts})
    w.u64(v);
}

void load_stats(ByteReader& r, TimingStats& s) {
  s.instructions = r.u64("instructions");
  for (uint64_t& v : s.stall) v = r.u64("stall counters");
  s.idle_cycles = r.u64("idle cycles");
  for (uint64_t& v : s.charged_cycles) v = r.u64("charged cycles");
  for (uint64_t& v : s.charges) v = r.u64("charge counts");
  for (uint64_t* v : {&s.l1i_hits, &s.l1i_misses, &s.l1d_hits, &s.l1d_misses, &s.l2_hits,
                      &s.l2_misses, &s.device_accesses, &s.branches, &s.mispredicts})
    *v = r.u64("cache and branch counters");
}
} // namespace

void CoreTiming::save_thread(ByteWriter& w, const Thread& th) const {
  w.u64(th.floor);
  w.u64(th.after_last);
  w.u64(th.fetch_line);
  for (std::size_t i = 0; i < kResourceCount; ++i) {
    w.u64(ready_of(th.score[i]));
    w.u8(stall_index(cause_of(th.score[i])));
  }
  w.u64(th.history);
  w.u32(th.link_top);
  w.u32(th.link_count);
  for (uint64_t v : th.link_stack) w.u64(v);
  save_stats(w, th.stats);
}

void CoreTiming::load_thread(ByteReader& r, Thread& th) const {
  th.floor = r.u64("thread floor");
  th.after_last = r.u64("thread last issue");
  th.fetch_line = r.u64("thread fetch line");
  for (std::size_t i = 0; i < kResourceCount; ++i) {
    const uint64_t ready = r.u64("scoreboard");
    const uint8_t cause = r.u8("scoreboard");
    if (cause >= kStallCount) r.fail("scoreboard: bad producer cause");
    if (ready_of(score_of(ready, Stall::fetch)) != ready) r.fail("scoreboard: ready cycle out of range");
    th.score[i] = score_of(ready, static_cast<Stall>(cause < kStallCount ? cause : 0));
  }
  th.history = r.u64("branch history");
  if (th.history >= params_.predictor_entries) r.fail("branch history out of range");
  th.link_top = r.u32("link stack top");
  th.link_count = r.u32("link stack count");
  if (th.link_top >= params_.link_stack_entries || th.link_count > params_.link_stack_entries)
    r.fail("link stack top/count out of range");
  th.link_stack.assign(params_.link_stack_entries, 0);
  for (uint64_t& v : th.link_stack) v = r.u64("link stack");
  load_stats(r, th.stats);
}

std::vector<uint8_t> CoreTiming::save() const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.tag(kCoreMagic);
  w.u32(threads());
  w.u32(params_.issue_window);
  w.u32(params_.predictor_entries);
  w.u32(params_.ctr_target_entries);
  w.u32(params_.link_stack_entries);
  for (const Thread& th : threads_) save_thread(w, th);
  // One thread: only the latest cycle's entry means anything (slots_shared_), so the others
  // are saved as empty, whichever retire() form filled the ring.
  const std::size_t latest = latest_issue_ & slot_mask_;
  for (std::size_t i = 0; i < slots_.size(); ++i) w.u64(slots_shared_ || i == latest ? ring_entry(i) : 0);
  for (uint8_t v : counters_) w.u8(v);
  for (uint64_t v : ctr_targets_) w.u64(v);
  l1i_.save(w);
  l1d_.save(w);
  return out;
}

std::string CoreTiming::load(const uint8_t* data, std::size_t size) {
  ByteReader r(data, size);
  r.tag(kCoreMagic, "core timing state");
  r.expect(r.u32("thread count"), threads(), "thread count");
  r.expect(r.u32("issue window"), params_.issue_window, "issue_window");
  r.expect(r.u32("predictor entries"), params_.predictor_entries, "predictor_entries");
  r.expect(r.u32("ctr target entries"), params_.ctr_target_entries, "ctr_target_entries");
  r.expect(r.u32("link stack entries"), params_.link_stack_entries, "link_stack_entries");
  std::vector<Thread> threads(threads_.size());
  for (Thread& th : threads) {
    if (!r.ok()) break;
    load_thread(r, th);
  }
  std::vector<uint64_t> slots(slots_.size());
  for (std::size_t i = 0; i < slots.size(); ++i) {
    slots[i] = r.u64("issue slots");
    // A used entry sits at its cycle's place (find_latest_issue relies on it).
    if ((slots[i] >> 8) != 0 && ((slots[i] >> 8) & slot_mask_) != i)
      r.fail("issue slots: entry " + std::to_string(i) + " holds another cycle");
  }
  std::vector<uint8_t> counters(counters_.size());
  for (uint8_t& v : counters) {
    v = r.u8("branch counters");
    if (v > 3) r.fail("branch counter above 3");
  }
  std::vector<uint64_t> ctr_targets(ctr_targets_.size());
  for (uint64_t& v : ctr_targets) v = r.u64("ctr targets");
  TagCache l1i = l1i_, l1d = l1d_;
  l1i.load(r, "L1I");
  l1d.load(r, "L1D");
  std::string e = r.finish();
  if (!e.empty()) return "core timing state: " + e;
  threads_ = std::move(threads);
  slots_ = std::move(slots);
  find_latest_issue();
  counters_ = std::move(counters);
  ctr_targets_ = std::move(ctr_targets);
  l1i_ = std::move(l1i);
  l1d_ = std::move(l1d);
  return "";
}

} // namespace ppc64sim::cpu::timing
