/*
 * le_hello, big-endian half: QEMU pseries enters firmware big-endian (MSR = 0). This part
 * asks the hypervisor for little-endian interrupts the way Linux's pseries entry does
 * (H_SET_MODE, resource 4 = interrupt endianness, mflags 1 = little-endian: sets LPCR[ILE],
 * xics-spec.md 3.2), then enters the little-endian C code (le/) with rfid and MSR[LE] = 1.
 * The LE code prints its own results and powers off; it never returns here.
 */
#include "le_hello/handoff.h"
#include "runtime/console.h"
#include "runtime/fdt.h"
#include "runtime/hcall.h"
#include "runtime/libc.h"
#include "runtime/rtas.h"
#include "runtime/runtime.h"

#define H_SET_MODE 0x31c
#define H_SET_MODE_RESOURCE_LE 4
#define H_P3 (-56)
#define H_UNSUPPORTED_FLAG (-256)

extern const char le_blob_start[], le_blob_end[];

static long set_mode(unsigned long mflags, unsigned long resource, unsigned long v1,
		     unsigned long v2)
{
	const unsigned long in[8] = {mflags, resource, v1, v2};
	return fw_hcall(H_SET_MODE, in, NULL);
}

static void expect(const char *what, long got, long want)
{
	fw_printf("%s -> %ld\n", what, got);
	FW_CHECK(got == want, "%s returned %ld, expected %ld", what, got, want);
}

/* New instructions in memory: push them out of the data cache and drop stale instruction
 * cache lines (Power ISA v3.0B Book II 1.8, "instruction storage" sequence). 32-byte steps
 * cover any line size a POWER core uses. */
static void sync_icache(const void *start, unsigned long len)
{
	for (unsigned long off = 0; off < len; off += 32)
		__asm__ __volatile__("dcbst 0, %0" ::"r"((const char *)start + off) : "memory");
	__asm__ __volatile__("sync" ::: "memory");
	for (unsigned long off = 0; off < len; off += 32)
		__asm__ __volatile__("icbi 0, %0" ::"r"((const char *)start + off) : "memory");
	__asm__ __volatile__("sync; isync" ::: "memory");
}

static struct le_handoff handoff;

int main(void)
{
	fw_printf("le_hello: big-endian entry, MSR 0x%016lx\n", (unsigned long)fw_mfmsr());
	/* Argument checks first (xics-spec.md 3.2): value1/value2 must be 0, only mflags 0/1. */
	expect("H_SET_MODE(mflags 1, resource 4, value1 1)", set_mode(1, H_SET_MODE_RESOURCE_LE, 1, 0),
	       H_P3);
	expect("H_SET_MODE(mflags 2, resource 4)", set_mode(2, H_SET_MODE_RESOURCE_LE, 0, 0),
	       H_UNSUPPORTED_FLAG);
	expect("H_SET_MODE(mflags 1, resource 4) little-endian interrupts",
	       set_mode(1, H_SET_MODE_RESOURCE_LE, 0, 0), H_SUCCESS);

	handoff.magic = LE_HANDOFF_MAGIC;
	handoff.fdt = (uint64_t)(unsigned long)fw_fdt_address;
	handoff.probe = 0x0102030405060708ull;
	handoff.termno = fw_console_termno();
	handoff.boot_server = fw_self_index();
	handoff.tok_power_off = (uint32_t)fw_rtas_token("power-off");
	handoff.tok_query_stopped = (uint32_t)fw_rtas_token("query-cpu-stopped-state");

	unsigned long len = (unsigned long)(le_blob_end - le_blob_start);
	memcpy((void *)LE_LOAD_ADDR, le_blob_start, len);
	sync_icache((const void *)LE_LOAD_ADDR, len);
	if (fw_report("le_hello big-endian part"))
		return 1;
	fw_printf("entering little-endian code at 0x%x (%lu bytes)\n", LE_LOAD_ADDR, len);

	/* MSR = SF | ME | LE: 64-bit, real mode, EE = 0, little-endian from the target on. */
	unsigned long msr = 0x8000000000001001ul;
	register unsigned long r3 __asm__("r3") = (unsigned long)&handoff;
	__asm__ __volatile__("mtsrr0 %0\n\tmtsrr1 %1\n\trfid"
			     :
			     : "r"((unsigned long)LE_LOAD_ADDR), "r"(msr), "r"(r3)
			     : "memory");
	__builtin_unreachable();
}
