#include "runtime/hcall.h"

#include <stddef.h>

long fw_hcall(unsigned long opcode, const unsigned long in[8], unsigned long out[8])
{
	register unsigned long r3 __asm__("r3") = opcode;
	register unsigned long r4 __asm__("r4") = in[0];
	register unsigned long r5 __asm__("r5") = in[1];
	register unsigned long r6 __asm__("r6") = in[2];
	register unsigned long r7 __asm__("r7") = in[3];
	register unsigned long r8 __asm__("r8") = in[4];
	register unsigned long r9 __asm__("r9") = in[5];
	register unsigned long r10 __asm__("r10") = in[6];
	register unsigned long r11 __asm__("r11") = in[7];

	/* Volatile across sc 1 (firmware-contract.md): r0, r3-r12, CTR, XER, CR0/1/5-7. */
	__asm__ __volatile__("sc 1"
			     : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r8),
			       "+r"(r9), "+r"(r10), "+r"(r11)
			     :
			     : "r0", "r12", "ctr", "xer", "cr0", "cr1", "cr5", "cr6", "cr7",
			       "memory");
	if (out != NULL) {
		out[0] = r4;
		out[1] = r5;
		out[2] = r6;
		out[3] = r7;
		out[4] = r8;
		out[5] = r9;
		out[6] = r10;
		out[7] = r11;
	}
	return (long)r3;
}
