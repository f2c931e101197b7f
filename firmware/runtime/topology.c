#include "runtime/topology.h"

#include "runtime/console.h"
#include "runtime/fdt.h"
#include "runtime/libc.h"
#include "runtime/runtime.h"
#include "runtime/spinlock.h"

#define MAX_CORES FW_MAX_THREADS

int fw_topology_read(struct fw_topology *t)
{
	memset(t, 0, sizeof *t);
	int cpus = fdt_path_offset("/cpus");
	if (cpus < 0) {
		fw_printf("topology: no /cpus node (%d)\n", cpus);
		return cpus;
	}

	/* Collect core nodes and sort them by reg so numbering does not depend on node order. */
	int nodes[MAX_CORES];
	uint32_t regs[MAX_CORES];
	uint32_t ncores = 0;
	for (int n = fdt_first_child(cpus); n >= 0; n = fdt_next_sibling(n)) {
		if (!fdt_prop_is(n, "device_type", "cpu"))
			continue;
		if (ncores == MAX_CORES) {
			fw_printf("topology: more than %d cpu nodes\n", MAX_CORES);
			return -1;
		}
		uint32_t reg = fdt_prop_u32(n, "reg", 0xffffffffu);
		uint32_t i = ncores++;
		while (i > 0 && regs[i - 1] > reg) {
			regs[i] = regs[i - 1];
			nodes[i] = nodes[i - 1];
			i--;
		}
		regs[i] = reg;
		nodes[i] = n;
	}
	if (ncores == 0) {
		fw_printf("topology: no cpu nodes under /cpus\n");
		return -1;
	}

	t->ncores = ncores;
	for (uint32_t c = 0; c < ncores; c++) {
		int len;
		const void *servers = fdt_getprop(nodes[c], "ibm,ppc-interrupt-server#s", &len);
		uint32_t count = servers ? (uint32_t)len / 4 : 0;
		if (count == 0) {
			/* Without the property the core has one thread whose server is its reg. */
			count = 1;
			servers = NULL;
		}
		if (c == 0)
			t->threads_per_core = count;
		else if (t->threads_per_core != count)
			t->threads_per_core = 0;
		for (uint32_t k = 0; k < count; k++) {
			if (t->nthreads == FW_MAX_THREADS) {
				fw_printf("topology: more than %d threads\n", FW_MAX_THREADS);
				return -1;
			}
			struct fw_hw_thread h = {servers ? fdt_read_u32(servers, (int)k) : regs[c], c, k};
			uint32_t i = t->nthreads++;
			while (i > 0 && t->threads[i - 1].server > h.server) {
				t->threads[i] = t->threads[i - 1];
				i--;
			}
			t->threads[i] = h;
		}
		if (c == 0) {
			const void *tb = fdt_getprop(nodes[0], "timebase-frequency", &len);
			if (tb && (len == 4 || len == 8))
				t->timebase_hz = (uint32_t)fdt_read_cells(tb, 0, len / 4);
		}
	}
	return 0;
}

int fw_topology_find(const struct fw_topology *t, uint32_t server)
{
	for (uint32_t i = 0; i < t->nthreads; i++)
		if (t->threads[i].server == server)
			return (int)i;
	return -1;
}

void fw_topology_start_others(const struct fw_topology *t, uint32_t self, void (*fn)(void *))
{
	for (uint32_t i = 0; i < t->nthreads; i++) {
		uint32_t s = t->threads[i].server;
		if (s == self)
			continue;
		int32_t st = fw_cpu_start(s, fn, (void *)(unsigned long)i);
		if (st != 0)
			fw_abort("start-cpu of server %u failed with %d", s, st);
	}
}

static void (*run_all_fn)(uint32_t index);
static volatile uint32_t run_all_returned;

static void run_all_member(void *arg)
{
	run_all_fn((uint32_t)(unsigned long)arg);
	fw_atomic_add(&run_all_returned, 1);
}

void fw_topology_run_all(const struct fw_topology *t, uint32_t self, void (*fn)(uint32_t index))
{
	int me = fw_topology_find(t, self);
	if (me < 0)
		fw_abort("server %u is not in the cpu topology", self);
	run_all_fn = fn;
	fw_atomic_store(&run_all_returned, 0);
	fw_topology_start_others(t, self, run_all_member);
	fn((uint32_t)me);
	while (fw_atomic_load(&run_all_returned) != t->nthreads - 1)
		fw_cpu_relax();
}

int fw_memory_range(uint64_t *base, uint64_t *size)
{
	int root = fdt_root();
	/* DTSpec 2.3.5: #address-cells defaults to 2 and #size-cells to 1 when absent. */
	int ac = (int)fdt_prop_u32(root, "#address-cells", 2);
	int sc = (int)fdt_prop_u32(root, "#size-cells", 1);
	int len;
	const void *reg = fdt_getprop(fdt_path_offset("/memory@0"), "reg", &len);
	if (!reg || ac < 1 || ac > 2 || sc < 1 || sc > 2 || len < 4 * (ac + sc))
		return -1;
	*base = fdt_read_cells(reg, 0, ac);
	*size = fdt_read_cells(reg, ac, sc);
	return 0;
}
