#include "sim/trace/vcd_writer.h"

#include <memory>
#include <stdexcept>

namespace ppc64sim::trace {
namespace {

__extension__ typedef unsigned __int128 u128;

struct Unit {
  const char* name;
  uint64_t fs;  // femtoseconds in one unit
};
// IEEE 1364-2005 section 18.2.3.5: the $timescale number is 1, 10 or 100 only.
constexpr Unit kUnits[] = {
    {"100 ms", 100'000'000'000'000ULL}, {"10 ms", 10'000'000'000'000ULL}, {"1 ms", 1'000'000'000'000ULL},
    {"100 us", 100'000'000'000ULL},     {"10 us", 10'000'000'000ULL},     {"1 us", 1'000'000'000ULL},
    {"100 ns", 100'000'000ULL},         {"10 ns", 10'000'000ULL},         {"1 ns", 1'000'000ULL},
    {"100 ps", 100'000ULL},             {"10 ps", 10'000ULL},             {"1 ps", 1'000ULL},
    {"100 fs", 100ULL},                 {"10 fs", 10ULL},                 {"1 fs", 1ULL},
};
constexpr uint64_t kFsPerSecond = 1'000'000'000'000'000ULL;

std::string id_code(size_t index) {
  std::string code;
  do {
    code += static_cast<char>('!' + index % 94);
    index /= 94;
  } while (index);
  return code;
}

struct Scope {
  std::string name;
  std::vector<size_t> signals;
  std::vector<std::unique_ptr<Scope>> children;

  Scope* child(const std::string& n) {
    for (auto& c : children)
      if (c->name == n) return c.get();
    children.push_back(std::make_unique<Scope>());
    children.back()->name = n;
    return children.back().get();
  }
};

} // namespace

VcdWriter::VcdWriter(const std::string& path, uint64_t clock_hz, SignalFilter filter)
    : out_(path), clock_hz_(clock_hz), filter_(std::move(filter)) {
  if (clock_hz == 0) throw std::invalid_argument("vcd: clock-hz must be > 0");
  // The largest legal unit that divides the cycle period exactly keeps timestamps integral;
  // a clock whose period is not a whole number of fs falls back to 1 ps with rounding.
  const Unit* chosen = nullptr;
  if (kFsPerSecond % clock_hz == 0) {
    uint64_t period_fs = kFsPerSecond / clock_hz;
    for (const Unit& u : kUnits) {
      if (period_fs % u.fs == 0) {
        chosen = &u;
        break;
      }
    }
  }
  if (!chosen) chosen = &kUnits[11];
  timescale_ = chosen->name;
  unit_per_second_ = kFsPerSecond / chosen->fs;
}

VcdWriter::~VcdWriter() {
  close();
}

uint64_t VcdWriter::time_of(uint64_t cycle) const {
  u128 t = (static_cast<u128>(cycle) * unit_per_second_ + clock_hz_ / 2) / clock_hz_;
  return static_cast<uint64_t>(t);
}

int VcdWriter::add_signal(const std::string& name, unsigned width, uint64_t initial) {
  if (header_done_) throw std::logic_error("vcd: signal '" + name + "' declared after the first change");
  if (width == 0 || width > 64)
    throw std::invalid_argument("vcd: signal '" + name + "' has width " + std::to_string(width) +
                                " (allowed 1..64)");
  if (name.empty() || name.front() == '.' || name.back() == '.' || name.find("..") != std::string::npos ||
      name.find(' ') != std::string::npos)
    throw std::invalid_argument("vcd: bad signal name '" + name + "'");
  for (const auto& s : signals_)
    if (s.name == name) throw std::invalid_argument("vcd: signal '" + name + "' declared twice");
  if (!filter_.selects(name)) return kNoSignal;
  uint64_t mask = width == 64 ? ~0ULL : ((1ULL << width) - 1);
  signals_.push_back({name, id_code(signals_.size()), width, initial & mask});
  return static_cast<int>(signals_.size() - 1);
}

void VcdWriter::emit_value(const Signal& s) {
  std::string line;
  if (s.width == 1) {
    line = (s.value ? "1" : "0") + s.code + "\n";
  } else {
    line = "b";
    int top = 63;
    while (top > 0 && !((s.value >> top) & 1)) --top;
    for (int b = top; b >= 0; --b) line += ((s.value >> b) & 1) ? '1' : '0';
    line += ' ' + s.code + "\n";
  }
  out_.write(line);
}

void VcdWriter::write_header() {
  header_done_ = true;
  Scope root;
  for (size_t i = 0; i < signals_.size(); ++i) {
    Scope* sc = &root;
    const std::string& n = signals_[i].name;
    size_t start = 0, dot;
    while ((dot = n.find('.', start)) != std::string::npos) {
      sc = sc->child(n.substr(start, dot - start));
      start = dot + 1;
    }
    sc->signals.push_back(i);
  }
  std::string h = "$version ppc64sim trace v1 $end\n";
  h += "$comment clock-hz=" + std::to_string(clock_hz_) + " time-units-per-cycle=" +
       std::to_string(time_of(1)) + " $end\n";
  h += "$timescale " + timescale_ + " $end\n";
  auto leaf = [this](const std::string& n) { return n.substr(n.rfind('.') == std::string::npos ? 0 : n.rfind('.') + 1); };
  // Explicit stack instead of recursion: the tree is shallow but this keeps it obvious.
  struct Frame { const Scope* s; size_t next; };
  std::vector<Frame> stack{{&root, 0}};
  for (size_t i : root.signals)
    h += "$var wire " + std::to_string(signals_[i].width) + " " + signals_[i].code + " " + leaf(signals_[i].name) + " $end\n";
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next == f.s->children.size()) {
      if (stack.size() > 1) h += "$upscope $end\n";
      stack.pop_back();
      continue;
    }
    const Scope* c = f.s->children[f.next++].get();
    h += "$scope module " + c->name + " $end\n";
    for (size_t i : c->signals)
      h += "$var wire " + std::to_string(signals_[i].width) + " " + signals_[i].code + " " +
           leaf(signals_[i].name) + " $end\n";
    stack.push_back({c, 0});
  }
  h += "$enddefinitions $end\n#0\n$dumpvars\n";
  out_.write(h);
  for (const auto& s : signals_) emit_value(s);
  out_.write("$end\n");
  time_written_ = true;
  now_ = 0;
}

void VcdWriter::change(uint64_t cycle, int id, uint64_t value) {
  if (closed_ || id < 0 || static_cast<size_t>(id) >= signals_.size()) return;
  if (!header_done_) write_header();
  Signal& s = signals_[static_cast<size_t>(id)];
  uint64_t mask = s.width == 64 ? ~0ULL : ((1ULL << s.width) - 1);
  value &= mask;
  uint64_t t = time_of(cycle);
  if (t < now_) {
    ++late_;
    t = now_;
  }
  if (value == s.value) return;
  if (t != now_) {
    out_.write("#" + std::to_string(t) + "\n");
    now_ = t;
  }
  s.value = value;
  emit_value(s);
}

void VcdWriter::flush() {
  if (!closed_) out_.flush();
}

void VcdWriter::close(uint64_t end_cycle) {
  if (closed_) return;
  if (!header_done_) write_header();
  if (time_of(end_cycle) > now_) {
    now_ = time_of(end_cycle);
    out_.write("#" + std::to_string(now_) + "\n");
  }
  closed_ = true;
  out_.close();
}

} // namespace ppc64sim::trace
