/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Branch and condition-register instructions.  Each test executes one
 * instruction word (hex, with its assembly in a comment) at cpu.nip = 0x1000;
 * relative targets are written as offsets from it (.+N).
 */
#include <stdbool.h>

#include "harness.h"
#include "test.h"

static struct emu_test t;
static bool have_t;

static struct emu_cpu *fresh(void)
{
        if (have_t)
                emu_test_fini(&t);
        emu_test_init(&t, 0x10000);
        have_t = true;
        return &t.cpu;
}

static int run(uint32_t word) { return emu_test_step(&t, word); }

#define R(n) (t.cpu.gpr[n])

/* ---- b ---------------------------------------------------------------- */

TEST(test_b_forward)
{
        fresh();
        CHECK_EQ(run(0x48000100 /* b .+0x100 */), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x1100);
}

TEST(test_b_backward)
{
        fresh();
        run(0x4bfff800 /* b .-0x800 */);
        CHECK_EQ(t.cpu.nip, 0x800);
}

TEST(test_b_sets_cfar)
{
        fresh();
        run(0x48000008 /* b .+8 */);
        CHECK_EQ(t.cpu.spr[SPR_CFAR], 0x1000);
}

TEST(test_b_leaves_lr)
{
        fresh();
        t.cpu.lr = 0x42;
        run(0x48000008 /* b .+8 */);
        CHECK_EQ(t.cpu.lr, 0x42);
}

TEST(test_ba_absolute)
{
        fresh();
        run(0x48002002 /* ba 0x2000 */);
        CHECK_EQ(t.cpu.nip, 0x2000);
}

TEST(test_ba_negative_absolute_sign_extends)
{
        fresh();
        run(0x4bffff02 /* ba -0x100 */);
        CHECK_EQ(t.cpu.nip, 0xffffffffffffff00ull);
}

TEST(test_bl_sets_lr_to_next)
{
        fresh();
        run(0x48000041 /* bl .+0x40 */);
        CHECK_EQ(t.cpu.nip, 0x1040);
        CHECK_EQ(t.cpu.lr, 0x1004);
}

TEST(test_bla_sets_lr)
{
        fresh();
        run(0x48000303 /* bla 0x300 */);
        CHECK_EQ(t.cpu.nip, 0x300);
        CHECK_EQ(t.cpu.lr, 0x1004);
}

TEST(test_b_in_32bit_mode_wraps_target)
{
        fresh();
        t.cpu.msr &= ~MSR_SF;
        t.cpu.nip = 0xfffffff8;
        run(0x48000011 /* bl .+0x10 */);
        CHECK_EQ(t.cpu.nip, 0x8);
        CHECK_EQ(t.cpu.lr, 0xfffffffc);
}

TEST(test_bl_in_32bit_mode_truncates_lr)
{
        fresh();
        t.cpu.msr &= ~MSR_SF;
        t.cpu.nip = 0xfffffffc;
        run(0x48000103 /* bla 0x100 */);
        CHECK_EQ(t.cpu.lr, 0);
        CHECK_EQ(t.cpu.nip, 0x100);
}

/* ---- bc: CR tests ------------------------------------------------------ */

TEST(test_beq_taken_when_eq_set)
{
        fresh();
        t.cpu.cr = 0x20000000;   /* cr0.eq */
        CHECK_EQ(run(0x41820020 /* beq .+0x20 */), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x1020);
        CHECK_EQ(t.cpu.spr[SPR_CFAR], 0x1000);
}

TEST(test_beq_not_taken_falls_through)
{
        fresh();
        t.cpu.cr = 0x40000000;   /* cr0.gt */
        t.cpu.spr[SPR_CFAR] = 0x77;
        CHECK_EQ(run(0x41820020 /* beq .+0x20 */), EMU_NEXT);
        CHECK_EQ(t.cpu.nip, 0x1004);
        CHECK_EQ(t.cpu.spr[SPR_CFAR], 0x77);
}

TEST(test_bne_taken_when_bit_clear)
{
        fresh();
        t.cpu.cr = 0;
        CHECK_EQ(run(0x409efff0 /* bne 7,.-0x10 */), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0xff0);
}

TEST(test_bgt_tests_other_field)
{
        fresh();
        emu_set_crf(&t.cpu, 5, CR_GT);
        CHECK_EQ(run(0x41950008 /* bgt 5,.+8 */), EMU_JUMP);
        CHECK_EQ(run(0x41910008 /* bgt 4,.+8 */), EMU_NEXT);
}

TEST(test_bc_always_ignores_cr_and_ctr)
{
        fresh();
        t.cpu.ctr = 5;
        CHECK_EQ(run(0x42800010 /* bc 20,0,.+0x10 */), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x1010);
        CHECK_EQ(t.cpu.ctr, 5);
}

TEST(test_bc_always_with_z_bits_set)
{
        fresh();
        /* bc 31,0,.+8: BO = 1z1zz with every z bit set */
        CHECK_EQ(run(0x43e00008), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x1008);
}

TEST(test_bcl_not_taken_still_sets_lr)
{
        fresh();
        t.cpu.cr = 0;
        CHECK_EQ(run(0x41820021 /* beql .+0x20 */), EMU_NEXT);
        CHECK_EQ(t.cpu.lr, 0x1004);
        CHECK_EQ(t.cpu.nip, 0x1004);
}

TEST(test_bca_absolute)
{
        fresh();
        t.cpu.cr = 0x80000000;
        run(0x41800402 /* blta 0x400 */);
        CHECK_EQ(t.cpu.nip, 0x400);
}

TEST(test_bcla_absolute_sets_lr)
{
        fresh();
        t.cpu.cr = 0x80000000;
        run(0x41800403 /* bltla 0x400 */);
        CHECK_EQ(t.cpu.nip, 0x400);
        CHECK_EQ(t.cpu.lr, 0x1004);
}

/* ---- bc: CTR ---------------------------------------------------------- */

TEST(test_bdnz_decrements_and_branches)
{
        fresh();
        t.cpu.ctr = 2;
        CHECK_EQ(run(0x4200fff8 /* bdnz .-0x8 */), EMU_JUMP);
        CHECK_EQ(t.cpu.ctr, 1);
        CHECK_EQ(t.cpu.nip, 0xff8);
}

TEST(test_bdnz_falls_through_at_zero)
{
        fresh();
        t.cpu.ctr = 1;
        CHECK_EQ(run(0x4200fff8 /* bdnz .-0x8 */), EMU_NEXT);
        CHECK_EQ(t.cpu.ctr, 0);
        CHECK_EQ(t.cpu.nip, 0x1004);
}

TEST(test_bdnz_from_zero_wraps_and_branches)
{
        fresh();
        t.cpu.ctr = 0;
        CHECK_EQ(run(0x42000008 /* bdnz .+8 */), EMU_JUMP);
        CHECK_EQ(t.cpu.ctr, ~0ull);
}

TEST(test_bdz_branches_when_reaching_zero)
{
        fresh();
        t.cpu.ctr = 1;
        CHECK_EQ(run(0x42400008 /* bdz .+0x8 */), EMU_JUMP);
        CHECK_EQ(t.cpu.ctr, 0);
}

TEST(test_bdz_falls_through_otherwise)
{
        fresh();
        t.cpu.ctr = 3;
        CHECK_EQ(run(0x42400008 /* bdz .+0x8 */), EMU_NEXT);
        CHECK_EQ(t.cpu.ctr, 2);
}

TEST(test_bdnz_in_32bit_mode_tests_low_word)
{
        fresh();
        t.cpu.msr &= ~MSR_SF;
        t.cpu.ctr = 0x100000001ull;
        CHECK_EQ(run(0x42000008 /* bdnz .+8 */), EMU_NEXT);
        CHECK_EQ(t.cpu.ctr, 0x100000000ull);   /* decremented as 64 bits */
}

TEST(test_bdnz_in_64bit_mode_tests_doubleword)
{
        fresh();
        t.cpu.ctr = 0x100000001ull;
        CHECK_EQ(run(0x42000008 /* bdnz .+8 */), EMU_JUMP);
}

TEST(test_bdnzt_needs_both_conditions)
{
        fresh();
        t.cpu.ctr = 5;
        t.cpu.cr = 0x20000000;
        CHECK_EQ(run(0x41020008 /* bdnzt 2,.+8 */), EMU_JUMP);
        CHECK_EQ(t.cpu.ctr, 4);
        fresh();
        t.cpu.ctr = 5;
        t.cpu.cr = 0;
        CHECK_EQ(run(0x41020008 /* bdnzt 2,.+8 */), EMU_NEXT);
        CHECK_EQ(t.cpu.ctr, 4);   /* decremented even when not taken */
}

TEST(test_bdzf_taken_when_ctr_zero_and_bit_clear)
{
        fresh();
        t.cpu.ctr = 1;
        t.cpu.cr = 0;
        CHECK_EQ(run(0x40400008 /* bdzf 0,.+8 */), EMU_JUMP);
}

TEST(test_bdnzl_sets_lr)
{
        fresh();
        t.cpu.ctr = 2;
        run(0x42000101 /* bdnzl .+0x100 */);
        CHECK_EQ(t.cpu.lr, 0x1004);
        CHECK_EQ(t.cpu.nip, 0x1100);
}

/* ---- bclr, bcctr, bctar ---------------------------------------------- */

TEST(test_blr_branches_to_lr)
{
        fresh();
        t.cpu.lr = 0x2003;   /* low two bits ignored */
        CHECK_EQ(run(0x4e800020 /* blr */), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x2000);
        CHECK_EQ(t.cpu.lr, 0x2003);
        CHECK_EQ(t.cpu.spr[SPR_CFAR], 0x1000);
}

TEST(test_blrl_uses_old_lr_and_sets_new)
{
        fresh();
        t.cpu.lr = 0x3000;
        run(0x4e800021 /* blrl */);
        CHECK_EQ(t.cpu.nip, 0x3000);
        CHECK_EQ(t.cpu.lr, 0x1004);
}

TEST(test_beqlr_not_taken)
{
        fresh();
        t.cpu.lr = 0x3000;
        t.cpu.cr = 0;
        CHECK_EQ(run(0x4d820020 /* beqlr */), EMU_NEXT);
        CHECK_EQ(t.cpu.nip, 0x1004);
}

TEST(test_bdnzlr_decrements)
{
        fresh();
        t.cpu.lr = 0x3000;
        t.cpu.ctr = 1;
        CHECK_EQ(run(0x4e000020 /* bdnzlr */), EMU_NEXT);
        CHECK_EQ(t.cpu.ctr, 0);
        t.cpu.ctr = 7;
        CHECK_EQ(run(0x4e000020 /* bdnzlr */), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x3000);
}

TEST(test_blr_in_32bit_mode_truncates)
{
        fresh();
        t.cpu.msr &= ~MSR_SF;
        t.cpu.lr = 0xffffffff00004000ull;
        run(0x4e800020 /* blr */);
        CHECK_EQ(t.cpu.nip, 0x4000);
}

TEST(test_bctr_branches_to_ctr)
{
        fresh();
        t.cpu.ctr = 0x5002;
        CHECK_EQ(run(0x4e800420 /* bctr */), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x5000);
        CHECK_EQ(t.cpu.ctr, 0x5002);
}

TEST(test_bctrl_sets_lr)
{
        fresh();
        t.cpu.ctr = 0x5000;
        run(0x4e800421 /* bctrl */);
        CHECK_EQ(t.cpu.nip, 0x5000);
        CHECK_EQ(t.cpu.lr, 0x1004);
}

TEST(test_bnectr_conditional)
{
        fresh();
        t.cpu.ctr = 0x5000;
        t.cpu.cr = 0x20000000;
        CHECK_EQ(run(0x4c820420 /* bnectr */), EMU_NEXT);
        t.cpu.cr = 0;
        CHECK_EQ(run(0x4c820420 /* bnectr */), EMU_JUMP);
}

TEST(test_bcctr_with_ctr_decrement_is_illegal)
{
        fresh();
        t.cpu.ctr = 0x5000;
        /* bcctr 16,0: BO[2]=0 asks to decrement CTR, an invalid form */
        CHECK_EQ(run(0x4e000420), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR1] & SRR1_PROGRAM_ILLEGAL, SRR1_PROGRAM_ILLEGAL);
        CHECK_EQ(t.cpu.ctr, 0x5000);
}

TEST(test_bctar_branches_to_tar)
{
        fresh();
        t.cpu.spr[SPR_TAR] = 0x6001;
        CHECK_EQ(run(0x4e800460 /* bctar 20,0 */), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x6000);
}

TEST(test_bctarl_sets_lr)
{
        fresh();
        t.cpu.spr[SPR_TAR] = 0x6000;
        run(0x4e800461 /* bctarl 20,0 */);
        CHECK_EQ(t.cpu.lr, 0x1004);
        CHECK_EQ(t.cpu.nip, 0x6000);
}

TEST(test_bctar_with_ctr_decrement)
{
        fresh();
        t.cpu.spr[SPR_TAR] = 0x6000;
        t.cpu.ctr = 1;
        CHECK_EQ(run(0x4e000460 /* bctar 16,0 */), EMU_NEXT);
        CHECK_EQ(t.cpu.ctr, 0);
}

/* ---- CR logical ------------------------------------------------------- */

TEST(test_cr_logical_ops)
{
        fresh();
        t.cpu.cr = 0xa0000000;   /* bits 0 and 2 set, 1 and 3 clear */
        run(0x4d001202 /* crand 8,0,2 */);
        CHECK_EQ((t.cpu.cr >> 23) & 1, 1);
        run(0x4d200a02 /* crand 9,0,1 */);
        CHECK_EQ((t.cpu.cr >> 22) & 1, 0);
        run(0x4d411382 /* cror 10,1,2 */);
        CHECK_EQ((t.cpu.cr >> 21) & 1, 1);
        run(0x4d601182 /* crxor 11,0,2 */);
        CHECK_EQ((t.cpu.cr >> 20) & 1, 0);
        run(0x4d8011c2 /* crnand 12,0,2 */);
        CHECK_EQ((t.cpu.cr >> 19) & 1, 0);
        run(0x4da11842 /* crnor 13,1,3 */);
        CHECK_EQ((t.cpu.cr >> 18) & 1, 1);
        run(0x4dc11a42 /* creqv 14,1,3 */);
        CHECK_EQ((t.cpu.cr >> 17) & 1, 1);
        run(0x4de00902 /* crandc 15,0,1 */);
        CHECK_EQ((t.cpu.cr >> 16) & 1, 1);
        run(0x4e010342 /* crorc 16,1,0 */);
        CHECK_EQ((t.cpu.cr >> 15) & 1, 0);
        CHECK_EQ(t.cpu.cr, 0xa0000000u | 0x00800000u | 0x00200000u | 0x00040000u |
                           0x00020000u | 0x00010000u);
}

TEST(test_crclr_clears_bit)
{
        fresh();
        t.cpu.cr = 0xffffffff;
        run(0x4cc63182 /* crclr 6 */);   /* crxor 6,6,6 */
        CHECK_EQ(t.cpu.cr, 0xfdffffff);
}

TEST(test_crset_sets_bit)
{
        fresh();
        run(0x4ffffa42 /* crset 31 */);   /* creqv 31,31,31 */
        CHECK_EQ(t.cpu.cr, 1);
}

TEST(test_mcrf_copies_field)
{
        fresh();
        t.cpu.cr = 0x00000009;
        run(0x4c1c0000 /* mcrf 0,7 */);
        CHECK_EQ(t.cpu.cr, 0x90000009);
}

/* ---- CR moves --------------------------------------------------------- */

TEST(test_mfcr_zero_extends)
{
        fresh();
        t.cpu.cr = 0x87654321;
        R(3) = ~0ull;
        run(0x7c600026 /* mfcr 3 */);
        CHECK_EQ(R(3), 0x87654321);
}

TEST(test_mfocrf_one_field_zeroes_the_rest)
{
        fresh();
        t.cpu.cr = 0x87654321;
        R(3) = ~0ull;
        run(0x7c720026 /* mfocrf 3,0x20 */);   /* field 2 */
        CHECK_EQ(R(3), 0x00600000);
}

TEST(test_mfocrf_two_fields_leaves_rt)
{
        fresh();
        t.cpu.cr = 0x87654321;
        R(3) = 0x1234;
        /* mfocrf 3 with FXM=0x81: undefined, RT unchanged (as QEMU) */
        run(0x7c781026);
        CHECK_EQ(R(3), 0x1234);
}

TEST(test_mtcrf_sets_selected_fields)
{
        fresh();
        t.cpu.cr = 0x11111111;
        R(4) = 0xabcdef98;
        run(0x7c881120 /* mtcrf 0x81,4 */);
        CHECK_EQ(t.cpu.cr, 0xa1111118);
}

TEST(test_mtcr_sets_everything)
{
        fresh();
        R(4) = 0xffffffff12345678ull;
        run(0x7c8ff120 /* mtcr 4 */);
        CHECK_EQ(t.cpu.cr, 0x12345678);
}

TEST(test_mtocrf_one_field)
{
        fresh();
        t.cpu.cr = 0x11111111;
        R(4) = 0xabcdef98;
        run(0x7c904120 /* mtocrf 0x04,4 */);   /* field 5 */
        CHECK_EQ(t.cpu.cr, 0x11111f11);
}

TEST(test_mtocrf_two_fields_leaves_cr)
{
        fresh();
        t.cpu.cr = 0x11111111;
        R(4) = 0xabcdef98;
        /* mtocrf with FXM=0x81: undefined, CR unchanged (as QEMU) */
        run(0x7c981120);
        CHECK_EQ(t.cpu.cr, 0x11111111);
}

TEST(test_bcctrl_not_taken_still_sets_lr)
{
        fresh();
        t.cpu.ctr = 0x5000;
        t.cpu.cr = 0;
        CHECK_EQ(run(0x4d820421 /* beqctrl */), EMU_NEXT);
        CHECK_EQ(t.cpu.lr, 0x1004);
        CHECK_EQ(t.cpu.nip, 0x1004);
}

TEST(test_bdnz_32bit_mode_low_word_nonzero_branches)
{
        fresh();
        t.cpu.msr &= ~MSR_SF;
        t.cpu.ctr = 0x100000000ull;   /* low word 0: decrement gives 0xffffffff */
        CHECK_EQ(run(0x42000008 /* bdnz .+8 */), EMU_JUMP);
        CHECK_EQ(t.cpu.ctr, 0xffffffffull);
}
