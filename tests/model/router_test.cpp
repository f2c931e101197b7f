// Model test: the router in front of two RAMs, driven by a plain TLM initiator.
#include "models/bus/router.h"
#include "models/devices/ram.h"

#include <gtest/gtest.h>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstring>
#include <memory>

namespace {

using namespace ppc64sim;

struct Initiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Initiator> socket{"socket"};
  explicit Initiator(sc_core::sc_module_name name) : sc_module(name) {}

  tlm::tlm_response_status access(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, unsigned len) {
    tlm::tlm_generic_payload p;
    p.set_command(cmd);
    p.set_address(addr);
    p.set_data_ptr(data);
    p.set_data_length(len);
    p.set_streaming_width(len);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(p, delay);
    return p.get_response_status();
  }
};

struct Bench {
  Initiator cpu{"cpu"};
  bus::Router router{"router"};
  devices::Ram low{"low", 0x1000};
  devices::Ram high{"high", 0x2000};
  Bench() {
    router.map({"low", 0x0, 0x1000});
    router.map({"high", 0x10000, 0x2000});
    cpu.socket.bind(router.targets_in);
    router.targets_out.bind(low.socket);
    router.targets_out.bind(high.socket);
  }
};

Bench* bench = nullptr;

class Environment : public ::testing::Environment {
public:
  void SetUp() override {
    bench = new Bench;
    sc_core::sc_start(sc_core::SC_ZERO_TIME); // completes elaboration and binding
  }
};

TEST(Router, TranslatesAddressesToTargetOffsets) {
  uint8_t data[4] = {0xde, 0xad, 0xbe, 0xef};
  EXPECT_EQ(bench->cpu.access(tlm::TLM_WRITE_COMMAND, 0x10010, data, 4), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(0, std::memcmp(bench->high.data() + 0x10, data, 4));
  uint8_t back[4] = {};
  EXPECT_EQ(bench->cpu.access(tlm::TLM_READ_COMMAND, 0x10010, back, 4), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(0, std::memcmp(back, data, 4));
  EXPECT_EQ(bench->low.data()[0x10], 0); // the other target is untouched
}

TEST(Router, UnmappedAndStraddlingAccessesFail) {
  uint8_t data[8] = {};
  EXPECT_EQ(bench->cpu.access(tlm::TLM_READ_COMMAND, 0x5000, data, 4), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  // The last 4 bytes of "low" plus 4 bytes beyond it: no target serves the whole access.
  EXPECT_EQ(bench->cpu.access(tlm::TLM_READ_COMMAND, 0xffc, data, 8), tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

TEST(Router, DmiRegionIsInGlobalAddresses) {
  tlm::tlm_generic_payload p;
  p.set_command(tlm::TLM_READ_COMMAND);
  p.set_address(0x10004);
  p.set_data_length(1);
  tlm::tlm_dmi dmi;
  ASSERT_TRUE(bench->cpu.socket->get_direct_mem_ptr(p, dmi));
  EXPECT_EQ(dmi.get_start_address(), 0x10000u);
  EXPECT_EQ(dmi.get_end_address(), 0x11fffu);
  EXPECT_EQ(dmi.get_dmi_ptr(), bench->high.data());
}

TEST(Router, DebugTransportReachesTargets) {
  bench->low.data()[0x20] = 0x5a;
  uint8_t byte = 0;
  tlm::tlm_generic_payload p;
  p.set_command(tlm::TLM_READ_COMMAND);
  p.set_address(0x20);
  p.set_data_ptr(&byte);
  p.set_data_length(1);
  EXPECT_EQ(bench->cpu.socket->transport_dbg(p), 1u);
  EXPECT_EQ(byte, 0x5a);
}

TEST(AddressMap, OverlappingRangesAreRefused) {
  bus::AddressMap other;
  other.add({"a", 0x0, 0x1000});
  EXPECT_THROW(other.add({"b", 0xfff, 0x10}), std::invalid_argument);
  EXPECT_NO_THROW(other.add({"c", 0x1000, 0x10}));
  EXPECT_THROW(other.add({"empty", 0x2000, 0}), std::invalid_argument);
  EXPECT_THROW(other.add({"wraps", ~0ull - 4, 0x10}), std::invalid_argument);
  EXPECT_EQ(other.find(0x1008, 8), 1);
  EXPECT_EQ(other.find(0x1008, 9), -1);
}

} // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new Environment);
  return RUN_ALL_TESTS();
}

int sc_main(int, char**) { return 0; }
