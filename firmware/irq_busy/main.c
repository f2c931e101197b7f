/*
 * irq_busy: interrupts taken by threads that are busy with MSR[EE] = 1. Every thread counts
 * up a loop counter with external and decrementer interrupts enabled; every IRQ_BUSY_PERIOD
 * iterations it sends an IPI to the next thread and fires "its" MSI of the interrupt
 * generator, which is routed to the thread after that. The 0x500 handler accepts with H_XIRR,
 * folds the source and the loop counter it interrupted at into the thread's checksum, clears
 * the IPI (own MFRR) or counts the device interrupt, and EOIs. The decrementer, reloaded by its
 * handler with a per-thread period, adds its own interruption points.
 *
 * The counter an interrupt sees is where the thread was when the interrupt was taken: in
 * cycle mode a PRESENT or IPI lands at an exact cycle and the running thread takes it at its
 * first instruction boundary there, so the checksums are the same for every
 * timing.lookahead-cycles (tests/system: cycle.lookahead.irq_busy_*). Fast mode runs in host
 * order: the checksums differ there, the counts do not.
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

#ifndef IRQ_BUSY_ITERATIONS
#error "IRQ_BUSY_ITERATIONS must be defined (firmware/CMakeLists.txt)"
#endif
#define IRQ_BUSY_PERIOD 97 /* iterations between a thread's IPI and MSI (prime: phases drift) */
#define DEC_FAR 0x7fffffffu
#define IPI_PRIORITY 5
#define DEVICE_PRIORITY 6

static struct fw_topology topo;
static struct irqgen gen;
static uint32_t msi_index[IRQGEN_MAX_SOURCES], nmsi;
static volatile uint32_t ready, done;

struct thread_log {
	volatile uint32_t iter; /* the busy loop's counter */
	uint32_t sum;           /* checksum of (source, counter) at each interrupt */
	uint32_t ipis, devs, decs;
	uint32_t sent_ipis, fired;
	uint32_t dec_period;
	uint32_t bad; /* hcall or RTAS statuses that were not success */
};
static struct thread_log logs[FW_MAX_THREADS]; /* by index in topo.threads */

static uint32_t mix(uint32_t h, uint32_t v)
{
	h ^= v;
	h *= 0x01000193u; /* FNV-1a step */
	return h ^ (h >> 15);
}

static struct thread_log *self_log(void)
{
	return &logs[fw_topology_find(&topo, fw_self_index())];
}

/* Accepts and retires one interrupt; returns its source (0: nothing was pending). */
static uint32_t take_one(struct thread_log *l)
{
	uint32_t x = xics_xirr();
	uint32_t src = x & 0xffffff;
	if (!src)
		return 0;
	l->sum = mix(mix(l->sum, src), l->iter);
	if (src == XICS_IPI) {
		if (xics_ipi(fw_self_index(), 0xff) != 0)
			l->bad++;
		l->ipis++;
	} else {
		l->devs++;
	}
	if (xics_eoi(x) != 0)
		l->bad++;
	return src;
}

static void external_handler(struct fw_exc_frame *f)
{
	(void)f;
	struct thread_log *l = self_log();
	if (!take_one(l))
		l->sum = mix(l->sum, 0xdead0000u | l->iter); /* a spurious 0x500 would show here */
}

static void decrementer_handler(struct fw_exc_frame *f)
{
	(void)f;
	struct thread_log *l = self_log();
	l->decs++;
	l->sum = mix(mix(l->sum, 0x900), l->iter);
	xics_set_dec(l->dec_period);
}

/* A chain of dependent adds (each issues when the previous result is ready): in cycle mode
 * the thread passes an instruction boundary every couple of cycles here, so an interrupt whose
 * 0x500 entry interrupted this code shows how many cycles after its line rose it was taken
 * (tests/system: check_cycle_mode.py irq_entry reads the range from the console). */
extern const char irq_busy_chain_start[], irq_busy_chain_end[];
static uint64_t chain_acc;
__attribute__((noinline, noclone)) static void chain(void)
{
	uint64_t a = chain_acc;
	__asm__ __volatile__(".globl irq_busy_chain_start\n"
			     "irq_busy_chain_start:\n"
			     ".rept 48\n"
			     "addi %0, %0, 1\n"
			     ".endr\n"
			     ".globl irq_busy_chain_end\n"
			     "irq_busy_chain_end:\n"
			     : "+b"(a));
	chain_acc = a;
}

static void busy(uint32_t i)
{
	struct thread_log *l = &logs[i];
	uint32_t n = topo.nthreads;
	uint32_t next = topo.threads[(i + 1) % n].server;
	uint32_t gi = msi_index[i % nmsi];
	l->dec_period = 700 + 131 * i;
	xics_set_dec(l->dec_period);
	xics_enable_ee();
	for (uint32_t k = 1; k <= IRQ_BUSY_ITERATIONS; k++) {
		l->iter = k;
		chain();
		if (k % IRQ_BUSY_PERIOD == i % IRQ_BUSY_PERIOD) {
			if (xics_ipi(next, IPI_PRIORITY) != 0)
				l->bad++;
			l->sent_ipis++;
		} else if (k % IRQ_BUSY_PERIOD == (i * 7 + 40) % IRQ_BUSY_PERIOD) {
			irqgen_write(&gen, IRQGEN_ASSERT(gi), 1);
			l->fired++;
		}
	}
	xics_disable_ee();
	xics_set_dec(DEC_FAR);
}

static void work(uint32_t n)
{
	volatile uint32_t sink = 0;
	for (uint32_t k = 0; k < n; k++)
		sink += k * 3;
}

static void run_thread(uint32_t i)
{
	xics_set_dec(DEC_FAR);
	xics_cppr(0xff);
	fw_barrier(&ready, topo.nthreads);
	busy(i);
	fw_barrier(&done, topo.nthreads);
	/* What is still in flight to this thread lands within a few latencies: take it (EE = 0). */
	work(2000);
	struct thread_log *l = &logs[i];
	l->iter = 0xffffffffu;
	while (take_one(l))
		;
}

int main(void)
{
	if (fw_topology_read(&topo) != 0)
		fw_abort("cannot read the cpu topology from the device tree");
	if (irqgen_find(&gen) != 0)
		fw_abort("no interrupt generator");
	nmsi = irqgen_msis(&gen, msi_index, sizeof msi_index / sizeof msi_index[0]);
	uint32_t n = topo.nthreads, boot = fdt_boot_cpuid();
	if (n < 2 || nmsi < n)
		fw_abort("irq_busy needs two threads and an MSI per thread (%u threads, %u MSIs)", n, nmsi);
	fw_printf("irq_busy: %u threads, %u iterations each, chain 0x%lx-0x%lx\n", n, (unsigned)IRQ_BUSY_ITERATIONS,
		  (unsigned long)irq_busy_chain_start, (unsigned long)irq_busy_chain_end);
	/* Thread i's MSI goes to thread i + 2 (i + 1 receives its IPIs). */
	for (uint32_t i = 0; i < n; i++) {
		uint32_t src = gen.source[msi_index[i]];
		uint32_t target = topo.threads[(i + 2) % n].server;
		if (fw_rtas_call("ibm,set-xive", 3, 1, 0, src, target, DEVICE_PRIORITY) != 0)
			fw_abort("set-xive of source 0x%x failed", src);
	}

	fw_exc_set_handler(0x900, decrementer_handler);
	fw_exc_set_handler(0x500, external_handler);
	fw_topology_run_all(&topo, boot, run_thread);

	uint32_t total = 0, sent = 0, fired = 0, ipis = 0, devs = 0;
	for (uint32_t i = 0; i < n; i++) {
		const struct thread_log *l = &logs[i];
		fw_printf("server %u: checksum 0x%08x ipis %u devices %u decrementers %u\n", topo.threads[i].server,
			  l->sum, l->ipis, l->devs, l->decs);
		FW_CHECK(l->bad == 0, "server %u: %u calls did not succeed", topo.threads[i].server, l->bad);
		total = mix(total, l->sum);
		sent += l->sent_ipis;
		fired += l->fired;
		ipis += l->ipis;
		devs += l->devs;
	}
	/* An IPI sent while the target's MFRR is still set, or an MSI fired while the previous one
	 * is pending, merges with it: at most as many as sent, at least one. */
	FW_CHECK(ipis >= 1 && ipis <= sent, "%u IPIs taken of %u sent", ipis, sent);
	FW_CHECK(devs >= 1 && devs <= fired, "%u device interrupts taken of %u fired", devs, fired);
	fw_printf("total checksum 0x%08x\n", total);
	fw_report("irq_busy");
	return 0;
}
