/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The harness trampoline: run_code(state, entry) saves the C environment,
 * and jumps to the code buffer, whose prologue (copied from oracle_prologue)
 * loads every register from *state; after the sequence, the epilogue (copied
 * from oracle_epilogue) stores every register back into *state and returns
 * here through F_BACK.  A signal handler resumes at oracle_back too.
 * Only r1 is shared with the sequence, which never writes it.
 */
#include "../proto.h"

#define SAVE_GPR(n)  std n, F_GPRS + ((n) - 13) * 8(1)
#define LOAD_GPR(n)  ld n, F_GPRS + ((n) - 13) * 8(1)
#define SAVE_FPR(n)  stfd n, F_FPRS + ((n) - 14) * 8(1)
#define LOAD_FPR(n)  lfd n, F_FPRS + ((n) - 14) * 8(1)

#if defined(_CALL_ELF) && _CALL_ELF == 2
#define FUNC(name) .globl name; .type name,@function; name:
#else
#define FUNC(name) \
        .section ".opd","aw"; .align 3; .globl name; \
name:   .quad .L.name, .TOC.@tocbase, 0; .previous; .type name,@function; .L.name:
#endif

        .machine power9
        .text
        .align 4
FUNC(run_code)
        mflr 0
        std 0, 16(1)
        stdu 1, -F_FRAME(1)
        std 2, F_R2(1)
        SAVE_GPR(13); SAVE_GPR(14); SAVE_GPR(15); SAVE_GPR(16); SAVE_GPR(17)
        SAVE_GPR(18); SAVE_GPR(19); SAVE_GPR(20); SAVE_GPR(21); SAVE_GPR(22)
        SAVE_GPR(23); SAVE_GPR(24); SAVE_GPR(25); SAVE_GPR(26); SAVE_GPR(27)
        SAVE_GPR(28); SAVE_GPR(29); SAVE_GPR(30); SAVE_GPR(31)
        SAVE_FPR(14); SAVE_FPR(15); SAVE_FPR(16); SAVE_FPR(17); SAVE_FPR(18)
        SAVE_FPR(19); SAVE_FPR(20); SAVE_FPR(21); SAVE_FPR(22); SAVE_FPR(23)
        SAVE_FPR(24); SAVE_FPR(25); SAVE_FPR(26); SAVE_FPR(27); SAVE_FPR(28)
        SAVE_FPR(29); SAVE_FPR(30); SAVE_FPR(31)
        mfcr 0
        std 0, F_CR(1)
        mffs 0
        stfd 0, F_FPSCR(1)
        std 3, F_STATE(1)
        bl 1f
1:      mflr 5
        addi 5, 5, oracle_back - 1b
        std 5, F_BACK(1)
        mtctr 4
        bctr

        .globl oracle_back
oracle_back:
        ld 2, F_R2(1)
        LOAD_GPR(13); LOAD_GPR(14); LOAD_GPR(15); LOAD_GPR(16); LOAD_GPR(17)
        LOAD_GPR(18); LOAD_GPR(19); LOAD_GPR(20); LOAD_GPR(21); LOAD_GPR(22)
        LOAD_GPR(23); LOAD_GPR(24); LOAD_GPR(25); LOAD_GPR(26); LOAD_GPR(27)
        LOAD_GPR(28); LOAD_GPR(29); LOAD_GPR(30); LOAD_GPR(31)
        LOAD_FPR(14); LOAD_FPR(15); LOAD_FPR(16); LOAD_FPR(17); LOAD_FPR(18)
        LOAD_FPR(19); LOAD_FPR(20); LOAD_FPR(21); LOAD_FPR(22); LOAD_FPR(23)
        LOAD_FPR(24); LOAD_FPR(25); LOAD_FPR(26); LOAD_FPR(27); LOAD_FPR(28)
        LOAD_FPR(29); LOAD_FPR(30); LOAD_FPR(31)
        lfd 0, F_FPSCR(1)
        mtfsf 0xff, 0
        ld 0, F_CR(1)
        mtcrf 0xff, 0
        addi 1, 1, F_FRAME
        ld 0, 16(1)
        mtlr 0
        blr

/* Copied in front of the sequence: state -> registers.  Position independent. */
#define LDG(n)  ld n, O_GPR(n)(3)
#define LDF(n)  lfd n, O_FPR(n)(3)
        .globl oracle_prologue, oracle_prologue_end
oracle_prologue:
        ld 3, F_STATE(1)
        addi 4, 1, F_RESV
        stdcx. 4, 0, 4          /* drop any reservation left by the last case */
        ld 0, O_CTR(3)
        mtctr 0
        ld 0, O_LR(3)
        mtlr 0
        ld 0, O_XER(3)
        mtxer 0
        lfd 0, O_FPSCR(3)
        mtfsf 0xff, 0
        ld 0, O_CR(3)
        mtcrf 0xff, 0
        LDF(0); LDF(1); LDF(2); LDF(3); LDF(4); LDF(5); LDF(6); LDF(7)
        LDF(8); LDF(9); LDF(10); LDF(11); LDF(12); LDF(13); LDF(14); LDF(15)
        LDF(16); LDF(17); LDF(18); LDF(19); LDF(20); LDF(21); LDF(22); LDF(23)
        LDF(24); LDF(25); LDF(26); LDF(27); LDF(28); LDF(29); LDF(30); LDF(31)
        LDG(0); LDG(2); LDG(4); LDG(5); LDG(6); LDG(7); LDG(8); LDG(9)
        LDG(10); LDG(11); LDG(12); LDG(13); LDG(14); LDG(15); LDG(16); LDG(17)
        LDG(18); LDG(19); LDG(20); LDG(21); LDG(22); LDG(23); LDG(24); LDG(25)
        LDG(26); LDG(27); LDG(28); LDG(29); LDG(30); LDG(31)
        ld 3, O_GPR(3)(3)
oracle_prologue_end:

/* Copied after the sequence: registers -> state, then back to run_code. */
#define STG(n)  std n, O_GPR(n)(3)
#define STF(n)  stfd n, O_FPR(n)(3)
        .globl oracle_epilogue, oracle_epilogue_end
oracle_epilogue:
        std 3, F_TMP(1)
        ld 3, F_STATE(1)
        STG(0); STG(2); STG(4); STG(5); STG(6); STG(7); STG(8); STG(9)
        STG(10); STG(11); STG(12); STG(13); STG(14); STG(15); STG(16); STG(17)
        STG(18); STG(19); STG(20); STG(21); STG(22); STG(23); STG(24); STG(25)
        STG(26); STG(27); STG(28); STG(29); STG(30); STG(31)
        ld 0, F_TMP(1)
        std 0, O_GPR(3)(3)
        mfcr 0
        std 0, O_CR(3)
        mfxer 0
        std 0, O_XER(3)
        mflr 0
        std 0, O_LR(3)
        mfctr 0
        std 0, O_CTR(3)
        STF(0); STF(1); STF(2); STF(3); STF(4); STF(5); STF(6); STF(7)
        STF(8); STF(9); STF(10); STF(11); STF(12); STF(13); STF(14); STF(15)
        STF(16); STF(17); STF(18); STF(19); STF(20); STF(21); STF(22); STF(23)
        STF(24); STF(25); STF(26); STF(27); STF(28); STF(29); STF(30); STF(31)
        mffs 0
        stfd 0, O_FPSCR(3)
        ld 0, F_BACK(1)
        mtctr 0
        bctr
oracle_epilogue_end:
        .section .note.GNU-stack,"",@progbits
