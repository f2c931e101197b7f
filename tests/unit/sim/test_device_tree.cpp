// The device tree read back with libfdt. Expected values come from xics-spec section 4 and
// from QEMU 7.2's own pseries tree (`-M pseries,ic-mode=xics,dumpdtb=...`), not from our
// output.
#include "sim/device_tree.h"

#include <gtest/gtest.h>
#include <libfdt.h>

#include <string>
#include <vector>

using ppc64sim::platform::BoardConfig;
using ppc64sim::sim::build_device_tree;
using ppc64sim::sim::DeviceTreeInputs;

namespace {

DeviceTreeInputs inputs() {
  return {{{"display-character", 0x2000}, {"power-off", 0x2003}, {"start-cpu", 0x2006}},
          {"hcall-term", "hcall-interrupt", "hcall-splpar"}};
}

BoardConfig board(unsigned cores, unsigned threads, uint64_t mib = 256) {
  BoardConfig c;
  c.cores = cores;
  c.threads_per_core = threads;
  c.memory_mib = mib;
  return c;
}

class Tree {
public:
  explicit Tree(std::vector<uint8_t> blob) : blob_(std::move(blob)) {}
  const void* fdt() const { return blob_.data(); }
  size_t size() const { return blob_.size(); }
  int node(const std::string& path) const { return fdt_path_offset(fdt(), path.c_str()); }
  bool has(const std::string& path) const { return node(path) >= 0; }
  bool has_prop(const std::string& path, const char* name) const {
    int len = 0;
    return fdt_getprop(fdt(), node(path), name, &len) != nullptr;
  }
  std::vector<uint32_t> cells(const std::string& path, const char* name) const {
    int len = 0;
    const auto* p = static_cast<const fdt32_t*>(fdt_getprop(fdt(), node(path), name, &len));
    std::vector<uint32_t> v;
    if (!p) return {0xdeadbeef};
    for (int i = 0; i < len / 4; ++i) v.push_back(fdt32_to_cpu(p[i]));
    return v;
  }
  uint32_t u32(const std::string& path, const char* name) const {
    auto v = cells(path, name);
    return v.size() == 1 ? v[0] : 0xdeadbeef;
  }
  std::string str(const std::string& path, const char* name) const {
    int len = 0;
    const char* p = static_cast<const char*>(fdt_getprop(fdt(), node(path), name, &len));
    return p && len > 0 ? std::string(p, static_cast<size_t>(len - 1)) : "<missing>";
  }

private:
  std::vector<uint8_t> blob_;
};

} // namespace

TEST(DeviceTree, HeaderVersion17BootCpu0AndFitsInOneMiB) {
  Tree t(build_device_tree(board(4, 2), inputs()));
  ASSERT_EQ(fdt_check_header(t.fdt()), 0);
  EXPECT_EQ(fdt_version(t.fdt()), 17u);
  EXPECT_EQ(fdt_boot_cpuid_phys(t.fdt()), 0u);
  EXPECT_EQ(fdt_totalsize(t.fdt()), t.size());
  EXPECT_LE(t.size(), 1u << 20);
  EXPECT_EQ(fdt_num_mem_rsv(t.fdt()), 0);
}

TEST(DeviceTree, RootAndMemory) {
  Tree t(build_device_tree(board(1, 1, 256), inputs()));
  EXPECT_EQ(t.str("/", "device_type"), "chrp");
  EXPECT_EQ(t.str("/", "compatible"), "qemu,pseries");
  EXPECT_TRUE(t.has_prop("/", "model"));
  EXPECT_EQ(t.u32("/", "#address-cells"), 2u);
  EXPECT_EQ(t.u32("/", "#size-cells"), 2u);
  EXPECT_EQ(t.str("/memory@0", "device_type"), "memory");
  // QEMU at -m 256: reg = <0x00 0x00 0x00 0x10000000>.
  EXPECT_EQ(t.cells("/memory@0", "reg"), (std::vector<uint32_t>{0, 0, 0, 0x10000000}));
  Tree big(build_device_tree(board(1, 1, 8192), inputs()));
  EXPECT_EQ(big.cells("/memory@0", "reg"), (std::vector<uint32_t>{0, 0, 2, 0}));
}

TEST(DeviceTree, OneCpuNodePerCoreNamedByThread0Server) {
  Tree t(build_device_tree(board(2, 4), inputs()));
  EXPECT_EQ(t.u32("/cpus", "#address-cells"), 1u);
  EXPECT_EQ(t.u32("/cpus", "#size-cells"), 0u);
  // Core c's threads are servers c*4 .. c*4+3 (xics-spec 1.5).
  ASSERT_TRUE(t.has("/cpus/PowerPC,POWER9@0"));
  ASSERT_TRUE(t.has("/cpus/PowerPC,POWER9@4"));
  EXPECT_FALSE(t.has("/cpus/PowerPC,POWER9@1"));
  EXPECT_FALSE(t.has("/cpus/PowerPC,POWER9@8"));
  const std::string c1 = "/cpus/PowerPC,POWER9@4";
  EXPECT_EQ(t.str(c1, "device_type"), "cpu");
  EXPECT_EQ(t.u32(c1, "reg"), 4u);
  EXPECT_EQ(t.cells(c1, "ibm,ppc-interrupt-server#s"), (std::vector<uint32_t>{4, 5, 6, 7}));
  EXPECT_EQ(t.cells(c1, "ibm,ppc-interrupt-gserver#s"),
            (std::vector<uint32_t>{4, 0, 5, 0, 6, 0, 7, 0}));
  EXPECT_EQ(t.u32(c1, "timebase-frequency"), 512000000u);  // QEMU: 0x1e848000
  EXPECT_EQ(t.u32(c1, "clock-frequency"), 2000000000u);    // BoardConfig default clock
  EXPECT_EQ(t.u32(c1, "cpu-version"), 0x004e1200u);        // QEMU's POWER9 DD2.2
  EXPECT_EQ(t.str(c1, "status"), "okay");
  EXPECT_TRUE(t.has_prop(c1, "64-bit"));
  EXPECT_EQ(t.u32(c1, "d-cache-block-size"), 0x80u);        // as QEMU reports
}

TEST(DeviceTree, SixteenCoresUseHexUnitAddresses) {
  Tree t(build_device_tree(board(16, 1), inputs()));
  EXPECT_TRUE(t.has("/cpus/PowerPC,POWER9@a"));
  EXPECT_TRUE(t.has("/cpus/PowerPC,POWER9@f"));
  EXPECT_EQ(t.u32("/cpus/PowerPC,POWER9@f", "reg"), 15u);
}

TEST(DeviceTree, LargestBoardFits) {
  Tree t(build_device_tree(board(32, 8, 65536), inputs()));
  EXPECT_EQ(fdt_check_header(t.fdt()), 0);
  EXPECT_TRUE(t.has("/cpus/PowerPC,POWER9@f8"));
  EXPECT_EQ(t.cells("/interrupt-controller", "ibm,interrupt-server-ranges"),
            (std::vector<uint32_t>{0, 256}));
}

TEST(DeviceTree, RtasTokensAndHypertas) {
  Tree t(build_device_tree(board(4, 1), inputs()));
  EXPECT_EQ(t.u32("/rtas", "display-character"), 0x2000u);
  EXPECT_EQ(t.u32("/rtas", "power-off"), 0x2003u);
  EXPECT_EQ(t.u32("/rtas", "start-cpu"), 0x2006u);
  int len = 0;
  const char* p = static_cast<const char*>(
      fdt_getprop(t.fdt(), t.node("/rtas"), "ibm,hypertas-functions", &len));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(std::string(p, static_cast<size_t>(len)),
            std::string("hcall-term\0hcall-interrupt\0hcall-splpar\0", 40));
  EXPECT_EQ(fdt_stringlist_count(t.fdt(), t.node("/rtas"), "ibm,hypertas-functions"), 3);
  // QEMU at -smp 4: rtas-size = <0x85c> (20 + 2048 + 16*4 + 8).
  EXPECT_EQ(t.u32("/rtas", "rtas-size"), 0x85cu);
  EXPECT_EQ(t.u32("/rtas", "rtas-error-log-max"), 0x800u);
  EXPECT_FALSE(t.has_prop("/rtas", "linux,rtas-base"));  // no blob without SLOF
}

TEST(DeviceTree, VdeviceVtyAndChosen) {
  Tree t(build_device_tree(board(1, 1), inputs()));
  EXPECT_EQ(t.str("/vdevice", "device_type"), "vdevice");
  EXPECT_EQ(t.str("/vdevice", "compatible"), "IBM,vdevice");
  EXPECT_EQ(t.u32("/vdevice", "#address-cells"), 1u);
  EXPECT_EQ(t.u32("/vdevice", "#size-cells"), 0u);
  EXPECT_EQ(t.u32("/vdevice", "#interrupt-cells"), 2u);
  EXPECT_TRUE(t.has_prop("/vdevice", "interrupt-controller"));
  const std::string vty = "/vdevice/vty@71000000";
  ASSERT_TRUE(t.has(vty));
  EXPECT_EQ(t.u32(vty, "reg"), 0x71000000u);
  EXPECT_EQ(t.str(vty, "device_type"), "serial");
  EXPECT_EQ(t.str(vty, "compatible"), "hvterm1");
  EXPECT_EQ(t.cells(vty, "interrupts"), (std::vector<uint32_t>{0x1100, 0}));
  EXPECT_EQ(t.str("/chosen", "stdout-path"), vty);
  EXPECT_EQ(t.str("/chosen", "linux,stdout-path"), vty);
}

TEST(DeviceTree, VtyFollowsConfig) {
  BoardConfig c = board(1, 1);
  c.vty_reg = 0x30000010;
  c.vty_irq = 0x1234;
  Tree t(build_device_tree(c, inputs()));
  EXPECT_EQ(t.cells("/vdevice/vty@30000010", "interrupts"), (std::vector<uint32_t>{0x1234, 0}));
  EXPECT_EQ(t.str("/chosen", "stdout-path"), "/vdevice/vty@30000010");
}

TEST(DeviceTree, XicsPresentationNode) {
  Tree t(build_device_tree(board(4, 2), inputs()));
  const std::string ic = "/interrupt-controller";
  EXPECT_EQ(t.str(ic, "device_type"), "PowerPC-External-Interrupt-Presentation");
  EXPECT_EQ(t.str(ic, "compatible"), "IBM,ppc-xicp");
  EXPECT_TRUE(t.has_prop(ic, "interrupt-controller"));
  EXPECT_EQ(t.cells(ic, "ibm,interrupt-server-ranges"), (std::vector<uint32_t>{0, 8}));
  EXPECT_EQ(t.u32(ic, "#interrupt-cells"), 2u);
  EXPECT_EQ(t.u32(ic, "phandle"), 0x1111u);
  EXPECT_EQ(t.u32(ic, "linux,phandle"), 0x1111u);
  EXPECT_EQ(fdt_node_offset_by_phandle(t.fdt(), 0x1111), t.node(ic));
}

// The interrupt generator node (models/devices/irq_generator.md): reg in the root's 2+2
// cells, interrupts as <source sense> with QEMU's spapr_dt_irq senses (0 MSI, 1 LSI,
// xics-spec 2.10 / 4.4), interrupt-parent = the XICS phandle 0x1111 (4.1).
TEST(DeviceTree, IrqGeneratorNode) {
  BoardConfig c = board(1, 1);
  c.irqgen_base = 0x0000200000000000ull;
  c.irqgen_count = 3;
  c.irqgen_first_source = 0x1200;
  c.irqgen_types = "lsi,2*msi";
  Tree t(build_device_tree(c, inputs()));
  const std::string n = "/irq-generator@200000000000";
  ASSERT_TRUE(t.has(n));
  EXPECT_EQ(t.str(n, "compatible"), "ppc64sim,irq-generator");
  EXPECT_EQ(t.cells(n, "reg"), (std::vector<uint32_t>{0x2000, 0, 0, 0x1000}));
  EXPECT_EQ(t.u32(n, "interrupt-parent"), 0x1111u);
  EXPECT_EQ(t.cells(n, "interrupts"),
            (std::vector<uint32_t>{0x1200, 1, 0x1201, 0, 0x1202, 0}));
  EXPECT_EQ(fdt_node_offset_by_phandle(t.fdt(), t.u32(n, "interrupt-parent")),
            t.node("/interrupt-controller"));
}

TEST(DeviceTree, NoIrqGeneratorNodeWhenCountIsZero) {
  BoardConfig c = board(1, 1);
  c.irqgen_count = 0;
  Tree t(build_device_tree(c, inputs()));
  EXPECT_LT(fdt_subnode_offset(t.fdt(), 0, "irq-generator"), 0);
  for (int off = fdt_first_subnode(t.fdt(), 0); off >= 0; off = fdt_next_subnode(t.fdt(), off))
    EXPECT_NE(std::string(fdt_get_name(t.fdt(), off, nullptr)).rfind("irq-generator", 0), 0u);
}
