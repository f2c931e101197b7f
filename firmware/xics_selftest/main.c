/*
 * xics_selftest: the hcall/RTAS interface of the interrupt controller as one firmware sees
 * it, QEMU TCG flavour (xics-spec.md sections 2 and 6; corner cases Cn cite section 6). One
 * line per check, "ok - name" or "not ok - name: got X expected Y", then PASS/FAIL. Every
 * expected value comes from the spec (QEMU column), and the console is compared with QEMU.
 * C4/C5 (an external source pending) need a device that can trigger one: not covered here.
 */
#include "runtime/console.h"
#include "runtime/exceptions.h"
#include "runtime/fdt.h"
#include "runtime/rtas.h"
#include "runtime/runtime.h"
#include "runtime/topology.h"
#include "xics/xics.h"

#define NO_SUCH_SERVER 1024 /* beyond any board we run (at most 64 threads) */
#define DEC_FAR 0x7fffffffu  /* largest positive 32-bit DEC: ~4 s at 512 MHz */

static int failed;
static uint32_t self;

static void check(const char *name, long got, long want)
{
	if (got == want) {
		fw_printf("ok - %s\n", name);
	} else {
		fw_printf("not ok - %s: got 0x%lx expected 0x%lx\n", name, got, want);
		failed++;
	}
}

/* H_IPOLL of server: status, then XIRR and MFRR against expectations. */
static void check_ipoll(const char *name, uint32_t server, uint32_t want_xirr, uint32_t want_mfrr)
{
	uint32_t xirr = 0, mfrr = 0;
	long st = xics_ipoll(server, &xirr, &mfrr);
	char buf[96];
	fw_snprintf(buf, sizeof buf, "%s: H_IPOLL status", name);
	check(buf, st, H_SUCCESS);
	fw_snprintf(buf, sizeof buf, "%s: XIRR", name);
	check(buf, xirr, want_xirr);
	fw_snprintf(buf, sizeof buf, "%s: MFRR", name);
	check(buf, mfrr, want_mfrr);
}

/* Accept the IPI sitting in XISR with CPPR 0xFF, clear MFRR, EOI: back to idle. */
static void consume_ipi(const char *name)
{
	char buf[96];
	fw_snprintf(buf, sizeof buf, "%s: H_XIRR returns the IPI", name);
	check(buf, xics_xirr(), 0xff000000 | XICS_IPI);
	xics_ipi(self, 0xff);
	fw_snprintf(buf, sizeof buf, "%s: H_EOI", name);
	check(buf, xics_eoi(0xff000000 | XICS_IPI), H_SUCCESS);
}

static void icp_checks(const struct fw_topology *topo)
{
	/* 1.3: an ICP resets with CPPR 0, XISR 0, MFRR 0xFF. */
	check_ipoll("reset state", self, 0x00000000, 0xff);
	check("H_CPPR(0xff)", xics_cppr(0xff), H_SUCCESS);
	check_ipoll("after H_CPPR(0xff)", self, 0xff000000, 0xff);

	/* 2.5 + 2.3: an IPI more favoured than CPPR is presented; accepting sets CPPR to it. */
	check("H_IPI(self, 5)", xics_ipi(self, 5), H_SUCCESS);
	check_ipoll("IPI pending", self, 0xff000002, 5);
	check("H_XIRR accepts the IPI", xics_xirr(), 0xff000002);
	check_ipoll("after accept CPPR = 5", self, 0x05000000, 5);
	check("H_IPI(self, 0xff)", xics_ipi(self, 0xff), H_SUCCESS);
	check("H_EOI(0xff000002)", xics_eoi(0xff000002), H_SUCCESS);
	check_ipoll("after EOI", self, 0xff000000, 0xff);

	/* C9: spurious accept returns CPPR << 24; QEMU then sets CPPR to 0xFF (pitfalls #7). */
	xics_cppr(5);
	check("C9 spurious H_XIRR with CPPR 5", xics_xirr(), 0x05000000);
	check_ipoll("C9 CPPR after spurious H_XIRR (QEMU: 0xff)", self, 0xff000000, 0xff);
	xics_cppr(0xff);

	/* C6: MFRR 6 is not more favoured than CPPR 5: not presented until CPPR drops. */
	xics_cppr(5);
	check("C6 H_IPI(self, 6) with CPPR 5", xics_ipi(self, 6), H_SUCCESS);
	check_ipoll("C6 not presented", self, 0x05000000, 6);
	xics_cppr(0xff);
	check_ipoll("C6 presented after H_CPPR(0xff)", self, 0xff000002, 6);
	consume_ipi("C6");
	check_ipoll("C6 idle", self, 0xff000000, 0xff);

	/* C7: clearing MFRR does not retract an IPI already in XISR. */
	xics_ipi(self, 4);
	check("C7 H_IPI(self, 0xff) after presentation", xics_ipi(self, 0xff), H_SUCCESS);
	check_ipoll("C7 IPI still in XISR", self, 0xff000002, 0xff);
	check("C7 H_XIRR still returns the IPI", xics_xirr(), 0xff000002);
	check("C7 H_EOI", xics_eoi(0xff000002), H_SUCCESS);
	check_ipoll("C7 idle", self, 0xff000000, 0xff);

	/* C8: two H_IPI before accept collapse into one presentation. */
	xics_ipi(self, 4);
	xics_ipi(self, 4);
	consume_ipi("C8");
	check("C8 second H_XIRR is spurious", xics_xirr(), 0xff000000);
	check_ipoll("C8 idle", self, 0xff000000, 0xff);

	/* C32: H_CPPR(0) drops the pending IPI from XISR but keeps MFRR; H_CPPR(0xff) brings it
	 * back through the resend path (2.2, 2.4). */
	xics_ipi(self, 4);
	check("C32 H_CPPR(0) with an IPI pending", xics_cppr(0), H_SUCCESS);
	check_ipoll("C32 XISR emptied, MFRR kept", self, 0x00000000, 4);
	xics_cppr(0xff);
	check_ipoll("C32 re-presented after H_CPPR(0xff)", self, 0xff000002, 4);
	consume_ipi("C32");

	/* C21: H_EOI of the IPI number only sets CPPR. */
	check("C21 H_EOI(0x05000002)", xics_eoi(0x05000002), H_SUCCESS);
	check_ipoll("C21 CPPR from the EOI", self, 0x05000000, 0xff);
	xics_cppr(0xff);
	/* C22: H_EOI of a number no ICS owns: QEMU succeeds and only sets CPPR. */
	check("C22 H_EOI(0x06000123)", xics_eoi(0x06000123), H_SUCCESS);
	check_ipoll("C22 CPPR from the EOI", self, 0x06000000, 0xff);
	xics_cppr(0xff);

	/* C23: a server with no CPU. */
	uint32_t x, m;
	check("C23 H_IPI(no such server)", xics_ipi(NO_SUCH_SERVER, 5), H_PARAMETER);
	check("C23 H_IPOLL(no such server)", xics_ipoll(NO_SUCH_SERVER, &x, &m), H_PARAMETER);
	check_ipoll("C23 own ICP unchanged", self, 0xff000000, 0xff);

	/* Another thread's ICP (stopped, never touched): reset CPPR 0 blocks the IPI (1.3). */
	if (topo->nthreads > 1) {
		uint32_t other = topo->threads[0].server == self ? topo->threads[1].server
								  : topo->threads[0].server;
		check_ipoll("other server reset state", other, 0x00000000, 0xff);
		check("H_IPI(other server, 5)", xics_ipi(other, 5), H_SUCCESS);
		check_ipoll("other server: CPPR 0 blocks the IPI", other, 0x00000000, 5);
		check("H_IPI(other server, 0xff)", xics_ipi(other, 0xff), H_SUCCESS);
		check_ipoll("other server restored", other, 0x00000000, 0xff);
	}
}

/* First cell of the vty's "interrupts" (firmware-contract.md "Device tree": <0x1100 0>). */
static uint32_t vty_source(void)
{
	int len;
	const void *irq = fdt_getprop(fdt_path_offset("/vdevice/vty"), "interrupts", &len);
	return (irq && len >= 4) ? fdt_read_u32(irq, 0) : 0;
}

static void rtas_checks(void)
{
	uint32_t src = vty_source();
	fw_printf("vty interrupt source from the device tree: 0x%x\n", src);
	check("vty source inside the ICS (0x1000..0x1fff)", src >= 0x1000 && src < 0x2000, 1);
	uint32_t out[2] = {0, 0};

	/* 2.9 / C24-C27: bad source numbers, server, priority, argument counts -> -3. */
	check("C26 set-xive(0xfff)", fw_rtas_call("ibm,set-xive", 3, 1, 0, 0xfffu, self, 5u), -3);
	check("C26 set-xive(0x2000)", fw_rtas_call("ibm,set-xive", 3, 1, 0, 0x2000u, self, 5u), -3);
	check("C26 get-xive(0xfff)", fw_rtas_call("ibm,get-xive", 1, 3, out, 0xfffu), -3);
	check("C26 get-xive(0x2000)", fw_rtas_call("ibm,get-xive", 1, 3, out, 0x2000u), -3);
	check("C26 int-off(0xfff)", fw_rtas_call("ibm,int-off", 1, 1, 0, 0xfffu), -3);
	check("C26 int-off(0x2000)", fw_rtas_call("ibm,int-off", 1, 1, 0, 0x2000u), -3);
	check("C26 int-on(0xfff)", fw_rtas_call("ibm,int-on", 1, 1, 0, 0xfffu), -3);
	check("C26 int-on(0x2000)", fw_rtas_call("ibm,int-on", 1, 1, 0, 0x2000u), -3);
	check("C24 set-xive(no such server)",
	      fw_rtas_call("ibm,set-xive", 3, 1, 0, src, (uint32_t)NO_SUCH_SERVER, 5u), -3);
	check("C25 set-xive(priority 0x100)",
	      fw_rtas_call("ibm,set-xive", 3, 1, 0, src, self, 0x100u), -3);
	check("C27 set-xive with 2 arguments", fw_rtas_call("ibm,set-xive", 2, 1, 0, src, self), -3);
	check("C27 get-xive with 2 results", fw_rtas_call("ibm,get-xive", 1, 2, out, src), -3);
	check("C27 int-off with 0 arguments", fw_rtas_call("ibm,int-off", 0, 1, 0), -3);
	check("C27 int-on with 2 results", fw_rtas_call("ibm,int-on", 1, 2, out, src), -3);

	/* 1.2 reset state: masked (priority 0xFF). */
	check("get-xive(vty) status", fw_rtas_call("ibm,get-xive", 1, 3, out, src), 0);
	check("get-xive(vty) reset priority", out[1], 0xff);

	/* set-xive stores server and priority; C28: int-off saves the current priority, so a
	 * second int-off saves 0xFF and int-on leaves the source masked. */
	check("set-xive(vty, self, 5)", fw_rtas_call("ibm,set-xive", 3, 1, 0, src, self, 5u), 0);
	check("get-xive after set-xive: status", fw_rtas_call("ibm,get-xive", 1, 3, out, src), 0);
	check("get-xive after set-xive: server", out[0], self);
	check("get-xive after set-xive: priority", out[1], 5);
	check("int-off(vty)", fw_rtas_call("ibm,int-off", 1, 1, 0, src), 0);
	fw_rtas_call("ibm,get-xive", 1, 3, out, src);
	check("get-xive after int-off: priority", out[1], 0xff);
	check("int-on(vty)", fw_rtas_call("ibm,int-on", 1, 1, 0, src), 0);
	fw_rtas_call("ibm,get-xive", 1, 3, out, src);
	check("get-xive after int-on: saved priority back", out[1], 5);
	check("C28 int-off", fw_rtas_call("ibm,int-off", 1, 1, 0, src), 0);
	check("C28 second int-off", fw_rtas_call("ibm,int-off", 1, 1, 0, src), 0);
	check("C28 int-on", fw_rtas_call("ibm,int-on", 1, 1, 0, src), 0);
	fw_rtas_call("ibm,get-xive", 1, 3, out, src);
	check("C28 still masked after int-on", out[1], 0xff);
	check("set-xive(vty, self, 0xff) restores", fw_rtas_call("ibm,set-xive", 3, 1, 0, src, self, 0xffu),
	      0);
}

/* ---- real delivery: 0x500 and 0x900 ------------------------------------------------------ */

static volatile uint32_t ext_count, dec_count, last_xirr;

static void external_handler(struct fw_exc_frame *f)
{
	(void)f;
	uint32_t x = xics_xirr();
	last_xirr = x;
	if ((x & 0xffffff) == XICS_IPI)
		xics_ipi(self, 0xff); /* 5.1 step 6: clear MFRR before the EOI */
	xics_eoi(x);
	ext_count++;
}

static void decrementer_handler(struct fw_exc_frame *f)
{
	(void)f;
	dec_count++;
	xics_set_dec(DEC_FAR); /* a positive DEC withdraws the request (firmware-contract.md) */
}

static int wait_for(volatile uint32_t *counter, uint32_t value)
{
	for (long i = 0; i < 10000000L; i++)
		if (*counter >= value)
			return 1;
	return 0;
}

static void delivery_checks(void)
{
	xics_set_dec(DEC_FAR);
	fw_exc_set_handler(0x900, decrementer_handler);
	fw_exc_set_handler(0x500, external_handler);
	xics_cppr(0xff);
	xics_enable_ee();
	for (uint32_t i = 1; i <= 3; i++) {
		last_xirr = 0;
		xics_ipi(self, 5);
		int arrived = wait_for(&ext_count, i);
		char buf[64];
		fw_snprintf(buf, sizeof buf, "IPI %u delivered at 0x500", i);
		check(buf, arrived, 1);
		fw_snprintf(buf, sizeof buf, "IPI %u: H_XIRR in the handler", i);
		check(buf, last_xirr, 0xff000002);
	}
	check("external interrupts taken", ext_count, 3);
	check_ipoll("after handled IPIs", self, 0xff000000, 0xff);

	/* Decrementer (firmware-contract.md): an interrupt once DEC goes negative, with EE = 1. */
	dec_count = 0;
	xics_set_dec(2000); /* ~4 us at 512 MHz */
	check("decrementer interrupt taken at 0x900", wait_for(&dec_count, 1), 1);
	for (volatile int i = 0; i < 100000; i++)
		;
	check("exactly one decrementer interrupt", dec_count, 1);
	xics_disable_ee();
}

int main(void)
{
	static struct fw_topology topo;
	if (fw_topology_read(&topo) != 0)
		fw_abort("cannot read the cpu topology from the device tree");
	self = fw_self_index();
	fw_printf("xics_selftest: %u threads, boot server %u\n", topo.nthreads, self);
	icp_checks(&topo);
	rtas_checks();
	delivery_checks();
	if (failed)
		fw_printf("FAIL: xics_selftest (%d failures)\n", failed);
	else
		fw_printf("PASS: xics_selftest\n");
	return 0;
}
