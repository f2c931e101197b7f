#include "sim/device_tree.h"
#include "platforms/irqgen_config.h"

#include "models/devices/irq_generator.h"

#include <libfdt.h>

#include <sstream>

namespace ppc64sim::sim {
namespace {

// libfdt's sequential-write calls, each checked: a failure names the node/property and the
// libfdt reason (normally FDT_ERR_NOSPACE: the tree outgrew fdt_max_size).
class Writer {
public:
  explicit Writer(std::vector<uint8_t>& buf) : buf_(buf) {
    check(fdt_create(buf_.data(), static_cast<int>(buf_.size())), "fdt_create");
    check(fdt_finish_reservemap(fdt()), "reserve map");
  }
  void begin(const std::string& name) {
    check(fdt_begin_node(fdt(), name.c_str()), "node '" + name + "'");
  }
  void end() { check(fdt_end_node(fdt()), "end node"); }
  void u32(const char* name, uint32_t v) { check(fdt_property_u32(fdt(), name, v), name); }
  void cells(const char* name, const std::vector<uint32_t>& v) {
    std::vector<fdt32_t> be;
    for (uint32_t x : v) be.push_back(cpu_to_fdt32(x));
    check(fdt_property(fdt(), name, be.data(), static_cast<int>(be.size() * sizeof(fdt32_t))),
          name);
  }
  void str(const char* name, const std::string& s) {
    check(fdt_property_string(fdt(), name, s.c_str()), name);
  }
  // Device-tree string list: NUL-terminated strings back to back.
  void strings(const char* name, const std::vector<std::string>& list) {
    std::string blob;
    for (const auto& s : list) blob.append(s).push_back('\0');
    check(fdt_property(fdt(), name, blob.data(), static_cast<int>(blob.size())), name);
  }
  void empty(const char* name) { check(fdt_property(fdt(), name, nullptr, 0), name); }
  void finish() { check(fdt_finish(fdt()), "fdt_finish"); }
  void* fdt() { return buf_.data(); }

private:
  void check(int err, const std::string& what) {
    if (err < 0)
      throw DeviceTreeError("device tree: " + what + ": " + fdt_strerror(err) +
                            (err == -FDT_ERR_NOSPACE
                                 ? " (larger than " + std::to_string(fdt_max_size) + " bytes)"
                                 : std::string()));
  }
  std::vector<uint8_t>& buf_;
};

std::string hex_unit(uint32_t v) {
  std::ostringstream os;
  os << std::hex << v;
  return os.str();
}

void root_properties(Writer& w) {
  w.str("device_type", "chrp");
  w.str("compatible", "qemu,pseries");
  w.str("model", "IBM pSeries (emulated by ppc64sim)");
  w.u32("#address-cells", 2);
  w.u32("#size-cells", 2);
}

void chosen(Writer& w, const platform::BoardConfig& c) {
  // The console is the vty (xics-spec 4.4, /chosen).
  std::string vty = "/vdevice/vty@" + hex_unit(c.vty_reg);
  w.begin("chosen");
  w.str("stdout-path", vty);
  w.str("linux,stdout-path", vty);
  w.end();
}

void memory(Writer& w, const platform::BoardConfig& c) {
  // One node for all RAM: QEMU splits off RAM above the RMA, which we do not model.
  uint64_t size = c.memory_bytes();
  w.begin("memory@0");
  w.str("device_type", "memory");
  w.cells("reg", {0, 0, static_cast<uint32_t>(size >> 32), static_cast<uint32_t>(size)});
  w.end();
}

void rtas(Writer& w, const platform::BoardConfig& c, const DeviceTreeInputs& in) {
  // xics-spec 4.3: one cell per call named after it; no linux,rtas-base/entry (no blob).
  w.begin("rtas");
  bool has_os_term = false;
  for (const auto& [name, token] : in.rtas_tokens) {
    w.u32(name.c_str(), token);
    has_os_term = has_os_term || name == "ibm,os-term";
  }
  if (!in.hypertas_functions.empty()) w.strings("ibm,hypertas-functions", in.hypertas_functions);
  // QEMU's sizes: blob (20) + error log (2048) + 16 per CPU + 8.
  w.u32("rtas-size", 20 + 2048 + 16 * c.thread_count() + 8);
  w.u32("rtas-error-log-max", 2048);
  w.u32("rtas-event-scan-rate", 1);
  if (has_os_term) w.empty("ibm,extended-os-term");
  w.end();
}

void cpus(Writer& w, const platform::BoardConfig& c) {
  // xics-spec 4.2: one node per core (thread 0), unit address = its server number.
  w.begin("cpus");
  w.u32("#address-cells", 1);
  w.u32("#size-cells", 0);
  for (unsigned core = 0; core < c.cores; ++core) {
    uint32_t id = server_number(c, core, 0);
    std::vector<uint32_t> servers, gservers;
    for (unsigned t = 0; t < c.threads_per_core; ++t) {
      servers.push_back(server_number(c, core, t));
      gservers.push_back(server_number(c, core, t));
      gservers.push_back(0);
    }
    w.begin("PowerPC,POWER9@" + hex_unit(id));
    w.str("device_type", "cpu");
    w.u32("reg", id);
    w.u32("cpu-version", power9_pvr);
    // POWER9 L1 geometry, the values QEMU reports (firmware may size dcbz/icbi loops by them).
    w.u32("d-cache-block-size", 128);
    w.u32("d-cache-line-size", 128);
    w.u32("i-cache-block-size", 128);
    w.u32("i-cache-line-size", 128);
    w.u32("d-cache-size", 0x8000);
    w.u32("i-cache-size", 0x8000);
    w.u32("timebase-frequency", static_cast<uint32_t>(c.timebase_hz));
    w.u32("clock-frequency", static_cast<uint32_t>(c.cpu_clock_hz));
    w.str("status", "okay");
    w.empty("64-bit");
    w.u32("ibm,chip-id", 0);
    w.cells("ibm,ppc-interrupt-server#s", servers);
    w.cells("ibm,ppc-interrupt-gserver#s", gservers);
    w.end();
  }
  w.end();
}

void vdevice(Writer& w, const platform::BoardConfig& c) {
  // xics-spec 4.4. Second interrupt cell 0 = message-signalled (edge).
  w.begin("vdevice");
  w.str("device_type", "vdevice");
  w.str("compatible", "IBM,vdevice");
  w.u32("#address-cells", 1);
  w.u32("#size-cells", 0);
  w.u32("#interrupt-cells", 2);
  w.empty("interrupt-controller");
  w.begin("vty@" + hex_unit(c.vty_reg));
  w.u32("reg", c.vty_reg);
  w.str("device_type", "serial");
  w.str("compatible", "hvterm1");
  w.cells("interrupts", {c.vty_irq, 0});
  w.end();
  w.end();
}

void interrupt_controller(Writer& w, const platform::BoardConfig& c) {
  // xics-spec 4.1: servers 0..threads-1; no ibm,ppc-xics node, as in QEMU.
  w.begin("interrupt-controller");
  w.str("device_type", "PowerPC-External-Interrupt-Presentation");
  w.str("compatible", "IBM,ppc-xicp");
  w.empty("interrupt-controller");
  w.cells("ibm,interrupt-server-ranges", {0, c.thread_count()});
  w.u32("#interrupt-cells", 2);
  w.u32("linux,phandle", xics_phandle);
  w.u32("phandle", xics_phandle);
  w.end();
}

void irq_generator(Writer& w, const platform::BoardConfig& c) {
  // models/devices/irq_generator.md. Root has 2 address and 2 size cells; the interrupt
  // specifiers are <source sense> pairs with QEMU's spapr_dt_irq sense: 0 = MSI (edge),
  // 1 = LSI (level) (xics-spec.md 2.10, 4.4).
  if (c.irqgen_count == 0) return;
  const std::vector<devices::IrqKind> types = platform::parse_irqgen_types(c.irqgen_types, c.irqgen_count);
  std::vector<uint32_t> irqs;
  for (uint32_t i = 0; i < c.irqgen_count; ++i) {
    irqs.push_back(c.irqgen_first_source + i);
    irqs.push_back(types[i] == devices::IrqKind::lsi ? 1 : 0);
  }
  const uint64_t size = devices::IrqGenerator::kWindowBytes;
  std::ostringstream unit;
  unit << std::hex << c.irqgen_base;
  w.begin("irq-generator@" + unit.str());
  w.str("compatible", "ppc64sim,irq-generator");
  w.cells("reg", {static_cast<uint32_t>(c.irqgen_base >> 32), static_cast<uint32_t>(c.irqgen_base),
                  static_cast<uint32_t>(size >> 32), static_cast<uint32_t>(size)});
  w.u32("interrupt-parent", xics_phandle);
  w.cells("interrupts", irqs);
  w.end();
}

} // namespace

std::vector<uint8_t> build_device_tree(const platform::BoardConfig& config,
                                       const DeviceTreeInputs& inputs) {
  std::vector<uint8_t> buf(fdt_max_size);
  Writer w(buf);
  w.begin("");
  root_properties(w);
  chosen(w, config);
  rtas(w, config, inputs);
  cpus(w, config);
  vdevice(w, config);
  memory(w, config);
  interrupt_controller(w, config);
  irq_generator(w, config);
  w.end();
  w.finish();
  // The boot CPU is server 0 (xics-spec 4.5); fdt_create already wrote version 17.
  fdt_set_boot_cpuid_phys(buf.data(), server_number(config, 0, 0));
  buf.resize(fdt_totalsize(buf.data()));
  return buf;
}

} // namespace ppc64sim::sim
