/* Hypervisor calls via `sc 1` (xics-spec.md 3.1): r3 = opcode, r4..r11 = arguments; on return
 * r3 = status and r4.. = outputs. Numbers from xics-spec.md 3.2, status codes from 3.3. */
#ifndef FW_RUNTIME_HCALL_H
#define FW_RUNTIME_HCALL_H
#include <stdint.h>

#define H_SUCCESS 0
#define H_BUSY 1
#define H_HARDWARE (-1)
#define H_FUNCTION (-2)
#define H_PRIVILEGE (-3)
#define H_PARAMETER (-4)

#define H_GET_TERM_CHAR 0x54
#define H_PUT_TERM_CHAR 0x58
#define H_EOI 0x64
#define H_CPPR 0x68
#define H_IPI 0x6c
#define H_IPOLL 0x70
#define H_XIRR 0x74
#define H_CEDE 0xe0
#define H_PROD 0xe8
#define H_RTAS 0xf000

/* in[0..7] go to r4..r11; out (may be NULL) receives r4..r11 after the call. */
long fw_hcall(unsigned long opcode, const unsigned long in[8], unsigned long out[8]);

#endif
