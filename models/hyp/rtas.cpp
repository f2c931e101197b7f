#include "models/hyp/rtas.h"

#include "models/hyp/hcall_codes.h"
#include "models/hyp/log.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

namespace ppc64sim::hyp {

namespace {

// QEMU's ppc64_phys_to_real: the top 4 bits of a real address are ignored (xics-spec.md 3.4).
constexpr uint64_t kRealAddressMask = 0x0FFFFFFFFFFFFFFFull;

uint32_t load_be32(const uint8_t* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

void store_be32(uint8_t* p, uint32_t v) {
  p[0] = uint8_t(v >> 24);
  p[1] = uint8_t(v >> 16);
  p[2] = uint8_t(v >> 8);
  p[3] = uint8_t(v);
}

bool read_cells(const PhysAccess& memory, uint64_t addr, std::size_t count,
                std::vector<uint32_t>& out) {
  std::vector<uint8_t> bytes(count * 4);
  out.clear();
  if (count == 0) return true;
  if (!memory.read(addr, bytes.data(), static_cast<unsigned>(bytes.size()))) return false;
  for (std::size_t i = 0; i < count; ++i) out.push_back(load_be32(&bytes[i * 4]));
  return true;
}

} // namespace

RtasCall::RtasCall(uint32_t token, uint32_t nargs, uint32_t nret, std::vector<uint32_t> args,
                   std::size_t ret_cells)
    : token_(token), nargs_(nargs), nret_(nret), args_(std::move(args)), ret_cells_(ret_cells) {}

void RtasCall::set_ret(uint32_t i, uint32_t value) {
  if (i < ret_cells_) written_[i] = value;
}

uint32_t RtasTable::add(const std::string& name, RtasHandler handler) {
  uint32_t next = kTokenBase;
  for (const Entry& e : entries_) next = std::max(next, e.token + 1);
  return add_at(next, name, std::move(handler));
}

uint32_t RtasTable::add_at(uint32_t token, const std::string& name, RtasHandler handler) {
  if (!handler) throw std::invalid_argument("RTAS call " + name + ": empty handler");
  if (token < kTokenBase)
    throw std::invalid_argument("RTAS call " + name + ": token " + std::to_string(token) +
                                " is below 0x2000");
  for (const Entry& e : entries_) {
    if (e.name == name) throw std::invalid_argument("RTAS call " + name + " registered twice");
    if (e.token == token)
      throw std::invalid_argument("RTAS call " + name + ": token " + std::to_string(token) +
                                  " already belongs to " + e.name);
  }
  entries_.push_back({name, token, std::move(handler)});
  return token;
}

std::vector<std::pair<std::string, uint32_t>> RtasTable::tokens() const {
  std::vector<std::pair<std::string, uint32_t>> out;
  for (const Entry& e : entries_) out.emplace_back(e.name, e.token);
  return out;
}

const RtasTable::Entry* RtasTable::find(uint32_t token) const {
  if (token == kLegacyDisplayCharacterToken) {
    for (const Entry& e : entries_)
      if (e.name == "display-character") return &e;
    return nullptr;
  }
  for (const Entry& e : entries_)
    if (e.token == token) return &e;
  return nullptr;
}

HcallOutcome RtasTable::call(cpu::ThreadState& caller, uint64_t buffer, const PhysAccess& memory) {
  const uint64_t base = buffer & kRealAddressMask;
  std::vector<uint32_t> header;
  if (!read_cells(memory, base, 3, header)) {
    logger()->warn("thread {}: H_RTAS buffer {:#x} is outside guest memory", caller.pir, buffer);
    return {H_PARAMETER, false};
  }
  const uint32_t token = header[0], nargs = header[1], nret = header[2];
  const uint64_t args_addr = base + 12;
  const uint64_t rets_addr = args_addr + 4ull * nargs;

  // The status cell exists even for nret == 0: QEMU writes rets[0] unconditionally on the
  // unknown-token path and in display-character.
  const std::size_t ret_cells = std::clamp<uint32_t>(nret, 1, RtasCall::kMaxRetCells);
  std::vector<uint32_t> args, rets_before;
  if (!read_cells(memory, args_addr, std::min(nargs, RtasCall::kMaxArgCells), args) ||
      !read_cells(memory, rets_addr, ret_cells, rets_before)) {
    logger()->warn("thread {}: H_RTAS buffer {:#x} (nargs {}, nret {}) runs outside guest memory",
                   caller.pir, buffer, nargs, nret);
    return {H_PARAMETER, false};
  }

  RtasCall call(token, nargs, nret, std::move(args), ret_cells);
  call.set_rets_address(rets_addr);
  const Entry* entry = find(token);
  int64_t status = H_SUCCESS;
  if (entry == nullptr) {
    if (warned_.insert(token).second)
      logger()->warn("thread {}: unknown RTAS token {:#x}", caller.pir, token);
    call.set_status(rtas_status::PARAM_ERROR);
    status = H_PARAMETER;
  } else {
    entry->handler(caller, call);
  }

  for (const auto& [index, value] : call.written()) {
    uint8_t cell[4];
    store_be32(cell, value);
    // Readable a moment ago, so a failure here means the memory map changed under us.
    if (!memory.write(rets_addr + 4ull * index, cell, 4)) return {H_PARAMETER, call.wants_leave_step()};
  }
  return {status, call.wants_leave_step(), call.resume_cycle()};
}

} // namespace ppc64sim::hyp
