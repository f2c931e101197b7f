#pragma once
// The assembled XICS as SystemC: ICS blocks + one ICP per server + the fabric, and the
// XicsOps facade the hypervisor shim, devices and tests call synchronously (from any
// process). ICP<->ICS reactions triggered by those calls travel as fabric transactions.
#include "models/intc/fabric.h"
#include "models/intc/icp_module.h"
#include "models/intc/ics_module.h"
#include "models/intc/xics_ops.h"

#include <memory>
#include <vector>

namespace ppc64sim::intc {

struct XicsConfig {
  Flavour flavour = Flavour::qemu;
  std::vector<uint32_t> servers{0};       // server numbers (1.5: vCPU ids)
  std::vector<IcsBlock> ics{IcsBlock{}};  // default: QEMU's 0x1000..0x1FFF
  FabricLatency latency;                  // default: all zero (QEMU-exact)
};

class Xics : public sc_core::sc_module, public XicsOps {
public:
  // Throws std::invalid_argument for a bad topology (duplicate server, overlapping or
  // reserved source ranges).
  Xics(sc_core::sc_module_name name, const XicsConfig& config);

  Icp& icp_module(uint32_t server);       // throws std::out_of_range for an unknown server
  Ics& ics_module(size_t index) { return *ics_mods_.at(index); }
  Fabric& fabric() { return fabric_; }
  // Checkpoints: fabric messages sent but not yet applied (Fabric::restore_in_flight).
  std::vector<InFlightMessage> in_flight_messages() const { return fabric_.in_flight_messages(); }
  void restore_in_flight(const std::vector<InFlightMessage>& m) { fabric_.restore_in_flight(m); }
  // Cycle mode with several threads: an H_IPOLL of another server and the RTAS XIVE calls
  // travel as POLL/CONTROL queries (send_query), answered where they land (on_answer).
  void set_queries_travel(bool on) { queries_travel_ = on; }
  bool send_query(uint32_t from, const Message& m) override;

private:
  // From the caller's ICP through the fabric (its `ipi` latency).
  void send_ipi(uint32_t from, const Message& m) override;

  Fabric fabric_;
  std::vector<std::unique_ptr<Ics>> ics_mods_;
  std::vector<std::unique_ptr<Icp>> icp_mods_;
  std::vector<Icp*> icp_mod_by_server_; // servers < 2^16 (every H_IPI looks its sender up)
  bool queries_travel_ = false;
  Icp* icp_module_of(uint32_t server);   // nullptr when none
};

} // namespace ppc64sim::intc
