/*
 * Boot code of the firmware runtime: vector area, entry at 0x100, secondary-thread entry.
 * Each thread gets a stack and exception frame indexed by its server number (thread_setup).
 *
 * Contract (firmware-contract.md "Loading and entry", xics-spec.md 4.5): the raw image sits at
 * physical 0; the boot thread starts at 0x100 with r3 = FDT address and MSR = 0 on QEMU 7.2
 * (32-bit mode, big-endian, real mode). Threads started by RTAS start-cpu enter
 * fw_secondary_entry with MSR = SF|ME and r3 = the argument given to start-cpu.
 *
 * ABI: big-endian ELFv1 (gcc's default for powerpc64-linux-gnu). Functions are called through
 * their .opd descriptor {entry, TOC, env}; the image runs at its link address, so ld has
 * already filled every descriptor and this code only loads r2 from the descriptor of the C
 * function it calls. ELFv2 on big-endian is not a supported gcc/glibc combination, hence v1.
 */
#include "runtime/layout.h"

/* r = absolute address of sym; the image is linked below 2 GiB so @ha/@l suffice. */
#define LOAD_ADDR(r, sym) lis r, sym@ha; addi r, r, sym@l

/* Call the C function whose ELFv1 descriptor is sym (sets r2 from it). */
#define CALL_C(sym) LOAD_ADDR(12, sym); ld 0, 0(12); ld 2, 8(12); mtctr 0; bctrl

	.section .head.text, "ax"

	.org 0x100
	.globl _start
_start:
	b	start32

/* Every vector saves r1 in SPRG1, switches to this thread's frame (SPRG0) and jumps to the
 * common save code with the vector number in r3 (exceptions.S). */
	.macro EXC_VECTOR vec
	.org \vec
	mtspr	SPRN_SPRG1, 1
	mfspr	1, SPRN_SPRG0
	std	3, FR_GPR(3)(1)
	li	3, \vec
	b	fw_exc_common
	.endm

	.irp v, 0x200, 0x280, 0x300, 0x380, 0x400, 0x480, 0x500, 0x580, 0x600, 0x680, 0x700, 0x780
	EXC_VECTOR \v
	.endr
	.irp v, 0x800, 0x880, 0x900, 0x980, 0xa00, 0xa80, 0xb00, 0xb80, 0xc00, 0xc80, 0xd00, 0xd80
	EXC_VECTOR \v
	.endr
	.irp v, 0xe00, 0xe20, 0xe40, 0xe60, 0xe80, 0xea0, 0xf00, 0xf20, 0xf40, 0xf60, 0xf80
	EXC_VECTOR \v
	.endr

	.org 0x1000
/* Still 32-bit mode: only the low 32 bits of addresses count, which is fine below 4 GiB. */
start32:
	mfmsr	10			/* entry MSR, reported by programs (fw_boot_msr) */
	mr	11, 3			/* FDT address */
	LOAD_ADDR(12, start64)
	mtspr	SPRN_SRR0, 12
	lis	12, FW_MSR_SF_ME_HI
	sldi	12, 12, 32		/* SF = MSR bit 0 */
	ori	12, 12, FW_MSR_ME
	mtspr	SPRN_SRR1, 12
	rfid

start64:
	/* .bss (which holds the per-thread stacks) is not part of the raw image: zero it. */
	LOAD_ADDR(4, __bss_start)
	LOAD_ADDR(5, __bss_end)
	li	0, 0
1:	cmpld	4, 5
	bge	2f
	std	0, 0(4)
	addi	4, 4, 8
	b	1b
2:	LOAD_ADDR(4, fw_boot_msr)
	std	10, 0(4)
	lwz	9, 28(11)		/* FDT header boot_cpuid_phys: the boot thread's server */
	bl	thread_setup
	mr	3, 11
	CALL_C(fw_boot_c)
3:	b	3b

/* Target of RTAS start-cpu: r3 = argument = the thread's server number (fw_cpu_start), already
 * in 64-bit mode. */
	.globl fw_secondary_entry
fw_secondary_entry:
	mfmsr	10
	mr	11, 3
	mr	9, 3
	bl	thread_setup
	mr	3, 11
	mr	4, 10
	CALL_C(fw_secondary_c)
4:	b	4b

/* r9 = area index (the thread's server number): r1 = top of its stack, SPRG0 = its exception
 * frame, SPRG2 = the index (fw_self_index()). Uses r7, r8 and r0. Not PIR: QEMU 7.2 pseries
 * (TCG) leaves PIR at 0 on every thread, so it cannot tell threads apart. An index beyond
 * FW_MAX_THREADS has no area: the thread parks here (no stack to report on). */
thread_setup:
	cmpldi	9, FW_MAX_THREADS
	bge	9f
	mtspr	SPRN_SPRG2, 9
	LOAD_ADDR(8, fw_thread_areas)
	sldi	7, 9, FW_THREAD_AREA_SHIFT
	add	8, 8, 7
	addis	7, 8, FW_EXC_FRAME_OFFSET@ha
	addi	7, 7, FW_EXC_FRAME_OFFSET@l
	mtspr	SPRN_SPRG0, 7
	addis	1, 8, FW_STACK_TOP@ha
	addi	1, 1, FW_STACK_TOP@l
	li	0, 0
	stdu	0, -128(1)		/* terminating back chain */
	blr
9:	b	9b

	.section .bss
	.balign 4096
	.globl fw_thread_areas
fw_thread_areas:
	.space FW_MAX_THREADS * FW_THREAD_AREA
