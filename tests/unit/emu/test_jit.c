/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The block translator's own edges, through vcpu_emu_ops as the machine
 * runs guests: every block is translated on its first entry
 * (PPCVMD_EMU_JIT_HOT=1, set before each vcpu is made), so the code below
 * runs as translated blocks on x86-64 hosts and interpreted elsewhere,
 * with the same results.  Instruction counts are exact: the bench's MIPS
 * and the PMU rely on them.
 */
#include <pthread.h>
#include <stdlib.h>

#include "backend_vm.h"
#include "harness.h"
#include "test.h"

#define TW_ALWAYS          0x7fe00008u                     /* tw 31,0,0 */
#define MTCTR(rs)          (0x7c0903a6u | (uint32_t)(rs) << 21)
#define BDNZ(off)          (16u << 26 | 16u << 21 | ((uint32_t)(off) & 0xfffcu))
#define BL(off)            (18u << 26 | ((uint32_t)(off) & 0x03fffffcu) | 1u)
#define BLR                0x4e800020u
#define CMPW(bf, ra, rb)   (31u << 26 | (uint32_t)(bf) << 23 | (uint32_t)(ra) << 16 | (uint32_t)(rb) << 11)
#define AND_RC(ra, rs, rb) (31u << 26 | (uint32_t)(rs) << 21 | (uint32_t)(ra) << 16 | \
                            (uint32_t)(rb) << 11 | 28u << 1 | 1u)
#define SRAWI(ra, rs, sh)  (31u << 26 | (uint32_t)(rs) << 21 | (uint32_t)(ra) << 16 | \
                            (uint32_t)(sh) << 11 | 824u << 1)
#define LWBRX(rt, ra, rb)  (31u << 26 | (uint32_t)(rt) << 21 | (uint32_t)(ra) << 16 | \
                            (uint32_t)(rb) << 11 | 534u << 1)
#define STD_R3_MMIO        LIS(9, 0x4000), STD(3, 0, 9)

/* tvm_init with blocks translated on their first entry.  (Not from a
 * constructor: setenv there breaks static ppc64le builds under qemu-user.) */
static void jit_tvm_init(struct tvm *t, unsigned nvcpus, bool le)
{
        setenv("PPCVMD_EMU_JIT_HOT", "1", 1);
        tvm_init(t, nvcpus, le);
}

static uint64_t insns(struct tvm *t)
{
        struct vcpu_stats st;

        t->ops->get_stats(t->vcpu[0], &st);
        return st.instructions;
}

#if defined(__x86_64__)
TEST(test_jit_translates_blocks_on_x86_64)
{
        struct tvm t;

        jit_tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, LI(3, 4), STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK(tvm_emu(&t, 0)->icache.jit != NULL);
        tvm_fini(&t);
}
#endif

TEST(test_jit_off_switch_runs_the_interpreter)
{
        struct tvm t;

        setenv("PPCVMD_EMU_JIT", "0", 1);
        jit_tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, LI(3, 4), STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        unsetenv("PPCVMD_EMU_JIT");
        CHECK(tvm_emu(&t, 0)->icache.jit == NULL);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 4);
        tvm_fini(&t);
}

/* The block runs to the last slot of its page; the next page's code runs
 * after it and the count has no page-end slot in it. */
TEST(test_block_ending_at_a_page_end_continues_on_the_next_page)
{
        struct tvm t;

        jit_tvm_init(&t, 1, false);
        tvm_set_msr_pc(&t, 0, MSR_SF | MSR_ME, 0x1ff4);
        TVM_CODE_AT(&t, 0x1ff4, LI(3, 1), ADDI(3, 3, 2), ADDI(3, 3, 4), ADDI(3, 3, 8), STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 15);
        CHECK_EQ(tvm_regs(&t, 0).pc, 0x200c);
        CHECK_EQ(insns(&t), 6);
        tvm_fini(&t);
}

/* tw raises the program interrupt from a handler call in the middle of a
 * block: SRR0 is the tw, the rest of the block never runs. */
TEST(test_fallback_returning_jump_mid_block_leaves_with_exact_nip_and_count)
{
        struct tvm t;

        jit_tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, EXC_PROGRAM, STD_R3_MMIO);
        TVM_CODE_AT(&t, TVM_CODE, LI(3, 1), LI(4, 2), TW_ALWAYS, LI(5, 3), STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_regs(&t, 0).srr0, TVM_CODE + 8);
        CHECK_EQ(tvm_regs(&t, 0).pc, EXC_PROGRAM + 8);
        CHECK_EQ(tvm_gpr(&t, 0, 5), 0);
        CHECK_EQ(insns(&t), 3 + 2);
        tvm_fini(&t);
}

/* lwbrx has no template: its handler makes the MMIO exit mid-block. */
TEST(test_fallback_returning_exit_mid_block_resumes_after_it)
{
        struct tvm t;

        jit_tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, LI(3, 1), LIS(9, 0x4000), LWBRX(4, 0, 9), LI(3, 2), STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(t.vcpu[0]->run->mmio.is_write, 0);
        CHECK_EQ(tvm_regs(&t, 0).pc, TVM_CODE + 12);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 1);
        CHECK_EQ(insns(&t), 3);
        tvm_fini(&t);
}

/* A translated store leaves RAM: the exit carries the data, nip is past
 * the store and the instructions after it have not run. */
TEST(test_mmio_store_mid_block_exits_after_the_store)
{
        struct tvm t;

        jit_tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, LI(3, 5), LIS(9, 0x4000), STW(3, 4, 9), LI(3, 7), STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(t.vcpu[0]->run->mmio.phys_addr, TVM_MMIO + 4);
        CHECK_EQ(t.vcpu[0]->run->mmio.data[3], 5);
        CHECK_EQ(tvm_regs(&t, 0).pc, TVM_CODE + 12);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 5);
        CHECK_EQ(insns(&t), 3);
        tvm_fini(&t);
}

/* With MSR[DR] set and no page table, the load's template calls its
 * handler, which raises the data storage interrupt: SRR0 is the load, DAR
 * its EA, its target keeps its old value, the rest of the block never runs. */
TEST(test_load_fault_mid_block_raises_the_interrupt_at_the_load)
{
        struct tvm t;

        jit_tvm_init(&t, 1, false);
        for (uint64_t v = EXC_SYSTEM_RESET; v < TVM_CODE; v += 0x80)
                TVM_CODE_AT(&t, v, STD_R3_MMIO);
        tvm_set_msr_pc(&t, 0, MSR_SF | MSR_ME | MSR_DR, TVM_CODE);
        tvm_set_gpr(&t, 0, 5, 0x55);
        tvm_set_gpr(&t, 0, 6, 0x8000);
        TVM_CODE_AT(&t, TVM_CODE, LI(3, 9), LD(5, 8, 6), LI(3, 10), STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_regs(&t, 0).pc, EXC_DATA_STORAGE + 8);
        CHECK_EQ(tvm_regs(&t, 0).srr0, TVM_CODE + 4);
        CHECK_EQ(tvm_emu(&t, 0)->cpu.spr[SPR_DAR], 0x8008);
        CHECK_EQ(tvm_gpr(&t, 0, 5), 0x55);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 9);
        CHECK_EQ(insns(&t), 2 + 2);
        tvm_fini(&t);
}

/* The loop's translated block patches its own first instruction; after
 * isync the second pass runs the new one (adds 100, not 1). */
TEST(test_self_modifying_code_takes_effect_after_isync)
{
        struct tvm t;

        jit_tvm_init(&t, 1, false);
        tvm_set_gpr(&t, 0, 6, ADDI(3, 3, 100));
        tvm_set_gpr(&t, 0, 8, TVM_CODE + 8);
        TVM_CODE_AT(&t, TVM_CODE,
                    LI(3, 0), LI(7, 0),
                    ADDI(3, 3, 1),                 /* 0x1008: patched */
                    ADDI(7, 7, 1), CMPDI(7, 2), BEQ(16),
                    STW(6, 0, 8), ISYNC, B(-24),
                    STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 101);
        tvm_fini(&t);
}

struct kicker {
        struct tvm *t;
        unsigned ms;
};

static void *kick_later(void *arg)
{
        struct kicker *k = arg;

        tvm_sleep_ms(k->ms);
        k->t->ops->kick(k->t->vcpu[0]);
        return NULL;
}

/* Two blocks jumping to each other never return to the C loop on their
 * own: the request check in the chained jump must see the kick. */
TEST(test_kick_interrupts_a_chained_loop)
{
        struct tvm t;
        pthread_t th;
        struct kicker k = { &t, 20 };

        jit_tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, ADDI(3, 3, 1), B(8), NOP, ADDI(4, 4, 1), B(-16));
        pthread_create(&th, NULL, kick_later, &k);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_INTR);
        pthread_join(th, NULL);
        /* Stopped between blocks, with every completed pass counted. */
        CHECK(tvm_regs(&t, 0).pc == TVM_CODE || tvm_regs(&t, 0).pc == TVM_CODE + 12);
        CHECK_EQ(insns(&t), 2 * tvm_gpr(&t, 0, 3) + 2 * tvm_gpr(&t, 0, 4));
        tvm_fini(&t);
}

TEST(test_bdnz_loop_counts_ctr_down_to_zero)
{
        struct tvm t;

        jit_tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, LI(3, 0), LI(4, 50), MTCTR(4),
                    ADDI(3, 3, 2), BDNZ(-4), STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 100);
        CHECK_EQ(tvm_regs(&t, 0).ctr, 0);
        CHECK_EQ(insns(&t), 3 + 2 * 50 + 2);
        tvm_fini(&t);
}

/* bl into a function of the same page and blr back: LR, CFAR and the
 * result of the code on both sides. */
TEST(test_call_and_return_within_a_page)
{
        struct tvm t;

        jit_tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, LI(3, 1), BL(16), ADDI(3, 3, 10), STD_R3_MMIO,
                    ADDI(3, 3, 100), BLR);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 111);
        CHECK_EQ(tvm_regs(&t, 0).lr, TVM_CODE + 8);
        CHECK_EQ(insns(&t), 7);
        tvm_fini(&t);
}

/* cmpw into CR3 with XER[SO] set: LT and SO in field 3, the rest kept. */
TEST(test_cmpw_sets_its_cr_field_with_so)
{
        struct tvm t;
        struct vcpu_regs regs;

        jit_tvm_init(&t, 1, false);
        regs = tvm_regs(&t, 0);
        regs.xer = XER_SO;
        regs.cr = 0x12345678;
        regs.gpr[4] = 0xffffffff00000005ull;   /* low word 5 */
        regs.gpr[5] = 7;
        CHECK_EQ(t.ops->set_regs(t.vcpu[0], &regs), 0);
        TVM_CODE_AT(&t, TVM_CODE, CMPW(3, 4, 5), STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_regs(&t, 0).cr, 0x12395678);
        tvm_fini(&t);
}

TEST(test_and_record_form_sets_cr0_from_the_64_bit_result)
{
        struct tvm t;

        jit_tvm_init(&t, 1, false);
        tvm_set_gpr(&t, 0, 4, 0x8000000000000001ull);
        tvm_set_gpr(&t, 0, 5, 0x8000000000000000ull);
        TVM_CODE_AT(&t, TVM_CODE, AND_RC(6, 4, 5), STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 6), 0x8000000000000000ull);
        CHECK_EQ(tvm_regs(&t, 0).cr >> 28, CR_LT);
        tvm_fini(&t);
}

TEST(test_srawi_sets_ca_when_a_negative_value_loses_one_bits)
{
        struct tvm t;

        jit_tvm_init(&t, 1, false);
        tvm_set_gpr(&t, 0, 4, 0xfffffff5u);            /* -11 in the low word */
        TVM_CODE_AT(&t, TVM_CODE, SRAWI(6, 4, 2), STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 6), (uint64_t)-3);
        CHECK_EQ(tvm_regs(&t, 0).xer & (XER_CA | XER_CA32), XER_CA | XER_CA32);
        tvm_fini(&t);
}

TEST(test_little_endian_lha_and_sth_through_the_soft_tlb)
{
        struct tvm t;

        jit_tvm_init(&t, 1, true);
        t.ram[0x8000] = 0x34;
        t.ram[0x8001] = 0x92;
        tvm_set_gpr(&t, 0, 8, 0x8000);
        /* Twice: the first pass fills the soft TLB, the second hits it. */
        TVM_CODE_AT(&t, TVM_CODE, LI(7, 2), LHA(4, 0, 8), STH(4, 2, 8), ADDI(7, 7, -1),
                    CMPDI(7, 0), BNE(-16), STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 4), 0xffffffffffff9234ull);
        CHECK_EQ(t.ram[0x8002], 0x34);
        CHECK_EQ(t.ram[0x8003], 0x92);
        tvm_fini(&t);
}

TEST(test_big_endian_lwz_and_std_through_the_soft_tlb)
{
        struct tvm t;

        jit_tvm_init(&t, 1, false);
        t.ram[0x8000] = 0x81;
        t.ram[0x8003] = 0x04;
        tvm_set_gpr(&t, 0, 8, 0x8000);
        TVM_CODE_AT(&t, TVM_CODE, LI(7, 2), LWZ(4, 0, 8), STD(4, 8, 8), ADDI(7, 7, -1),
                    CMPDI(7, 0), BNE(-16), STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 4), 0x81000004ull);
        CHECK_EQ(t.ram[0x800c], 0x81);
        CHECK_EQ(t.ram[0x800f], 0x04);
        tvm_fini(&t);
}
