/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The performance monitor (Power ISA 3.0B Book III chapter 9) as far as
 * its outcome is deterministic: MMCR0's reset value, PMC5 (instructions
 * completed) and PMC1 with the instructions event over a loop of known
 * length, counters frozen by MMCR0[FC] and MMCR0[FC56], and a counter
 * reaching 0x80000000 with MMCR0[FCECE].  Cycle counts (PMC6) are not
 * compared: QEMU counts host nanoseconds.  `pmu-isa` (-DPMU_ISA, ppcvmd
 * only) adds what QEMU 7.2 lacks: the performance monitor interrupt and
 * counters that go on counting once negative.
 */
#include "rt/rt.h"

#define SPR_MMCR0       795
#define SPR_MMCR1       798
#define SPR_PMC1        787
#define SPR_PMC5        791

#define MMCR0_FC        0x80000000ull
#define MMCR0_PMAE      0x04000000ull
#define MMCR0_FCECE     0x02000000ull
#define MMCR0_PMCjCE    0x00004000ull
#define MMCR0_PMAO      0x00000080ull
#define MMCR0_FC56      0x00000010ull
#define MMCR1_PMC1_INSNS (0x02ull << 24)

#define mfspr(n) ({ uint64_t v_; __asm__ volatile("mfspr %0," #n : "=r"(v_)); v_; })
#define mtspr(n, v) __asm__ volatile("mtspr " #n ",%0" : : "r"((uint64_t)(v)) : "memory")

/*
 * Counts from the mtspr that unfreezes to the one that freezes: the loop
 * (2 x loops instructions) and the freezing mtspr, which starts while the
 * counters run.  Returns PMC5 and, in *ret_out[0], PMC1.
 */
__asm__(
"       .text\n"
"       .globl  pmu_count_loop\n"
"pmu_count_loop:\n"                     /* r3 = MMCR0 to run with, r4 = loops, r5 = out[2] */
"       li      6,1\n"
"       sldi    6,6,31\n"              /* MMCR0[FC] */
"       mtctr   4\n"
"       mtspr   795,3\n"                /* counters run from here */
"1:     addi    7,7,1\n"
"       bdnz    1b\n"
"       mfspr   8,795\n"                /* MMCR0 before freezing (counted) */
"       b       2f\n"                   /* (counted) QEMU: a new block */
"2:     mtspr   795,6\n"                /* MMCR0 = FC */
"       std     8,8(5)\n"
"       mfspr   3,787\n"
"       std     3,0(5)\n"
"       mfspr   3,791\n"
"       blr\n"
);

/* Returns PMC5; out[0] = PMC1, out[1] = MMCR0 just before freezing. */
uint64_t pmu_count_loop(uint64_t mmcr0, uint64_t loops, uint64_t out[2]);

static void test_reset_value(void)
{
        check_eqx("MMCR0 at boot", mfspr(795), MMCR0_FC);
}

static void test_pmc5_counts_instructions(void)
{
        uint64_t out[2];

        mtspr(787, 0);
        mtspr(791, 0);
        mtspr(798, MMCR1_PMC1_INSNS);
        check_eq("PMC5 after 100 loops", pmu_count_loop(0, 100, out), 202);
        check_eq("PMC1 (event 0x02) after 100 loops", out[0], 202);
        check_eq("PMC5 is frozen by MMCR0[FC]", mfspr(791), 202);
}

static void test_fc56_freezes_pmc5(void)
{
        uint64_t out[2];

        mtspr(787, 0);
        mtspr(791, 7);
        mtspr(798, MMCR1_PMC1_INSNS);
        check_eq("PMC5 with MMCR0[FC56]", pmu_count_loop(MMCR0_FC56, 50, out), 7);
        check_eq("PMC1 with MMCR0[FC56]", out[0], 102);
}

static void test_overflow_freezes(void)
{
        uint64_t out[2];

        mtspr(798, 0);
        mtspr(791, 0x80000000u - 20);
        pmu_count_loop(MMCR0_FCECE | MMCR0_PMCjCE, 100, out);
        check_eqx("PMC5 stops at 0x80000000 with FCECE", mfspr(791), 0x80000000u);
        check_eqx("MMCR0 after PMC5 went negative", out[1], MMCR0_FC | MMCR0_PMCjCE);
}

#ifdef PMU_ISA
static volatile unsigned npmi;
static volatile uint64_t pmi_mmcr0, pmi_srr0, pmi_srr1, pmi_siar;

static void on_perf_monitor(struct rt_regs *r)
{
        npmi = npmi + 1;
        pmi_mmcr0 = mfspr(795);
        pmi_siar = mfspr(796);
        pmi_srr0 = r->srr0;
        pmi_srr1 = r->srr1;
        mtspr(795, MMCR0_FC);           /* and MMCR0[PMAO] = 0 */
}

/*
 * PMC5 becomes negative on the 20th counted instruction, a bdnz (index 5
 * of pmu_count_loop): with MMCR0[PMAE] that is an alert (PMAO=1, PMAE=0,
 * SIAR = the bdnz), FCECE freezes the counters, and the interrupt comes
 * before the next instruction (index 4) with no SRR1 cause bits.
 * QEMU 7.2 never delivers this interrupt (only event-based branches).
 */
static void test_overflow_interrupt(void)
{
        uint64_t out[2], base = (uint64_t)(uintptr_t)pmu_count_loop;

        mtspr(798, 0);
        mtspr(791, 0x80000000u - 20);
        npmi = 0;
        irq_enable();
        pmu_count_loop(MMCR0_PMAE | MMCR0_FCECE | MMCR0_PMCjCE, 100, out);
        irq_disable();
        check_eq("performance monitor interrupts", npmi, 1);
        check_eqx("MMCR0 in the handler", pmi_mmcr0, MMCR0_FC | MMCR0_PMCjCE | MMCR0_PMAO);
        check_eq("SRR0 (insn of pmu_count_loop)", (int64_t)(pmi_srr0 - base) / 4, 4);
        check_eq("SIAR (insn of pmu_count_loop)", (int64_t)(pmi_siar - base) / 4, 5);
        check_eqx("SRR1 cause bits", pmi_srr1 & 0x783f0000u, 0);
        check(pmi_srr1 & MSR_EE, "SRR1[EE] = 1");
        check_eqx("PMC5 afterwards", mfspr(791), 0x80000000u);
}

/* Software may set MMCR0[PMAO] to cause the interrupt. */
static void test_pmao_set_by_software(void)
{
        npmi = 0;
        irq_enable();
        mtspr(795, MMCR0_FC | MMCR0_PMAO);
        __asm__ volatile("isync" : : : "memory");
        irq_disable();
        check_eq("interrupts after mtspr MMCR0[PMAO]", npmi, 1);
}

/* Without FCECE and PMAE a negative counter goes on counting (QEMU 7.2
 * holds it at 0x80000000). */
static void test_counting_past_negative(void)
{
        uint64_t out[2];

        mtspr(798, 0);
        mtspr(791, 0x80000000u - 20);
        pmu_count_loop(MMCR0_PMCjCE, 100, out);
        check_eqx("PMC5 counts on past 0x80000000", mfspr(791), 0x80000000u - 20 + 202);
}
#endif

int guest_main(void)
{
        test_reset_value();
        test_pmc5_counts_instructions();
        test_fc56_freezes_pmc5();
        test_overflow_freezes();
#ifdef PMU_ISA
        exc_set_handler(0xf00, on_perf_monitor);
        test_overflow_interrupt();
        test_pmao_set_by_software();
        test_counting_past_negative();
#endif
        return 0;
}
