/* The ppc64sim interrupt generator (models/devices/irq_generator.md): found in the device tree
 * by compatible "ppc64sim,irq-generator"; 32-bit big-endian registers, 4-byte accesses only.
 * The image runs big-endian, so plain lwz/stw match the register byte order. */
#ifndef FW_IRQ_DEVICES_IRQGEN_H
#define FW_IRQ_DEVICES_IRQGEN_H
#include <stdint.h>

#define IRQGEN_ID_VALUE 0x49524731u /* "IRG1" */
#define IRQGEN_MAX_SOURCES 240

#define IRQGEN_ID 0x000
#define IRQGEN_COUNT 0x004
#define IRQGEN_FIRST_SOURCE 0x008
#define IRQGEN_CONTROL 0x00c
#define IRQGEN_ASSERT(i) (0x100 + 0x10 * (i))
#define IRQGEN_DEASSERT(i) (0x104 + 0x10 * (i))
#define IRQGEN_STATUS(i) (0x108 + 0x10 * (i))
#define IRQGEN_FIRED(i) (0x10c + 0x10 * (i))

#define IRQGEN_STATUS_HIGH 1u
#define IRQGEN_STATUS_LSI 2u

struct irqgen {
	uint64_t base;
	uint32_t count; /* pairs in "interrupts" */
	uint32_t source[IRQGEN_MAX_SOURCES];
	uint32_t is_lsi[IRQGEN_MAX_SOURCES]; /* sense cell: 1 LSI, 0 MSI (xics-spec.md 2.10) */
};

/* Fills g from the first node with the compatible string; 0 on success, else -1 with a message
 * printed. */
int irqgen_find(struct irqgen *g);

static inline uint32_t irqgen_read(const struct irqgen *g, uint32_t off)
{
	return *(volatile uint32_t *)(uintptr_t)(g->base + off);
}

static inline void irqgen_write(const struct irqgen *g, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)(g->base + off) = v;
	__asm__ __volatile__("sync" ::: "memory");
}

/* Index of XICS source src in g, or -1. */
int irqgen_index(const struct irqgen *g, uint32_t src);
/* Writes the indices in g of its MSI sources to index (at most max); returns how many. */
uint32_t irqgen_msis(const struct irqgen *g, uint32_t *index, uint32_t max);

#endif
