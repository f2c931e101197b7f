#pragma once
// Reads a firmware image (big-endian ppc64 ELF or raw binary) into plain segments; no
// SystemC here, so it is unit-tested on its own. Every error throws ImageError naming the
// file and the offending field or size.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ppc64sim::sim {

class ImageError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct ImageSegment {
  uint64_t addr = 0;           // guest physical address
  std::vector<uint8_t> bytes;  // file bytes followed by the zero fill (memsz > filesz)
};

struct LoadedImage {
  enum class Kind { elf, raw } kind = Kind::raw;
  uint64_t entry = 0;
  std::vector<ImageSegment> segments;
};

// QEMU pseries -bios: a raw image is copied to physical 0 and the boot CPU starts at 0x100
// (xics-spec 4.5).
inline constexpr uint64_t raw_load_address = 0;
inline constexpr uint64_t raw_entry = 0x100;

// ELF (by magic: ELFCLASS64, ELFDATA2MSB, EM_PPC64) -> PT_LOAD segments at p_paddr, entry
// e_entry; anything else -> raw image at 0 with entry 0x100.
LoadedImage load_image(const std::string& path);

// Checks that every segment lies in RAM [0, memory_bytes) and outside the reserved area
// [reserved_addr, reserved_addr + reserved_size) (the device tree); throws ImageError naming
// the file, the segment and the sizes.
void check_image_fits(const LoadedImage& image, const std::string& path, uint64_t memory_bytes,
                      uint64_t reserved_addr, uint64_t reserved_size);

} // namespace ppc64sim::sim
