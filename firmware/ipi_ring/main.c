/*
 * ipi_ring: every hardware thread (servers from the device tree) passes one token around a
 * ring in server order with H_IPI, IPI_RING_ROUNDS times round. A thread sleeps in H_CEDE
 * (xics-spec.md 3.2: sets MSR[EE] and halts until an interrupt is pending) and takes the token
 * at 0x500: H_XIRR, H_IPI(self, 0xff), H_EOI, then H_IPI(next, 5) (the Linux sequence,
 * xics-spec.md 5.1 step 6). The last hop wakes everyone to stop. The boot thread then prints
 * the per-thread counts in server order: the console depends only on the thread count.
 */
#include "runtime/console.h"
#include "runtime/exceptions.h"
#include "runtime/fdt.h"
#include "runtime/runtime.h"
#include "runtime/spinlock.h"
#include "runtime/topology.h"
#include "xics/xics.h"

#ifndef IPI_RING_ROUNDS
#error "IPI_RING_ROUNDS must be defined (firmware/CMakeLists.txt)"
#endif

#define TOKEN_PRIORITY 5
#define DEC_FAR 0x7fffffffu

static struct fw_topology topo;
static uint32_t next_server[FW_MAX_THREADS]; /* by server */
static volatile uint32_t received[FW_MAX_THREADS];
static volatile uint32_t unexpected[FW_MAX_THREADS];
static volatile uint32_t hops, finished, ready, exited;
static uint32_t total_hops;

static void wake_all_but_self(void)
{
	for (uint32_t i = 0; i < topo.nthreads; i++)
		if (topo.threads[i].server != fw_self_index())
			xics_ipi(topo.threads[i].server, TOKEN_PRIORITY);
}

static void external_handler(struct fw_exc_frame *f)
{
	(void)f;
	uint32_t self = fw_self_index();
	uint32_t x = xics_xirr();
	if ((x & 0xffffff) != XICS_IPI) {
		/* Nothing else is configured; a spurious accept (0) is possible, nothing more. */
		if (x & 0xffffff)
			unexpected[self]++;
		xics_cppr(0xff); /* QEMU sets CPPR to 0xff on a spurious accept anyway (C9) */
		return;
	}
	xics_ipi(self, 0xff);
	xics_eoi(x);
	if (fw_atomic_load(&finished))
		return; /* the stop wake-up, not a token */
	received[self]++;
	if (fw_atomic_add(&hops, 1) == total_hops) {
		fw_atomic_store(&finished, 1);
		wake_all_but_self();
	} else {
		xics_ipi(next_server[self], TOKEN_PRIORITY);
	}
}

static void decrementer_handler(struct fw_exc_frame *f)
{
	(void)f;
	xics_set_dec(DEC_FAR); /* not used: keep it from firing again */
}

static void sleep_until_finished(void)
{
	while (!fw_atomic_load(&finished)) {
		const unsigned long in[8] = {0};
		fw_hcall(H_CEDE, in, 0);
	}
	xics_disable_ee();
}

static void member(void *arg)
{
	(void)arg;
	xics_set_dec(DEC_FAR);
	xics_cppr(0xff);
	fw_atomic_add(&ready, 1);
	sleep_until_finished();
	fw_atomic_add(&exited, 1);
}

int main(void)
{
	if (fw_topology_read(&topo) != 0)
		fw_abort("cannot read the cpu topology from the device tree");
	uint32_t n = topo.nthreads, boot = fdt_boot_cpuid();
	total_hops = n * IPI_RING_ROUNDS;
	fw_printf("ipi_ring: %u threads, %u rounds, %u hops\n", n, (unsigned)IPI_RING_ROUNDS,
		  total_hops);
	for (uint32_t i = 0; i < n; i++)
		next_server[topo.threads[i].server] = topo.threads[(i + 1) % n].server;

	xics_set_dec(DEC_FAR);
	fw_exc_set_handler(0x900, decrementer_handler);
	fw_exc_set_handler(0x500, external_handler);
	fw_topology_start_others(&topo, boot, member);
	while (fw_atomic_load(&ready) != n - 1)
		fw_cpu_relax();
	xics_cppr(0xff);
	/* The first hop goes from the boot thread to its successor. */
	xics_ipi(next_server[boot], TOKEN_PRIORITY);
	sleep_until_finished();
	while (fw_atomic_load(&exited) != n - 1)
		fw_cpu_relax();

	for (uint32_t i = 0; i < n; i++) {
		uint32_t s = topo.threads[i].server;
		fw_printf("server %u: received %u tokens\n", s, received[s]);
		FW_CHECK(received[s] == IPI_RING_ROUNDS, "server %u received %u tokens, expected %u", s,
			 received[s], (unsigned)IPI_RING_ROUNDS);
		FW_CHECK(unexpected[s] == 0, "server %u accepted %u non-IPI sources", s, unexpected[s]);
	}
	fw_printf("hops: %u\n", fw_atomic_load(&hops));
	FW_CHECK(hops == total_hops, "%u hops, expected %u", hops, total_hops);
	fw_report("ipi_ring");
	return 0;
}
