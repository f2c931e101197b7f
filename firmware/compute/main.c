/*
 * compute: integer workload (work.c) on the boot thread only. The console depends only on
 * COMPUTE_ITERATIONS (a compile-time constant: compute for tests, compute_long for
 * benchmarks), so QEMU pseries and ppc64sim must print the same bytes.
 */
#include "compute/work.h"
#include "runtime/console.h"
#include "runtime/runtime.h"

#ifndef COMPUTE_ITERATIONS
#error "COMPUTE_ITERATIONS must be defined (firmware/CMakeLists.txt)"
#endif

int main(void)
{
	fw_printf("compute: %u iterations\n", (unsigned)COMPUTE_ITERATIONS);
	compute_known_answers(1);
	struct compute_result r;
	compute_run(0, COMPUTE_ITERATIONS, &r);
	fw_printf("crc32 fingerprint:     0x%08x\n", r.crc);
	fw_printf("sort fingerprint:      0x%08x\n", r.sort);
	fw_printf("int128 fingerprint:    0x%08x\n", r.i128);
	fw_printf("bswap fingerprint:     0x%08x\n", r.bswap);
	fw_printf("string fingerprint:    0x%08x\n", r.str);
	fw_printf("recursion fingerprint: 0x%08x\n", r.rec);
	fw_printf("final checksum: 0x%08x\n", r.total);
	fw_report("compute");
	return 0;
}
