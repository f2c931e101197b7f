/*
 * timebase: when a thread reads the timebase and takes the decrementer. Cycle mode gives every
 * read the timebase at the reading thread's own cycle (tests/system/check_cycle_mode.py
 * timebase checks the numbers against the timing model and across lookaheads):
 *  - chain: mftb, K dependent mulld (each waits for the previous one's result), mftb; the
 *    difference of the two reads, for K = 256 and K = 1024, four times each (the first runs
 *    warm the caches and the predictor);
 *  - dec: DEC written with a short count while the thread runs a counting loop; the count
 *    reached when the decrementer interrupt arrives, and the timebase in its handler minus
 *    the timebase read right before the write.
 * The console is the same for every lookahead in cycle mode; fast mode prints other numbers.
 */
#include "runtime/console.h"
#include "runtime/exceptions.h"
#include "runtime/runtime.h"
#include "xics/xics.h"

#define REPEATS 4
#define DEC_FAR 0x7fffffffu
#define DEC_SHORT 300u

static inline uint64_t mftb(void)
{
	uint64_t v;
	__asm__ __volatile__("mftb %0" : "=r"(v));
	return v;
}

/* Both reads and the chain in one asm statement, so the compiler puts nothing between them. */
#define CHAIN(K, out)                                                                          \
	do {                                                                                   \
		uint64_t t0, t1, x = 3;                                                        \
		__asm__ __volatile__("mftb %0\n\t"                                             \
				     ".rept " #K "\n\t"                                        \
				     "mulld %2, %2, %2\n\t"                                    \
				     ".endr\n\t"                                               \
				     "mftb %1"                                                 \
				     : "=&r"(t0), "=&r"(t1), "+r"(x));                         \
		(out) = t1 - t0;                                                               \
	} while (0)

static volatile uint32_t dec_taken;
static volatile uint64_t dec_tb;

static void decrementer_handler(struct fw_exc_frame *f)
{
	(void)f;
	dec_tb = mftb();
	xics_set_dec(DEC_FAR);
	dec_taken = 1;
}

int main(void)
{
	uint64_t d256[REPEATS], d1024[REPEATS];
	for (int i = 0; i < REPEATS; i++) {
		CHAIN(256, d256[i]);
		CHAIN(1024, d1024[i]);
	}
	for (int i = 0; i < REPEATS; i++)
		fw_printf("chain %d: K=256 %lu ticks, K=1024 %lu ticks\n", i, (unsigned long)d256[i],
			  (unsigned long)d1024[i]);

	xics_set_dec(DEC_FAR);
	fw_exc_set_handler(0x900, decrementer_handler);
	xics_enable_ee();
	for (int i = 0; i < REPEATS; i++) {
		dec_taken = 0;
		uint64_t count = 0;
		const uint64_t before = mftb();
		xics_set_dec(DEC_SHORT);
		while (!dec_taken)
			count++;
		fw_printf("dec %d: %lu loops, %lu ticks from the write to the handler\n", i,
			  (unsigned long)count, (unsigned long)(dec_tb - before));
		FW_CHECK(dec_tb - before > DEC_SHORT, "dec %d: handler %lu ticks after the write", i,
			 (unsigned long)(dec_tb - before));
	}
	xics_disable_ee();
	fw_report("timebase");
	return 0;
}
