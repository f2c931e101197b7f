#pragma once
// Routes SystemC's report output (which the stock handler prints on stdout) to the stderr log,
// so stdout carries only the guest console.
namespace ppc64sim::sim {
void route_systemc_reports_to_log();
} // namespace ppc64sim::sim
