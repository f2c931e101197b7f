#include "runtime/runtime.h"

#include "runtime/console.h"
#include "runtime/fdt.h"
#include "runtime/rtas.h"
#include "runtime/spinlock.h"

#include <stdarg.h>

uint64_t fw_boot_msr;
const void *fw_fdt_address;

/* Code address of the start-cpu target in crt0.S (a plain label, not a descriptor). */
extern char fw_secondary_entry[];

struct start_slot {
	void (*fn)(void *);
	void *arg;
};
static struct start_slot slots[FW_MAX_THREADS];
static uint64_t entry_msr[FW_MAX_THREADS]; /* by server number */
static volatile uint32_t failures;

void fw_boot_c(const void *fdt);
void fw_secondary_c(uint64_t server, uint64_t msr);

void fw_boot_c(const void *fdt)
{
	fw_fdt_address = fdt;
	entry_msr[fw_self_index()] = fw_boot_msr; /* crt0 guarantees index < FW_MAX_THREADS */
	int err = fdt_init(fdt);
	if (err == 0)
		fw_console_init(); /* without a tree the console stays on unit 0 (default vty) */
	else
		fw_abort("bad device tree at %p: error %d", fdt, err);
	main();
	fw_rtas_power_off();
}

void fw_secondary_c(uint64_t server, uint64_t msr)
{
	entry_msr[fw_self_index()] = msr;
	if (server < FW_MAX_THREADS && slots[server].fn) {
		__asm__ __volatile__("lwsync" ::: "memory");
		slots[server].fn(slots[server].arg);
	}
	fw_rtas_stop_self();
	for (;;)
		;
}

uint64_t fw_entry_msr(void)
{
	return entry_msr[fw_self_index()];
}

int32_t fw_cpu_start(uint32_t server, void (*fn)(void *), void *arg)
{
	if (server >= FW_MAX_THREADS)
		return RTAS_PARAM_ERROR;
	slots[server].fn = fn;
	slots[server].arg = arg;
	__asm__ __volatile__("sync" ::: "memory"); /* slot visible before the thread runs */
	return fw_rtas_start_cpu(server, (uint32_t)(unsigned long)fw_secondary_entry, server);
}

/* Formats first so the whole line goes out in one locked printf (no interleaving). */
static void vfail(const char *fmt, va_list ap)
{
	char msg[200];
	fw_vsnprintf(msg, sizeof msg, fmt, ap);
	fw_printf("FAIL: %s\n", msg);
	fw_atomic_add(&failures, 1);
}

void fw_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(fmt, ap);
	va_end(ap);
}

int fw_report(const char *name)
{
	uint32_t n = fw_atomic_load(&failures);
	if (n == 0)
		fw_printf("PASS: %s\n", name);
	else
		fw_printf("FAIL: %s (%u failures)\n", name, n);
	return (int)n;
}

void fw_abort(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(fmt, ap);
	va_end(ap);
	fw_rtas_power_off();
}
