/*
 * Common exception path: the vector stub (crt0.S) left r1 = this thread's frame (SPRG0),
 * the interrupted r1 in SPRG1 and r3 saved, r3 = vector. Saves the remaining state, runs
 * fw_exc_dispatch(frame) on the exception stack below the frame, restores and returns with
 * rfid to frame->srr0/srr1 (a handler may change them). Not re-entrant per thread.
 * Only the SPRs of the shared contract are used (SRR0/1, SPRG0/1, LR, CTR, XER).
 */
#include "runtime/layout.h"

#define LOAD_ADDR(r, sym) lis r, sym@ha; addi r, r, sym@l

	.section .text
	.globl fw_exc_common
fw_exc_common:
	std	0, FR_GPR(0)(1)
	std	2, FR_GPR(2)(1)
	.irp n, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	std	\n, FR_GPR(\n)(1)
	.endr
	mfspr	4, SPRN_SPRG1
	std	4, FR_GPR(1)(1)
	mfcr	4
	std	4, FR_CR(1)
	mflr	4
	std	4, FR_LR(1)
	mfctr	4
	std	4, FR_CTR(1)
	mfxer	4
	std	4, FR_XER(1)
	mfspr	4, SPRN_SRR0
	std	4, FR_SRR0(1)
	mfspr	4, SPRN_SRR1
	std	4, FR_SRR1(1)
	std	3, FR_VEC(1)

	mr	3, 1
	mr	31, 1			/* callee-saved: the frame survives the call */
	addi	1, 1, -256
	li	0, 0
	std	0, 0(1)
	LOAD_ADDR(12, fw_exc_dispatch)
	ld	0, 0(12)
	ld	2, 8(12)
	mtctr	0
	bctrl
	mr	1, 31

	ld	4, FR_SRR0(1)
	mtspr	SPRN_SRR0, 4
	ld	4, FR_SRR1(1)
	mtspr	SPRN_SRR1, 4
	ld	4, FR_CR(1)
	mtcrf	0xff, 4
	ld	4, FR_LR(1)
	mtlr	4
	ld	4, FR_CTR(1)
	mtctr	4
	ld	4, FR_XER(1)
	mtxer	4
	ld	0, FR_GPR(0)(1)
	.irp n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld	\n, FR_GPR(\n)(1)
	.endr
	ld	1, FR_GPR(1)(1)
	rfid
