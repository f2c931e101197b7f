#pragma once
// "0x..." text for values named in XICS error messages and state dumps.
#include <cstdint>
#include <cstdio>
#include <string>

namespace ppc64sim::intc {

inline std::string hex_text(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

} // namespace ppc64sim::intc
