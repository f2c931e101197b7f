#include "sim/trace/trace_types.h"

#include "models/hyp/hcall_codes.h"

#include <cstdio>

namespace ppc64sim::trace {

std::string Who::str() const {
  char buf[24];
  switch (kind) {
  case Kind::Thread: std::snprintf(buf, sizeof buf, "t%u", static_cast<unsigned>(id)); return buf;
  case Kind::Source: std::snprintf(buf, sizeof buf, "s%x", static_cast<unsigned>(id)); return buf;
  case Kind::Fabric: return "fabric";
  case Kind::Hyp: return "hyp";
  }
  return "?";
}

const char* to_string(FabricMsg msg) {
  switch (msg) {
  case FabricMsg::Present: return "PRESENT";
  case FabricMsg::Reject: return "REJECT";
  case FabricMsg::Eoi: return "EOI";
  case FabricMsg::Resend: return "RESEND";
  case FabricMsg::Ipi: return "IPI";
  case FabricMsg::Poll: return "POLL";
  case FabricMsg::Control: return "CONTROL";
  }
  return "?";
}

const char* to_string(RunState state) {
  switch (state) {
  case RunState::Stopped: return "stopped";
  case RunState::Running: return "running";
  case RunState::Ceded: return "ceded";
  }
  return "?";
}

const char* hcall_name(uint64_t nr) {
  namespace hc = ppc64sim::hyp::hc;
  switch (nr) {
  case hc::H_LOGICAL_CI_LOAD: return "H_LOGICAL_CI_LOAD";
  case hc::H_LOGICAL_CI_STORE: return "H_LOGICAL_CI_STORE";
  case hc::H_GET_TERM_CHAR: return "H_GET_TERM_CHAR";
  case hc::H_PUT_TERM_CHAR: return "H_PUT_TERM_CHAR";
  case hc::H_EOI: return "H_EOI";
  case hc::H_CPPR: return "H_CPPR";
  case hc::H_IPI: return "H_IPI";
  case hc::H_IPOLL: return "H_IPOLL";
  case hc::H_XIRR: return "H_XIRR";
  case hc::H_REGISTER_VPA: return "H_REGISTER_VPA";
  case hc::H_CEDE: return "H_CEDE";
  case hc::H_CONFER: return "H_CONFER";
  case hc::H_PROD: return "H_PROD";
  case hc::H_XIRR_X: return "H_XIRR_X";
  case hc::H_SET_MODE: return "H_SET_MODE";
  case hc::H_RTAS: return "H_RTAS";
  case hc::H_LOGICAL_MEMOP: return "H_LOGICAL_MEMOP";
  case hc::H_CAS: return "H_CAS";
  case hc::H_UPDATE_DT: return "H_UPDATE_DT";
  default: return "";
  }
}

} // namespace ppc64sim::trace
