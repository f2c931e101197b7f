// The board parameter registry: defaults, platform files, --set overrides and the errors,
// which must name the file (or option), the key and the value.
#include "platforms/platform_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace pc = ppc64sim::platform;
namespace fs = std::filesystem;

namespace {

class TempFile {
public:
  explicit TempFile(const std::string& text, const std::string& suffix = ".cfg") {
    static int n = 0;
    path_ = (fs::temp_directory_path() /
             ("ppc64sim_pc_" + std::to_string(getpid()) + "_" + std::to_string(n++) + suffix))
                .string();
    std::ofstream(path_) << text;
  }
  ~TempFile() { fs::remove(path_); }
  const std::string& path() const { return path_; }

private:
  std::string path_;
};

// Runs `f`, expects a ConfigError whose message contains every one of `parts`.
template <typename F>
void expect_error(F f, std::initializer_list<std::string> parts) {
  try {
    f();
    FAIL() << "no ConfigError";
  } catch (const pc::ConfigError& e) {
    for (const auto& p : parts) EXPECT_NE(std::string(e.what()).find(p), std::string::npos)
        << "message '" << e.what() << "' lacks '" << p << "'";
  }
}

pc::BoardConfig from_text(const std::string& text) {
  TempFile f(text);
  pc::ParamMap m;
  pc::load_platform_file(f.path(), m);
  return pc::to_board_config(m);
}

} // namespace

TEST(PlatformConfig, EmptyMapGivesBoardConfigDefaults) {
  pc::BoardConfig c = pc::to_board_config({});
  pc::BoardConfig d;
  EXPECT_EQ(c.cores, d.cores);
  EXPECT_EQ(c.threads_per_core, d.threads_per_core);
  EXPECT_EQ(c.memory_mib, d.memory_mib);
  EXPECT_EQ(c.timebase_hz, 512'000'000u);  // QEMU's SPAPR_TIMEBASE_FREQ
  EXPECT_EQ(c.vty_reg, 0x71000000u);       // first VIO unit address in QEMU
  EXPECT_EQ(c.vty_irq, 0x1100u);           // first VIO source in QEMU
}

TEST(PlatformConfig, RegistryDefaultsMatchBoardConfig) {
  // Every documented default must be what an empty map produces.
  pc::ParamMap m;
  for (const auto& p : pc::parameters()) pc::set_param(m, p.key, p.default_value, "test");
  pc::BoardConfig a = pc::to_board_config(m), b;
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.cores, b.cores);
  EXPECT_EQ(a.threads_per_core, b.threads_per_core);
  EXPECT_EQ(a.memory_mib, b.memory_mib);
  EXPECT_EQ(a.cpu_clock_hz, b.cpu_clock_hz);
  EXPECT_EQ(a.timebase_hz, b.timebase_hz);
  EXPECT_EQ(a.quantum_ns, b.quantum_ns);
  EXPECT_EQ(a.vty_reg, b.vty_reg);
  EXPECT_EQ(a.vty_irq, b.vty_irq);
  EXPECT_EQ(a.rtc_epoch, b.rtc_epoch);
}

TEST(PlatformConfig, FileWithSectionsMapsEveryKey) {
  pc::BoardConfig c = from_text(
      "# comment\nname = tiny\ncores = 3\nthreads-per-core = 4\nmemory = 0x40\n"
      "quantum-ns = 250\n[cpu]\nclock-mhz = 1000\n[timebase]\nfrequency = 1000000\n"
      "[vty]\nreg = 0x30000000\nirq = 0x1234\n[rtc]\nepoch = 0\n");
  EXPECT_EQ(c.name, "tiny");
  EXPECT_EQ(c.cores, 3u);
  EXPECT_EQ(c.threads_per_core, 4u);
  EXPECT_EQ(c.thread_count(), 12u);
  EXPECT_EQ(c.memory_mib, 64u);
  EXPECT_EQ(c.memory_bytes(), 64ull << 20);
  EXPECT_EQ(c.quantum_ns, 250u);
  EXPECT_EQ(c.cpu_clock_hz, 1'000'000'000u);
  EXPECT_EQ(c.timebase_hz, 1'000'000u);
  EXPECT_EQ(c.vty_reg, 0x30000000u);
  EXPECT_EQ(c.vty_irq, 0x1234u);
  EXPECT_EQ(c.rtc_epoch, 0u);
}

TEST(PlatformConfig, SetOverridesFileAndLaterSetWins) {
  TempFile f("cores = 2\nmemory = 128\n");
  pc::ParamMap m;
  pc::load_platform_file(f.path(), m);
  pc::apply_assignment(m, "cores=8");
  pc::apply_assignment(m, " cores = 6 ");
  pc::apply_assignment(m, "vty.irq=0x1101");
  pc::BoardConfig c = pc::to_board_config(m);
  EXPECT_EQ(c.cores, 6u);
  EXPECT_EQ(c.memory_mib, 128u);
  EXPECT_EQ(c.vty_irq, 0x1101u);
  EXPECT_EQ(m.at("cores").origin, "--set");
  EXPECT_EQ(m.at("memory").origin, f.path());
}

TEST(PlatformConfig, UnknownKeyInFileNamesFileKeyAndValue) {
  TempFile f("cores = 2\nnosuch = 17\n");
  pc::ParamMap m;
  expect_error([&] { pc::load_platform_file(f.path(), m); }, {f.path(), "nosuch", "17"});
}

TEST(PlatformConfig, UnknownSectionKeyIsRejected) {
  TempFile f("[cpu]\nclock = 5\n");
  pc::ParamMap m;
  expect_error([&] { pc::load_platform_file(f.path(), m); }, {f.path(), "cpu.clock", "5"});
}

TEST(PlatformConfig, DuplicateKeyInFileIsRejected) {
  TempFile f("cores = 2\ncores = 3\n");
  pc::ParamMap m;
  expect_error([&] { pc::load_platform_file(f.path(), m); }, {f.path(), "cores", "twice"});
}

TEST(PlatformConfig, SyntaxErrorNamesFile) {
  TempFile f("cores 2\n");
  pc::ParamMap m;
  expect_error([&] { pc::load_platform_file(f.path(), m); }, {f.path()});
}

TEST(PlatformConfig, MissingFileNamesFile) {
  pc::ParamMap m;
  expect_error([&] { pc::load_platform_file("/nonexistent/x.cfg", m); },
               {"/nonexistent/x.cfg", "No such file"});
}

TEST(PlatformConfig, DirectoryIsNotAFile) {
  pc::ParamMap m;
  expect_error([&] { pc::load_platform_file("/tmp", m); }, {"/tmp", "directory"});
}

TEST(PlatformConfig, UnknownSetKey) {
  pc::ParamMap m;
  expect_error([&] { pc::apply_assignment(m, "nosuch=1"); }, {"--set", "nosuch", "1"});
}

TEST(PlatformConfig, MalformedSet) {
  pc::ParamMap m;
  expect_error([&] { pc::apply_assignment(m, "cores"); }, {"--set", "cores", "key=value"});
  expect_error([&] { pc::apply_assignment(m, "=4"); }, {"--set", "=4"});
}

TEST(PlatformConfig, BadNumbers) {
  for (const char* bad : {"two", "-1", "4x", "", "0x", "1.5", "99999999999999999999999"}) {
    TempFile f(std::string("cores = ") + bad + "\n");
    pc::ParamMap m;
    pc::load_platform_file(f.path(), m);
    expect_error([&] { pc::to_board_config(m); }, {f.path(), "cores", std::string("'") + bad + "'"});
  }
}

TEST(PlatformConfig, RangesAreEnforced) {
  struct Case { const char* key; const char* value; };
  for (Case c : {Case{"cores", "0"}, Case{"cores", "65"}, Case{"threads-per-core", "3"},
                 Case{"threads-per-core", "16"}, Case{"threads-per-core", "0"},
                 Case{"memory", "15"}, Case{"memory", "65537"}, Case{"vty.reg", "0"},
                 Case{"vty.irq", "0xfff"}, Case{"vty.irq", "0x2000"},
                 Case{"cpu.clock-mhz", "0"}, Case{"cpu.clock-mhz", "5000"},
                 Case{"timebase.frequency", "0x100000000"}, Case{"quantum-ns", "0"},
                 Case{"name", "has space"}}) {
    pc::ParamMap m;
    pc::set_param(m, c.key, c.value, "--set");
    expect_error([&] { pc::to_board_config(m); }, {"--set", c.key, c.value});
  }
}

TEST(PlatformConfig, RangeLimitsAreAccepted) {
  for (const char* t : {"1", "2", "4", "8"}) {
    pc::ParamMap m;
    pc::set_param(m, "threads-per-core", t, "test");
    EXPECT_EQ(pc::to_board_config(m).threads_per_core, std::stoul(t));
  }
  pc::ParamMap m;
  pc::set_param(m, "cores", "32", "a.cfg");
  pc::set_param(m, "threads-per-core", "8", "--set");
  pc::set_param(m, "memory", "16", "test");
  EXPECT_EQ(pc::to_board_config(m).thread_count(), 256u);
}

TEST(PlatformConfig, TotalThreadLimitNamesBothOrigins) {
  pc::ParamMap m;
  pc::set_param(m, "cores", "64", "big.cfg");
  pc::set_param(m, "threads-per-core", "8", "--threads-per-core");
  expect_error([&] { pc::to_board_config(m); }, {"64", "big.cfg", "8", "--threads-per-core", "512"});
}

namespace {
// Host-speed switches: on by default, on or off, anything else an error naming origin and key.
void expect_on_off_switch(const std::string& key, bool pc::BoardConfig::*field) {
  pc::ParamMap m;
  EXPECT_TRUE(pc::to_board_config(m).*field) << key;
  pc::set_param(m, key, "off", "--set");
  EXPECT_FALSE(pc::to_board_config(m).*field) << key;
  pc::set_param(m, key, "yes", "board.cfg");
  expect_error([&] { pc::to_board_config(m); }, {"board.cfg", key, "'yes'", "on or off"});
}
} // namespace

TEST(PlatformConfig, ChainPassesIsOnOrOff) {
  expect_on_off_switch("timing.chain-passes", &pc::BoardConfig::chain_passes);
}

TEST(PlatformConfig, SoloStoresIsOnOrOff) {
  expect_on_off_switch("timing.solo-stores", &pc::BoardConfig::solo_stores);
}

TEST(PlatformConfig, SoloPassesIsOnOrOff) {
  expect_on_off_switch("timing.solo-passes", &pc::BoardConfig::solo_passes);
}

TEST(PlatformConfig, SmtTurnsNoLongerThanAThreadTakesToReachAnother) {
  // Windows end at multiples of K and are no longer than the soonest cross-thread effect:
  // the store visibility (64) by default, or a shorter fabric latency (20 ns = 40 cycles).
  pc::ParamMap m;
  pc::set_param(m, "timing.mode", "cycle", "--set");
  pc::set_param(m, "timing.smt-turn-cycles", "64", "--set");
  EXPECT_EQ(pc::to_board_config(m).timing.smt_turn_cycles, 64u);
  pc::set_param(m, "timing.smt-turn-cycles", "65", "--set");
  expect_error([&] { pc::to_board_config(m); }, {"--set", "timing.smt-turn-cycles", "'65'", "64 cycles"});
  pc::set_param(m, "timing.smt-turn-cycles", "48", "turns.cfg");
  pc::set_param(m, "xics.latency.present", "20", "--set");
  expect_error([&] { pc::to_board_config(m); }, {"turns.cfg", "timing.smt-turn-cycles", "'48'", "40 cycles"});
  // Fast mode and one-thread cores have no SMT order to coarsen: nothing to check.
  pc::set_param(m, "threads-per-core", "1", "--set");
  EXPECT_EQ(pc::to_board_config(m).timing.smt_turn_cycles, 48u);
  pc::set_param(m, "timing.smt-turn-cycles", "0", "--set");
  expect_error([&] { pc::to_board_config(m); }, {"timing.smt-turn-cycles", "'0'"});
  pc::set_param(m, "timing.smt-turn-cycles", "4097", "--set");
  expect_error([&] { pc::to_board_config(m); }, {"timing.smt-turn-cycles", "'4097'"});
}

TEST(PlatformConfig, ShippedPlatformFiles) {
  std::vector<std::string> dirs{PPC64SIM_PLATFORM_DIR};
  auto load = [&](const char* name) {
    pc::ParamMap m;
    pc::load_platform_file(pc::resolve_platform(name, dirs), m);
    return pc::to_board_config(m);
  };
  pc::BoardConfig d = load("default");
  EXPECT_EQ(d.cores, 4u);
  EXPECT_EQ(d.threads_per_core, 2u);
  EXPECT_EQ(d.memory_mib, 256u);
  pc::BoardConfig s = load("smp1");
  EXPECT_EQ(s.thread_count(), 1u);
  pc::BoardConfig b = load("big");
  EXPECT_EQ(b.cores, 16u);
  EXPECT_EQ(b.threads_per_core, 4u);
}

TEST(PlatformConfig, ResolvePlatform) {
  std::vector<std::string> dirs{"/nonexistent-dir", PPC64SIM_PLATFORM_DIR};
  EXPECT_EQ(pc::resolve_platform("smp1", dirs), std::string(PPC64SIM_PLATFORM_DIR) + "/smp1.cfg");
  TempFile f("cores = 1\n");
  EXPECT_EQ(pc::resolve_platform(f.path(), dirs), f.path());  // an existing path wins
  expect_error([&] { pc::resolve_platform("nosuchboard", dirs); },
               {"nosuchboard", "default", "smp1"});
  expect_error([&] { pc::resolve_platform("./missing.cfg", dirs); }, {"./missing.cfg"});
}

TEST(PlatformConfig, HelpListsEveryKey) {
  std::string help = pc::parameters_help();
  for (const auto& p : pc::parameters()) EXPECT_NE(help.find(p.key), std::string::npos) << p.key;
}

// XICS and interrupt-generator keys (xics-spec.md 2.11; models/devices/irq_generator.md).
TEST(PlatformConfig, XicsAndIrqGenDefaults) {
  pc::BoardConfig c = pc::to_board_config({});
  EXPECT_EQ(c.xics_flavour, ppc64sim::intc::Flavour::qemu); // QEMU TCG is the reference
  EXPECT_EQ(c.xics_latency_present_ns, 0u);                // 0 = synchronous, QEMU-exact
  EXPECT_EQ(c.xics_latency_resend_ns, 0u);
  EXPECT_EQ(c.irqgen_first_source, 0x1200u);
  EXPECT_GE(c.irqgen_base, uint64_t{65536} << 20);         // above the largest RAM
  EXPECT_LT(c.irqgen_base, uint64_t{1} << 60);             // QEMU drops the top 4 bits
  EXPECT_TRUE(c.irqgen_auto.empty());
}

TEST(PlatformConfig, XicsAndIrqGenKeysFromAFile) {
  pc::BoardConfig c = from_text(
      "[xics]\nflavour = kvm\nlatency.present = 25\nlatency.eoi = 7\n"
      "[irqgen]\nbase = 0x300000000000\ncount = 3\nfirst-source = 0x1300\ntypes = lsi,2*msi\n"
      "seed = 99\nauto = 0x1301:periodic:1us,0x1302:random:5us\n");
  EXPECT_EQ(c.xics_flavour, ppc64sim::intc::Flavour::kvm);
  EXPECT_EQ(c.xics_latency_present_ns, 25u);
  EXPECT_EQ(c.xics_latency_eoi_ns, 7u);
  EXPECT_EQ(c.irqgen_base, 0x300000000000u);
  EXPECT_EQ(c.irqgen_count, 3u);
  EXPECT_EQ(c.irqgen_types, "lsi,2*msi");
  EXPECT_EQ(c.irqgen_seed, 99u);
  EXPECT_EQ(c.irqgen_auto, "0x1301:periodic:1us,0x1302:random:5us");
}

TEST(PlatformConfig, XicsAndIrqGenErrorsNameKeyAndValue) {
  auto with = [](std::initializer_list<std::pair<const char*, const char*>> kv) {
    pc::ParamMap m;
    for (auto& [k, v] : kv) pc::set_param(m, k, v, "--set");
    return pc::to_board_config(m);
  };
  expect_error([&] { with({{"xics.flavour", "xive"}}); },
               {"--set", "'xics.flavour'", "'xive'", "qemu or kvm"});
  expect_error([&] { with({{"irqgen.types", "lsi,edge"}}); }, {"'irqgen.types'", "'edge'"});
  expect_error([&] { with({{"irqgen.auto", "0x1200:periodic:0"}}); },
               {"'irqgen.auto'", "period must be > 0"});
  expect_error([&] { with({{"irqgen.auto", "0x1100:periodic:10"}}); },
               {"'irqgen.auto'", "0x1100 is not one of the generator's sources"});
  // The vty's 0x1100 inside the generator's block.
  expect_error([&] { with({{"irqgen.first-source", "0x10fe"}}); },
               {"'irqgen.first-source'", "'0x10fe'", "vty.irq = 0x1100"});
  expect_error([&] { with({{"irqgen.first-source", "0x1ffe"}}); }, {"past the ICS's last source 0x1fff"});
  expect_error([&] { with({{"irqgen.base", "0x200000000800"}}); }, {"'irqgen.base'", "4 KiB aligned"});
  expect_error([&] { with({{"irqgen.base", "0x1000"}}); }, {"'irqgen.base'", "overlaps RAM"});
  expect_error([&] { with({{"irqgen.count", "241"}}); }, {"'irqgen.count'", "out of range 0..240"});
  expect_error([&] { with({{"xics.latency.reject", "-1"}}); }, {"'xics.latency.reject'"});
  // No generator: its other keys are not checked against the source space.
  EXPECT_EQ(with({{"irqgen.count", "0"}, {"irqgen.first-source", "0x1ffe"}}).irqgen_count, 0u);
}
