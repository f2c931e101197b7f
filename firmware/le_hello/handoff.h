/* What the big-endian half of le_hello leaves for the little-endian half. The BE code stores
 * it natively (big-endian); the LE code must byte-swap every field it reads, which is one of
 * the things le_hello demonstrates. Plain C, shared by both compilers. */
#ifndef FW_LE_HELLO_HANDOFF_H
#define FW_LE_HELLO_HANDOFF_H
#include <stdint.h>

/* Where the BE code copies the LE blob and where le.ld links it (16 MiB: above the BE
 * image and its .bss, far below the device tree QEMU puts near the top of RAM). */
#define LE_LOAD_ADDR 0x01000000

#define LE_HANDOFF_MAGIC 0x4c45484f46463031ull /* "LEHOFF01" */

struct le_handoff {
	uint64_t magic;
	uint64_t fdt;              /* device tree address (big-endian blob) */
	uint64_t probe;            /* 0x0102030405060708, stored big-endian */
	uint32_t termno;           /* vty unit address for H_PUT_TERM_CHAR */
	uint32_t boot_server;      /* this thread's server number */
	uint32_t tok_power_off;    /* RTAS tokens from /rtas */
	uint32_t tok_query_stopped;
};

#endif
