#include "sim/debug/ppc64_registers.h"

#include "sim/debug/rsp_packet.h"

#include <vector>

namespace ppc64sim::debug::regs {
namespace {

// Registers in g-packet order: gdb lays the g packet out by ascending remote number without
// gaps (remote.c map_regcache_remote_table), so r31 is directly followed by pc.
const std::vector<unsigned>& order() {
  static const std::vector<unsigned> numbers = [] {
    std::vector<unsigned> v;
    for (unsigned i = 0; i < 32; ++i) v.push_back(i);
    for (unsigned r : {kPc, kMsr, kCr, kLr, kCtr, kXer}) v.push_back(r);
    return v;
  }();
  return numbers;
}

uint64_t read_value(unsigned regnum, const cpu::ThreadState& s) {
  if (regnum < 32) return s.gpr[regnum];
  switch (regnum) {
  case kPc: return s.pc;
  case kMsr: return s.msr;
  case kCr: return s.cr;
  case kLr: return s.lr;
  case kCtr: return s.ctr;
  case kXer: return s.xer & 0xffffffffull; // the 32-bit view gdb shows; the upper half is reserved
  default: return 0;
  }
}

void write_value(unsigned regnum, uint64_t v, cpu::ThreadState& s) {
  if (regnum < 32) {
    s.gpr[regnum] = v;
    return;
  }
  switch (regnum) {
  case kPc: s.pc = v; break;
  case kMsr: s.msr = v; break;
  case kCr: s.cr = static_cast<uint32_t>(v); break;
  case kLr: s.lr = v; break;
  case kCtr: s.ctr = v; break;
  case kXer: s.xer = v; break;
  default: break;
  }
}

std::string to_be_hex(uint64_t v, unsigned size) {
  uint8_t bytes[8];
  for (unsigned i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>(v >> (8 * (size - 1 - i)));
  return rsp::to_hex(bytes, size);
}

std::optional<uint64_t> from_be_hex(const std::string& hex, unsigned size) {
  if (hex.size() != 2 * size) return std::nullopt;
  auto bytes = rsp::from_hex(hex);
  if (!bytes) return std::nullopt;
  uint64_t v = 0;
  for (uint8_t b : *bytes) v = v << 8 | b;
  return v;
}

std::string build_xml() {
  std::string xml =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
      "<target version=\"1.0\">\n"
      "  <architecture>powerpc:common64</architecture>\n"
      "  <feature name=\"org.gnu.gdb.power.core\">\n";
  for (unsigned i = 0; i < 32; ++i) {
    xml += "    <reg name=\"r" + std::to_string(i) + "\" bitsize=\"64\" type=\"uint64\" regnum=\"" +
           std::to_string(i) + "\"/>\n";
  }
  xml += "    <reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"64\"/>\n"
         "    <reg name=\"msr\" bitsize=\"64\" type=\"uint64\" regnum=\"65\"/>\n"
         "    <reg name=\"cr\" bitsize=\"32\" type=\"uint32\" regnum=\"66\"/>\n"
         "    <reg name=\"lr\" bitsize=\"64\" type=\"code_ptr\" regnum=\"67\"/>\n"
         "    <reg name=\"ctr\" bitsize=\"64\" type=\"uint64\" regnum=\"68\"/>\n"
         "    <reg name=\"xer\" bitsize=\"32\" type=\"uint32\" regnum=\"69\"/>\n"
         "  </feature>\n"
         "</target>\n";
  return xml;
}

} // namespace

const std::string& target_xml() {
  static const std::string xml = build_xml();
  return xml;
}

unsigned register_size(unsigned regnum) {
  if (regnum < 32) return 8;
  switch (regnum) {
  case kPc: case kMsr: case kLr: case kCtr: return 8;
  case kCr: case kXer: return 4;
  default: return 0;
  }
}

std::string encode_all(const cpu::ThreadState& s) {
  std::string out;
  for (unsigned r : order()) out += to_be_hex(read_value(r, s), register_size(r));
  return out;
}

bool decode_all(const std::string& hex, cpu::ThreadState& s) {
  size_t expected = 0;
  for (unsigned r : order()) expected += 2 * register_size(r);
  if (hex.size() != expected) return false;
  cpu::ThreadState copy = s;
  size_t pos = 0;
  for (unsigned r : order()) {
    unsigned size = register_size(r);
    auto v = from_be_hex(hex.substr(pos, 2 * size), size);
    if (!v) return false;
    write_value(r, *v, copy);
    pos += 2 * size;
  }
  s = copy;
  return true;
}

std::optional<std::string> encode_one(unsigned regnum, const cpu::ThreadState& s) {
  unsigned size = register_size(regnum);
  if (size == 0) return std::nullopt;
  return to_be_hex(read_value(regnum, s), size);
}

bool decode_one(unsigned regnum, const std::string& hex, cpu::ThreadState& s) {
  unsigned size = register_size(regnum);
  if (size == 0) return false;
  auto v = from_be_hex(hex, size);
  if (!v) return false;
  write_value(regnum, *v, s);
  return true;
}

} // namespace ppc64sim::debug::regs
