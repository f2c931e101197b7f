#pragma once
// GDB remote serial protocol framing (gdb manual, "Remote Protocol" > "Overview"):
// "$payload#cc" with cc the modulo-256 sum of the payload bytes in two hex digits, '+'/'-'
// acknowledgements, a lone 0x03 byte as the interrupt request, and the binary escape
// ('}' followed by the byte XOR 0x20) for '#', '$', '}' and '*'.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ppc64sim::debug::rsp {

// Largest payload the stub accepts and announces (qSupported PacketSize).
inline constexpr size_t kMaxPayload = 4000;

uint8_t checksum(const std::string& payload);
// "$<escaped payload>#cc"; the escape keeps replies free of the framing characters.
std::string frame(const std::string& payload);
std::string escape_binary(const std::string& data);
// Undoes escape_binary; nullopt when the data ends inside an escape.
std::optional<std::string> unescape_binary(const std::string& data);

std::string to_hex(const uint8_t* data, size_t len);
std::string to_hex(const std::string& data);
// Even-length hex string -> bytes; nullopt on an odd length or a non-hex digit.
std::optional<std::vector<uint8_t>> from_hex(const std::string& hex);
// Unsigned hex number (1..16 digits, no prefix); nullopt otherwise.
std::optional<uint64_t> parse_hex_u64(const std::string& text);

struct Event {
  enum class Kind {
    packet,        // a well-formed packet: `payload`, to be acknowledged with '+'
    bad_checksum,  // to be answered with '-' (the sender retransmits)
    oversized,     // well framed but longer than kMaxPayload: '+' then an error reply
    interrupt,     // 0x03 outside a packet
    ack,
    nak,
  } kind;
  std::string payload;
};

// Byte-at-a-time decoder: never throws, never grows beyond kMaxPayload, skips noise between
// packets; a '$' inside a packet restarts (the sender gave up on the previous one).
class Decoder {
public:
  void feed(char c, std::vector<Event>& out);
  void feed(const char* data, size_t len, std::vector<Event>& out);
  bool idle() const { return state_ == State::idle; }

private:
  enum class State { idle, payload, checksum1, checksum2 };
  State state_ = State::idle;
  std::string payload_;
  bool overflow_ = false;
  uint8_t sum_ = 0;
  int received_hi_ = 0;
};

} // namespace ppc64sim::debug::rsp
