// The interrupt generator's registers through a TLM initiator, with a real Xics (no cores):
// offsets, access sizes and directions per irq_generator.md; LSI assert -> ICS asserted ->
// ICP line high (xics-spec.md 2.8 LSI level, 1.4 line); MSI fire -> presented (2.8 MSI).
#include "models/devices/irq_generator.h"
#include "models/intc/xics.h"

#include <gtest/gtest.h>
#include <tlm_utils/simple_initiator_socket.h>

using namespace ppc64sim;
using devices::IrqGenerator;
using devices::IrqKind;
using sc_core::SC_NS;

namespace {

constexpr uint32_t kFirst = 0x1200;

devices::IrqGeneratorConfig gen_config() {
  devices::IrqGeneratorConfig c;
  c.first_source = kFirst;
  c.types = {IrqKind::lsi, IrqKind::msi, IrqKind::msi};
  return c;
}

SC_MODULE(Bench) {
  tlm_utils::simple_initiator_socket<Bench> init{"init"};
  intc::Xics xics;
  IrqGenerator gen;
  sc_core::sc_signal<bool> irq0{"irq0"}, irq1{"irq1"};
  int writes_seen = 0;

  SC_HAS_PROCESS(Bench);
  explicit Bench(sc_core::sc_module_name n)
      : sc_module(n), xics("xics", intc::XicsConfig{intc::Flavour::qemu, {0, 1}, {intc::IcsBlock{}}, {}}),
        gen("gen", gen_config(), xics) {
    init.bind(gen.socket);
    xics.icp_module(0).irq.bind(irq0);
    xics.icp_module(1).irq.bind(irq1);
    gen.after_write = [this] { ++writes_seen; };
    SC_THREAD(run);
  }

  tlm::tlm_response_status access(tlm::tlm_command cmd, uint64_t addr, uint8_t* data,
                                  unsigned len = 4) {
    tlm::tlm_generic_payload gp;
    gp.set_command(cmd);
    gp.set_address(addr);
    gp.set_data_ptr(data);
    gp.set_data_length(len);
    gp.set_streaming_width(len);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time d = sc_core::SC_ZERO_TIME;
    init->b_transport(gp, d);
    return gp.get_response_status();
  }
  // 32-bit big-endian register access: byte 0 is the most significant.
  uint32_t rd(uint64_t addr, tlm::tlm_response_status* st = nullptr) {
    uint8_t b[4] = {0xEE, 0xEE, 0xEE, 0xEE};
    auto s = access(tlm::TLM_READ_COMMAND, addr, b);
    if (st) *st = s;
    else EXPECT_EQ(s, tlm::TLM_OK_RESPONSE) << "read " << std::hex << addr;
    return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
  }
  tlm::tlm_response_status wr(uint64_t addr, uint32_t v) {
    uint8_t b[4] = {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
    return access(tlm::TLM_WRITE_COMMAND, addr, b);
  }
  static uint64_t src(uint32_t i, uint64_t reg) { return 0x100 + 0x10 * i + reg; }

  void run() {
    identity_and_errors();
    lsi_path();
    msi_path();
    done = true;
  }

  void identity_and_errors() {
    EXPECT_EQ(rd(0x000), 0x49524731u); // "IRG1"
    EXPECT_EQ(rd(0x004), 3u);
    EXPECT_EQ(rd(0x008), kFirst);
    EXPECT_EQ(rd(0x00C), 1u);          // autonomous patterns enabled at reset
    EXPECT_EQ(wr(0x00C, 0xFFFFFFFE), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(rd(0x00C), 0u);          // only bit 0 is implemented
    EXPECT_EQ(wr(0x00C, 1), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(rd(src(0, 8)), 2u);      // STATUS: LSI, not asserted
    EXPECT_EQ(rd(src(1, 8)), 0u);      // MSI
    EXPECT_EQ(rd(src(2, 0xC)), 0u);    // FIRED

    tlm::tlm_response_status st;
    rd(0x010, &st);
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);   // hole between globals and sources
    rd(src(3, 8), &st);
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);   // source 3 does not exist
    rd(0x002, &st);
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);   // misaligned
    EXPECT_EQ(wr(0xFFC, 1), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    rd(src(0, 0), &st);
    EXPECT_EQ(st, tlm::TLM_COMMAND_ERROR_RESPONSE);   // ASSERT is write-only
    EXPECT_EQ(wr(0x000, 1), tlm::TLM_COMMAND_ERROR_RESPONSE); // ID is read-only
    EXPECT_EQ(wr(src(0, 8), 1), tlm::TLM_COMMAND_ERROR_RESPONSE);
    uint8_t b8[8] = {};
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, 0x000, b8, 8), tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, 0x000, b8, 1), tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(writes_seen, 0);
    EXPECT_FALSE(xics.source_state(kFirst)->asserted);
  }

  void lsi_path() {
    // Guest setup as Linux does (xics-spec.md 5.1): H_CPPR(0xFF), set-xive(src, 1, 5).
    xics.set_cppr(1, 0xFF);
    ASSERT_EQ(xics.set_xive(kFirst, 1, 5), 0);
    EXPECT_EQ(wr(src(0, 0), 1), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(writes_seen, 1);
    EXPECT_TRUE(xics.source_state(kFirst)->asserted);   // ICS sees the level
    EXPECT_EQ(xics.icp_state(1)->xisr, kFirst);
    EXPECT_TRUE(xics.line(1));
    wait(sc_core::SC_ZERO_TIME);                        // the ICP drives its port a delta later
    EXPECT_TRUE(irq1.read());
    EXPECT_FALSE(irq0.read());
    EXPECT_EQ(rd(src(0, 8)), 3u);                       // asserted | LSI
    EXPECT_EQ(rd(src(0, 0xC)), 1u);
    EXPECT_EQ(wr(src(0, 0), 1), tlm::TLM_OK_RESPONSE);  // already high: no new edge
    EXPECT_EQ(rd(src(0, 0xC)), 1u);
    EXPECT_EQ(wr(src(0, 0), 0), tlm::TLM_OK_RESPONSE);  // bit 0 clear: no action
    // C11: accepted and EOI'd while still asserted -> presented again.
    const auto xirr = static_cast<uint32_t>(xics.accept(1).r4);
    EXPECT_EQ(xirr, 0xFF000000u | kFirst);
    xics.eoi(1, xirr);
    EXPECT_EQ(xics.icp_state(1)->xisr, kFirst);
    // Deassert, accept, EOI: not presented again (C12).
    EXPECT_EQ(wr(src(0, 4), 1), tlm::TLM_OK_RESPONSE);
    EXPECT_FALSE(xics.source_state(kFirst)->asserted);
    EXPECT_EQ(rd(src(0, 8)), 2u);
    xics.eoi(1, xics.accept(1).r4);
    EXPECT_EQ(xics.icp_state(1)->xisr, 0u);
    wait(sc_core::SC_ZERO_TIME);
    EXPECT_FALSE(irq1.read());
  }

  void msi_path() {
    xics.set_cppr(0, 0xFF);
    ASSERT_EQ(xics.set_xive(kFirst + 2, 0, 5), 0);
    EXPECT_EQ(wr(src(2, 4), 1), tlm::TLM_OK_RESPONSE);  // DEASSERT on an MSI: nothing
    EXPECT_EQ(xics.icp_state(0)->xisr, 0u);
    EXPECT_EQ(wr(src(2, 0), 1), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(xics.icp_state(0)->xisr, kFirst + 2);
    EXPECT_TRUE(xics.line(0));
    EXPECT_EQ(rd(src(2, 8)), 0u);                      // an MSI has no level
    EXPECT_EQ(rd(src(2, 0xC)), 1u);
    // C17: a second fire while pending is delivered once more after the first.
    EXPECT_EQ(wr(src(2, 0), 1), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(rd(src(2, 0xC)), 2u);
    std::vector<uint32_t> got;
    for (int i = 0; i < 4; ++i) {
      const auto x = static_cast<uint32_t>(xics.accept(0).r4);
      if ((x & 0xFFFFFF) == 0) break;
      got.push_back(x & 0xFFFFFF);
      xics.eoi(0, x);
    }
    EXPECT_EQ(got, (std::vector<uint32_t>{kFirst + 2, kFirst + 2}));
    // A masked MSI (source 1 is still at priority 0xFF) is remembered, not presented (C14).
    EXPECT_EQ(wr(src(1, 0), 1), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(xics.icp_state(0)->xisr, 0u);
    EXPECT_TRUE(xics.source_state(kFirst + 1)->masked_pending);
    // Debug reads work and have no side effects; debug writes are refused.
    tlm::tlm_generic_payload gp;
    uint8_t b[4] = {};
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_address(src(2, 0xC));
    gp.set_data_ptr(b);
    gp.set_data_length(4);
    gp.set_streaming_width(4);
    EXPECT_EQ(init->transport_dbg(gp), 4u);
    EXPECT_EQ(b[3], 2u);
    gp.set_command(tlm::TLM_WRITE_COMMAND);
    gp.set_address(src(2, 0));
    b[3] = 1;
    EXPECT_EQ(init->transport_dbg(gp), 0u);
    EXPECT_EQ(gen.fired(kFirst + 2), 2u);
  }

  bool done = false;
};

} // namespace

TEST(IrqGenerator, RegistersLsiAndMsiThroughARealXics) {
  Bench b("bench");
  sc_core::sc_start(1, SC_NS);
  EXPECT_TRUE(b.done);
}

// libsystemc.so needs an sc_main; gtest_main runs the tests.
int sc_main(int, char**) { return 0; }
