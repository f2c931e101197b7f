#include "platforms/platform_config.h"

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

// Decimal or 0x-prefixed hexadecimal, nothing else (no sign, no suffix, no spaces).
bool parse_u64(const std::string& text, uint64_t& out) {
  if (text.empty()) return false;
  unsigned base = 10;
  size_t i = 0;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    i = 2;
  }
  uint64_t v = 0;
  for (; i < text.size(); ++i) {
    char ch = text[i];
    unsigned digit;
    if (ch >= '0' && ch <= '9') digit = static_cast<unsigned>(ch - '0');
    else if (base == 16 && ch >= 'a' && ch <= 'f') digit = static_cast<unsigned>(ch - 'a' + 10);
    else if (base == 16 && ch >= 'A' && ch <= 'F') digit = static_cast<unsigned>(ch - 'A' + 10);
    else return false;
    if (v > (std::numeric_limits<uint64_t>::max() - digit) / base) return false;
    v = v * base + digit;
  }
  out = v;
  return true;
}

std::string range_text(const Entry& e) {
  // Addresses and source numbers read better in hex.
  if (e.param.key == "vty.reg" || e.param.key == "vty.irq")
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

BoardConfig to_board_config(const ParamMap& params) {
  BoardConfig cfg;
  for (const auto& [key, setting] : params) {
    const Entry* e = find_entry(key);
    if (!e) throw ConfigError(setting.origin + ": unknown key '" + key + "' (value '" +
                              setting.value + "')");
    if (!e->is_number) {
      bool ok = !setting.value.empty() &&
                std::all_of(setting.value.begin(), setting.value.end(),
                            [](char ch) { return ch > ' ' && ch < 0x7f; });
      if (!ok) throw ConfigError(where(setting, key) + ": must be non-empty printable text "
                                 "without spaces");
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

  if (cfg.thread_count() > max_total_threads) {
    auto origin = [&](const char* k) {
      auto it = params.find(k);
      return it == params.end() ? std::string("default") : it->second.origin;
    };
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
