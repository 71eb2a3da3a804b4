/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Trace interrupts (0xd00, Power ISA 3.0B Book III 6.5.15): single-step
 * (MSR[SE]) and branch trace (MSR[BE]) over a short sequence with a
 * not-taken and a taken branch, a load, a store, an sc, a trap and the
 * mtmsrd that ends tracing.  Each trace interrupt is printed as the index of
 * the instruction SRR0 names (the next one to execute) and SRR1's
 * interrupt-specific bits 33:36 and 42:47.
 *
 * QEMU 7.2 differs from the ISA in SRR1 and SIAR, so the guest is built
 * twice: `trace` prints only what both agree on and is compared with QEMU;
 * `trace-isa` (-DTRACE_ISA, ppcvmd only) also checks SRR1[33] = 1 for
 * every trace interrupt, SRR1[35] = 1 after a load and SRR1[36] = 1 after
 * a store (QEMU: all 0), and SIAR = the traced instruction (QEMU 7.2
 * leaves SIAR alone).
 */
#include "rt/rt.h"

#define MSR_SE          (1ull << 10)
#define MSR_BE          (1ull << 9)
#define SRR1_CAUSE      0x783f0000ull

/*
 * The traced code: r3 points at two doublewords.  Index of each
 * instruction from trace_se (and trace_be) in the comments.
 */
__asm__(
"       .text\n"
"       .globl  trace_se\n"
"trace_se:\n"
"       mfmsr   9\n"                    /* 0 */
"       ori     10,9,0x400\n"           /* 1: MSR[SE] */
"       li      4,0\n"                  /* 2 */
"       mtmsrd  10\n"                   /* 3: tracing starts after it */
"       addi    4,4,1\n"                /* 4 */
"       cmpdi   4,0\n"                  /* 5 */
"       beq     1f\n"                   /* 6: not taken */
"       b       2f\n"                   /* 7: taken */
"1:     trap\n"                         /* 8: never reached */
"2:     ld      5,0(3)\n"               /* 9: load */
"       std     5,8(3)\n"               /* 10: store */
"       li      0,0\n"                  /* 11 */
"       sc\n"                           /* 12: system call, never traced */
"       nop\n"                          /* 13 */
"       tw      31,0,0\n"               /* 14: traps: not traced, skipped */
"       nop\n"                          /* 15: after the trap */
"       mtmsrd  9\n"                    /* 16: clears MSR[SE], traced */
"       nop\n"                          /* 17 */
"       blr\n"                          /* 18 */
"       .globl  trace_be\n"
"trace_be:\n"
"       mfmsr   9\n"                    /* 0 */
"       ori     10,9,0x200\n"           /* 1: MSR[BE] */
"       li      4,0\n"                  /* 2 */
"       mtmsrd  10\n"                   /* 3 */
"       addi    4,4,1\n"                /* 4: not a branch */
"       cmpdi   4,0\n"                  /* 5 */
"       beq     1f\n"                   /* 6: not taken */
"       b       2f\n"                   /* 7: taken */
"1:     trap\n"                         /* 8 */
"2:     ld      5,0(3)\n"               /* 9 */
"       mtmsrd  9\n"                    /* 10 */
"       nop\n"                          /* 11 */
"       blr\n"                          /* 12 */
);

void trace_se(uint64_t *buf);
void trace_be(uint64_t *buf);

#define MAX_EVENTS 32
#define SPR_SIAR   796
#define SRR1_TRACE       (1ull << 30)   /* bit 33 */
#define SRR1_TRACE_LOAD  (1ull << 28)   /* bit 35 */
#define SRR1_TRACE_STORE (1ull << 27)   /* bit 36 */

static volatile unsigned nevents, nsyscalls, ntraps;
static uint64_t event_srr0[MAX_EVENTS], event_srr1[MAX_EVENTS], event_siar[MAX_EVENTS];

static void on_trace(struct rt_regs *r)
{
        uint64_t siar;

        __asm__ volatile("mfspr %0,796" : "=r"(siar));
        if (nevents < MAX_EVENTS) {
                event_srr0[nevents] = r->srr0;
                event_srr1[nevents] = r->srr1;
                event_siar[nevents] = siar;
        }
        nevents = nevents + 1;
}

static void on_syscall(struct rt_regs *r)
{
        nsyscalls = nsyscalls + 1;
}

static void on_program(struct rt_regs *r)
{
        ntraps = ntraps + 1;
        r->srr0 += 4;
}

/*
 * Prints the `expected` trace interrupts and checks there were that many;
 * the ISA build also checks their SRR1 bits and SIAR.  load_at/store_at:
 * which interrupts follow the load and the store (-1: none).
 */
static void print_events(const char *what, uint64_t base, unsigned expected,
                         int load_at, int store_at)
{
        check_eq(what, nevents, expected);
        for (unsigned i = 0; i < expected && i < MAX_EVENTS; i++)
                printf("  %s %u: SRR0 = insn %ld, SRR1[SE,BE] = %#lx\n", what, i,
                       (long)(event_srr0[i] - base) / 4,
                       (unsigned long)(event_srr1[i] & (MSR_SE | MSR_BE)));
#ifdef TRACE_ISA
        for (unsigned i = 0; i < expected && i < MAX_EVENTS; i++) {
                uint64_t bits = SRR1_TRACE | ((int)i == load_at ? SRR1_TRACE_LOAD : 0) |
                                ((int)i == store_at ? SRR1_TRACE_STORE : 0);
                printf("  %s %u: SRR1[33:36,42:47] = %#lx\n", what, i,
                       (unsigned long)(event_srr1[i] & SRR1_CAUSE));
                if ((event_srr1[i] & SRR1_CAUSE) != bits)
                        check(false, "%s %u: SRR1 bits %#lx", what, i, (unsigned long)bits);
        }
        check(event_siar[1] == event_srr0[0], "%s: SIAR is the traced instruction", what);
#endif
}

int guest_main(void)
{
        static uint64_t buf[2] = { 0x1234, 0 };

        exc_set_handler(0xd00, on_trace);
        exc_set_handler(0xc00, on_syscall);
        exc_set_handler(0x700, on_program);

        nevents = 0;
        trace_se(buf);
        print_events("single-step traces", (uint64_t)(uintptr_t)trace_se, 10, 4, 5);
        check_eq("system calls during single-step", nsyscalls, 1);
        check_eq("traps during single-step", ntraps, 1);
        check_eqx("the traced store stored", buf[1], 0x1234);

        nevents = 0;
        trace_be(buf);
        print_events("branch traces", (uint64_t)(uintptr_t)trace_be, 2, -1, -1);
        check((mfmsr() & (MSR_SE | MSR_BE)) == 0, "MSR[SE, BE] are off afterwards");
        return 0;
}
