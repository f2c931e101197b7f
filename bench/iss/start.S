# Entry of the raw benchmark blob: a stack below the code and a call into C.
  .section .text.start, "ax"
  .globl _start
_start:
  lis   1, 0x0f        # stack top at 0xf0000, below the blob
  ori   1, 1, 0x0000
  li    0, 0
  stdu  0, -128(1)
  bl    bench_main
  nop
1: b 1b
