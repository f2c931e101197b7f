#include "tests/isa/elf_image.h"

#include <elf.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace ppc64sim::isa_test {
namespace {

// ELF fields of a big-endian file, read byte by byte so the host's byte order never matters.
uint64_t be(const std::vector<uint8_t>& f, uint64_t off, unsigned len, const std::string& path) {
  if (off > f.size() || len > f.size() - off)
    throw std::runtime_error(path + ": truncated ELF (field at offset " + std::to_string(off) + ")");
  uint64_t v = 0;
  for (unsigned i = 0; i < len; ++i) v = (v << 8) | f[off + i];
  return v;
}

} // namespace

ElfImage load_elf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open");
  std::vector<uint8_t> f((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (f.size() < sizeof(Elf64_Ehdr) || std::memcmp(f.data(), ELFMAG, SELFMAG) != 0)
    throw std::runtime_error(path + ": not an ELF file");
  if (f[EI_CLASS] != ELFCLASS64 || f[EI_DATA] != ELFDATA2MSB)
    throw std::runtime_error(path + ": expected ELF64 big-endian (e_ident class/data)");
  auto rd = [&](uint64_t off, unsigned len) { return be(f, off, len, path); };
  if (rd(offsetof(Elf64_Ehdr, e_machine), 2) != EM_PPC64)
    throw std::runtime_error(path + ": e_machine is not EM_PPC64");

  ElfImage img;
  img.entry = rd(offsetof(Elf64_Ehdr, e_entry), 8);
  uint64_t phoff = rd(offsetof(Elf64_Ehdr, e_phoff), 8);
  uint64_t phentsize = rd(offsetof(Elf64_Ehdr, e_phentsize), 2);
  uint64_t phnum = rd(offsetof(Elf64_Ehdr, e_phnum), 2);
  for (uint64_t i = 0; i < phnum; ++i) {
    uint64_t ph = phoff + i * phentsize;
    if (rd(ph + offsetof(Elf64_Phdr, p_type), 4) != PT_LOAD) continue;
    uint64_t off = rd(ph + offsetof(Elf64_Phdr, p_offset), 8);
    uint64_t filesz = rd(ph + offsetof(Elf64_Phdr, p_filesz), 8);
    uint64_t memsz = rd(ph + offsetof(Elf64_Phdr, p_memsz), 8);
    if (memsz == 0) continue;
    if (filesz > memsz || off > f.size() || filesz > f.size() - off || memsz > (1u << 30))
      throw std::runtime_error(path + ": PT_LOAD " + std::to_string(i) +
                               " has bad p_offset/p_filesz/p_memsz");
    Segment s;
    s.vaddr = rd(ph + offsetof(Elf64_Phdr, p_vaddr), 8);
    s.executable = (rd(ph + offsetof(Elf64_Phdr, p_flags), 4) & PF_X) != 0;
    s.bytes.assign(memsz, 0);
    std::memcpy(s.bytes.data(), f.data() + off, filesz);
    img.segments.push_back(std::move(s));
  }

  uint64_t shoff = rd(offsetof(Elf64_Ehdr, e_shoff), 8);
  uint64_t shentsize = rd(offsetof(Elf64_Ehdr, e_shentsize), 2);
  uint64_t shnum = rd(offsetof(Elf64_Ehdr, e_shnum), 2);
  for (uint64_t i = 0; i < shnum; ++i) {
    uint64_t sh = shoff + i * shentsize;
    if (rd(sh + offsetof(Elf64_Shdr, sh_type), 4) != SHT_SYMTAB) continue;
    uint64_t symoff = rd(sh + offsetof(Elf64_Shdr, sh_offset), 8);
    uint64_t symsize = rd(sh + offsetof(Elf64_Shdr, sh_size), 8);
    uint64_t link = rd(sh + offsetof(Elf64_Shdr, sh_link), 4);
    if (link >= shnum) throw std::runtime_error(path + ": SHT_SYMTAB sh_link out of range");
    uint64_t strsh = shoff + link * shentsize;
    uint64_t stroff = rd(strsh + offsetof(Elf64_Shdr, sh_offset), 8);
    uint64_t strsize = rd(strsh + offsetof(Elf64_Shdr, sh_size), 8);
    if (stroff > f.size() || strsize > f.size() - stroff)
      throw std::runtime_error(path + ": string table out of the file");
    for (uint64_t s = symoff; s + sizeof(Elf64_Sym) <= symoff + symsize; s += sizeof(Elf64_Sym)) {
      uint64_t name = rd(s + offsetof(Elf64_Sym, st_name), 4);
      if (name == 0 || name >= strsize) continue;
      const char* p = reinterpret_cast<const char*>(f.data() + stroff + name);
      std::string n(p, strnlen(p, strsize - name));
      img.symbols[n] = rd(s + offsetof(Elf64_Sym, st_value), 8);
    }
  }
  return img;
}

} // namespace ppc64sim::isa_test
