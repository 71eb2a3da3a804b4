/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The trace interrupt (0xd00): single-step (MSR[SE]) and branch trace
 * (MSR[BE]) through a whole vcpu, as trace.c describes them.  Each test
 * puts code at TVM_CODE and, at the vectors it may reach, a store to
 * TVM_MMIO + vector, so the run stops with an MMIO exit naming the
 * vector; the state at that point is the interrupt's.
 */
#include "backend_vm.h"
#include "test.h"

#define SRR1_TRACE       0x40000000ull   /* bit 33 */
#define SRR1_TRACE_LOAD  0x10000000ull   /* bit 35 */
#define SRR1_TRACE_STORE 0x08000000ull   /* bit 36 */
#define SRR1_CAUSE       0x783f0000ull
#define SPR_SIAR         796

#define MTMSRD(rs)  (0x7c000164u | (uint32_t)(rs) << 21)
#define RFID        0x4c000024u
#define ILLEGAL     0x00000000u

/* At addr: r9 = TVM_MMIO, store to TVM_MMIO + mark (an MMIO exit). */
static void stop_code(struct tvm *t, uint64_t addr, unsigned mark)
{
        TVM_CODE_AT(t, addr, LIS(9, 0x4000), STW(0, (int)mark, 9));
}

static void setup(struct tvm *t, uint64_t msr)
{
        tvm_init(t, 1, false);
        stop_code(t, 0x700, 0x700);
        stop_code(t, 0xc00, 0xc00);
        stop_code(t, EXC_TRACE, EXC_TRACE);
        tvm_set_msr_pc(t, 0, MSR_SF | MSR_ME | msr, TVM_CODE);
}

/* Runs to the next stop; returns its mark (the vector it stopped at). */
static uint64_t run_to_stop(struct tvm *t)
{
        CHECK_EQ(tvm_run(t, 0), KVM_EXIT_MMIO);
        return t->vcpu[0]->run->mmio.phys_addr - TVM_MMIO;
}

static struct emu_cpu *cpu_of(struct tvm *t)
{
        return &tvm_emu(t, 0)->cpu;
}

TEST(test_single_step_traces_after_the_instruction_srr0_next)
{
        struct tvm t;

        setup(&t, MSR_SE);
        TVM_CODE_AT(&t, TVM_CODE, ADDI(3, 3, 7));
        CHECK_EQ(run_to_stop(&t), EXC_TRACE);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 7);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR0], TVM_CODE + 4);
        tvm_fini(&t);
}

TEST(test_single_step_srr1_sets_bit_33_and_copies_msr)
{
        struct tvm t;

        setup(&t, MSR_SE);
        TVM_CODE_AT(&t, TVM_CODE, ADDI(3, 3, 7));
        run_to_stop(&t);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR1], MSR_SF | MSR_ME | MSR_SE | SRR1_TRACE);
        tvm_fini(&t);
}

TEST(test_trace_interrupt_clears_se_in_the_new_msr)
{
        struct tvm t;

        setup(&t, MSR_SE);
        TVM_CODE_AT(&t, TVM_CODE, ADDI(3, 3, 7));
        run_to_stop(&t);
        CHECK_EQ(cpu_of(&t)->msr, MSR_SF | MSR_ME);
        tvm_fini(&t);
}

TEST(test_trace_sets_siar_to_the_traced_instruction)
{
        struct tvm t;

        setup(&t, MSR_SE);
        TVM_CODE_AT(&t, TVM_CODE, NOP, ADDI(3, 3, 7));
        tvm_set_msr_pc(&t, 0, MSR_SF | MSR_ME | MSR_SE, TVM_CODE + 4);
        run_to_stop(&t);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SIAR], TVM_CODE + 4);
        tvm_fini(&t);
}

TEST(test_single_step_load_sets_srr1_bit_35)
{
        struct tvm t;

        setup(&t, MSR_SE);
        TVM_CODE_AT(&t, TVM_CODE, LD(4, 0x100, 0));
        run_to_stop(&t);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR1] & SRR1_CAUSE, SRR1_TRACE | SRR1_TRACE_LOAD);
        tvm_fini(&t);
}

TEST(test_single_step_store_sets_srr1_bit_36)
{
        struct tvm t;

        setup(&t, MSR_SE);
        TVM_CODE_AT(&t, TVM_CODE, STD(4, 0x100, 0));
        run_to_stop(&t);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR1] & SRR1_CAUSE, SRR1_TRACE | SRR1_TRACE_STORE);
        tvm_fini(&t);
}

TEST(test_single_step_li_is_not_a_load)
{
        struct tvm t;

        setup(&t, MSR_SE);
        TVM_CODE_AT(&t, TVM_CODE, LI(4, 1));
        run_to_stop(&t);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR1] & SRR1_CAUSE, SRR1_TRACE);
        tvm_fini(&t);
}

TEST(test_single_step_taken_branch_srr0_is_the_target)
{
        struct tvm t;

        setup(&t, MSR_SE);
        TVM_CODE_AT(&t, TVM_CODE, B(0x40));
        CHECK_EQ(run_to_stop(&t), EXC_TRACE);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR0], TVM_CODE + 0x40);
        tvm_fini(&t);
}

TEST(test_branch_trace_skips_non_branches)
{
        struct tvm t;

        setup(&t, MSR_BE);
        TVM_CODE_AT(&t, TVM_CODE, ADDI(3, 3, 1), ADDI(3, 3, 1), B(0x40));
        CHECK_EQ(run_to_stop(&t), EXC_TRACE);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 2);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR0], TVM_CODE + 8 + 0x40);
        tvm_fini(&t);
}

TEST(test_branch_trace_traces_a_not_taken_branch)
{
        struct tvm t;

        setup(&t, MSR_BE);
        TVM_CODE_AT(&t, TVM_CODE, CMPDI(3, 0), BNE(0x40));
        CHECK_EQ(run_to_stop(&t), EXC_TRACE);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR0], TVM_CODE + 8);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SIAR], TVM_CODE + 4);
        tvm_fini(&t);
}

TEST(test_single_step_traces_the_mtmsrd_that_clears_se)
{
        struct tvm t;

        setup(&t, MSR_SE);
        tvm_set_gpr(&t, 0, 5, MSR_SF | MSR_ME);
        TVM_CODE_AT(&t, TVM_CODE, MTMSRD(5), NOP);
        CHECK_EQ(run_to_stop(&t), EXC_TRACE);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR0], TVM_CODE + 4);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR1], MSR_SF | MSR_ME | SRR1_TRACE);
        tvm_fini(&t);
}

TEST(test_mtmsrd_setting_se_traces_from_the_next_instruction)
{
        struct tvm t;

        setup(&t, 0);
        tvm_set_gpr(&t, 0, 5, MSR_SF | MSR_ME | MSR_SE);
        TVM_CODE_AT(&t, TVM_CODE, MTMSRD(5), ADDI(3, 3, 1), ADDI(3, 3, 1));
        CHECK_EQ(run_to_stop(&t), EXC_TRACE);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR0], TVM_CODE + 8);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 1);
        tvm_fini(&t);
}

TEST(test_single_step_never_traces_rfid)
{
        struct tvm t;

        setup(&t, MSR_SE);
        cpu_of(&t)->spr[SPR_SRR0] = 0x2000;
        cpu_of(&t)->spr[SPR_SRR1] = MSR_SF | MSR_ME | MSR_SE;
        TVM_CODE_AT(&t, TVM_CODE, RFID);
        TVM_CODE_AT(&t, 0x2000, ADDI(3, 3, 1));
        CHECK_EQ(run_to_stop(&t), EXC_TRACE);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR0], 0x2004);
        tvm_fini(&t);
}

TEST(test_single_step_sc_is_not_traced)
{
        struct tvm t;

        setup(&t, MSR_SE);
        TVM_CODE_AT(&t, TVM_CODE, SC(0));
        CHECK_EQ(run_to_stop(&t), 0xc00);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR0], TVM_CODE + 4);
        tvm_fini(&t);
}

TEST(test_single_step_instruction_that_interrupts_is_not_traced)
{
        struct tvm t;

        setup(&t, MSR_SE);
        TVM_CODE_AT(&t, TVM_CODE, ILLEGAL);
        CHECK_EQ(run_to_stop(&t), 0x700);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR0], TVM_CODE);
        tvm_fini(&t);
}

TEST(test_single_step_mmio_load_is_traced_once_completed)
{
        struct tvm t;

        setup(&t, MSR_SE);
        tvm_set_gpr(&t, 0, 9, TVM_MMIO);
        TVM_CODE_AT(&t, TVM_CODE, LWZ(4, 0x10, 9));
        CHECK_EQ(run_to_stop(&t), 0x10);
        memcpy(t.vcpu[0]->run->mmio.data, "\x12\x34\x56\x78", 4);
        CHECK_EQ(run_to_stop(&t), EXC_TRACE);
        CHECK_EQ(tvm_gpr(&t, 0, 4), 0x12345678);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR0], TVM_CODE + 4);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR1] & SRR1_CAUSE, SRR1_TRACE | SRR1_TRACE_LOAD);
        tvm_fini(&t);
}

TEST(test_trace_comes_before_a_performance_monitor_alert)
{
        struct tvm t;

        setup(&t, MSR_SE | MSR_EE);
        stop_code(&t, EXC_PERF_MONITOR, EXC_PERF_MONITOR);
        cpu_of(&t)->spr[791] = 0x7fffffffu;                    /* PMC5 */
        CHECK_EQ(emu_spr_set(cpu_of(&t), 795, 0x06004000u), 0); /* MMCR0 PMAE FCECE PMCjCE */
        TVM_CODE_AT(&t, TVM_CODE, NOP);
        CHECK_EQ(run_to_stop(&t), EXC_TRACE);
        CHECK_EQ(cpu_of(&t)->spr[795] & 0x80u, 0x80u);          /* MMCR0[PMAO] */
        tvm_fini(&t);
}

/* In code hot enough to be translated (jit/), an mtmsrd that sets SE still
 * traces the very next instruction: r5 gains SE on the 40th pass. */
TEST(test_mtmsrd_setting_se_in_hot_code_traces_the_next_instruction)
{
        struct tvm t;
        const uint32_t or_r5_r5_r6 = 31u << 26 | 5u << 21 | 5u << 16 | 6u << 11 | 444u << 1;

        setup(&t, 0);
        tvm_set_gpr(&t, 0, 5, MSR_SF | MSR_ME);
        tvm_set_gpr(&t, 0, 6, MSR_SE);
        TVM_CODE_AT(&t, TVM_CODE, MTMSRD(5), ADDI(3, 3, 1), CMPDI(3, 40), BNE(8),
                    or_r5_r5_r6, B(-20));
        CHECK_EQ(run_to_stop(&t), EXC_TRACE);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR0], TVM_CODE + 8);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 41);
        tvm_fini(&t);
}
