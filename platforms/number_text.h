#pragma once
// Numbers as platform files and --set write them.
#include <cstdint>
#include <limits>
#include <string>

namespace ppc64sim::platform {

// Decimal or 0x-prefixed hexadecimal, nothing else (no sign, no suffix, no spaces).
inline bool parse_u64(const std::string& text, uint64_t& out) {
  if (text.empty()) return false;
  unsigned base = 10;
  size_t i = 0;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    i = 2;
  }
  uint64_t v = 0;
  for (; i < text.size(); ++i) {
    char ch = text[i];
    unsigned digit;
    if (ch >= '0' && ch <= '9') digit = static_cast<unsigned>(ch - '0');
    else if (base == 16 && ch >= 'a' && ch <= 'f') digit = static_cast<unsigned>(ch - 'a' + 10);
    else if (base == 16 && ch >= 'A' && ch <= 'F') digit = static_cast<unsigned>(ch - 'A' + 10);
    else return false;
    if (v > (std::numeric_limits<uint64_t>::max() - digit) / base) return false;
    v = v * base + digit;
  }
  out = v;
  return true;
}

} // namespace ppc64sim::platform
