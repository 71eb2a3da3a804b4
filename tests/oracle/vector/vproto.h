/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The vector oracle's wire format, shared by the host driver and the
 * PowerPC harness (C and assembly).  Stream to the harness: u32 magic, u32
 * case count, then per case a u32 instruction word, a u32 pad and a struct
 * vstate; the harness answers with one struct vstate per case.  Every field
 * is in the target's byte order; vsr[n] is doubleword 0 then doubleword 1.
 */
#pragma once

#define VO_MAGIC       0x56454354u   /* "VECT" */
#define VO_CODE_BASE   0x30000000
#define VO_SCRATCH     0x38000000    /* the harness's scratch memory */
#define VO_MEM_SIZE    256
#define VO_NGPR        6             /* r4..r9 */

#define VS_VSR     0
#define VS_GPR     1024
#define VS_CR      (VS_GPR + VO_NGPR * 8)
#define VS_FPSCR   (VS_CR + 8)
#define VS_VSCR    (VS_FPSCR + 8)
#define VS_SIG     (VS_VSCR + 8)
#define VS_MEM     (VS_SIG + 8)
#define VS_SIZE    (VS_MEM + VO_MEM_SIZE)

#ifndef __ASSEMBLER__
#include <stdint.h>

struct vstate {
        uint64_t vsr[64][2];
        uint64_t gpr[VO_NGPR];       /* r4..r9 */
        uint64_t cr, fpscr, vscr;
        uint64_t sig;                /* 0, or the signal the instruction raised */
        uint8_t mem[VO_MEM_SIZE];
};

_Static_assert(sizeof(struct vstate) == VS_SIZE, "vstate layout");
#endif
