# Entry of the gdb session test program (big-endian ELFv2). Every thread enters here; thread
# 0 (PIR 0) runs main() and parks on `exit_loop`, which the test target treats as power-off
# with r3 as the exit code; the others run secondary_main() forever.
	.section .text.start, "ax"
	.globl _start
_start:
	mfspr	3, 1023			# PIR
	cmpdi	3, 0
	bne	1f
	lis	1, stack0_top@ha
	addi	1, 1, stack0_top@l
	lis	12, main@ha		# ELFv2 global entry expects its own address in r12
	addi	12, 12, main@l
	mtctr	12
	bctrl
	.globl exit_loop
exit_loop:
	b	exit_loop
1:	lis	1, stack1_top@ha
	addi	1, 1, stack1_top@l
	lis	12, secondary_main@ha
	addi	12, 12, secondary_main@l
	mtctr	12
	bctrl
2:	b	2b
