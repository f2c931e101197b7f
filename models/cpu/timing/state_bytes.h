#pragma once
// Byte-order-independent encoding of timing state for checkpoints: every integer is written
// little-endian byte by byte, so the bytes are the same on every host. The reader never reads
// past its end: it records the first problem and returns zeros from then on.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ppc64sim::cpu::timing {

class ByteWriter {
public:
  explicit ByteWriter(std::vector<uint8_t>& out) : out_(out) {}
  void u8(uint8_t v) { out_.push_back(v); }
  void u32(uint32_t v) { put(v, 4); }
  void u64(uint64_t v) { put(v, 8); }
  void tag(const char (&magic)[9]) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<uint8_t>(magic[i]));
  }

private:
  void put(uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  std::vector<uint8_t>& out_;
};

class ByteReader {
public:
  ByteReader(const uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  uint8_t u8(const char* what) { return static_cast<uint8_t>(get(1, what)); }
  uint32_t u32(const char* what) { return static_cast<uint32_t>(get(4, what)); }
  uint64_t u64(const char* what) { return get(8, what); }
  // Reads an 8-byte tag; a mismatch is an error naming `what`.
  void tag(const char (&magic)[9], const char* what) {
    for (int i = 0; i < 8; ++i)
      if (u8(what) != static_cast<uint8_t>(magic[i]) && error_.empty())
        fail(std::string("bad magic (not a ") + what + ")");
  }
  // A value that must equal what this model was built with (geometry, thread count).
  void expect(uint64_t value, uint64_t expected, const char* what) {
    if (error_.empty() && value != expected)
      fail(std::string(what) + " is " + std::to_string(value) + ", this model has " +
           std::to_string(expected));
  }
  void fail(const std::string& message) {
    if (error_.empty()) error_ = message;
  }
  // "" when everything was read and nothing is left over.
  std::string finish() {
    if (error_.empty() && pos_ != size_)
      error_ = std::to_string(size_ - pos_) + " unexpected bytes after the state";
    return error_;
  }
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

private:
  uint64_t get(int bytes, const char* what) {
    if (!error_.empty()) return 0;
    if (size_ - pos_ < static_cast<std::size_t>(bytes)) {
      error_ = "truncated at byte " + std::to_string(pos_) + " of " + std::to_string(size_) +
               " (reading " + what + ")";
      return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(data_[pos_ + i]) << (8 * i);
    pos_ += static_cast<std::size_t>(bytes);
    return v;
  }
  const uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  std::string error_;
};

} // namespace ppc64sim::cpu::timing
