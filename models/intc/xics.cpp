#include "models/intc/xics.h"

#include <stdexcept>
#include <string>

namespace ppc64sim::intc {

Xics::Xics(sc_core::sc_module_name name, const XicsConfig& config)
    : sc_module(name), XicsOps(config.flavour), fabric_("fabric", config.latency, *this) {
  for (size_t i = 0; i < config.ics.size(); ++i) {
    const std::string n = "ics" + std::to_string(i);
    ics_mods_.push_back(std::make_unique<Ics>(n.c_str(), config.flavour,
                                              static_cast<uint32_t>(i), config.ics[i], *this));
    register_ics(ics_mods_.back()->core());
    fabric_.attach_ics(static_cast<uint32_t>(i), *ics_mods_.back());
  }
  for (uint32_t s : config.servers) {
    const std::string n = "icp" + std::to_string(s);
    icp_mods_.push_back(std::make_unique<Icp>(n.c_str(), config.flavour, s, *this));
    register_icp(icp_mods_.back()->core());
    fabric_.attach_icp(s, *icp_mods_.back());
    if (s < (1u << 16)) {
      if (icp_mod_by_server_.size() <= s) icp_mod_by_server_.resize(s + 1, nullptr);
      icp_mod_by_server_[s] = icp_mods_.back().get();
    }
  }
}

Icp& Xics::icp_module(uint32_t server) {
  for (auto& p : icp_mods_)
    if (p->server() == server) return *p;
  throw std::out_of_range("XICS: no ICP for server " + std::to_string(server));
}

void Xics::send_ipi(uint32_t from, const Message& m) {
  if (from < icp_mod_by_server_.size() && icp_mod_by_server_[from]) return icp_mod_by_server_[from]->send_message(m);
  for (auto& p : icp_mods_)
    if (p->server() == from) return p->send_message(m);
  XicsOps::send_ipi(from, m); // a caller without an ICP: no fabric port to leave from
}

} // namespace ppc64sim::intc
