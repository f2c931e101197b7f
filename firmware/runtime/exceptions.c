#include "runtime/exceptions.h"

#include "runtime/layout.h"
#include "runtime/runtime.h"

#include <stddef.h>

_Static_assert(offsetof(struct fw_exc_frame, cr) == FR_CR, "frame layout");
_Static_assert(offsetof(struct fw_exc_frame, srr1) == FR_SRR1, "frame layout");
_Static_assert(offsetof(struct fw_exc_frame, vec) == FR_VEC, "frame layout");
_Static_assert(sizeof(struct fw_exc_frame) <= FW_THREAD_AREA - FW_EXC_FRAME_OFFSET, "frame size");

/* Vectors are at least 0x20 apart (0xe00..0xea0). */
static volatile fw_exc_handler_t handlers[0x1000 / 0x20];

void fw_exc_set_handler(uint32_t vec, fw_exc_handler_t h)
{
	if (vec < 0x1000 && vec % 0x20 == 0)
		handlers[vec / 0x20] = h;
}

void fw_exc_dispatch(struct fw_exc_frame *f)
{
	fw_exc_handler_t h = f->vec < 0x1000 ? handlers[f->vec / 0x20] : NULL;
	if (h) {
		h(f);
		return;
	}
	fw_abort("unexpected exception 0x%lx on server %u: SRR0=0x%lx SRR1=0x%lx LR=0x%lx",
		 (unsigned long)f->vec, fw_self_index(), (unsigned long)f->srr0, (unsigned long)f->srr1,
		 (unsigned long)f->lr);
}
