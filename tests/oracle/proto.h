/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The oracle's wire format and address map, shared by the host driver and the
 * PowerPC harness that runs under qemu-user (and its assembly).
 *
 * Both sides place the code and the scratch buffer at the same addresses, so
 * that anything derived from an address (LR after bl, EAs written back by
 * update forms, addpcis) is identical and can be compared.
 *
 * Stream to the harness: one u32 magic, one u32 case count, then per case a
 * u32 word count, a u32 reserved, a struct oracle_state (inputs) and the
 * instruction words.  The harness answers with one struct oracle_state per
 * case.  Every field is in the target's byte order.
 */
#pragma once

#define ORACLE_CODE_BASE     0x40000000   /* prologue, then the sequence */
#define ORACLE_SEQ_BASE      0x40000400   /* first word of the sequence */
#define ORACLE_CODE_SIZE     0x20000
#define ORACLE_MAX_WORDS     4096
#define ORACLE_SCRATCH_BASE  0x48000000
#define ORACLE_SCRATCH_SIZE  512          /* compared bytes */
#define ORACLE_SCRATCH_MAP   4096         /* mapped bytes */
#define ORACLE_SCRATCH_REG   31           /* holds SCRATCH_BASE + SCRATCH_SIZE/2 */
#define ORACLE_MAGIC         0x4f52434cu  /* "ORCL" */

/* struct oracle_state offsets (the harness assembly uses them). */
#define O_GPR(n)    ((n) * 8)
#define O_FPR(n)    (256 + (n) * 8)
#define O_CR        512
#define O_XER       520
#define O_LR        528
#define O_CTR       536
#define O_FPSCR     544
#define O_SIG       552
#define O_SIGCODE   560
#define O_SIGPC     568
#define O_SIGADDR   576
#define O_MEM       584
#define O_SIZE      (O_MEM + ORACLE_SCRATCH_SIZE)

/* The harness trampoline's stack frame (r1 relative). */
#define F_STATE     112
#define F_BACK      120
#define F_TMP       128
#define F_RESV      136
#define F_CR        144
#define F_FPSCR     152
#define F_R2        160
#define F_GPRS      168    /* r13..r31 */
#define F_FPRS      320    /* f14..f31 */
#define F_FRAME     480

#ifndef __ASSEMBLER__
#include <stdint.h>

struct oracle_state {
        uint64_t gpr[32];
        uint64_t fpr[32];
        uint64_t cr, xer, lr, ctr, fpscr;
        uint64_t sig;        /* 0: ran to the end; else the signal number */
        uint64_t sig_code;   /* siginfo si_code */
        uint64_t sig_pc;     /* address of the faulting instruction */
        uint64_t sig_addr;   /* siginfo si_addr */
        uint8_t mem[ORACLE_SCRATCH_SIZE];
};

_Static_assert(sizeof(struct oracle_state) == O_SIZE, "oracle_state layout");
#endif
