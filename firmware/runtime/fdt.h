/* A small read-only flattened device tree reader (DTSpec v0.3 chapter 5 layout: header,
 * structure block of BEGIN_NODE/END_NODE/PROP/NOP/END tokens, strings block). Nodes are
 * named by their offset in the structure block; negative values are errors. */
#ifndef FW_RUNTIME_FDT_H
#define FW_RUNTIME_FDT_H
#include <stdint.h>

#define FDT_ERR_BADMAGIC (-1)
#define FDT_ERR_BADVERSION (-2)
#define FDT_ERR_NOTFOUND (-3)
#define FDT_ERR_BADSTRUCTURE (-4)

/* Validates the header at blob; all other calls use that blob. */
int fdt_init(const void *blob);
const void *fdt_blob(void);
uint32_t fdt_total_size(void);
uint32_t fdt_boot_cpuid(void);

int fdt_root(void);
/* "/cpus", "/memory@0", "/vdevice/vty@71000000": a component without '@' also matches a
 * node whose name is that component followed by "@unit". */
int fdt_path_offset(const char *path);
int fdt_first_child(int node);
int fdt_next_sibling(int node);
const char *fdt_node_name(int node);
const void *fdt_getprop(int node, const char *name, int *len);

/* Big-endian cell readers; p need not be aligned. */
uint32_t fdt_read_u32(const void *p, int index);
uint64_t fdt_read_cells(const void *p, int first_cell, int ncells);
/* Property of exactly one cell, or dflt when absent or of another size. */
uint32_t fdt_prop_u32(int node, const char *name, uint32_t dflt);
int fdt_prop_is(int node, const char *name, const char *value);

#endif
