/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VMX decimal integer instructions (bcdadd. ... bcdutrunc.): results, the
 * preferred sign codes PS selects, CR6 (LT/GT/EQ, SO for overflow, SO
 * alone for an invalid operand) and the national and zoned formats.
 */
#include "harness.h"
#include "test.h"

#define RAM_SIZE 0x10000u

/* VX form with bit 21 set: the decimal instructions (PS in bit 22). */
static uint32_t bcd(unsigned xo, unsigned t, unsigned a, unsigned b, unsigned ps)
{
        return (4u << 26) | (t << 21) | (a << 16) | (b << 11) | 0x400u | (ps << 9) | xo;
}

#define BCDADD    0x001
#define BCDSUB    0x041
#define BCDUS     0x081
#define BCDS      0x0c1
#define BCDTRUNC  0x101
#define BCDUTRUNC 0x141
#define BCDCONV   0x181     /* sub-opcode in the VRA field */
#define BCDSR     0x1c1
#define BCDCPSGN_WORD(t, a, b) ((4u << 26) | ((t) << 21) | ((a) << 16) | ((b) << 11) | 833u)

#define SUB_CTSQ 0
#define SUB_CFSQ 2
#define SUB_CTZ  4
#define SUB_CTN  5
#define SUB_CFZ  6
#define SUB_CFN  7
#define SUB_SETSGN 31

static void setup(struct emu_test *t) { emu_test_init(t, RAM_SIZE); }

static void set_vr(struct emu_test *t, unsigned n, uint64_t hi, uint64_t lo)
{
        t->cpu.vsr[32 + n] = (struct emu_vsr){ hi, lo };
}

#define VR_HI(t, n) ((t).cpu.vsr[32 + (n)].hi)
#define VR_LO(t, n) ((t).cpu.vsr[32 + (n)].lo)
#define CR6(t)      emu_get_crf(&(t).cpu, 6)

/* 31 nines and a plus sign. */
#define NINES_HI 0x9999999999999999ull
#define NINES_LO 0x999999999999999cull

/* ---- add, subtract ---- */

TEST(test_bcdadd_adds_two_positive_numbers)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0, 0x123c);
        set_vr(&t, 2, 0, 0x456c);
        CHECK_EQ(emu_test_step(&t, bcd(BCDADD, 3, 1, 2, 0)), EMU_NEXT);
        CHECK_EQ(VR_HI(t, 3), 0);
        CHECK_EQ(VR_LO(t, 3), 0x579c);
        CHECK_EQ(CR6(t), CR_GT);
        emu_test_fini(&t);
}

TEST(test_bcdadd_with_ps_writes_sign_code_f)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0, 0x123a);
        set_vr(&t, 2, 0, 0x456e);
        emu_test_step(&t, bcd(BCDADD, 3, 1, 2, 1));
        CHECK_EQ(VR_LO(t, 3), 0x579f);
        emu_test_fini(&t);
}

TEST(test_bcdadd_of_opposite_signs_takes_the_larger_ones_sign)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0, 0x5c);
        set_vr(&t, 2, 0, 0x7b);               /* -7 */
        emu_test_step(&t, bcd(BCDADD, 3, 1, 2, 0));
        CHECK_EQ(VR_LO(t, 3), 0x2d);
        CHECK_EQ(CR6(t), CR_LT);
        emu_test_fini(&t);
}

TEST(test_bcdadd_overflow_keeps_31_digits_and_sets_so)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, NINES_HI, NINES_LO);
        set_vr(&t, 2, 0, 0x1c);
        emu_test_step(&t, bcd(BCDADD, 3, 1, 2, 0));
        CHECK_EQ(VR_HI(t, 3), 0);
        CHECK_EQ(VR_LO(t, 3), 0xc);
        CHECK_EQ(CR6(t), CR_EQ | CR_SO);
        emu_test_fini(&t);
}

TEST(test_bcdsub_of_equal_values_is_plus_zero)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0, 0x42d);
        emu_test_step(&t, bcd(BCDSUB, 3, 1, 1, 0));
        CHECK_EQ(VR_LO(t, 3), 0xc);
        CHECK_EQ(CR6(t), CR_EQ);
        emu_test_fini(&t);
}

TEST(test_bcdadd_of_an_invalid_digit_sets_cr6_to_so_alone)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0, 0x1a3c);
        set_vr(&t, 2, 0, 0x1c);
        emu_test_step(&t, bcd(BCDADD, 3, 1, 2, 0));
        CHECK_EQ(CR6(t), CR_SO);
        emu_test_fini(&t);
}

TEST(test_bcdadd_of_an_invalid_sign_code_sets_cr6_to_so_alone)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0, 0x123);             /* sign nibble 3 */
        set_vr(&t, 2, 0, 0x1c);
        emu_test_step(&t, bcd(BCDADD, 3, 1, 2, 0));
        CHECK_EQ(CR6(t), CR_SO);
        emu_test_fini(&t);
}

/* ---- sign operations ---- */

TEST(test_bcdcpsgn_takes_digits_of_vra_and_sign_of_vrb)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0, 0x987c);
        set_vr(&t, 2, 0, 0x1b);
        emu_test_step(&t, BCDCPSGN_WORD(3, 1, 2));
        CHECK_EQ(VR_LO(t, 3), 0x987b);
        CHECK_EQ(CR6(t), CR_LT);
        emu_test_fini(&t);
}

TEST(test_bcdsetsgn_writes_the_preferred_plus_code)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0, 0x77a);
        emu_test_step(&t, bcd(BCDCONV, 3, SUB_SETSGN, 2, 1));
        CHECK_EQ(VR_LO(t, 3), 0x77f);
        CHECK_EQ(CR6(t), CR_GT);
        emu_test_fini(&t);
}

/* ---- national, zoned, signed quadword ---- */

TEST(test_bcdcfn_reads_seven_digits_and_a_minus_sign)
{
        struct emu_test t;
        setup(&t);
        /* "0001234-" as UTF-16 */
        set_vr(&t, 2, 0x0030003000300031ull, 0x003200330034002dull);
        emu_test_step(&t, bcd(BCDCONV, 3, SUB_CFN, 2, 0));
        CHECK_EQ(VR_LO(t, 3), 0x1234d);
        CHECK_EQ(CR6(t), CR_LT);
        emu_test_fini(&t);
}

TEST(test_bcdcfn_of_a_non_digit_character_is_invalid)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0x0030003000300041ull, 0x003200330034002bull);   /* 'A' */
        emu_test_step(&t, bcd(BCDCONV, 3, SUB_CFN, 2, 0));
        CHECK_EQ(CR6(t), CR_SO);
        emu_test_fini(&t);
}

TEST(test_bcdctn_writes_national_characters)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0, 0x1234c);
        emu_test_step(&t, bcd(BCDCONV, 3, SUB_CTN, 2, 0));
        CHECK_EQ(VR_HI(t, 3), 0x0030003000300031ull);
        CHECK_EQ(VR_LO(t, 3), 0x003200330034002bull);
        CHECK_EQ(CR6(t), CR_GT);
        emu_test_fini(&t);
}

TEST(test_bcdctn_of_more_than_seven_digits_sets_so)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0, 0x123456789c);
        emu_test_step(&t, bcd(BCDCONV, 3, SUB_CTN, 2, 0));
        CHECK_EQ(VR_HI(t, 3), 0x0033003400350036ull);         /* "3456789+" */
        CHECK_EQ(VR_LO(t, 3), 0x003700380039002bull);
        CHECK_EQ(CR6(t), CR_GT | CR_SO);
        emu_test_fini(&t);
}

TEST(test_bcdcfz_ascii_zone_seven_is_negative)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0x3030303030303030ull, 0x3030303031323375ull);   /* ...123 5, zone 7 */
        emu_test_step(&t, bcd(BCDCONV, 3, SUB_CFZ, 2, 0));
        CHECK_EQ(VR_LO(t, 3), 0x1235d);
        CHECK_EQ(CR6(t), CR_LT);
        emu_test_fini(&t);
}

TEST(test_bcdcfz_ebcdic_plus_is_written_as_sign_c)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0xf0f0f0f0f0f0f0f0ull, 0xf0f0f0f0f0f0f4f2ull);
        emu_test_step(&t, bcd(BCDCONV, 3, SUB_CFZ, 2, 1));
        CHECK_EQ(VR_LO(t, 3), 0x42c);
        emu_test_fini(&t);
}

TEST(test_bcdcfz_of_a_wrong_zone_is_invalid)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0x3030303030303030ull, 0x3030303030304032ull);   /* zone 4 */
        emu_test_step(&t, bcd(BCDCONV, 3, SUB_CFZ, 2, 0));
        CHECK_EQ(CR6(t), CR_SO);
        emu_test_fini(&t);
}

TEST(test_bcdctz_ebcdic_writes_f_zones_and_sign_d)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0, 0x42d);
        emu_test_step(&t, bcd(BCDCONV, 3, SUB_CTZ, 2, 1));
        CHECK_EQ(VR_HI(t, 3), 0xf0f0f0f0f0f0f0f0ull);
        CHECK_EQ(VR_LO(t, 3), 0xf0f0f0f0f0f0f4d2ull);
        CHECK_EQ(CR6(t), CR_LT);
        emu_test_fini(&t);
}

TEST(test_bcdcfsq_converts_minus_one)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, ~0ull, ~0ull);
        emu_test_step(&t, bcd(BCDCONV, 3, SUB_CFSQ, 2, 0));
        CHECK_EQ(VR_HI(t, 3), 0);
        CHECK_EQ(VR_LO(t, 3), 0x1d);
        CHECK_EQ(CR6(t), CR_LT);
        emu_test_fini(&t);
}

TEST(test_bcdcfsq_of_ten_to_the_31_overflows)
{
        struct emu_test t;
        setup(&t);
        /* 10^31 = 0x7e37be2022c0914b2680000000 */
        set_vr(&t, 2, 0x0000007e37be2022ull, 0xc0914b2680000000ull);
        emu_test_step(&t, bcd(BCDCONV, 3, SUB_CFSQ, 2, 0));
        CHECK(CR6(t) & CR_SO);
        emu_test_fini(&t);
}

TEST(test_bcdctsq_converts_to_a_negative_quadword)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0, 0x1234d);
        emu_test_step(&t, bcd(BCDCONV, 3, SUB_CTSQ, 2, 0));
        CHECK_EQ(VR_HI(t, 3), ~0ull);
        CHECK_EQ(VR_LO(t, 3), (uint64_t)-1234);
        CHECK_EQ(CR6(t), CR_LT);
        emu_test_fini(&t);
}

/* ---- shifts and truncation ---- */

TEST(test_bcds_shifts_left_by_the_byte_in_vra)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 2, 0);                  /* byte 7 = 2 */
        set_vr(&t, 2, 0, 0x123c);
        emu_test_step(&t, bcd(BCDS, 3, 1, 2, 0));
        CHECK_EQ(VR_LO(t, 3), 0x12300c);
        CHECK_EQ(CR6(t), CR_GT);
        emu_test_fini(&t);
}

TEST(test_bcds_right_shift_truncates)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0xff, 0);               /* -1 */
        set_vr(&t, 2, 0, 0x129c);
        emu_test_step(&t, bcd(BCDS, 3, 1, 2, 0));
        CHECK_EQ(VR_LO(t, 3), 0x12c);
        emu_test_fini(&t);
}

TEST(test_bcds_left_shift_losing_a_digit_sets_so)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 1, 0);
        set_vr(&t, 2, NINES_HI, NINES_LO);
        emu_test_step(&t, bcd(BCDS, 3, 1, 2, 0));
        CHECK_EQ(VR_LO(t, 3), 0x999999999999990cull);
        CHECK_EQ(CR6(t), CR_GT | CR_SO);
        emu_test_fini(&t);
}

TEST(test_bcdsr_rounds_half_up)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0xff, 0);
        set_vr(&t, 2, 0, 0x125d);
        emu_test_step(&t, bcd(BCDSR, 3, 1, 2, 0));
        CHECK_EQ(VR_LO(t, 3), 0x13d);
        CHECK_EQ(CR6(t), CR_LT);
        emu_test_fini(&t);
}

TEST(test_bcdus_shifts_32_unsigned_digits)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 3, 0);
        set_vr(&t, 2, 0, 0x1234);
        emu_test_step(&t, bcd(BCDUS, 3, 1, 2, 0));
        CHECK_EQ(VR_LO(t, 3), 0x1234000);
        CHECK_EQ(CR6(t), CR_GT);
        emu_test_fini(&t);
}

TEST(test_bcdus_of_a_sign_nibble_is_invalid)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 1, 0);
        set_vr(&t, 2, 0, 0x123c);
        emu_test_step(&t, bcd(BCDUS, 3, 1, 2, 0));
        CHECK_EQ(CR6(t), CR_SO);
        emu_test_fini(&t);
}

TEST(test_bcdtrunc_keeps_the_low_digits_and_reports_the_loss)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 2, 0);                  /* halfword 3 = 2 */
        set_vr(&t, 2, 0, 0x12345c);
        emu_test_step(&t, bcd(BCDTRUNC, 3, 1, 2, 0));
        CHECK_EQ(VR_LO(t, 3), 0x45c);
        CHECK_EQ(CR6(t), CR_GT | CR_SO);
        emu_test_fini(&t);
}

TEST(test_bcdutrunc_to_zero_digits_is_zero)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0, 0);
        set_vr(&t, 2, 0, 0x98);
        emu_test_step(&t, bcd(BCDUTRUNC, 3, 1, 2, 0));
        CHECK_EQ(VR_LO(t, 3), 0);
        CHECK_EQ(CR6(t), CR_EQ | CR_SO);
        emu_test_fini(&t);
}

TEST(test_bcd_instruction_without_msr_vec_is_vmx_unavailable)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr &= ~MSR_VEC;
        CHECK_EQ(emu_test_step(&t, bcd(BCDADD, 3, 1, 2, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_VMX_UNAVAILABLE);
        emu_test_fini(&t);
}
