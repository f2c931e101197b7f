#include "platforms/platform_config.h"

#include "platforms/irqgen_config.h"
#include "platforms/number_text.h"

#include "models/devices/irq_generator.h"

#include <boost/program_options.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <sstream>

namespace ppc64sim::platform {
namespace {

namespace po = boost::program_options;

// One registry entry: how to range-check a value and where it goes in BoardConfig.
struct Entry {
  Parameter param;
  bool is_number = true;
  uint64_t min = 0;
  uint64_t max = 0;
  std::function<void(BoardConfig&, uint64_t)> set_number;
  std::function<void(BoardConfig&, const std::string&)> set_text;
  bool allow_empty = false;
  // Extra check of a text value; returns an error message, empty when fine.
  std::function<std::string(const std::string&)> check_text;
};

std::string hex(uint64_t v) {
  std::ostringstream os;
  os << "0x" << std::hex << v;
  return os.str();
}

const std::vector<Entry>& registry() {
  static const std::vector<Entry> entries = [] {
    const BoardConfig d;
    std::vector<Entry> e;
    auto number = [&e](std::string key, uint64_t def, std::string def_text, uint64_t min,
                       uint64_t max, std::string help,
                       std::function<void(BoardConfig&, uint64_t)> set) {
      if (def_text.empty()) def_text = std::to_string(def);
      Entry en;
      en.param = {std::move(key), std::move(def_text), std::move(help)};
      en.min = min;
      en.max = max;
      en.set_number = std::move(set);
      e.push_back(std::move(en));
    };
    {
      Entry en;
      en.param = {"name", d.name, "board name, shown in logs (non-empty, printable, no spaces)"};
      en.is_number = false;
      en.set_text = [](BoardConfig& c, const std::string& v) { c.name = v; };
      e.push_back(std::move(en));
    }
    number("cores", d.cores, "", 1, 64,
           "number of cores, 1..64 (cores x threads-per-core <= 256)",
           [](BoardConfig& c, uint64_t v) { c.cores = static_cast<unsigned>(v); });
    number("threads-per-core", d.threads_per_core, "", 1, 8,
           "hardware threads (SMT) per core: 1, 2, 4 or 8; thread t of core c is interrupt "
           "server c*threads-per-core+t (xics-spec 1.5)",
           [](BoardConfig& c, uint64_t v) { c.threads_per_core = static_cast<unsigned>(v); });
    number("memory", d.memory_mib, "", 16, 65536,
           "RAM at physical 0 in MiB, 16..65536; must hold the firmware below the 2 MiB "
           "device-tree area at MIN(RAM, 2 GiB) - 2 MiB",
           [](BoardConfig& c, uint64_t v) { c.memory_mib = v; });
    // The device-tree cells are 32-bit (QEMU writes clock-frequency and
    // timebase-frequency as one cell), hence the upper bounds.
    number("cpu.clock-mhz", d.cpu_clock_hz / 1'000'000, "", 1, 4294,
           "core clock in MHz, 1..4294 (one instruction per cycle for now)",
           [](BoardConfig& c, uint64_t v) { c.cpu_clock_hz = v * 1'000'000; });
    number("timebase.frequency", d.timebase_hz, "", 1'000'000, 0xffffffffull,
           "timebase and decrementer frequency in Hz, 1000000..4294967295 (QEMU pseries: "
           "512000000)",
           [](BoardConfig& c, uint64_t v) { c.timebase_hz = v; });
    number("quantum-ns", d.quantum_ns, "", 1, 1'000'000'000,
           "temporal-decoupling quantum of each core in ns, 1..1000000000",
           [](BoardConfig& c, uint64_t v) { c.quantum_ns = v; });
    // reg 0 is the "default vty" alias of H_PUT_TERM_CHAR (xics-spec 3.2), so not a unit address.
    number("vty.reg", d.vty_reg, hex(d.vty_reg), 1, 0xffffffffull,
           "unit address of the vty (H_PUT_TERM_CHAR termno, node /vdevice/vty@<reg>), "
           "non-zero 32-bit",
           [](BoardConfig& c, uint64_t v) { c.vty_reg = static_cast<uint32_t>(v); });
    // QEMU's ICS owns sources 0x1000..0x1fff (xics-spec 1.1).
    number("vty.irq", d.vty_irq, hex(d.vty_irq), 0x1000, 0x1fff,
           "XICS interrupt source of the vty, 0x1000..0x1fff",
           [](BoardConfig& c, uint64_t v) { c.vty_irq = static_cast<uint32_t>(v); });
    // 253402300799 is 9999-12-31T23:59:59Z: get-time-of-day reports a 4-digit year.
    number("rtc.epoch", d.rtc_epoch, "", 0, 253402300799ull,
           "RTAS get-time-of-day at simulated time 0, seconds since 1970-01-01 UTC",
           [](BoardConfig& c, uint64_t v) { c.rtc_epoch = v; });
    auto text = [&e](std::string key, std::string def, std::string help, bool allow_empty,
                     std::function<std::string(const std::string&)> check,
                     std::function<void(BoardConfig&, const std::string&)> set) {
      Entry en;
      en.param = {std::move(key), std::move(def), std::move(help)};
      en.is_number = false;
      en.allow_empty = allow_empty;
      en.check_text = std::move(check);
      en.set_text = std::move(set);
      e.push_back(std::move(en));
    };
    // xics-spec.md 2.11: the QEMU TCG behaviour is the default; kvm switches items 1-11.
    text("xics.flavour", "qemu",
         "XICS behaviour to reproduce: qemu (QEMU TCG emulated XICS) or kvm (in-kernel XICS)",
         false,
         [](const std::string& v) {
           return v == "qemu" || v == "kvm" ? std::string() : std::string("must be qemu or kvm");
         },
         [](BoardConfig& c, const std::string& v) {
           c.xics_flavour = v == "kvm" ? intc::Flavour::kvm : intc::Flavour::qemu;
         });
    text("timing.mode", "fast",
         "fast: one cycle per instruction, threads synchronised every quantum-ns; cycle: every "
         "instruction through the timing model (models/cpu/timing/README.md), threads "
         "synchronised every timing.lookahead-cycles",
         false,
         [](const std::string& v) {
           return v == "fast" || v == "cycle" ? std::string() : std::string("must be fast or cycle");
         },
         [](BoardConfig& c, const std::string& v) { c.cycle_mode = v == "cycle"; });
    number("timing.lookahead-cycles", d.lookahead_cycles, "", 1, 1'000'000,
           "cycle mode: the smallest latency of one thread's effect on another (a store seen by "
           "another core, an interrupt message); threads run in windows no longer than it, nor "
           "than the shortest xics.latency in cycles (with more than one thread a zero one counts "
           "as timing.store-visibility-cycles); results do not depend on it, only host speed does "
           "(long windows: less per-window work), 1..1000000",
           [](BoardConfig& c, uint64_t v) { c.lookahead_cycles = v; });
    number("timing.store-visibility-cycles", d.store_visibility_cycles, "", 1, 1'000'000,
           "cycle mode, boards with more than one thread: cycles after which a store becomes "
           "visible to the other threads (the storing thread sees it at once); windows are no "
           "longer than it; sync and hcalls wait for the thread's stores, 1..1000000",
           [](BoardConfig& c, uint64_t v) { c.store_visibility_cycles = v; });
    const auto on_or_off = [](const std::string& v) {
      return v == "on" || v == "off" ? std::string() : std::string("must be on or off");
    };
    text("timing.chain-passes", "on",
         "cycle mode, boards with more than one thread: on = a pass after which the SystemC "
         "kernel has nothing due before the next one starts goes straight on to it; off = every "
         "pass returns to the kernel; results do not depend on it, only host speed does",
         false, on_or_off, [](BoardConfig& c, const std::string& v) { c.chain_passes = v == "on"; });
    text("timing.solo-stores", "on",
         "cycle mode, boards with more than one thread: on = a thread running alone (no other "
         "can run or be woken before its stores would become visible) stores straight into "
         "memory instead of through the store queue; off = every store through the queue; "
         "results do not depend on it, only host speed does",
         false, on_or_off, [](BoardConfig& c, const std::string& v) { c.solo_stores = v == "on"; });
    text("timing.solo-passes", "on",
         "cycle mode with timing.solo-stores on: on = passes that go on with the same thread "
         "running alone and nothing in the store queue skip the pass-start work (filing L2 "
         "accesses for the other cores' views) until a later pass does it for all of them, "
         "and such a thread runs on through the passes that follow, without the kernel, until "
         "an hcall, wait, device access, the kernel's next event or a checkpoint; off = every "
         "pass does its start's work and returns to the scheduler; results do not depend on "
         "it, only host speed does",
         false, on_or_off, [](BoardConfig& c, const std::string& v) { c.solo_passes = v == "on"; });
    number("timing.issue-width", d.timing.issue_width, "", 1, 16,
           "cycle mode: instructions a core issues per cycle, shared by its threads, 1..16",
           [](BoardConfig& c, uint64_t v) { c.timing.issue_width = static_cast<uint32_t>(v); });
    number("timing.smt-turn-cycles", d.timing.smt_turn_cycles, "", 1, 4096,
           "cycle mode, SMT cores: 1 = the core's threads share issue slots, caches and "
           "predictors in exact (cycle, thread) order; K = in (cycle / K, thread) order, turns of "
           "up to K cycles (an approximation of the sharing that runs faster on the host; effects "
           "between threads stay exact), 1..4096",
           [](BoardConfig& c, uint64_t v) { c.timing.smt_turn_cycles = static_cast<uint32_t>(v); });
    number("timing.mispredict-penalty", d.timing.mispredict_penalty, "", 0, 1000,
           "cycle mode: cycles lost on a mispredicted branch, 0..1000",
           [](BoardConfig& c, uint64_t v) { c.timing.mispredict_penalty = static_cast<uint32_t>(v); });
    number("timing.l1d-kib", d.timing.l1d.size_bytes / 1024, "", 1, 4096,
           "cycle mode: L1 data cache per core in KiB (8-way, 128-byte lines), 1..4096",
           [](BoardConfig& c, uint64_t v) { c.timing.l1d.size_bytes = static_cast<uint32_t>(v * 1024); });
    number("timing.l2-kib", d.timing.l2.size_bytes / 1024, "", 1, 1 << 20,
           "cycle mode: L2 shared by the board in KiB (8-way, 128-byte lines), 1..1048576",
           [](BoardConfig& c, uint64_t v) { c.timing.l2.size_bytes = static_cast<uint32_t>(v * 1024); });
    number("timing.memory-latency", d.timing.memory_latency, "", 1, 100000,
           "cycle mode: cycles from an L2 miss to its data, 1..100000",
           [](BoardConfig& c, uint64_t v) { c.timing.memory_latency = static_cast<uint32_t>(v); });
    const char* kinds[][2] = {{"present", "PRESENT (ICS -> ICP)"},
                              {"reject", "REJECT (ICP -> ICS)"},
                              {"eoi", "EOI (ICP -> ICS)"},
                              {"resend", "RESEND (ICP -> ICS)"},
                              {"ipi", "IPI (an H_IPI to another thread's MFRR, ICP -> ICP)"},
                              {"poll", "POLL (an H_IPOLL of another thread's ICP, each way of the "
                                       "round trip; cycle mode with more than one thread only)"},
                              {"control", "CONTROL (an RTAS XIVE call to the ICS, each way of the "
                                          "round trip; cycle mode with more than one thread only)"}};
    uint64_t BoardConfig::*fields[] = {&BoardConfig::xics_latency_present_ns,
                                       &BoardConfig::xics_latency_reject_ns,
                                       &BoardConfig::xics_latency_eoi_ns,
                                       &BoardConfig::xics_latency_resend_ns,
                                       &BoardConfig::xics_latency_ipi_ns,
                                       &BoardConfig::xics_latency_poll_ns,
                                       &BoardConfig::xics_latency_control_ns};
    for (int k = 0; k < 7; ++k) {
      uint64_t BoardConfig::*field = fields[k];
      number(std::string("xics.latency.") + kinds[k][0], d.*field, "", 0, 1'000'000'000,
             std::string("fabric latency of ") + kinds[k][1] + " messages in ns, 0..1000000000; "
             "0 = applied inside the sending call (QEMU-exact, synchronous); cycle mode with "
             "more than one thread: 0 = timing.store-visibility-cycles (a cross-thread effect "
             "needs at least a cycle to be exact)",
             [field](BoardConfig& c, uint64_t v) { c.*field = v; });
    }
    number("irqgen.base", d.irqgen_base, hex(d.irqgen_base), 0x1000, (1ull << 60) - 0x1000,
           "physical address of the interrupt generator's 4 KiB register window: 4 KiB "
           "aligned, above RAM, below 2^60 (QEMU ignores the top 4 real-address bits)",
           [](BoardConfig& c, uint64_t v) { c.irqgen_base = v; });
    number("irqgen.count", d.irqgen_count, "", 0, devices::IrqGenerator::kMaxSources,
           "interrupt generator sources, 0..240 (0 = no generator device)",
           [](BoardConfig& c, uint64_t v) { c.irqgen_count = static_cast<uint32_t>(v); });
    number("irqgen.first-source", d.irqgen_first_source, hex(d.irqgen_first_source), 0x1000,
           0x1fff,
           "XICS source number of generator source 0, 0x1000..0x1fff; the block must stay "
           "inside 0x1000..0x1fff and not include vty.irq",
           [](BoardConfig& c, uint64_t v) { c.irqgen_first_source = static_cast<uint32_t>(v); });
    text("irqgen.types", d.irqgen_types,
         "type of each generator source, in order: comma list of lsi|msi or N*lsi|N*msi "
         "(e.g. 4*lsi,4*msi), or one word for all; must describe irqgen.count sources",
         false, nullptr, [](BoardConfig& c, const std::string& v) { c.irqgen_types = v; });
    number("irqgen.seed", d.irqgen_seed, "", 0, std::numeric_limits<uint64_t>::max(),
           "seed of the generator's random patterns; same seed, same event times",
           [](BoardConfig& c, uint64_t v) { c.irqgen_seed = v; });
    text("irqgen.auto", "",
         "autonomous events, comma list of SRC:periodic:PERIOD[:PHASE], SRC:random:MEAN or "
         "SRC:burst:PERIOD:COUNT:GAP[:PHASE]; times in ns or with a ns/us/ms/s suffix; empty "
         "= none (models/devices/irq_generator.md)",
         true, nullptr, [](BoardConfig& c, const std::string& v) { c.irqgen_auto = v; });
    return e;
  }();
  return entries;
}

const Entry* find_entry(const std::string& key) {
  for (const Entry& e : registry())
    if (e.param.key == key) return &e;
  return nullptr;
}

std::string known_keys() {
  std::string s;
  for (const Entry& e : registry()) s += (s.empty() ? "" : ", ") + e.param.key;
  return s;
}

std::string where(const Setting& s, const std::string& key) {
  return s.origin + ": key '" + key + "' value '" + s.value + "'";
}


std::string range_text(const Entry& e) {
  // Addresses and source numbers read better in hex.
  if (e.param.key == "vty.reg" || e.param.key == "vty.irq" || e.param.key == "irqgen.base" ||
      e.param.key == "irqgen.first-source")
    return hex(e.min) + ".." + hex(e.max);
  return std::to_string(e.min) + ".." + std::to_string(e.max);
}

} // namespace

const std::vector<Parameter>& parameters() {
  static const std::vector<Parameter> params = [] {
    std::vector<Parameter> p;
    for (const Entry& e : registry()) p.push_back(e.param);
    return p;
  }();
  return params;
}

std::string parameters_help() {
  std::ostringstream os;
  os << "Platform keys (platform file `key = value`, `[section]` prefixes \"section.\";\n"
        "override with --set key=value):\n";
  for (const Entry& e : registry())
    os << "  " << e.param.key << " (default " << e.param.default_value << ")\n      "
       << e.param.help << "\n";
  return os.str();
}

void set_param(ParamMap& params, const std::string& key, const std::string& value,
               const std::string& origin) {
  if (!find_entry(key))
    throw ConfigError(origin + ": unknown key '" + key + "' (value '" + value +
                      "'); known keys: " + known_keys());
  params[key] = Setting{value, origin};
}

void apply_assignment(ParamMap& params, const std::string& assignment,
                      const std::string& origin) {
  auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError(origin + ": '" + assignment + "' is not of the form key=value");
  auto trim = [](std::string s) {
    const char* ws = " \t";
    s.erase(0, s.find_first_not_of(ws));
    auto last = s.find_last_not_of(ws);
    s.erase(last == std::string::npos ? 0 : last + 1);
    return s;
  };
  set_param(params, trim(assignment.substr(0, eq)), trim(assignment.substr(eq + 1)), origin);
}

void load_platform_file(const std::string& path, ParamMap& params) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw ConfigError("cannot read platform file '" + path + "': is a directory");
  std::ifstream in(path);
  if (!in)
    throw ConfigError("cannot read platform file '" + path + "': " + std::strerror(errno));

  // Every key is declared as a plain string so Boost does the syntax ([sections], comments,
  // trimming) and we do the values, with messages that name the file.
  po::options_description desc;
  for (const Entry& e : registry()) desc.add_options()(e.param.key.c_str(), po::value<std::string>());
  po::parsed_options parsed(&desc);
  try {
    parsed = po::parse_config_file(in, desc, /*allow_unregistered=*/true);
  } catch (const po::error& err) {
    throw ConfigError(path + ": " + err.what());
  }
  if (in.bad()) throw ConfigError("cannot read platform file '" + path + "': read error");

  std::set<std::string> seen;
  ParamMap from_file;
  for (const po::option& opt : parsed.options) {
    std::string value = opt.value.empty() ? std::string() : opt.value.front();
    if (opt.unregistered || !find_entry(opt.string_key))
      throw ConfigError(path + ": unknown key '" + opt.string_key + "' (value '" + value +
                        "'); known keys: " + known_keys());
    if (!seen.insert(opt.string_key).second)
      throw ConfigError(path + ": key '" + opt.string_key + "' given twice (second value '" +
                        value + "')");
    set_param(from_file, opt.string_key, value, path);
  }
  for (auto& kv : from_file) params[kv.first] = kv.second;
}

namespace {

// Cross-key checks of the interrupt generator (its window, its source block, its strings).
template <class Origin>
void check_irqgen(const BoardConfig& c, const ParamMap& params, const Origin& origin) {
  if (c.irqgen_count == 0) return;
  auto value_of = [&](const char* k, const std::string& def) {
    auto it = params.find(k);
    return it == params.end() ? def : it->second.value;
  };
  auto fail = [&](const char* k, const std::string& def, const std::string& why) {
    return ConfigError(origin(k) + ": key '" + k + "' value '" + value_of(k, def) + "': " + why);
  };
  const uint64_t window = devices::IrqGenerator::kWindowBytes;
  if (c.irqgen_base % window != 0)
    throw fail("irqgen.base", hex(c.irqgen_base), "must be 4 KiB aligned");
  if (c.irqgen_base < c.memory_bytes())
    throw fail("irqgen.base", hex(c.irqgen_base),
               "overlaps RAM (0.." + hex(c.memory_bytes() - 1) + ", from key 'memory')");
  const uint64_t last = uint64_t{c.irqgen_first_source} + c.irqgen_count - 1;
  if (last > 0x1fff)
    throw fail("irqgen.first-source", hex(c.irqgen_first_source),
               "with irqgen.count " + std::to_string(c.irqgen_count) + " the block ends at " +
                   hex(last) + ", past the ICS's last source 0x1fff");
  if (c.vty_irq >= c.irqgen_first_source && c.vty_irq <= last)
    throw fail("irqgen.first-source", hex(c.irqgen_first_source),
               "block " + hex(c.irqgen_first_source) + ".." + hex(last) +
                   " includes the vty's source vty.irq = " + hex(c.vty_irq));
  try {
    parse_irqgen_types(c.irqgen_types, c.irqgen_count);
  } catch (const IrqGenConfigError& e) {
    throw fail("irqgen.types", c.irqgen_types, e.what());
  }
  try {
    parse_irqgen_auto(c.irqgen_auto, c.irqgen_first_source, c.irqgen_count);
  } catch (const IrqGenConfigError& e) {
    throw fail("irqgen.auto", c.irqgen_auto, e.what());
  }
}

} // namespace

BoardConfig to_board_config(const ParamMap& params) {
  BoardConfig cfg;
  for (const auto& [key, setting] : params) {
    const Entry* e = find_entry(key);
    if (!e) throw ConfigError(setting.origin + ": unknown key '" + key + "' (value '" +
                              setting.value + "')");
    if (!e->is_number) {
      bool ok = (e->allow_empty || !setting.value.empty()) &&
                std::all_of(setting.value.begin(), setting.value.end(),
                            [](char ch) { return ch > ' ' && ch < 0x7f; });
      if (!ok) throw ConfigError(where(setting, key) + ": must be " +
                                 (e->allow_empty ? "" : "non-empty ") +
                                 "printable text without spaces");
      if (e->check_text) {
        const std::string why = e->check_text(setting.value);
        if (!why.empty()) throw ConfigError(where(setting, key) + ": " + why);
      }
      e->set_text(cfg, setting.value);
      continue;
    }
    uint64_t v = 0;
    if (!parse_u64(setting.value, v))
      throw ConfigError(where(setting, key) + ": not an unsigned number (decimal or 0x hex)");
    if (v < e->min || v > e->max)
      throw ConfigError(where(setting, key) + ": out of range " + range_text(*e));
    if (key == "threads-per-core" && (v & (v - 1)) != 0)
      throw ConfigError(where(setting, key) + ": must be 1, 2, 4 or 8");
    e->set_number(cfg, v);
  }

  auto origin = [&](const char* k) {
    auto it = params.find(k);
    return it == params.end() ? std::string("default") : it->second.origin;
  };
  check_irqgen(cfg, params, origin);
  const std::string timing_error = cfg.timing.validate();
  if (!timing_error.empty()) throw ConfigError("timing parameters: " + timing_error);
  if (cfg.smt_turn_blocks() && cfg.timing.smt_turn_cycles > cfg.cross_thread_cycles())
    throw ConfigError(origin("timing.smt-turn-cycles") + ": key 'timing.smt-turn-cycles' value '" +
                      std::to_string(cfg.timing.smt_turn_cycles) + "': more than the " +
                      std::to_string(cfg.cross_thread_cycles()) +
                      " cycles in which one thread can affect another (timing.store-visibility-cycles, "
                      "the shortest xics.latency); windows end at its multiples and may be no longer");
  if (cfg.thread_count() > max_total_threads) {
    throw ConfigError("cores (" + std::to_string(cfg.cores) + ", from " + origin("cores") +
                      ") x threads-per-core (" + std::to_string(cfg.threads_per_core) +
                      ", from " + origin("threads-per-core") + ") = " +
                      std::to_string(cfg.thread_count()) + " threads, more than the " +
                      std::to_string(max_total_threads) + " this simulator supports");
  }
  return cfg;
}

std::string resolve_platform(const std::string& name_or_file,
                             const std::vector<std::string>& search_dirs) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (name_or_file.empty()) throw ConfigError("--platform: empty platform name");
  if (fs::exists(name_or_file, ec)) return name_or_file;

  bool looks_like_path = name_or_file.find('/') != std::string::npos ||
                         fs::path(name_or_file).extension() == ".cfg";
  if (looks_like_path)
    throw ConfigError("cannot read platform file '" + name_or_file + "': " +
                      std::strerror(ENOENT));

  std::string tried;
  std::set<std::string> available;
  for (const std::string& dir : search_dirs) {
    if (dir.empty()) continue;
    fs::path candidate = fs::path(dir) / (name_or_file + ".cfg");
    if (fs::exists(candidate, ec)) return candidate.string();
    tried += (tried.empty() ? "" : ", ") + candidate.string();
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->path().extension() == ".cfg") available.insert(it->path().stem().string());
  }
  std::string list;
  for (const auto& n : available) list += (list.empty() ? "" : ", ") + n;
  throw ConfigError("unknown platform '" + name_or_file + "': no such file, and no " +
                    (tried.empty() ? std::string("platform directory") : tried) +
                    "; available: " + (list.empty() ? "none" : list));
}

} // namespace ppc64sim::platform
