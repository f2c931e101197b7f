// Command-line parsing and the documented precedence:
// defaults < platform file < --set < --cores/--threads-per-core/--memory.
#include "sim/options.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using ppc64sim::platform::ConfigError;
using ppc64sim::sim::Options;
using ppc64sim::sim::parse_options;
using ppc64sim::sim::platform_search_dirs;
using ppc64sim::sim::UsageError;

namespace {

const std::vector<std::string> dirs{PPC64SIM_PLATFORM_DIR};

Options parse(std::vector<std::string> args) {
  args.insert(args.begin(), "ppc64sim");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  return parse_options(static_cast<int>(argv.size()), argv.data(), dirs);
}

class TempFile {
public:
  explicit TempFile(const std::string& text) {
    static int n = 0;
    path_ = (fs::temp_directory_path() /
             ("ppc64sim_opt_" + std::to_string(getpid()) + "_" + std::to_string(n++) + ".cfg"))
                .string();
    std::ofstream(path_) << text;
  }
  ~TempFile() { fs::remove(path_); }
  const std::string& path() const { return path_; }

private:
  std::string path_;
};

template <typename E, typename F>
std::string error_of(F f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "<no error>";
}

} // namespace

TEST(Options, DefaultPlatformFileIsUsed) {
  Options o = parse({"fw.bin"});
  EXPECT_EQ(o.firmware, "fw.bin");
  EXPECT_EQ(o.platform_file, std::string(PPC64SIM_PLATFORM_DIR) + "/default.cfg");
  EXPECT_EQ(o.board.cores, 4u);
  EXPECT_EQ(o.board.threads_per_core, 2u);
  EXPECT_EQ(o.max_instructions, 0u);
  EXPECT_EQ(o.log_level, "info");
}

TEST(Options, PrecedenceFileThenSetThenFlags) {
  Options o = parse({"--platform", "big", "--set", "cores=3", "--set", "memory=64",
                     "--cores", "5", "-f", "fw.bin"});
  EXPECT_EQ(o.board.cores, 5u);             // flag beats --set and file
  EXPECT_EQ(o.board.memory_mib, 64u);       // --set beats file
  EXPECT_EQ(o.board.threads_per_core, 4u);  // file (big.cfg)
  EXPECT_EQ(o.params.at("cores").origin, "--cores");
  EXPECT_EQ(o.params.at("memory").origin, "--set");
}

TEST(Options, RunOptions) {
  Options o = parse({"--firmware", "a.elf", "--max-instructions", "1000", "--log-level", "debug",
                     "--dump-dtb", "x.dtb", "--threads-per-core", "8", "--memory", "512"});
  EXPECT_EQ(o.max_instructions, 1000u);
  EXPECT_EQ(o.log_level, "debug");
  EXPECT_EQ(o.dump_dtb, "x.dtb");
  EXPECT_EQ(o.board.threads_per_core, 8u);
  EXPECT_EQ(o.board.memory_mib, 512u);
}

TEST(Options, ConfigFileGivesSameOptionsCommandLineWins) {
  TempFile cfg("firmware = from-config.bin\nplatform = smp1\nset = memory=128\n"
               "set = cores=2\nmax-instructions = 77\nlog-level = warn\n");
  Options o = parse({"--config", cfg.path(), "--set", "cores=6", "--log-level", "error"});
  EXPECT_EQ(o.firmware, "from-config.bin");
  EXPECT_EQ(o.board.memory_mib, 128u);
  EXPECT_EQ(o.board.cores, 6u);  // command-line --set after the config file's
  EXPECT_EQ(o.board.threads_per_core, 1u);
  EXPECT_EQ(o.max_instructions, 77u);
  EXPECT_EQ(o.log_level, "error");
}

TEST(Options, DumpDtbAloneIsEnough) {
  Options o = parse({"--dump-dtb", "x.dtb"});
  EXPECT_TRUE(o.firmware.empty());
  EXPECT_EQ(o.dump_dtb, "x.dtb");
}

TEST(Options, HelpAndVersionStopEarly) {
  EXPECT_TRUE(parse({"--help"}).help);
  EXPECT_TRUE(parse({"--version"}).version);
  EXPECT_TRUE(parse({"--help-platform"}).help_platform);
}

TEST(Options, Errors) {
  EXPECT_NE(error_of<UsageError>([] { parse({}); }).find("no firmware"), std::string::npos);
  EXPECT_NE(error_of<UsageError>([] { parse({"--bogus", "fw"}); }).find("bogus"),
            std::string::npos);
  EXPECT_NE(error_of<UsageError>([] { parse({"fw", "--log-level", "loud"}); }).find("loud"),
            std::string::npos);
  EXPECT_NE(error_of<UsageError>([] { parse({"fw", "--max-instructions", "12x"}); }).find("12x"),
            std::string::npos);
  EXPECT_NE(error_of<UsageError>([] { parse({"fw", "--max-instructions", "-5"}); }).find("-5"),
            std::string::npos);
  EXPECT_NE(error_of<UsageError>([] { parse({"fw", "--config", "/nonexistent.cfg"}); })
                .find("/nonexistent.cfg"),
            std::string::npos);
  std::string m = error_of<ConfigError>([] { parse({"fw", "--cores", "0"}); });
  EXPECT_NE(m.find("--cores"), std::string::npos) << m;
  EXPECT_NE(m.find("'0'"), std::string::npos) << m;
  m = error_of<ConfigError>([] { parse({"fw", "--set", "nosuch=1"}); });
  EXPECT_NE(m.find("nosuch"), std::string::npos) << m;
  m = error_of<ConfigError>([] { parse({"fw", "--platform", "nosuchboard"}); });
  EXPECT_NE(m.find("nosuchboard"), std::string::npos) << m;
}

TEST(Options, ConfigFileErrorsNameTheFile) {
  TempFile cfg("nosuch-option = 1\n");
  std::string m = error_of<UsageError>([&] { parse({"fw", "--config", cfg.path()}); });
  EXPECT_NE(m.find(cfg.path()), std::string::npos) << m;
  EXPECT_NE(m.find("nosuch-option"), std::string::npos) << m;
}

TEST(Options, PlatformSearchDirsFromEnvironment) {
  EXPECT_EQ(platform_search_dirs(nullptr, "/builtin"), std::vector<std::string>{"/builtin"});
  EXPECT_EQ(platform_search_dirs("", "/builtin"), std::vector<std::string>{"/builtin"});
  EXPECT_EQ(platform_search_dirs("/a:/b", "/builtin"), (std::vector<std::string>{"/a", "/b"}));
}
