/*
 * Entry of the little-endian half (ELFv2, powerpc64le), linked at LE_LOAD_ADDR (le.ld).
 * Reached by rfid from the big-endian half with MSR = SF|ME|LE and r3 = the handoff block.
 * Sets its own stack and TOC, zeroes its .bss (not part of the copied blob), calls
 * le_main(r3). le_main powers off; if it returns, spin.
 */
	.section .text.start, "ax"
	.globl le_start
le_start:
	mr	31, 3
	lis	1, le_stack_top@ha
	addi	1, 1, le_stack_top@l
	li	0, 0
	stdu	0, -64(1)		/* terminating back chain */
	lis	2, .TOC.@ha
	addi	2, 2, .TOC.@l
	lis	4, __le_bss_start@ha
	addi	4, 4, __le_bss_start@l
	lis	5, __le_bss_end@ha
	addi	5, 5, __le_bss_end@l
1:	cmpld	4, 5
	bge	2f
	std	0, 0(4)
	addi	4, 4, 8
	b	1b
2:	mr	3, 31
	/* ELFv2: r12 = the callee's address for its global entry point. */
	lis	12, le_main@ha
	addi	12, 12, le_main@l
	mtctr	12
	bctrl
3:	b	3b
