#pragma once
// State-access encodings (xics-spec.md section 8 for sources, 1.3 for ICPs): the words the
// kernel's KVM_DEV_XICS_GRP_SOURCES attribute and KVM_REG_PPC_ICP_STATE use, so one API
// serves the hypervisor shim, tests, the monitor and checkpoints.
#include "models/intc/icp_core.h"
#include "models/intc/ics_core.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace ppc64sim::intc {

namespace srcword {
inline constexpr uint64_t kServerMask = 0xFFFFFFFFull;
inline constexpr int kPriorityShift = 32;
inline constexpr uint64_t kLevelSensitive = 1ull << 40;
inline constexpr uint64_t kMasked = 1ull << 41;
inline constexpr uint64_t kPending = 1ull << 42;
inline constexpr uint64_t kPresented = 1ull << 43;
inline constexpr uint64_t kQueued = 1ull << 44;
inline constexpr uint64_t kReserved = ~((1ull << 45) - 1);
} // namespace srcword

namespace icpword {
inline constexpr int kCpprShift = 56;
inline constexpr int kXisrShift = 32;
inline constexpr int kMfrrShift = 24;
inline constexpr int kPpriShift = 16;
inline constexpr uint64_t kReserved = 0xFFFFull;
inline constexpr uint64_t make(uint8_t cppr, uint32_t xisr, uint8_t mfrr, uint8_t ppri) {
  return (uint64_t{cppr} << kCpprShift) | (uint64_t{xisr & kXisrMask} << kXisrShift) |
         (uint64_t{mfrr} << kMfrrShift) | (uint64_t{ppri} << kPpriShift);
}
} // namespace icpword

// Outcome of a state write: empty error = success.
struct Status {
  std::string error;
  bool ok() const { return error.empty(); }
  static Status success() { return {}; }
  static Status failure(std::string why) { return Status{std::move(why)}; }
};

// A value or the reason there is none.
template <class T> struct Result {
  std::optional<T> value;
  std::string error;
  bool ok() const { return value.has_value(); }
  static Result success(T v) { return Result{std::move(v), {}}; }
  static Result failure(std::string why) { return Result{std::nullopt, std::move(why)}; }
};

// Which consistency rules an ICP word must satisfy (1.3).
enum class IcpRules {
  // kvmppc_xics_set_icp: XISR==0 => PPRI==0xFF; XISR==2 => PPRI==MFRR < CPPR;
  // else PPRI < MFRR and PPRI < CPPR, and an ICS must own XISR.
  kernel,
  // Every state the model itself can reach, which the kernel rules refuse in a few corners
  // (C5 QEMU tie: PPRI == MFRR; C7: IPI with MFRR set back to 0xFF; C20: PPRI >= CPPR
  // after a software-error EOI): XISR==0 <=> PPRI==0xFF, and XISR is 2 or owned by an ICS.
  reachable,
};

// Source word of one source (section 8). In the QEMU flavour P carries QEMU's LSI "sent"
// flag (our extension, so the QEMU state round-trips); Q is always 0 there.
uint64_t encode_source(Flavour f, const SourceState& s);
// Decode into `out`; refuses reserved bits and bits
// with no meaning in the flavour. Server existence is checked by the caller.
Status decode_source(Flavour f, uint64_t word, SourceState& out);

uint64_t encode_icp(const IcpState& s);
// Checks reserved bits and the rules; `owned_by_ics(xisr)` answers whether an ICS owns XISR.
Status check_icp_word(uint64_t word, IcpRules rules, bool xisr_owned_by_ics);

} // namespace ppc64sim::intc
