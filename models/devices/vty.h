#pragma once
// The PAPR virtual terminal ("hvterm1"): bytes written by H_PUT_TERM_CHAR / RTAS
// display-character go to a sink unchanged; H_GET_TERM_CHAR drains an input buffer.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string_view>

namespace ppc64sim::devices {

class Vty {
public:
  using Sink = std::function<void(std::string_view bytes)>;

  Vty(uint32_t reg, Sink sink) : reg_(reg), sink_(std::move(sink)) {}

  uint32_t reg() const { return reg_; }
  void put(std::string_view bytes) {
    if (sink_) sink_(bytes);
  }
  // Takes up to `max` buffered input bytes.
  std::size_t get(char* out, std::size_t max) {
    std::size_t n = 0;
    while (n < max && !input_.empty()) {
      out[n++] = input_.front();
      input_.pop_front();
    }
    return n;
  }
  void push_input(std::string_view bytes) { input_.insert(input_.end(), bytes.begin(), bytes.end()); }

private:
  uint32_t reg_;
  Sink sink_;
  std::deque<char> input_;
};

} // namespace ppc64sim::devices
