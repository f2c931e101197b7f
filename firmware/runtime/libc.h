/* The few libc routines the runtime and gcc need (gcc may emit memcpy/memset calls even with
 * -ffreestanding, so these exact names must exist). */
#ifndef FW_RUNTIME_LIBC_H
#define FW_RUNTIME_LIBC_H
#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
const char *strchr(const char *s, int c);

#endif
