/* Runtime services for firmware programs: boot state, starting threads, PASS/FAIL reporting.
 * A program defines `int main(void)`; it runs on the boot thread after the runtime has read
 * the device tree and found the console. When main returns, the runtime powers off. */
#ifndef FW_RUNTIME_RUNTIME_H
#define FW_RUNTIME_RUNTIME_H
#include "runtime/layout.h"

#include <stdint.h>

int main(void);

/* MSR the boot thread was entered with at 0x100 (crt0 reads it before changing mode). */
extern uint64_t fw_boot_msr;
/* Device tree address passed in r3 at entry. */
extern const void *fw_fdt_address;

static inline uint64_t fw_mfmsr(void)
{
	uint64_t v;
	__asm__ __volatile__("mfmsr %0" : "=r"(v));
	return v;
}

/* Note: QEMU 7.2 pseries (TCG) reads 0 on every thread; use fw_self_index() to tell threads
 * apart. */
static inline uint32_t fw_pir(void)
{
	uint64_t v;
	__asm__ __volatile__("mfspr %0, %1" : "=r"(v) : "i"(SPRN_PIR));
	return (uint32_t)v;
}

static inline uint32_t fw_pvr(void)
{
	uint64_t v;
	__asm__ __volatile__("mfspr %0, %1" : "=r"(v) : "i"(SPRN_PVR));
	return (uint32_t)v;
}

/* This thread's server number (its per-thread area index, kept in SPRG2 by crt0). */
static inline uint32_t fw_self_index(void)
{
	uint64_t v;
	__asm__ __volatile__("mfspr %0, %1" : "=r"(v) : "i"(SPRN_SPRG2));
	return (uint32_t)v;
}

/* MSR this thread was entered with (boot thread: fw_boot_msr; others: at fw_secondary_entry). */
uint64_t fw_entry_msr(void);

/* Starts hardware thread `server` (RTAS start-cpu) running fn(arg) on its own stack. When fn
 * returns the thread calls RTAS stop-self. Returns the RTAS status (0 = started). */
int32_t fw_cpu_start(uint32_t server, void (*fn)(void *), void *arg);

/* PASS/FAIL reporting: every failure prints "FAIL: <message>"; fw_report prints one
 * "PASS: <name>" or "FAIL: <name> (<n> failures)" line and returns the failure count. */
void fw_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define FW_CHECK(cond, ...)                                                                    \
	do {                                                                                   \
		if (!(cond))                                                                   \
			fw_fail(__VA_ARGS__);                                                  \
	} while (0)
int fw_report(const char *name);
/* Prints "FAIL: <message>" and powers off. */
__attribute__((noreturn, format(printf, 1, 2))) void fw_abort(const char *fmt, ...);

#endif
