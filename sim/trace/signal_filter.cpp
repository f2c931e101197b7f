#include "sim/trace/signal_filter.h"

#include <stdexcept>

namespace ppc64sim::trace {

SignalFilter::SignalFilter(const std::string& pattern) {
  if (pattern.empty()) return;
  size_t start = 0;
  while (start <= pattern.size()) {
    size_t comma = pattern.find(',', start);
    if (comma == std::string::npos) comma = pattern.size();
    std::string item = pattern.substr(start, comma - start);
    if (item.empty()) {
      throw std::invalid_argument("--vcd-signals: empty item in pattern '" + pattern + "'");
    }
    if (item.rfind("re:", 0) == 0) {
      try {
        regexes_.emplace_back(item.substr(3), std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        throw std::invalid_argument("--vcd-signals: invalid regular expression '" + item.substr(3) +
                                    "': " + e.what());
      }
    } else {
      globs_.push_back(item);
    }
    start = comma + 1;
  }
}

bool SignalFilter::selects(const std::string& name) const {
  if (empty()) return true;
  for (const auto& g : globs_)
    if (glob_match(g, name)) return true;
  for (const auto& r : regexes_)
    if (std::regex_match(name, r)) return true;
  return false;
}

// Iterative matcher with single-star backtracking: linear in practice, no recursion depth.
bool glob_match(const std::string& pattern, const std::string& text) {
  size_t p = 0, t = 0, star = std::string::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

} // namespace ppc64sim::trace
