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
  fabric_.answer = [this](const Message& m) {
    const QueryAnswer a = answer(m);
    if (on_answer) on_answer(m, a);
  };
}

Icp& Xics::icp_module(uint32_t server) {
  for (auto& p : icp_mods_)
    if (p->server() == server) return *p;
  throw std::out_of_range("XICS: no ICP for server " + std::to_string(server));
}

Icp* Xics::icp_module_of(uint32_t server) {
  if (server < icp_mod_by_server_.size()) return icp_mod_by_server_[server];
  for (auto& p : icp_mods_)
    if (p->server() == server) return p.get();
  return nullptr;
}

void Xics::send_ipi(uint32_t from, const Message& m) {
  if (Icp* p = icp_module_of(from)) return p->send_message(m);
  XicsOps::send_ipi(from, m); // a caller without an ICP: no fabric port to leave from
}

bool Xics::send_query(uint32_t from, const Message& m) {
  if (!queries_travel_) return false;
  Icp* p = icp_module_of(from);
  if (!p) return false; // a caller without an ICP: answered inside its call
  p->send_message(m);
  return true;
}

} // namespace ppc64sim::intc
