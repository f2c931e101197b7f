/*
 * spinlock_mp: every hardware thread takes one spinlock (lwarx/stwcx., runtime/spinlock.h)
 * SPINLOCK_MP_ROUNDS times. Inside the lock it checks that it is alone (a plain counter of
 * threads inside must read 0 on entry) and adds one to a plain, non-atomic counter and to its
 * own slot of a message. Then a message-passing check: the boot thread writes a block of data,
 * `sync`, then a flag; every other thread waits for the flag and checks the data. The boot
 * thread prints the totals in server order: the console depends only on the thread count, and
 * in cycle mode (models/cpu/store_queue.h) it must not depend on the lookahead either.
 */
#include "runtime/console.h"
#include "runtime/fdt.h"
#include "runtime/runtime.h"
#include "runtime/spinlock.h"
#include "runtime/topology.h"

#ifndef SPINLOCK_MP_ROUNDS
#error "SPINLOCK_MP_ROUNDS must be defined (firmware/CMakeLists.txt)"
#endif

#define DATA_WORDS 16

static struct fw_topology topo;
static fw_spinlock_t lock = FW_SPINLOCK_INIT;
static volatile uint32_t inside;              /* threads inside the lock: 0 or 1 */
static volatile uint32_t counter;             /* plain read-modify-write under the lock */
static volatile uint32_t per_thread[FW_MAX_THREADS];
static volatile uint32_t overlaps[FW_MAX_THREADS];
static volatile uint32_t data[DATA_WORDS];
static volatile uint32_t flag;
static volatile uint32_t bad_data[FW_MAX_THREADS];
static volatile uint32_t done;

static void locked_rounds(uint32_t s)
{
	for (uint32_t i = 0; i < SPINLOCK_MP_ROUNDS; i++) {
		fw_spin_lock(&lock);
		if (inside != 0)
			overlaps[s]++;
		inside = inside + 1;
		counter = counter + 1;
		per_thread[s] = per_thread[s] + 1;
		inside = inside - 1;
		fw_spin_unlock(&lock);
	}
}

static void worker(void *arg)
{
	(void)arg;
	uint32_t s = fw_self_index();
	locked_rounds(s);
	while (fw_atomic_load(&flag) == 0)
		fw_cpu_relax();
	for (uint32_t i = 0; i < DATA_WORDS; i++)
		if (data[i] != 0x1000u + i)
			bad_data[s]++;
	fw_atomic_add(&done, 1);
}

int main(void)
{
	if (fw_topology_read(&topo) != 0)
		fw_abort("cannot read the cpu topology from the device tree");
	uint32_t boot = fdt_boot_cpuid();
	fw_printf("spinlock_mp: %u threads, %u rounds each\n", topo.nthreads, (unsigned)SPINLOCK_MP_ROUNDS);
	fw_topology_start_others(&topo, boot, worker);
	locked_rounds(boot);
	for (uint32_t i = 0; i < DATA_WORDS; i++)
		data[i] = 0x1000u + i;
	fw_atomic_store(&flag, 1); /* sync; store; sync */
	fw_atomic_add(&done, 1);
	while (fw_atomic_load(&done) != topo.nthreads)
		fw_cpu_relax();
	uint32_t all_overlaps = 0, all_bad = 0;
	for (uint32_t i = 0; i < topo.nthreads; i++) {
		uint32_t s = topo.threads[i].server;
		fw_printf("server %u: %u rounds, %u overlaps, %u bad data words\n", s, per_thread[s],
			  overlaps[s], bad_data[s]);
		all_overlaps += overlaps[s];
		all_bad += bad_data[s];
	}
	fw_printf("counter %u (expected %u)\n", counter, topo.nthreads * (unsigned)SPINLOCK_MP_ROUNDS);
	FW_CHECK(counter == topo.nthreads * (uint32_t)SPINLOCK_MP_ROUNDS, "lost updates under the lock");
	FW_CHECK(all_overlaps == 0, "two threads inside the lock at once");
	FW_CHECK(all_bad == 0, "message passing: data not visible after the flag");
	fw_report("spinlock_mp");
	return 0;
}
