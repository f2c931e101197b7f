/* Console on the vty through H_PUT_TERM_CHAR (xics-spec.md 3.2; firmware-contract.md
 * "Console"): up to 16 bytes per call, packed big-endian in r6/r7. Output of one printf is
 * never interleaved with another thread's (a console spinlock). */
#ifndef FW_RUNTIME_CONSOLE_H
#define FW_RUNTIME_CONSOLE_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Finds the vty from /chosen stdout-path (else the first hvterm1 under /vdevice, else 0, which
 * QEMU maps to the default vty). Safe to skip: output then goes to unit 0. */
void fw_console_init(void);
uint32_t fw_console_termno(void);

void fw_putc(char c);
void fw_puts(const char *s); /* no newline added */
/* %d %i %u %x %X %c %s %p %%, length l/ll/z, flags '-' '0', field width. */
int fw_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fw_vprintf(const char *fmt, va_list ap);
int fw_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int fw_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif
