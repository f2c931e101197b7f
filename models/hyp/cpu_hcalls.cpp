#include "models/hyp/cpu_hcalls.h"

#include "models/hyp/hcall_codes.h"

namespace ppc64sim::hyp {

std::vector<uint32_t> ThreadDirectory::servers() const {
  std::vector<uint32_t> out;
  for (uint32_t s = 0; s < limit_; ++s)
    if (cpus_.has_thread(s)) out.push_back(s);
  return out;
}

namespace {

// H_CEDE: xics-spec.md 3.2 (QEMU h_cede). EE is set first so that an interrupt pending at
// wake-up is taken right after the `sc`.
HcallOutcome h_cede(cpu::ThreadState& s, const InterruptPendingQuery& pending) {
  s.msr |= cpu::msr::EE;
  if (s.prod) {
    s.prod = false;
    return {H_SUCCESS, false};
  }
  if (pending && pending(s.pir)) return {H_SUCCESS, false};
  // The board wakes the thread on H_PROD (below) or, once an interrupt controller exists, on
  // an external interrupt; either way it resumes after the `sc` with r3 = H_SUCCESS.
  s.run_state = cpu::RunState::ceded;
  return {H_SUCCESS, true};
}

// H_PROD(target): xics-spec.md 3.2. The flag is kept for a later H_CEDE when the target is
// not asleep; a ceded target is woken.
HcallOutcome h_prod(cpu::ThreadState& s, CpuControl& cpus) {
  const uint64_t target = s.gpr[4];
  if (target > UINT32_MAX || !cpus.has_thread(static_cast<uint32_t>(target)))
    return {H_PARAMETER, false};
  const auto server = static_cast<uint32_t>(target);
  cpu::ThreadState& t = cpus.thread_state(server);
  t.prod = true;
  if (t.run_state != cpu::RunState::ceded) return {H_SUCCESS, false};
  cpus.wake(server);
  return {H_SUCCESS, true};
}

// H_SET_MODE(mflags, resource, value1, value2): only the endianness resource (xics-spec.md
// 3.2). AIL (resource 3) is not modelled: interrupts always go to the low real-mode vectors.
HcallOutcome h_set_mode(cpu::ThreadState& s, const ThreadDirectory& threads) {
  const uint64_t mflags = s.gpr[4], resource = s.gpr[5], value1 = s.gpr[6], value2 = s.gpr[7];
  if (resource != H_SET_MODE_RESOURCE_LE) return {H_P2, false};
  if (value1 != 0) return {H_P3, false};
  if (value2 != 0) return {H_P4, false};
  bool little;
  if (mflags == H_SET_MODE_ENDIAN_BIG)
    little = false;
  else if (mflags == H_SET_MODE_ENDIAN_LITTLE)
    little = true;
  else
    return {H_UNSUPPORTED_FLAG, false};
  // Every thread of the partition, the caller included.
  for (uint32_t server : threads.servers()) {
    if (server != s.pir) threads.cpus().will_change(server);
    uint64_t& lpcr = threads.cpus().thread_state(server).lpcr;
    lpcr = little ? (lpcr | cpu::lpcr::ILE) : (lpcr & ~cpu::lpcr::ILE);
  }
  return {H_SUCCESS, false};
}

} // namespace

void register_cpu_hcalls(HcallTable& table, const ThreadDirectory& threads,
                         const InterruptPendingQuery& pending) {
  table.add(hc::H_CEDE, "H_CEDE", [&pending](cpu::ThreadState& s) { return h_cede(s, pending); });
  table.add(hc::H_PROD, "H_PROD",
            [&threads](cpu::ThreadState& s) { return h_prod(s, threads.cpus()); });
  table.add(hc::H_SET_MODE, "H_SET_MODE",
            [&threads](cpu::ThreadState& s) { return h_set_mode(s, threads); });
}

} // namespace ppc64sim::hyp
