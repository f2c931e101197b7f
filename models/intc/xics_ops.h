#pragma once
// The XICS facade: every operation the hypervisor shim, devices, tests and the monitor need,
// over a set of ICS blocks and ICPs of one flavour. How messages travel between the cores is
// left to the subclass (SyncXics: immediately; Xics: TLM fabric with latencies).
#include "models/intc/icp_core.h"
#include "models/intc/ics_core.h"
#include "models/intc/state_access.h"

#include <cstdint>
#include <functional>
#include <map>
#include <vector>

namespace ppc64sim::intc {

// hcall outcome: r3 = status, r4/r5 = outputs.
struct HcallResult {
  int64_t status = hstatus::H_SUCCESS;
  uint64_t r4 = 0;
  uint64_t r5 = 0;
};

// What a query (POLL, CONTROL) found where it landed. POLL: status H_SUCCESS, r4 = XIRR,
// r5 = MFRR. CONTROL: status = the RTAS status, and for get-xive r4 = server, r5 = priority.
struct QueryAnswer {
  int64_t status = 0;
  uint64_t r4 = 0;
  uint64_t r5 = 0;
};

struct SourceRange {
  uint32_t first = 0;
  uint32_t count = 0;
};

class XicsOps : public XicsDirectory {
public:
  explicit XicsOps(Flavour flavour) : flavour_(flavour) {}
  Flavour flavour() const { return flavour_; }

  // ---- hcalls (xics-spec.md 2.3-2.7, 3.3); `server` is the calling thread's server
  // except for ipi/ipoll where it is the target. No ICP for the caller -> H_HARDWARE.
  HcallResult accept(uint32_t server);                 // H_XIRR: r4 = XIRR
  int64_t set_cppr(uint32_t server, uint64_t cppr);    // H_CPPR
  int64_t eoi(uint32_t server, uint64_t xirr);         // H_EOI
  int64_t ipi(uint64_t target, uint64_t mfrr);         // H_IPI (C23: unknown -> H_PARAMETER)
  // H_IPI called by the thread of server `from`: a write to another server's MFRR is an IPI
  // message (send_ipi), so a fabric can give it a latency; the caller's own MFRR is written
  // at once, as ipi() writes every MFRR.
  int64_t ipi_from(uint32_t from, uint64_t target, uint64_t mfrr);
  HcallResult ipoll(uint64_t target);                  // H_IPOLL: r4 = XIRR, r5 = MFRR

  // ---- RTAS (2.9): status 0 / -3.
  int32_t set_xive(uint64_t source, uint64_t server, uint64_t priority);
  XiveResult get_xive(uint64_t source) const;
  int32_t int_off(uint64_t source);
  int32_t int_on(uint64_t source);
  // The checks of an RTAS XIVE call that depend on the topology only (unknown source or
  // server, a priority the flavour refuses): -3 at the call whether or not it travels.
  int32_t check_xive_call(XiveOp op, uint64_t source, uint64_t server = 0, uint64_t priority = 0) const;

  // ---- queries (cycle mode, several threads). send_query: true when `m` (a POLL of another
  // server's ICP or a CONTROL, its arguments checked) left through the fabric from the ICP of
  // `from`; its answer then comes to `on_answer` where it lands. False: the caller answers
  // itself at once (no fabric, or queries do not travel). answer() runs a query's operation on
  // the state as it is now.
  virtual bool send_query(uint32_t from, const Message& m);
  QueryAnswer answer(const Message& m);
  // Called with each travelling query and its answer, at its landing time.
  std::function<void(const Message&, const QueryAnswer&)> on_answer;

  // ---- device side (2.8): false if no ICS owns the number.
  bool msi_trigger(uint32_t source);
  bool set_lsi_level(uint32_t source, bool level);
  bool set_source_type(uint32_t source, SourceType type);

  // ---- state access (section 8 / 1.3 encodings). Ranges are all-or-nothing.
  Result<uint64_t> get_source(uint32_t source) const;
  Result<std::vector<uint64_t>> get_sources(uint32_t first, uint32_t count) const;
  Status set_source(uint32_t source, uint64_t word);
  Status set_sources(uint32_t first, const std::vector<uint64_t>& words);
  Result<uint64_t> get_icp(uint32_t server) const;
  Status set_icp(uint32_t server, uint64_t word, IcpRules rules = IcpRules::kernel);
  // State restore after set_icp: the output line as it was. set_icp derives it as
  // XISR != 0 && PPRI < CPPR, but QEMU keeps it raised after an H_EOI that makes CPPR more
  // favoured than a pending item (xics-spec C20). Refused unless XISR != 0 (QEMU) or the
  // value equals the derived one (KVM, which always derives it).
  Status set_icp_line(uint32_t server, bool line);
  std::vector<uint32_t> servers() const;
  std::vector<SourceRange> source_ranges() const;

  // ---- introspection for tests and the monitor.
  const SourceState* source_state(uint32_t source) const;
  const IcpState* icp_state(uint32_t server) const;
  bool line(uint32_t server) const {
    const IcpCore* p = icp(server);
    return p && p->line();
  }
  void reset();

  // XicsDirectory
  bool server_exists(uint64_t server) const override;
  std::optional<uint32_t> ics_of(uint64_t source) const override;

protected:
  // Delivers an IPI message from the ICP of `from` (the target's ICP exists). Default:
  // applied at once.
  virtual void send_ipi(uint32_t from, const Message& m);
  // Subclasses register the cores they own; the topology is checked here (throws
  // std::invalid_argument with the offending value).
  void register_ics(IcsCore& ics);
  void register_icp(IcpCore& icp);
  IcpCore* icp(uint64_t server) const {
    if (server < icp_by_server_.size()) return icp_by_server_[server];
    if (server < kDenseServers || server > 0xFFFFFFFFull) return nullptr;
    auto it = icps_.find(static_cast<uint32_t>(server));
    return it == icps_.end() ? nullptr : it->second;
  }
  IcsCore* ics_for(uint64_t source) const;
  const std::vector<IcsCore*>& ics_list() const { return ics_; }

private:
  Status check_source_write(uint32_t source, uint64_t word, SourceState& decoded) const;
  void apply_source_write(uint32_t source, const SourceState& decoded);

  // Servers below this are also indexed by number (every hcall looks its ICP up).
  static constexpr uint32_t kDenseServers = 1u << 16;

  Flavour flavour_;
  std::vector<IcsCore*> ics_;
  std::map<uint32_t, IcpCore*> icps_;
  std::vector<IcpCore*> icp_by_server_; // servers < kDenseServers, nullptr when none
};

} // namespace ppc64sim::intc
