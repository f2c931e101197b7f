// Iss: the fetch/dispatch loop and the predecode cache.
//
// Speed: instructions in the direct (DMI) RAM window are predecoded per 4 KiB page into Insn
// entries (handler pointer + pre-extracted fields). Each fetch still reads the word from
// memory and compares it with the cached one, so code rewritten by the guest, the loader or
// a debugger is re-decoded on first use instead of executing a stale decode. Interrupts unwind
// with a C++ exception (see core.h), keeping the hot loop free of fault checks.
#include "models/cpu/iss.h"

#include "models/cpu/core.h"
#include "models/cpu/decoder.h"
#include "models/cpu/handlers.h"

#include <memory>
#include <unordered_map>

namespace ppc64sim::cpu {
namespace {

constexpr uint64_t kPageBytes = 4096;
constexpr unsigned kPageInsns = kPageBytes / 4;

struct Page {
  uint8_t* host = nullptr;
  Insn insn[kPageInsns];
  Page() {
    // Word 0 is a reserved encoding: pre-filling with its decode makes "never decoded" and
    // "decoded" entries look alike, so the fetch loop needs a single compare.
    for (Insn& in : insn) decode_into(in, 0);
  }
};

} // namespace

struct Iss::Impl {
  Impl(ThreadState& s, GuestMemory& m, HypervisorInterface& h, ReservationMonitor& r)
      : core(s, m, h, r) {
    core.dmi = m.direct_region();
    core.msr_changed();
    core.le_decoded = core.le;
    core.event = 0;
  }

  Core core;
  std::unordered_map<uint64_t, std::unique_ptr<Page>> pages;
  Page* cur = nullptr;
  uint64_t cur_addr = ~0ull; // page address `cur` stands for (cur == nullptr: not cached)
  uint64_t done = 0;         // instructions consumed in the current step()
  bool external_level = false; // TODO(issue 3/4): take vector 0x500 while high and MSR[EE]=1

  void flush() {
    pages.clear();
    cur = nullptr;
    cur_addr = ~0ull;
    core.le_decoded = core.le;
  }

  void switch_page(uint64_t page_addr) {
    cur_addr = page_addr;
    if (!core.dmi.contains(page_addr, kPageBytes)) {
      cur = nullptr;
      return;
    }
    auto& slot = pages[page_addr];
    if (!slot) {
      slot = std::make_unique<Page>();
      slot->host = core.dmi.host + (page_addr - core.dmi.base);
    }
    cur = slot.get();
  }

  uint32_t fetch_slow(uint64_t pc) {
    uint8_t b[4];
    AccessInfo info{core.st.pir, true, core.privileged()};
    if (core.mem.read(pc, b, 4, info) != AccessStatus::ok) core.machine_check(pc);
    uint32_t be = (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
    return core.le ? __builtin_bswap32(be) : be;
  }

  // Returns true when step() must return.
  bool handle_events() {
    if (core.event & events::flush) {
      flush();
      core.event &= ~events::flush;
    }
    return (core.event & events::stop) != 0;
  }

  // The PC lives in a register here; ThreadState::pc is written when run() leaves (normally,
  // or by take_interrupt before it unwinds), keeping a store/reload off the critical path.
  void run(uint64_t max) {
    Core& c = core;
    uint64_t pc = c.st.pc;
    uint64_t n = done;
    while (n < max) {
      c.cia = pc;
      c.nia = (pc + 4) & c.ea_mask;
      uint64_t page_addr = pc & ~(kPageBytes - 1);
      if (__builtin_expect(page_addr != cur_addr, 0)) switch_page(page_addr);
      done = n; // for the interrupt path
      if (__builtin_expect(cur != nullptr, 1)) {
        Insn& in = cur->insn[(pc >> 2) & (kPageInsns - 1)];
        uint32_t raw;
        std::memcpy(&raw, cur->host + (pc & (kPageBytes - 1)), 4);
        uint32_t w = c.le ? raw : __builtin_bswap32(raw);
        if (__builtin_expect(w != in.word, 0)) decode_into(in, w);
        in.fn(c, in);
        pc = in.redirects ? c.nia : (pc + 4) & c.ea_mask;
      } else {
        c.st.pc = pc;
        Insn tmp;
        decode_into(tmp, fetch_slow(pc));
        tmp.fn(c, tmp);
        pc = c.nia;
      }
      ++n;
      if (__builtin_expect(c.event != 0, 0)) {
        c.st.pc = pc;
        done = n;
        if (handle_events()) return;
      }
    }
    c.st.pc = pc;
    done = n;
  }

  StepResult step(uint64_t max) {
    StepResult res;
    ThreadState& s = core.st;
    if (s.run_state != RunState::running) {
      res.reason = StopReason::left_running;
      return res;
    }
    core.msr_changed(); // the wrapper or the hypervisor may have rewritten MSR between steps
    core.event &= ~events::stop;
    core.stop_reason = StopReason::budget;
    core.extra_cycles = 0;
    done = 0;
    if (handle_events()) return res;
    while (done < max) {
      try {
        run(max);
      } catch (const InterruptTaken&) {
        ++done; // the interrupted instruction consumed its issue slot
      }
      if (handle_events()) break;
    }
    core.retired += done;
    res.instructions = done;
    res.cycles = done + core.extra_cycles;
    res.reason = (core.event & events::stop) ? core.stop_reason : StopReason::budget;
    core.event &= ~events::stop;
    return res;
  }
};

Iss::Iss(ThreadState& state, GuestMemory& memory, HypervisorInterface& hypervisor,
         ReservationMonitor& reservations)
    : impl_(std::make_unique<Impl>(state, memory, hypervisor, reservations)) {}

Iss::~Iss() = default;

StepResult Iss::step(uint64_t max_instructions) { return impl_->step(max_instructions); }
ThreadState& Iss::state() { return impl_->core.st; }
const ThreadState& Iss::state() const { return impl_->core.st; }
uint64_t Iss::instructions_retired() const { return impl_->core.retired; }

void Iss::flush_decode_cache() {
  impl_->core.dmi = impl_->core.mem.direct_region();
  impl_->flush();
}

void Iss::set_external_interrupt(bool level) { impl_->external_level = level; }

void Iss::set_timebase_source(std::function<uint64_t()> source) {
  impl_->core.timebase = std::move(source);
}

} // namespace ppc64sim::cpu
