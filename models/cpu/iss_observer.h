#pragma once
// What the ISS reports to a tracer (issue "trace toolchain", part 4). Set with
// Iss::set_observer(); without one the ISS pays a single null-pointer check per interrupt or
// rfid, nothing on the instruction fast path.
#include "models/cpu/thread_state.h"

#include <cstdint>

namespace ppc64sim::cpu {

class IssObserver {
public:
  virtual ~IssObserver() = default;
  // The thread entered interrupt `vector` (Book III 7.5) with the SRR0/SRR1 just saved.
  virtual void on_exception(const ThreadState& st, uint64_t vector, uint64_t srr0, uint64_t srr1) = 0;
  // rfid (Book III 4.4.1) is returning to `to` with the new MSR `msr`.
  virtual void on_rfid(const ThreadState& st, uint64_t to, uint64_t msr) = 0;
};

} // namespace ppc64sim::cpu
