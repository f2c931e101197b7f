#include "sim/debug/rsp_packet.h"

namespace ppc64sim::debug::rsp {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool needs_escape(char c) { return c == '#' || c == '$' || c == '}' || c == '*'; }

} // namespace

uint8_t checksum(const std::string& payload) {
  uint8_t sum = 0;
  for (char c : payload) sum = static_cast<uint8_t>(sum + static_cast<uint8_t>(c));
  return sum;
}

std::string escape_binary(const std::string& data) {
  std::string out;
  out.reserve(data.size());
  for (char c : data) {
    if (needs_escape(c)) {
      out += '}';
      out += static_cast<char>(c ^ 0x20);
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> unescape_binary(const std::string& data) {
  std::string out;
  out.reserve(data.size());
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] != '}') {
      out += data[i];
      continue;
    }
    if (++i == data.size()) return std::nullopt;
    out += static_cast<char>(data[i] ^ 0x20);
  }
  return out;
}

std::string frame(const std::string& payload) {
  std::string body = escape_binary(payload);
  static const char digits[] = "0123456789abcdef";
  uint8_t sum = checksum(body);
  std::string out = "$" + body + "#";
  out += digits[sum >> 4];
  out += digits[sum & 15];
  return out;
}

std::string to_hex(const uint8_t* data, size_t len) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (size_t i = 0; i < len; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 15];
  }
  return out;
}

std::string to_hex(const std::string& data) {
  return to_hex(reinterpret_cast<const uint8_t*>(data.data()), data.size());
}

std::optional<std::vector<uint8_t>> from_hex(const std::string& hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::vector<uint8_t> out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = hex_value(hex[2 * i]);
    int lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

std::optional<uint64_t> parse_hex_u64(const std::string& text) {
  if (text.empty() || text.size() > 16) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    int d = hex_value(c);
    if (d < 0) return std::nullopt;
    v = v << 4 | static_cast<uint64_t>(d);
  }
  return v;
}

void Decoder::feed(char c, std::vector<Event>& out) {
  switch (state_) {
  case State::idle:
    if (c == '$') {
      state_ = State::payload;
      payload_.clear();
      overflow_ = false;
      sum_ = 0;
    } else if (c == '\x03') {
      out.push_back({Event::Kind::interrupt, {}});
    } else if (c == '+') {
      out.push_back({Event::Kind::ack, {}});
    } else if (c == '-') {
      out.push_back({Event::Kind::nak, {}});
    }
    // Anything else between packets is line noise: dropped.
    return;
  case State::payload:
    if (c == '#') {
      state_ = State::checksum1;
    } else if (c == '$') {
      // The sender restarted: the unfinished packet is lost; report it so it is NAKed.
      out.push_back({Event::Kind::bad_checksum, {}});
      payload_.clear();
      overflow_ = false;
      sum_ = 0;
    } else {
      sum_ = static_cast<uint8_t>(sum_ + static_cast<uint8_t>(c));
      if (payload_.size() < kMaxPayload) {
        payload_ += c;
      } else {
        overflow_ = true;
      }
    }
    return;
  case State::checksum1:
    received_hi_ = hex_value(c);
    state_ = State::checksum2;
    if (received_hi_ < 0) received_hi_ = 0x100; // cannot match any sum
    return;
  case State::checksum2: {
    state_ = State::idle;
    int lo = hex_value(c);
    int received = (lo < 0 || received_hi_ > 15) ? -1 : (received_hi_ << 4 | lo);
    if (received != sum_) {
      out.push_back({Event::Kind::bad_checksum, {}});
    } else if (overflow_) {
      out.push_back({Event::Kind::oversized, {}});
    } else {
      out.push_back({Event::Kind::packet, payload_});
    }
    payload_.clear();
    return;
  }
  }
}

void Decoder::feed(const char* data, size_t len, std::vector<Event>& out) {
  for (size_t i = 0; i < len; ++i) feed(data[i], out);
}

} // namespace ppc64sim::debug::rsp
