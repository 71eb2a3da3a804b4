/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vrun(state, code): loads every VSR, r4-r9, CR, FPSCR and VSCR from
 * *state, calls code (the instruction under test, then blr), and stores
 * them back.  The ABI's non-volatile VSRs (14-31, 52-63) and CR fields are
 * saved around it.
 */
#include "vproto.h"

#if defined(_CALL_ELF) && _CALL_ELF == 2
#define FUNC(name) .globl name; .type name,@function; name:
#else
#define FUNC(name) \
        .section ".opd","aw"; .align 3; .globl name; \
name:   .quad .L.name, .TOC.@tocbase, 0; .previous; .type name,@function; .L.name:
#endif

#define F_ST    112
#define F_TOC   120
#define F_CR    128
#define F_TMP   136
#define F_VSR   144
#define FRAME   (F_VSR + 30 * 16)

        .machine power9
        .text
        .align 4
FUNC(vrun)
        mflr 0
        std 0, 16(1)
        stdu 1, -FRAME(1)
        std 3, F_ST(1)
        std 2, F_TOC(1)
        mfcr 0
        std 0, F_CR(1)
        mtctr 4
        addi 9, 1, F_VSR
        .set off, 0
        .irp n, 14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,52,53,54,55,56,57,58,59,60,61,62,63
        stxv \n, off(9)
        .set off, off + 16
        .endr

        lfd 0, VS_FPSCR(3)
        mtfsf 0xff, 0
        ld 0, VS_VSCR(3)
        mtvsrdd 32, 0, 0
        mtvscr 0
        ld 0, VS_CR(3)
        mtcrf 0xff, 0
        /* lxvd2x/stxvd2x keep doubleword 0 first in both byte orders. */
        .set n, 0
        .rept 64
        li 10, n * 16
        lxvd2x n, 3, 10
        .set n, n + 1
        .endr
        ld 4, VS_GPR + 0(3)
        ld 5, VS_GPR + 8(3)
        ld 6, VS_GPR + 16(3)
        ld 7, VS_GPR + 24(3)
        ld 8, VS_GPR + 32(3)
        ld 9, VS_GPR + 40(3)
        bctrl
        ld 3, F_ST(1)
        .set n, 0
        .rept 64
        li 10, n * 16
        stxvd2x n, 3, 10
        .set n, n + 1
        .endr
        std 4, VS_GPR + 0(3)
        std 5, VS_GPR + 8(3)
        std 6, VS_GPR + 16(3)
        std 7, VS_GPR + 24(3)
        std 8, VS_GPR + 32(3)
        std 9, VS_GPR + 40(3)
        mfcr 0
        std 0, VS_CR(3)
        mffs 0
        stfd 0, VS_FPSCR(3)
        mfvscr 0
        mfvsrld 0, 32
        std 0, VS_VSCR(3)

        li 0, 0
        std 0, F_TMP(1)
        lfd 0, F_TMP(1)
        mtfsf 0xff, 0
        ld 0, F_CR(1)
        mtcrf 0xff, 0
        addi 9, 1, F_VSR
        .set off, 0
        .irp n, 14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,52,53,54,55,56,57,58,59,60,61,62,63
        lxv \n, off(9)
        .set off, off + 16
        .endr
        ld 2, F_TOC(1)
        addi 1, 1, FRAME
        ld 0, 16(1)
        mtlr 0
        blr
