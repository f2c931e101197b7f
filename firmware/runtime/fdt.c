#include "runtime/fdt.h"

#include "runtime/libc.h"

#include <stddef.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u

static const uint8_t *blob;
static uint32_t off_struct, size_struct, off_strings, size_strings;

uint32_t fdt_read_u32(const void *p, int index)
{
	const uint8_t *b = (const uint8_t *)p + 4 * index;
	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

uint64_t fdt_read_cells(const void *p, int first_cell, int ncells)
{
	uint64_t v = 0;
	for (int i = 0; i < ncells; i++)
		v = (v << 32) | fdt_read_u32(p, first_cell + i);
	return v;
}

static uint32_t hdr(int field)
{
	return fdt_read_u32(blob, field);
}

int fdt_init(const void *b)
{
	blob = b;
	if (hdr(0) != FDT_MAGIC)
		return FDT_ERR_BADMAGIC;
	/* size_dt_struct (field 9) exists from version 17; last_comp_version must be <= 17. */
	if (hdr(5) < 17 || hdr(6) > 17)
		return FDT_ERR_BADVERSION;
	off_struct = hdr(2);
	off_strings = hdr(3);
	size_strings = hdr(8);
	size_struct = hdr(9);
	if (off_struct + size_struct > hdr(1) || off_strings + size_strings > hdr(1))
		return FDT_ERR_BADSTRUCTURE;
	return 0;
}

const void *fdt_blob(void)
{
	return blob;
}

uint32_t fdt_total_size(void)
{
	return hdr(1);
}

uint32_t fdt_boot_cpuid(void)
{
	return hdr(7);
}

static uint32_t token_at(int off)
{
	if (off < 0 || (uint32_t)off + 4 > size_struct)
		return FDT_END;
	return fdt_read_u32(blob + off_struct + off, 0);
}

static int align4(int v)
{
	return (v + 3) & ~3;
}

/* Offset of the token after the one at off (which must not be END). */
static int next_token(int off)
{
	uint32_t tag = token_at(off);
	const uint8_t *s = blob + off_struct;
	switch (tag) {
	case FDT_BEGIN_NODE:
		return align4(off + 4 + (int)strlen((const char *)s + off + 4) + 1);
	case FDT_PROP:
		return align4(off + 12 + (int)fdt_read_u32(s + off + 4, 0));
	case FDT_END_NODE:
	case FDT_NOP:
		return off + 4;
	default:
		return FDT_ERR_BADSTRUCTURE;
	}
}

/* Offset just past the END_NODE of the node at off. */
static int skip_node(int off)
{
	int depth = 0;
	do {
		uint32_t tag = token_at(off);
		if (tag == FDT_BEGIN_NODE)
			depth++;
		else if (tag == FDT_END_NODE)
			depth--;
		else if (tag != FDT_PROP && tag != FDT_NOP)
			return FDT_ERR_BADSTRUCTURE;
		off = next_token(off);
		if (off < 0)
			return off;
	} while (depth > 0);
	return off;
}

int fdt_root(void)
{
	int off = 0;
	while (token_at(off) == FDT_NOP)
		off += 4;
	return token_at(off) == FDT_BEGIN_NODE ? off : FDT_ERR_BADSTRUCTURE;
}

const char *fdt_node_name(int node)
{
	return (const char *)blob + off_struct + node + 4;
}

/* First BEGIN_NODE at or after off at this level, or NOTFOUND at END_NODE. */
static int node_from(int off)
{
	for (;;) {
		uint32_t tag = token_at(off);
		if (tag == FDT_BEGIN_NODE)
			return off;
		if (tag == FDT_END_NODE)
			return FDT_ERR_NOTFOUND;
		if (tag != FDT_PROP && tag != FDT_NOP)
			return FDT_ERR_BADSTRUCTURE;
		off = next_token(off);
		if (off < 0)
			return off;
	}
}

int fdt_first_child(int node)
{
	if (token_at(node) != FDT_BEGIN_NODE)
		return FDT_ERR_BADSTRUCTURE;
	return node_from(next_token(node));
}

int fdt_next_sibling(int node)
{
	int off = skip_node(node);
	return off < 0 ? off : node_from(off);
}

const void *fdt_getprop(int node, const char *name, int *len)
{
	if (node < 0 || token_at(node) != FDT_BEGIN_NODE)
		return NULL;
	for (int off = next_token(node); off >= 0; off = next_token(off)) {
		uint32_t tag = token_at(off);
		if (tag == FDT_NOP)
			continue;
		if (tag != FDT_PROP)
			break;
		const uint8_t *p = blob + off_struct + off;
		uint32_t nameoff = fdt_read_u32(p + 8, 0);
		if (nameoff < size_strings &&
		    strcmp((const char *)blob + off_strings + nameoff, name) == 0) {
			if (len)
				*len = (int)fdt_read_u32(p + 4, 0);
			return p + 12;
		}
	}
	return NULL;
}

/* comp (n bytes) names the node exactly, or without its "@unit" when comp has no '@'. */
static int name_matches(const char *node_name, const char *comp, size_t n)
{
	if (strncmp(node_name, comp, n) != 0)
		return 0;
	if (node_name[n] == '\0')
		return 1;
	for (size_t i = 0; i < n; i++)
		if (comp[i] == '@')
			return 0;
	return node_name[n] == '@';
}

int fdt_path_offset(const char *path)
{
	int node = fdt_root();
	if (path[0] != '/')
		return FDT_ERR_NOTFOUND;
	while (node >= 0) {
		while (*path == '/')
			path++;
		if (*path == '\0')
			return node;
		size_t n = 0;
		while (path[n] && path[n] != '/')
			n++;
		int child = fdt_first_child(node);
		while (child >= 0 && !name_matches(fdt_node_name(child), path, n))
			child = fdt_next_sibling(child);
		node = child;
		path += n;
	}
	return node;
}

uint32_t fdt_prop_u32(int node, const char *name, uint32_t dflt)
{
	int len;
	const void *p = fdt_getprop(node, name, &len);
	return (p && len == 4) ? fdt_read_u32(p, 0) : dflt;
}

int fdt_prop_is(int node, const char *name, const char *value)
{
	int len;
	const char *p = fdt_getprop(node, name, &len);
	return p && len == (int)strlen(value) + 1 && memcmp(p, value, (size_t)len) == 0;
}
