#include "models/intc/xics_ops.h"

#include "models/intc/hex_text.h"

#include <cstdio>
#include <stdexcept>
#include <string>

namespace ppc64sim::intc {

// ---- topology ----

void XicsOps::register_ics(IcsCore& ics) {
  const uint64_t end = uint64_t{ics.base()} + ics.count();
  if (ics.count() == 0) throw std::invalid_argument("XICS: ICS block at " + hex_text(ics.base()) + " has 0 sources");
  if (ics.base() < kFirstSource)
    throw std::invalid_argument("XICS: ICS base " + hex_text(ics.base()) +
                                " overlaps the reserved source numbers below 16");
  if (end > uint64_t{kXisrMask} + 1)
    throw std::invalid_argument("XICS: ICS block " + hex_text(ics.base()) + "+" + hex_text(ics.count()) +
                                " does not fit the 24-bit XISR");
  for (const IcsCore* o : ics_) {
    if (ics.base() < uint64_t{o->base()} + o->count() && o->base() < end)
      throw std::invalid_argument("XICS: ICS block at " + hex_text(ics.base()) +
                                  " overlaps the block at " + hex_text(o->base()));
  }
  ics_.push_back(&ics);
}

void XicsOps::register_icp(IcpCore& icp) {
  if (!icps_.emplace(icp.server(), &icp).second)
    throw std::invalid_argument("XICS: server number " + std::to_string(icp.server()) +
                                " given twice");
  if (icp.server() < kDenseServers) {
    if (icp_by_server_.size() <= icp.server()) icp_by_server_.resize(icp.server() + 1, nullptr);
    icp_by_server_[icp.server()] = &icp;
  }
}

bool XicsOps::server_exists(uint64_t server) const { return icp(server) != nullptr; }

std::optional<uint32_t> XicsOps::ics_of(uint64_t source) const {
  for (const IcsCore* i : ics_)
    if (i->owns(source)) return i->index();
  return std::nullopt;
}

IcsCore* XicsOps::ics_for(uint64_t source) const {
  for (IcsCore* i : ics_)
    if (i->owns(source)) return i;
  return nullptr;
}

std::vector<uint32_t> XicsOps::servers() const {
  std::vector<uint32_t> v;
  for (const auto& [s, p] : icps_) v.push_back(s);
  return v;
}

std::vector<SourceRange> XicsOps::source_ranges() const {
  std::vector<SourceRange> v;
  for (const IcsCore* i : ics_) v.push_back({i->base(), i->count()});
  return v;
}

void XicsOps::reset() {
  for (IcsCore* i : ics_) i->reset();
  for (auto& [s, p] : icps_) p->reset();
}

// ---- hcalls ----

HcallResult XicsOps::accept(uint32_t server) {
  IcpCore* p = icp(server);
  if (!p) return {hstatus::H_HARDWARE};
  return {hstatus::H_SUCCESS, p->accept()};
}

int64_t XicsOps::set_cppr(uint32_t server, uint64_t cppr) {
  IcpCore* p = icp(server);
  if (!p) return hstatus::H_HARDWARE;
  p->set_cppr(cppr);
  return hstatus::H_SUCCESS;
}

int64_t XicsOps::eoi(uint32_t server, uint64_t xirr) {
  IcpCore* p = icp(server);
  if (!p) return hstatus::H_HARDWARE;
  return p->eoi(xirr);
}

int64_t XicsOps::ipi(uint64_t target, uint64_t mfrr) {
  IcpCore* p = icp(target);
  if (!p) return hstatus::H_PARAMETER;
  p->set_mfrr(mfrr);
  return hstatus::H_SUCCESS;
}

int64_t XicsOps::ipi_from(uint32_t from, uint64_t target, uint64_t mfrr) {
  IcpCore* p = icp(target);
  if (!p) return hstatus::H_PARAMETER;
  if (target == from) {
    p->set_mfrr(mfrr);
    return hstatus::H_SUCCESS;
  }
  Message m;
  m.kind = MessageKind::ipi;
  m.server = static_cast<uint32_t>(target);
  m.source = ipi_value(mfrr);
  m.priority = static_cast<uint8_t>(mfrr);
  send_ipi(from, m);
  return hstatus::H_SUCCESS;
}

void XicsOps::send_ipi(uint32_t, const Message& m) { icp(m.server)->handle(m); }

HcallResult XicsOps::ipoll(uint64_t target) {
  IcpCore* p = icp(target);
  if (!p) return {hstatus::H_PARAMETER};
  IpollResult r = p->ipoll();
  return {hstatus::H_SUCCESS, r.xirr, r.mfrr};
}

// ---- RTAS ----

int32_t XicsOps::set_xive(uint64_t source, uint64_t server, uint64_t priority) {
  IcsCore* i = ics_for(source);
  return i ? i->set_xive(static_cast<uint32_t>(source), server, priority) : rtas::PARAM_ERROR;
}

XiveResult XicsOps::get_xive(uint64_t source) const {
  const IcsCore* i = ics_for(source);
  return i ? i->get_xive(static_cast<uint32_t>(source)) : XiveResult{};
}

int32_t XicsOps::int_off(uint64_t source) {
  IcsCore* i = ics_for(source);
  return i ? i->int_off(static_cast<uint32_t>(source)) : rtas::PARAM_ERROR;
}

int32_t XicsOps::int_on(uint64_t source) {
  IcsCore* i = ics_for(source);
  return i ? i->int_on(static_cast<uint32_t>(source)) : rtas::PARAM_ERROR;
}

int32_t XicsOps::check_xive_call(XiveOp op, uint64_t source, uint64_t server, uint64_t priority) const {
  if (!ics_for(source)) return rtas::PARAM_ERROR;
  if (op != XiveOp::set_xive) return rtas::SUCCESS;
  if (!server_exists(server)) return rtas::PARAM_ERROR;                           // C24
  if (flavour_ == Flavour::qemu && priority > kMasked) return rtas::PARAM_ERROR; // C25
  return rtas::SUCCESS;
}

// ---- queries ----

bool XicsOps::send_query(uint32_t, const Message&) { return false; }

QueryAnswer XicsOps::answer(const Message& m) {
  if (m.kind == MessageKind::poll) {
    const HcallResult r = ipoll(m.server);
    return {r.status, r.r4, r.r5};
  }
  switch (m.op) {
  case XiveOp::set_xive: return {set_xive(m.source, m.server, m.value)};
  case XiveOp::get_xive: {
    const XiveResult r = get_xive(m.source);
    return {r.status, r.server, r.priority};
  }
  case XiveOp::int_off: return {int_off(m.source)};
  case XiveOp::int_on: return {int_on(m.source)};
  }
  return {rtas::PARAM_ERROR};
}

// ---- devices ----

bool XicsOps::msi_trigger(uint32_t source) {
  IcsCore* i = ics_for(source);
  return i && i->msi_trigger(source);
}

bool XicsOps::set_lsi_level(uint32_t source, bool level) {
  IcsCore* i = ics_for(source);
  return i && i->set_lsi_level(source, level);
}

bool XicsOps::set_source_type(uint32_t source, SourceType type) {
  IcsCore* i = ics_for(source);
  return i && i->set_type(source, type);
}

// ---- introspection ----

const SourceState* XicsOps::source_state(uint32_t source) const {
  const IcsCore* i = ics_for(source);
  return i ? &i->state(source) : nullptr;
}

const IcpState* XicsOps::icp_state(uint32_t server) const {
  const IcpCore* p = icp(server);
  return p ? &p->state() : nullptr;
}

// ---- state access ----

Result<uint64_t> XicsOps::get_source(uint32_t source) const {
  const IcsCore* i = ics_for(source);
  if (!i) return Result<uint64_t>::failure("unknown source " + hex_text(source));
  return Result<uint64_t>::success(encode_source(flavour_, i->state(source)));
}

Result<std::vector<uint64_t>> XicsOps::get_sources(uint32_t first, uint32_t count) const {
  std::vector<uint64_t> words;
  words.reserve(count);
  for (uint64_t n = first; n < uint64_t{first} + count; ++n) {
    const IcsCore* i = ics_for(n);
    if (!i) return Result<std::vector<uint64_t>>::failure("unknown source " + hex_text(n));
    words.push_back(encode_source(flavour_, i->state(static_cast<uint32_t>(n))));
  }
  return Result<std::vector<uint64_t>>::success(std::move(words));
}

Status XicsOps::check_source_write(uint32_t source, uint64_t word, SourceState& decoded) const {
  if (!ics_for(source)) return Status::failure("unknown source " + hex_text(source));
  Status st = decode_source(flavour_, word, decoded);
  if (!st.ok()) return Status::failure("source " + hex_text(source) + ": " + st.error);
  // Like the kernel's xics_set_source: an unmasked source must target an existing server.
  if (decoded.priority != kMasked && !server_exists(decoded.server))
    return Status::failure("source " + hex_text(source) + ": unknown server " +
                           std::to_string(decoded.server));
  return Status::success();
}

void XicsOps::apply_source_write(uint32_t source, const SourceState& decoded) {
  ics_for(source)->write_state(source, decoded);
  // A pending KVM MSI waits for its server's resend; flag that ICP so the next Down_CPPR
  // scans this ICS (the kernel would deliver at once; we keep writes free of side effects).
  if (flavour_ == Flavour::kvm && decoded.resend) {
    if (IcpCore* p = icp(decoded.server)) p->flag_resend(*ics_of(source));
  }
}

Status XicsOps::set_source(uint32_t source, uint64_t word) {
  SourceState s;
  Status st = check_source_write(source, word, s);
  if (st.ok()) apply_source_write(source, s);
  return st;
}

Status XicsOps::set_sources(uint32_t first, const std::vector<uint64_t>& words) {
  std::vector<SourceState> decoded(words.size());
  for (size_t k = 0; k < words.size(); ++k) {
    const uint64_t n = uint64_t{first} + k;
    if (n > 0xFFFFFFFFull) return Status::failure("source range overflows 32 bits");
    Status st = check_source_write(static_cast<uint32_t>(n), words[k], decoded[k]);
    if (!st.ok()) return st; // nothing written
  }
  for (size_t k = 0; k < words.size(); ++k)
    apply_source_write(static_cast<uint32_t>(first + k), decoded[k]);
  return Status::success();
}

Result<uint64_t> XicsOps::get_icp(uint32_t server) const {
  const IcpCore* p = icp(server);
  if (!p) return Result<uint64_t>::failure("unknown server " + std::to_string(server));
  return Result<uint64_t>::success(encode_icp(p->state()));
}

Status XicsOps::set_icp_line(uint32_t server, bool line) {
  IcpCore* p = icp(server);
  if (!p) return Status::failure("unknown server " + std::to_string(server));
  const IcpState& s = p->state();
  const bool derived = s.xisr != kSpurious && s.pending_pri < s.cppr;
  if (line != derived && (flavour_ == Flavour::kvm || (line && s.xisr == kSpurious)))
    return Status::failure("server " + std::to_string(server) + ": line " + (line ? "raised" : "lowered") +
                           " is not reachable with this ICP state");
  p->restore_line(line);
  return Status::success();
}

Status XicsOps::set_icp(uint32_t server, uint64_t word, IcpRules rules) {
  IcpCore* p = icp(server);
  if (!p) return Status::failure("unknown server " + std::to_string(server));
  const auto xisr = static_cast<uint32_t>((word >> icpword::kXisrShift) & kXisrMask);
  const bool owned = ics_of(xisr).has_value();
  Status st = check_icp_word(word, rules, owned);
  if (!st.ok()) return Status::failure("server " + std::to_string(server) + ": " + st.error);
  p->write_state(static_cast<uint8_t>(word >> icpword::kCpprShift), xisr,
                 static_cast<uint8_t>(word >> icpword::kMfrrShift),
                 static_cast<uint8_t>(word >> icpword::kPpriShift), owned);
  return Status::success();
}

} // namespace ppc64sim::intc
