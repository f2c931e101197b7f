/*
 * compute_smp: COMPUTE_TOTAL_ITERATIONS rounds of the compute workload split over every
 * hardware thread of the board (servers from the device tree): the thread at position i in
 * server order runs total/n rounds, plus one if i < total % n, seeded with its server number.
 * The total work is fixed, so the image measures aggregate throughput on 1..64 threads. The
 * boot thread prints the checksums in server order once all are done: the console depends
 * only on the thread count, which lets a C x T ppc64sim board be compared with QEMU
 * -smp C*T (QEMU TCG has no SMT).
 */
#include "compute/work.h"
#include "runtime/console.h"
#include "runtime/fdt.h"
#include "runtime/runtime.h"
#include "runtime/spinlock.h"
#include "runtime/topology.h"

#ifndef COMPUTE_TOTAL_ITERATIONS
#error "COMPUTE_TOTAL_ITERATIONS must be defined (firmware/CMakeLists.txt)"
#endif

static struct fw_topology topo;
static struct compute_result results[FW_MAX_THREADS];
static volatile uint32_t done;

static uint32_t share(uint32_t position)
{
	uint32_t n = topo.nthreads, total = COMPUTE_TOTAL_ITERATIONS;
	return total / n + (position < total % n ? 1 : 0);
}

static void work(void *arg)
{
	uint32_t position = (uint32_t)(unsigned long)arg;
	uint32_t s = fw_self_index();
	compute_run(s, share(position), &results[s]);
	fw_atomic_add(&done, 1);
}

int main(void)
{
	if (fw_topology_read(&topo) != 0)
		fw_abort("cannot read the cpu topology from the device tree");
	uint32_t boot = fdt_boot_cpuid();
	fw_printf("compute_smp: %u threads, %u iterations in total\n", topo.nthreads,
		  (unsigned)COMPUTE_TOTAL_ITERATIONS);
	if (compute_known_answers(0) != 0)
		fw_fail("known-answer checks failed");
	fw_topology_start_others(&topo, boot, work);
	int boot_position = fw_topology_find(&topo, boot);
	if (boot_position < 0)
		fw_abort("boot cpu server %u is not in /cpus", boot);
	work((void *)(unsigned long)boot_position);
	while (fw_atomic_load(&done) != topo.nthreads)
		fw_cpu_relax();
	uint32_t all = 0;
	for (uint32_t i = 0; i < topo.nthreads; i++) {
		uint32_t s = topo.threads[i].server;
		fw_printf("server %u: %u iterations, checksum 0x%08x\n", s, share(i),
			  results[s].total);
		all = all * 31 + results[s].total;
	}
	fw_printf("combined checksum: 0x%08x\n", all);
	fw_report("compute_smp");
	return 0;
}
