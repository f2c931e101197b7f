/* Memory layout constants shared by crt0.S, exceptions.S and C (kept free of C syntax so the
 * assembler can include it). */
#ifndef FW_RUNTIME_LAYOUT_H
#define FW_RUNTIME_LAYOUT_H

/* One area per hardware thread, indexed by its server number (crt0.S thread_setup). 64 covers the largest board we model
 * (16 cores x 4 threads) and stays a 2 MiB .bss. */
#define FW_MAX_THREADS 64
#define FW_THREAD_AREA_SHIFT 15 /* 32 KiB per thread */
#define FW_THREAD_AREA (1 << FW_THREAD_AREA_SHIFT)

/* Inside one area: [0, 0x5000) normal stack (grows down from 0x5000), then the exception
 * stack, and the exception register frame in the last 0x180 bytes (SPRG0 points at it). */
#define FW_STACK_TOP 0x5000
#define FW_EXC_FRAME_OFFSET (FW_THREAD_AREA - 0x180)

/* struct fw_exc_frame offsets (exceptions.h mirrors them). */
#define FR_GPR(n) ((n) * 8)
#define FR_CR 256
#define FR_LR 264
#define FR_CTR 272
#define FR_XER 280
#define FR_SRR0 288
#define FR_SRR1 296
#define FR_VEC 304

/* SPR numbers (Power ISA v3.0B, Book III). */
#define SPRN_SRR0 26
#define SPRN_SRR1 27
#define SPRN_SPRG0 272
#define SPRN_SPRG1 273
#define SPRN_SPRG2 274
#define SPRN_SPRG3 275
#define SPRN_PVR 287
#define SPRN_PIR 1023

/* MSR for 64-bit real mode: SF (bit 0) | ME (bit 51); big-endian, EE = PR = IR = DR = 0. */
#define FW_MSR_SF_ME_HI 0x8000 /* upper halfword of SF */
#define FW_MSR_ME 0x1000

#endif
