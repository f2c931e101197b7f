/*
 * vty_input: console input through the vty's interrupt. The vty source comes from the
 * device tree (/vdevice/vty "interrupts" = <source 0>, an MSI: xics-spec.md 4.4); it is enabled
 * the Linux way (ibm,set-xive(source, self, 5) then ibm,int-on, 5.1 step 4) and the boot thread
 * sleeps in H_CEDE. At 0x500 the handler accepts (H_XIRR), drains the vty with H_GET_TERM_CHAR
 * (r4 = count 0..16, bytes packed big-endian in r5/r6, 3.2) and EOIs; the vty pulses its source
 * only when its buffer goes from empty to non-empty (4.4, C42), so it must be drained each
 * time. Every complete line is echoed as "got: LINE"; the first newline ends the program. A
 * decrementer timeout (INPUT_TIMEOUT_MS of timebase) prints "no input" instead of hanging.
 */
#include "runtime/console.h"
#include "runtime/exceptions.h"
#include "runtime/fdt.h"
#include "runtime/hcall.h"
#include "runtime/rtas.h"
#include "runtime/runtime.h"
#include "runtime/spinlock.h"
#include "runtime/topology.h"
#include "xics/xics.h"

#define DEC_FAR 0x7fffffffu
#define INPUT_TIMEOUT_MS 2000 /* QEMU reads stdin on its own schedule: room for a loaded host */
#define LINE_MAX 128

static uint32_t self, vty_src, termno;
static char line[LINE_MAX];
static volatile uint32_t line_len, line_done, timed_out, vty_interrupts, other_interrupts;

static void take_byte(char c)
{
	if (line_done)
		return; /* only the first line matters */
	if (c == '\n' || c == '\r') {
		line_done = 1;
		return;
	}
	if (line_len < LINE_MAX - 1)
		line[line_len++] = c;
}

static void drain_vty(void)
{
	for (;;) {
		const unsigned long in[8] = {termno};
		unsigned long out[8] = {0};
		if (fw_hcall(H_GET_TERM_CHAR, in, out) != H_SUCCESS || out[0] == 0)
			return;
		unsigned long n = out[0] > 16 ? 16 : out[0];
		for (unsigned long i = 0; i < n; i++) {
			uint64_t word = i < 8 ? out[1] : out[2];
			take_byte((char)(word >> (56 - 8 * (i % 8))));
		}
	}
}

static void external_handler(struct fw_exc_frame *f)
{
	(void)f;
	uint32_t x = xics_xirr();
	uint32_t src = x & 0xffffff;
	if (src == 0)
		return;
	if (src == vty_src) {
		vty_interrupts++;
		drain_vty();
	} else {
		other_interrupts++;
		if (src == XICS_IPI)
			xics_ipi(self, 0xff);
	}
	xics_eoi(x);
}

static void decrementer_handler(struct fw_exc_frame *f)
{
	(void)f;
	timed_out = 1;
	xics_set_dec(DEC_FAR); /* a positive DEC withdraws the request */
}

static void print_escaped(const char *s, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			fw_putc((char)c);
		else
			fw_printf("\\x%02x", c);
	}
}

int main(void)
{
	static struct fw_topology topo;
	if (fw_topology_read(&topo) != 0)
		fw_abort("cannot read the cpu topology from the device tree");
	self = fw_self_index();
	int len;
	const void *irq = fdt_getprop(fdt_path_offset("/vdevice/vty"), "interrupts", &len);
	if (!irq || len < 8)
		fw_abort("vty_input: /vdevice/vty has no interrupts property");
	vty_src = fdt_read_u32(irq, 0);
	termno = fw_console_termno();
	fw_printf("vty_input: vty 0x%x, source 0x%x (sense %u)\n", termno, vty_src,
		  fdt_read_u32(irq, 1));
	uint32_t hz = topo.timebase_hz ? topo.timebase_hz : 512000000u;

	xics_set_dec(DEC_FAR);
	fw_exc_set_handler(0x900, decrementer_handler);
	fw_exc_set_handler(0x500, external_handler);
	xics_cppr(0xff);
	FW_CHECK(fw_rtas_call("ibm,set-xive", 3, 1, 0, vty_src, self, 5u) == 0,
		 "ibm,set-xive(0x%x, %u, 5) failed", vty_src, self);
	FW_CHECK(fw_rtas_call("ibm,int-on", 1, 1, 0, vty_src) == 0, "ibm,int-on(0x%x) failed",
		 vty_src);

	xics_set_dec(hz / 1000 * INPUT_TIMEOUT_MS);
	while (!fw_atomic_load(&line_done) && !fw_atomic_load(&timed_out)) {
		const unsigned long in[8] = {0};
		fw_hcall(H_CEDE, in, 0); /* sets MSR[EE]; returns once an interrupt was taken */
	}
	xics_disable_ee();

	if (line_done) {
		fw_printf("got: ");
		print_escaped(line, line_len);
		fw_printf("\n");
	} else if (line_len) {
		fw_printf("partial line before the timeout: ");
		print_escaped(line, line_len);
		fw_printf("\n");
	} else {
		fw_printf("no input\n");
	}
	fw_printf("vty interrupts: %u\n", vty_interrupts);
	FW_CHECK(other_interrupts == 0, "%u interrupts from other sources", other_interrupts);
	fw_rtas_call("ibm,int-off", 1, 1, 0, vty_src);
	fw_report("vty_input");
	return 0;
}
