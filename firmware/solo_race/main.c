/*
 * solo_race: what a thread woken from H_CEDE reads of a counter that the board's one running
 * thread keeps storing. Two threads: the writer (the boot thread) and the sleeper (the second
 * server); every other thread stays stopped, so while the sleeper cedes the writer runs
 * alone on the board. The writer increments `solo_race_count` on every turn of its loop, a
 * store every few cycles.
 *
 * Each trial wakes the sleeper, asleep in `wait`, twice:
 *  - by its own decrementer (a timer the writer knows nothing of), armed a little longer
 *    from trial to trial, so that it fires at every phase of the writer's loop;
 *  - by the writer's H_PROD, after which the writer goes on storing at once.
 * The sleeper's first instruction after each wake-up reads the counter. In cycle mode a store is visible to
 * another thread a store visibility (timing.store-visibility-cycles) after it is made, so the
 * value read depends on the cycle the sleeper wakes at and on nothing else; in particular not
 * on whether the writer's stores went through the store queue or, while it ran alone,
 * straight into memory (timing.solo-stores; tests/system: cycle.solo.solo_race_*). The
 * console lists the values read, as offsets from the value the writer had at the trial's
 * start, and a checksum. Fast mode and QEMU print other numbers.
 */
#include "runtime/console.h"
#include "runtime/hcall.h"
#include "runtime/runtime.h"
#include "runtime/spinlock.h"
#include "runtime/topology.h"
#include "xics/xics.h"

#define TRIALS 24u
#define DEC_FAR 0x7fffffffu

static struct fw_topology topo;
volatile uint64_t solo_race_count;
static volatile uint32_t ceding, woke, prodded;
static volatile uint64_t base[TRIALS + 1], by_dec[TRIALS + 1], by_prod[TRIALS + 1];

/* ISA 3.0 `wait` (WC = 0) with MSR[EE] = 0: the thread sleeps until an interrupt is pending
 * (here its decrementer or the writer's H_PROD) and resumes at the next instruction without
 * taking it, so the load of the counter comes within a few cycles of the wake-up. Encoded by
 * hand: the assembler accepts `wait` only for some -mcpu values. */
static inline uint64_t wait_then_read(void)
{
	uint64_t v;
	__asm__ __volatile__(".long 0x7c00003c\n\tld %0, 0(%1)" : "=r"(v) : "b"(&solo_race_count) : "memory");
	return v;
}

static void sleeper_main(void *arg)
{
	(void)arg;
	for (uint32_t k = 1; k <= TRIALS; k++) {
		/* Woken by the decrementer (~4 cycles per tick at the default clocks), a little
		 * later in the writer's loop from trial to trial. */
		fw_atomic_store(&ceding, 2 * k - 1);
		xics_set_dec(400u + 5u * k);
		by_dec[k] = wait_then_read();
		xics_set_dec(DEC_FAR); /* the decrementer interrupt stays disabled (MSR[EE] = 0) */
		fw_atomic_store(&woke, 2 * k - 1);
		/* Woken by the writer's H_PROD. */
		fw_atomic_store(&ceding, 2 * k);
		do
			by_prod[k] = wait_then_read();
		while (fw_atomic_load(&prodded) != k);
		fw_atomic_store(&woke, 2 * k);
	}
}

/* The writer's loop: a store of the counter on every turn until `woke` reaches `value`. */
static void write_until(uint32_t value)
{
	while (fw_atomic_load(&woke) != value)
		solo_race_count = solo_race_count + 1;
}

int main(void)
{
	if (fw_topology_read(&topo) != 0)
		fw_abort("cannot read the cpu topology from the device tree");
	FW_CHECK(topo.threads[0].server == fw_self_index(), "the boot thread is not the first server");
	FW_CHECK(topo.nthreads >= 2, "solo_race needs 2 threads, the board has %u", topo.nthreads);
	const uint32_t sleeper = topo.threads[1].server;
	fw_printf("solo_race: writer %u, sleeper %u, %u trials\n", topo.threads[0].server, sleeper, TRIALS);
	int32_t st = fw_cpu_start(sleeper, sleeper_main, 0);
	if (st != 0)
		fw_abort("start-cpu of server %u failed with %d", sleeper, st);
	for (uint32_t k = 1; k <= TRIALS; k++) {
		while (fw_atomic_load(&ceding) != 2 * k - 1)
			;
		base[k] = solo_race_count;
		write_until(2 * k - 1);
		while (fw_atomic_load(&ceding) != 2 * k)
			;
		/* Long enough for the sleeper to be in H_CEDE, with a store on every turn. */
		for (uint32_t i = 0; i < 200u + 13u * k; i++)
			solo_race_count = solo_race_count + 1;
		fw_atomic_store(&prodded, k);
		const unsigned long in[8] = {sleeper};
		long rc = fw_hcall(H_PROD, in, 0);
		if (rc != 0)
			fw_abort("H_PROD of server %u returned %ld", sleeper, rc);
		write_until(2 * k);
	}
	uint64_t sum = 0;
	for (uint32_t k = 1; k <= TRIALS; k += 6) {
		fw_printf("trials %2u-%2u (decrementer/prod):", k, k + 5);
		for (uint32_t t = k; t < k + 6; t++) {
			fw_printf(" %lu/%lu", (unsigned long)(by_dec[t] - base[t]), (unsigned long)(by_prod[t] - base[t]));
			sum = sum * 1000003u + (by_dec[t] - base[t]) * 31u + (by_prod[t] - base[t]);
		}
		fw_printf("\n");
	}
	fw_printf("solo_race checksum 0x%016lx\n", (unsigned long)sum);
	fw_report("solo_race");
	return 0;
}
