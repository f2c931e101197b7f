#include "models/devices/irq_generator.h"

#include "models/intc/hex_text.h"

#include <algorithm>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace ppc64sim::devices {

uint64_t IrqGenPrng::next() {
  // splitmix64 (Steele, Lea, Flood 2014): a fixed, well-known integer mixer.
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

uint64_t IrqGenPrng::interval(uint64_t mean_ns) { return 1 + next() % (2 * mean_ns - 1); }

IrqGenerator::IrqGenerator(sc_core::sc_module_name name, const IrqGeneratorConfig& config,
                           intc::XicsOps& xics)
    : sc_module(name), socket("socket"), config_(config), xics_(xics) {
  if (config_.count() == 0 || config_.count() > kMaxSources)
    throw std::invalid_argument("irq generator: " + std::to_string(config_.count()) +
                            " sources, must be 1.." + std::to_string(kMaxSources));
  for (uint32_t i = 0; i < config_.count(); ++i) {
    const uint32_t n = config_.first_source + i;
    const IrqKind k = config_.types[i];
    if (!xics_.set_source_type(n, k == IrqKind::lsi ? intc::SourceType::lsi : intc::SourceType::msi))
      throw std::invalid_argument("irq generator: source " + intc::hex_text(n) + " is not owned by any ICS");
    sources_.push_back(Source{k, false, 0});
  }
  for (size_t i = 0; i < config_.rules.size(); ++i) {
    const AutoRule& r = config_.rules[i];
    if (!find(r.source))
      throw std::invalid_argument("irq generator: rule source " + intc::hex_text(r.source) + " is not one of its sources");
    RuleState st;
    // One stream per rule, so adding a rule does not shift the times of the others.
    st.prng = IrqGenPrng(config_.seed ^ (0xD1B54A32D192ED03ull * (i + 1)));
    st.next_ns = r.pattern == AutoPattern::random ? st.prng.interval(r.period_ns) : r.phase_ns;
    rule_state_.push_back(st);
  }
  socket.register_b_transport(this, &IrqGenerator::b_transport);
  socket.register_transport_dbg(this, &IrqGenerator::transport_dbg);
  if (!config_.rules.empty()) SC_THREAD(run);
}

IrqGenerator::Source* IrqGenerator::find(uint32_t source) {
  if (source < config_.first_source || source - config_.first_source >= sources_.size()) return nullptr;
  return &sources_[source - config_.first_source];
}

const IrqGenerator::Source* IrqGenerator::find(uint32_t source) const {
  return const_cast<IrqGenerator*>(this)->find(source);
}

bool IrqGenerator::assert_source(uint32_t source) {
  Source* s = find(source);
  if (!s) return false;
  if (s->kind == IrqKind::msi) {
    ++s->fired;
    if (on_trigger) on_trigger(source, true, true); // before: the trace shows cause first
    xics_.msi_trigger(source);
  } else if (!s->level) {
    s->level = true;
    ++s->fired;
    if (on_trigger) on_trigger(source, false, true);
    xics_.set_lsi_level(source, true);
  }
  return true;
}

bool IrqGenerator::deassert_source(uint32_t source) {
  Source* s = find(source);
  if (!s) return false;
  if (s->kind == IrqKind::lsi && s->level) {
    s->level = false;
    if (on_trigger) on_trigger(source, false, false);
    xics_.set_lsi_level(source, false);
  }
  return true;
}

bool IrqGenerator::asserted(uint32_t source) const {
  const Source* s = find(source);
  return s && s->level;
}

uint32_t IrqGenerator::fired(uint32_t source) const {
  const Source* s = find(source);
  return s ? s->fired : 0;
}

bool IrqGenerator::read_reg(uint64_t offset, uint32_t& value) const {
  switch (offset) {
  case kRegId: value = kId; return true;
  case kRegCount: value = config_.count(); return true;
  case kRegFirstSource: value = config_.first_source; return true;
  case kRegControl: value = control_; return true;
  default: break;
  }
  const uint64_t i = (offset - kSourceBase) / kSourceStride;
  const Source& s = sources_[i];
  switch ((offset - kSourceBase) % kSourceStride) {
  case kSrcStatus:
    value = (s.level ? kStatusAsserted : 0u) | (s.kind == IrqKind::lsi ? kStatusLsi : 0u);
    return true;
  case kSrcFired: value = s.fired; return true;
  default: return false; // ASSERT/DEASSERT are write-only
  }
}

tlm::tlm_response_status IrqGenerator::write_reg(uint64_t offset, uint32_t value) {
  if (offset == kRegControl) {
    control_ = value & kControlAuto;
    return tlm::TLM_OK_RESPONSE;
  }
  if (offset < kSourceBase) return tlm::TLM_COMMAND_ERROR_RESPONSE; // ID/COUNT/FIRST: read-only
  const uint32_t source = config_.first_source + static_cast<uint32_t>((offset - kSourceBase) / kSourceStride);
  switch ((offset - kSourceBase) % kSourceStride) {
  case kSrcAssert:
    if (value & 1u) assert_source(source);
    break;
  case kSrcDeassert:
    if (value & 1u) deassert_source(source);
    break;
  default: return tlm::TLM_COMMAND_ERROR_RESPONSE; // STATUS/FIRED: read-only
  }
  if (after_write) after_write();
  return tlm::TLM_OK_RESPONSE;
}

tlm::tlm_response_status IrqGenerator::access(tlm::tlm_generic_payload& gp, bool debug) {
  const uint64_t offset = gp.get_address();
  if (gp.get_byte_enable_ptr() != nullptr) return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
  if (gp.get_data_length() != 4 || gp.get_streaming_width() < 4) return tlm::TLM_BURST_ERROR_RESPONSE;
  const uint64_t end = kSourceBase + kSourceStride * uint64_t{config_.count()};
  const bool mapped = offset % 4 == 0 && (offset <= kRegControl || (offset >= kSourceBase && offset < end));
  if (!mapped) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  uint8_t* d = gp.get_data_ptr();
  if (gp.is_read()) {
    uint32_t v;
    if (!read_reg(offset, v)) return tlm::TLM_COMMAND_ERROR_RESPONSE;
    d[0] = static_cast<uint8_t>(v >> 24);
    d[1] = static_cast<uint8_t>(v >> 16);
    d[2] = static_cast<uint8_t>(v >> 8);
    d[3] = static_cast<uint8_t>(v);
    return tlm::TLM_OK_RESPONSE;
  }
  if (gp.is_write()) {
    if (debug) return tlm::TLM_COMMAND_ERROR_RESPONSE; // debug accesses have no side effects
    const uint32_t v = (uint32_t{d[0]} << 24) | (uint32_t{d[1]} << 16) | (uint32_t{d[2]} << 8) | d[3];
    return write_reg(offset, v);
  }
  return tlm::TLM_COMMAND_ERROR_RESPONSE;
}

// Register accesses act at once, at the kernel time of the call: the initiator's quantum
// offset is not waited out (the core must not be suspended mid-instruction).
void IrqGenerator::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time&) {
  gp.set_response_status(access(gp, false));
}

unsigned IrqGenerator::transport_dbg(tlm::tlm_generic_payload& gp) {
  const tlm::tlm_response_status st = access(gp, true);
  gp.set_response_status(st);
  return st == tlm::TLM_OK_RESPONSE ? 4u : 0u;
}

IrqGeneratorState IrqGenerator::state() const {
  IrqGeneratorState s;
  s.control = control_;
  for (const Source& src : sources_) s.sources.push_back({src.level, src.fired});
  for (const RuleState& r : rule_state_) s.rules.push_back({r.next_ns, r.k, r.j, r.done, r.prng.state()});
  return s;
}

void IrqGenerator::restore_state(const IrqGeneratorState& s) {
  if (s.sources.size() != sources_.size() || s.rules.size() != rule_state_.size())
    throw std::invalid_argument("irq generator: state has " + std::to_string(s.sources.size()) + " sources and " +
                                std::to_string(s.rules.size()) + " rules, the device " +
                                std::to_string(sources_.size()) + " and " + std::to_string(rule_state_.size()));
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  for (size_t i = 0; i < s.rules.size(); ++i)
    if (!s.rules[i].done && sc_core::sc_time(static_cast<double>(s.rules[i].next_ns), sc_core::SC_NS) < now)
      throw std::invalid_argument("irq generator: rule " + std::to_string(i) + " next event at " +
                                  std::to_string(s.rules[i].next_ns) + " ns is in the past");
  control_ = s.control & kControlAuto;
  for (size_t i = 0; i < sources_.size(); ++i) {
    sources_[i].level = s.sources[i].level;
    sources_[i].fired = s.sources[i].fired;
  }
  for (size_t i = 0; i < rule_state_.size(); ++i) {
    const IrqGeneratorState::Rule& r = s.rules[i];
    rule_state_[i].next_ns = r.next_ns;
    rule_state_[i].k = r.k;
    rule_state_[i].j = r.j;
    rule_state_[i].done = r.done;
    rule_state_[i].prng = IrqGenPrng(r.prng);
  }
  // Before the first run the process has not picked an event yet; afterwards it waits for
  // the old one.
  if (!rule_state_.empty()) reschedule_.notify(sc_core::SC_ZERO_TIME);
}

void IrqGenerator::advance(size_t i) {
  const AutoRule& r = config_.rules[i];
  RuleState& st = rule_state_[i];
  uint64_t next;
  bool ok = true;
  auto add = [&ok](uint64_t a, uint64_t b) {
    if (a > std::numeric_limits<uint64_t>::max() - b) ok = false;
    return a + b;
  };
  switch (r.pattern) {
  case AutoPattern::periodic:
    next = add(st.next_ns, r.period_ns);
    break;
  case AutoPattern::random:
    next = add(st.next_ns, st.prng.interval(r.period_ns));
    break;
  case AutoPattern::burst:
  default:
    if (++st.j < r.burst_count) {
      next = add(st.next_ns, r.burst_gap_ns);
    } else {
      st.j = 0;
      ++st.k;
      // phase + k*period, computed from the start so gaps never accumulate rounding.
      if (st.k > std::numeric_limits<uint64_t>::max() / r.period_ns) ok = false;
      next = ok ? add(r.phase_ns, st.k * r.period_ns) : 0;
    }
    break;
  }
  if (ok) st.next_ns = next;
  else st.done = true; // beyond 2^64 ns: never
}

// One process for all rules: always the earliest next event; equal times go in rule order.
void IrqGenerator::run() {
  for (;;) {
    size_t best = rule_state_.size();
    for (size_t i = 0; i < rule_state_.size(); ++i)
      if (!rule_state_[i].done && (best == rule_state_.size() || rule_state_[i].next_ns < rule_state_[best].next_ns))
        best = i;
    if (best == rule_state_.size()) { // every rule done: only a restore brings one back
      wait(reschedule_);
      continue;
    }
    const sc_core::sc_time at(static_cast<double>(rule_state_[best].next_ns), sc_core::SC_NS);
    if (at > sc_core::sc_time_stamp()) {
      // Woken early only by restore_state: pick again from the restored rules.
      wait(at - sc_core::sc_time_stamp(), reschedule_);
      if (at > sc_core::sc_time_stamp()) continue;
    }
    const uint32_t source = config_.rules[best].source;
    if (control_ & kControlAuto) {
      assert_source(source);
      if (on_auto_event) on_auto_event(source, sc_core::sc_time_stamp());
    }
    advance(best);
  }
}

} // namespace ppc64sim::devices
