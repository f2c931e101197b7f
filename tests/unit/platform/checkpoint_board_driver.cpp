// Saves a default.cfg board in one process and restores it in another (SystemC elaborates
// once per process, pitfalls.md #3); checkpoint_board_test.sh runs the modes and compares.
//
//   save FILE DUMP            build, set state, run 6000 cycles, save, write a state dump
//   restore FILE DUMP [RESAVE] [KEY=VALUE...]
//                             build (with overrides), restore, dump, optionally save again
//   compare A B               the sections of two checkpoints are byte-identical
//
// The dump prints state through the board's public accessors (every ThreadState field, the
// full XICS source and ICP structs, a RAM digest, the generator's state), independently of
// the checkpoint encoding. Errors: one line "error: ..." on stderr, exit status 1.
#include "platforms/board.h"
#include "platforms/checkpoint_file.h"
#include "platforms/platform_config.h"

#include "models/devices/irq_generator.h"
#include "models/cpu/thread_state.h"
#include "models/intc/xics.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

using namespace ppc64sim;
using namespace ppc64sim::platform;

namespace {

BoardConfig config(const std::vector<std::string>& overrides) {
  ParamMap params;
  load_platform_file(std::string(PPC64SIM_PLATFORM_DIR) + "/default.cfg", params);
  // Autonomous interrupts and a fabric latency, so the run leaves generator progress, pending
  // interrupts and (usually) messages in flight.
  apply_assignment(params, "irqgen.auto=0x1200:periodic:700:50,0x1205:random:300,0x1206:burst:1000:3:20");
  apply_assignment(params, "xics.latency.present=250");
  apply_assignment(params, "xics.latency.eoi=90");
  for (const std::string& o : overrides) apply_assignment(params, o);
  return to_board_config(params);
}

void set_state(Board& board) {
  // Memory: a few scattered words, one at the top of RAM.
  const uint64_t top = board.config().memory_bytes() - 8;
  const uint8_t word[8] = {0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x23, 0x45, 0x67};
  for (uint64_t a : {uint64_t{0x100}, uint64_t{0x12345}, uint64_t{0x4000000}, top}) board.write_memory(a, word, 8);
  // Threads stay stopped (nothing executes), with distinct register contents.
  for (uint32_t s = 0; s < board.thread_count(); ++s) {
    cpu::ThreadState& t = board.thread_state(s);
    for (int g = 0; g < 32; ++g) t.gpr[g] = (uint64_t{s} << 32) | static_cast<uint64_t>(g * 0x1111);
    t.pc = 0x4000 + 4 * s;
    t.msr = cpu::msr::SF | cpu::msr::ME;
    t.cr = 0x20000000u + s;
    t.dec = 0x1000 * s;
    t.dec_tb = 77 * s;
    t.dec_edge = 0x123456789ull + s;
    t.dec_requested = s % 2 == 1;
    t.prod = s == 3;
    t.checkstop = s == 5;
  }
  // Generator sources unmasked to servers 0..3 at priority 5; the vty's source to server 1.
  intc::Xics& x = board.xics();
  for (uint32_t n = 0; n < 8; ++n) {
    const uint32_t src = 0x1200 + n;
    const uint64_t masked_bits = x.get_source(src).value.value() & (intc::srcword::kLevelSensitive);
    if (!x.set_source(src, masked_bits | (uint64_t{5} << 32) | (n % 4)).ok()) std::abort();
  }
  if (!x.set_source(board.config().vty_irq, (uint64_t{6} << 32) | 1).ok()) std::abort();
  // CPPR 0xff on servers 0..5 so presentations are accepted; 6 and 7 keep CPPR 0 (rejects).
  for (uint32_t s = 0; s < 6; ++s)
    if (!x.set_icp(s, intc::icpword::make(0xFF, 0, 0xFF, 0xFF)).ok()) std::abort();
  // A pending IPI on server 6 (MFRR 3 < CPPR 4).
  if (!x.set_icp(6, intc::icpword::make(4, intc::kIpi, 3, 3)).ok()) std::abort();
  board.push_console_input("typed before the run: more than sixteen bytes");
}

void dump(Board& board, const std::string& path) {
  std::ofstream out(path);
  for (uint32_t s = 0; s < board.thread_count(); ++s) {
    const cpu::ThreadState& t = board.thread_state(s);
    out << "thread " << s << std::hex;
    for (uint64_t g : t.gpr) out << " " << g;
    out << " pc=" << t.pc << " msr=" << t.msr << " cr=" << t.cr << " xer=" << t.xer << " lr=" << t.lr
        << " ctr=" << t.ctr << " srr=" << t.srr0 << "," << t.srr1 << " sprg=" << t.sprg[0] << "," << t.sprg[1]
        << "," << t.sprg[2] << "," << t.sprg[3] << " dar=" << t.dar << " dsisr=" << t.dsisr << " cfar=" << t.cfar
        << " ppr=" << t.ppr << " ctrl=" << t.ctrl << " dscr=" << t.dscr << " lpcr=" << t.lpcr << " dec=" << t.dec
        << " dec_tb=" << t.dec_tb << " dec_edge=" << t.dec_edge << " dec_req=" << t.dec_requested
        << " pir=" << t.pir << " pvr=" << t.pvr << " run=" << static_cast<int>(static_cast<cpu::RunState>(t.run_state)) << " prod=" << t.prod
        << " checkstop=" << t.checkstop << std::dec << "\n";
  }
  // FNV-1a over all of RAM.
  uint64_t h = 1469598103934665603ull;
  std::vector<uint8_t> page(1 << 20);
  for (uint64_t a = 0; a < board.config().memory_bytes(); a += page.size()) {
    board.read_memory(a, page.data(), page.size());
    for (uint8_t b : page) h = (h ^ b) * 1099511628211ull;
  }
  out << "ram fnv1a " << std::hex << h << std::dec << "\n";
  intc::Xics& x = board.xics();
  for (const intc::SourceRange& r : x.source_ranges())
    for (uint32_t n = r.first; n < r.first + r.count; ++n) {
      const intc::SourceState& s = *x.source_state(n);
      const intc::SourceState reset;
      const bool is_reset = s.server == reset.server && s.priority == reset.priority &&
                            s.saved_priority == reset.saved_priority && !s.asserted && !s.sent && !s.rejected &&
                            !s.masked_pending && !s.resend && s.pq == 0;
      if (is_reset && s.type == intc::SourceType::msi) continue; // keep the dump short
      out << "source " << std::hex << n << " server=" << s.server << " prio=" << int(s.priority)
          << " saved=" << int(s.saved_priority) << " lsi=" << (s.type == intc::SourceType::lsi)
          << " asserted=" << s.asserted << " sent=" << s.sent << " rejected=" << s.rejected
          << " masked_pending=" << s.masked_pending << " resend=" << s.resend << " pq=" << int(s.pq) << std::dec
          << "\n";
    }
  for (uint32_t server : x.servers()) {
    const intc::IcpState& p = *x.icp_state(server);
    out << "icp " << server << std::hex << " cppr=" << int(p.cppr) << " xisr=" << p.xisr << " mfrr=" << int(p.mfrr)
        << " ppri=" << int(p.pending_pri) << " owned=" << p.owned << " line=" << p.line
        << " need_resend=" << p.need_resend << " resend_map=" << p.resend_map.size() << std::dec << "\n";
  }
  for (const intc::InFlightMessage& m : x.in_flight_messages())
    out << "in-flight " << intc::to_string(m.msg.kind) << " server=" << m.msg.server << " source=" << m.msg.source
        << " prio=" << int(m.msg.priority) << " sent=" << m.sent.value() << " due=" << m.due.value() << "\n";
  if (devices::IrqGenerator* g = board.irq_generator()) {
    const devices::IrqGeneratorState s = g->state();
    out << "irqgen control=" << s.control;
    for (const auto& src : s.sources) out << " " << src.level << "/" << src.fired;
    for (const auto& r : s.rules)
      out << " rule " << r.next_ns << "," << r.k << "," << r.j << "," << r.done << "," << r.prng;
    out << "\n";
  }
  out << "instructions " << board.instructions() << "\n";
}

int run(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "save" && argc == 4) {
    Board board(config({}), nullptr);
    set_state(board);
    DebugResume until;
    until.until_cycle = 6000;
    board.debug_resume(until);
    board.save_checkpoint(argv[2]);
    dump(board, argv[3]);
    std::cout << "saved at cycle " << board.cycles() << ", " << board.xics().in_flight_messages().size()
              << " fabric messages in flight\n";
    return 0;
  }
  if (mode == "restore" && argc >= 4) {
    std::vector<std::string> overrides;
    std::string resave;
    for (int i = 4; i < argc; ++i) {
      if (std::strchr(argv[i], '=')) overrides.push_back(argv[i]);
      else resave = argv[i];
    }
    Board board(config(overrides), nullptr);
    const Board::RestoredCheckpoint r = board.restore_checkpoint(argv[2]);
    dump(board, argv[3]);
    if (!resave.empty()) board.save_checkpoint(resave);
    std::cout << "restored cycle " << r.cycle << " (" << r.simulated_ps << " ps), saved by " << r.simulator_version
              << "\n";
    return 0;
  }
  if (mode == "compare" && argc == 4) {
    const CheckpointFile a = CheckpointFile::read(argv[2]);
    const CheckpointFile b = CheckpointFile::read(argv[3]);
    if (a.tags() != b.tags()) throw std::runtime_error("the section lists differ");
    for (const std::string& tag : a.tags()) {
      ByteReader ra = a.section(tag), rb = b.section(tag);
      if (ra.left() != rb.left() || std::memcmp(ra.bytes(ra.left()), rb.bytes(rb.left()), ra.left() + 0) != 0)
        throw std::runtime_error("section '" + tag + "' differs");
    }
    std::cout << a.tags().size() << " sections identical\n";
    return 0;
  }
  std::cerr << "usage: checkpoint_board_driver save|restore|compare ...\n";
  return 2;
}

} // namespace

int sc_main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
