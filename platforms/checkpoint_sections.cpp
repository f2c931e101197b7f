#include "platforms/checkpoint_sections.h"

#include "models/intc/hex_text.h"

#include <cstring>

namespace ppc64sim::platform::checkpoint {

// A new ThreadState field must be added to put_thread/get_thread, CHECKPOINT.md and the
// round-trip test, and the format version bumped; this trips when the struct changes.
static_assert(sizeof(cpu::ThreadState) == 448,
              "cpu::ThreadState changed: update the checkpoint 'threads' encoding and bump kCheckpointFormatVersion");

namespace {

// Resolution of the SystemC kernel in ps (1 unless someone changes the default).
uint64_t resolution_ps() {
  return static_cast<uint64_t>(sc_core::sc_get_time_resolution().to_seconds() * 1e12 + 0.5);
}

void put_thread(ByteWriter& w, const cpu::ThreadState& s) {
  for (uint64_t g : s.gpr) w.u64(g);
  w.u64(s.pc);
  w.u64(s.msr);
  w.u32(s.cr);
  w.u64(s.xer);
  w.u64(s.lr);
  w.u64(s.ctr);
  w.u64(s.srr0);
  w.u64(s.srr1);
  for (uint64_t g : s.sprg) w.u64(g);
  w.u64(s.dar);
  w.u32(s.dsisr);
  w.u64(s.cfar);
  w.u64(s.ppr);
  w.u32(s.ctrl);
  w.u64(s.dscr);
  w.u64(s.lpcr);
  w.u64(s.dec);
  w.u64(s.dec_tb);
  w.u64(s.dec_edge);
  w.boolean(s.dec_requested);
  w.u32(s.pir);
  w.u32(s.pvr);
  w.u8(static_cast<uint8_t>(static_cast<cpu::RunState>(s.run_state)));
  w.boolean(s.prod);
  w.boolean(s.checkstop);
}

cpu::ThreadState get_thread(ByteReader& r) {
  cpu::ThreadState s;
  for (uint64_t& g : s.gpr) g = r.u64();
  s.pc = r.u64();
  s.msr = r.u64();
  s.cr = r.u32();
  s.xer = r.u64();
  s.lr = r.u64();
  s.ctr = r.u64();
  s.srr0 = r.u64();
  s.srr1 = r.u64();
  for (uint64_t& g : s.sprg) g = r.u64();
  s.dar = r.u64();
  s.dsisr = r.u32();
  s.cfar = r.u64();
  s.ppr = r.u64();
  s.ctrl = r.u32();
  s.dscr = r.u64();
  s.lpcr = r.u64();
  s.dec = r.u64();
  s.dec_tb = r.u64();
  s.dec_edge = r.u64();
  s.dec_requested = r.boolean();
  s.pir = r.u32();
  s.pvr = r.u32();
  const uint8_t run = r.u8();
  if (run > static_cast<uint8_t>(cpu::RunState::running))
    r.fail("thread " + std::to_string(s.pir) + ": bad run state " + std::to_string(run));
  s.run_state = static_cast<cpu::RunState>(run);
  s.prod = r.boolean();
  s.checkstop = r.boolean();
  return s;
}

bool all_zero(const uint8_t* p, uint64_t n) {
  uint64_t word;
  for (uint64_t i = 0; i < n; i += sizeof word) {
    std::memcpy(&word, p + i, sizeof word);
    if (word) return false;
  }
  return true;
}

} // namespace

uint64_t to_ps(const sc_core::sc_time& t) { return t.value() * resolution_ps(); }

sc_core::sc_time from_ps(uint64_t ps) { return sc_core::sc_time::from_value(ps / resolution_ps()); }

// ---- threads

std::vector<uint8_t> encode_threads(const std::vector<cpu::ThreadState>& threads) {
  ByteWriter w;
  w.u32(static_cast<uint32_t>(threads.size()));
  for (const cpu::ThreadState& s : threads) put_thread(w, s);
  return w.take();
}

std::vector<cpu::ThreadState> decode_threads(ByteReader& r) {
  const uint32_t n = r.count(kThreadBytes);
  std::vector<cpu::ThreadState> out;
  out.reserve(n);
  for (uint32_t i = 0; i < n; ++i) out.push_back(get_thread(r));
  r.expect_end();
  return out;
}

// ---- ram

std::vector<uint8_t> encode_ram(const uint8_t* ram, uint64_t bytes) {
  ByteWriter w;
  w.u64(bytes);
  w.u32(static_cast<uint32_t>(kPageBytes));
  std::vector<uint64_t> used;
  for (uint64_t a = 0; a + kPageBytes <= bytes; a += kPageBytes)
    if (!all_zero(ram + a, kPageBytes)) used.push_back(a);
  w.u32(static_cast<uint32_t>(used.size()));
  for (uint64_t a : used) {
    w.u64(a);
    w.bytes(ram + a, kPageBytes);
  }
  return w.take();
}

RamImage decode_ram(ByteReader& r) {
  RamImage img;
  img.memory_bytes = r.u64();
  const uint32_t page = r.u32();
  if (page != kPageBytes) r.fail("page size " + std::to_string(page) + ", expected " + std::to_string(kPageBytes));
  const uint32_t n = r.count(8 + kPageBytes);
  img.pages.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    const uint64_t addr = r.u64();
    if (addr % kPageBytes != 0 || addr >= img.memory_bytes || img.memory_bytes - addr < kPageBytes ||
        (!img.pages.empty() && addr <= img.pages.back().first))
      r.fail("bad page address " + intc::hex_text(addr) + " (pages are 4 KiB aligned, ascending, inside RAM)");
    img.pages.emplace_back(addr, r.bytes(kPageBytes));
  }
  r.expect_end();
  return img;
}

void apply_ram(const RamImage& image, uint8_t* ram, uint64_t bytes) {
  size_t next = 0;
  for (uint64_t a = 0; a + kPageBytes <= bytes; a += kPageBytes) {
    if (next < image.pages.size() && image.pages[next].first == a) {
      std::memcpy(ram + a, image.pages[next++].second, kPageBytes);
    } else if (!all_zero(ram + a, kPageBytes)) {
      std::memset(ram + a, 0, kPageBytes);
    }
  }
}

// ---- xics

std::vector<uint8_t> encode_xics(const XicsSnapshot& x) {
  ByteWriter w;
  w.u32(static_cast<uint32_t>(x.sources.size()));
  for (const XicsSnapshot::Range& range : x.sources) {
    w.u32(range.first);
    w.u32(static_cast<uint32_t>(range.words.size()));
    for (uint64_t word : range.words) w.u64(word);
  }
  w.u32(static_cast<uint32_t>(x.icps.size()));
  for (const XicsSnapshot::Icp& icp : x.icps) {
    w.u32(icp.server);
    w.u64(icp.word);
    w.boolean(icp.line);
  }
  return w.take();
}

XicsSnapshot decode_xics(ByteReader& r) {
  XicsSnapshot x;
  const uint32_t ranges = r.count(8);
  for (uint32_t i = 0; i < ranges; ++i) {
    XicsSnapshot::Range range;
    range.first = r.u32();
    const uint32_t n = r.count(8);
    range.words.reserve(n);
    for (uint32_t k = 0; k < n; ++k) range.words.push_back(r.u64());
    x.sources.push_back(std::move(range));
  }
  const uint32_t icps = r.count(13);
  for (uint32_t i = 0; i < icps; ++i) {
    XicsSnapshot::Icp icp;
    icp.server = r.u32();
    icp.word = r.u64();
    icp.line = r.boolean();
    x.icps.push_back(icp);
  }
  r.expect_end();
  return x;
}

// ---- fabric

std::vector<uint8_t> encode_fabric(const std::vector<intc::InFlightMessage>& messages) {
  ByteWriter w;
  w.u32(static_cast<uint32_t>(messages.size()));
  for (const intc::InFlightMessage& m : messages) {
    w.u8(static_cast<uint8_t>(m.msg.kind));
    w.u32(m.msg.server);
    w.u32(m.msg.source);
    w.u8(m.msg.priority);
    w.u8(static_cast<uint8_t>(m.msg.reason));
    w.u32(static_cast<uint32_t>(m.msg.ics));
    w.u64(to_ps(m.sent));
    w.u64(to_ps(m.due));
    if (intc::is_query(m.msg.kind)) { // format version 4
      w.u32(m.msg.caller);
      w.u8(static_cast<uint8_t>(m.msg.op));
      w.u64(m.msg.value);
      w.u64(m.msg.reply);
    }
  }
  return w.take();
}

std::vector<intc::InFlightMessage> decode_fabric(ByteReader& r) {
  constexpr size_t kMessageBytes = 1 + 4 + 4 + 1 + 1 + 4 + 8 + 8;
  const uint32_t n = r.count(kMessageBytes);
  std::vector<intc::InFlightMessage> out;
  for (uint32_t i = 0; i < n; ++i) {
    intc::InFlightMessage m;
    const uint8_t kind = r.u8();
    if (kind >= intc::kMessageKinds) r.fail("message " + std::to_string(i) + ": bad kind " + std::to_string(kind));
    m.msg.kind = static_cast<intc::MessageKind>(kind);
    m.msg.server = r.u32();
    m.msg.source = r.u32();
    m.msg.priority = r.u8();
    const uint8_t reason = r.u8();
    if (reason > static_cast<uint8_t>(intc::RejectReason::displaced))
      r.fail("message " + std::to_string(i) + ": bad reject reason " + std::to_string(reason));
    m.msg.reason = static_cast<intc::RejectReason>(reason);
    m.msg.ics = static_cast<int32_t>(r.u32());
    m.sent = from_ps(r.u64());
    m.due = from_ps(r.u64());
    if (m.due < m.sent) r.fail("message " + std::to_string(i) + ": due before it was sent");
    if (intc::is_query(m.msg.kind)) {
      m.msg.caller = r.u32();
      const uint8_t op = r.u8();
      if (op >= intc::kXiveOps) r.fail("message " + std::to_string(i) + ": bad XIVE call " + std::to_string(op));
      m.msg.op = static_cast<intc::XiveOp>(op);
      m.msg.value = r.u64();
      m.msg.reply = r.u64();
    }
    out.push_back(m);
  }
  r.expect_end();
  return out;
}

// ---- reservations

std::vector<uint8_t> encode_reservations(const std::vector<std::optional<uint64_t>>& held) {
  ByteWriter w;
  w.u32(static_cast<uint32_t>(held.size()));
  for (const auto& h : held) {
    w.boolean(h.has_value());
    w.u64(h.value_or(0));
  }
  return w.take();
}

std::vector<std::optional<uint64_t>> decode_reservations(ByteReader& r) {
  const uint32_t n = r.count(9);
  std::vector<std::optional<uint64_t>> out;
  for (uint32_t i = 0; i < n; ++i) {
    const bool held = r.boolean();
    const uint64_t granule = r.u64();
    out.push_back(held ? std::optional<uint64_t>(granule) : std::nullopt);
  }
  r.expect_end();
  return out;
}

// ---- irqgen

std::vector<uint8_t> encode_irqgen(const std::optional<devices::IrqGeneratorState>& s) {
  ByteWriter w;
  w.boolean(s.has_value());
  if (s) {
    w.u32(s->control);
    w.u32(static_cast<uint32_t>(s->sources.size()));
    for (const auto& src : s->sources) {
      w.boolean(src.level);
      w.u32(src.fired);
    }
    w.u32(static_cast<uint32_t>(s->rules.size()));
    for (const auto& rule : s->rules) {
      w.u64(rule.next_ns);
      w.u64(rule.k);
      w.u32(rule.j);
      w.boolean(rule.done);
      w.u64(rule.prng);
    }
  }
  return w.take();
}

std::optional<devices::IrqGeneratorState> decode_irqgen(ByteReader& r) {
  if (!r.boolean()) {
    r.expect_end();
    return std::nullopt;
  }
  devices::IrqGeneratorState s;
  s.control = r.u32();
  const uint32_t sources = r.count(5);
  for (uint32_t i = 0; i < sources; ++i) {
    devices::IrqGeneratorState::Source src;
    src.level = r.boolean();
    src.fired = r.u32();
    s.sources.push_back(src);
  }
  const uint32_t rules = r.count(29);
  for (uint32_t i = 0; i < rules; ++i) {
    devices::IrqGeneratorState::Rule rule;
    rule.next_ns = r.u64();
    rule.k = r.u64();
    rule.j = r.u32();
    rule.done = r.boolean();
    rule.prng = r.u64();
    s.rules.push_back(rule);
  }
  r.expect_end();
  return s;
}

// ---- vty

std::vector<uint8_t> encode_vty(const VtyInput& v) {
  ByteWriter w;
  w.text(v.buffer);
  w.text(v.backlog);
  return w.take();
}

VtyInput decode_vty(ByteReader& r) {
  VtyInput v;
  v.buffer = r.text();
  v.backlog = r.text();
  r.expect_end();
  return v;
}

// ---- hypervisor

std::vector<uint8_t> encode_hypervisor(const hyp::HypervisorState& s) {
  ByteWriter w;
  w.i64(s.rtc_offset);
  w.u32(static_cast<uint32_t>(s.warned_hcalls.size()));
  for (uint64_t n : s.warned_hcalls) w.u64(n);
  w.u32(static_cast<uint32_t>(s.warned_rtas.size()));
  for (uint32_t t : s.warned_rtas) w.u32(t);
  return w.take();
}

hyp::HypervisorState decode_hypervisor(ByteReader& r) {
  hyp::HypervisorState s;
  s.rtc_offset = r.i64();
  const uint32_t hcalls = r.count(8);
  for (uint32_t i = 0; i < hcalls; ++i) s.warned_hcalls.insert(r.u64());
  const uint32_t tokens = r.count(4);
  for (uint32_t i = 0; i < tokens; ++i) s.warned_rtas.insert(r.u32());
  r.expect_end();
  return s;
}

// ---- run-control

std::vector<uint8_t> encode_run_control(uint64_t instructions) {
  ByteWriter w;
  w.u64(instructions);
  return w.take();
}

uint64_t decode_run_control(ByteReader& r) {
  const uint64_t n = r.u64();
  r.expect_end();
  return n;
}

} // namespace ppc64sim::platform::checkpoint
