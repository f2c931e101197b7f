/* Exception vectors: every architected vector from 0x200 to 0xf80 (crt0.S) saves the full
 * integer state in a per-thread frame and calls the handler registered for it; without one the
 * runtime reports FAIL and powers off. Returning from a handler resumes at frame->srr0 with
 * MSR = frame->srr1 (rfid). */
#ifndef FW_RUNTIME_EXCEPTIONS_H
#define FW_RUNTIME_EXCEPTIONS_H
#include <stdint.h>

struct fw_exc_frame { /* offsets mirror layout.h FR_* */
	uint64_t gpr[32];
	uint64_t cr, lr, ctr, xer, srr0, srr1, vec;
};

typedef void (*fw_exc_handler_t)(struct fw_exc_frame *frame);

/* vec is the vector address (0x500, 0x900, ...); h NULL restores the default. */
void fw_exc_set_handler(uint32_t vec, fw_exc_handler_t h);

void fw_exc_dispatch(struct fw_exc_frame *frame);

#endif
