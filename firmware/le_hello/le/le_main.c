/*
 * le_hello, little-endian half (powerpc64le ELFv2, its own tiny runtime in this file): runs
 * with MSR[LE] = 1 after the big-endian half set LPCR[ILE] with H_SET_MODE. Everything it
 * prints has a reason outside this code: the memory byte order the ISA defines for LE mode,
 * values the BE half stored, the FDT magic (DTSpec 5.2), the CRC-32 check value, RTAS state
 * codes (xics-spec.md 3.4).
 *
 * Endianness rules (xics-spec.md 3.1, 3.4): hcall arguments and results are register values
 * and need no swapping (the console bytes are packed big-endian into r6/r7 by shifts, as in
 * big-endian mode), but RTAS argument buffers and the device tree are big-endian in memory
 * whatever mode the caller runs in, so LE code byte-swaps them.
 */
#include "le_hello/handoff.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define H_SUCCESS 0
#define H_PUT_TERM_CHAR 0x58
#define H_RTAS 0xf000

int le_main(const struct le_handoff *h);

static uint32_t termno;
static int failures;

static long hcall4(unsigned long op, unsigned long a, unsigned long b, unsigned long c,
		   unsigned long d)
{
	register unsigned long r3 __asm__("r3") = op;
	register unsigned long r4 __asm__("r4") = a;
	register unsigned long r5 __asm__("r5") = b;
	register unsigned long r6 __asm__("r6") = c;
	register unsigned long r7 __asm__("r7") = d;
	__asm__ __volatile__("sc 1"
			     : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
			     :
			     : "r0", "r8", "r9", "r10", "r11", "r12", "ctr", "xer", "cr0", "cr1",
			       "cr5", "cr6", "cr7", "memory");
	return (long)r3;
}

/* ---- console ---------------------------------------------------------------------------- */

static char pkt[16];
static unsigned npkt;

static void flush(void)
{
	unsigned long w[2] = {0, 0};
	for (unsigned i = 0; i < npkt; i++)
		w[i / 8] |= (unsigned long)(unsigned char)pkt[i] << (56 - 8 * (i % 8));
	if (npkt)
		while (hcall4(H_PUT_TERM_CHAR, termno, npkt, w[0], w[1]) == 1 /* H_BUSY */)
			;
	npkt = 0;
}

static void putc_(char c)
{
	pkt[npkt++] = c;
	if (npkt == sizeof pkt)
		flush();
}

static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void put_num(unsigned long v, unsigned base, int width)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (width-- > n)
		putc_('0');
	while (n)
		putc_(tmp[--n]);
}

/* %s, %u/%lu, %d/%ld, %x/%lx with an optional 0-padded width. */
static void print(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			putc_(*fmt);
			continue;
		}
		int width = 0, lng = 0;
		fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == 'l') {
			lng = 1;
			fmt++;
		}
		switch (*fmt) {
		case 's':
			puts_(va_arg(ap, const char *));
			break;
		case 'u':
			put_num(lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10, width);
			break;
		case 'd': {
			long v = lng ? va_arg(ap, long) : va_arg(ap, int);
			if (v < 0) {
				putc_('-');
				v = -v;
			}
			put_num((unsigned long)v, 10, width);
			break;
		}
		case 'x':
			put_num(lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16, width);
			break;
		default:
			putc_('%');
			putc_(*fmt);
		}
	}
	va_end(ap);
	flush();
}

static void check(const char *name, unsigned long got, unsigned long want)
{
	print("%s = 0x%lx\n", name, got);
	if (got != want) {
		print("FAIL: %s: got 0x%lx expected 0x%lx\n", name, got, want);
		failures++;
	}
}

/* ---- RTAS: big-endian cells --------------------------------------------------------------- */

static int32_t rtas(uint32_t token, int nargs, int nret, const uint32_t *args, uint32_t *rets)
{
	uint32_t buf[16];
	buf[0] = __builtin_bswap32(token);
	buf[1] = __builtin_bswap32((uint32_t)nargs);
	buf[2] = __builtin_bswap32((uint32_t)nret);
	for (int i = 0; i < nargs; i++)
		buf[3 + i] = __builtin_bswap32(args[i]);
	for (int i = 0; i < nret; i++)
		buf[3 + nargs + i] = 0;
	hcall4(H_RTAS, (unsigned long)buf, 0, 0, 0);
	volatile uint32_t *r = &buf[3 + nargs];
	for (int i = 1; i < nret; i++)
		rets[i - 1] = __builtin_bswap32(r[i]);
	return (int32_t)__builtin_bswap32(r[0]);
}

/* ---- computations ------------------------------------------------------------------------- */

static uint32_t crc32(const char *s, unsigned n)
{
	uint32_t c = 0xffffffffu;
	while (n--) {
		c ^= (unsigned char)*s++;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
	}
	return ~c;
}

static uint32_t fib(uint32_t n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int le_main(const struct le_handoff *h)
{
	/* The handoff was stored big-endian: a raw LE load of the magic reads it swapped. */
	if (__builtin_bswap64(h->magic) != LE_HANDOFF_MAGIC)
		for (;;) /* no console number we can trust: hang, the test times out */
			;
	termno = __builtin_bswap32(h->termno);
	uint64_t msr;
	__asm__ __volatile__("mfmsr %0" : "=r"(msr));
	print("le_hello: little-endian code running, MSR 0x%016lx\n", msr);
	check("MSR[LE]", msr & 1, 1);

	volatile uint32_t word = 0x11223344;
	check("first byte in memory of 0x11223344", *(volatile uint8_t *)&word, 0x44);
	check("handoff probe, raw LE load", h->probe, 0x0807060504030201ul);
	check("handoff probe, byte-swapped", __builtin_bswap64(h->probe), 0x0102030405060708ul);
	const uint32_t *fdt = (const uint32_t *)__builtin_bswap64(h->fdt);
	check("FDT magic, raw LE load", fdt[0], 0xedfe0dd0u);
	check("FDT magic, byte-swapped", __builtin_bswap32(fdt[0]), 0xd00dfeedu);
	check("FDT boot_cpuid_phys", __builtin_bswap32(fdt[7]),
	      __builtin_bswap32(h->boot_server));

	check("crc32(\"123456789\")", crc32("123456789", 9), 0xcbf43926u);
	check("fib(20)", fib(20), 6765);
	volatile uint64_t a = 0xffffffffffffffffull;
	unsigned __int128 m = (unsigned __int128)a * a;
	check("(2^64-1)^2 high", (unsigned long)(m >> 64), 0xfffffffffffffffeul);
	check("(2^64-1)^2 low", (unsigned long)m, 1);

	uint32_t arg = __builtin_bswap32(h->boot_server), state = 0xffffffffu;
	int32_t st = rtas(__builtin_bswap32(h->tok_query_stopped), 1, 2, &arg, &state);
	print("query-cpu-stopped-state(%u) -> status %d, state %u\n", arg, st, state);
	/* The calling thread is running: state 2 (xics-spec.md 3.4). */
	if (st != 0 || state != 2) {
		print("FAIL: query-cpu-stopped-state of the running thread\n");
		failures++;
	}

	if (failures)
		print("FAIL: le_hello (%d failures)\n", failures);
	else
		print("PASS: le_hello\n");
	uint32_t off_args[2] = {0, 0};
	rtas(__builtin_bswap32(h->tok_power_off), 2, 1, off_args, NULL);
	for (;;)
		;
}
