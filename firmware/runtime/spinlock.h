/* Spinlock and atomics on lwarx/stwcx. (Power ISA v3.0B Book II 4.4, and appendix B for the
 * acquire/release barrier idioms: isync after the successful stwcx., lwsync before release). */
#ifndef FW_RUNTIME_SPINLOCK_H
#define FW_RUNTIME_SPINLOCK_H
#include <stdint.h>

typedef struct {
	volatile uint32_t word;
} fw_spinlock_t;

#define FW_SPINLOCK_INIT { 0 }

static inline void fw_spin_lock(fw_spinlock_t *l)
{
	uint32_t tmp;
	__asm__ __volatile__("1:	lwarx	%0, 0, %1\n"
			     "	cmpwi	%0, 0\n"
			     "	bne-	1b\n"
			     "	stwcx.	%2, 0, %1\n"
			     "	bne-	1b\n"
			     "	isync\n"
			     : "=&r"(tmp)
			     : "r"(&l->word), "r"(1)
			     : "cr0", "memory");
}

static inline void fw_spin_unlock(fw_spinlock_t *l)
{
	__asm__ __volatile__("lwsync" ::: "memory");
	l->word = 0;
}

/* Returns the new value; full barrier on both sides (sync ... isync). */
static inline uint32_t fw_atomic_add(volatile uint32_t *p, uint32_t v)
{
	uint32_t t;
	__asm__ __volatile__("	sync\n"
			     "1:	lwarx	%0, 0, %1\n"
			     "	add	%0, %0, %2\n"
			     "	stwcx.	%0, 0, %1\n"
			     "	bne-	1b\n"
			     "	isync\n"
			     : "=&r"(t)
			     : "r"(p), "r"(v)
			     : "cr0", "memory");
	return t;
}

static inline uint32_t fw_atomic_load(const volatile uint32_t *p)
{
	uint32_t v = *p;
	__asm__ __volatile__("lwsync" ::: "memory");
	return v;
}

static inline void fw_atomic_store(volatile uint32_t *p, uint32_t v)
{
	__asm__ __volatile__("sync" ::: "memory");
	*p = v;
	__asm__ __volatile__("sync" ::: "memory");
}

/* Body of a busy-wait loop; keeps the compiler from hoisting the load. */
static inline void fw_cpu_relax(void)
{
	__asm__ __volatile__("" ::: "memory");
}

/* Counts this thread in at *arrived and spins until n threads have been counted (a one-shot
 * barrier: each use needs its own counter). */
static inline void fw_barrier(volatile uint32_t *arrived, uint32_t n)
{
	fw_atomic_add(arrived, 1);
	while (fw_atomic_load(arrived) != n)
		fw_cpu_relax();
}

#endif
