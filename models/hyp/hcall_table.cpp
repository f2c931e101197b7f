#include "models/hyp/hcall_table.h"

#include "models/hyp/hcall_codes.h"
#include "models/hyp/log.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace ppc64sim::hyp {

namespace {
std::string hex(uint64_t v) { return fmt::format("{:#x}", v); }
} // namespace

HcallTable::HcallTable()
    : papr_(kPaprMax / 4 + 1), private_(kPrivateMax - kPrivateBase + 1) {}

HcallTable::Slot* HcallTable::slot(uint64_t number) {
  // xics-spec.md 3.1: PAPR numbers are multiples of 4 up to the maximum; the private range is
  // dense.
  if (number <= kPaprMax) return (number % 4 == 0) ? &papr_[number / 4] : nullptr;
  if (number >= kPrivateBase && number <= kPrivateMax) return &private_[number - kPrivateBase];
  return nullptr;
}

const HcallTable::Slot* HcallTable::slot(uint64_t number) const {
  return const_cast<HcallTable*>(this)->slot(number);
}

void HcallTable::add(uint64_t number, std::string name, HcallHandler handler) {
  Slot* s = slot(number);
  if (s == nullptr)
    throw std::invalid_argument("hcall " + name + " (" + hex(number) +
                                "): no such hcall number (PAPR numbers are multiples of 4 up to " +
                                hex(kPaprMax) + ", private ones " + hex(kPrivateBase) + ".." +
                                hex(kPrivateMax) + ")");
  if (!handler) throw std::invalid_argument("hcall " + name + " (" + hex(number) + "): empty handler");
  if (s->handler)
    throw std::invalid_argument("hcall " + hex(number) + " registered twice: " + s->name +
                                " is already there, refusing " + name);
  s->name = std::move(name);
  s->handler = std::move(handler);
}

bool HcallTable::has(uint64_t number) const {
  const Slot* s = slot(number);
  return s != nullptr && static_cast<bool>(s->handler);
}

std::string HcallTable::name(uint64_t number) const {
  const Slot* s = slot(number);
  return s != nullptr ? s->name : std::string();
}

HcallOutcome HcallTable::dispatch(cpu::ThreadState& state) {
  const uint64_t number = state.gpr[3];
  Slot* s = slot(number);
  HcallOutcome out;
  if (s == nullptr || !s->handler) {
    if (warned_.insert(number).second)
      logger()->warn("thread {}: unimplemented hcall {:#x} at pc {:#x}, returning H_FUNCTION",
                     state.pir, number, state.pc - 4);
    out.status = H_FUNCTION;
  } else {
    out = s->handler(state);
  }
  state.gpr[3] = static_cast<uint64_t>(out.status);
  return out;
}

} // namespace ppc64sim::hyp
