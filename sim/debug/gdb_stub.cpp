#include "sim/debug/gdb_stub.h"

#include "sim/debug/ppc64_registers.h"
#include "sim/debug/rsp_packet.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <utility>
#include <vector>

namespace ppc64sim::debug {
namespace {

// Error numbers are errno values by gdb convention; gdb only checks for the 'E'.
const char* const kErrArgs = "E01";     // malformed request
const char* const kErrThread = "E02";   // no such thread
const char* const kErrMemory = "E14";   // EFAULT: not RAM

constexpr int kSigInt = 2, kSigTrap = 5;

std::string hex2(unsigned v) {
  char buf[3];
  std::snprintf(buf, sizeof buf, "%02x", v & 0xff);
  return buf;
}

std::string hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
  return buf;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos - start));
    if (pos == std::string::npos) return parts;
    start = pos + 1;
  }
}

bool starts_with(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

// "ADDR,LEN" -> both numbers.
bool parse_addr_len(const std::string& text, uint64_t& addr, uint64_t& len) {
  size_t comma = text.find(',');
  if (comma == std::string::npos) return false;
  auto a = rsp::parse_hex_u64(text.substr(0, comma));
  auto l = rsp::parse_hex_u64(text.substr(comma + 1));
  if (!a || !l) return false;
  addr = *a;
  len = *l;
  return true;
}

const char* run_state_name(cpu::RunState s) {
  switch (s) {
  case cpu::RunState::stopped: return "stopped";
  case cpu::RunState::ceded: return "ceded";
  case cpu::RunState::running: return "running";
  }
  return "?";
}

} // namespace

GdbStub::GdbStub(DebugTarget& target, CommandHandler commands)
    : target_(target), commands_(std::move(commands)) {
  current_ = first_thread();
  // gdb attaches to a halted target: report the first thread as stopped by SIGTRAP.
  last_stop_ = "T" + hex2(kSigTrap) + "thread:" + hex(current_ + 1) + ";";
}

bool GdbStub::resumes_target(const std::string& p) {
  if (p.empty()) return false;
  if (p[0] == 'c' || p[0] == 's' || p[0] == 'C' || p[0] == 'S') return true;
  return starts_with(p, "vCont;");
}

uint32_t GdbStub::first_thread() const {
  auto list = target_.threads();
  return list.empty() ? 0 : list.front().server;
}

bool GdbStub::thread_exists(uint32_t server) const {
  for (const auto& t : target_.threads())
    if (t.server == server) return true;
  return false;
}

std::optional<uint32_t> GdbStub::parse_thread(const std::string& text, bool allow_any) const {
  // Caller distinguishes "any/all" itself; this parses a concrete positive id.
  (void)allow_any;
  auto id = rsp::parse_hex_u64(text);
  if (!id || *id == 0 || *id > 0x100000000ull) return std::nullopt;
  uint32_t server = static_cast<uint32_t>(*id - 1);
  if (!thread_exists(server)) return std::nullopt;
  return server;
}

std::optional<std::string> GdbStub::handle(const std::string& p) {
  if (p.empty()) return std::string();
  switch (p[0]) {
  case '?': return last_stop_;
  case 'g': return p.size() == 1 ? read_registers() : kErrArgs;
  case 'G': return write_registers(p.substr(1));
  case 'p': return read_register(p.substr(1));
  case 'P': return write_register(p.substr(1));
  case 'm': return read_memory(p.substr(1));
  case 'M': return write_memory(p.substr(1), false);
  case 'X': return write_memory(p.substr(1), true);
  case 'Z': return breakpoint(p.substr(1), true);
  case 'z': return breakpoint(p.substr(1), false);
  case 'H': return set_thread(p.substr(1));
  case 'T': return parse_thread(p.substr(1), false) ? "OK" : kErrThread;
  case 'c':
  case 's':
  case 'C':
  case 'S': {
    // c [addr] / s [addr] / C sig[;addr] / S sig[;addr]: the signal is dropped (a board has
    // no signals to deliver); a resume address sets the pc first.
    std::string args = p.substr(1);
    if (p[0] == 'C' || p[0] == 'S') {
      size_t semi = args.find(';');
      if (!rsp::parse_hex_u64(args.substr(0, semi))) return kErrArgs;
      args = semi == std::string::npos ? "" : args.substr(semi + 1);
    }
    ResumeRequest req;
    uint32_t thread = c_thread_.value_or(current_);
    if (!args.empty()) {
      auto addr = rsp::parse_hex_u64(args);
      if (!addr) return kErrArgs;
      cpu::ThreadState s;
      if (!target_.get_state(thread, s)) return kErrThread;
      s.pc = *addr;
      target_.set_state(thread, s);
    }
    if (p[0] == 's' || p[0] == 'S') {
      req.mode = ResumeRequest::Mode::step;
      req.step_thread = thread;
    }
    return resume(req);
  }
  case 'D':
    remove_all_breakpoints();
    end_ = End::detach;
    return std::string("OK");
  case 'k':
    remove_all_breakpoints();
    end_ = End::kill;
    return std::nullopt;
  case 'q':
  case 'Q': return query(p);
  case 'v':
    if (p == "vCont?") return std::string("vCont;c;C;s;S");
    if (starts_with(p, "vCont;")) return vcont(p.substr(6));
    if (starts_with(p, "vKill")) {
      remove_all_breakpoints();
      end_ = End::kill;
      return std::string("OK");
    }
    return std::string();
  default: return std::string(); // unsupported
  }
}

std::string GdbStub::stop_reply(const StopEvent& e) {
  std::string thread = "thread:" + hex(e.thread + 1) + ";";
  switch (e.reason) {
  case StopReason::breakpoint: return "T" + hex2(kSigTrap) + "swbreak:;" + thread;
  case StopReason::watchpoint: { // the stop-reply key names the kind gdb inserted (Z2/Z3/Z4)
    const char* key = e.watch_kind == WatchKind::read     ? "rwatch:"
                      : e.watch_kind == WatchKind::access ? "awatch:"
                                                          : "watch:";
    return "T" + hex2(kSigTrap) + key + hex(e.data_address) + ";" + thread;
  }
  case StopReason::step_done:
  case StopReason::limit: return "T" + hex2(kSigTrap) + thread;
  case StopReason::interrupted: return "T" + hex2(kSigInt) + thread;
  case StopReason::power_off: return "W" + hex2(static_cast<unsigned>(e.exit_code));
  }
  return "S05";
}

std::string GdbStub::resume(ResumeRequest request) {
  StopEvent e = target_.resume(request);
  if (e.reason != StopReason::power_off && thread_exists(e.thread)) {
    current_ = e.thread;
    // gdb takes the reporting thread as the new general thread (remote.c record_currthread).
    g_thread_ = e.thread;
  }
  last_stop_ = stop_reply(e);
  return last_stop_;
}

std::string GdbStub::vcont(const std::string& args) {
  // Actions apply left to right, first match wins per thread (gdb manual, vCont).
  ResumeRequest req;
  bool have_step = false, others_continue = false;
  for (const std::string& action : split(args, ';')) {
    if (action.empty()) return kErrArgs;
    size_t colon = action.find(':');
    std::string op = action.substr(0, colon);
    std::optional<uint32_t> thread;
    if (colon != std::string::npos) {
      std::string id = action.substr(colon + 1);
      if (id != "-1") {
        thread = parse_thread(id, false);
        if (!thread) return kErrThread;
      }
    }
    char kind = op[0];
    if ((kind == 'C' || kind == 'S') && !rsp::parse_hex_u64(op.substr(1))) return kErrArgs;
    if ((kind == 'c' || kind == 's') && op.size() != 1) return kErrArgs;
    if (kind == 's' || kind == 'S') {
      if (!have_step) {
        have_step = true;
        req.step_thread = thread.value_or(c_thread_.value_or(current_));
      }
    } else if (kind == 'c' || kind == 'C') {
      if (!thread) others_continue = true;
    } else {
      return kErrArgs; // 't' and 'r' (range stepping) are not offered by vCont?
    }
  }
  if (have_step) {
    req.mode = ResumeRequest::Mode::step;
    req.others_run = others_continue;
  }
  return resume(req);
}

std::string GdbStub::read_registers() {
  cpu::ThreadState s;
  if (!target_.get_state(g_thread_.value_or(current_), s)) return kErrThread;
  return regs::encode_all(s);
}

std::string GdbStub::write_registers(const std::string& args) {
  cpu::ThreadState s;
  uint32_t thread = g_thread_.value_or(current_);
  if (!target_.get_state(thread, s)) return kErrThread;
  if (!regs::decode_all(args, s)) return kErrArgs;
  return target_.set_state(thread, s) ? "OK" : kErrThread;
}

std::string GdbStub::read_register(const std::string& args) {
  auto n = rsp::parse_hex_u64(args);
  if (!n || *n > 0xffff) return kErrArgs;
  cpu::ThreadState s;
  if (!target_.get_state(g_thread_.value_or(current_), s)) return kErrThread;
  auto v = regs::encode_one(static_cast<unsigned>(*n), s);
  return v ? *v : kErrArgs;
}

std::string GdbStub::write_register(const std::string& args) {
  size_t eq = args.find('=');
  if (eq == std::string::npos) return kErrArgs;
  auto n = rsp::parse_hex_u64(args.substr(0, eq));
  if (!n || *n > 0xffff) return kErrArgs;
  uint32_t thread = g_thread_.value_or(current_);
  cpu::ThreadState s;
  if (!target_.get_state(thread, s)) return kErrThread;
  if (!regs::decode_one(static_cast<unsigned>(*n), args.substr(eq + 1), s)) return kErrArgs;
  return target_.set_state(thread, s) ? "OK" : kErrThread;
}

std::string GdbStub::read_memory(const std::string& args) {
  uint64_t addr = 0, len = 0;
  if (!parse_addr_len(args, addr, len)) return kErrArgs;
  // A reply is two hex digits per byte: shorter reads are allowed and gdb asks for the rest.
  len = std::min<uint64_t>(len, rsp::kMaxPayload / 2);
  if (len == 0) return std::string();
  std::vector<uint8_t> buf(len);
  if (!target_.read_memory(addr, buf.data(), buf.size())) return kErrMemory;
  return rsp::to_hex(buf.data(), buf.size());
}

std::string GdbStub::write_memory(const std::string& args, bool binary) {
  size_t colon = args.find(':');
  if (colon == std::string::npos) return kErrArgs;
  uint64_t addr = 0, len = 0;
  if (!parse_addr_len(args.substr(0, colon), addr, len)) return kErrArgs;
  std::string data = args.substr(colon + 1);
  std::vector<uint8_t> bytes;
  if (binary) {
    auto raw = rsp::unescape_binary(data);
    if (!raw) return kErrArgs;
    bytes.assign(raw->begin(), raw->end());
  } else {
    auto decoded = rsp::from_hex(data);
    if (!decoded) return kErrArgs;
    bytes = std::move(*decoded);
  }
  if (bytes.size() != len) return kErrArgs;
  if (len == 0) return "OK"; // gdb's probe for X support
  return target_.write_memory(addr, bytes.data(), bytes.size()) ? "OK" : kErrMemory;
}

std::string GdbStub::breakpoint(const std::string& args, bool insert) {
  auto parts = split(args, ',');
  if (parts.size() < 3 || parts[0].size() != 1) return kErrArgs;
  auto addr = rsp::parse_hex_u64(parts[1]);
  auto kind = rsp::parse_hex_u64(split(parts[2], ';')[0]);
  if (!addr || !kind) return kErrArgs;
  char type = parts[0][0];
  if (type == '0' || type == '1') {
    // Software and "hardware" breakpoints are the same thing to a simulator: nothing is
    // written into guest memory either way.
    if (insert) {
      if (!target_.add_breakpoint(*addr)) return kErrMemory;
      breakpoints_.insert(*addr);
    } else {
      target_.remove_breakpoint(*addr);
      breakpoints_.erase(*addr);
    }
    return "OK";
  }
  if (type >= '2' && type <= '4') {
    if (!target_.supports_watchpoints()) return std::string();
    static const WatchKind kinds[] = {WatchKind::write, WatchKind::read, WatchKind::access};
    WatchKind wk = kinds[type - '2'];
    auto key = std::make_pair(type - '2', std::make_pair(*addr, *kind));
    if (insert) {
      if (!target_.add_watchpoint(wk, *addr, *kind)) return kErrMemory;
      watchpoints_.insert(key);
    } else {
      target_.remove_watchpoint(wk, *addr, *kind);
      watchpoints_.erase(key);
    }
    return "OK";
  }
  return std::string();
}

void GdbStub::remove_all_breakpoints() {
  for (uint64_t a : breakpoints_) target_.remove_breakpoint(a);
  breakpoints_.clear();
  static const WatchKind kinds[] = {WatchKind::write, WatchKind::read, WatchKind::access};
  for (const auto& w : watchpoints_)
    target_.remove_watchpoint(kinds[w.first], w.second.first, w.second.second);
  watchpoints_.clear();
}

std::string GdbStub::set_thread(const std::string& args) {
  if (args.size() < 2 || (args[0] != 'g' && args[0] != 'c')) return kErrArgs;
  std::string id = args.substr(1);
  std::optional<uint32_t> selected;
  if (id != "-1" && id != "0") {
    selected = parse_thread(id, false);
    if (!selected) return kErrThread;
  }
  (args[0] == 'g' ? g_thread_ : c_thread_) = selected;
  return "OK";
}

std::string GdbStub::thread_extra_info(uint32_t server) const {
  for (const auto& t : target_.threads()) {
    if (t.server != server) continue;
    std::string text = "core " + std::to_string(t.core) + " thread " +
                       std::to_string(t.thread_in_core) + ", " +
                       (t.checkstop ? "checkstop" : run_state_name(t.run_state));
    return rsp::to_hex(text);
  }
  return kErrThread;
}

std::string GdbStub::query(const std::string& p) {
  if (starts_with(p, "qSupported")) {
    return "PacketSize=" + hex(rsp::kMaxPayload) + ";qXfer:features:read+;swbreak+;vContSupported+";
  }
  if (starts_with(p, "qXfer:features:read:")) {
    // qXfer:features:read:ANNEX:OFFSET,LENGTH -> 'm' (more follows) or 'l' (last) + data.
    std::string rest = p.substr(std::string("qXfer:features:read:").size());
    size_t colon = rest.find(':');
    if (colon == std::string::npos) return kErrArgs;
    if (rest.substr(0, colon) != "target.xml") return "E00";
    uint64_t offset = 0, len = 0;
    if (!parse_addr_len(rest.substr(colon + 1), offset, len)) return kErrArgs;
    const std::string& xml = regs::target_xml();
    // Escaping may double the size: keep the reply within the announced packet size.
    len = std::min<uint64_t>(len, rsp::kMaxPayload / 2 - 1);
    if (offset >= xml.size()) return "l";
    std::string chunk = xml.substr(offset, len);
    return (offset + chunk.size() >= xml.size() ? "l" : "m") + chunk;
  }
  if (p == "qfThreadInfo") {
    std::string out = "m";
    for (const auto& t : target_.threads()) {
      if (out.size() > 1) out += ',';
      out += hex(t.server + 1);
    }
    return out.size() > 1 ? out : "l";
  }
  if (p == "qsThreadInfo") return "l";
  if (p == "qC") return "QC" + hex(current_ + 1);
  if (p == "qAttached") return "1"; // detach, not kill, when gdb quits
  if (starts_with(p, "qThreadExtraInfo,")) {
    auto server = parse_thread(p.substr(std::string("qThreadExtraInfo,").size()), false);
    return server ? thread_extra_info(*server) : kErrThread;
  }
  if (starts_with(p, "qSymbol")) return "OK"; // no symbols wanted
  if (starts_with(p, "qRcmd,")) return remote_command(p.substr(std::string("qRcmd,").size()));
  return std::string();
}

std::vector<std::string> GdbStub::take_console_packets() {
  std::vector<std::string> out;
  out.swap(console_packets_);
  return out;
}

// qRcmd,HEX (gdb manual, "General Query Packets"): the reply is the command's output in hex,
// or OK when it printed nothing; command errors are output text too (gdb prints them), "E01"
// is kept for a request that is not one hex-encoded line.
std::string GdbStub::remote_command(const std::string& hex_line) {
  if (!commands_) return std::string(); // no interpreter behind this stub: unsupported
  auto bytes = rsp::from_hex(hex_line);
  if (!bytes) return kErrArgs;
  std::string line(bytes->begin(), bytes->end());
  // One command per packet: a NUL or a line break would smuggle in a second one.
  if (line.find_first_of(std::string("\0\n\r", 3)) != std::string::npos) return kErrArgs;
  std::string text;
  try {
    text = commands_(line);
  } catch (const std::exception& e) {
    text = std::string("error: ") + e.what() + "\n";
  }
  if (text.empty()) return "OK";
  std::string hex = rsp::to_hex(text);
  if (hex.size() <= rsp::kMaxPayload) return hex;
  // Too long for one reply: 'O' packets (gdb prints each as it comes), then OK.
  const size_t chunk = (rsp::kMaxPayload - 1) & ~size_t{1}; // whole bytes after the 'O'
  for (size_t off = 0; off < hex.size(); off += chunk) console_packets_.push_back("O" + hex.substr(off, chunk));
  return "OK";
}

} // namespace ppc64sim::debug
