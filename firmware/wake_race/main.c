/*
 * wake_race: how soon a third thread sees a store made right after a thread is started.
 * Three roles, by index in server order: the observer (the boot thread), the sleeper (the
 * second thread) and the waker (the last thread). On a board of one-thread cores the host
 * runs the observer's core first, then the sleeper's, then the waker's: a sleeper woken by a
 * core the host runs after its own is the case where a wake-up could land in a window its
 * core has already run.
 *
 * Each trial: the waker waits until the sleeper has stopped (query-cpu-stopped-state), waits
 * `trial` delay loops (moving the wake-up's cycle across window boundaries from trial to
 * trial), reads the timebase and starts the sleeper (RTAS start-cpu); the sleeper stores the
 * trial number as its first act and stops itself; the observer spins until it sees that store
 * and reads the timebase. The console lists, per trial, the timebase ticks from the start-cpu
 * to the observer's sighting. In cycle mode every effect of one thread on another lands at a
 * cycle that depends neither on the host's order of the cores nor on the window length, so
 * the console is the same for every lookahead (tests/system: cycle.lookahead.wake_race_*);
 * fast mode prints other numbers.
 */
#include "runtime/console.h"
#include "runtime/rtas.h"
#include "runtime/runtime.h"
#include "runtime/spinlock.h"
#include "runtime/topology.h"

#define TRIALS 48u

static struct fw_topology topo;
volatile uint32_t wake_race_seen; /* named by race_entry below */
/* Line 0 (X) and eight lines of the same L1D set (4 KiB apart with the default 32 KiB,
 * 8-way, 128-byte-line L1D): the observer keeps loading X and evicting it; the sleeper's
 * first load is of X, so how long its store waits depends on where the observer is at that
 * cycle when both share a core. */
volatile uint32_t wake_race_lines[9 * 1024] __attribute__((aligned(4096)));
static volatile uint64_t start_tb[TRIALS + 1], seen_tb[TRIALS + 1];

static inline uint64_t mftb(void)
{
	uint64_t v;
	__asm__ __volatile__("mftb %0" : "=r"(v));
	return v;
}

static void spin(uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		__asm__ __volatile__("" : : "r"(i));
}

/* The sleeper's start-cpu entry, r3 = trial << 16 | server: its first instruction after the
 * address is the store the observer waits for; then the runtime's own secondary entry with
 * r3 = server, which finds no function for the sleeper and stops it (stop-self). */
void race_entry(void);
__asm__(".pushsection .text\n"
	".globl race_entry\n"
	"race_entry:\n"
	"	lis	5, wake_race_lines@ha\n"
	"	lwz	6, wake_race_lines@l(5)\n"
	"	andi.	6, 6, 0\n"
	"	srwi	4, 3, 16\n"
	"	add	4, 4, 6\n"
	"	lis	5, wake_race_seen@ha\n"
	"	stw	4, wake_race_seen@l(5)\n"
	"	clrlwi	3, 3, 16\n"
	"	b	fw_secondary_entry\n"
	".popsection\n");

static void waker(uint32_t sleeper_server)
{
	for (uint32_t trial = 1; trial <= TRIALS; trial++) {
		uint32_t state = 2;
		while (state != 0) /* 0: stopped (PAPR 7.3.10.3) */
			if (fw_rtas_query_cpu_stopped_state(sleeper_server, &state) != 0)
				fw_abort("query-cpu-stopped-state of server %u failed", sleeper_server);
		spin(trial * 3u);
		start_tb[trial] = mftb();
		int32_t st = fw_rtas_start_cpu(sleeper_server, (uint32_t)(unsigned long)race_entry,
					       trial << 16 | sleeper_server);
		if (st != 0)
			fw_abort("start-cpu of server %u failed with %d", sleeper_server, st);
	}
}

static void waker_main(void *arg)
{
	(void)arg;
	waker(topo.threads[1].server);
}

int main(void)
{
	if (fw_topology_read(&topo) != 0)
		fw_abort("cannot read the cpu topology from the device tree");
	FW_CHECK(topo.threads[0].server == fw_self_index(), "the boot thread is not the first server");
	FW_CHECK(topo.nthreads >= 3, "wake_race needs 3 threads, the board has %u", topo.nthreads);
	fw_printf("wake_race: %u threads, observer %u, sleeper %u, waker %u\n", topo.nthreads,
		  topo.threads[0].server, topo.threads[1].server, topo.threads[topo.nthreads - 1].server);
	/* Only the waker is started by the runtime: the sleeper's slot stays empty, so each of its
	 * starts stores and stops; the other threads stay stopped. */
	const uint32_t waker_server = topo.threads[topo.nthreads - 1].server;
	int32_t st = fw_cpu_start(waker_server, waker_main, 0);
	if (st != 0)
		fw_abort("start-cpu of server %u failed with %d", waker_server, st);
	for (uint32_t trial = 1; trial <= TRIALS; trial++) {
		while (fw_atomic_load(&wake_race_seen) != trial)
			fw_cpu_relax();
		seen_tb[trial] = mftb();
	}
	for (uint32_t trial = 1; trial <= TRIALS; trial += 8) {
		fw_printf("trials %2u-%2u:", trial, trial + 7);
		for (uint32_t t = trial; t < trial + 8; t++)
			fw_printf(" %u", (unsigned)(seen_tb[t] - start_tb[t]));
		fw_printf("\n");
	}
	fw_report("wake_race");
	return 0;
}
