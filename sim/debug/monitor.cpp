#include "sim/debug/monitor.h"

#include "sim/debug/xics_words.h"

#include <cctype>
#include <cerrno>
#include <optional>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <vector>

namespace ppc64sim::debug {
namespace {

const char* const kHelp =
    "commands (numbers: decimal or 0x-prefixed hex):\n"
    "  info cpus                       threads: server, core/thread, run state, pc, msr\n"
    "  info regs [SERVER]              registers of a thread (default: first)\n"
    "  info xics [all]                 every ICP, and every source not in its reset state (all: every source)\n"
    "  info source N | info icp SERVER one XICS word, raw and decoded\n"
    "  info breaks                     breakpoints and watchpoints\n"
    "  set xive N SERVER PRIORITY      route source N (priority 0xff masks)\n"
    "  set source N WORD               write a raw source word (xics-spec section 8)\n"
    "  set icp SERVER WORD             write a raw ICP word (xics-spec 1.3)\n"
    "  set icp SERVER cppr=V xisr=V mfrr=V ppri=V   change some ICP fields\n"
    "  set reg SERVER NAME VALUE       NAME: r0-r31 pc msr cr lr ctr xer\n"
    "  set mem ADDR BYTE...            write bytes to guest memory\n"
    "  irq raise N | irq lower N       drive source N (an MSI triggers on raise)\n"
    "  step [N] [SERVER]               run N instructions (default 1) of a thread, others frozen\n"
    "  continue                        run until a breakpoint, power-off or interrupt\n"
    "  run until CYCLE                 run until the board's cycle count reaches CYCLE\n"
    "  break PC | delete PC            software breakpoint at a guest address\n"
    "  watch [read|write|access] ADDR [LEN]   stop before an access to [ADDR, ADDR+LEN) (write, 8)\n"
    "  unwatch [read|write|access] ADDR [LEN] remove the watchpoints at ADDR (of that kind/length)\n"
    "  dump ADDR [LEN]                 hex dump of guest memory (LEN default 64, max 65536)\n"
    "  stats                           board counters\n"
    "  checkpoint FILE                 save the whole board (runs on to the next point where\n"
    "                                  its state is complete, usually within one quantum)\n"
    "  help | quit\n";

std::vector<std::string> tokenize(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  std::string word;
  while (in >> word) {
    if (word[0] == '#') break;
    out.push_back(word);
  }
  return out;
}

std::optional<uint64_t> number(const std::string& text) {
  if (text.empty() || text[0] == '-' || text[0] == '+') return std::nullopt;
  errno = 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(text.c_str(), &end, 0);
  if (errno != 0 || end == text.c_str() || *end != '\0') return std::nullopt;
  return v;
}

std::string hexnum(uint64_t v, int width = 0) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%0*llx", width, static_cast<unsigned long long>(v));
  return buf;
}

const char* watch_kind_name(WatchKind kind) {
  switch (kind) {
  case WatchKind::read: return "read";
  case WatchKind::write: return "write";
  case WatchKind::access: return "access";
  }
  return "?";
}

const char* state_name(const ThreadInfo& t) {
  if (t.checkstop) return "checkstop";
  switch (t.run_state) {
  case cpu::RunState::stopped: return "stopped";
  case cpu::RunState::ceded: return "ceded";
  case cpu::RunState::running: return "running";
  }
  return "?";
}

// Pointer to the register NAME in a ThreadState, with its width in bits; nullptr if unknown.
uint64_t* reg64(cpu::ThreadState& s, const std::string& name) {
  if (name.size() >= 2 && name[0] == 'r' && std::isdigit(static_cast<unsigned char>(name[1]))) {
    auto n = number(name.substr(1));
    if (n && *n < 32 && name.substr(1) == std::to_string(*n)) return &s.gpr[*n];
    return nullptr;
  }
  if (name == "pc") return &s.pc;
  if (name == "msr") return &s.msr;
  if (name == "lr") return &s.lr;
  if (name == "ctr") return &s.ctr;
  if (name == "xer") return &s.xer;
  return nullptr;
}

} // namespace

Monitor::Monitor(DebugTarget& target, std::ostream& out) : target_(target), out_(&out) {}

Monitor::Outcome Monitor::fail(const std::string& message) {
  *out_ << "error: " << message << "\n";
  return Outcome::error;
}

Monitor::Outcome Monitor::execute(const std::string& line) {
  auto args = tokenize(line);
  if (args.empty()) return Outcome::ok;
  Outcome o = dispatch(args);
  out_->flush();
  return o;
}

int Monitor::run_script(std::istream& in, bool echo, bool stop_on_error) {
  int errors = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (echo) *out_ << "> " << line << "\n";
    Outcome o = execute(line);
    if (o == Outcome::quit) break;
    if (o == Outcome::error) {
      ++errors;
      if (stop_on_error) break;
    }
  }
  return errors;
}

Monitor::Outcome Monitor::dispatch(const std::vector<std::string>& a) {
  const std::string& cmd = a[0];
  if (cmd == "help" || cmd == "?") {
    *out_ << kHelp;
    return Outcome::ok;
  }
  if (cmd == "quit" || cmd == "exit") return Outcome::quit;
  if (cmd == "info") return info(a);
  if (cmd == "set") return set(a);
  if (cmd == "irq") return irq(a);
  if (cmd == "step") return step(a);
  if (cmd == "continue" || cmd == "run" || cmd == "until") return run(a);
  if (cmd == "break") return breakpoint(a, true);
  if (cmd == "delete") return breakpoint(a, false);
  if (cmd == "watch") return watchpoint(a, true);
  if (cmd == "unwatch") return watchpoint(a, false);
  if (cmd == "dump") return dump(a);
  if (cmd == "stats") {
    if (a.size() != 1) return fail("stats takes no argument, got '" + a[1] + "'");
    *out_ << "cycles " << target_.cycles() << "\ninstructions " << target_.instructions() << "\n"
          << target_.stats();
    return Outcome::ok;
  }
  if (cmd == "checkpoint") {
    if (a.size() != 2) return fail("usage: checkpoint FILE");
    const std::string error = target_.checkpoint(a[1]);
    if (!error.empty()) return fail("checkpoint: " + error);
    *out_ << "checkpoint written to " << a[1] << " at cycle " << target_.cycles() << "\n";
    return Outcome::ok;
  }
  return fail("unknown command '" + cmd + "' (try help)");
}

Monitor::Outcome Monitor::info(const std::vector<std::string>& a) {
  if (a.size() < 2) return fail("info needs a topic: cpus, regs, xics, source, icp, breaks");
  const std::string& what = a[1];
  if (what == "cpus") return info_cpus();
  if (what == "regs") return info_regs(a);
  if (what == "xics") {
    if (a.size() > 3 || (a.size() == 3 && a[2] != "all"))
      return fail("info xics takes only 'all', got '" + a[2] + "'");
    return info_xics(a.size() == 3);
  }
  if (what == "source") return info_source(a);
  if (what == "icp") return info_icp(a);
  if (what == "breaks") {
    if (breakpoints_.empty()) *out_ << "no breakpoints\n";
    for (uint64_t b : breakpoints_) *out_ << "breakpoint at " << hexnum(b) << "\n";
    for (const auto& [addr, kind, len] : watchpoints_)
      *out_ << watch_kind_name(kind) << " watchpoint at " << hexnum(addr) << " len " << len << "\n";
    return Outcome::ok;
  }
  return fail("unknown info topic '" + what + "'");
}

Monitor::Outcome Monitor::info_cpus() {
  for (const ThreadInfo& t : target_.threads()) {
    cpu::ThreadState s;
    target_.get_state(t.server, s);
    *out_ << "cpu " << t.server << " core " << t.core << " thread " << t.thread_in_core << " "
          << state_name(t) << " pc " << hexnum(s.pc, 16) << " msr " << hexnum(s.msr, 16) << "\n";
  }
  return Outcome::ok;
}

Monitor::Outcome Monitor::info_regs(const std::vector<std::string>& a) {
  if (a.size() > 3) return fail("info regs takes one server, got extra '" + a[3] + "'");
  uint32_t server = 0;
  auto list = target_.threads();
  if (a.size() == 3) {
    auto n = number(a[2]);
    if (!n || *n > 0xffffffffull) return fail("bad server '" + a[2] + "'");
    server = static_cast<uint32_t>(*n);
  } else if (!list.empty()) {
    server = list.front().server;
  }
  cpu::ThreadState s;
  if (!target_.get_state(server, s)) return fail("no thread with server " + std::to_string(server));
  for (int i = 0; i < 32; ++i) {
    *out_ << (i < 10 ? "r" + std::to_string(i) + " " : "r" + std::to_string(i)) << " "
          << hexnum(s.gpr[i], 16) << ((i % 4 == 3) ? "\n" : "  ");
  }
  *out_ << "pc  " << hexnum(s.pc, 16) << "  msr " << hexnum(s.msr, 16) << "  cr  "
        << hexnum(s.cr, 8) << "\nlr  " << hexnum(s.lr, 16) << "  ctr " << hexnum(s.ctr, 16)
        << "  xer " << hexnum(s.xer, 8) << "\nsrr0 " << hexnum(s.srr0, 16) << " srr1 "
        << hexnum(s.srr1, 16) << " lpcr " << hexnum(s.lpcr, 16) << "\n";
  return Outcome::ok;
}

XicsDebug* Monitor::xics_or_fail() {
  XicsDebug* x = target_.xics();
  if (!x) fail("this board has no XICS");
  return x;
}

Monitor::Outcome Monitor::info_xics(bool all) {
  XicsDebug* x = xics_or_fail();
  if (!x) return Outcome::error;
  for (uint32_t server : x->servers()) {
    auto w = x->get_icp(server);
    if (!w.ok()) {
      *out_ << "icp " << server << ": " << w.error << "\n";
      continue;
    }
    *out_ << "icp " << server << " " << hexnum(*w.value, 16) << " " << describe_icp_word(*w.value)
          << "\n";
  }
  // The reset word of a source: server 0, masked with saved priority 0xFF (section 8 get).
  const uint64_t reset_msi = intc::srcword::kMasked | (0xffull << intc::srcword::kPriorityShift);
  const uint64_t reset_lsi = reset_msi | intc::srcword::kLevelSensitive;
  for (const SourceRange& r : x->source_ranges()) {
    *out_ << "ics sources " << hexnum(r.first) << "-" << hexnum(r.first + r.count - 1) << "\n";
    uint32_t hidden = 0;
    for (uint32_t n = r.first; n < r.first + r.count; ++n) {
      auto w = x->get_source(n);
      if (!w.ok()) {
        *out_ << "source " << hexnum(n) << ": " << w.error << "\n";
        continue;
      }
      if (!all && (*w.value == reset_msi || *w.value == reset_lsi)) {
        ++hidden;
        continue;
      }
      *out_ << "source " << hexnum(n) << " " << hexnum(*w.value, 16) << " "
            << describe_source_word(*w.value, x->flavour()) << "\n";
    }
    if (hidden) *out_ << "(" << hidden << " sources masked at server 0 not shown; info xics all)\n";
  }
  return Outcome::ok;
}

Monitor::Outcome Monitor::info_source(const std::vector<std::string>& a) {
  if (a.size() != 3) return fail("usage: info source N");
  XicsDebug* x = xics_or_fail();
  if (!x) return Outcome::error;
  auto n = number(a[2]);
  if (!n || *n > 0xffffffffull) return fail("bad source number '" + a[2] + "'");
  auto w = x->get_source(static_cast<uint32_t>(*n));
  if (!w.ok()) return fail("source '" + a[2] + "': " + w.error);
  *out_ << "source " << hexnum(*n) << " " << hexnum(*w.value, 16) << " "
        << describe_source_word(*w.value, x->flavour()) << "\n";
  return Outcome::ok;
}

Monitor::Outcome Monitor::info_icp(const std::vector<std::string>& a) {
  if (a.size() != 3) return fail("usage: info icp SERVER");
  XicsDebug* x = xics_or_fail();
  if (!x) return Outcome::error;
  auto n = number(a[2]);
  if (!n || *n > 0xffffffffull) return fail("bad server '" + a[2] + "'");
  auto w = x->get_icp(static_cast<uint32_t>(*n));
  if (!w.ok()) return fail("icp '" + a[2] + "': " + w.error);
  *out_ << "icp " << *n << " " << hexnum(*w.value, 16) << " " << describe_icp_word(*w.value) << "\n";
  return Outcome::ok;
}

Monitor::Outcome Monitor::set(const std::vector<std::string>& a) {
  if (a.size() < 2) return fail("set needs: xive, source, icp, reg or mem");
  const std::string& what = a[1];
  if (what == "xive") {
    if (a.size() != 5) return fail("usage: set xive N SERVER PRIORITY");
    XicsDebug* x = xics_or_fail();
    if (!x) return Outcome::error;
    auto src = number(a[2]), server = number(a[3]), prio = number(a[4]);
    if (!src || *src > 0xffffffffull) return fail("bad source number '" + a[2] + "'");
    if (!server || *server > 0xffffffffull) return fail("bad server '" + a[3] + "'");
    if (!prio || *prio > 0xff) return fail("bad priority '" + a[4] + "' (0-0xff)");
    auto w = x->get_source(static_cast<uint32_t>(*src));
    if (!w.ok()) return fail("source '" + a[2] + "': " + w.error);
    bool known_server = false;
    for (uint32_t s : x->servers()) known_server |= s == *server;
    if (!known_server) return fail("server '" + a[3] + "' has no ICP");
    uint64_t word = with_xive(*w.value, static_cast<uint32_t>(*server), static_cast<uint8_t>(*prio));
    intc::Status st = x->set_source(static_cast<uint32_t>(*src), word);
    if (!st.ok()) return fail("source '" + a[2] + "': " + st.error);
    *out_ << "source " << hexnum(*src) << " " << hexnum(word, 16) << " "
          << describe_source_word(word, x->flavour()) << "\n";
    return Outcome::ok;
  }
  if (what == "source") {
    if (a.size() != 4) return fail("usage: set source N WORD");
    XicsDebug* x = xics_or_fail();
    if (!x) return Outcome::error;
    auto src = number(a[2]), word = number(a[3]);
    if (!src || *src > 0xffffffffull) return fail("bad source number '" + a[2] + "'");
    if (!word) return fail("bad source word '" + a[3] + "'");
    intc::Status st = x->set_source(static_cast<uint32_t>(*src), *word);
    if (!st.ok()) return fail("source '" + a[2] + "' word '" + a[3] + "': " + st.error);
    return Outcome::ok;
  }
  if (what == "icp") {
    if (a.size() < 4) return fail("usage: set icp SERVER WORD | set icp SERVER field=value...");
    XicsDebug* x = xics_or_fail();
    if (!x) return Outcome::error;
    auto server = number(a[2]);
    if (!server || *server > 0xffffffffull) return fail("bad server '" + a[2] + "'");
    auto cur = x->get_icp(static_cast<uint32_t>(*server));
    if (!cur.ok()) return fail("icp '" + a[2] + "': " + cur.error);
    uint64_t word = 0;
    if (a.size() == 4 && a[3].find('=') == std::string::npos) {
      auto w = number(a[3]);
      if (!w) return fail("bad ICP word '" + a[3] + "'");
      word = *w;
    } else {
      IcpFields f = split_icp_word(*cur.value);
      for (size_t i = 3; i < a.size(); ++i) {
        size_t eq = a[i].find('=');
        if (eq == std::string::npos) return fail("expected field=value, got '" + a[i] + "'");
        std::string field = a[i].substr(0, eq);
        auto v = number(a[i].substr(eq + 1));
        uint64_t limit = field == "xisr" ? intc::kXisrMask : 0xff;
        if (!v || *v > limit) return fail("bad value in '" + a[i] + "' (max " + hexnum(limit) + ")");
        if (field == "cppr") f.cppr = static_cast<uint8_t>(*v);
        else if (field == "xisr") f.xisr = static_cast<uint32_t>(*v);
        else if (field == "mfrr") f.mfrr = static_cast<uint8_t>(*v);
        else if (field == "ppri") f.ppri = static_cast<uint8_t>(*v);
        else return fail("unknown ICP field '" + field + "' (cppr, xisr, mfrr, ppri)");
      }
      word = intc::icpword::make(f.cppr, f.xisr, f.mfrr, f.ppri);
    }
    intc::Status st = x->set_icp(static_cast<uint32_t>(*server), word);
    if (!st.ok()) return fail("icp '" + a[2] + "' word " + hexnum(word, 16) + ": " + st.error);
    *out_ << "icp " << *server << " " << hexnum(word, 16) << " " << describe_icp_word(word) << "\n";
    return Outcome::ok;
  }
  if (what == "reg") {
    if (a.size() != 5) return fail("usage: set reg SERVER NAME VALUE");
    auto server = number(a[2]);
    auto value = number(a[4]);
    if (!server || *server > 0xffffffffull) return fail("bad server '" + a[2] + "'");
    if (!value) return fail("bad value '" + a[4] + "'");
    cpu::ThreadState s;
    if (!target_.get_state(static_cast<uint32_t>(*server), s))
      return fail("no thread with server '" + a[2] + "'");
    if (a[3] == "cr") {
      if (*value > 0xffffffffull) return fail("cr is 32 bits, got '" + a[4] + "'");
      s.cr = static_cast<uint32_t>(*value);
    } else if (uint64_t* r = reg64(s, a[3])) {
      *r = *value;
    } else {
      return fail("unknown register '" + a[3] + "'");
    }
    target_.set_state(static_cast<uint32_t>(*server), s);
    return Outcome::ok;
  }
  if (what == "mem") {
    if (a.size() < 4) return fail("usage: set mem ADDR BYTE...");
    auto addr = number(a[2]);
    if (!addr) return fail("bad address '" + a[2] + "'");
    std::vector<uint8_t> bytes;
    for (size_t i = 3; i < a.size(); ++i) {
      auto b = number(a[i]);
      if (!b || *b > 0xff) return fail("bad byte '" + a[i] + "'");
      bytes.push_back(static_cast<uint8_t>(*b));
    }
    if (!target_.write_memory(*addr, bytes.data(), bytes.size()))
      return fail("address '" + a[2] + "' (+" + std::to_string(bytes.size()) + ") is not RAM");
    return Outcome::ok;
  }
  return fail("unknown set target '" + what + "'");
}

Monitor::Outcome Monitor::irq(const std::vector<std::string>& a) {
  if (a.size() != 3 || (a[1] != "raise" && a[1] != "lower")) return fail("usage: irq raise|lower N");
  XicsDebug* x = xics_or_fail();
  if (!x) return Outcome::error;
  auto n = number(a[2]);
  if (!n || *n > 0xffffffffull) return fail("bad source number '" + a[2] + "'");
  intc::Status st = x->set_irq_level(static_cast<uint32_t>(*n), a[1] == "raise");
  if (!st.ok()) return fail("source '" + a[2] + "': " + st.error);
  return Outcome::ok;
}

Monitor::Outcome Monitor::report_stop(const StopEvent& e) {
  switch (e.reason) {
  case StopReason::breakpoint:
    *out_ << "cpu " << e.thread << " hit breakpoint at " << hexnum(e.pc) << "\n";
    break;
  case StopReason::watchpoint: // the access has not happened yet: `step` performs it
    *out_ << "cpu " << e.thread << " hit " << watch_kind_name(e.watch_kind) << " watchpoint at "
          << hexnum(e.data_address) << " (pc " << hexnum(e.pc) << ", not executed yet)\n";
    break;
  case StopReason::step_done: *out_ << "cpu " << e.thread << " stopped at " << hexnum(e.pc) << "\n"; break;
  case StopReason::interrupted: *out_ << "interrupted (cpu " << e.thread << " at " << hexnum(e.pc) << ")\n"; break;
  case StopReason::power_off: *out_ << "power off, exit code " << e.exit_code << "\n"; break;
  case StopReason::limit: *out_ << "stopped at cycle " << target_.cycles() << "\n"; break;
  }
  return Outcome::ok;
}

Monitor::Outcome Monitor::step(const std::vector<std::string>& a) {
  if (a.size() > 3) return fail("usage: step [N] [SERVER]");
  ResumeRequest req;
  req.mode = ResumeRequest::Mode::step;
  req.others_run = false;
  if (a.size() >= 2) {
    auto n = number(a[1]);
    if (!n || *n == 0) return fail("bad step count '" + a[1] + "'");
    req.steps = *n;
  }
  auto list = target_.threads();
  if (a.size() == 3) {
    auto s = number(a[2]);
    if (!s || *s > 0xffffffffull) return fail("bad server '" + a[2] + "'");
    req.step_thread = static_cast<uint32_t>(*s);
  } else {
    // Default: the first running thread (stepping a stopped thread does nothing).
    if (list.empty()) return fail("the board has no threads");
    req.step_thread = list.front().server;
    for (const ThreadInfo& t : list) {
      if (t.run_state == cpu::RunState::running) {
        req.step_thread = t.server;
        break;
      }
    }
  }
  bool found = false;
  for (const ThreadInfo& t : list) found |= t.server == req.step_thread;
  if (!found) return fail("no thread with server '" + a[2] + "'");
  return report_stop(target_.resume(req));
}

Monitor::Outcome Monitor::run(const std::vector<std::string>& a) {
  ResumeRequest req;
  // "continue", "run", "run until C", "until C"
  size_t first = a[0] == "until" ? 1 : (a.size() >= 2 && a[1] == "until" ? 2 : 0);
  if (a[0] == "until" && a.size() != 2) return fail("usage: until CYCLE");
  if (first == 2 && a.size() != 3) return fail("usage: run until CYCLE");
  if (first == 0 && a.size() != 1) return fail("unexpected argument '" + a[1] + "' (run until CYCLE?)");
  if (first != 0) {
    auto c = number(a[first]);
    if (!c) return fail("bad cycle '" + a[first] + "'");
    if (*c <= target_.cycles())
      return fail("cycle '" + a[first] + "' is not after the current cycle " + std::to_string(target_.cycles()));
    req.until_cycle = *c;
  }
  return report_stop(target_.resume(req));
}

Monitor::Outcome Monitor::breakpoint(const std::vector<std::string>& a, bool insert) {
  if (a.size() != 2) return fail(std::string("usage: ") + (insert ? "break" : "delete") + " PC");
  auto pc = number(a[1]);
  if (!pc) return fail("bad address '" + a[1] + "'");
  if (insert) {
    if (!target_.add_breakpoint(*pc)) return fail("cannot set a breakpoint at '" + a[1] + "'");
    breakpoints_.insert(*pc);
    *out_ << "breakpoint at " << hexnum(*pc) << "\n";
  } else {
    if (!breakpoints_.count(*pc)) return fail("no breakpoint at '" + a[1] + "'");
    target_.remove_breakpoint(*pc);
    breakpoints_.erase(*pc);
  }
  return Outcome::ok;
}

// watch [KIND] ADDR [LEN] / unwatch [KIND] ADDR [LEN]: unwatch without KIND or LEN removes
// every watchpoint at ADDR, of any kind or length.
Monitor::Outcome Monitor::watchpoint(const std::vector<std::string>& a, bool insert) {
  const std::string usage = std::string("usage: ") + (insert ? "watch" : "unwatch") + " [read|write|access] ADDR [LEN]";
  size_t i = 1;
  std::optional<WatchKind> kind;
  if (i < a.size() && !a[i].empty() && !std::isdigit(static_cast<unsigned char>(a[i][0]))) {
    if (a[i] == "read") kind = WatchKind::read;
    else if (a[i] == "write") kind = WatchKind::write;
    else if (a[i] == "access") kind = WatchKind::access;
    else return fail("bad watchpoint kind '" + a[i] + "' (read, write or access)");
    ++i;
  }
  if (i >= a.size() || a.size() > i + 2) return fail(usage);
  auto addr = number(a[i]);
  if (!addr) return fail("bad address '" + a[i] + "'");
  std::optional<uint64_t> len;
  if (i + 1 < a.size()) {
    len = number(a[i + 1]);
    if (!len || *len == 0 || *addr + (*len - 1) < *addr) return fail("bad length '" + a[i + 1] + "'");
  }
  if (insert) {
    const WatchKind k = kind.value_or(WatchKind::write);
    const uint64_t l = len.value_or(8);
    if (!target_.supports_watchpoints()) return fail("this target has no watchpoints");
    if (watchpoints_.count({*addr, k, l})) return fail("already watching " + a[i]);
    if (!target_.add_watchpoint(k, *addr, l)) return fail("cannot watch '" + a[i] + "'");
    watchpoints_.insert({*addr, k, l});
    *out_ << watch_kind_name(k) << " watchpoint at " << hexnum(*addr) << " len " << l << "\n";
    return Outcome::ok;
  }
  bool found = false;
  for (auto it = watchpoints_.begin(); it != watchpoints_.end();) {
    const auto& [w_addr, w_kind, w_len] = *it;
    if (w_addr == *addr && (!kind || *kind == w_kind) && (!len || *len == w_len)) {
      target_.remove_watchpoint(w_kind, w_addr, w_len);
      it = watchpoints_.erase(it);
      found = true;
    } else {
      ++it;
    }
  }
  if (!found) return fail("no watchpoint at '" + a[i] + "'");
  return Outcome::ok;
}

Monitor::Outcome Monitor::dump(const std::vector<std::string>& a) {
  if (a.size() < 2 || a.size() > 3) return fail("usage: dump ADDR [LEN]");
  auto addr = number(a[1]);
  if (!addr) return fail("bad address '" + a[1] + "'");
  uint64_t len = 64;
  if (a.size() == 3) {
    auto l = number(a[2]);
    if (!l || *l == 0 || *l > 65536) return fail("bad length '" + a[2] + "' (1-65536)");
    len = *l;
  }
  std::vector<uint8_t> buf(len);
  if (!target_.read_memory(*addr, buf.data(), buf.size()))
    return fail("address '" + a[1] + "' (+" + std::to_string(len) + ") is not RAM");
  for (uint64_t off = 0; off < len; off += 16) {
    *out_ << hexnum(*addr + off, 16) << ":";
    std::string ascii;
    for (uint64_t i = off; i < off + 16 && i < len; ++i) {
      char b[4];
      std::snprintf(b, sizeof b, " %02x", buf[i]);
      *out_ << b;
      ascii += std::isprint(buf[i]) ? static_cast<char>(buf[i]) : '.';
    }
    for (uint64_t i = len; i < off + 16; ++i) *out_ << "   ";
    *out_ << "  " << ascii << "\n";
  }
  return Outcome::ok;
}

} // namespace ppc64sim::debug
