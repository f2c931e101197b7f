/* Device-tree lookup of the interrupt generator (models/devices/irq_generator.md "Device tree"). */
#include "irq_devices/irqgen.h"

#include "runtime/console.h"
#include "runtime/fdt.h"
#include "runtime/libc.h"

/* compatible is a list of NUL-terminated strings (DTSpec 2.3.1). */
static int has_compatible(int node, const char *want)
{
	int len;
	const char *p = fdt_getprop(node, "compatible", &len);
	if (!p)
		return 0;
	for (int pos = 0; pos < len;) {
		if (strcmp(p + pos, want) == 0)
			return 1;
		pos += (int)strlen(p + pos) + 1;
	}
	return 0;
}

int irqgen_find(struct irqgen *g)
{
	int root = fdt_root();
	int node = fdt_first_child(root);
	while (node >= 0 && !has_compatible(node, "ppc64sim,irq-generator"))
		node = fdt_next_sibling(node);
	if (node < 0) {
		fw_printf("irq_devices: no node with compatible \"ppc64sim,irq-generator\"\n");
		return -1;
	}
	uint32_t ac = fdt_prop_u32(root, "#address-cells", 2);
	uint32_t sc = fdt_prop_u32(root, "#size-cells", 1);
	int len;
	const void *reg = fdt_getprop(node, "reg", &len);
	if (!reg || ac < 1 || ac > 2 || len < (int)(4 * (ac + sc))) {
		fw_printf("irq_devices: %s: bad reg (%d bytes, #address-cells %u)\n",
			  fdt_node_name(node), len, ac);
		return -1;
	}
	g->base = fdt_read_cells(reg, 0, (int)ac);
	const void *irqs = fdt_getprop(node, "interrupts", &len);
	if (!irqs || len <= 0 || len % 8 != 0 || len / 8 > IRQGEN_MAX_SOURCES) {
		fw_printf("irq_devices: %s: bad interrupts property (%d bytes)\n",
			  fdt_node_name(node), len);
		return -1;
	}
	g->count = (uint32_t)len / 8;
	for (uint32_t i = 0; i < g->count; i++) {
		g->source[i] = fdt_read_u32(irqs, (int)(2 * i));
		g->is_lsi[i] = fdt_read_u32(irqs, (int)(2 * i + 1)) & 1;
	}
	return 0;
}

int irqgen_index(const struct irqgen *g, uint32_t src)
{
	for (uint32_t i = 0; i < g->count; i++)
		if (g->source[i] == src)
			return (int)i;
	return -1;
}

uint32_t irqgen_msis(const struct irqgen *g, uint32_t *index, uint32_t max)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < g->count && n < max; i++)
		if (!g->is_lsi[i])
			index[n++] = i;
	return n;
}
