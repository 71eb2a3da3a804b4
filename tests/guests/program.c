/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Program interrupts (0x700): an illegal instruction and traps, with SRR0
 * at the instruction and the cause in SRR1; and the FP unavailable
 * interrupt (0x800).  In a little-endian guest these also show that
 * interrupts are taken little-endian after H_SET_MODE.
 */
#include "rt/rt.h"

#define SRR1_PROGRAM_CAUSES (SRR1_PROGRAM_FP | SRR1_PROGRAM_ILLEGAL | SRR1_PROGRAM_PRIV | \
                             SRR1_PROGRAM_TRAP)

static volatile unsigned taken;
static volatile uint64_t srr0, srr1;

static void on_program(struct rt_regs *r)
{
        taken = taken + 1;
        srr0 = r->srr0;
        srr1 = r->srr1;
        r->srr0 += 4;           /* skip the offending instruction */
}

static void on_fp_unavailable(struct rt_regs *r)
{
        taken = taken + 1;
        srr0 = r->srr0;
        srr1 = r->srr1;
        r->srr1 |= MSR_FP;      /* retry with FP on */
}

/* Runs one instruction word; returns its address. */
#define RUN_WORD(word) ({                                                       \
        uint64_t at_;                                                           \
        __asm__ volatile("bcl 20,31,1f\n1: mflr %0\n.long " #word "\n"          \
                         : "=r"(at_) : : "lr", "memory");                       \
        at_ + 4; })

static void reset(void)
{
        taken = 0;
        srr0 = srr1 = 0;
}

static void test_illegal(void)
{
        uint64_t at;

        reset();
        at = RUN_WORD(0x00000000);      /* primary opcode 0: illegal */
        check_eq("program interrupts for word 0x00000000", taken, 1);
        check(srr0 == at, "SRR0 is the illegal instruction");
        check_eqx("SRR1 cause bits", srr1 & SRR1_PROGRAM_CAUSES,
                 SRR1_PROGRAM_ILLEGAL);
        check((srr1 & MSR_SF) && !!(srr1 & MSR_LE) == RT_LITTLE_ENDIAN,
              "SRR1 holds the interrupted MSR[SF, LE]");
}

static void test_trap(void)
{
        uint64_t at;

        reset();
        at = RUN_WORD(0x7fe00008);      /* tw 31,0,0: trap unconditionally */
        check_eq("program interrupts for tw 31,0,0", taken, 1);
        check(srr0 == at, "SRR0 is the trap instruction");
        check_eqx("SRR1 cause bits", srr1 & SRR1_PROGRAM_CAUSES,
                 SRR1_PROGRAM_TRAP);

        reset();
        RUN_WORD(0x08000000);           /* tdi 0,0,0: never traps */
        check_eq("program interrupts for tdi 0,r0,0", taken, 0);
}

static void test_conditional_trap(void)
{
        long v = 5;

        reset();
        __asm__ volatile("tdeqi %0, 5" : : "r"(v) : "memory");
        check_eq("tdeqi 5,5 traps", taken, 1);
        reset();
        v = 6;
        __asm__ volatile("tdeqi %0, 5" : : "r"(v) : "memory");
        check_eq("tdeqi 6,5 does not trap", taken, 0);
        reset();
        v = -1;
        __asm__ volatile("twlgti %0, 7" : : "r"(v) : "memory");
        check_eq("twlgti -1,7 traps (unsigned compare)", taken, 1);
}

static void test_fp_unavailable(void)
{
        uint64_t at;

        reset();
        mtmsrd(mfmsr() & ~MSR_FP);
        at = RUN_WORD(0xfc000090);      /* fmr f0,f0 */
        check_eq("FP unavailable interrupts", taken, 1);
        check(srr0 == at, "SRR0 is the FP instruction (it is retried)");
        check((srr1 & MSR_FP) == 0, "SRR1 shows MSR[FP] = 0");
        check((mfmsr() & MSR_FP) != 0, "MSR[FP] is on after the handler");
}

int guest_main(void)
{
        exc_set_handler(0x700, on_program);
        exc_set_handler(0x800, on_fp_unavailable);
        test_illegal();
        test_trap();
        test_conditional_trap();
        test_fp_unavailable();
        return 0;
}
