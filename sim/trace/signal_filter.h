#pragma once
// Selection of VCD signals by hierarchical name (--vcd-signals PATTERN).
#include <regex>
#include <string>
#include <vector>

namespace ppc64sim::trace {

// PATTERN is a comma-separated list; a signal is kept if any item matches its whole dotted name
// (e.g. "board.t3.cppr"). Items are globs (`*` any run of characters, dots included; `?` one
// character) or, with the prefix `re:`, ECMAScript regular expressions. An empty pattern keeps
// everything.
class SignalFilter {
public:
  SignalFilter() = default;
  // Throws std::invalid_argument naming the bad item (empty item, invalid regex).
  explicit SignalFilter(const std::string& pattern);

  bool selects(const std::string& name) const;
  bool empty() const { return globs_.empty() && regexes_.empty(); }

private:
  std::vector<std::string> globs_;
  std::vector<std::regex> regexes_;
};

bool glob_match(const std::string& pattern, const std::string& text);

} // namespace ppc64sim::trace
