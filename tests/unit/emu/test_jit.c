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
#define BCTR               0x4e800420u
#define MFLR(rt)           (0x7c0802a6u | (uint32_t)(rt) << 21)
#define XOR(ra, rs, rb)    (31u << 26 | (uint32_t)(rs) << 21 | (uint32_t)(ra) << 16 | \
                            (uint32_t)(rb) << 11 | 316u << 1)
#define XO_FORM(xo, rt, ra, rb, rc) \
        (31u << 26 | (uint32_t)(rt) << 21 | (uint32_t)(ra) << 16 | (uint32_t)(rb) << 11 | \
         (uint32_t)(xo) << 1 | (uint32_t)(rc))
#define ADDC(rt, ra, rb)   XO_FORM(10, rt, ra, rb, 0)
#define SUBFC(rt, ra, rb)  XO_FORM(8, rt, ra, rb, 0)
#define ADDE(rt, ra, rb)   XO_FORM(138, rt, ra, rb, 0)
#define SUBFE(rt, ra, rb)  XO_FORM(136, rt, ra, rb, 0)
#define ADDME(rt, ra)      XO_FORM(234, rt, ra, 0, 0)
#define ADDZE(rt, ra)      XO_FORM(202, rt, ra, 0, 0)
#define SUBFZE_RC(rt, ra)  XO_FORM(200, rt, ra, 0, 1)
#define RLWIMI(ra, rs, sh, mb, me) \
        (20u << 26 | (uint32_t)(rs) << 21 | (uint32_t)(ra) << 16 | (uint32_t)(sh) << 11 | \
         (uint32_t)(mb) << 6 | (uint32_t)(me) << 1)
#define RLDIMI(ra, rs, sh, mb) \
        (30u << 26 | (uint32_t)(rs) << 21 | (uint32_t)(ra) << 16 | ((uint32_t)(sh) & 31u) << 11 | \
         (((uint32_t)(mb) & 31u) << 1 | ((uint32_t)(mb) >> 5)) << 5 | 3u << 2 | \
         ((uint32_t)(sh) >> 5) << 1)
/* tlbiel RB=r3, RIC=0 PRS=1 R=1: the radix form that drops one page by EA */
#define TLBIEL_PAGE_R3     0x7c031a24u

/* A radix tree in the tvm's RAM for relocated code (PID 0): the process
 * table at PRTB, tables from TABLES up, 4 KiB pages, 13/9/9/9 levels. */
#define PRTB               0x10000ull
#define TABLES             0x20000ull
#define PATE1_GR           PPC_BIT(0)
#define R_V                PPC_BIT(0)
#define R_L                PPC_BIT(1)
#define KERNEL_RX          (PPC_BIT(60) | PPC_BIT(61) | PPC_BIT(63))   /* EAA priv, R, X */
#define KEA                0xc000000000040000ull
#define KEA2               0xc000000000080000ull

struct radix {
        struct tvm *t;
        uint64_t next, root;
};

static void poke64(struct tvm *t, uint64_t addr, uint64_t v)
{
        for (unsigned i = 8; i-- > 0; v >>= 8)
                t->ram[addr + i] = (uint8_t)v;
}

static uint64_t peek64(struct tvm *t, uint64_t addr)
{
        uint64_t v = 0;

        for (unsigned i = 0; i < 8; i++)
                v = v << 8 | t->ram[addr + i];
        return v;
}

static uint64_t radix_table(struct radix *r, unsigned nls)
{
        uint64_t size = 8ull << nls, a = (r->next + size - 1) & ~(size - 1);

        r->next = a + size;
        return a;
}

static void radix_init(struct radix *r, struct tvm *t)
{
        r->t = t;
        r->next = TABLES;
        r->root = radix_table(r, 13);
        poke64(t, PRTB, (2ull << 61) | r->root | (5ull << 5) | 13);   /* 52-bit tree */
        emu_mmu_set_process_table(tvm_emu(t, 0)->cpu.vm, PATE1_GR | PRTB);
}

/* Maps the 4 KiB page at ea to ra; returns the PTE's real address. */
static uint64_t radix_map(struct radix *r, uint64_t ea, uint64_t ra)
{
        static const unsigned lv[] = { 13, 9, 9, 9 };
        uint64_t table = r->root;
        unsigned bits = 52;

        for (unsigned l = 0;; l++) {
                bits -= lv[l];
                uint64_t a = table + ((ea >> bits) & ((1ull << lv[l]) - 1)) * 8;
                if (bits == 12) {
                        poke64(r->t, a, R_V | R_L | ra | KERNEL_RX);
                        return a;
                }
                uint64_t e = peek64(r->t, a);
                if (!(e & R_V)) {
                        e = R_V | radix_table(r, lv[l + 1]) | lv[l + 1];
                        poke64(r->t, a, e);
                }
                table = e & 0x0fffffffffffff00ull;
        }
}

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

/* A relocated loop jumps back within its page (chained) until its third
 * pass remaps the page and drops its translation with tlbiel: the jump
 * after that fetches from the new real page, not the old page's block. */
TEST(test_relocated_chained_loop_sees_tlbiel_remap_its_page)
{
        struct tvm t;
        struct radix r;

        jit_tvm_init(&t, 1, false);
        radix_init(&r, &t);
        uint64_t pte = radix_map(&r, KEA, 0x4000);
        /* The old page's code gives up (r3 = 0x44) on a fourth pass. */
        TVM_CODE_AT(&t, 0x4000, ADDI(5, 5, 1), CMPDI(5, 4), BEQ(0x1c), CMPDI(5, 3), BNE(12),
                    STD(7, 0, 8), TLBIEL_PAGE_R3, B(-0x1c), NOP, LI(3, 0x44), STD_R3_MMIO);
        TVM_CODE_AT(&t, 0x6000, LI(3, 0x99), STD_R3_MMIO);
        TVM_CODE_AT(&t, 0x6024, LI(3, 0x44), STD_R3_MMIO);
        tvm_set_gpr(&t, 0, 3, KEA);
        tvm_set_gpr(&t, 0, 7, R_V | R_L | 0x6000 | KERNEL_RX);
        tvm_set_gpr(&t, 0, 8, pte);
        tvm_set_msr_pc(&t, 0, MSR_SF | MSR_ME | MSR_IR, KEA);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 0x99);
        CHECK_EQ(tvm_gpr(&t, 0, 5), 3);
        CHECK_EQ(insns(&t), 6 + 6 + 8 + 3);
        tvm_fini(&t);
}

/* One real page mapped at two effective addresses, the loop jumping from
 * one to the other each pass: the code is the same, the addresses it
 * computes (LR of bl) are those of the EA it runs at. */
TEST(test_real_page_at_two_effective_addresses_runs_at_each)
{
        struct tvm t;
        struct radix r;

        jit_tvm_init(&t, 1, false);
        radix_init(&r, &t);
        radix_map(&r, KEA, 0x4000);
        radix_map(&r, KEA2, 0x4000);
        TVM_CODE_AT(&t, 0x4000, ADDI(5, 5, 1), CMPDI(5, 6), BEQ(16),
                    MTCTR(10), XOR(10, 10, 12), BCTR,
                    BL(4), MFLR(3), STD_R3_MMIO);
        tvm_set_gpr(&t, 0, 10, KEA2);
        tvm_set_gpr(&t, 0, 12, KEA ^ KEA2);
        tvm_set_msr_pc(&t, 0, MSR_SF | MSR_ME | MSR_IR, KEA);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), KEA2 + 0x1c);
        CHECK_EQ(tvm_regs(&t, 0).ctr, KEA2);
        CHECK_EQ(insns(&t), 5 * 6 + 7);
        tvm_fini(&t);
}

/* bl to a function in the next page and blr back, ten times. */
TEST(test_call_and_return_across_pages)
{
        struct tvm t;

        jit_tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, LI(3, 0), LI(4, 10), MTCTR(4), BL(0x2000 - 0x100c),
                    BDNZ(-4), STD_R3_MMIO);
        TVM_CODE_AT(&t, 0x2000, ADDI(3, 3, 3), BLR);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 30);
        CHECK_EQ(tvm_regs(&t, 0).lr, TVM_CODE + 0x10);
        CHECK_EQ(insns(&t), 3 + 10 * 4 + 2);
        tvm_fini(&t);
}

/* The loop patches the function it calls in another page: after isync the
 * call runs the new code (adds 100, not 1). */
TEST(test_jump_to_another_page_sees_its_code_modified)
{
        struct tvm t;

        jit_tvm_init(&t, 1, false);
        tvm_set_gpr(&t, 0, 6, ADDI(3, 3, 100));
        tvm_set_gpr(&t, 0, 8, 0x2000);
        TVM_CODE_AT(&t, TVM_CODE, LI(3, 0), LI(7, 0),
                    BL(0x2000 - 0x1008),            /* 0x1008 */
                    ADDI(7, 7, 1), CMPDI(7, 2), BEQ(16),
                    STW(6, 0, 8), ISYNC, B(-0x18),
                    STD_R3_MMIO);
        TVM_CODE_AT(&t, 0x2000, ADDI(3, 3, 1), BLR);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 101);
        tvm_fini(&t);
}

/* Two blocks in two pages jumping to each other: the chained jump across
 * pages must see the kick too. */
TEST(test_kick_interrupts_a_loop_chained_across_pages)
{
        struct tvm t;
        pthread_t th;
        struct kicker k = { &t, 20 };

        jit_tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, ADDI(3, 3, 1), B(0x2000 - 0x1004));
        TVM_CODE_AT(&t, 0x2000, ADDI(4, 4, 1), B(0x1000 - 0x2004));
        pthread_create(&th, NULL, kick_later, &k);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_INTR);
        pthread_join(th, NULL);
        CHECK(tvm_regs(&t, 0).pc == TVM_CODE || tvm_regs(&t, 0).pc == 0x2000);
        CHECK_EQ(insns(&t), 2 * tvm_gpr(&t, 0, 3) + 2 * tvm_gpr(&t, 0, 4));
        tvm_fini(&t);
}

struct carry_case {
        uint64_t ra, rb, xer;           /* r4, r5 and XER before */
        uint64_t rt, xer_ca;            /* r6 and XER[CA, CA32] after */
};

/* Runs `insn` (RT r6, RA r4, RB r5) and checks RT and XER[CA, CA32]. */
static void check_carry(uint32_t insn, struct carry_case k)
{
        struct tvm t;
        struct vcpu_regs regs;

        jit_tvm_init(&t, 1, false);
        regs = tvm_regs(&t, 0);
        regs.gpr[4] = k.ra;
        regs.gpr[5] = k.rb;
        regs.xer = k.xer;
        CHECK_EQ(t.ops->set_regs(t.vcpu[0], &regs), 0);
        TVM_CODE_AT(&t, TVM_CODE, insn, STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 6), k.rt);
        CHECK_EQ(tvm_regs(&t, 0).xer & (XER_CA | XER_CA32), k.xer_ca);
        tvm_fini(&t);
}

TEST(test_addc_carries_out_of_both_words)
{
        check_carry(ADDC(6, 4, 5), (struct carry_case){ 0xffffffffffffffffull, 1, 0, 0,
                                                        XER_CA | XER_CA32 });
        check_carry(ADDC(6, 4, 5), (struct carry_case){ 0xffffffffull, 1, XER_CA, 0x100000000ull,
                                                        XER_CA32 });
}

/* subfc: CA is "no borrow": RB >= RA unsigned. */
TEST(test_subfc_sets_ca_when_nothing_is_borrowed)
{
        check_carry(SUBFC(6, 4, 5), (struct carry_case){ 5, 5, 0, 0, XER_CA | XER_CA32 });
        check_carry(SUBFC(6, 4, 5), (struct carry_case){ 6, 5, XER_CA | XER_CA32, ~0ull, 0 });
        check_carry(SUBFC(6, 4, 5), (struct carry_case){ 0, 7, 0, 7, XER_CA | XER_CA32 });
        check_carry(SUBFC(6, 4, 5), (struct carry_case){ 1, 0x100000000ull, 0, 0xffffffffull, XER_CA });
}

TEST(test_adde_and_subfe_take_ca_in)
{
        check_carry(ADDE(6, 4, 5), (struct carry_case){ ~0ull, 0, XER_CA, 0, XER_CA | XER_CA32 });
        check_carry(ADDE(6, 4, 5), (struct carry_case){ ~0ull, 0, 0, ~0ull, 0 });
        check_carry(SUBFE(6, 4, 5), (struct carry_case){ 0, 0, 0, ~0ull, 0 });
        check_carry(SUBFE(6, 4, 5), (struct carry_case){ 0, 0, XER_CA, 0, XER_CA | XER_CA32 });
        check_carry(SUBFE(6, 4, 5), (struct carry_case){ 3, 10, XER_CA, 7, XER_CA | XER_CA32 });
}

TEST(test_addme_addze_subfze_add_ca_to_minus_one_or_zero)
{
        check_carry(ADDME(6, 4), (struct carry_case){ 0, 0, 0, ~0ull, 0 });
        check_carry(ADDME(6, 4), (struct carry_case){ 1, 0, 0, 0, XER_CA | XER_CA32 });
        check_carry(ADDME(6, 4), (struct carry_case){ 0, 0, XER_CA, 0, XER_CA | XER_CA32 });
        check_carry(ADDZE(6, 4), (struct carry_case){ 0xffffffffull, 0, XER_CA, 0x100000000ull,
                                                      XER_CA32 });
        check_carry(ADDZE(6, 4), (struct carry_case){ 9, 0, 0, 9, 0 });
}

/* subfze. of 0 with CA: ~0 + 1 = 0, CA and CR0 EQ (with SO). */
TEST(test_subfze_record_form_sets_cr0_and_ca)
{
        struct tvm t;
        struct vcpu_regs regs;

        jit_tvm_init(&t, 1, false);
        regs = tvm_regs(&t, 0);
        regs.gpr[4] = 0;
        regs.gpr[6] = 0x55;
        regs.xer = XER_CA | XER_SO;
        regs.cr = 0;
        CHECK_EQ(t.ops->set_regs(t.vcpu[0], &regs), 0);
        TVM_CODE_AT(&t, TVM_CODE, SUBFZE_RC(6, 4), STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 6), 0);
        CHECK_EQ(tvm_regs(&t, 0).xer & (XER_CA | XER_CA32 | XER_SO), XER_CA | XER_CA32 | XER_SO);
        CHECK_EQ(tvm_regs(&t, 0).cr >> 28, CR_EQ | CR_SO);
        tvm_fini(&t);
}

/* rlwimi r6,r4,8,16,23: byte 3 of the low word into byte 2, the rest of
 * r6 (high word included) kept. */
TEST(test_rlwimi_inserts_under_its_mask_keeping_the_rest)
{
        struct tvm t;

        jit_tvm_init(&t, 1, false);
        tvm_set_gpr(&t, 0, 4, 0xaaaaaaaa000000c3ull);
        tvm_set_gpr(&t, 0, 6, 0x1122334455667788ull);
        TVM_CODE_AT(&t, TVM_CODE, RLWIMI(6, 4, 8, 16, 23), STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 6), 0x112233445566c388ull);
        tvm_fini(&t);
}

/* rlwimi with MB > ME wraps: the rotated copy comes through in the high
 * word too. */
TEST(test_rlwimi_with_a_wrapping_mask_writes_the_high_word)
{
        struct tvm t;

        jit_tvm_init(&t, 1, false);
        tvm_set_gpr(&t, 0, 4, 0x12345678ull);
        tvm_set_gpr(&t, 0, 6, 0);
        TVM_CODE_AT(&t, TVM_CODE, RLWIMI(6, 4, 4, 28, 3), STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 6), 0x2345678123456781ull & 0xfffffffff000000full);
        tvm_fini(&t);
}

/* rldimi r6,r4,32,0: the low word of r4 into the high word of r6. */
TEST(test_rldimi_inserts_a_doubleword_field)
{
        struct tvm t;

        jit_tvm_init(&t, 1, false);
        tvm_set_gpr(&t, 0, 4, 0xdeadbeefcafef00dull);
        tvm_set_gpr(&t, 0, 6, 0x1122334455667788ull);
        TVM_CODE_AT(&t, TVM_CODE, RLDIMI(6, 4, 32, 0), STD_R3_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 6), 0xcafef00d55667788ull);
        tvm_fini(&t);
}
