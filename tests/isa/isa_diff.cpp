// Differential test of the ISS against qemu-ppc64 (user mode): generate a seeded program of
// random instruction sequences (gen_sequences.py), assemble it with the cross assembler (an
// encoder independent of our decode table), run it under qemu-ppc64, run every sequence in
// the ISS from the same ELF, and compare the per-sequence dumps (GPRs, CR, XER, LR, CTR and
// the memory window). Exit 0: all equal; 1: mismatches (each printed with the command that
// reproduces it); 2: tool or input error; 77: skipped (qemu-ppc64 not installed).
#include "models/cpu/iss.h"
#include "tests/isa/elf_image.h"
#include "tests/isa/segment_memory.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace ppc64sim;
using namespace ppc64sim::isa_test;

// Layout shared with gen_sequences.py.
constexpr uint64_t kStage = 0x1000;
constexpr uint64_t kRecord = 0x400;
constexpr uint64_t kWindowOffset = 0x200;
// A Linux user process's MSR (64-bit, problem state, translation and interrupts on, BE).
constexpr uint64_t kUserMsr = cpu::msr::SF | cpu::msr::EE | cpu::msr::PR | cpu::msr::ME |
                              cpu::msr::IR | cpu::msr::DR | cpu::msr::RI;
constexpr uint64_t kMaxStepsPerSequence = 20000;

struct Options {
  long seed = -1;
  long count = -1;
  long only = -1;
  std::string cases;     // hand-written cases file instead of a seed
  std::string keep;      // keep the work files here
  std::string direct;    // low | text | none: which segment the ISS gets as direct region
  std::string qemu = PPC64SIM_QEMU_PPC64;
  int max_report = 5;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "isa_diff: " << why << "\n"
            << "usage: isa_diff (--seed N --count N | --cases FILE) [--only K] [--keep DIR] "
               "[--direct low|text|none] [--qemu PATH] [--max-report N]\n";
  std::exit(2);
}

long parse_long(const std::string& flag, const char* v) {
  char* end = nullptr;
  errno = 0;
  long x = std::strtol(v, &end, 0);
  if (errno || !*v || *end || x < 0) usage(flag + " needs a non-negative integer, got '" + v + "'");
  return x;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&]() -> const char* {
      if (i + 1 >= argc) usage(a + " needs a value");
      return argv[++i];
    };
    if (a == "--seed") o.seed = parse_long(a, val());
    else if (a == "--count") o.count = parse_long(a, val());
    else if (a == "--only") o.only = parse_long(a, val());
    else if (a == "--keep") o.keep = val();
    else if (a == "--cases") o.cases = val();
    else if (a == "--direct") o.direct = val();
    else if (a == "--qemu") o.qemu = val();
    else if (a == "--max-report") o.max_report = static_cast<int>(parse_long(a, val()));
    else usage("unknown argument '" + a + "'");
  }
  if (o.cases.empty() && (o.seed < 0 || o.count <= 0))
    usage("--seed and --count (> 0), or --cases, are required");
  if (!o.cases.empty() && (o.seed >= 0 || o.count >= 0)) usage("--cases excludes --seed/--count");
  if (o.count > 0 && o.only >= o.count) usage("--only must be below --count");
  if (o.direct.empty()) o.direct = (o.seed % 2 == 0) ? "low" : "text";
  if (o.direct != "low" && o.direct != "text" && o.direct != "none")
    usage("--direct must be low, text or none, got '" + o.direct + "'");
  return o;
}

std::string quote(const std::string& s) { return "'" + s + "'"; }

void run_tool(const std::string& cmd) {
  int st = std::system(cmd.c_str());
  if (st != 0) throw std::runtime_error("command failed (status " + std::to_string(st) + "): " + cmd);
}

std::string capture(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

bool executable(const std::string& path) { return !path.empty() && access(path.c_str(), X_OK) == 0; }

std::string self_path(const char* argv0) {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return argv0;
  buf[n] = 0;
  return buf;
}

uint64_t get64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

std::string hex(uint64_t v) {
  char b[32];
  std::snprintf(b, sizeof b, "0x%016llx", static_cast<unsigned long long>(v));
  return b;
}

std::string field_name(uint64_t off) {
  static const char* sprs[] = {"cr", "xer", "lr", "ctr"};
  if (off < 256) return "r" + std::to_string(off / 8);
  if (off < 288) return sprs[(off - 256) / 8];
  char b[32];
  std::snprintf(b, sizeof b, "mem[0x%llx]", static_cast<unsigned long long>(kStage + off));
  return b;
}

// The sccall stubs and sequence entry points the generator labels.
struct Program {
  ElfImage elf;
  uint64_t write_sc = 0, exit_sc = 0;
  uint64_t text_lo = 0, text_hi = 0;
  uint64_t sym(const std::string& name) const {
    auto it = elf.symbols.find(name);
    if (it == elf.symbols.end()) throw std::runtime_error("generated ELF lacks symbol " + name);
    return it->second;
  }
};

class NoHypervisor : public cpu::HypervisorInterface {
public:
  cpu::HcallResult hcall(cpu::ThreadState&) override { return {}; } // unreachable with MSR[PR]=1
};

struct Harness {
  Options opt;
  std::string self, work, elf_path, lst_path;
  Program prog;
  std::vector<std::string> listing; // per sequence
  int reported = 0;
  long failures = 0;

  std::string repro(long k) const {
    std::string what = opt.cases.empty() ? " --seed " + std::to_string(opt.seed) + " --count " +
                                               std::to_string(opt.count)
                                         : " --cases " + opt.cases;
    return self + what + " --only " + std::to_string(k) + " --direct " + opt.direct;
  }
  std::string title() const {
    return opt.cases.empty() ? "seed=" + std::to_string(opt.seed) : "cases=" + opt.cases;
  }

  void load_listing() {
    std::ifstream in(lst_path);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("=== seq ", 0) == 0) listing.emplace_back();
      if (!listing.empty()) listing.back() += line + "\n";
    }
  }

  void report(long k, const std::string& what) {
    ++failures;
    if (reported++ >= opt.max_report) return;
    std::cout << "\nMISMATCH " << title() << " sequence=" << k << ": " << what << "\n";
    if (static_cast<size_t>(k) < listing.size()) std::cout << "--- generator listing\n" << listing[k];
    std::string dis = capture(std::string(PPC64SIM_PPC64_OBJDUMP) + " -d" +
                              " --start-address=" + hex(prog.sym("body_" + std::to_string(k))) +
                              " --stop-address=" + hex(prog.sym("dump_" + std::to_string(k))) +
                              " " + quote(elf_path) + " 2>/dev/null");
    std::cout << "--- disassembly (address: word  instruction)\n";
    std::istringstream ds(dis);
    std::string l;
    while (std::getline(ds, l))
      if (l.size() > 2 && l[0] == ' ') std::cout << l << "\n";
    std::cout << "--- reproduce: " << repro(k) << "\n";
  }

  // Runs sequence k in the ISS; returns false (after reporting) when it never reached the dump.
  bool run_iss(cpu::Iss& iss, cpu::ThreadState& st, cpu::ReservationMonitor& mon, long k) {
    st = cpu::ThreadState{};
    st.msr = kUserMsr;
    st.pc = prog.sym("seq_" + std::to_string(k));
    st.run_state = cpu::RunState::running;
    mon.clear(0);
    for (uint64_t n = 0; st.pc != prog.write_sc; ++n) {
      bool escaped = st.msr != kUserMsr || st.pc < prog.text_lo || st.pc >= prog.text_hi ||
                     st.pc == prog.exit_sc || st.run_state != cpu::RunState::running;
      if (escaped || n > kMaxStepsPerSequence) {
        report(k, "the ISS left the sequence (interrupt or runaway): pc=" + hex(st.pc) +
                      " msr=" + hex(st.msr) + " srr0=" + hex(st.srr0) + " srr1=" + hex(st.srr1) +
                      " after " + std::to_string(n) + " instructions");
        return false;
      }
      iss.step(1);
    }
    return true;
  }

  int main() {
    if (!executable(opt.qemu)) {
      std::cout << "SKIPPED: qemu-ppc64 not installed (looked for '" << opt.qemu << "')\n";
      return 77;
    }
    std::string base = work + (opt.cases.empty() ? "/seed" + std::to_string(opt.seed) : "/cases");
    std::string asm_path = base + ".S", obj = base + ".o", out_path = base + ".qemu.out";
    elf_path = base + ".elf";
    lst_path = base + ".lst";
    std::string what = opt.cases.empty() ? " --seed " + std::to_string(opt.seed) + " --count " +
                                               std::to_string(opt.count)
                                         : " --cases " + quote(opt.cases);
    run_tool(quote(PPC64SIM_PYTHON3) + " " + quote(PPC64SIM_ISA_GEN) + what + " --out " +
             quote(asm_path) + " --listing " + quote(lst_path));
    run_tool(quote(PPC64SIM_PPC64_AS) + " -a64 -mbig -mpower9 -o " + quote(obj) + " " + quote(asm_path));
    run_tool(quote(PPC64SIM_PPC64_LD) + " -static -nostdlib -z max-page-size=0x1000 -T " +
             quote(PPC64SIM_ISA_LDSCRIPT) + " -o " + quote(elf_path) + " " + quote(obj));
    load_listing();
    if (!opt.cases.empty()) opt.count = static_cast<long>(listing.size());
    if (opt.only >= opt.count) throw std::runtime_error("--only " + std::to_string(opt.only) +
                                                        " is past the last sequence");

    // qemu-ppc64's POWER9 model matches the ISS's PVR (ISA 3.0B).
    int st = std::system((quote(opt.qemu) + " -cpu power9 " + quote(elf_path) + " > " +
                          quote(out_path)).c_str());
    std::ifstream qin(out_path, std::ios::binary);
    std::vector<uint8_t> qout((std::istreambuf_iterator<char>(qin)), std::istreambuf_iterator<char>());
    long qemu_done = static_cast<long>(qout.size() / kRecord);

    prog.elf = load_elf(elf_path);
    prog.write_sc = prog.sym("isa_write_sc");
    prog.exit_sc = prog.sym("isa_exit_sc");
    int direct = -1;
    for (size_t i = 0; i < prog.elf.segments.size(); ++i) {
      const Segment& s = prog.elf.segments[i];
      if (s.executable) {
        prog.text_lo = s.vaddr;
        prog.text_hi = s.vaddr + s.bytes.size();
      }
      if ((opt.direct == "text" && s.executable) || (opt.direct == "low" && s.vaddr == kStage))
        direct = static_cast<int>(i);
    }
    SegmentMemory mem(prog.elf.segments, direct);
    if (!mem.find(kStage, kRecord)) throw std::runtime_error(elf_path + ": no dump stage at 0x1000");

    cpu::ThreadState state;
    NoHypervisor hyp;
    cpu::ReservationMonitor mon(1);
    cpu::Iss iss(state, mem, hyp, mon);

    long first = opt.only >= 0 ? opt.only : 0;
    long last = opt.only >= 0 ? opt.only + 1 : opt.count;
    long compared = 0;
    for (long k = first; k < last; ++k) {
      if (k >= qemu_done) {
        report(k, "qemu-ppc64 stopped before dumping this sequence (wait status " +
                      std::to_string(st) + ", " + std::to_string(qout.size()) + " bytes of output)");
        break;
      }
      if (!run_iss(iss, state, mon, k)) continue;
      ++compared;
      const uint8_t* q = qout.data() + k * kRecord;
      const uint8_t* s = mem.find(kStage, kRecord);
      if (std::memcmp(q, s, kRecord) == 0) continue;
      std::ostringstream diff;
      diff << "state differs (QEMU vs ISS):\n";
      for (uint64_t off = 0; off < kRecord; off += 8)
        if (std::memcmp(q + off, s + off, 8) != 0)
          diff << "    " << field_name(off) << ": qemu=" << hex(get64(q + off))
               << " iss=" << hex(get64(s + off)) << "\n";
      report(k, diff.str());
    }
    if (opt.only < 0 && (WIFSIGNALED(st) || (WIFEXITED(st) && WEXITSTATUS(st) != 0)) && failures == 0) {
      std::cout << "MISMATCH " << title() << ": qemu-ppc64 failed (wait status " << st << ")\n";
      ++failures;
    }
    if (failures > opt.max_report)
      std::cout << "(" << failures - opt.max_report << " more mismatches not shown)\n";
    std::cout << "isa_diff: " << title() << ": " << compared << " sequences compared, "
              << failures << " mismatches\n";
    return failures ? 1 : 0;
  }
};

} // namespace

int main(int argc, char** argv) {
  Harness h;
  h.opt = parse(argc, argv);
  h.self = self_path(argv[0]);
  try {
    if (!h.opt.keep.empty()) {
      h.work = h.opt.keep;
      if (mkdir(h.work.c_str(), 0755) != 0 && errno != EEXIST)
        throw std::runtime_error("cannot create --keep directory " + h.work);
    } else {
      char tmpl[] = "/tmp/isa_diff.XXXXXX";
      if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
      h.work = tmpl;
    }
    int rc = h.main();
    if (h.opt.keep.empty()) run_tool("rm -rf " + quote(h.work));
    else std::cout << "work files kept in " << h.work << "\n";
    return rc;
  } catch (const std::exception& e) {
    std::cerr << "isa_diff: error: " << e.what() << "\n";
    if (h.opt.keep.empty() && !h.work.empty()) std::system(("rm -rf " + quote(h.work)).c_str());
    return 2;
  }
}
