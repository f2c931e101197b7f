// The checkpoint container and section encodings (platforms/CHECKPOINT.md): byte layout,
// CRC-32, round trips of every section, the board fingerprint, and every refusal the reader
// promises (each error names the file and the problem). No SystemC kernel runs here.
#include "platforms/board_config_text.h"
#include "platforms/checkpoint_file.h"
#include "platforms/checkpoint_sections.h"
#include "platforms/platform_config.h"

#include "models/cpu/reservation_monitor.h"
#include "models/devices/vty.h"
#include "models/hyp/rtc.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <unistd.h>

using namespace ppc64sim;
using namespace ppc64sim::platform;
namespace ck = ppc64sim::platform::checkpoint;

namespace {

std::string temp_path(const std::string& name) {
  return testing::TempDir() + "ckpt_" + std::to_string(::getpid()) + "_" + name;
}

CheckpointHeader sample_header() {
  CheckpointHeader h;
  h.simulator_version = "9.8.7";
  h.platform = board_config_text(BoardConfig{});
  h.time_ps = 123456789012ull;
  h.cycle = 246913578ull;
  return h;
}

std::vector<CheckpointSection> sample_sections() {
  return {{"alpha", {1, 2, 3, 4, 5}}, {"beta", {}}, {"gamma", std::vector<uint8_t>(300, 0xA5)}};
}

// The error text of parsing `bytes`, or "" when it parses.
std::string parse_error(const std::vector<uint8_t>& bytes, const std::string& path = "test.ckpt") {
  try {
    CheckpointFile::parse(bytes, path);
  } catch (const CheckpointError& e) {
    return e.what();
  }
  return "";
}

// Offset of a section's first data byte in the encoded file (found by its tag).
size_t data_offset(const std::vector<uint8_t>& file, const std::string& tag) {
  for (size_t i = 2; i + tag.size() <= file.size(); ++i)
    if (file[i - 2] == 0 && file[i - 1] == tag.size() && std::memcmp(&file[i], tag.data(), tag.size()) == 0)
      return i + tag.size() + 8;
  ADD_FAILURE() << "tag " << tag << " not found";
  return 0;
}

} // namespace

// ---- primitives

TEST(CheckpointCrc, StandardCheckValue) {
  // The published check value of CRC-32 (ISO-HDLC / zlib) over the ASCII digits 1..9.
  const char* s = "123456789";
  EXPECT_EQ(crc32(reinterpret_cast<const uint8_t*>(s), 9), 0xCBF43926u);
  EXPECT_EQ(crc32(nullptr, 0), 0u);
  // Continuing over a split gives the same as one pass.
  const uint32_t first = crc32(reinterpret_cast<const uint8_t*>(s), 4);
  EXPECT_EQ(crc32(reinterpret_cast<const uint8_t*>(s) + 4, 5, first), 0xCBF43926u);
}

TEST(CheckpointBytes, BigEndianWhateverTheHost) {
  ByteWriter w;
  w.u16(0x0102);
  w.u32(0x03040506);
  w.u64(0x0708090A0B0C0D0Eull);
  w.i64(-2);
  w.text("ab");
  const std::vector<uint8_t> expect = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
                                       0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
                                       0, 0, 0, 2, 'a', 'b'};
  EXPECT_EQ(w.data(), expect);
  ByteReader r(expect.data(), expect.size(), "x");
  EXPECT_EQ(r.u16(), 0x0102);
  EXPECT_EQ(r.u32(), 0x03040506u);
  EXPECT_EQ(r.u64(), 0x0708090A0B0C0D0Eull);
  EXPECT_EQ(r.i64(), -2);
  EXPECT_EQ(r.text(), "ab");
  r.expect_end();
  try {
    r.u8();
    FAIL() << "read past the end";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("x: truncated at byte 28"), std::string::npos) << e.what();
  }
}

TEST(CheckpointFileLayout, MagicVersionThenHeader) {
  const std::vector<uint8_t> f = encode_checkpoint(sample_header(), sample_sections());
  ASSERT_GE(f.size(), 16u);
  EXPECT_EQ(std::string(f.begin(), f.begin() + 8), "PPC64CKP");
  EXPECT_EQ(std::vector<uint8_t>(f.begin() + 8, f.begin() + 12), (std::vector<uint8_t>{0, 0, 0, 4}));
  // The first section "alpha": u16 tag length, tag, u64 length 5, data, CRC over all of it.
  const size_t d = data_offset(f, "alpha");
  EXPECT_EQ(f[d - 1], 5);
  EXPECT_EQ(std::vector<uint8_t>(f.begin() + d, f.begin() + d + 5), (std::vector<uint8_t>{1, 2, 3, 4, 5}));
  const size_t start = d - 8 - 5 - 2;
  const uint32_t crc = crc32(&f[start], d + 5 - start);
  EXPECT_EQ(f[d + 5], crc >> 24);
  EXPECT_EQ(f[d + 8], crc & 0xFF);
}

TEST(CheckpointFileLayout, RoundTripThroughAFile) {
  const std::string path = temp_path("roundtrip");
  write_checkpoint(path, sample_header(), sample_sections());
  const CheckpointFile f = CheckpointFile::read(path);
  EXPECT_EQ(f.header().simulator_version, "9.8.7");
  EXPECT_EQ(f.header().time_ps, 123456789012ull);
  EXPECT_EQ(f.header().cycle, 246913578ull);
  EXPECT_EQ(f.header().platform, board_config_text(BoardConfig{}));
  EXPECT_EQ(f.tags(), (std::vector<std::string>{"alpha", "beta", "gamma"}));
  ByteReader a = f.section("alpha");
  EXPECT_EQ(a.left(), 5u);
  EXPECT_EQ(f.section("gamma").left(), 300u);
  EXPECT_EQ(f.section("beta").left(), 0u);
  EXPECT_NO_THROW(f.check_platform(board_config_text(BoardConfig{})));
  EXPECT_FALSE(std::ifstream(path + ".tmp").good()); // the temporary was renamed away
  std::remove(path.c_str());
}

// ---- refusals

TEST(CheckpointRefusal, RandomBytesAreNotACheckpoint) {
  std::mt19937 gen(7);
  std::vector<uint8_t> junk(4096);
  for (auto& b : junk) b = static_cast<uint8_t>(gen());
  const std::string e = parse_error(junk, "junk.bin");
  EXPECT_NE(e.find("checkpoint junk.bin: not a ppc64sim checkpoint"), std::string::npos) << e;
  EXPECT_NE(parse_error({'#', '!', '/', 'b'}).find("not a ppc64sim checkpoint"), std::string::npos);
}

TEST(CheckpointRefusal, TruncatedAtEveryInterestingLength) {
  const std::vector<uint8_t> f = encode_checkpoint(sample_header(), sample_sections());
  const size_t alpha = data_offset(f, "alpha");
  const size_t gamma = data_offset(f, "gamma");
  for (size_t len : {size_t{0}, size_t{3}, size_t{8}, size_t{11}, size_t{14}, size_t{40}, alpha - 10, alpha - 1,
                     alpha + 2, gamma - 8, gamma + 150, f.size() - 4, f.size() - 1}) {
    const std::string e = parse_error(std::vector<uint8_t>(f.begin(), f.begin() + static_cast<long>(len)));
    EXPECT_NE(e.find("checkpoint test.ckpt: truncated"), std::string::npos) << "length " << len << ": " << e;
  }
  // Cut inside a section's data: the message names the section.
  const std::string e = parse_error(std::vector<uint8_t>(f.begin(), f.begin() + static_cast<long>(gamma + 150)));
  EXPECT_NE(e.find("section 'gamma'"), std::string::npos) << e;
}

TEST(CheckpointRefusal, FlippedByteNamesTheSection) {
  std::vector<uint8_t> f = encode_checkpoint(sample_header(), sample_sections());
  f[data_offset(f, "gamma") + 77] ^= 0x10;
  EXPECT_EQ(parse_error(f), "checkpoint test.ckpt: section 'gamma': CRC mismatch (corrupt data)");
  std::vector<uint8_t> g = encode_checkpoint(sample_header(), sample_sections());
  g[data_offset(g, "alpha") + 2] ^= 0x01;
  EXPECT_EQ(parse_error(g), "checkpoint test.ckpt: section 'alpha': CRC mismatch (corrupt data)");
  std::vector<uint8_t> h = encode_checkpoint(sample_header(), sample_sections());
  h[30] ^= 0x01; // inside the header (the simulator version / platform keys)
  EXPECT_EQ(parse_error(h), "checkpoint test.ckpt: header CRC mismatch (corrupt header)");
}

TEST(CheckpointRefusal, OtherFormatVersion) {
  std::vector<uint8_t> f = encode_checkpoint(sample_header(), sample_sections());
  f[11] = 2; // version is the big-endian u32 at offset 8 (2: before per-core L2 views)
  EXPECT_EQ(parse_error(f), "checkpoint test.ckpt: format version 2, this simulator reads versions 3 to 4");
  CheckpointHeader old = sample_header();
  old.format_version = 0x01000000;
  EXPECT_EQ(parse_error(encode_checkpoint(old, {})),
            "checkpoint test.ckpt: format version 16777216, this simulator reads versions 3 to 4");
}

// Version 4 only added what version 3 files never hold (fabric queries): those still read.
TEST(CheckpointRefusal, PreviousFormatVersionIsRead) {
  CheckpointHeader v3 = sample_header();
  v3.format_version = 3;
  EXPECT_EQ(parse_error(encode_checkpoint(v3, sample_sections())), "");
}

TEST(CheckpointRefusal, OtherPlatformNamesTheFirstDifferingKey) {
  const CheckpointFile f = CheckpointFile::parse(encode_checkpoint(sample_header(), {}), "a.ckpt");
  BoardConfig other;
  other.threads_per_core = 4;
  other.memory_mib = 512; // later key: the first difference is reported
  try {
    f.check_platform(board_config_text(other));
    FAIL() << "accepted another platform";
  } catch (const CheckpointError& e) {
    EXPECT_STREQ(e.what(), "checkpoint a.ckpt: saved on another platform: key 'threads-per-core' is '2' in the "
                           "checkpoint, '4' on this board");
  }
  PlatformFingerprint fewer = board_config_text(BoardConfig{});
  fewer.pop_back();
  try {
    f.check_platform(fewer);
    FAIL();
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("key 'irqgen.auto' is in the checkpoint, not on this board"),
              std::string::npos)
        << e.what();
  }
}

TEST(CheckpointRefusal, MissingFileAndMissingSection) {
  try {
    CheckpointFile::read("/nonexistent/dir/x.ckpt");
    FAIL();
  } catch (const CheckpointError& e) {
    EXPECT_STREQ(e.what(), "checkpoint /nonexistent/dir/x.ckpt: cannot open: No such file or directory");
  }
  const CheckpointFile f = CheckpointFile::parse(encode_checkpoint(sample_header(), sample_sections()), "m.ckpt");
  try {
    f.section("xics");
    FAIL();
  } catch (const CheckpointError& e) {
    EXPECT_STREQ(e.what(), "checkpoint m.ckpt: missing section 'xics'");
  }
}

TEST(CheckpointRefusal, BadSizes) {
  std::vector<uint8_t> f = encode_checkpoint(sample_header(), sample_sections());
  f.push_back(0);
  EXPECT_EQ(parse_error(f), "checkpoint test.ckpt: 1 unexpected bytes after the last section (bad size)");
  // A section whose data has a trailing byte its decoder does not expect.
  std::vector<uint8_t> vty = ck::encode_vty({"ab", ""});
  vty.push_back(9);
  const CheckpointFile g = CheckpointFile::parse(encode_checkpoint(sample_header(), {{"vty", vty}}), "s.ckpt");
  ByteReader r = g.section("vty");
  try {
    ck::decode_vty(r);
    FAIL();
  } catch (const CheckpointError& e) {
    EXPECT_STREQ(e.what(), "checkpoint s.ckpt: section 'vty': 1 unexpected bytes at byte 10 (bad size)");
  }
  // A count larger than the section can hold never allocates.
  ByteWriter w;
  w.u32(0xFFFFFFFF);
  ByteReader big(w.data().data(), w.data().size(), "t");
  EXPECT_THROW(ck::decode_threads(big), CheckpointError);
  EXPECT_THROW(CheckpointFile::parse(encode_checkpoint(sample_header(), {{"a", {}}, {"a", {}}}), "d"), CheckpointError);
}

// ---- the board fingerprint

TEST(BoardConfigText, EveryRegistryKeyInOrderWithItsDefault) {
  const auto text = board_config_text(BoardConfig{});
  const auto& params = parameters();
  ASSERT_EQ(text.size(), params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    EXPECT_EQ(text[i].first, params[i].key);
    EXPECT_EQ(text[i].second, params[i].default_value) << params[i].key;
  }
}

TEST(BoardConfigText, ParsesBackToTheSameConfig) {
  ParamMap in;
  set_param(in, "cores", "3", "t");
  set_param(in, "threads-per-core", "4", "t");
  set_param(in, "memory", "512", "t");
  set_param(in, "vty.irq", "0x1105", "t");
  set_param(in, "xics.flavour", "kvm", "t");
  set_param(in, "xics.latency.eoi", "70", "t");
  set_param(in, "irqgen.auto", "0x1200:periodic:1000", "t");
  const BoardConfig c = to_board_config(in);
  ParamMap back;
  for (const auto& [k, v] : board_config_text(c)) set_param(back, k, v, "t");
  EXPECT_EQ(board_config_text(to_board_config(back)), board_config_text(c));
  EXPECT_EQ(to_board_config(back).thread_count(), 12u);
}

// ---- section round trips

TEST(CheckpointSections, ThreadsEveryField) {
  cpu::ThreadState s;
  uint64_t v = 0x1000;
  for (auto& g : s.gpr) g = ++v;
  s.pc = ++v, s.msr = ++v, s.cr = 0x12345678, s.xer = ++v, s.lr = ++v, s.ctr = ++v, s.srr0 = ++v, s.srr1 = ++v;
  for (auto& g : s.sprg) g = ++v;
  s.dar = ++v, s.dsisr = 0x87654321, s.cfar = ++v, s.ppr = ++v, s.ctrl = 0xC0, s.dscr = ++v, s.lpcr = ++v;
  s.dec = ++v, s.dec_tb = ++v, s.dec_edge = ++v, s.dec_requested = true, s.pir = 1, s.pvr = 0x004e1202;
  s.run_state = cpu::RunState::ceded, s.prod = true, s.checkstop = true;
  cpu::ThreadState other; // defaults
  other.pir = 2;
  const std::vector<uint8_t> bytes = ck::encode_threads({s, other});
  EXPECT_EQ(bytes.size(), 4 + 2 * ck::kThreadBytes);
  ByteReader r(bytes.data(), bytes.size(), "t");
  const auto back = ck::decode_threads(r);
  ASSERT_EQ(back.size(), 2u);
  const cpu::ThreadState& b = back[0];
  for (int i = 0; i < 32; ++i) EXPECT_EQ(b.gpr[i], s.gpr[i]);
  EXPECT_EQ(b.pc, s.pc);
  EXPECT_EQ(b.msr, s.msr);
  EXPECT_EQ(b.cr, s.cr);
  EXPECT_EQ(b.xer, s.xer);
  EXPECT_EQ(b.lr, s.lr);
  EXPECT_EQ(b.ctr, s.ctr);
  EXPECT_EQ(b.srr0, s.srr0);
  EXPECT_EQ(b.srr1, s.srr1);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(b.sprg[i], s.sprg[i]);
  EXPECT_EQ(b.dar, s.dar);
  EXPECT_EQ(b.dsisr, s.dsisr);
  EXPECT_EQ(b.cfar, s.cfar);
  EXPECT_EQ(b.ppr, s.ppr);
  EXPECT_EQ(b.ctrl, s.ctrl);
  EXPECT_EQ(b.dscr, s.dscr);
  EXPECT_EQ(b.lpcr, s.lpcr);
  EXPECT_EQ(b.dec, s.dec);
  EXPECT_EQ(b.dec_tb, s.dec_tb);
  EXPECT_EQ(b.dec_edge, s.dec_edge);
  EXPECT_TRUE(b.dec_requested);
  EXPECT_EQ(b.pir, 1u);
  EXPECT_EQ(b.pvr, 0x004e1202u);
  EXPECT_EQ(b.run_state, cpu::RunState::ceded);
  EXPECT_TRUE(b.prod);
  EXPECT_TRUE(b.checkstop);
  // Reset values survive too (dec all ones, dec_edge 2^32, ppr medium: thread_state.h).
  EXPECT_EQ(back[1].dec, 0xffffffffull);
  EXPECT_EQ(back[1].dec_edge, 1ull << 32);
  EXPECT_EQ(back[1].ppr, 0x0010000000000000ull);
  EXPECT_EQ(back[1].run_state, cpu::RunState::stopped);

  std::vector<uint8_t> bad = bytes;
  bad[4 + ck::kThreadBytes - 3] = 7; // run_state of thread 0
  ByteReader rb(bad.data(), bad.size(), "t");
  EXPECT_THROW(ck::decode_threads(rb), CheckpointError);
}

TEST(CheckpointSections, RamKeepsOnlyNonZeroPages) {
  const uint64_t size = 64 * ck::kPageBytes;
  std::vector<uint8_t> ram(size, 0);
  ram[5] = 1;                          // page 0
  ram[17 * ck::kPageBytes + 4095] = 2; // page 17, last byte
  ram[63 * ck::kPageBytes] = 3;        // last page
  const std::vector<uint8_t> bytes = ck::encode_ram(ram.data(), size);
  // 8 (size) + 4 (page size) + 4 (count) + 3 pages of (8 + 4096).
  EXPECT_EQ(bytes.size(), 16 + 3 * (8 + ck::kPageBytes));
  ByteReader r(bytes.data(), bytes.size(), "ram");
  const ck::RamImage img = ck::decode_ram(r);
  EXPECT_EQ(img.memory_bytes, size);
  ASSERT_EQ(img.pages.size(), 3u);
  EXPECT_EQ(img.pages[1].first, 17 * ck::kPageBytes);
  std::vector<uint8_t> target(size, 0);
  target[30 * ck::kPageBytes + 9] = 0x55; // stale data where the saved RAM was zero
  ck::apply_ram(img, target.data(), size);
  EXPECT_EQ(target, ram);
}

TEST(CheckpointSections, XicsFabricReservationsIrqgenVtyHypervisorRunControl) {
  ck::XicsSnapshot x;
  x.sources = {{0x1000, {0xFF00000000ull | (1ull << 41), 0x0500000001ull}}};
  x.icps = {{0, 0xFF0000FFFF0000ull, false}, {1, 0x05001200FF050000ull, true}};
  auto xb = ck::encode_xics(x);
  ByteReader xr(xb.data(), xb.size(), "x");
  const ck::XicsSnapshot xx = ck::decode_xics(xr);
  ASSERT_EQ(xx.sources.size(), 1u);
  EXPECT_EQ(xx.sources[0].first, 0x1000u);
  EXPECT_EQ(xx.sources[0].words, x.sources[0].words);
  ASSERT_EQ(xx.icps.size(), 2u);
  EXPECT_EQ(xx.icps[1].server, 1u);
  EXPECT_EQ(xx.icps[1].word, 0x05001200FF050000ull);
  EXPECT_TRUE(xx.icps[1].line);

  intc::InFlightMessage m;
  m.msg.kind = intc::MessageKind::reject;
  m.msg.server = 3;
  m.msg.source = 0x1203;
  m.msg.priority = 5;
  m.msg.reason = intc::RejectReason::displaced;
  m.msg.ics = -1;
  m.sent = sc_core::sc_time(1500, sc_core::SC_NS);
  m.due = sc_core::sc_time(1570, sc_core::SC_NS);
  // A CONTROL query (format version 4) carries its caller, call, value and reply address.
  intc::InFlightMessage q;
  q.msg.kind = intc::MessageKind::control;
  q.msg.server = 2;
  q.msg.source = 0x1205;
  q.msg.caller = 3;
  q.msg.op = intc::XiveOp::get_xive;
  q.msg.value = 0x1FFull;
  q.msg.reply = 0xBBC0ull;
  q.sent = sc_core::sc_time(1500, sc_core::SC_NS);
  q.due = sc_core::sc_time(1600, sc_core::SC_NS);
  auto fb = ck::encode_fabric({m, q});
  ByteReader fr(fb.data(), fb.size(), "f");
  const auto ff = ck::decode_fabric(fr);
  ASSERT_EQ(ff.size(), 2u);
  EXPECT_EQ(ff[1].msg.kind, intc::MessageKind::control);
  EXPECT_EQ(ff[1].msg.server, 2u);
  EXPECT_EQ(ff[1].msg.source, 0x1205u);
  EXPECT_EQ(ff[1].msg.caller, 3u);
  EXPECT_EQ(ff[1].msg.op, intc::XiveOp::get_xive);
  EXPECT_EQ(ff[1].msg.value, 0x1FFull);
  EXPECT_EQ(ff[1].msg.reply, 0xBBC0ull);
  EXPECT_EQ(ff[0].msg.kind, intc::MessageKind::reject);
  EXPECT_EQ(ff[0].msg.source, 0x1203u);
  EXPECT_EQ(ff[0].msg.reason, intc::RejectReason::displaced);
  EXPECT_EQ(ff[0].msg.ics, -1);
  EXPECT_EQ(ff[0].sent, sc_core::sc_time(1500, sc_core::SC_NS));
  EXPECT_EQ(ck::to_ps(ff[0].due), 1'570'000u); // 1570 ns in ps

  auto rb = ck::encode_reservations({std::nullopt, 0x4080ull});
  ByteReader rr(rb.data(), rb.size(), "r");
  EXPECT_EQ(ck::decode_reservations(rr), (std::vector<std::optional<uint64_t>>{std::nullopt, 0x4080ull}));

  devices::IrqGeneratorState g;
  g.control = 1;
  g.sources = {{true, 7}, {false, 0xFFFFFFFF}};
  g.rules = {{123456, 4, 2, false, 0xDEADBEEFCAFEF00Dull}};
  auto gb = ck::encode_irqgen(g);
  ByteReader gr(gb.data(), gb.size(), "g");
  const auto gg = ck::decode_irqgen(gr);
  ASSERT_TRUE(gg.has_value());
  EXPECT_EQ(gg->control, 1u);
  EXPECT_TRUE(gg->sources[0].level);
  EXPECT_EQ(gg->sources[1].fired, 0xFFFFFFFFu);
  EXPECT_EQ(gg->rules[0].next_ns, 123456u);
  EXPECT_EQ(gg->rules[0].k, 4u);
  EXPECT_EQ(gg->rules[0].j, 2u);
  EXPECT_EQ(gg->rules[0].prng, 0xDEADBEEFCAFEF00Dull);
  auto none = ck::encode_irqgen(std::nullopt);
  ByteReader nr(none.data(), none.size(), "n");
  EXPECT_FALSE(ck::decode_irqgen(nr).has_value());

  auto vb = ck::encode_vty({std::string(16, 'x'), "more"});
  ByteReader vr(vb.data(), vb.size(), "v");
  const ck::VtyInput vv = ck::decode_vty(vr);
  EXPECT_EQ(vv.buffer, std::string(16, 'x'));
  EXPECT_EQ(vv.backlog, "more");

  hyp::HypervisorState h{-5, {0x2F0, 0xF004}, {0x2050}};
  auto hb = ck::encode_hypervisor(h);
  ByteReader hr(hb.data(), hb.size(), "h");
  const hyp::HypervisorState hh = ck::decode_hypervisor(hr);
  EXPECT_EQ(hh.rtc_offset, -5);
  EXPECT_EQ(hh.warned_hcalls, (std::set<uint64_t>{0x2F0, 0xF004}));
  EXPECT_EQ(hh.warned_rtas, (std::set<uint32_t>{0x2050}));

  auto cb = ck::encode_run_control(0x123456789ull);
  ByteReader cr(cb.data(), cb.size(), "c");
  EXPECT_EQ(ck::decode_run_control(cr), 0x123456789ull);
}

// ---- model accessors that need no kernel

TEST(CheckpointModelState, VtyInputRoundTripWithoutAPulse) {
  int pulses = 0;
  devices::Vty a(0x71000000, nullptr);
  a.set_input_pulse([&] { ++pulses; });
  a.push_input("0123456789abcdefXYZ"); // 16 buffered (QEMU VTERM_BUFSIZE), 3 in the backlog
  EXPECT_EQ(pulses, 1);
  devices::Vty b(0x71000000, nullptr);
  int b_pulses = 0;
  b.set_input_pulse([&] { ++b_pulses; });
  b.restore_input(a.input_buffer(), a.input_backlog());
  EXPECT_EQ(b_pulses, 0);
  EXPECT_EQ(b.input_buffer(), "0123456789abcdef");
  EXPECT_EQ(b.input_backlog(), "XYZ");
  char out[32];
  ASSERT_EQ(b.get(out, 16), 16u);
  EXPECT_EQ(b.input_buffer(), "XYZ"); // the backlog refills it, as before the save
  EXPECT_EQ(b_pulses, 1);
  EXPECT_THROW(b.restore_input(std::string(17, 'a'), ""), std::invalid_argument);
  EXPECT_THROW(b.restore_input("short", "backlog"), std::invalid_argument);
}

TEST(CheckpointModelState, ReservationsRoundTrip) {
  cpu::ReservationMonitor a(3);
  a.reserve(1, 0x1234); // granule 0x1200 (128-byte granules)
  cpu::ReservationMonitor b(3);
  b.reserve(0, 0x8000); // stale, must go
  for (unsigned t = 0; t < 3; ++t) b.restore(t, a.reservation(t));
  EXPECT_FALSE(b.reservation(0));
  EXPECT_EQ(b.reservation(1), 0x1200u);
  EXPECT_EQ(b.active_count(), 1u);
  EXPECT_TRUE(b.consume(1, 0x1270)); // same granule: stcx. succeeds
}

TEST(CheckpointModelState, RtcOffsetCarriesSetTimeOfDay) {
  hyp::Rtc a(512'000'000, 1767225600);
  a.set(512'000'000ull * 10, 2000000000); // set-time-of-day at 10 s of timebase
  hyp::Rtc b(512'000'000, 1767225600);
  b.set_offset(a.offset());
  EXPECT_EQ(b.read(512'000'000ull * 25).seconds, 2000000015); // 15 s later
}
