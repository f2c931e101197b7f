#include "platforms/checkpoint_file.h"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

namespace ppc64sim::platform {

namespace {

constexpr size_t kMagicBytes = sizeof(kCheckpointMagic);
constexpr size_t kPrologueBytes = kMagicBytes + 4 + 4; // magic, version, header length
constexpr size_t kMaxTagBytes = 32;

const std::array<uint32_t, 256>& crc_table() {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  return table;
}

uint32_t be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

bool printable_tag(const std::string& tag) {
  if (tag.empty() || tag.size() > kMaxTagBytes) return false;
  for (char c : tag)
    if (c <= ' ' || c > '~') return false;
  return true;
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

} // namespace

uint32_t crc32(const uint8_t* data, size_t size, uint32_t crc) {
  const auto& table = crc_table();
  crc = ~crc;
  for (size_t i = 0; i < size; ++i) crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

// ---- ByteWriter / ByteReader ----

void ByteWriter::text(std::string_view s) {
  u32(static_cast<uint32_t>(s.size()));
  bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

uint64_t ByteReader::be(int n) {
  if (left() < static_cast<size_t>(n))
    fail("truncated at byte " + std::to_string(offset()) + " (needs " + std::to_string(n) + " bytes, " +
         std::to_string(left()) + " left)");
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | *p_++;
  return v;
}

bool ByteReader::boolean() {
  const size_t at = offset();
  const uint8_t b = u8();
  if (b > 1) fail("bad boolean " + std::to_string(b) + " at byte " + std::to_string(at));
  return b == 1;
}

const uint8_t* ByteReader::bytes(size_t n) {
  if (left() < n)
    fail("truncated at byte " + std::to_string(offset()) + " (needs " + std::to_string(n) + " bytes, " +
         std::to_string(left()) + " left)");
  const uint8_t* at = p_;
  p_ += n;
  return at;
}

std::string ByteReader::text() {
  const uint32_t n = u32();
  const uint8_t* s = bytes(n);
  return std::string(reinterpret_cast<const char*>(s), n);
}

uint32_t ByteReader::count(size_t min_element_bytes) {
  const size_t at = offset();
  const uint32_t n = u32();
  if (min_element_bytes != 0 && n > left() / min_element_bytes)
    fail("bad count " + std::to_string(n) + " at byte " + std::to_string(at) + " (only " + std::to_string(left()) +
         " bytes left)");
  return n;
}

void ByteReader::expect_end() const {
  if (left() != 0)
    fail(std::to_string(left()) + " unexpected bytes at byte " + std::to_string(offset()) + " (bad size)");
}

void ByteReader::fail(const std::string& why) const { throw CheckpointError(what_ + ": " + why); }

// ---- writing ----

std::vector<uint8_t> encode_checkpoint(const CheckpointHeader& header,
                                       const std::vector<CheckpointSection>& sections) {
  ByteWriter body;
  body.text(header.simulator_version);
  body.u32(static_cast<uint32_t>(header.platform.size()));
  for (const auto& [key, value] : header.platform) {
    body.text(key);
    body.text(value);
  }
  body.u64(header.time_ps);
  body.u64(header.cycle);
  body.u32(static_cast<uint32_t>(sections.size()));

  ByteWriter out;
  out.bytes(reinterpret_cast<const uint8_t*>(kCheckpointMagic), kMagicBytes);
  out.u32(header.format_version);
  out.u32(static_cast<uint32_t>(body.data().size()));
  out.bytes(body.data().data(), body.data().size());
  out.u32(crc32(out.data().data(), out.data().size()));
  for (const CheckpointSection& s : sections) {
    if (!printable_tag(s.tag)) throw CheckpointError("checkpoint section tag " + quoted(s.tag) + " is malformed");
    const size_t start = out.data().size();
    out.u16(static_cast<uint16_t>(s.tag.size()));
    out.bytes(reinterpret_cast<const uint8_t*>(s.tag.data()), s.tag.size());
    out.u64(s.data.size());
    out.bytes(s.data.data(), s.data.size());
    out.u32(crc32(out.data().data() + start, out.data().size() - start));
  }
  return out.take();
}

std::string checkpoint_path_problem(const std::string& path) {
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return "checkpoint " + path + ": cannot create " + tmp + ": " + std::strerror(errno);
  std::fclose(f);
  std::remove(tmp.c_str());
  return std::string();
}

std::string try_write_checkpoint(const std::string& path, const CheckpointHeader& header,
                                 const std::vector<CheckpointSection>& sections) {
  const std::vector<uint8_t> bytes = encode_checkpoint(header, sections);
  const std::string tmp = path + ".tmp";
  auto failure = [&](const std::string& what) {
    const int err = errno;
    std::remove(tmp.c_str());
    return "checkpoint " + path + ": cannot " + what + ": " + std::strerror(err);
  };
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return failure("create " + tmp);
  const bool wrote = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  if (std::fclose(f) != 0 || !wrote) return failure("write " + tmp);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return failure("rename " + tmp + " to it");
  return std::string();
}

void write_checkpoint(const std::string& path, const CheckpointHeader& header,
                      const std::vector<CheckpointSection>& sections) {
  const std::string error = try_write_checkpoint(path, header, sections);
  if (!error.empty()) throw CheckpointError(error);
}

// ---- reading ----

CheckpointFile CheckpointFile::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CheckpointError("checkpoint " + path + ": cannot open: " + std::strerror(errno));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw CheckpointError("checkpoint " + path + ": read error");
  return parse(std::move(bytes), path);
}

std::string CheckpointFile::where() const { return "checkpoint " + path_; }
std::string CheckpointFile::where(const std::string& tag) const { return where() + ": section " + quoted(tag); }

CheckpointFile CheckpointFile::parse(std::vector<uint8_t> bytes, const std::string& path) {
  CheckpointFile f;
  f.path_ = path;
  f.bytes_ = std::move(bytes);
  const std::vector<uint8_t>& b = f.bytes_;
  auto refuse = [&](const std::string& why) { throw CheckpointError(f.where() + ": " + why); };

  // The magic and the version sit at fixed offsets in every format version.
  if (b.empty()) refuse("truncated: the file is empty");
  const size_t magic_seen = b.size() < kMagicBytes ? b.size() : kMagicBytes;
  if (std::memcmp(b.data(), kCheckpointMagic, magic_seen) != 0)
    refuse("not a ppc64sim checkpoint (no \"PPC64CKP\" magic at the start)");
  if (b.size() < kPrologueBytes)
    refuse("truncated after " + std::to_string(b.size()) + " bytes (in the file prologue)");
  f.header_.format_version = be32(&b[kMagicBytes]);
  if (f.header_.format_version < kOldestReadableFormatVersion || f.header_.format_version > kCheckpointFormatVersion)
    refuse("format version " + std::to_string(f.header_.format_version) + ", this simulator reads versions " +
           std::to_string(kOldestReadableFormatVersion) + " to " + std::to_string(kCheckpointFormatVersion));
  const uint64_t body_bytes = be32(&b[kMagicBytes + 4]);
  if (b.size() - kPrologueBytes < body_bytes + 4)
    refuse("truncated in the header (" + std::to_string(kPrologueBytes + body_bytes + 4) + " header bytes, the file has " +
           std::to_string(b.size()) + ")");
  const size_t header_end = kPrologueBytes + static_cast<size_t>(body_bytes);
  if (crc32(b.data(), header_end) != be32(&b[header_end])) refuse("header CRC mismatch (corrupt header)");

  ByteReader h(&b[kPrologueBytes], static_cast<size_t>(body_bytes), f.where() + ": header");
  f.header_.simulator_version = h.text();
  const uint32_t keys = h.u32();
  if (keys > h.left() / 8) h.fail("bad platform key count " + std::to_string(keys));
  for (uint32_t k = 0; k < keys; ++k) {
    std::string key = h.text();
    std::string value = h.text();
    f.header_.platform.emplace_back(std::move(key), std::move(value));
  }
  f.header_.time_ps = h.u64();
  f.header_.cycle = h.u64();
  const uint32_t count = h.u32();
  h.expect_end();

  size_t at = header_end + 4;
  for (uint32_t i = 0; i < count; ++i) {
    const size_t start = at;
    const std::string nth = "section " + std::to_string(i + 1) + " of " + std::to_string(count);
    if (b.size() - at < 2) refuse("truncated: the file ends before " + nth);
    const size_t tag_bytes = (size_t{b[at]} << 8) | b[at + 1];
    if (tag_bytes == 0 || tag_bytes > kMaxTagBytes) refuse(nth + " has a malformed tag (corrupt file)");
    at += 2;
    if (b.size() - at < tag_bytes + 8) refuse("truncated in the head of " + nth);
    std::string tag(reinterpret_cast<const char*>(&b[at]), tag_bytes);
    if (!printable_tag(tag)) refuse(nth + " has a malformed tag (corrupt file)");
    at += tag_bytes;
    uint64_t len = 0;
    for (int k = 0; k < 8; ++k) len = (len << 8) | b[at + k];
    at += 8;
    if (b.size() - at < 4 || len > b.size() - at - 4)
      refuse("truncated in section " + quoted(tag) + " (" + std::to_string(len) + " data bytes, " +
             std::to_string(b.size() - at < 4 ? 0 : b.size() - at - 4) + " left in the file)");
    const size_t data_at = at;
    at += static_cast<size_t>(len);
    if (crc32(&b[start], at - start) != be32(&b[at]))
      refuse("section " + quoted(tag) + ": CRC mismatch (corrupt data)");
    at += 4;
    if (!f.sections_.emplace(tag, std::make_pair(data_at, static_cast<size_t>(len))).second)
      refuse("section " + quoted(tag) + " appears twice");
    f.order_.push_back(tag);
  }
  if (at != b.size())
    refuse(std::to_string(b.size() - at) + " unexpected bytes after the last section (bad size)");
  return f;
}

void CheckpointFile::check_platform(const PlatformFingerprint& board) const {
  const PlatformFingerprint& saved = header_.platform;
  const size_t n = saved.size() < board.size() ? saved.size() : board.size();
  auto refuse = [&](const std::string& why) {
    throw CheckpointError(where() + ": saved on another platform: " + why);
  };
  for (size_t i = 0; i < n; ++i) {
    if (saved[i].first != board[i].first)
      refuse("key " + quoted(saved[i].first) + " in the checkpoint where this board has " + quoted(board[i].first));
    if (saved[i].second != board[i].second)
      refuse("key " + quoted(saved[i].first) + " is " + quoted(saved[i].second) + " in the checkpoint, " +
             quoted(board[i].second) + " on this board");
  }
  if (saved.size() > n) refuse("key " + quoted(saved[n].first) + " is in the checkpoint, not on this board");
  if (board.size() > n) refuse("key " + quoted(board[n].first) + " is on this board, not in the checkpoint");
}

ByteReader CheckpointFile::section(const std::string& tag) const {
  auto it = sections_.find(tag);
  if (it == sections_.end()) throw CheckpointError(where() + ": missing section " + quoted(tag));
  return ByteReader(bytes_.data() + it->second.first, it->second.second, where(tag));
}

std::vector<std::string> CheckpointFile::tags() const { return order_; }

} // namespace ppc64sim::platform
