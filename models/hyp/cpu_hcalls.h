#pragma once
// hcalls about running threads: H_CEDE, H_PROD, H_SET_MODE (xics-spec.md section 3.2).
#include "models/hyp/cpu_control.h"
#include "models/hyp/hcall_table.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace ppc64sim::hyp {

// CpuControl names threads by server but cannot list them; this scans a bounded range.
class ThreadDirectory {
public:
  ThreadDirectory(CpuControl& cpus, uint32_t server_limit) : cpus_(cpus), limit_(server_limit) {}
  CpuControl& cpus() const { return cpus_; }
  // Every server below the limit that has a thread, ascending.
  std::vector<uint32_t> servers() const;

private:
  CpuControl& cpus_;
  uint32_t limit_;
};

// True when an interrupt is already waiting for `server`, so H_CEDE must not sleep. Empty
// until an interrupt controller installs one.
using InterruptPendingQuery = std::function<bool(uint32_t server)>;

// `pending` is read at each H_CEDE, so it may be installed after registration; it and
// `threads` must outlive the table.
void register_cpu_hcalls(HcallTable& table, const ThreadDirectory& threads,
                         const InterruptPendingQuery& pending);

} // namespace ppc64sim::hyp
