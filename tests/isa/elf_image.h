#pragma once
// A big-endian ELF64 PowerPC executable read into memory: its PT_LOAD segments (file bytes
// plus zero fill up to p_memsz) and its symbol table. Just enough for isa_diff to run the
// generated test programs in the ISS exactly where qemu-ppc64 loads them.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ppc64sim::isa_test {

struct Segment {
  uint64_t vaddr = 0;
  std::vector<uint8_t> bytes; // p_memsz bytes
  bool executable = false;
};

struct ElfImage {
  uint64_t entry = 0;
  std::vector<Segment> segments;
  std::map<std::string, uint64_t> symbols;
};

// Throws std::runtime_error naming the file and the offending field on malformed input.
ElfImage load_elf(const std::string& path);

} // namespace ppc64sim::isa_test
