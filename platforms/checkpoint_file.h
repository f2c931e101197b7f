#pragma once
// The checkpoint container (platforms/CHECKPOINT.md): magic, format version, a checksummed
// header (simulator version, platform fingerprint, simulated time and cycle) and tagged
// sections, each with its length and CRC-32. Everything is big-endian, written and read
// byte by byte, so a file means the same on every host.
//
// This layer knows nothing about boards: it stores named byte blobs and refuses files that
// are not checkpoints, of another format version, truncated, corrupt, or of another platform.
// Every refusal is a CheckpointError whose message is one line naming the file.
#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ppc64sim::platform {

class CheckpointError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

inline constexpr char kCheckpointMagic[8] = {'P', 'P', 'C', '6', '4', 'C', 'K', 'P'};
// Bumped on any change of the layout or of any section's encoding (CHECKPOINT.md).
inline constexpr uint32_t kCheckpointFormatVersion = 4;
// The oldest version this reader still accepts: version 4 only added fields (the POLL and
// CONTROL queries of the fabric, their statistics counters) that version 3 files never hold.
inline constexpr uint32_t kOldestReadableFormatVersion = 3;

// CRC-32 as zlib/PNG/Ethernet compute it (reflected polynomial 0xEDB88320, initial and final
// XOR 0xFFFFFFFF); pass the previous result as `crc` to continue over more bytes.
uint32_t crc32(const uint8_t* data, size_t size, uint32_t crc = 0);

// Big-endian encoder.
class ByteWriter {
public:
  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v) { be(v, 2); }
  void u32(uint32_t v) { be(v, 4); }
  void u64(uint64_t v) { be(v, 8); }
  void i64(int64_t v) { be(static_cast<uint64_t>(v), 8); }
  void boolean(bool v) { out_.push_back(v ? 1 : 0); }
  void bytes(const uint8_t* data, size_t size) { out_.insert(out_.end(), data, data + size); }
  void text(std::string_view s); // u32 length, then the bytes
  const std::vector<uint8_t>& data() const { return out_; }
  std::vector<uint8_t> take() { return std::move(out_); }

private:
  void be(uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  std::vector<uint8_t> out_;
};

// Big-endian decoder over a byte range. Errors throw CheckpointError "<what>: <why>", where
// `what` names the file and the part being read ("ckpt.bin: section 'ram'").
class ByteReader {
public:
  ByteReader(const uint8_t* data, size_t size, std::string what)
      : p_(data), end_(data + size), begin_(data), what_(std::move(what)) {}
  uint8_t u8() { return static_cast<uint8_t>(be(1)); }
  uint16_t u16() { return static_cast<uint16_t>(be(2)); }
  uint32_t u32() { return static_cast<uint32_t>(be(4)); }
  uint64_t u64() { return be(8); }
  int64_t i64() { return static_cast<int64_t>(be(8)); }
  bool boolean(); // refuses bytes other than 0 and 1
  const uint8_t* bytes(size_t n); // pointer into the range, valid as long as the data
  std::string text();
  // A u32 element count whose elements take at least `min_element_bytes` each: refused when
  // the rest of the range cannot hold that many (so a corrupt count never allocates).
  uint32_t count(size_t min_element_bytes);
  size_t left() const { return static_cast<size_t>(end_ - p_); }
  size_t offset() const { return static_cast<size_t>(p_ - begin_); }
  void expect_end() const; // refuses trailing bytes
  [[noreturn]] void fail(const std::string& why) const;
  const std::string& what() const { return what_; }

private:
  uint64_t be(int n);
  const uint8_t* p_;
  const uint8_t* end_;
  const uint8_t* begin_;
  std::string what_;
};

// The effective board configuration, key -> value text, in registry order.
using PlatformFingerprint = std::vector<std::pair<std::string, std::string>>;

struct CheckpointHeader {
  uint32_t format_version = kCheckpointFormatVersion;
  std::string simulator_version;
  PlatformFingerprint platform;
  uint64_t time_ps = 0; // simulated time when saved
  uint64_t cycle = 0;   // the same in core cycles
};

struct CheckpointSection {
  std::string tag; // printable ASCII, 1..32 characters, unique in a file
  std::vector<uint8_t> data;
};

// The whole file as bytes.
std::vector<uint8_t> encode_checkpoint(const CheckpointHeader& header,
                                       const std::vector<CheckpointSection>& sections);
// Writes the file through `<path>.tmp` renamed into place, so a failed write never leaves a
// partial checkpoint under `path`. Throws CheckpointError naming the path.
void write_checkpoint(const std::string& path, const CheckpointHeader& header,
                      const std::vector<CheckpointSection>& sections);
// "" when a checkpoint can be created at `path` (probed with `<path>.tmp`, removed again), else
// why not: lets callers refuse a bad path before running to the checkpoint.
std::string checkpoint_path_problem(const std::string& path);
// The same as write_checkpoint, returning the error text ("" on success) instead of throwing: for callers on a
// SystemC thread's own stack, where an exception is best not unwound.
std::string try_write_checkpoint(const std::string& path, const CheckpointHeader& header,
                                 const std::vector<CheckpointSection>& sections);

// A parsed, fully checked checkpoint: magic, version, lengths and every CRC verified.
class CheckpointFile {
public:
  // Throws CheckpointError "checkpoint <path>: <what is wrong>".
  static CheckpointFile read(const std::string& path);
  static CheckpointFile parse(std::vector<uint8_t> bytes, const std::string& path);

  const std::string& path() const { return path_; }
  const CheckpointHeader& header() const { return header_; }
  // Refuses a checkpoint of another board, naming the first key that differs and both values.
  void check_platform(const PlatformFingerprint& board) const;
  bool has(const std::string& tag) const { return sections_.count(tag) != 0; }
  // A reader over the section's bytes; throws naming a missing section.
  ByteReader section(const std::string& tag) const;
  std::vector<std::string> tags() const; // in file order

  // "checkpoint <path>" (+ ": section '<tag>'"), the prefix of every error about this file.
  std::string where() const;
  std::string where(const std::string& tag) const;

private:
  std::string path_;
  std::vector<uint8_t> bytes_;
  CheckpointHeader header_;
  std::map<std::string, std::pair<size_t, size_t>> sections_; // tag -> (offset, length)
  std::vector<std::string> order_;
};

} // namespace ppc64sim::platform
