/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The performance monitor (pmu.c): counting, freezing, alerts and the
 * performance monitor interrupt through a whole vcpu, and the counters'
 * rules on a bare cpu.  Whole-vcpu tests run code at TVM_CODE that ends
 * in a store to TVM_MMIO + mark (an MMIO exit), the PM vector (0xf00)
 * holding one with mark 0xf00.
 */
#include <pthread.h>

#include "backend_vm.h"
#include "harness.h"
#include "test.h"
#include "vcpu/emu/pmu.h"

#define STOP_HERE   0x800u
#define SRR1_CAUSE  0x783f0000ull

static uint32_t mtspr(unsigned spr, unsigned rs)
{
        return 0x7c0003a6u | rs << 21 | (spr & 0x1fu) << 16 | (spr >> 5) << 11;
}

static uint32_t mfspr(unsigned rt, unsigned spr)
{
        return 0x7c0002a6u | rt << 21 | (spr & 0x1fu) << 16 | (spr >> 5) << 11;
}

static void stop_code(struct tvm *t, uint64_t addr, unsigned mark)
{
        TVM_CODE_AT(t, addr, LIS(9, 0x4000), STW(0, (int)mark, 9));
}

static struct emu_cpu *cpu_of(struct tvm *t)
{
        return &tvm_emu(t, 0)->cpu;
}

/* A vcpu in supervisor state with MSR extra, MMCR0 and MMCR1 set as the
 * host sets them. */
static void setup(struct tvm *t, uint64_t msr, uint64_t mmcr0, uint64_t mmcr1)
{
        tvm_init(t, 1, false);
        stop_code(t, EXC_PERF_MONITOR, EXC_PERF_MONITOR);
        tvm_set_msr_pc(t, 0, MSR_SF | MSR_ME | msr, TVM_CODE);
        CHECK_EQ(emu_spr_set(cpu_of(t), SPR_MMCR1, mmcr1), 0);
        CHECK_EQ(emu_spr_set(cpu_of(t), SPR_MMCR0, mmcr0), 0);
}

/* Ten nops, then the stop: twelve instructions complete. */
static void ten_nops(struct tvm *t)
{
        TVM_CODE_AT(t, TVM_CODE, NOP, NOP, NOP, NOP, NOP, NOP, NOP, NOP, NOP, NOP);
        stop_code(t, TVM_CODE + 40, STOP_HERE);
}

static uint64_t run_to_stop(struct tvm *t)
{
        CHECK_EQ(tvm_run(t, 0), KVM_EXIT_MMIO);
        return t->vcpu[0]->run->mmio.phys_addr - TVM_MMIO;
}

static uint64_t pmc(struct tvm *t, unsigned n)
{
        return cpu_of(t)->spr[SPR_PMC1 + n - 1];
}

TEST(test_mmcr0_starts_with_counters_frozen)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        CHECK_EQ(cpu_of(&t)->spr[SPR_MMCR0], MMCR0_FC);
        CHECK(!cpu_of(&t)->pmu_step);
        tvm_fini(&t);
}

TEST(test_pmc5_counts_instructions_completed)
{
        struct tvm t;

        setup(&t, 0, 0, 0);
        ten_nops(&t);
        CHECK_EQ(run_to_stop(&t), STOP_HERE);
        CHECK_EQ(pmc(&t, 5), 12);
        tvm_fini(&t);
}

TEST(test_pmc6_counts_one_cycle_per_instruction)
{
        struct tvm t;

        setup(&t, 0, 0, 0);
        ten_nops(&t);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 6), 12);
        tvm_fini(&t);
}

TEST(test_fc_freezes_every_counter)
{
        struct tvm t;

        setup(&t, 0, MMCR0_FC, 0x02020202u);
        ten_nops(&t);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 1) | pmc(&t, 2) | pmc(&t, 3) | pmc(&t, 4) | pmc(&t, 5) | pmc(&t, 6), 0);
        tvm_fini(&t);
}

TEST(test_fc56_freezes_pmc5_and_pmc6)
{
        struct tvm t;

        setup(&t, 0, MMCR0_FC56, 0x02000000u);
        ten_nops(&t);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 5) | pmc(&t, 6), 0);
        CHECK_EQ(pmc(&t, 1), 12);
        tvm_fini(&t);
}

TEST(test_pmc1_to_4_count_the_instructions_event_02)
{
        struct tvm t;

        setup(&t, 0, MMCR0_FC56, 0x02020202u);
        ten_nops(&t);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 1) + pmc(&t, 2) + pmc(&t, 3) + pmc(&t, 4), 4 * 12);
        tvm_fini(&t);
}

TEST(test_pmc2_counts_the_cycles_event_1e)
{
        struct tvm t;

        setup(&t, 0, MMCR0_FC56, 0x001e0000u);
        ten_nops(&t);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 2), 12);
        tvm_fini(&t);
}

TEST(test_pmc3_with_an_unknown_event_does_not_count)
{
        struct tvm t;

        setup(&t, 0, 0, 0x00003000u);
        ten_nops(&t);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 3), 0);
        tvm_fini(&t);
}

TEST(test_fc14_freezes_pmc1_to_4_only)
{
        struct tvm t;

        setup(&t, 0, MMCR0_FC14, 0x02020202u);
        ten_nops(&t);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 1) | pmc(&t, 2) | pmc(&t, 3) | pmc(&t, 4), 0);
        CHECK_EQ(pmc(&t, 5), 12);
        tvm_fini(&t);
}

TEST(test_fcs_freezes_in_supervisor_state)
{
        struct tvm t;

        setup(&t, 0, MMCR0_FCS, 0);
        ten_nops(&t);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 5), 0);
        tvm_fini(&t);
}

TEST(test_fcp_does_not_freeze_supervisor_state)
{
        struct tvm t;

        setup(&t, 0, MMCR0_FCP, 0);
        ten_nops(&t);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 5), 12);
        tvm_fini(&t);
}

TEST(test_fcm0_freezes_while_msr_pmm_is_0)
{
        struct tvm t;

        setup(&t, 0, MMCR0_FCM0, 0);
        ten_nops(&t);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 5), 0);
        tvm_fini(&t);
}

TEST(test_fcm1_freezes_while_msr_pmm_is_1)
{
        struct tvm t;

        setup(&t, MSR_PMM, MMCR0_FCM1, 0);
        ten_nops(&t);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 5), 0);
        tvm_fini(&t);
}

TEST(test_mtspr_that_starts_counting_is_not_counted)
{
        struct tvm t;

        setup(&t, 0, MMCR0_FC, 0);
        tvm_set_gpr(&t, 0, 5, 0);
        TVM_CODE_AT(&t, TVM_CODE, mtspr(SPR_MMCR0, 5), NOP, NOP);
        stop_code(&t, TVM_CODE + 12, STOP_HERE);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 5), 4);
        tvm_fini(&t);
}

TEST(test_mtspr_that_stops_counting_is_not_counted)
{
        struct tvm t;

        setup(&t, 0, 0, 0);
        tvm_set_gpr(&t, 0, 5, MMCR0_FC);
        TVM_CODE_AT(&t, TVM_CODE, NOP, NOP, mtspr(SPR_MMCR0, 5));
        stop_code(&t, TVM_CODE + 12, STOP_HERE);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 5), 2);
        tvm_fini(&t);
}

TEST(test_counter_started_while_stepping_counts_from_the_next_instruction)
{
        struct tvm t;

        setup(&t, 0, MMCR0_FC56, 0x02000000u);
        tvm_set_gpr(&t, 0, 5, 0);
        TVM_CODE_AT(&t, TVM_CODE, mtspr(SPR_MMCR0, 5), NOP, NOP);
        stop_code(&t, TVM_CODE + 12, STOP_HERE);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 5), 4);
        CHECK_EQ(pmc(&t, 1), 5);
        tvm_fini(&t);
}

/* In code hot enough to be translated (jit/), the mtspr that starts
 * counting on the 41st pass still makes the next instruction count: that
 * pass counts addi, cmpdi, bne, cmpdi, bne and the stop's lis and stw. */
TEST(test_counting_started_in_hot_code_counts_from_the_next_instruction)
{
        struct tvm t;

        setup(&t, 0, MMCR0_FC, 0);
        tvm_set_gpr(&t, 0, 5, MMCR0_FC);
        tvm_set_gpr(&t, 0, 6, 0);
        TVM_CODE_AT(&t, TVM_CODE, mtspr(SPR_MMCR0, 5), ADDI(3, 3, 1), CMPDI(3, 40), BNE(8),
                    ORI(5, 6, 0) /* r5 = 0 */, CMPDI(3, 41), BNE(-24));
        stop_code(&t, TVM_CODE + 28, STOP_HERE);
        CHECK_EQ(run_to_stop(&t), STOP_HERE);
        CHECK_EQ(pmc(&t, 5), 7);
        tvm_fini(&t);
}

TEST(test_mfspr_pmc5_reads_the_exact_count)
{
        struct tvm t;

        setup(&t, 0, 0, 0);
        TVM_CODE_AT(&t, TVM_CODE, NOP, NOP, NOP, mfspr(3, SPR_PMC5));
        stop_code(&t, TVM_CODE + 16, STOP_HERE);
        run_to_stop(&t);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 3);
        tvm_fini(&t);
}

TEST(test_fcece_freezes_when_a_counter_becomes_negative)
{
        struct tvm t;

        setup(&t, 0, MMCR0_FCECE | MMCR0_PMCJCE, 0);
        cpu_of(&t)->spr[SPR_PMC5] = PMC_NEGATIVE - 3;
        ten_nops(&t);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 5), PMC_NEGATIVE);
        CHECK_EQ(cpu_of(&t)->spr[SPR_MMCR0], MMCR0_FC | MMCR0_PMCJCE);
        tvm_fini(&t);
}

TEST(test_negative_counter_without_condition_enable_keeps_counting)
{
        struct tvm t;

        setup(&t, 0, MMCR0_FCECE | MMCR0_PMAE, 0);
        cpu_of(&t)->spr[SPR_PMC5] = PMC_NEGATIVE - 3;
        ten_nops(&t);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 5), PMC_NEGATIVE - 3 + 12);
        CHECK_EQ(cpu_of(&t)->spr[SPR_MMCR0], MMCR0_FCECE | MMCR0_PMAE);
        tvm_fini(&t);
}

TEST(test_pmc1ce_enables_only_pmc1)
{
        struct tvm t;

        setup(&t, 0, MMCR0_FCECE | MMCR0_PMC1CE, 0);
        cpu_of(&t)->spr[SPR_PMC5] = PMC_NEGATIVE - 3;
        ten_nops(&t);
        run_to_stop(&t);
        CHECK_EQ(cpu_of(&t)->spr[SPR_MMCR0], MMCR0_FCECE | MMCR0_PMC1CE);
        tvm_fini(&t);
}

TEST(test_counter_wraps_at_32_bits)
{
        struct tvm t;

        setup(&t, 0, 0, 0);
        cpu_of(&t)->spr[SPR_PMC5] = 0xfffffffeull;
        ten_nops(&t);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 5), 10);
        tvm_fini(&t);
}

TEST(test_alert_sets_pmao_clears_pmae_and_sets_siar)
{
        struct tvm t;

        setup(&t, 0, MMCR0_PMAE | MMCR0_PMCJCE | MMCR0_FCECE, 0);
        cpu_of(&t)->spr[SPR_PMC5] = PMC_NEGATIVE - 3;
        ten_nops(&t);
        CHECK_EQ(run_to_stop(&t), STOP_HERE);          /* MSR[EE] = 0: no interrupt */
        CHECK_EQ(cpu_of(&t)->spr[SPR_MMCR0], MMCR0_FC | MMCR0_PMCJCE | MMCR0_PMAO);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SIAR], TVM_CODE + 8);
        tvm_fini(&t);
}

TEST(test_pm_interrupt_follows_the_alerting_instruction)
{
        struct tvm t;

        setup(&t, MSR_EE, MMCR0_PMAE | MMCR0_PMCJCE | MMCR0_FCECE, 0);
        cpu_of(&t)->spr[SPR_PMC5] = PMC_NEGATIVE - 3;
        ten_nops(&t);
        CHECK_EQ(run_to_stop(&t), EXC_PERF_MONITOR);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR0], TVM_CODE + 12);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR1], MSR_SF | MSR_ME | MSR_EE);
        tvm_fini(&t);
}

TEST(test_pmao_set_by_mtspr_interrupts_when_ee_is_on)
{
        struct tvm t;

        setup(&t, MSR_EE, MMCR0_FC, 0);
        tvm_set_gpr(&t, 0, 5, MMCR0_FC | MMCR0_PMAO);
        TVM_CODE_AT(&t, TVM_CODE, mtspr(SPR_MMCR0, 5), NOP);
        stop_code(&t, TVM_CODE + 8, STOP_HERE);
        CHECK_EQ(run_to_stop(&t), EXC_PERF_MONITOR);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR0], TVM_CODE + 4);
        tvm_fini(&t);
}

TEST(test_pending_alert_interrupts_once_mtmsrd_sets_ee)
{
        struct tvm t;

        setup(&t, 0, MMCR0_FC | MMCR0_PMAO, 0);
        tvm_set_gpr(&t, 0, 5, MSR_SF | MSR_ME | MSR_EE);
        TVM_CODE_AT(&t, TVM_CODE, NOP, 0x7c000164u | 5u << 21 /* mtmsrd r5 */, NOP);
        stop_code(&t, TVM_CODE + 12, STOP_HERE);
        CHECK_EQ(run_to_stop(&t), EXC_PERF_MONITOR);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR0], TVM_CODE + 8);
        tvm_fini(&t);
}

TEST(test_pm_interrupt_has_no_srr1_cause_bits)
{
        struct tvm t;

        setup(&t, MSR_EE, MMCR0_FC | MMCR0_PMAO, 0);
        ten_nops(&t);
        CHECK_EQ(run_to_stop(&t), EXC_PERF_MONITOR);
        CHECK_EQ(cpu_of(&t)->spr[SPR_SRR1] & SRR1_CAUSE, 0);
        tvm_fini(&t);
}

TEST(test_clearing_pmao_leaves_step_mode)
{
        struct tvm t;

        setup(&t, 0, MMCR0_FC | MMCR0_PMAO, 0);
        CHECK(cpu_of(&t)->pmu_step);
        CHECK_EQ(emu_spr_set(cpu_of(&t), SPR_MMCR0, MMCR0_FC), 0);
        CHECK(!cpu_of(&t)->pmu_step);
        tvm_fini(&t);
}

TEST(test_mmcr2_fcs_freezes_one_counter_in_supervisor_state)
{
        struct tvm t;

        setup(&t, 0, 0, 0x02020000u);
        cpu_of(&t)->spr[SPR_MMCR2] = MMCR2_FCS(2);
        ten_nops(&t);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 2), 0);
        CHECK_EQ(pmc(&t, 1), 12);
        tvm_fini(&t);
}

TEST(test_mmcr2_fcp_does_not_freeze_supervisor_state)
{
        struct tvm t;

        setup(&t, 0, 0, 0);
        cpu_of(&t)->spr[SPR_MMCR2] = MMCR2_FCP(5);
        ten_nops(&t);
        run_to_stop(&t);
        CHECK_EQ(pmc(&t, 5), 12);
        tvm_fini(&t);
}

static void *kick_later(void *arg)
{
        struct tvm *t = arg;

        tvm_sleep_ms(20);
        t->ops->kick(t->vcpu[0]);
        return NULL;
}

/* The step loop notices a kick as the block loop does. */
TEST(test_kick_stops_a_vcpu_that_counts)
{
        struct tvm t;
        pthread_t th;

        setup(&t, 0, 0, 0);
        TVM_CODE_AT(&t, TVM_CODE, B(0));
        pthread_create(&th, NULL, kick_later, &t);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_INTR);
        pthread_join(th, NULL);
        CHECK_EQ(tvm_regs(&t, 0).pc, TVM_CODE);
        CHECK(pmc(&t, 5) > 0);
        tvm_fini(&t);
}

/* ---- problem-state access (MMCR0[PMCC]), on a bare cpu ---- */

#define SPR_UPMC5   775
#define SPR_UMMCR1  782
#define USER_MSR    (MSR_SF | MSR_PR | MSR_EE | MSR_IR | MSR_DR | MSR_ME)
#define SRR1_ILLEGAL 0x00080000ull
#define FSCR_IC_PM  (3ull << 56)

static void user_cpu(struct emu_test *t, unsigned pmcc)
{
        emu_test_init(t, 1 << 16);
        t->cpu.msr = USER_MSR;
        t->cpu.spr[SPR_MMCR0] = MMCR0_FC | (uint64_t)pmcc << MMCR0_PMCC_SHIFT;
        t->cpu.spr[SPR_PMC5] = 42;
}

TEST(test_problem_state_reads_pmc5_with_pmcc_00)
{
        struct emu_test t;

        user_cpu(&t, 0);
        CHECK_EQ(emu_test_step(&t, mfspr(3, SPR_UPMC5)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 42);
        emu_test_fini(&t);
}

TEST(test_problem_state_write_with_pmcc_00_is_illegal)
{
        struct emu_test t;

        user_cpu(&t, 0);
        emu_test_step(&t, mtspr(SPR_UPMC5, 3));
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR1] & SRR1_CAUSE, SRR1_ILLEGAL);
        emu_test_fini(&t);
}

TEST(test_problem_state_pmc5_with_pmcc_11_is_facility_unavailable)
{
        struct emu_test t;

        user_cpu(&t, 3);
        emu_test_step(&t, mfspr(3, SPR_UPMC5));
        CHECK_EQ(t.cpu.nip, EXC_FAC_UNAVAILABLE);
        CHECK_EQ(t.cpu.spr[SPR_FSCR] & (0xffull << 56), FSCR_IC_PM);
        emu_test_fini(&t);
}

TEST(test_problem_state_writes_pmc5_with_pmcc_10)
{
        struct emu_test t;

        user_cpu(&t, 2);
        t.cpu.gpr[3] = 7;
        CHECK_EQ(emu_test_step(&t, mtspr(SPR_UPMC5, 3)), EMU_NEXT);
        CHECK_EQ(t.cpu.spr[SPR_PMC5], 7);
        emu_test_fini(&t);
}

TEST(test_problem_state_cannot_write_mmcr1)
{
        struct emu_test t;

        user_cpu(&t, 2);
        emu_test_step(&t, mtspr(SPR_UMMCR1, 3));
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        emu_test_fini(&t);
}

/* ---- counting rules, on a bare cpu ---- */

TEST(test_pmc4_run_instructions_event_needs_ctrl_run)
{
        struct emu_test t;

        emu_test_init(&t, 1 << 16);
        t.cpu.spr[SPR_MMCR0] = MMCR0_FC56;
        t.cpu.spr[SPR_MMCR1] = 0xfa;
        CHECK_EQ(emu_pmu_counting(&t.cpu), 0);
        t.cpu.spr[SPR_CTRL_R] = 1;
        CHECK_EQ(emu_pmu_counting(&t.cpu), 1u << 3);
        emu_test_fini(&t);
}

TEST(test_fcp_freezes_problem_state)
{
        struct emu_test t;

        emu_test_init(&t, 1 << 16);
        t.cpu.spr[SPR_MMCR0] = MMCR0_FCP;
        t.cpu.msr = USER_MSR;
        CHECK_EQ(emu_pmu_counting(&t.cpu), 0);
        emu_test_fini(&t);
}

TEST(test_mmcr2_fcp_freezes_one_counter_in_problem_state)
{
        struct emu_test t;

        emu_test_init(&t, 1 << 16);
        t.cpu.spr[SPR_MMCR0] = MMCR0_FC14;
        t.cpu.spr[SPR_MMCR2] = MMCR2_FCP(6);
        t.cpu.msr = USER_MSR;
        CHECK_EQ(emu_pmu_counting(&t.cpu), 1u << 4);
        emu_test_fini(&t);
}
