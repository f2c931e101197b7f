#include "sim/options.h"

#include "sim/debug_options.h"
#include "sim/trace_options.h"

#include <boost/program_options.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ppc64sim::sim {
namespace {

namespace po = boost::program_options;

// Options allowed both on the command line and in a --config file. Board flags are strings
// so that their values go through the platform registry's validation and messages.
po::options_description run_options() {
  po::options_description d("Run options (also accepted in a --config file as `name = value`)");
  d.add_options()
    ("firmware,f", po::value<std::string>()->value_name("IMAGE"),
     "firmware image: big-endian ppc64 ELF (loaded at p_paddr, entry e_entry) or raw binary "
     "(loaded at 0, entry 0x100, like QEMU -bios); may also be given as the only positional "
     "argument")
    ("platform,p", po::value<std::string>()->value_name("NAME|FILE"),
     "platform file, or NAME for <platform dir>/NAME.cfg (default: \"default\" if found; dir "
     "from $PPC64SIM_PLATFORM_PATH, else the source tree's platforms/)")
    ("set,s", po::value<std::vector<std::string>>()->composing()->value_name("KEY=VALUE"),
     "override a platform key (repeatable; see --help-platform)")
    ("cores", po::value<std::string>()->value_name("N"), "cores (platform key `cores`)")
    ("threads-per-core", po::value<std::string>()->value_name("T"),
     "threads per core: 1, 2, 4 or 8 (platform key `threads-per-core`)")
    ("memory,m", po::value<std::string>()->value_name("MiB"), "RAM in MiB (platform key `memory`)")
    ("mode", po::value<std::string>()->value_name("fast|cycle"),
     "fast (one cycle per instruction) or cycle (the timing model, exact and slower) "
     "(platform key `timing.mode`)")
    ("max-instructions,n", po::value<std::string>()->value_name("N"),
     "stop after N instructions retired by all threads (0 = no limit; exit status 2)")
    ("host-threads", po::value<std::string>()->value_name("N"),
     "cycle mode, several cores: run the cores' windows of each pass on N host threads "
     "(1..64, default 1); the results are those of 1 (README.md)")
    ("log-level,l", po::value<std::string>()->value_name("LEVEL"),
     "stderr log level: trace, debug, info, warn, error, off (default info)")
    ("dump-dtb", po::value<std::string>()->value_name("FILE"),
     "write the device tree blob to FILE; without a firmware, exit 0 right after")
    ("console-input", po::value<std::string>()->value_name("TEXT"),
     "bytes typed on the vty at simulated time 0 (escapes: \\n \\r \\t \\\\ \\e \\xHH); the "
     "vty's interrupt source pulses as its input buffer becomes non-empty")
    ("checkpoint-at", po::value<std::vector<std::string>>()->multitoken()->composing()->value_name("CYCLE FILE"),
     "write a checkpoint of the whole board to FILE when the board's cycle count reaches CYCLE "
     "(at the first point from there where its state is complete, usually CYCLE itself; "
     "repeatable; give the firmware with --firmware when using it)")
    ("restore", po::value<std::string>()->value_name("FILE"),
     "continue a run from a checkpoint written by --checkpoint-at or the monitor (same "
     "platform; memory comes from the checkpoint, so no firmware image is needed)");
  add_trace_options(d);
  add_debug_options(d);
  return d;
}

// --checkpoint-at CYCLE FILE, repeatable; a --config file line gives "CYCLE FILE" as one value.
std::vector<CheckpointAt> parse_checkpoint_at(const std::vector<std::string>& values) {
  std::vector<std::string> words;
  for (const std::string& v : values) {
    std::istringstream in(v);
    for (std::string w; in >> w;) words.push_back(w);
  }
  if (words.size() % 2 != 0)
    throw UsageError("--checkpoint-at takes pairs CYCLE FILE, got " + std::to_string(words.size()) +
                     " words (a firmware image after it? give it with --firmware)");
  std::vector<CheckpointAt> out;
  for (size_t i = 0; i < words.size(); i += 2) {
    const std::string& text = words[i];
    size_t used = 0;
    uint64_t cycle = 0;
    bool ok = !text.empty() && text[0] >= '0' && text[0] <= '9';
    try {
      if (ok) cycle = std::stoull(text, &used, 0);
    } catch (const std::exception&) {
      ok = false;
    }
    if (!ok || used != text.size())
      throw UsageError("--checkpoint-at: '" + text + "' is not a cycle count (CYCLE FILE)");
    out.push_back({cycle, words[i + 1]});
  }
  return out;
}

po::options_description generic_options() {
  po::options_description d("General");
  d.add_options()
    ("help,h", "print this help and exit")
    ("version,V", "print the version and exit")
    ("help-platform", "list the platform keys with defaults and ranges, and exit")
    ("config,c", po::value<std::string>()->value_name("FILE"),
     "read run options from FILE (same names as the long options, `name = value`)");
  return d;
}

// Option value: command line first, then the --config file.
const po::variable_value* pick(const po::variables_map& cli, const po::variables_map& file,
                               const char* name) {
  if (cli.count(name)) return &cli[name];
  if (file.count(name)) return &file[name];
  return nullptr;
}

const char* const log_levels[] = {"trace", "debug", "info", "warn", "error", "off"};

} // namespace

std::optional<unsigned long long> parse_unsigned(const std::string& text, int base) {
  if (text.empty() || text[0] < '0' || text[0] > '9') return std::nullopt; // no sign, no space
  size_t used = 0;
  unsigned long long n = 0;
  try {
    n = std::stoull(text, &used, base);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (used != text.size()) return std::nullopt;
  return n;
}

std::vector<std::string> platform_search_dirs(const char* env_value, const std::string& builtin) {
  std::vector<std::string> dirs;
  if (env_value && *env_value) {
    std::stringstream ss(env_value);
    std::string dir;
    while (std::getline(ss, dir, ':'))
      if (!dir.empty()) dirs.push_back(dir);
  }
  if (dirs.empty()) dirs.push_back(builtin);
  return dirs;
}

std::string decode_console_input(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 1 >= text.size())
      throw UsageError("--console-input: '" + text + "' ends with a lone backslash");
    const char c = text[++i];
    switch (c) {
    case 'n': out.push_back('\n'); break;
    case 'r': out.push_back('\r'); break;
    case 't': out.push_back('\t'); break;
    case 'e': out.push_back('\x1b'); break;
    case '\\': out.push_back('\\'); break;
    case 'x': {
      auto digit = [](char h) {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      const int hi = i + 1 < text.size() ? digit(text[i + 1]) : -1;
      const int lo = i + 2 < text.size() ? digit(text[i + 2]) : -1;
      if (hi < 0 || lo < 0)
        throw UsageError("--console-input: '\\x' at offset " + std::to_string(i - 1) +
                         " must be followed by two hex digits");
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
      break;
    }
    default:
      throw UsageError(std::string("--console-input: unknown escape '\\") + c + "' at offset " +
                       std::to_string(i - 1) + " (known: \\n \\r \\t \\e \\\\ \\xHH)");
    }
  }
  return out;
}

std::string help_text() {
  std::ostringstream os;
  os << "Usage: ppc64sim [options] [--firmware] IMAGE\n"
        "       ppc64sim [options] --dump-dtb FILE\n"
        "Runs ppc64 firmware on a simulated PAPR pseries board (XICS). The guest console is\n"
        "stdout; logs and errors go to stderr.\n\n"
     << generic_options() << "\n" << run_options()
     << "\nBoard settings, lowest precedence first: built-in defaults < platform file <\n"
        "--set KEY=VALUE (in order; a --config file's before the command line's) <\n"
        "--cores/--threads-per-core/--memory. Other options: command line beats --config.\n\n"
        "Exit status:\n"
        "  0   guest powered off (RTAS power-off), or --dump-dtb alone succeeded\n"
        "  1   bad usage, configuration or image (one \"ppc64sim: error:\" line on stderr)\n"
        "  2   instruction limit (--max-instructions) reached\n"
        "  3   all threads stopped and nothing can wake them\n"
        "  4   guest requested a reboot (RTAS system-reboot)\n"
        "  130 interrupted by Ctrl-C (SIGINT); traces are closed with reason=interrupted\n"
        "  70  internal error\n";
  return os.str();
}

Options parse_options(int argc, const char* const argv[],
                      const std::vector<std::string>& platform_dirs) {
  po::options_description all;
  all.add(generic_options()).add(run_options());
  po::positional_options_description positional;
  positional.add("firmware", 1);

  po::variables_map cli, file;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), cli);
    po::notify(cli);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }

  Options o;
  o.help = cli.count("help") > 0;
  o.version = cli.count("version") > 0;
  o.help_platform = cli.count("help-platform") > 0;
  if (o.help || o.version || o.help_platform) return o;

  if (cli.count("config")) {
    const std::string path = cli["config"].as<std::string>();
    std::error_code ec;
    std::ifstream in(path);
    if (std::filesystem::is_directory(path, ec) || !in)
      throw UsageError("cannot read config file '" + path + "': " +
                       (std::filesystem::is_directory(path, ec) ? "is a directory"
                                                                : std::strerror(errno)));
    try {
      po::store(po::parse_config_file(in, run_options()), file);
      po::notify(file);
    } catch (const po::error& e) {
      throw UsageError(path + ": " + e.what());
    }
  }

  if (auto v = pick(cli, file, "firmware")) o.firmware = v->as<std::string>();
  if (auto v = pick(cli, file, "dump-dtb")) o.dump_dtb = v->as<std::string>();
  if (auto v = pick(cli, file, "console-input"))
    o.console_input = decode_console_input(v->as<std::string>());
  if (auto v = pick(cli, file, "log-level")) {
    o.log_level = v->as<std::string>();
    bool ok = false;
    for (const char* l : log_levels) ok = ok || o.log_level == l;
    if (!ok)
      throw UsageError("--log-level: '" + o.log_level +
                       "' is not one of trace, debug, info, warn, error, off");
  }
  if (auto v = pick(cli, file, "max-instructions")) {
    const std::string text = v->as<std::string>();
    const auto n = parse_unsigned(text, 0);
    if (!n) throw UsageError("--max-instructions: '" + text + "' is not an unsigned number");
    o.max_instructions = *n;
  }
  if (auto v = pick(cli, file, "host-threads")) {
    const std::string text = v->as<std::string>();
    const auto n = parse_unsigned(text, 10);
    if (!n || *n < 1 || *n > 64)
      throw UsageError("--host-threads: '" + text + "' is not a number of host threads (1..64)");
    o.host_threads = static_cast<unsigned>(*n);
  }
  if (auto v = pick(cli, file, "checkpoint-at")) o.checkpoints = parse_checkpoint_at(v->as<std::vector<std::string>>());
  if (auto v = pick(cli, file, "restore")) o.restore = v->as<std::string>();
  read_trace_options([&](const char* name) { return pick(cli, file, name); }, o);
  o.debug = read_debug_options([&](const char* name) { return pick(cli, file, name); });
  if (o.firmware.empty() && o.dump_dtb.empty() && o.restore.empty())
    throw UsageError("no firmware image given (--firmware IMAGE or a positional IMAGE); "
                     "see --help");

  // Board: platform file, then --set, then dedicated flags.
  if (auto v = pick(cli, file, "platform")) {
    o.platform_file = platform::resolve_platform(v->as<std::string>(), platform_dirs);
  } else {
    try {
      o.platform_file = platform::resolve_platform("default", platform_dirs);
    } catch (const platform::ConfigError&) {
      // No default.cfg (e.g. an installed binary away from its tree): built-in defaults.
    }
  }
  if (!o.platform_file.empty()) platform::load_platform_file(o.platform_file, o.params);

  for (const po::variables_map* vm : {&file, &cli})
    if (vm->count("set"))
      for (const std::string& a : (*vm)["set"].as<std::vector<std::string>>())
        platform::apply_assignment(o.params, a, "--set");
  for (const char* flag : {"cores", "threads-per-core", "memory"})
    if (auto v = pick(cli, file, flag))
      platform::set_param(o.params, flag, v->as<std::string>(), std::string("--") + flag);
  if (auto v = pick(cli, file, "mode")) platform::set_param(o.params, "timing.mode", v->as<std::string>(), "--mode");

  o.board = platform::to_board_config(o.params);
  return o;
}

} // namespace ppc64sim::sim
