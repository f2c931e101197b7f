/* What the device tree says about the board (xics-spec.md 4.2 for /cpus, 4.4 for the root and
 * /memory@0): one /cpus node per core (device_type "cpu"), its hardware threads listed as
 * server numbers in ibm,ppc-interrupt-server#s. */
#ifndef FW_RUNTIME_TOPOLOGY_H
#define FW_RUNTIME_TOPOLOGY_H
#include "runtime/layout.h"

#include <stdint.h>

struct fw_hw_thread {
	uint32_t server; /* interrupt server number = RTAS cpu id */
	uint32_t core;   /* index of the core node, cores sorted by reg */
	uint32_t thread; /* position in the core's ibm,ppc-interrupt-server#s */
};

struct fw_topology {
	uint32_t ncores;
	uint32_t nthreads;
	uint32_t threads_per_core; /* 0 when cores differ */
	uint32_t timebase_hz;      /* of the first core; 0 if absent */
	struct fw_hw_thread threads[FW_MAX_THREADS]; /* sorted by server number */
};

/* 0 on success; otherwise a negative FDT error or -1 (nothing usable / too many threads),
 * with a message already printed. */
int fw_topology_read(struct fw_topology *t);
/* Index in t->threads of server, or -1. */
int fw_topology_find(const struct fw_topology *t, uint32_t server);
/* RTAS start-cpu of fn on every thread of t but server `self`, each with its index in
 * t->threads as the argument; aborts naming the server when one does not start. */
void fw_topology_start_others(const struct fw_topology *t, uint32_t self, void (*fn)(void *));
/* Runs fn(index in t->threads) on every thread of t: the others through start-cpu, then the
 * calling thread `self`; returns once every call has returned (the others then stop). */
void fw_topology_run_all(const struct fw_topology *t, uint32_t self, void (*fn)(uint32_t index));

/* First range of /memory@0 reg, decoded with the root's #address-cells/#size-cells. */
int fw_memory_range(uint64_t *base, uint64_t *size);

#endif
