/* The compute workload shared by compute, compute_long, compute_smp and compute_smp_long:
 * integer-only kernels (CRC32, two sorts, __int128 arithmetic, byte swaps, the runtime's
 * string functions, recursion) driven by a 64-bit LCG, so the result depends only on
 * (seed, iterations). Each kernel verifies itself against facts that do not come from this
 * code (published check values, algebraic identities, sortedness); mismatches are reported
 * through fw_fail. */
#ifndef FW_COMPUTE_WORK_H
#define FW_COMPUTE_WORK_H
#include <stdint.h>

struct compute_result {
	uint32_t crc;     /* CRC-32 of the generated buffers */
	uint32_t sort;    /* fingerprint of the sorted arrays */
	uint32_t i128;    /* fingerprint of the 128-bit products/quotients */
	uint32_t bswap;   /* fingerprint of the swapped words */
	uint32_t str;     /* fingerprint of the string-function results */
	uint32_t rec;     /* fingerprint of the recursion results */
	uint32_t total;   /* all of the above, mixed */
};

/* CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, init and final xor 0xFFFFFFFF). */
uint32_t compute_crc32(const void *data, uint32_t len);

/* Runs `iterations` rounds of every kernel on this thread's workspace (indexed by the
 * runtime's thread index, so threads may run it concurrently). */
void compute_run(uint64_t seed, uint32_t iterations, struct compute_result *r);

/* Fixed-input checks with published/derivable expected values; prints one line each when
 * verbose. Returns the number of failed checks. */
int compute_known_answers(int verbose);

#endif
