#include "sim/image_loader.h"

#include <elf.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ppc64sim::sim {
namespace {

// Largest board memory (platform key `memory`, 65536 MiB): no image can be bigger, so a
// bigger file is refused before it is read into host memory.
constexpr uint64_t max_image_bytes = 65536ull << 20;

std::string hex(uint64_t v) {
  std::ostringstream os;
  os << "0x" << std::hex << v;
  return os.str();
}

std::vector<uint8_t> read_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw ImageError(path + ": cannot read image: is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ImageError(path + ": cannot read image: " + std::strerror(errno));
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size < 0) throw ImageError(path + ": cannot read image: not seekable");
  if (static_cast<uint64_t>(size) > max_image_bytes)
    throw ImageError(path + ": image is " + std::to_string(size) +
                     " bytes, larger than the largest board memory (" +
                     std::to_string(max_image_bytes) + " bytes)");
  in.seekg(0, std::ios::beg);
  std::vector<uint8_t> data(static_cast<size_t>(size));
  if (size > 0 && !in.read(reinterpret_cast<char*>(data.data()), size))
    throw ImageError(path + ": cannot read image: read error");
  if (data.empty()) throw ImageError(path + ": image is empty");
  return data;
}

// The file is big-endian whatever the host is: assemble every field byte by byte.
uint64_t be(const uint8_t* p, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v = (v << 8) | p[i];
  return v;
}
#define BE_FIELD(base, type, field) \
  be((base) + offsetof(type, field), sizeof(static_cast<type*>(nullptr)->field))

LoadedImage parse_elf(const std::string& path, const std::vector<uint8_t>& f) {
  if (f.size() < EI_NIDENT)
    throw ImageError(path + ": truncated ELF: " + std::to_string(f.size()) +
                     " bytes, e_ident alone needs " + std::to_string(EI_NIDENT));
  if (f[EI_CLASS] != ELFCLASS64)
    throw ImageError(path + ": ELF e_ident[EI_CLASS] is " + std::to_string(f[EI_CLASS]) +
                     ", expected ELFCLASS64 (2): not a 64-bit ELF");
  if (f[EI_DATA] != ELFDATA2MSB)
    throw ImageError(path + ": ELF e_ident[EI_DATA] is " + std::to_string(f[EI_DATA]) +
                     ", expected ELFDATA2MSB (2): not a big-endian ELF");
  if (f.size() < sizeof(Elf64_Ehdr))
    throw ImageError(path + ": truncated ELF: " + std::to_string(f.size()) +
                     " bytes, the ELF header needs " + std::to_string(sizeof(Elf64_Ehdr)));
  const uint8_t* eh = f.data();
  uint64_t machine = BE_FIELD(eh, Elf64_Ehdr, e_machine);
  if (machine != EM_PPC64)
    throw ImageError(path + ": ELF e_machine is " + std::to_string(machine) +
                     ", expected EM_PPC64 (" + std::to_string(EM_PPC64) + ")");
  uint64_t type = BE_FIELD(eh, Elf64_Ehdr, e_type);
  if (type != ET_EXEC && type != ET_DYN)
    throw ImageError(path + ": ELF e_type is " + std::to_string(type) +
                     ", expected ET_EXEC (2) or ET_DYN (3)");

  uint64_t phoff = BE_FIELD(eh, Elf64_Ehdr, e_phoff);
  uint64_t phentsize = BE_FIELD(eh, Elf64_Ehdr, e_phentsize);
  uint64_t phnum = BE_FIELD(eh, Elf64_Ehdr, e_phnum);
  if (phnum == 0) throw ImageError(path + ": ELF has no program headers (e_phnum 0)");
  if (phentsize != sizeof(Elf64_Phdr))
    throw ImageError(path + ": ELF e_phentsize is " + std::to_string(phentsize) +
                     ", expected " + std::to_string(sizeof(Elf64_Phdr)));
  // phnum < 2^16 and phentsize is 56, so the product cannot overflow; phoff can be anything.
  if (phoff > f.size() || phnum * phentsize > f.size() - phoff)
    throw ImageError(path + ": truncated ELF: program headers at e_phoff " + hex(phoff) + " (" +
                     std::to_string(phnum) + " x " + std::to_string(phentsize) +
                     " bytes) extend past the end of the " + std::to_string(f.size()) +
                     "-byte file");

  LoadedImage img;
  img.kind = LoadedImage::Kind::elf;
  img.entry = BE_FIELD(eh, Elf64_Ehdr, e_entry);
  for (uint64_t i = 0; i < phnum; ++i) {
    const uint8_t* ph = f.data() + phoff + i * phentsize;
    if (BE_FIELD(ph, Elf64_Phdr, p_type) != PT_LOAD) continue;
    uint64_t offset = BE_FIELD(ph, Elf64_Phdr, p_offset);
    uint64_t paddr = BE_FIELD(ph, Elf64_Phdr, p_paddr);
    uint64_t filesz = BE_FIELD(ph, Elf64_Phdr, p_filesz);
    uint64_t memsz = BE_FIELD(ph, Elf64_Phdr, p_memsz);
    std::string seg = "ELF program header " + std::to_string(i) + " (PT_LOAD at p_paddr " +
                      hex(paddr) + ")";
    if (filesz > memsz)
      throw ImageError(path + ": " + seg + ": p_filesz " + hex(filesz) + " > p_memsz " +
                       hex(memsz));
    if (offset > f.size() || filesz > f.size() - offset)
      throw ImageError(path + ": truncated ELF: " + seg + " needs file bytes " + hex(offset) +
                       ".." + hex(offset + filesz) + " but the file is " +
                       std::to_string(f.size()) + " bytes");
    if (memsz > max_image_bytes || paddr > UINT64_MAX - memsz)
      throw ImageError(path + ": " + seg + ": p_memsz " + hex(memsz) + " is too large");
    if (memsz == 0) continue;
    ImageSegment s;
    s.addr = paddr;
    s.bytes.assign(f.begin() + static_cast<std::ptrdiff_t>(offset),
                   f.begin() + static_cast<std::ptrdiff_t>(offset + filesz));
    s.bytes.resize(memsz, 0);
    img.segments.push_back(std::move(s));
  }
  if (img.segments.empty()) throw ImageError(path + ": ELF has no non-empty PT_LOAD segment");
  return img;
}

} // namespace

LoadedImage load_image(const std::string& path) {
  std::vector<uint8_t> data = read_file(path);
  if (data.size() >= SELFMAG && std::memcmp(data.data(), ELFMAG, SELFMAG) == 0)
    return parse_elf(path, data);
  LoadedImage img;
  img.kind = LoadedImage::Kind::raw;
  img.entry = raw_entry;
  img.segments.push_back(ImageSegment{raw_load_address, std::move(data)});
  return img;
}

void check_image_fits(const LoadedImage& image, const std::string& path, uint64_t memory_bytes,
                      uint64_t reserved_addr, uint64_t reserved_size) {
  for (const ImageSegment& s : image.segments) {
    uint64_t size = s.bytes.size();
    std::string what = image.kind == LoadedImage::Kind::raw
                           ? std::string("raw image")
                           : "ELF segment at " + hex(s.addr);
    if (s.addr >= memory_bytes || size > memory_bytes - s.addr)
      throw ImageError(path + ": " + what + " (" + std::to_string(size) + " bytes at " +
                       hex(s.addr) + ") does not fit in the board's " +
                       std::to_string(memory_bytes) + " bytes (" +
                       std::to_string(memory_bytes >> 20) + " MiB) of RAM");
    bool overlaps = s.addr < reserved_addr + reserved_size && reserved_addr < s.addr + size;
    if (overlaps)
      throw ImageError(path + ": " + what + " (" + std::to_string(size) + " bytes at " +
                       hex(s.addr) + ") overlaps the device-tree area " + hex(reserved_addr) +
                       ".." + hex(reserved_addr + reserved_size) + "; at most " +
                       std::to_string(reserved_addr) + " bytes fit below it");
  }
}

} // namespace ppc64sim::sim
