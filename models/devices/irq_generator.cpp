#include "models/devices/irq_generator.h"

#include <algorithm>
#include <limits>
#include <sstream>

namespace ppc64sim::devices {

namespace {

std::string trim(const std::string& s) {
  const char* ws = " \t";
  const auto a = s.find_first_not_of(ws);
  if (a == std::string::npos) return {};
  return s.substr(a, s.find_last_not_of(ws) - a + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, sep)) out.push_back(trim(item));
  if (!s.empty() && s.back() == sep) out.push_back({});
  return out;
}

std::string hex(uint64_t v) {
  std::ostringstream os;
  os << "0x" << std::hex << v;
  return os.str();
}

// Decimal or 0x hex, nothing else.
bool parse_number(const std::string& text, uint64_t& out) {
  if (text.empty()) return false;
  unsigned base = 10;
  size_t i = 0;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    i = 2;
  }
  uint64_t v = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    unsigned d;
    if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
    else if (base == 16 && c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
    else if (base == 16 && c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
    else return false;
    if (v > (std::numeric_limits<uint64_t>::max() - d) / base) return false;
    v = v * base + d;
  }
  out = v;
  return true;
}

// "250", "250ns", "3us", "2ms", "1s" -> ns.
bool parse_time_ns(const std::string& text, uint64_t& ns) {
  static const std::pair<const char*, uint64_t> units[] = {
      {"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000}};
  for (const auto& [suffix, scale] : units) {
    const std::string sfx(suffix);
    if (text.size() > sfx.size() && text.compare(text.size() - sfx.size(), sfx.size(), sfx) == 0) {
      uint64_t v;
      if (!parse_number(text.substr(0, text.size() - sfx.size()), v)) return false;
      if (v > std::numeric_limits<uint64_t>::max() / scale) return false;
      ns = v * scale;
      return true;
    }
  }
  return parse_number(text, ns);
}

} // namespace

std::vector<IrqKind> parse_irqgen_types(const std::string& text, uint32_t count) {
  const std::string t = trim(text);
  if (t == "lsi" || t == "msi") return std::vector<IrqKind>(count, t == "lsi" ? IrqKind::lsi : IrqKind::msi);
  std::vector<IrqKind> out;
  for (const std::string& item : split(t, ',')) {
    uint64_t n = 1;
    std::string kind = item;
    const auto star = item.find('*');
    if (star != std::string::npos) {
      if (!parse_number(trim(item.substr(0, star)), n) || n == 0 || n > count)
        throw IrqGenConfigError("item '" + item + "': repeat count must be 1.." +
                                std::to_string(count));
      kind = trim(item.substr(star + 1));
    }
    if (kind != "lsi" && kind != "msi")
      throw IrqGenConfigError("item '" + item + "': type must be 'lsi' or 'msi' (optionally N*type)");
    if (out.size() + n > count)
      throw IrqGenConfigError("'" + text + "' describes more than the " + std::to_string(count) +
                              " sources of irqgen.count");
    out.insert(out.end(), n, kind == "lsi" ? IrqKind::lsi : IrqKind::msi);
  }
  if (out.size() != count)
    throw IrqGenConfigError("'" + text + "' describes " + std::to_string(out.size()) +
                            " sources, irqgen.count is " + std::to_string(count));
  return out;
}

std::vector<AutoRule> parse_irqgen_auto(const std::string& text, uint32_t first_source,
                                        uint32_t count) {
  std::vector<AutoRule> rules;
  if (trim(text).empty()) return rules;
  for (const std::string& item : split(text, ',')) {
    const std::vector<std::string> f = split(item, ':');
    auto fail = [&item](const std::string& why) {
      return IrqGenConfigError("rule '" + item + "': " + why);
    };
    if (f.size() < 3) throw fail("expected SRC:PATTERN:PARAMS (periodic, random or burst)");
    AutoRule r;
    uint64_t src;
    if (!parse_number(f[0], src)) throw fail("source '" + f[0] + "' is not a number");
    if (src < first_source || src - first_source >= count)
      throw fail("source " + hex(src) + " is not one of the generator's sources " +
                 hex(first_source) + ".." + hex(uint64_t{first_source} + count - 1));
    r.source = static_cast<uint32_t>(src);
    auto time = [&](size_t i, const char* what, bool nonzero) {
      uint64_t ns;
      if (!parse_time_ns(f[i], ns))
        throw fail(std::string(what) + " '" + f[i] + "' is not a time (integer, optional ns/us/ms/s)");
      if (nonzero && ns == 0) throw fail(std::string(what) + " must be > 0");
      return ns;
    };
    const std::string& p = f[1];
    if (p == "periodic") {
      if (f.size() != 3 && f.size() != 4) throw fail("periodic takes PERIOD[:PHASE]");
      r.pattern = AutoPattern::periodic;
      r.period_ns = time(2, "period", true);
      r.phase_ns = f.size() == 4 ? time(3, "phase", false) : r.period_ns;
    } else if (p == "random") {
      if (f.size() != 3) throw fail("random takes MEAN");
      r.pattern = AutoPattern::random;
      r.period_ns = time(2, "mean interval", true);
      if (r.period_ns > std::numeric_limits<uint64_t>::max() / 2) throw fail("mean interval too large");
    } else if (p == "burst") {
      if (f.size() != 5 && f.size() != 6) throw fail("burst takes PERIOD:COUNT:GAP[:PHASE]");
      r.pattern = AutoPattern::burst;
      r.period_ns = time(2, "period", true);
      uint64_t n;
      if (!parse_number(f[3], n) || n == 0 || n > 1000000)
        throw fail("burst count '" + f[3] + "' must be 1..1000000");
      r.burst_count = static_cast<uint32_t>(n);
      r.burst_gap_ns = time(4, "gap", n > 1);
      // A burst must end before the next one starts, so events stay in time order.
      if (n > 1 && (r.burst_gap_ns > r.period_ns / (n - 1) ||
                    (n - 1) * r.burst_gap_ns >= r.period_ns))
        throw fail("(COUNT-1) x GAP must be shorter than PERIOD");
      r.phase_ns = f.size() == 6 ? time(5, "phase", false) : r.period_ns;
    } else {
      throw fail("unknown pattern '" + p + "' (periodic, random or burst)");
    }
    rules.push_back(r);
  }
  return rules;
}

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
    throw IrqGenConfigError("irq generator: " + std::to_string(config_.count()) +
                            " sources, must be 1.." + std::to_string(kMaxSources));
  for (uint32_t i = 0; i < config_.count(); ++i) {
    const uint32_t n = config_.first_source + i;
    const IrqKind k = config_.types[i];
    if (!xics_.set_source_type(n, k == IrqKind::lsi ? intc::SourceType::lsi : intc::SourceType::msi))
      throw IrqGenConfigError("irq generator: source " + hex(n) + " is not owned by any ICS");
    sources_.push_back(Source{k, false, 0});
  }
  for (size_t i = 0; i < config_.rules.size(); ++i) {
    const AutoRule& r = config_.rules[i];
    if (!find(r.source))
      throw IrqGenConfigError("irq generator: rule source " + hex(r.source) + " is not one of its sources");
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
    if (best == rule_state_.size()) return;
    const sc_core::sc_time at(static_cast<double>(rule_state_[best].next_ns), sc_core::SC_NS);
    if (at > sc_core::sc_time_stamp()) wait(at - sc_core::sc_time_stamp());
    const uint32_t source = config_.rules[best].source;
    if (control_ & kControlAuto) {
      assert_source(source);
      if (on_auto_event) on_auto_event(source, sc_core::sc_time_stamp());
    }
    advance(best);
  }
}

} // namespace ppc64sim::devices
