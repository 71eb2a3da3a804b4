/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fixed-point instructions: arithmetic with CA/CA32/OV/OV32/SO and CR0,
 * multiply/divide (including the undefined cases listed in op_int.c),
 * logical, compare, trap, rotate and shift.  Each test executes one
 * instruction word (hex, with its assembly in a comment) at cpu.nip.
 */
#include <stdbool.h>

#include "harness.h"
#include "test.h"

static struct emu_test t;
static bool have_t;

/* A fresh 64-bit cpu for each test. */
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
#define CR0() emu_get_crf(&t.cpu, 0)

/* ---- add / subtract ---------------------------------------------------- */

TEST(test_addi_adds_signed_immediate)
{
        fresh();
        R(4) = 5;
        CHECK_EQ(run(0x3864ffff /* addi 3,4,-1 */), EMU_NEXT);
        CHECK_EQ(R(3), 4);
        CHECK_EQ(t.cpu.nip, 0x1004);
}

TEST(test_addi_ra0_means_zero)
{
        fresh();
        R(0) = 100;
        run(0x3860fffe /* addi 3,0,-2 */);
        CHECK_EQ(R(3), 0xfffffffffffffffeull);
}

TEST(test_addis_shifts_and_sign_extends)
{
        fresh();
        R(4) = 1;
        run(0x3c648000 /* addis 3,4,-32768 */);
        CHECK_EQ(R(3), 0xffffffff80000001ull);
}

TEST(test_lis_loads_shifted_immediate)
{
        fresh();
        R(0) = 7;
        run(0x3c601234 /* lis 3,0x1234 */);
        CHECK_EQ(R(3), 0x12340000);
}

TEST(test_add_rc_sets_cr0_gt)
{
        fresh();
        R(4) = 2;
        R(5) = 3;
        run(0x7c642a15 /* add. 3,4,5 */);
        CHECK_EQ(R(3), 5);
        CHECK_EQ(CR0(), CR_GT);
}

TEST(test_add_does_not_touch_xer)
{
        fresh();
        R(4) = ~0ull;
        R(5) = 1;
        run(0x7c642a14 /* add 3,4,5 */);
        CHECK_EQ(R(3), 0);
        CHECK_EQ(t.cpu.ca | t.cpu.ca32 | t.cpu.ov | t.cpu.so, 0);
}

TEST(test_addo_64bit_overflow_sets_ov_and_so_not_ov32)
{
        fresh();
        R(4) = 0x7fffffffffffffffull;
        R(5) = 1;
        run(0x7c642e14 /* addo 3,4,5 */);
        CHECK_EQ(R(3), 0x8000000000000000ull);
        CHECK_EQ(t.cpu.ov, 1);
        CHECK_EQ(t.cpu.ov32, 0);
        CHECK_EQ(t.cpu.so, 1);
}

TEST(test_addo_32bit_overflow_sets_ov32_only)
{
        fresh();
        R(4) = 0x7fffffff;
        R(5) = 1;
        run(0x7c642e14 /* addo 3,4,5 */);
        CHECK_EQ(R(3), 0x80000000);
        CHECK_EQ(t.cpu.ov, 0);
        CHECK_EQ(t.cpu.ov32, 1);
        CHECK_EQ(t.cpu.so, 0);
}

TEST(test_addo_clears_ov_but_so_is_sticky)
{
        fresh();
        t.cpu.so = 1;
        t.cpu.ov = 1;
        t.cpu.ov32 = 1;
        R(4) = 1;
        R(5) = 1;
        run(0x7c642e15 /* addo. 3,4,5 */);
        CHECK_EQ(t.cpu.ov, 0);
        CHECK_EQ(t.cpu.ov32, 0);
        CHECK_EQ(t.cpu.so, 1);
        CHECK_EQ(CR0(), CR_GT | CR_SO);
}

TEST(test_addo_in_32bit_mode_ov_is_low_word_overflow)
{
        fresh();
        t.cpu.msr &= ~MSR_SF;
        R(4) = 0x7fffffff;
        R(5) = 1;
        run(0x7c642e15 /* addo. 3,4,5 */);
        CHECK_EQ(R(3), 0x80000000);
        CHECK_EQ(t.cpu.ov, 1);
        CHECK_EQ(t.cpu.ov32, 1);
        CHECK_EQ(CR0(), CR_LT | CR_SO);
}

TEST(test_addc_carry_out_of_64_bits_sets_ca_and_ca32)
{
        fresh();
        R(4) = ~0ull;
        R(5) = 1;
        run(0x7c642814 /* addc 3,4,5 */);
        CHECK_EQ(R(3), 0);
        CHECK_EQ(t.cpu.ca, 1);
        CHECK_EQ(t.cpu.ca32, 1);
}

TEST(test_addc_carry_out_of_low_word_sets_ca32_only)
{
        fresh();
        R(4) = 0xffffffff;
        R(5) = 1;
        run(0x7c642814 /* addc 3,4,5 */);
        CHECK_EQ(R(3), 0x100000000ull);
        CHECK_EQ(t.cpu.ca, 0);
        CHECK_EQ(t.cpu.ca32, 1);
}

TEST(test_addc_in_32bit_mode_ca_is_low_word_carry)
{
        fresh();
        t.cpu.msr &= ~MSR_SF;
        R(4) = 0xffffffff;
        R(5) = 1;
        run(0x7c642815 /* addc. 3,4,5 */);
        CHECK_EQ(R(3), 0x100000000ull);   /* the full 64-bit sum is kept */
        CHECK_EQ(t.cpu.ca, 1);
        CHECK_EQ(t.cpu.ca32, 1);
        CHECK_EQ(CR0(), CR_EQ);           /* low word is 0 */
}

TEST(test_add_rc_in_32bit_mode_compares_low_word)
{
        fresh();
        t.cpu.msr &= ~MSR_SF;
        R(4) = 0x180000000ull;
        R(5) = 0;
        run(0x7c642a15 /* add. 3,4,5 */);
        CHECK_EQ(CR0(), CR_LT);
}

TEST(test_add_rc_in_64bit_mode_compares_doubleword)
{
        fresh();
        R(4) = 0x180000000ull;
        R(5) = 0;
        run(0x7c642a15 /* add. 3,4,5 */);
        CHECK_EQ(CR0(), CR_GT);
}

TEST(test_adde_adds_carry_in)
{
        fresh();
        t.cpu.ca = 1;
        R(4) = 1;
        R(5) = 2;
        run(0x7c642914 /* adde 3,4,5 */);
        CHECK_EQ(R(3), 4);
        CHECK_EQ(t.cpu.ca, 0);
}

TEST(test_adde_carry_in_can_carry_out)
{
        fresh();
        t.cpu.ca = 1;
        R(4) = ~0ull;
        R(5) = 0;
        run(0x7c642d14 /* addeo 3,4,5 */);
        CHECK_EQ(R(3), 0);
        CHECK_EQ(t.cpu.ca, 1);
        CHECK_EQ(t.cpu.ca32, 1);
        CHECK_EQ(t.cpu.ov, 0);
}

TEST(test_subf_subtracts_ra_from_rb)
{
        fresh();
        R(4) = 10;
        R(5) = 3;
        run(0x7c642851 /* subf. 3,4,5 */);
        CHECK_EQ(R(3), (uint64_t)-7);
        CHECK_EQ(CR0(), CR_LT);
}

TEST(test_subfc_no_borrow_sets_ca)
{
        fresh();
        R(4) = 1;
        R(5) = 1;
        run(0x7c642810 /* subfc 3,4,5 */);
        CHECK_EQ(R(3), 0);
        CHECK_EQ(t.cpu.ca, 1);
        CHECK_EQ(t.cpu.ca32, 1);
}

TEST(test_subfc_borrow_clears_ca)
{
        fresh();
        t.cpu.ca = 1;
        t.cpu.ca32 = 1;
        R(4) = 2;
        R(5) = 1;
        run(0x7c642810 /* subfc 3,4,5 */);
        CHECK_EQ(R(3), ~0ull);
        CHECK_EQ(t.cpu.ca, 0);
        CHECK_EQ(t.cpu.ca32, 0);
}

TEST(test_subfc_low_word_borrow_only_clears_ca32)
{
        fresh();
        R(4) = 1;
        R(5) = 0x100000000ull;
        run(0x7c642810 /* subfc 3,4,5 */);
        CHECK_EQ(R(3), 0xffffffffull);
        CHECK_EQ(t.cpu.ca, 1);
        CHECK_EQ(t.cpu.ca32, 0);
}

TEST(test_subfo_overflow)
{
        fresh();
        R(4) = 1;
        R(5) = 0x8000000000000000ull;
        run(0x7c642c50 /* subfo 3,4,5 */);
        CHECK_EQ(R(3), 0x7fffffffffffffffull);
        CHECK_EQ(t.cpu.ov, 1);
        CHECK_EQ(t.cpu.ov32, 0);
        CHECK_EQ(t.cpu.so, 1);
}

TEST(test_subfe_with_borrow)
{
        fresh();
        t.cpu.ca = 0;
        R(4) = 3;
        R(5) = 10;
        run(0x7c642910 /* subfe 3,4,5 */);
        CHECK_EQ(R(3), 6);
        CHECK_EQ(t.cpu.ca, 1);
}

TEST(test_addme_zero_without_carry_is_minus_one)
{
        fresh();
        R(4) = 0;
        run(0x7c6401d4 /* addme 3,4 */);
        CHECK_EQ(R(3), ~0ull);
        CHECK_EQ(t.cpu.ca, 0);
        CHECK_EQ(t.cpu.ca32, 0);
}

TEST(test_addme_with_carry_keeps_value_and_carries)
{
        fresh();
        t.cpu.ca = 1;
        R(4) = 5;
        run(0x7c6401d5 /* addme. 3,4 */);
        CHECK_EQ(R(3), 5);
        CHECK_EQ(t.cpu.ca, 1);
        CHECK_EQ(CR0(), CR_GT);
}

TEST(test_subfme_of_minus_one_without_carry)
{
        fresh();
        R(4) = ~0ull;
        run(0x7c6401d0 /* subfme 3,4 */);
        CHECK_EQ(R(3), ~0ull);   /* ~RA + CA - 1 = 0 + 0 - 1 */
        CHECK_EQ(t.cpu.ca, 0);
}

TEST(test_addze_adds_carry)
{
        fresh();
        t.cpu.ca = 1;
        R(4) = ~0ull;
        run(0x7c640594 /* addzeo 3,4 */);
        CHECK_EQ(R(3), 0);
        CHECK_EQ(t.cpu.ca, 1);
        CHECK_EQ(t.cpu.ov, 0);
}

TEST(test_subfze_negates_with_carry)
{
        fresh();
        t.cpu.ca = 1;
        R(4) = 5;
        run(0x7c640190 /* subfze 3,4 */);
        CHECK_EQ(R(3), (uint64_t)-5);
        CHECK_EQ(t.cpu.ca, 0);
}

TEST(test_neg_negates)
{
        fresh();
        R(4) = 5;
        run(0x7c6400d0 /* neg 3,4 */);
        CHECK_EQ(R(3), (uint64_t)-5);
}

TEST(test_nego_of_int64_min_overflows)
{
        fresh();
        R(4) = 0x8000000000000000ull;
        run(0x7c6404d1 /* nego. 3,4 */);
        CHECK_EQ(R(3), 0x8000000000000000ull);
        CHECK_EQ(t.cpu.ov, 1);
        CHECK_EQ(t.cpu.ov32, 0);
        CHECK_EQ(CR0(), CR_LT | CR_SO);
}

TEST(test_nego_of_int32_min_sets_ov32)
{
        fresh();
        R(4) = 0xffffffff80000000ull;
        run(0x7c6404d0 /* nego 3,4 */);
        CHECK_EQ(R(3), 0x80000000ull);
        CHECK_EQ(t.cpu.ov, 0);
        CHECK_EQ(t.cpu.ov32, 1);
}

TEST(test_addic_sets_carry)
{
        fresh();
        R(4) = ~0ull;
        run(0x30640001 /* addic 3,4,1 */);
        CHECK_EQ(R(3), 0);
        CHECK_EQ(t.cpu.ca, 1);
        CHECK_EQ(t.cpu.ca32, 1);
}

TEST(test_addic_rc_sets_cr0_and_carry)
{
        fresh();
        R(4) = 1;
        run(0x3464ffff /* addic. 3,4,-1 */);
        CHECK_EQ(R(3), 0);
        CHECK_EQ(t.cpu.ca, 1);
        CHECK_EQ(CR0(), CR_EQ);
}

TEST(test_subfic_subtracts_from_immediate)
{
        fresh();
        R(4) = 3;
        run(0x2064000a /* subfic 3,4,10 */);
        CHECK_EQ(R(3), 7);
        CHECK_EQ(t.cpu.ca, 1);
}

TEST(test_subfic_borrow_clears_carry)
{
        fresh();
        t.cpu.ca = 1;
        R(4) = 11;
        run(0x2064000a /* subfic 3,4,10 */);
        CHECK_EQ(R(3), ~0ull);
        CHECK_EQ(t.cpu.ca, 0);
}

TEST(test_addpcis_adds_shifted_d_to_next_address)
{
        fresh();
        run(0x4c600005 /* addpcis 3,1 */);
        CHECK_EQ(R(3), 0x1004 + 0x10000);
}

TEST(test_addpcis_negative_d)
{
        fresh();
        run(0x4c7fffc5 /* addpcis 3,-1 */);
        CHECK_EQ(R(3), 0x1004 - 0x10000);
}

TEST(test_addex_uses_ov_as_carry)
{
        fresh();
        t.cpu.ov = 1;
        R(4) = ~0ull;
        R(5) = 0;
        run(0x7c642954 /* addex 3,4,5,0 */);
        CHECK_EQ(R(3), 0);
        CHECK_EQ(t.cpu.ov, 1);
        CHECK_EQ(t.cpu.ov32, 1);
        CHECK_EQ(t.cpu.so, 0);
        CHECK_EQ(t.cpu.ca, 0);
}

TEST(test_addex_without_carry_clears_ov)
{
        fresh();
        t.cpu.ov = 0;
        t.cpu.ov32 = 1;
        R(4) = 2;
        R(5) = 3;
        run(0x7c642954 /* addex 3,4,5,0 */);
        CHECK_EQ(R(3), 5);
        CHECK_EQ(t.cpu.ov, 0);
        CHECK_EQ(t.cpu.ov32, 0);
}

TEST(test_addex_reserved_cy_is_illegal)
{
        fresh();
        /* addex 3,4,5,1: CY=1 is reserved */
        CHECK_EQ(run(0x7c642b54), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR1] & SRR1_PROGRAM_ILLEGAL, SRR1_PROGRAM_ILLEGAL);
}

/* ---- multiply ------------------------------------------------------- */

TEST(test_mullw_gives_64bit_product_of_low_words)
{
        fresh();
        R(4) = 0x12345678fffffffeull;   /* low word -2 */
        R(5) = 3;
        run(0x7c6429d6 /* mullw 3,4,5 */);
        CHECK_EQ(R(3), (uint64_t)-6);
}

TEST(test_mullwo_overflow_beyond_32_bits)
{
        fresh();
        R(4) = 0x10000;
        R(5) = 0x10000;
        run(0x7c642dd7 /* mullwo. 3,4,5 */);
        CHECK_EQ(R(3), 0x100000000ull);
        CHECK_EQ(t.cpu.ov, 1);
        CHECK_EQ(t.cpu.ov32, 1);
        CHECK_EQ(CR0(), CR_GT | CR_SO);
}

TEST(test_mulld_low_doubleword)
{
        fresh();
        R(4) = 0x100000001ull;
        R(5) = 0x100000001ull;
        run(0x7c6429d2 /* mulld 3,4,5 */);
        CHECK_EQ(R(3), 0x200000001ull);
}

TEST(test_mulldo_overflow)
{
        fresh();
        R(4) = 0x4000000000000000ull;
        R(5) = 2;
        run(0x7c642dd2 /* mulldo 3,4,5 */);
        CHECK_EQ(R(3), 0x8000000000000000ull);
        CHECK_EQ(t.cpu.ov, 1);
        CHECK_EQ(t.cpu.ov32, 1);
        CHECK_EQ(t.cpu.so, 1);
}

TEST(test_mulldo_no_overflow_for_negative_product)
{
        fresh();
        t.cpu.ov = 1;
        R(4) = (uint64_t)-3;
        R(5) = 5;
        run(0x7c642dd2 /* mulldo 3,4,5 */);
        CHECK_EQ(R(3), (uint64_t)-15);
        CHECK_EQ(t.cpu.ov, 0);
}

TEST(test_mulhw_high_word_zero_extended)
{
        fresh();
        R(4) = 0x80000000;
        R(5) = 2;
        run(0x7c642896 /* mulhw 3,4,5 */);
        CHECK_EQ(R(3), 0xffffffffull);
}

TEST(test_mulhwu_unsigned_high_word)
{
        fresh();
        R(4) = 0xffffffff;
        R(5) = 0xffffffff;
        run(0x7c642816 /* mulhwu 3,4,5 */);
        CHECK_EQ(R(3), 0xfffffffe);
}

TEST(test_mulhd_signed_high_doubleword)
{
        fresh();
        R(4) = (uint64_t)-1;
        R(5) = 5;
        run(0x7c642893 /* mulhd. 3,4,5 */);
        CHECK_EQ(R(3), ~0ull);
        CHECK_EQ(CR0(), CR_LT);
}

TEST(test_mulhdu_unsigned_high_doubleword)
{
        fresh();
        R(4) = ~0ull;
        R(5) = ~0ull;
        run(0x7c642812 /* mulhdu 3,4,5 */);
        CHECK_EQ(R(3), 0xfffffffffffffffeull);
}

TEST(test_mulli_multiplies_by_signed_immediate)
{
        fresh();
        R(4) = 7;
        run(0x1c64fffd /* mulli 3,4,-3 */);
        CHECK_EQ(R(3), (uint64_t)-21);
}

/* ---- divide and modulo -------------------------------------------- */

TEST(test_divw_truncates_toward_zero_zero_extended)
{
        fresh();
        R(4) = (uint64_t)-7;
        R(5) = 2;
        run(0x7c642bd6 /* divw 3,4,5 */);
        CHECK_EQ(R(3), 0xfffffffdull);
}

TEST(test_divwo_by_zero_gives_dividend_and_overflow)
{
        fresh();
        R(4) = 0x1234567887654321ull;
        R(5) = 0xffffffff00000000ull;   /* low word 0 */
        run(0x7c642fd6 /* divwo 3,4,5 */);
        CHECK_EQ(R(3), 0x87654321ull);
        CHECK_EQ(t.cpu.ov, 1);
        CHECK_EQ(t.cpu.ov32, 1);
        CHECK_EQ(t.cpu.so, 1);
}

TEST(test_divwo_int_min_by_minus_one_overflows)
{
        fresh();
        R(4) = 0x80000000;
        R(5) = (uint64_t)-1;
        run(0x7c642fd7 /* divwo. 3,4,5 */);
        CHECK_EQ(R(3), 0x80000000ull);
        CHECK_EQ(t.cpu.ov, 1);
        CHECK_EQ(CR0(), CR_GT | CR_SO);
}

TEST(test_divwu_by_zero_gives_dividend)
{
        fresh();
        R(4) = 0xfffffff0;
        R(5) = 0;
        run(0x7c642b96 /* divwu 3,4,5 */);
        CHECK_EQ(R(3), 0xfffffff0);
}

TEST(test_divwuo_clears_ov_on_valid_division)
{
        fresh();
        t.cpu.ov = 1;
        t.cpu.ov32 = 1;
        R(4) = 0xfffffff0;
        R(5) = 0x10;
        run(0x7c642f96 /* divwuo 3,4,5 */);
        CHECK_EQ(R(3), 0x0fffffff);
        CHECK_EQ(t.cpu.ov, 0);
        CHECK_EQ(t.cpu.ov32, 0);
}

TEST(test_divd_signed)
{
        fresh();
        R(4) = (uint64_t)-100;
        R(5) = 7;
        run(0x7c642bd2 /* divd 3,4,5 */);
        CHECK_EQ(R(3), (uint64_t)-14);
}

TEST(test_divdo_int64_min_by_minus_one)
{
        fresh();
        R(4) = 0x8000000000000000ull;
        R(5) = ~0ull;
        run(0x7c642fd2 /* divdo 3,4,5 */);
        CHECK_EQ(R(3), 0x8000000000000000ull);
        CHECK_EQ(t.cpu.ov, 1);
}

TEST(test_divdu_by_zero_gives_dividend)
{
        fresh();
        R(4) = 1234;
        R(5) = 0;
        run(0x7c642f92 /* divduo 3,4,5 */);
        CHECK_EQ(R(3), 1234);
        CHECK_EQ(t.cpu.ov, 1);
}

TEST(test_divwe_quotient_fits)
{
        fresh();
        R(4) = 1;
        R(5) = 4;
        run(0x7c642f56 /* divweo 3,4,5 */);
        CHECK_EQ(R(3), 0x40000000);
        CHECK_EQ(t.cpu.ov, 0);
}

TEST(test_divwe_quotient_too_big_gives_zero)
{
        fresh();
        R(4) = 1;
        R(5) = 2;
        run(0x7c642f56 /* divweo 3,4,5 */);
        CHECK_EQ(R(3), 0);
        CHECK_EQ(t.cpu.ov, 1);
        CHECK_EQ(t.cpu.ov32, 1);
}

TEST(test_divwe_negative_quotient_sign_extended)
{
        fresh();
        R(4) = 1;
        R(5) = (uint64_t)-4;
        run(0x7c642b56 /* divwe 3,4,5 */);
        CHECK_EQ(R(3), 0xffffffffc0000000ull);
}

TEST(test_divweu_unsigned_extended)
{
        fresh();
        R(4) = 1;
        R(5) = 2;
        run(0x7c642b16 /* divweu 3,4,5 */);
        CHECK_EQ(R(3), 0x80000000);
}

TEST(test_divweu_by_zero_gives_zero)
{
        fresh();
        R(4) = 1;
        R(5) = 0;
        run(0x7c642f16 /* divweuo 3,4,5 */);
        CHECK_EQ(R(3), 0);
        CHECK_EQ(t.cpu.ov, 1);
}

TEST(test_divde_extended)
{
        fresh();
        R(4) = 1;
        R(5) = 4;
        run(0x7c642b52 /* divde 3,4,5 */);
        CHECK_EQ(R(3), 0x4000000000000000ull);
}

TEST(test_divdeo_quotient_too_big)
{
        fresh();
        R(4) = 1;
        R(5) = 2;
        run(0x7c642f52 /* divdeo 3,4,5 */);
        CHECK_EQ(R(3), 0);
        CHECK_EQ(t.cpu.ov, 1);
}

TEST(test_divdeu_extended)
{
        fresh();
        R(4) = 1;
        R(5) = 2;
        run(0x7c642b12 /* divdeu 3,4,5 */);
        CHECK_EQ(R(3), 0x8000000000000000ull);
}

TEST(test_divdeuo_dividend_not_below_divisor_overflows)
{
        fresh();
        R(4) = 5;
        R(5) = 5;
        run(0x7c642f13 /* divdeuo. 3,4,5 */);
        CHECK_EQ(R(3), 0);
        CHECK_EQ(t.cpu.ov, 1);
        CHECK_EQ(CR0(), CR_EQ | CR_SO);
}

TEST(test_modsw_sign_follows_dividend)
{
        fresh();
        R(4) = (uint64_t)-7;
        R(5) = 2;
        run(0x7c642e16 /* modsw 3,4,5 */);
        CHECK_EQ(R(3), ~0ull);
}

TEST(test_modsw_by_zero_gives_zero)
{
        fresh();
        R(4) = 7;
        R(5) = 0;
        run(0x7c642e16 /* modsw 3,4,5 */);
        CHECK_EQ(R(3), 0);
}

TEST(test_moduw_zero_extends)
{
        fresh();
        R(4) = 0xffffffff;
        R(5) = 0x10;
        run(0x7c642a16 /* moduw 3,4,5 */);
        CHECK_EQ(R(3), 0xf);
}

TEST(test_modsd_int64_min_by_minus_one_gives_zero)
{
        fresh();
        R(4) = 0x8000000000000000ull;
        R(5) = ~0ull;
        run(0x7c642e12 /* modsd 3,4,5 */);
        CHECK_EQ(R(3), 0);
}

TEST(test_modud_unsigned)
{
        fresh();
        R(4) = ~0ull;
        R(5) = 10;
        run(0x7c642a12 /* modud 3,4,5 */);
        CHECK_EQ(R(3), 5);
}

TEST(test_maddld_low_doubleword)
{
        fresh();
        R(4) = 3;
        R(5) = 4;
        R(6) = (uint64_t)-2;
        run(0x106429b3 /* maddld 3,4,5,6 */);
        CHECK_EQ(R(3), 10);
}

TEST(test_maddhd_signed_addend)
{
        fresh();
        R(4) = 1;
        R(5) = 1;
        R(6) = (uint64_t)-2;   /* 1 - 2 = -1: high doubleword all ones */
        run(0x106429b0 /* maddhd 3,4,5,6 */);
        CHECK_EQ(R(3), ~0ull);
}

TEST(test_maddhdu_unsigned_addend_carries)
{
        fresh();
        R(4) = ~0ull;
        R(5) = 1;
        R(6) = 1;
        run(0x106429b1 /* maddhdu 3,4,5,6 */);
        CHECK_EQ(R(3), 1);
}

/* ---- logical ---------------------------------------------------------- */

TEST(test_andi_rc_zero_sets_eq)
{
        fresh();
        t.cpu.so = 1;
        R(4) = 0xff00;
        run(0x708300ff /* andi. 3,4,0x00ff */);
        CHECK_EQ(R(3), 0);
        CHECK_EQ(CR0(), CR_EQ | CR_SO);
}

TEST(test_andis_rc_masks_high_halfword)
{
        fresh();
        R(4) = 0xffffffffffffffffull;
        run(0x74838000 /* andis. 3,4,0x8000 */);
        CHECK_EQ(R(3), 0x80000000);
        CHECK_EQ(CR0(), CR_GT);
}

TEST(test_ori_oris_xori_xoris)
{
        fresh();
        R(4) = 0x0f;
        run(0x6083f000 /* ori 3,4,0xf000 */);
        CHECK_EQ(R(3), 0xf00f);
        run(0x6463ffff /* oris 3,3,0xffff */);
        CHECK_EQ(R(3), 0xfffff00f);
        run(0x6863ffff /* xori 3,3,0xffff */);
        CHECK_EQ(R(3), 0xffff0ff0);
        run(0x6c63ffff /* xoris 3,3,0xffff */);
        CHECK_EQ(R(3), 0x0ff0);
}

TEST(test_logical_register_forms)
{
        fresh();
        R(4) = 0xcc;
        R(5) = 0xaa;
        run(0x7c832838 /* and 3,4,5 */);
        CHECK_EQ(R(3), 0x88);
        run(0x7c832878 /* andc 3,4,5 */);
        CHECK_EQ(R(3), 0x44);
        run(0x7c832b78 /* or 3,4,5 */);
        CHECK_EQ(R(3), 0xee);
        run(0x7c832b38 /* orc 3,4,5 */);
        CHECK_EQ(R(3), ~0x22ull);
        run(0x7c832a78 /* xor 3,4,5 */);
        CHECK_EQ(R(3), 0x66);
        run(0x7c832bb8 /* nand 3,4,5 */);
        CHECK_EQ(R(3), ~0x88ull);
        run(0x7c8328f8 /* nor 3,4,5 */);
        CHECK_EQ(R(3), ~0xeeull);
        run(0x7c832a38 /* eqv 3,4,5 */);
        CHECK_EQ(R(3), ~0x66ull);
}

TEST(test_xor_rc_sets_cr0)
{
        fresh();
        R(4) = 5;
        run(0x7c832279 /* xor. 3,4,4 */);
        CHECK_EQ(R(3), 0);
        CHECK_EQ(CR0(), CR_EQ);
}

TEST(test_nor_rc_negative)
{
        fresh();
        R(4) = 0;
        run(0x7c8320f9 /* nor. 3,4,4 */);
        CHECK_EQ(R(3), ~0ull);
        CHECK_EQ(CR0(), CR_LT);
}

TEST(test_or_priority_nop_changes_nothing)
{
        fresh();
        R(1) = 0x1234;
        t.cpu.cr = 0x20000000;
        CHECK_EQ(run(0x7c210b78 /* or 1,1,1 */), EMU_NEXT);
        CHECK_EQ(R(1), 0x1234);
        CHECK_EQ(t.cpu.cr, 0x20000000);
}

TEST(test_extsb_extsh_extsw)
{
        fresh();
        R(4) = 0x12345678ffff8080ull;
        run(0x7c830774 /* extsb 3,4 */);
        CHECK_EQ(R(3), 0xffffffffffffff80ull);
        run(0x7c830734 /* extsh 3,4 */);
        CHECK_EQ(R(3), 0xffffffffffff8080ull);
        run(0x7c8307b5 /* extsw. 3,4 */);
        CHECK_EQ(R(3), 0xffffffffffff8080ull);
        CHECK_EQ(CR0(), CR_LT);
}

TEST(test_cntlzw_of_zero_is_32)
{
        fresh();
        R(4) = 0xffffffff00000000ull;
        run(0x7c830035 /* cntlzw. 3,4 */);
        CHECK_EQ(R(3), 32);
        CHECK_EQ(CR0(), CR_GT);
}

TEST(test_cntlzw_counts_low_word)
{
        fresh();
        R(4) = 0x0000ffff00010000ull;
        run(0x7c830034 /* cntlzw 3,4 */);
        CHECK_EQ(R(3), 15);
}

TEST(test_cntlzd_of_zero_is_64)
{
        fresh();
        R(4) = 0;
        run(0x7c830074 /* cntlzd 3,4 */);
        CHECK_EQ(R(3), 64);
}

TEST(test_cntlzd_counts)
{
        fresh();
        R(4) = 0x0000000100000000ull;
        run(0x7c830074 /* cntlzd 3,4 */);
        CHECK_EQ(R(3), 31);
}

TEST(test_cnttzw_of_zero_is_32)
{
        fresh();
        R(4) = 0x100000000ull;
        run(0x7c830434 /* cnttzw 3,4 */);
        CHECK_EQ(R(3), 32);
}

TEST(test_cnttzd_of_zero_is_64_and_rc)
{
        fresh();
        R(4) = 0;
        run(0x7c830475 /* cnttzd. 3,4 */);
        CHECK_EQ(R(3), 64);
        CHECK_EQ(CR0(), CR_GT);
}

TEST(test_cnttzd_counts)
{
        fresh();
        R(4) = 0x8000000000000000ull;
        run(0x7c830474 /* cnttzd 3,4 */);
        CHECK_EQ(R(3), 63);
}

TEST(test_popcntb_per_byte)
{
        fresh();
        R(4) = 0xff0f030100000080ull;
        run(0x7c8300f4 /* popcntb 3,4 */);
        CHECK_EQ(R(3), 0x0804020100000001ull);
}

TEST(test_popcntw_per_word)
{
        fresh();
        R(4) = 0xffffffff00000003ull;
        run(0x7c8302f4 /* popcntw 3,4 */);
        CHECK_EQ(R(3), 0x0000002000000002ull);
}

TEST(test_popcntd)
{
        fresh();
        R(4) = ~0ull;
        run(0x7c8303f4 /* popcntd 3,4 */);
        CHECK_EQ(R(3), 64);
}

TEST(test_prtyw_per_word)
{
        fresh();
        R(4) = 0x0100000001010000ull;   /* high word: 1 odd byte; low: 2 */
        run(0x7c830134 /* prtyw 3,4 */);
        CHECK_EQ(R(3), 0x0000000100000000ull);
}

TEST(test_prtyd)
{
        fresh();
        R(4) = 0x0100000001010001ull;   /* four low bits set: even */
        run(0x7c830174 /* prtyd 3,4 */);
        CHECK_EQ(R(3), 0);
        R(4) = 0x01fe000000000000ull;
        run(0x7c830174 /* prtyd 3,4 */);
        CHECK_EQ(R(3), 1);
}

TEST(test_cmpb_bytewise_equality)
{
        fresh();
        R(4) = 0x1122334455667788ull;
        R(5) = 0x1100330055007700ull;
        run(0x7c832bf8 /* cmpb 3,4,5 */);
        CHECK_EQ(R(3), 0xff00ff00ff00ff00ull);
}

TEST(test_bpermd_gathers_bits)
{
        fresh();
        /* indexes 0, 63, 64 (out of range), 1, then 0x80 (out of range) x4 */
        R(4) = 0x003f400180808080ull;
        R(5) = 0x8000000000000001ull;   /* bits 0 and 63 set */
        run(0x7c8329f8 /* bpermd 3,4,5 */);
        CHECK_EQ(R(3), 0xc0);
}

TEST(test_extswsli_sign_extends_then_shifts)
{
        fresh();
        R(4) = 0x00000000ffffffffull;
        run(0x7c8326f5 /* extswsli. 3,4,4 */);
        CHECK_EQ(R(3), 0xfffffffffffffff0ull);
        CHECK_EQ(CR0(), CR_LT);
}

TEST(test_extswsli_shift_above_31)
{
        fresh();
        R(4) = 1;
        run(0x7c8346f6 /* extswsli 3,4,40 */);
        CHECK_EQ(R(3), 1ull << 40);
}

TEST(test_darn_reserved_l_fails)
{
        fresh();
        /* darn 3,3: L=3 is reserved */
        run(0x7c6305e6);
        CHECK_EQ(R(3), ~0ull);
}

TEST(test_darn_32bit_has_zero_high_word_unless_failed)
{
        fresh();
        run(0x7c6005e6 /* darn 3,0 */);
        CHECK(R(3) >> 32 == 0 || R(3) == ~0ull);
}

/* ---- compare, select, trap -------------------------------------------- */

TEST(test_cmpw_compares_low_words_signed)
{
        fresh();
        R(4) = 0x100000000ull;   /* low word 0 */
        R(5) = 1;
        run(0x7d842800 /* cmpw 3,4,5 */);
        CHECK_EQ(emu_get_crf(&t.cpu, 3), CR_LT);
}

TEST(test_cmpd_compares_doublewords)
{
        fresh();
        R(4) = 0x100000000ull;
        R(5) = 1;
        run(0x7da42800 /* cmpd 3,4,5 */);
        CHECK_EQ(emu_get_crf(&t.cpu, 3), CR_GT);
}

TEST(test_cmplw_unsigned_low_words)
{
        fresh();
        R(4) = 0xffffffff;
        R(5) = 1;
        run(0x7f842840 /* cmplw 7,4,5 */);
        CHECK_EQ(emu_get_crf(&t.cpu, 7), CR_GT);
}

TEST(test_cmpld_unsigned)
{
        fresh();
        R(4) = 1;
        R(5) = ~0ull;
        run(0x7c242840 /* cmpld 4,5 */);
        CHECK_EQ(CR0(), CR_LT);
}

TEST(test_cmpwi_copies_so)
{
        fresh();
        t.cpu.so = 1;
        R(4) = (uint64_t)-5;
        run(0x2d04fffb /* cmpwi 2,4,-5 */);
        CHECK_EQ(emu_get_crf(&t.cpu, 2), CR_EQ | CR_SO);
}

TEST(test_cmpdi_negative_immediate)
{
        fresh();
        R(4) = 0xffffffff;   /* positive as a doubleword */
        run(0x2c24ffff /* cmpdi 4,-1 */);
        CHECK_EQ(CR0(), CR_GT);
}

TEST(test_cmplwi_zero_extends_immediate)
{
        fresh();
        R(4) = 0x8000;
        run(0x2884ffff /* cmplwi 1,4,0xffff */);
        CHECK_EQ(emu_get_crf(&t.cpu, 1), CR_LT);
}

TEST(test_cmpldi_compares_doubleword)
{
        fresh();
        R(4) = 0x100000000ull;
        run(0x2824ffff /* cmpldi 4,0xffff */);
        CHECK_EQ(CR0(), CR_GT);
}

TEST(test_cmp_leaves_other_fields)
{
        fresh();
        t.cpu.cr = 0x12345678;
        R(4) = 1;
        R(5) = 1;
        run(0x7ca42800 /* cmpd 1,4,5 */);
        CHECK_EQ(t.cpu.cr, (0x12345678u & ~0x0f000000u) | 0x02000000u);
}

TEST(test_cmprb_single_range)
{
        fresh();
        R(4) = '5';
        R(5) = ('9' << 8) | '0';
        run(0x7c842980 /* cmprb 1,0,4,5 */);
        CHECK_EQ(emu_get_crf(&t.cpu, 1), CR_GT);
        R(4) = 'a';
        run(0x7c842980 /* cmprb 1,0,4,5 */);
        CHECK_EQ(emu_get_crf(&t.cpu, 1), 0);
}

TEST(test_cmprb_second_range_with_l1)
{
        fresh();
        t.cpu.so = 1;   /* not copied */
        R(4) = 'q';
        R(5) = ((uint64_t)(('z' << 8) | 'a') << 16) | ('9' << 8) | '0';
        run(0x7d242980 /* cmprb 2,1,4,5 */);
        CHECK_EQ(emu_get_crf(&t.cpu, 2), CR_GT);
}

TEST(test_cmpeqb_finds_byte)
{
        fresh();
        R(4) = 0x1234567800000042ull;   /* low byte 0x42 */
        R(5) = 0x0102034205060708ull;
        run(0x7e8429c0 /* cmpeqb 5,4,5 */);
        CHECK_EQ(emu_get_crf(&t.cpu, 5), CR_GT);
        R(5) = 0x0102034305060708ull;
        run(0x7e8429c0 /* cmpeqb 5,4,5 */);
        CHECK_EQ(emu_get_crf(&t.cpu, 5), 0);
}

TEST(test_setb_lt_gives_minus_one)
{
        fresh();
        emu_set_crf(&t.cpu, 1, CR_LT | CR_GT);
        run(0x7c640100 /* setb 3,1 */);
        CHECK_EQ(R(3), ~0ull);
}

TEST(test_setb_gt_gives_one)
{
        fresh();
        emu_set_crf(&t.cpu, 1, CR_GT | CR_EQ);
        run(0x7c640100 /* setb 3,1 */);
        CHECK_EQ(R(3), 1);
}

TEST(test_setb_otherwise_zero)
{
        fresh();
        emu_set_crf(&t.cpu, 1, CR_EQ | CR_SO);
        R(3) = 5;
        run(0x7c640100 /* setb 3,1 */);
        CHECK_EQ(R(3), 0);
}

TEST(test_mcrxrx_copies_ov_ov32_ca_ca32)
{
        fresh();
        t.cpu.ov = 1;
        t.cpu.ov32 = 0;
        t.cpu.ca = 0;
        t.cpu.ca32 = 1;
        t.cpu.so = 1;
        run(0x7f000480 /* mcrxrx 6 */);
        CHECK_EQ(emu_get_crf(&t.cpu, 6), 0x9);
}

TEST(test_isel_picks_ra_when_bit_set)
{
        fresh();
        emu_set_crf(&t.cpu, 1, CR_EQ);
        R(4) = 44;
        R(5) = 55;
        run(0x7c64299e /* isel 3,4,5,6 */);   /* CR bit 6 = cr1.eq */
        CHECK_EQ(R(3), 44);
}

TEST(test_isel_picks_rb_when_bit_clear)
{
        fresh();
        emu_set_crf(&t.cpu, 1, CR_GT);
        R(4) = 44;
        R(5) = 55;
        run(0x7c64299e /* isel 3,4,5,6 */);
        CHECK_EQ(R(3), 55);
}

TEST(test_isel_ra0_means_zero)
{
        fresh();
        t.cpu.cr = 0x80000000;
        R(0) = 99;
        R(5) = 55;
        run(0x7c60281e /* isel 3,0,5,0 */);
        CHECK_EQ(R(3), 0);
}

TEST(test_tw_traps_on_equal)
{
        fresh();
        R(4) = 0xffffffff00000007ull;
        R(5) = 7;
        CHECK_EQ(run(0x7c842808 /* tweq 4,5 */), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1000);
        CHECK_EQ(t.cpu.spr[SPR_SRR1] & SRR1_PROGRAM_TRAP, SRR1_PROGRAM_TRAP);
}

TEST(test_tw_no_trap_continues)
{
        fresh();
        R(4) = 1;
        R(5) = 2;
        CHECK_EQ(run(0x7d042808 /* twgt 4,5 */), EMU_NEXT);
        CHECK_EQ(t.cpu.nip, 0x1004);
}

TEST(test_tw_unsigned_compare_of_words)
{
        fresh();
        R(4) = 0x80000000;   /* negative word, large unsigned */
        R(5) = 1;
        CHECK_EQ(run(0x7c242808 /* twlgt 4,5 */), EMU_JUMP);
        fresh();
        R(4) = 0x80000000;
        R(5) = 1;
        CHECK_EQ(run(0x7d042808 /* twgt 4,5 */), EMU_NEXT);
}

TEST(test_twi_traps_on_less_than_immediate)
{
        fresh();
        R(4) = (uint64_t)-10;
        CHECK_EQ(run(0x0e04fffb /* twlti 4,-5 */), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
}

TEST(test_td_compares_doublewords)
{
        fresh();
        R(4) = 0x100000000ull;
        R(5) = 0;
        CHECK_EQ(run(0x7c842888 /* tdeq 4,5 */), EMU_NEXT);
        CHECK_EQ(run(0x7f042888 /* tdne 4,5 */), EMU_JUMP);
}

TEST(test_tdi_unsigned_less)
{
        fresh();
        R(4) = 3;
        CHECK_EQ(run(0x08440004 /* tdllti 4,4 */), EMU_JUMP);
}

TEST(test_trap_unconditional)
{
        fresh();
        CHECK_EQ(run(0x7fe00008 /* trap */), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
}

/* ---- rotate and shift ------------------------------------------------- */

TEST(test_rlwinm_shift_left)
{
        fresh();
        R(4) = 0xffffffff00000081ull;
        run(0x54832036 /* slwi 3,4,4 */);   /* rlwinm 3,4,4,0,27 */
        CHECK_EQ(R(3), 0x810);
}

TEST(test_rlwinm_mask_wraps)
{
        fresh();
        R(4) = 0x00000000123456ffull;
        run(0x54834706 /* rlwinm 3,4,8,28,3 */);   /* MB > ME: MASK(60, 35) */
        /* ROTL32 = 0x3456ff12 doubled; the mask keeps bits 0-35 and 60-63 */
        CHECK_EQ(R(3), 0x3456ff1230000002ull);
}

TEST(test_rlwinm_uses_only_low_word)
{
        fresh();
        R(4) = 0xabcdef0080000001ull;
        run(0x5483083e /* rotlwi 3,4,1 */);   /* rlwinm 3,4,1,0,31 */
        CHECK_EQ(R(3), 0x3);
}

TEST(test_rlwinm_rc_in_32bit_mode)
{
        fresh();
        t.cpu.msr &= ~MSR_SF;
        R(4) = 1;
        run(0x5483f83f /* rlwinm. 3,4,31,0,31 */);
        CHECK_EQ(R(3), 0x80000000);
        CHECK_EQ(CR0(), CR_LT);
}

TEST(test_rlwnm_rotates_by_rb_low_5_bits)
{
        fresh();
        R(4) = 0x80000001;
        R(5) = 0x21;   /* 33 -> 1 */
        run(0x5c83283e /* rlwnm 3,4,5,0,31 */);
        CHECK_EQ(R(3), 0x3);
}

TEST(test_rlwimi_inserts_under_mask)
{
        fresh();
        R(3) = 0xffffffffffffffffull;
        R(4) = 0x0000000000000005ull;
        run(0x5083452e /* rlwimi 3,4,8,20,23 */);
        CHECK_EQ(R(3), 0xfffffffffffff5ffull);
}

TEST(test_rldicl_clears_left)
{
        fresh();
        R(4) = 0x123456789abcdef0ull;
        run(0x78832020 /* rldicl 3,4,4,32 */);
        CHECK_EQ(R(3), 0x00000000abcdef01ull);
}

TEST(test_rldicl_as_srdi)
{
        fresh();
        R(4) = 0x8000000000000000ull;
        run(0x78830fe0 /* srdi 3,4,63 */);
        CHECK_EQ(R(3), 1);
}

TEST(test_rldicr_clears_right)
{
        fresh();
        R(4) = 0x123456789abcdef0ull;
        run(0x788341c4 /* rldicr 3,4,8,7 */);
        CHECK_EQ(R(3), 0x3400000000000000ull);
}

TEST(test_rldic_clears_both_sides)
{
        fresh();
        R(4) = ~0ull;
        run(0x78834428 /* rldic 3,4,8,48 */);   /* MASK(48, 55) */
        CHECK_EQ(R(3), 0xff00);
}

TEST(test_rldimi_inserts)
{
        fresh();
        R(3) = 0;
        R(4) = 0xff;
        run(0x7883060e /* rldimi 3,4,32,24 */);   /* MASK(24, 31) */
        CHECK_EQ(R(3), 0x000000ff00000000ull);
}

TEST(test_rldcl_rotates_by_rb)
{
        fresh();
        R(4) = 0x8000000000000001ull;
        R(5) = 65;   /* low 6 bits: 1 */
        run(0x78832811 /* rldcl. 3,4,5,0 */);
        CHECK_EQ(R(3), 3);
        CHECK_EQ(CR0(), CR_GT);
}

TEST(test_rldcr_rotates_and_clears_right)
{
        fresh();
        R(4) = 0x00000000000000ffull;
        R(5) = 60;
        run(0x788328d2 /* rldcr 3,4,5,3 */);
        CHECK_EQ(R(3), 0xf000000000000000ull);
}

TEST(test_slw_truncates_to_word)
{
        fresh();
        R(4) = 0x80000001;
        R(5) = 1;
        run(0x7c832830 /* slw 3,4,5 */);
        CHECK_EQ(R(3), 2);
}

TEST(test_slw_by_32_or_more_is_zero)
{
        fresh();
        R(4) = 0xffffffff;
        R(5) = 32;
        run(0x7c832831 /* slw. 3,4,5 */);
        CHECK_EQ(R(3), 0);
        CHECK_EQ(CR0(), CR_EQ);
}

TEST(test_slw_uses_six_bits_of_rb)
{
        fresh();
        R(4) = 1;
        R(5) = 0x41;   /* 65 & 63 = 1 */
        run(0x7c832830 /* slw 3,4,5 */);
        CHECK_EQ(R(3), 2);
}

TEST(test_srw_zero_fills)
{
        fresh();
        R(4) = 0xffffffff80000000ull;
        R(5) = 31;
        run(0x7c832c30 /* srw 3,4,5 */);
        CHECK_EQ(R(3), 1);
        R(5) = 63;
        run(0x7c832c30 /* srw 3,4,5 */);
        CHECK_EQ(R(3), 0);
}

TEST(test_sld_by_64_is_zero)
{
        fresh();
        R(4) = 1;
        R(5) = 64;
        run(0x7c832836 /* sld 3,4,5 */);
        CHECK_EQ(R(3), 0);
        R(5) = 63;
        run(0x7c832836 /* sld 3,4,5 */);
        CHECK_EQ(R(3), 0x8000000000000000ull);
}

TEST(test_srd_by_64_to_127_is_zero)
{
        fresh();
        R(4) = ~0ull;
        R(5) = 127;
        run(0x7c832c36 /* srd 3,4,5 */);
        CHECK_EQ(R(3), 0);
        R(5) = 128 + 4;   /* only 7 bits count */
        run(0x7c832c36 /* srd 3,4,5 */);
        CHECK_EQ(R(3), 0x0fffffffffffffffull);
}

TEST(test_sraw_negative_with_lost_ones_sets_ca)
{
        fresh();
        R(4) = 0xfffffff9;   /* -7 */
        R(5) = 1;
        run(0x7c832e30 /* sraw 3,4,5 */);
        CHECK_EQ(R(3), (uint64_t)-4);
        CHECK_EQ(t.cpu.ca, 1);
        CHECK_EQ(t.cpu.ca32, 1);
}

TEST(test_sraw_negative_exact_clears_ca)
{
        fresh();
        t.cpu.ca = 1;
        t.cpu.ca32 = 1;
        R(4) = 0xfffffff8;   /* -8 */
        R(5) = 2;
        run(0x7c832e30 /* sraw 3,4,5 */);
        CHECK_EQ(R(3), (uint64_t)-2);
        CHECK_EQ(t.cpu.ca, 0);
        CHECK_EQ(t.cpu.ca32, 0);
}

TEST(test_sraw_positive_never_sets_ca)
{
        fresh();
        R(4) = 0x7;
        R(5) = 1;
        run(0x7c832e30 /* sraw 3,4,5 */);
        CHECK_EQ(R(3), 3);
        CHECK_EQ(t.cpu.ca, 0);
}

TEST(test_sraw_by_32_or_more_fills_with_sign)
{
        fresh();
        R(4) = 0x80000000;
        R(5) = 40;
        run(0x7c832e31 /* sraw. 3,4,5 */);
        CHECK_EQ(R(3), ~0ull);
        CHECK_EQ(t.cpu.ca, 1);
        CHECK_EQ(CR0(), CR_LT);
}

TEST(test_sraw_ignores_high_word)
{
        fresh();
        R(4) = 0x8000000000000010ull;
        R(5) = 4;
        run(0x7c832e30 /* sraw 3,4,5 */);
        CHECK_EQ(R(3), 1);
        CHECK_EQ(t.cpu.ca, 0);
}

TEST(test_srawi_sets_ca)
{
        fresh();
        R(4) = 0xffffffff;   /* -1 */
        run(0x7c832670 /* srawi 3,4,4 */);
        CHECK_EQ(R(3), ~0ull);
        CHECK_EQ(t.cpu.ca, 1);
}

TEST(test_srawi_by_zero_clears_ca)
{
        fresh();
        t.cpu.ca = 1;
        R(4) = 0x80000000;
        run(0x7c830670 /* srawi 3,4,0 */);
        CHECK_EQ(R(3), 0xffffffff80000000ull);
        CHECK_EQ(t.cpu.ca, 0);
}

TEST(test_srad_by_64_or_more_fills_with_sign)
{
        fresh();
        R(4) = 0x8000000000000000ull;
        R(5) = 64;
        run(0x7c832e34 /* srad 3,4,5 */);
        CHECK_EQ(R(3), ~0ull);
        CHECK_EQ(t.cpu.ca, 1);
        CHECK_EQ(t.cpu.ca32, 1);
}

TEST(test_srad_by_63_of_int64_min_loses_only_zeros)
{
        fresh();
        R(4) = 0x8000000000000000ull;
        R(5) = 63;
        run(0x7c832e34 /* srad 3,4,5 */);
        CHECK_EQ(R(3), ~0ull);
        CHECK_EQ(t.cpu.ca, 0);
}

TEST(test_srad_positive_by_100_is_zero)
{
        fresh();
        t.cpu.ca = 1;
        R(4) = 0x7fffffffffffffffull;
        R(5) = 100;
        run(0x7c832e35 /* srad. 3,4,5 */);
        CHECK_EQ(R(3), 0);
        CHECK_EQ(t.cpu.ca, 0);
        CHECK_EQ(CR0(), CR_EQ);
}

TEST(test_sradi_large_shift_sets_ca)
{
        fresh();
        R(4) = 0xfffffffffffffff1ull;
        run(0x7c830e76 /* sradi 3,4,33 */);
        CHECK_EQ(R(3), ~0ull);
        CHECK_EQ(t.cpu.ca, 1);
}

TEST(test_sradi_positive)
{
        fresh();
        R(4) = 0x0000100000000000ull;
        run(0x7c836676 /* sradi 3,4,44 */);
        CHECK_EQ(R(3), 1);
        CHECK_EQ(t.cpu.ca, 0);
}

/* ---- more edge cases ------------------------------------------------ */

TEST(test_divde_signed_overflow_gives_zero)
{
        fresh();
        /* 0x1f * 2^64 / 0x20 = 0xf800000000000000 > INT64_MAX (QEMU 7.2
         * misses this overflow; see op_int.c) */
        R(4) = 0x1f;
        R(5) = 0x20;
        run(0x7c642f52 /* divdeo 3,4,5 */);
        CHECK_EQ(R(3), 0);
        CHECK_EQ(t.cpu.ov, 1);
        CHECK_EQ(t.cpu.ov32, 1);
}

TEST(test_divde_negative_quotient)
{
        fresh();
        R(4) = ~0ull;   /* -1 * 2^64 */
        R(5) = 4;
        run(0x7c642b52 /* divde 3,4,5 */);
        CHECK_EQ(R(3), 0xc000000000000000ull);
}

TEST(test_subfc_in_32bit_mode_ca_from_low_word)
{
        fresh();
        t.cpu.msr &= ~MSR_SF;
        R(4) = 1;
        R(5) = 0x100000000ull;   /* no 64-bit borrow, but a low-word one */
        run(0x7c642810 /* subfc 3,4,5 */);
        CHECK_EQ(R(3), 0xffffffffull);
        CHECK_EQ(t.cpu.ca, 0);
        CHECK_EQ(t.cpu.ca32, 0);
}

TEST(test_addex_in_32bit_mode_carry_from_low_word)
{
        fresh();
        t.cpu.msr &= ~MSR_SF;
        R(4) = 0xffffffff;
        R(5) = 1;
        run(0x7c642954 /* addex 3,4,5,0 */);
        CHECK_EQ(R(3), 0x100000000ull);
        CHECK_EQ(t.cpu.ov, 1);
        CHECK_EQ(t.cpu.ov32, 1);
}

TEST(test_mulhw_rc_compares_zero_extended_result)
{
        fresh();
        R(4) = (uint64_t)-1;
        R(5) = 1;   /* high word of -1 is 0xffffffff: positive once zero-extended */
        run(0x7c642897 /* mulhw. 3,4,5 */);
        CHECK_EQ(R(3), 0xffffffffull);
        CHECK_EQ(CR0(), CR_GT);
}

TEST(test_divw_rc_in_32bit_mode_sees_negative_quotient)
{
        fresh();
        t.cpu.msr &= ~MSR_SF;
        R(4) = (uint64_t)-8;
        R(5) = 2;
        run(0x7c642bd7 /* divw. 3,4,5 */);
        CHECK_EQ(R(3), 0xfffffffcull);
        CHECK_EQ(CR0(), CR_LT);
}

TEST(test_twi_to_zero_never_traps)
{
        fresh();
        R(4) = 0;
        CHECK_EQ(run(0x0c040000 /* twi 0,4,0 */), EMU_NEXT);
}

TEST(test_rldimi_wrapping_mask)
{
        fresh();
        R(3) = 0x5555555555555555ull;
        R(4) = ~0ull;
        run(0x7883472c /* rldimi 3,4,8,60 */);   /* MASK(60, 55) wraps: all but bits 56-59 */
        CHECK_EQ(R(3), 0xffffffffffffff0full | 0x50ull);
}

TEST(test_rlwinm_full_mask_zero_shift_clears_high_word)
{
        fresh();
        R(4) = 0xffffffff12345678ull;
        run(0x78830020 /* clrldi 3,4,32 */);
        CHECK_EQ(R(3), 0x12345678);
        run(0x5483003e /* rlwinm 3,4,0,0,31 */);
        CHECK_EQ(R(3), 0x12345678);
}
