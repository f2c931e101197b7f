#pragma once
// The PAPR virtual terminal ("hvterm1"): bytes written by H_PUT_TERM_CHAR / RTAS
// display-character go to a sink unchanged; H_GET_TERM_CHAR drains an input buffer.
//
// Input follows QEMU's spapr-vty (xics-spec.md 4.4, C42): a 16-byte receive buffer fed by a
// flow-controlled backend (here: a backlog of everything pushed), and an interrupt *pulse*
// (MSI trigger) only when the buffer goes from empty to non-empty. Draining the buffer lets
// the backend refill it, which pulses again - as QEMU's qemu_chr_accept_input does.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace ppc64sim::devices {

class Vty {
public:
  using Sink = std::function<void(std::string_view bytes)>;
  using Pulse = std::function<void()>;
  static constexpr std::size_t kBufferBytes = 16; // QEMU VTERM_BUFSIZE

  Vty(uint32_t reg, Sink sink) : reg_(reg), sink_(std::move(sink)) {}

  uint32_t reg() const { return reg_; }
  void put(std::string_view bytes) {
    if (sink_) sink_(bytes);
  }
  // Takes up to `max` buffered input bytes, then lets the backlog refill the buffer.
  std::size_t get(char* out, std::size_t max) {
    std::size_t n = 0;
    while (n < max && !buffer_.empty()) {
      out[n++] = buffer_.front();
      buffer_.pop_front();
    }
    refill();
    return n;
  }
  // Input from the outside world (the --console-input text, a test).
  void push_input(std::string_view bytes) {
    backlog_.insert(backlog_.end(), bytes.begin(), bytes.end());
    refill();
  }
  // Bytes in the receive buffer (what H_GET_TERM_CHAR can return now).
  std::size_t buffered() const { return buffer_.size(); }
  // Checkpoints: the receive buffer and the backlog behind it, oldest byte first.
  std::string input_buffer() const { return std::string(buffer_.begin(), buffer_.end()); }
  std::string input_backlog() const { return std::string(backlog_.begin(), backlog_.end()); }
  // Puts both back without a pulse (the pulse already reached the interrupt source, whose
  // state is restored on its own). Throws std::invalid_argument, nothing changed, for a
  // pair the vty never holds: more than kBufferBytes buffered, or a backlog behind a
  // buffer that is not full.
  void restore_input(std::string_view buffer, std::string_view backlog) {
    if (buffer.size() > kBufferBytes)
      throw std::invalid_argument("vty: " + std::to_string(buffer.size()) + " buffered input bytes, at most " +
                                  std::to_string(kBufferBytes));
    if (!backlog.empty() && buffer.size() < kBufferBytes)
      throw std::invalid_argument("vty: input backlog behind a receive buffer that is not full");
    buffer_.assign(buffer.begin(), buffer.end());
    backlog_.assign(backlog.begin(), backlog.end());
  }
  // Called on every empty -> non-empty transition of the receive buffer (the board sends
  // an MSI on the vty's source).
  void set_input_pulse(Pulse pulse) { pulse_ = std::move(pulse); }

private:
  void refill() {
    const bool was_empty = buffer_.empty();
    while (buffer_.size() < kBufferBytes && !backlog_.empty()) {
      buffer_.push_back(backlog_.front());
      backlog_.pop_front();
    }
    if (was_empty && !buffer_.empty() && pulse_) pulse_();
  }

  uint32_t reg_;
  Sink sink_;
  std::deque<char> buffer_;
  std::deque<char> backlog_;
  Pulse pulse_;
};

} // namespace ppc64sim::devices
