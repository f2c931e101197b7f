/* Small helpers shared by the XICS firmware (xics_selftest, ipi_ring): the hcall-flavour
 * ICP (xics-spec.md 2.3-2.7, 3.2), RTAS ICS calls (2.9), MSR[EE] and the decrementer. */
#ifndef FW_XICS_XICS_H
#define FW_XICS_XICS_H
#include "runtime/hcall.h"

#include <stdint.h>

#define XICS_IPI 2 /* source number of the per-server IPI (xics-spec.md 1.1) */
#define SPRN_DEC 22

static inline long xics_h(unsigned long op, unsigned long a, unsigned long b, unsigned long out[8])
{
	const unsigned long in[8] = {a, b};
	unsigned long tmp[8];
	return fw_hcall(op, in, out ? out : tmp);
}

/* H_XIRR: accept; returns the 32-bit XIRR (old CPPR << 24 | XISR). */
static inline uint32_t xics_xirr(void)
{
	unsigned long out[8];
	xics_h(H_XIRR, 0, 0, out);
	return (uint32_t)out[0];
}

static inline long xics_cppr(unsigned long cppr)
{
	return xics_h(H_CPPR, cppr, 0, 0);
}

static inline long xics_ipi(unsigned long server, unsigned long mfrr)
{
	return xics_h(H_IPI, server, mfrr, 0);
}

static inline long xics_eoi(unsigned long xirr)
{
	return xics_h(H_EOI, xirr, 0, 0);
}

/* H_IPOLL: status; *xirr = CPPR << 24 | XISR, *mfrr = MFRR, no side effect. */
static inline long xics_ipoll(unsigned long server, uint32_t *xirr, uint32_t *mfrr)
{
	unsigned long out[8] = {0};
	long st = xics_h(H_IPOLL, server, 0, out);
	*xirr = (uint32_t)out[0];
	*mfrr = (uint32_t)out[1];
	return st;
}

/* MSR[EE] alone, with mtmsrd L=1 (Power ISA v3.0B Book III 4.4.3: only EE and RI change). */
static inline void xics_enable_ee(void)
{
	__asm__ __volatile__("mtmsrd %0, 1" ::"r"(1ul << 15) : "memory");
}

static inline void xics_disable_ee(void)
{
	__asm__ __volatile__("mtmsrd %0, 1" ::"r"(0ul) : "memory");
}

static inline void xics_set_dec(uint32_t v)
{
	__asm__ __volatile__("mtspr %0, %1" ::"i"(SPRN_DEC), "r"((unsigned long)v) : "memory");
}

#endif
