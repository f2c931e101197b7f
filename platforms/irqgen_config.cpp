#include "platforms/irqgen_config.h"

#include "platforms/number_text.h"

#include <limits>
#include <sstream>

namespace ppc64sim::platform {

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

// "250", "250ns", "3us", "2ms", "1s" -> ns.
bool parse_time_ns(const std::string& text, uint64_t& ns) {
  static const std::pair<const char*, uint64_t> units[] = {
      {"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000}};
  for (const auto& [suffix, scale] : units) {
    const std::string sfx(suffix);
    if (text.size() > sfx.size() && text.compare(text.size() - sfx.size(), sfx.size(), sfx) == 0) {
      uint64_t v;
      if (!parse_u64(text.substr(0, text.size() - sfx.size()), v)) return false;
      if (v > std::numeric_limits<uint64_t>::max() / scale) return false;
      ns = v * scale;
      return true;
    }
  }
  return parse_u64(text, ns);
}

} // namespace

std::vector<devices::IrqKind> parse_irqgen_types(const std::string& text, uint32_t count) {
  const std::string t = trim(text);
  if (t == "lsi" || t == "msi") return std::vector<devices::IrqKind>(count, t == "lsi" ? devices::IrqKind::lsi : devices::IrqKind::msi);
  std::vector<devices::IrqKind> out;
  for (const std::string& item : split(t, ',')) {
    uint64_t n = 1;
    std::string kind = item;
    const auto star = item.find('*');
    if (star != std::string::npos) {
      if (!parse_u64(trim(item.substr(0, star)), n) || n == 0 || n > count)
        throw IrqGenConfigError("item '" + item + "': repeat count must be 1.." +
                                std::to_string(count));
      kind = trim(item.substr(star + 1));
    }
    if (kind != "lsi" && kind != "msi")
      throw IrqGenConfigError("item '" + item + "': type must be 'lsi' or 'msi' (optionally N*type)");
    if (out.size() + n > count)
      throw IrqGenConfigError("'" + text + "' describes more than the " + std::to_string(count) +
                              " sources of irqgen.count");
    out.insert(out.end(), n, kind == "lsi" ? devices::IrqKind::lsi : devices::IrqKind::msi);
  }
  if (out.size() != count)
    throw IrqGenConfigError("'" + text + "' describes " + std::to_string(out.size()) +
                            " sources, irqgen.count is " + std::to_string(count));
  return out;
}

std::vector<devices::AutoRule> parse_irqgen_auto(const std::string& text, uint32_t first_source,
                                        uint32_t count) {
  std::vector<devices::AutoRule> rules;
  if (trim(text).empty()) return rules;
  for (const std::string& item : split(text, ',')) {
    const std::vector<std::string> f = split(item, ':');
    auto fail = [&item](const std::string& why) {
      return IrqGenConfigError("rule '" + item + "': " + why);
    };
    if (f.size() < 3) throw fail("expected SRC:PATTERN:PARAMS (periodic, random or burst)");
    devices::AutoRule r;
    uint64_t src;
    if (!parse_u64(f[0], src)) throw fail("source '" + f[0] + "' is not a number");
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
      r.pattern = devices::AutoPattern::periodic;
      r.period_ns = time(2, "period", true);
      r.phase_ns = f.size() == 4 ? time(3, "phase", false) : r.period_ns;
    } else if (p == "random") {
      if (f.size() != 3) throw fail("random takes MEAN");
      r.pattern = devices::AutoPattern::random;
      r.period_ns = time(2, "mean interval", true);
      if (r.period_ns > std::numeric_limits<uint64_t>::max() / 2) throw fail("mean interval too large");
    } else if (p == "burst") {
      if (f.size() != 5 && f.size() != 6) throw fail("burst takes PERIOD:COUNT:GAP[:PHASE]");
      r.pattern = devices::AutoPattern::burst;
      r.period_ns = time(2, "period", true);
      uint64_t n;
      if (!parse_u64(f[3], n) || n == 0 || n > 1000000)
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

} // namespace ppc64sim::platform
