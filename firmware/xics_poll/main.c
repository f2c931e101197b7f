/*
 * xics_poll: every thread reads and changes shared XICS state while interrupts fly. Each of
 * XICS_POLL_ROUNDS rounds a thread polls another thread's ICP with H_IPOLL, sends it an IPI
 * now and then, retargets and re-prioritises "its" MSI of the interrupt generator with
 * ibm,set-xive, fires it, reads its own and a neighbour's XIVE with ibm,get-xive, and turns
 * the source off and on (ibm,int-off/int-on) while it fires. Each round ends by accepting
 * what its own ICP holds (H_XIRR/H_EOI, MSR[EE] = 0). What a thread observes (XIRR/MFRR of the other ICP, the XIVEs, the sources
 * it accepted) is folded into a per-thread checksum, which the boot thread prints in server
 * order at the end: in cycle mode every one of these reads lands at an exact cycle, so the
 * console is the same for every timing.lookahead-cycles (tests/system: cycle.lookahead.xics_poll_*).
 * Fast mode runs in host order: the checksums differ there, the checks do not.
 *
 * One MSI per thread (the generator's MSIs, thread index modulo their count): with at most as
 * many threads as MSIs, no two threads fire the same source.
 */
#include "irq_devices/irqgen.h"
#include "runtime/console.h"
#include "runtime/exceptions.h"
#include "runtime/fdt.h"
#include "runtime/hcall.h"
#include "runtime/rtas.h"
#include "runtime/runtime.h"
#include "runtime/spinlock.h"
#include "runtime/topology.h"
#include "xics/xics.h"

#ifndef XICS_POLL_ROUNDS
#error "XICS_POLL_ROUNDS must be defined (firmware/CMakeLists.txt)"
#endif

#define DEC_FAR 0x7fffffffu
#define IPI_PRIORITY 5
#define DEVICE_PRIORITY 6

static struct fw_topology topo;
static struct irqgen gen;
static uint32_t msi_index[IRQGEN_MAX_SOURCES], nmsi;
static volatile uint32_t ready, done;

struct thread_log {
	uint32_t sum;        /* checksum of what the thread observed */
	uint32_t ipis, devs; /* interrupts accepted: IPIs, device sources */
	uint32_t bad;        /* RTAS or hcall statuses that were not success */
};
static struct thread_log logs[FW_MAX_THREADS]; /* by index in topo.threads */

static uint32_t mix(uint32_t h, uint32_t v)
{
	h ^= v;
	h *= 0x01000193u; /* FNV-1a step */
	return h ^ (h >> 15);
}

static uint32_t my_msi(uint32_t i)
{
	return msi_index[i % nmsi];
}

/* Accepts and retires what is pending at this thread's ICP (MSR[EE] stays 0: the thread
 * looks at its own ICP at points of its own program). */
static void take_pending(struct thread_log *l)
{
	for (;;) {
		uint32_t x = xics_xirr();
		uint32_t src = x & 0xffffff;
		l->sum = mix(l->sum, src);
		if (!src)
			return;
		if (src == XICS_IPI) {
			xics_ipi(fw_self_index(), 0xff);
			l->ipis++;
		} else {
			l->devs++;
		}
		xics_eoi(x);
	}
}

static void external_handler(struct fw_exc_frame *f)
{
	(void)f;
	fw_abort("external interrupt with MSR[EE] = 0");
}

static void decrementer_handler(struct fw_exc_frame *f)
{
	(void)f;
	xics_set_dec(DEC_FAR);
}

/* The four XICS RTAS calls, tokens looked up once (fw_rtas_call walks the device tree on
 * every call: the calls would be thousands of cycles apart). */
enum { SET_XIVE, GET_XIVE, INT_OFF, INT_ON };
static int32_t token[4];

/* RTAS call `call` with up to three arguments; out[0..nret-2] <- rets[1..]. */
static int32_t rtas(int call, int nargs, int nret, uint32_t *out, uint32_t a0, uint32_t a1, uint32_t a2)
{
	return fw_rtas_call_token(token[call], nargs, nret, out, a0, a1, a2);
}

static void status(struct thread_log *l, long st)
{
	l->sum = mix(l->sum, (uint32_t)st);
	if (st != 0)
		l->bad++;
}

static void fire(uint32_t gi)
{
	irqgen_write(&gen, IRQGEN_ASSERT(gi), 1);
}

static void work(uint32_t n)
{
	volatile uint32_t sink = 0;
	for (uint32_t k = 0; k < n; k++)
		sink += k * 3;
}

static void rounds(uint32_t i)
{
	struct thread_log *l = &logs[i];
	uint32_t n = topo.nthreads;
	uint32_t gi = my_msi(i), src = gen.source[gi];
	uint32_t neighbour = gen.source[my_msi(i + 1)];
	for (uint32_t k = 0; k < XICS_POLL_ROUNDS; k++) {
		uint32_t other = topo.threads[(i + 1 + k % (n - 1)) % n].server;
		uint32_t x = 0, m = 0, out[2] = {0, 0};
		/* Threads drift against each other (a different pace each): what one reads of another
		 * sweeps across the other's changes instead of always meeting the same phase. */
		work(i * 9 + (k % 5) * 4);
		/* Another thread's ICP, as it is when the poll gets there. */
		status(l, xics_ipoll(other, &x, &m));
		l->sum = mix(mix(l->sum, x), m);
		if (k % 3 == 0)
			status(l, xics_ipi(other, IPI_PRIORITY));
		/* Retarget this thread's source (masked every fourth round, else a priority that
		 * changes every round) and fire it. */
		uint32_t target = topo.threads[(i + k) % n].server;
		uint32_t prio = k % 4 == 3 ? 0xff : 1 + (k * 3 + i) % 0x30;
		status(l, rtas(SET_XIVE, 3, 1, 0, src, target, prio));
		fire(gi);
		/* This thread's CPPR (nothing pending is that favoured) changes every round too. */
		status(l, xics_cppr(0x40 + (k * 13 + i * 7) % 0xb0));
		/* Watch the other threads' state as it changes: the other ICP's CPPR and the
		 * neighbour's source, a few times, at distances that change every round. */
		for (uint32_t r = 0; r < 4; r++) {
			status(l, xics_ipoll(other, &x, &m));
			l->sum = mix(mix(l->sum, x), m);
			status(l, rtas(GET_XIVE, 1, 3, out, neighbour, 0, 0));
			l->sum = mix(mix(l->sum, out[0]), out[1]);
			work((k * 7 + i * 5 + r * 3) % 11);
		}
		status(l, xics_cppr(0xff));
		status(l, rtas(GET_XIVE, 1, 3, out, src, 0, 0));
		l->sum = mix(mix(l->sum, out[0]), out[1]);
		if (k % 5 == 2) {
			status(l, rtas(INT_OFF, 1, 1, 0, src, 0, 0));
			fire(gi); /* pending while off (QEMU) or lost (KVM): delivered or not on int-on */
			status(l, rtas(INT_ON, 1, 1, 0, src, 0, 0));
		}
		work((k * 11 + i * 3) % 17);
		take_pending(l);
	}
	/* Leave the source masked so nothing arrives after the counts are taken. */
	status(l, rtas(SET_XIVE, 3, 1, 0, src, fw_self_index(), 0xff));
}

static void run_thread(uint32_t i)
{
	xics_set_dec(DEC_FAR);
	xics_cppr(0xff);
	fw_barrier(&ready, topo.nthreads);
	rounds(i);
	/* Take what is still in flight to this thread (IPIs of the others' last rounds). */
	fw_barrier(&done, topo.nthreads);
	work(2000);
	take_pending(&logs[i]);
}

int main(void)
{
	if (fw_topology_read(&topo) != 0)
		fw_abort("cannot read the cpu topology from the device tree");
	if (irqgen_find(&gen) != 0)
		fw_abort("no interrupt generator");
	nmsi = irqgen_msis(&gen, msi_index, sizeof msi_index / sizeof msi_index[0]);
	uint32_t n = topo.nthreads, boot = fdt_boot_cpuid();
	if (n < 2 || nmsi == 0)
		fw_abort("xics_poll needs two threads and an MSI (%u threads, %u MSIs)", n, nmsi);
	static const char *const names[4] = {"ibm,set-xive", "ibm,get-xive", "ibm,int-off", "ibm,int-on"};
	for (int c = 0; c < 4; c++)
		if ((token[c] = fw_rtas_token(names[c])) < 0)
			fw_abort("no RTAS token for %s", names[c]);
	fw_printf("xics_poll: %u threads, %u MSIs, %u rounds\n", n, nmsi, (unsigned)XICS_POLL_ROUNDS);

	fw_exc_set_handler(0x900, decrementer_handler);
	fw_exc_set_handler(0x500, external_handler);
	fw_topology_run_all(&topo, boot, run_thread);

	uint32_t total = 0;
	for (uint32_t i = 0; i < n; i++) {
		const struct thread_log *l = &logs[i];
		fw_printf("server %u: checksum 0x%08x ipis %u devices %u\n", topo.threads[i].server, l->sum,
			  l->ipis, l->devs);
		FW_CHECK(l->bad == 0, "server %u: %u calls did not succeed", topo.threads[i].server, l->bad);
		total = mix(total, l->sum);
	}
	fw_printf("total checksum 0x%08x\n", total);
	fw_report("xics_poll");
	return 0;
}
