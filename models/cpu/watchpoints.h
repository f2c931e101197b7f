#pragma once
// Debugger data watchpoints of one thread: effective-address ranges checked on the ISS's slow
// data path. While any is set the ISS routes every load and store there (Core::data_window is
// empty); instruction fetch keeps its predecoded pages. No SystemC, no debugger protocol.
#include <cstdint>
#include <optional>
#include <vector>

namespace ppc64sim::cpu {

enum class WatchKind { read, write, access };

// What stopped a thread: the watchpoint's kind and the first watched byte the access touches
// (what gdb matches against its watch ranges).
struct WatchHit {
  WatchKind kind = WatchKind::write;
  uint64_t address = 0;
};

class WatchList {
public:
  bool empty() const { return ranges_.empty(); }
  // len 0 is refused: a watchpoint covers at least one byte.
  bool add(WatchKind kind, uint64_t addr, uint64_t len) {
    if (len == 0 || addr + (len - 1) < addr) return false;
    ranges_.push_back({kind, addr, len});
    return true;
  }
  // Removes one watchpoint added with the same arguments; false when there is none.
  bool remove(WatchKind kind, uint64_t addr, uint64_t len) {
    for (auto it = ranges_.begin(); it != ranges_.end(); ++it) {
      if (it->kind == kind && it->addr == addr && it->len == len) {
        ranges_.erase(it);
        return true;
      }
    }
    return false;
  }
  // The first watchpoint (in insertion order) an access of [ea, ea+len) matches.
  std::optional<WatchHit> match(uint64_t ea, uint64_t len, bool write) const {
    for (const Range& r : ranges_) {
      if (r.kind != WatchKind::access && (r.kind == WatchKind::write) != write) continue;
      const uint64_t last = ea + (len - 1), r_last = r.addr + (r.len - 1);
      if (ea > r_last || last < r.addr) continue;
      return WatchHit{r.kind, ea > r.addr ? ea : r.addr};
    }
    return std::nullopt;
  }

private:
  struct Range {
    WatchKind kind;
    uint64_t addr, len;
  };
  std::vector<Range> ranges_;
};

} // namespace ppc64sim::cpu
