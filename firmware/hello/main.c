/*
 * hello: prints what the device tree describes, starts every other hardware thread with RTAS
 * start-cpu and has each thread report in ascending server order, then powers off.
 * The console output depends only on the board (topology, memory, PVR, entry state), never
 * on host timing: threads take turns through one shared counter, so QEMU pseries and
 * ppc64sim must print the same bytes (tests/firmware compares them).
 */
#include "runtime/console.h"
#include "runtime/fdt.h"
#include "runtime/rtas.h"
#include "runtime/runtime.h"
#include "runtime/spinlock.h"
#include "runtime/topology.h"

#define MSR_SF (1ull << 63)
#define MSR_EE (1ull << 15)
#define MSR_PR (1ull << 14)
#define MSR_ME (1ull << 12)
#define MSR_IR (1ull << 5)
#define MSR_DR (1ull << 4)
#define MSR_LE (1ull << 0)

static struct fw_topology topo;
/* Thread with topology index i may report when turn == i + 1; 0 while threads are started. */
static volatile uint32_t turn;

static const char *stopped_state_name(uint32_t state)
{
	/* xics-spec.md 3.4: 0 = stopped, 2 = running (1 = in the middle of stopping, PAPR). */
	switch (state) {
	case 0:
		return "stopped";
	case 2:
		return "running";
	default:
		return "other";
	}
}

static void report(uint32_t index)
{
	const struct fw_hw_thread *t = &topo.threads[index];
	while (fw_atomic_load(&turn) != index + 1)
		fw_cpu_relax();

	uint64_t msr = fw_entry_msr();
	fw_printf("thread %u (core %u, thread %u) reporting\n", t->server, t->core, t->thread);
	fw_printf("thread %u: entry MSR 0x%016lx\n", t->server, (unsigned long)msr);
	/* PIR is not printed: QEMU 7.2 pseries (TCG) reads 0 on every thread, while ppc64sim
	 * gives the server number (PAPR). The runtime's own index must be the server number
	 * start-cpu was given. */
	FW_CHECK(fw_self_index() == t->server, "thread %u runs with index %u", t->server,
		 fw_self_index());
	if (t->server != fdt_boot_cpuid()) {
		/* start-cpu enters with SF|ME: 64-bit, big-endian, real mode, EE = PR = 0
		 * (firmware-contract.md "Loading and entry"). */
		uint64_t must_be_set = MSR_SF | MSR_ME;
		uint64_t must_be_clear = MSR_EE | MSR_PR | MSR_IR | MSR_DR | MSR_LE;
		FW_CHECK((msr & must_be_set) == must_be_set && (msr & must_be_clear) == 0,
			 "thread %u entered with MSR 0x%lx", t->server, (unsigned long)msr);
	}
	fw_atomic_store(&turn, index + 2);
}

static void secondary(void *arg)
{
	report((uint32_t)(unsigned long)arg);
}

static void print_board(void)
{
	fw_printf("hello: ppc64 firmware runtime\n");
	fw_printf("boot MSR at entry: 0x%016lx\n", (unsigned long)fw_boot_msr);
	fw_printf("MSR after switch to 64-bit: 0x%016lx\n", (unsigned long)fw_mfmsr());
	fw_printf("PVR: 0x%08x\n", fw_pvr());
	/* Not its size: QEMU's tree carries devices (PCI, nvram, ...) a model need not have. */
	fw_printf("device tree at %p, boot cpu server %u\n", fw_fdt_address, fdt_boot_cpuid());
	fw_printf("console: vty 0x%08x\n", fw_console_termno());
	/* The boot thread enters at 0x100 with MSR[SF] = 0 on QEMU >= 6.1 (pitfalls.md 4). */
	FW_CHECK((fw_boot_msr & MSR_SF) == 0, "boot thread entered in 64-bit mode");
	FW_CHECK((fw_mfmsr() & MSR_SF) != 0, "still in 32-bit mode after rfid");

	fw_printf("cpus: %u cores, %u threads per core, %u threads\n", topo.ncores,
		  topo.threads_per_core, topo.nthreads);
	fw_printf("timebase-frequency: %u Hz\n", topo.timebase_hz);
	uint64_t base, size;
	if (fw_memory_range(&base, &size) == 0)
		fw_printf("memory@0: base 0x%lx size 0x%lx (%lu MiB)\n", (unsigned long)base,
			  (unsigned long)size, (unsigned long)(size >> 20));
	else
		fw_fail("no usable /memory@0 reg");
}

int main(void)
{
	if (fw_topology_read(&topo) != 0)
		fw_abort("cannot read the cpu topology from the device tree");
	print_board();

	uint32_t boot = fdt_boot_cpuid();
	int boot_index = fw_topology_find(&topo, boot);
	if (boot_index < 0)
		fw_abort("boot cpu server %u is not in /cpus", boot);

	for (uint32_t i = 0; i < topo.nthreads; i++) {
		uint32_t server = topo.threads[i].server;
		if (server == boot)
			continue;
		uint32_t state = 0xffffffffu;
		int32_t st = fw_rtas_query_cpu_stopped_state(server, &state);
		fw_printf("server %u: query-cpu-stopped-state -> status %d, state %u (%s)\n",
			  server, st, state, stopped_state_name(state));
		FW_CHECK(st == 0 && state == 0, "server %u is not stopped before start-cpu", server);
		st = fw_cpu_start(server, secondary, (void *)(unsigned long)i);
		fw_printf("server %u: start-cpu -> status %d\n", server, st);
		if (st != 0)
			fw_abort("start-cpu of server %u failed with %d", server, st);
	}

	fw_atomic_store(&turn, 1);
	report((uint32_t)boot_index);
	while (fw_atomic_load(&turn) != topo.nthreads + 1)
		fw_cpu_relax();
	fw_printf("all %u threads reported in server order\n", topo.nthreads);
	fw_report("hello");
	return 0;
}
