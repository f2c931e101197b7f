/*
 * wake_chain: threads woken by threads of later cores. Every other thread is started (RTAS
 * start-cpu, by the boot thread) and sleeps in H_CEDE until its flag is set. Then the chain
 * runs backwards: the boot thread sets the last thread's flag and wakes it with H_PROD; each
 * woken thread reads the timebase, spins a fixed number of iterations, and wakes the thread
 * before it in server order the same way, down to server 1 (the flag is set well before the
 * H_PROD, so the call itself does not wait for the store to become visible). The boot thread then prints, in
 * server order, who woke each thread and the timebase when it woke, and when it saw the last
 * woken thread's count (a store made right after its wake-up). In cycle mode a wake-up
 * lands at a cycle that does not depend on the order the host runs the cores in, so the
 * console is the same for every lookahead there (tests/system: cycle.lookahead.wake_chain_*);
 * fast mode prints other timebases.
 */
#include "runtime/console.h"
#include "runtime/hcall.h"
#include "runtime/runtime.h"
#include "runtime/spinlock.h"
#include "runtime/topology.h"

#define SPIN 2000u

static struct fw_topology topo;
static volatile uint32_t ready, woken;
static volatile uint32_t go[FW_MAX_THREADS];     /* by index in topo.threads */
static volatile uint32_t waker[FW_MAX_THREADS];
static volatile uint64_t wake_tb[FW_MAX_THREADS];

static inline uint64_t mftb(void)
{
	uint64_t v;
	__asm__ __volatile__("mftb %0" : "=r"(v));
	return v;
}

static void wake(uint32_t index, uint32_t from)
{
	waker[index] = topo.threads[from].server;
	fw_atomic_store(&go[index], 1);
	/* Long enough (no stores) for the flag to be visible to every thread before the H_PROD,
	 * so the hcall does not wait for it: the wake-up happens inside a window. */
	for (uint32_t i = 0; i < 400u; i++)
		__asm__ __volatile__("" : : "r"(i));
	const unsigned long in[8] = {topo.threads[index].server};
	long rc = fw_hcall(H_PROD, in, 0);
	if (rc != 0)
		fw_abort("H_PROD of server %u returned %ld", topo.threads[index].server, rc);
}

static void link(void *arg)
{
	const uint32_t index = (uint32_t)(unsigned long)arg;
	fw_atomic_add(&ready, 1);
	while (!fw_atomic_load(&go[index])) {
		const unsigned long in[8] = {0};
		fw_hcall(H_CEDE, in, 0);
	}
	wake_tb[index] = mftb();
	fw_atomic_add(&woken, 1); /* seen by the boot thread, spinning on another core */
	for (volatile uint32_t i = 0; i < SPIN; i++)
		;
	if (index > 1)
		wake(index - 1, index);
}

int main(void)
{
	if (fw_topology_read(&topo) != 0)
		fw_abort("cannot read the cpu topology from the device tree");
	const uint32_t n = topo.nthreads;
	FW_CHECK(topo.threads[0].server == fw_self_index(), "the boot thread is not the first server");
	fw_printf("wake_chain: %u threads\n", n);
	fw_topology_start_others(&topo, topo.threads[0].server, link);
	while (fw_atomic_load(&ready) != n - 1)
		fw_cpu_relax();
	wake_tb[0] = mftb();
	if (n > 1)
		wake(n - 1, 0);
	while (fw_atomic_load(&woken) != n - 1)
		fw_cpu_relax();
	const uint64_t seen_tb = mftb();
	fw_printf("last wake-up seen by the boot thread at timebase +%u\n", (unsigned)(seen_tb - wake_tb[0]));
	/* No wait for the others to finish: the power-off finds some still running (cycle mode
	 * stops them a store visibility after the call, at the same cycle for every lookahead). */
	for (uint32_t i = 1; i < n; i++)
		fw_printf("server %u: woken by server %u, timebase +%u\n", topo.threads[i].server,
			  waker[i], (unsigned)(wake_tb[i] - wake_tb[0]));
	FW_CHECK(fw_atomic_load(&woken) == n - 1, "%u threads woken, expected %u", woken, n - 1);
	fw_report("wake_chain");
	return 0;
}
