// RSP framing (gdb manual, "Overview" of the remote protocol): checksums, escapes, and a
// decoder that survives anything a socket can deliver.
#include "sim/debug/rsp_packet.h"

#include <gtest/gtest.h>

#include <random>

using namespace ppc64sim::debug;
using Kind = rsp::Event::Kind;

namespace {
std::vector<rsp::Event> decode(const std::string& bytes) {
  rsp::Decoder d;
  std::vector<rsp::Event> out;
  d.feed(bytes.data(), bytes.size(), out);
  return out;
}
} // namespace

TEST(RspFraming, ChecksumIsModulo256Sum) {
  // 'O' + 'K' = 0x4f + 0x4b = 0x9a.
  EXPECT_EQ(rsp::checksum("OK"), 0x9a);
  EXPECT_EQ(rsp::frame("OK"), "$OK#9a");
  EXPECT_EQ(rsp::frame(""), "$#00");
  EXPECT_EQ(rsp::checksum(std::string(256, '\x01')), 0); // wraps
}

TEST(RspFraming, EscapesFramingCharacters) {
  // '}' then the byte XOR 0x20: '#' 0x23 -> 0x03, '$' 0x24 -> 0x04, '}' 0x7d -> 0x5d, '*' 0x2a -> 0x0a.
  EXPECT_EQ(rsp::escape_binary("a#b$c}d*"), std::string("a}\x03" "b}\x04" "c}\x5d" "d}\x0a"));
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  EXPECT_EQ(rsp::unescape_binary(rsp::escape_binary(all)), all);
  EXPECT_FALSE(rsp::unescape_binary("abc}").has_value());
  // The framed form never contains a bare framing character inside the payload.
  std::string framed = rsp::frame("x#y");
  EXPECT_EQ(framed.find('#'), framed.size() - 3);
}

TEST(RspFraming, HexHelpers) {
  const uint8_t bytes[] = {0x00, 0x7f, 0xab, 0xff};
  EXPECT_EQ(rsp::to_hex(bytes, 4), "007fabff");
  EXPECT_EQ(rsp::from_hex("007FabfF"), std::vector<uint8_t>({0x00, 0x7f, 0xab, 0xff}));
  EXPECT_FALSE(rsp::from_hex("abc").has_value());
  EXPECT_FALSE(rsp::from_hex("zz").has_value());
  EXPECT_EQ(rsp::parse_hex_u64("ffffffffffffffff"), ~0ull);
  EXPECT_FALSE(rsp::parse_hex_u64("1ffffffffffffffff").has_value());
  EXPECT_FALSE(rsp::parse_hex_u64("").has_value());
  EXPECT_FALSE(rsp::parse_hex_u64("-1").has_value());
}

TEST(RspDecoder, GoodPacketAcksAndInterrupts) {
  auto ev = decode("+$g#67-\x03$qC#b4");
  ASSERT_EQ(ev.size(), 5u);
  EXPECT_EQ(ev[0].kind, Kind::ack);
  EXPECT_EQ(ev[1].kind, Kind::packet);
  EXPECT_EQ(ev[1].payload, "g");
  EXPECT_EQ(ev[2].kind, Kind::nak);
  EXPECT_EQ(ev[3].kind, Kind::interrupt);
  EXPECT_EQ(ev[4].payload, "qC");
}

TEST(RspDecoder, BadChecksumIsReported) {
  auto ev = decode("$g#68$g#6Z$g#zz");
  ASSERT_EQ(ev.size(), 3u);
  for (const auto& e : ev) EXPECT_EQ(e.kind, Kind::bad_checksum);
}

TEST(RspDecoder, OversizedPacketIsBoundedAndReported) {
  std::string payload(rsp::kMaxPayload + 1, 'a');
  auto ev = decode(rsp::frame(payload) + rsp::frame("OK"));
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].kind, Kind::oversized);
  EXPECT_TRUE(ev[0].payload.empty());
  EXPECT_EQ(ev[1].payload, "OK"); // the stream recovers
  auto exact = decode(rsp::frame(std::string(rsp::kMaxPayload, 'b')));
  ASSERT_EQ(exact.size(), 1u);
  EXPECT_EQ(exact[0].kind, Kind::packet);
}

TEST(RspDecoder, GarbageAndTruncationRecover) {
  // Noise between packets is dropped; a packet cut off by a new '$' is reported, the next one
  // decodes; a packet cut off by the end of input produces nothing yet.
  auto ev = decode("hello world\x7f\xff$m0,4$qC#b4$unterminated");
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].kind, Kind::bad_checksum);
  EXPECT_EQ(ev[1].payload, "qC");
  rsp::Decoder d;
  std::vector<rsp::Event> out;
  d.feed("$qC#b", 5, out);
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(d.idle());
  d.feed('4', out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].payload, "qC");
}

TEST(RspDecoder, RandomBytesNeverBreakIt) {
  std::mt19937 rng(12345);
  rsp::Decoder d;
  std::vector<rsp::Event> out;
  for (int i = 0; i < 200000; ++i) {
    d.feed(static_cast<char>(rng() & 0xff), out);
    for (const auto& e : out) EXPECT_LE(e.payload.size(), rsp::kMaxPayload);
    out.clear();
  }
}
