#include "models/cpu/timing/timing_params.h"

#include <sstream>

namespace ppc64sim::cpu::timing {
namespace {

bool power_of_two(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

std::string field_error(const std::string& field, uint64_t value, const std::string& why) {
  std::ostringstream s;
  s << field << ": " << value << " " << why;
  return s.str();
}

std::string check_cache(const char* name, const CacheParams& c) {
  const std::string n = name;
  if (!power_of_two(c.line_bytes) || c.line_bytes < 8 || c.line_bytes > 4096)
    return field_error(n + ".line_bytes", c.line_bytes, "is not a power of two in 8..4096");
  if (c.ways == 0 || c.ways > 64) return field_error(n + ".ways", c.ways, "is not in 1..64");
  const uint64_t way_line = static_cast<uint64_t>(c.line_bytes) * c.ways;
  if (c.size_bytes == 0 || c.size_bytes % way_line != 0 || !power_of_two(c.size_bytes / way_line))
    return field_error(n + ".size_bytes", c.size_bytes,
                       "is not a power-of-two multiple of line_bytes * ways (" +
                           std::to_string(way_line) + ")");
  if (c.hit_latency == 0) return field_error(n + ".hit_latency", 0, "must be at least 1");
  return "";
}

} // namespace

const char* timing_class_name(Timing cls) {
  static constexpr const char* kNames[kTimingClassCount] = {
      "alu", "mul", "div", "load", "store", "branch", "cr", "spr", "system", "fp", "vec"};
  auto i = static_cast<std::size_t>(cls);
  return i < kTimingClassCount ? kNames[i] : "?";
}

const char* predictor_kind_name(PredictorKind kind) {
  switch (kind) {
  case PredictorKind::static_btfn: return "static";
  case PredictorKind::bimodal: return "bimodal";
  case PredictorKind::gshare: return "gshare";
  }
  return "?";
}

std::string TimingParams::validate() const {
  if (issue_width == 0 || issue_width > 255)
    return field_error("issue_width", issue_width, "is not in 1..255");
  if (!power_of_two(issue_window) || issue_window < 16 || issue_window > (1u << 20))
    return field_error("issue_window", issue_window, "is not a power of two in 16..1048576");
  for (std::size_t i = 0; i < kTimingClassCount; ++i)
    if (latency[i] == 0 || latency[i] > 100000)
      return field_error(std::string("latency.") + timing_class_name(static_cast<Timing>(i)),
                         latency[i], "is not in 1..100000");
  if (predictor != PredictorKind::static_btfn && predictor != PredictorKind::bimodal &&
      predictor != PredictorKind::gshare)
    return field_error("predictor", static_cast<unsigned>(predictor), "is not a predictor kind");
  if (!power_of_two(predictor_entries) || predictor_entries > (1u << 24))
    return field_error("predictor_entries", predictor_entries,
                       "is not a power of two in 1..16777216");
  if (mispredict_penalty == 0 || mispredict_penalty > 10000)
    return field_error("mispredict_penalty", mispredict_penalty, "is not in 1..10000");
  if (smt_turn_cycles == 0 || smt_turn_cycles > 4096)
    return field_error("smt_turn_cycles", smt_turn_cycles, "is not in 1..4096");
  if (link_stack_entries == 0 || link_stack_entries > 1024)
    return field_error("link_stack_entries", link_stack_entries, "is not in 1..1024");
  if (!power_of_two(ctr_target_entries) || ctr_target_entries > (1u << 20))
    return field_error("ctr_target_entries", ctr_target_entries,
                       "is not a power of two in 1..1048576");
  for (auto [name, cache] : {std::pair<const char*, const CacheParams*>{"l1i", &l1i},
                             {"l1d", &l1d}, {"l2", &l2}}) {
    std::string e = check_cache(name, *cache);
    if (!e.empty()) return e;
  }
  // A miss must not be cheaper than the hit it replaces.
  if (l2.hit_latency < l1i.hit_latency || l2.hit_latency < l1d.hit_latency)
    return field_error("l2.hit_latency", l2.hit_latency,
                       "is below an L1 hit latency (" + std::to_string(l1i.hit_latency) + ", " +
                           std::to_string(l1d.hit_latency) + ")");
  if (memory_latency < l2.hit_latency || memory_latency > 1000000)
    return field_error("memory_latency", memory_latency,
                       "is not in l2.hit_latency (" + std::to_string(l2.hit_latency) +
                           ")..1000000");
  if (device_latency == 0 || device_latency > 1000000)
    return field_error("device_latency", device_latency, "is not in 1..1000000");
  return "";
}

} // namespace ppc64sim::cpu::timing
