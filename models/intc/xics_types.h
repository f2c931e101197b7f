#pragma once
// Vocabulary shared by the XICS semantic core (no SystemC) and its SystemC wrappers.
// Spec references are to /work/shared/xics-spec.md.
#include <cstdint>
#include <optional>

namespace ppc64sim::intc {

// Which reference implementation the model reproduces (xics-spec.md 2.11: QEMU TCG is the
// default because that is what a -bios firmware observes on QEMU pseries).
enum class Flavour { qemu, kvm };

inline constexpr uint8_t kMasked = 0xFF;        // 1.1: least favoured priority = masked
inline constexpr uint32_t kSpurious = 0;        // 1.1: XISR 0 = nothing pending
inline constexpr uint32_t kIpi = 2;             // 1.1: per-server IPI, owned by no ICS
inline constexpr uint32_t kXisrMask = 0x00FFFFFF; // 1.3: XISR is 24 bits
inline constexpr uint32_t kFirstSource = 16;    // 1.1: numbers below 16 are reserved
inline constexpr uint32_t kDefaultIcsBase = 0x1000;  // 1.1: QEMU XICS_IRQ_BASE
inline constexpr uint32_t kDefaultIcsCount = 0x1000; // 1.1: QEMU SPAPR_NR_XIRQS

// hcall status (3.3) and RTAS status (3.4) values the XICS operations return. Kept local so
// models/intc does not depend on models/hyp (the shim depends on us, not the other way).
namespace hstatus {
inline constexpr int64_t H_SUCCESS = 0;
inline constexpr int64_t H_HARDWARE = -1;
inline constexpr int64_t H_PARAMETER = -4;
} // namespace hstatus
namespace rtas {
inline constexpr int32_t SUCCESS = 0;
inline constexpr int32_t PARAM_ERROR = -3;
} // namespace rtas

// A block of consecutive source numbers owned by one ICS (QEMU numbering by default).
struct IcsBlock {
  uint32_t base = kDefaultIcsBase;
  uint32_t count = kDefaultIcsCount;
};

// The four fabric messages of architecture.md (ICS <-> ICP), and IPI: an H_IPI's write to
// another thread's MFRR, which travels from the caller's ICP to the target's like a PRESENT
// (on POWER it is a store to the target presenter's MMIO page). POLL and CONTROL are the
// queries of cycle mode with several threads (Xics::set_queries_travel): an H_IPOLL of another
// thread's ICP, and an RTAS XIVE call to an ICS; each is answered where it lands, and the
// caller waits for the answer's return (a round trip of the kind's latency).
enum class MessageKind : uint8_t { present, reject, eoi, resend, ipi, poll, control };
inline constexpr int kMessageKinds = 7;
inline bool is_query(MessageKind k) { return k == MessageKind::poll || k == MessageKind::control; }
const char* to_string(MessageKind k);

// Why an ICP hands a source back. QEMU treats both alike (ics_reject); KVM marks a failed
// delivery for resend but immediately re-delivers an item displaced from XISR (2.1 KVM 5-6).
enum class RejectReason : uint8_t { bounced, displaced };

// The RTAS call a CONTROL message carries (xics-spec.md 2.9).
enum class XiveOp : uint8_t { set_xive, get_xive, int_off, int_on };
inline constexpr uint8_t kXiveOps = 4;

struct Message {
  MessageKind kind = MessageKind::present;
  uint32_t server = 0;      // PRESENT/IPI: target; REJECT/EOI/RESEND: the ICP that sent it
  // PRESENT/REJECT/EOI: the source. IPI: the value written to MFRR, bits above the 8-bit
  // register folded into bit 8 (KVM compares the whole written value: only "above 0xFF"
  // matters, see ipi_value()).
  uint32_t source = 0;
  uint8_t priority = kMasked; // PRESENT
  RejectReason reason = RejectReason::bounced; // REJECT
  int32_t ics = -1;         // RESEND: index of the ICS to scan, -1 = every ICS (QEMU)
  // POLL/CONTROL (queries): POLL's `server` is the polled server; CONTROL's `source` is the
  // interrupt source and, for set-xive, `server` the XIVE's server and `value` its priority
  // (the full register: KVM keeps more than 8 bits).
  uint32_t caller = 0;      // the server of the calling thread, which the answer goes to
  XiveOp op = XiveOp::set_xive; // CONTROL
  uint64_t value = 0;       // CONTROL set-xive: priority
  uint64_t reply = 0;       // CONTROL: guest real address of the RTAS return cells
};

// The IPI message's `source` for an MFRR write of `mfrr`.
inline uint32_t ipi_value(uint64_t mfrr) {
  return mfrr > 0xFF ? 0x100u | static_cast<uint32_t>(mfrr & 0xFF) : static_cast<uint32_t>(mfrr);
}

// Where a core puts the messages it emits (the fabric, or a synchronous router).
class MessageSink {
public:
  virtual ~MessageSink() = default;
  virtual void send(const Message& m) = 0;
};

// Topology queries the cores need (server existence for set-xive, owning ICS for EOI/resend).
class XicsDirectory {
public:
  virtual ~XicsDirectory() = default;
  virtual bool server_exists(uint64_t server) const = 0;
  virtual std::optional<uint32_t> ics_of(uint64_t source) const = 0; // ICS index
};

} // namespace ppc64sim::intc
