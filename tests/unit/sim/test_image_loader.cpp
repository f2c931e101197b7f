// The image loader against ELF files built here byte by byte with <elf.h> (big-endian fields,
// whatever the host), and raw images. Errors must name the file and the offending field.
#include "sim/image_loader.h"

#include <elf.h>
#include <endian.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using ppc64sim::sim::check_image_fits;
using ppc64sim::sim::ImageError;
using ppc64sim::sim::load_image;
using ppc64sim::sim::LoadedImage;

namespace {

struct Seg {
  uint32_t type = PT_LOAD;
  uint64_t vaddr = 0, paddr = 0, memsz = 0;
  std::vector<uint8_t> data;
};

struct ElfSpec {
  unsigned char cls = ELFCLASS64;
  unsigned char data = ELFDATA2MSB;
  uint16_t machine = EM_PPC64;
  uint16_t type = ET_EXEC;
  uint64_t entry = 0;
  std::vector<Seg> segs;
};

// Serialises a 64-bit ELF in the byte order the spec asks for.
std::vector<uint8_t> make_elf(const ElfSpec& s) {
  const bool big = s.data == ELFDATA2MSB;
  auto h16 = [big](uint16_t v) { return big ? htobe16(v) : htole16(v); };
  auto h32 = [big](uint32_t v) { return big ? htobe32(v) : htole32(v); };
  auto h64 = [big](uint64_t v) { return big ? htobe64(v) : htole64(v); };

  Elf64_Ehdr eh{};
  std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = s.cls;
  eh.e_ident[EI_DATA] = s.data;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_type = h16(s.type);
  eh.e_machine = h16(s.machine);
  eh.e_version = h32(EV_CURRENT);
  eh.e_entry = h64(s.entry);
  eh.e_phoff = h64(sizeof(Elf64_Ehdr));
  eh.e_ehsize = h16(sizeof(Elf64_Ehdr));
  eh.e_phentsize = h16(sizeof(Elf64_Phdr));
  eh.e_phnum = h16(static_cast<uint16_t>(s.segs.size()));

  std::vector<uint8_t> out(sizeof eh);
  std::memcpy(out.data(), &eh, sizeof eh);
  uint64_t data_off = sizeof(Elf64_Ehdr) + s.segs.size() * sizeof(Elf64_Phdr);
  std::vector<uint8_t> payload;
  for (const Seg& g : s.segs) {
    Elf64_Phdr ph{};
    ph.p_type = h32(g.type);
    ph.p_flags = h32(PF_R | PF_X);
    ph.p_offset = h64(data_off + payload.size());
    ph.p_vaddr = h64(g.vaddr);
    ph.p_paddr = h64(g.paddr);
    ph.p_filesz = h64(g.data.size());
    ph.p_memsz = h64(g.memsz);
    ph.p_align = h64(8);
    const auto* p = reinterpret_cast<const uint8_t*>(&ph);
    out.insert(out.end(), p, p + sizeof ph);
    payload.insert(payload.end(), g.data.begin(), g.data.end());
  }
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

class TempFile {
public:
  explicit TempFile(const std::vector<uint8_t>& bytes) {
    static int n = 0;
    path_ = (fs::temp_directory_path() /
             ("ppc64sim_il_" + std::to_string(getpid()) + "_" + std::to_string(n++)))
                .string();
    std::ofstream(path_, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
  ~TempFile() { fs::remove(path_); }
  const std::string& path() const { return path_; }

private:
  std::string path_;
};

void expect_image_error(const std::vector<uint8_t>& bytes,
                        std::initializer_list<std::string> parts) {
  TempFile f(bytes);
  try {
    load_image(f.path());
    FAIL() << "no ImageError";
  } catch (const ImageError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find(f.path()), std::string::npos) << msg;
    for (const auto& p : parts) EXPECT_NE(msg.find(p), std::string::npos) << msg << " lacks " << p;
  }
}

ElfSpec good_elf() {
  ElfSpec s;
  s.entry = 0x100;
  // Code at physical 0x100 although linked for a high virtual address: p_paddr decides.
  s.segs.push_back({PT_LOAD, 0xc000000000000100ull, 0x100, 8, {0x48, 0, 0, 0, 0x60, 0, 0, 0}});
  s.segs.push_back({PT_NOTE, 0, 0x9000, 4, {1, 2, 3, 4}});
  // Data with a .bss tail: 4 file bytes, 16 in memory.
  s.segs.push_back({PT_LOAD, 0x20000, 0x20000, 16, {0xde, 0xad, 0xbe, 0xef}});
  return s;
}

} // namespace

TEST(ImageLoader, ElfSegmentsAtPhysicalAddressWithZeroFill) {
  TempFile f(make_elf(good_elf()));
  LoadedImage img = load_image(f.path());
  EXPECT_EQ(img.kind, LoadedImage::Kind::elf);
  EXPECT_EQ(img.entry, 0x100u);
  ASSERT_EQ(img.segments.size(), 2u);  // PT_NOTE is not loaded
  EXPECT_EQ(img.segments[0].addr, 0x100u);
  EXPECT_EQ(img.segments[0].bytes, (std::vector<uint8_t>{0x48, 0, 0, 0, 0x60, 0, 0, 0}));
  EXPECT_EQ(img.segments[1].addr, 0x20000u);
  std::vector<uint8_t> data(16, 0);
  data[0] = 0xde; data[1] = 0xad; data[2] = 0xbe; data[3] = 0xef;
  EXPECT_EQ(img.segments[1].bytes, data);
}

TEST(ImageLoader, EntryIsReadBigEndian) {
  ElfSpec s = good_elf();
  s.entry = 0x0000000012345678ull;
  TempFile f(make_elf(s));
  EXPECT_EQ(load_image(f.path()).entry, 0x12345678u);
}

TEST(ImageLoader, Elf32IsRejected) {
  ElfSpec s = good_elf();
  s.cls = ELFCLASS32;
  expect_image_error(make_elf(s), {"EI_CLASS", "ELFCLASS64"});
}

TEST(ImageLoader, LittleEndianElfIsRejected) {
  ElfSpec s = good_elf();
  s.data = ELFDATA2LSB;
  expect_image_error(make_elf(s), {"EI_DATA", "ELFDATA2MSB"});
}

TEST(ImageLoader, WrongMachineIsRejected) {
  ElfSpec s = good_elf();
  s.machine = EM_X86_64;
  expect_image_error(make_elf(s), {"e_machine", std::to_string(EM_X86_64), "EM_PPC64"});
  s.machine = EM_PPC;  // 32-bit PowerPC
  expect_image_error(make_elf(s), {"e_machine", std::to_string(EM_PPC)});
}

TEST(ImageLoader, RelocatableIsRejected) {
  ElfSpec s = good_elf();
  s.type = ET_REL;
  expect_image_error(make_elf(s), {"e_type"});
}

TEST(ImageLoader, TruncatedSegmentData) {
  std::vector<uint8_t> bytes = make_elf(good_elf());
  bytes.resize(bytes.size() - 2);  // cut into the last segment's file bytes
  expect_image_error(bytes, {"truncated", "program header 2"});
}

TEST(ImageLoader, TruncatedHeaders) {
  std::vector<uint8_t> bytes = make_elf(good_elf());
  std::vector<uint8_t> header_only(bytes.begin(), bytes.begin() + 40);
  expect_image_error(header_only, {"truncated"});
  std::vector<uint8_t> no_phdrs(bytes.begin(), bytes.begin() + sizeof(Elf64_Ehdr) + 10);
  expect_image_error(no_phdrs, {"truncated", "program headers"});
  std::vector<uint8_t> magic_only(bytes.begin(), bytes.begin() + 6);
  expect_image_error(magic_only, {"truncated"});
}

TEST(ImageLoader, FileSizeLargerThanMemSize) {
  ElfSpec s = good_elf();
  s.segs[0].memsz = 4;
  expect_image_error(make_elf(s), {"p_filesz", "p_memsz"});
}

TEST(ImageLoader, NoLoadableSegment) {
  ElfSpec s = good_elf();
  s.segs = {{PT_NOTE, 0, 0, 4, {1, 2, 3, 4}}};
  expect_image_error(make_elf(s), {"PT_LOAD"});
}

TEST(ImageLoader, RawImageAtZeroEntry0x100LikeQemuBios) {
  std::vector<uint8_t> raw(0x200, 0);
  raw[0x100] = 0x48;
  TempFile f(raw);
  LoadedImage img = load_image(f.path());
  EXPECT_EQ(img.kind, LoadedImage::Kind::raw);
  EXPECT_EQ(img.entry, 0x100u);
  ASSERT_EQ(img.segments.size(), 1u);
  EXPECT_EQ(img.segments[0].addr, 0u);
  EXPECT_EQ(img.segments[0].bytes, raw);
}

TEST(ImageLoader, EmptyFile) { expect_image_error({}, {"empty"}); }

TEST(ImageLoader, MissingFile) {
  try {
    load_image("/nonexistent/fw.bin");
    FAIL();
  } catch (const ImageError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/fw.bin"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos);
  }
}

TEST(ImageLoader, DirectoryIsNotAnImage) {
  EXPECT_THROW(load_image(fs::temp_directory_path().string()), ImageError);
}

TEST(ImageLoader, RawImageMustFitBelowTheDeviceTree) {
  // 16 MiB board: the FDT area is the last MiB, so 15 MiB of image fit, one byte more not.
  const uint64_t mem = 16ull << 20, fdt = mem - (1ull << 20), fdt_size = 1ull << 20;
  LoadedImage img;
  img.kind = LoadedImage::Kind::raw;
  img.segments.push_back({0, std::vector<uint8_t>(fdt)});
  EXPECT_NO_THROW(check_image_fits(img, "fw.bin", mem, fdt, fdt_size));
  img.segments[0].bytes.push_back(0);
  try {
    check_image_fits(img, "fw.bin", mem, fdt, fdt_size);
    FAIL();
  } catch (const ImageError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("fw.bin"), std::string::npos) << msg;
    EXPECT_NE(msg.find(std::to_string(fdt + 1)), std::string::npos) << msg;
    EXPECT_NE(msg.find("device-tree"), std::string::npos) << msg;
  }
}

TEST(ImageLoader, ImageLargerThanMemory) {
  const uint64_t mem = 16ull << 20;
  LoadedImage img;
  img.kind = LoadedImage::Kind::raw;
  img.segments.push_back({0, std::vector<uint8_t>(mem + 4096)});
  try {
    check_image_fits(img, "big.bin", mem, mem - (1 << 20), 1 << 20);
    FAIL();
  } catch (const ImageError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("big.bin"), std::string::npos) << msg;
    EXPECT_NE(msg.find(std::to_string(mem + 4096)), std::string::npos) << msg;
    EXPECT_NE(msg.find(std::to_string(mem)), std::string::npos) << msg;
  }
}

TEST(ImageLoader, ElfSegmentOutsideRam) {
  LoadedImage img;
  img.kind = LoadedImage::Kind::elf;
  img.segments.push_back({0x20000000, std::vector<uint8_t>(16)});  // 512 MiB, RAM is 256
  EXPECT_THROW(check_image_fits(img, "fw.elf", 256ull << 20, (255ull << 20), 1 << 20), ImageError);
}
