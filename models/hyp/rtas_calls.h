#pragma once
// The RTAS calls of the base partition (xics-spec.md section 3.4 table): console, RTC,
// power, and CPU start/stop. Interrupt-controller calls are registered by the XICS model.
#include "models/hyp/console.h"
#include "models/hyp/cpu_control.h"
#include "models/hyp/rtas.h"
#include "models/hyp/rtc.h"

namespace ppc64sim::hyp {

// Registers, in this order (so the tokens equal QEMU's 0x2000..0x2007): display-character,
// get-time-of-day, set-time-of-day, power-off, system-reboot, query-cpu-stopped-state,
// start-cpu, stop-self. The referenced objects must outlive the table.
void register_base_rtas_calls(RtasTable& table, CpuControl& cpus, const VtySet& vtys, Rtc& rtc);

} // namespace ppc64sim::hyp
