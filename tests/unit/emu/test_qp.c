/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VSX scalar quad-precision instructions: exact binary128 results of
 * arithmetic (one rounding, every rounding mode, round-to-odd forms, the
 * fused multiply-add's single rounding), compares, conversions, rounding,
 * exponent/significand operations and the FPSCR status and enabled
 * exceptions.  Expected values were computed with exact rational
 * arithmetic (Python fractions), independently of the emulator.
 */
#include "harness.h"
#include "test.h"
#include "vcpu/emu/fpu.h"

#define RAM_SIZE 0x10000u

/* X form of opcode 63 on VRs: t, a, b are VR numbers (VSR 32+n); ro is
 * bit 31 (RO, EX). */
static uint32_t x63(unsigned xo, unsigned t, unsigned a, unsigned b, unsigned ro)
{
        return (63u << 26) | (t << 21) | (a << 16) | (b << 11) | (xo << 1) | ro;
}

/* Z23 form (xsrqpi, xsrqpxp): R in bit 15, RMC in bits 21-22. */
static uint32_t z23(unsigned xo, unsigned t, unsigned r, unsigned b, unsigned rmc, unsigned ex)
{
        return (63u << 26) | (t << 21) | (r << 16) | (b << 11) | (rmc << 9) | (xo << 1) | ex;
}

#define XSADDQP    4
#define XSMULQP    36
#define XSCMPOQP   132
#define XSCMPEXPQP 164
#define XSMADDQP   388
#define XSNMSUBQP  484
#define XSSUBQP    516
#define XSDIVQP    548
#define XSCMPUQP   644
#define XSTSTDCQP  708
#define XS804      804     /* xsabsqp ... xssqrtqp, sub-opcode in VRA */
#define XSIEXPQP   868
#define XS836      836     /* conversions, sub-opcode in VRA */
#define XSRQPI     5
#define XSRQPXP    37

#define ONE_HI      0x3fff000000000000ull
#define TWO_HI      0x4000000000000000ull
#define QP_INF_HI   0x7fff000000000000ull
#define QP_QNAN_HI  0x7fff800000000000ull
#define QP_SNAN_HI  0x7fff400000000000ull

static void setup(struct emu_test *t) { emu_test_init(t, RAM_SIZE); }

static void set_vr(struct emu_test *t, unsigned n, uint64_t hi, uint64_t lo)
{
        t->cpu.vsr[32 + n] = (struct emu_vsr){ hi, lo };
}

#define VR_HI(t, n) ((t).cpu.vsr[32 + (n)].hi)
#define VR_LO(t, n) ((t).cpu.vsr[32 + (n)].lo)
#define FPRF(t)     (((t).cpu.fpscr >> FPSCR_FPRF_SHIFT) & 0x1f)

/* ---- add, subtract: rounding modes ---- */

TEST(test_xsaddqp_adds_one_and_two_exactly)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, ONE_HI, 0);
        set_vr(&t, 2, TWO_HI, 0);
        CHECK_EQ(emu_test_step(&t, x63(XSADDQP, 3, 1, 2, 0)), EMU_NEXT);
        CHECK_EQ(VR_HI(t, 3), 0x4000800000000000ull);
        CHECK_EQ(VR_LO(t, 3), 0);
        CHECK_EQ(FPRF(t), FPRF_POS_NORM);
        CHECK_EQ(t.cpu.fpscr & (FPSCR_FI | FPSCR_XX), 0);
        emu_test_fini(&t);
}

/* 1 + 2^-113 is exactly halfway between 1 and its successor. */
static void half_ulp_sum(struct emu_test *t, unsigned rn, unsigned ro)
{
        setup(t);
        t->cpu.fpscr = rn;
        set_vr(t, 1, ONE_HI, 0);
        set_vr(t, 2, 0x3f8e000000000000ull, 0);
        emu_test_step(t, x63(XSADDQP, 3, 1, 2, ro));
}

TEST(test_xsaddqp_ties_to_even_in_round_to_nearest)
{
        struct emu_test t;
        half_ulp_sum(&t, FPSCR_RN_NEAREST, 0);
        CHECK_EQ(VR_HI(t, 3), ONE_HI);
        CHECK_EQ(VR_LO(t, 3), 0);
        CHECK_EQ(t.cpu.fpscr & (FPSCR_FI | FPSCR_XX | FPSCR_FR), FPSCR_FI | FPSCR_XX);
        emu_test_fini(&t);
}

TEST(test_xsaddqp_rounds_up_toward_plus_infinity)
{
        struct emu_test t;
        half_ulp_sum(&t, FPSCR_RN_PINF, 0);
        CHECK_EQ(VR_LO(t, 3), 1);
        CHECK(t.cpu.fpscr & FPSCR_FR);
        emu_test_fini(&t);
}

TEST(test_xsaddqp_truncates_toward_minus_infinity_for_a_positive_sum)
{
        struct emu_test t;
        half_ulp_sum(&t, FPSCR_RN_MINF, 0);
        CHECK_EQ(VR_HI(t, 3), ONE_HI);
        CHECK_EQ(VR_LO(t, 3), 0);
        emu_test_fini(&t);
}

TEST(test_xsaddqpo_rounds_to_odd_whatever_rn_says)
{
        struct emu_test t;
        half_ulp_sum(&t, FPSCR_RN_ZERO, 1);
        CHECK_EQ(VR_HI(t, 3), ONE_HI);
        CHECK_EQ(VR_LO(t, 3), 1);
        CHECK_EQ(t.cpu.fpscr & (FPSCR_FI | FPSCR_XX), FPSCR_FI | FPSCR_XX);
        emu_test_fini(&t);
}

TEST(test_xssubqp_of_equal_values_is_plus_zero)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x4000800000000000ull, 0);
        CHECK_EQ(emu_test_step(&t, x63(XSSUBQP, 3, 1, 1, 0)), EMU_NEXT);
        CHECK_EQ(VR_HI(t, 3), 0);
        CHECK_EQ(FPRF(t), FPRF_POS_ZERO);
        emu_test_fini(&t);
}

TEST(test_xssubqp_of_equal_values_is_minus_zero_rounding_toward_minus_infinity)
{
        struct emu_test t;
        setup(&t);
        t.cpu.fpscr = FPSCR_RN_MINF;
        set_vr(&t, 1, 0x4000800000000000ull, 0);
        emu_test_step(&t, x63(XSSUBQP, 3, 1, 1, 0));
        CHECK_EQ(VR_HI(t, 3), 0x8000000000000000ull);
        CHECK_EQ(FPRF(t), FPRF_NEG_ZERO);
        emu_test_fini(&t);
}

/* ---- multiply, divide, square root ---- */

TEST(test_xsmulqp_rounds_the_226_bit_product_once)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, ONE_HI, 0x0010000000000000ull);         /* 1 + 2^-60 */
        emu_test_step(&t, x63(XSMULQP, 3, 1, 1, 0));
        CHECK_EQ(VR_HI(t, 3), ONE_HI);                        /* 1 + 2^-59 (+ 2^-120 lost) */
        CHECK_EQ(VR_LO(t, 3), 0x0020000000000000ull);
        CHECK(t.cpu.fpscr & FPSCR_XX);
        emu_test_fini(&t);
}

TEST(test_xsdivqp_one_third_rounds_to_nearest)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, ONE_HI, 0);
        set_vr(&t, 2, 0x4000800000000000ull, 0);
        emu_test_step(&t, x63(XSDIVQP, 3, 1, 2, 0));
        CHECK_EQ(VR_HI(t, 3), 0x3ffd555555555555ull);
        CHECK_EQ(VR_LO(t, 3), 0x5555555555555555ull);
        emu_test_fini(&t);
}

TEST(test_xsdivqp_one_third_rounds_up_toward_plus_infinity)
{
        struct emu_test t;
        setup(&t);
        t.cpu.fpscr = FPSCR_RN_PINF;
        set_vr(&t, 1, ONE_HI, 0);
        set_vr(&t, 2, 0x4000800000000000ull, 0);
        emu_test_step(&t, x63(XSDIVQP, 3, 1, 2, 0));
        CHECK_EQ(VR_LO(t, 3), 0x5555555555555556ull);
        emu_test_fini(&t);
}

TEST(test_xsdivqp_by_zero_sets_zx_and_gives_infinity)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, ONE_HI, 0);
        set_vr(&t, 2, 0, 0);
        emu_test_step(&t, x63(XSDIVQP, 3, 1, 2, 0));
        CHECK_EQ(VR_HI(t, 3), QP_INF_HI);
        CHECK(t.cpu.fpscr & FPSCR_ZX);
        emu_test_fini(&t);
}

TEST(test_xssqrtqp_of_two_is_correctly_rounded)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, TWO_HI, 0);
        CHECK_EQ(emu_test_step(&t, x63(XS804, 3, 27, 2, 0)), EMU_NEXT);
        CHECK_EQ(VR_HI(t, 3), 0x3fff6a09e667f3bcull);
        CHECK_EQ(VR_LO(t, 3), 0xc908b2fb1366ea95ull);
        CHECK(t.cpu.fpscr & FPSCR_XX);
        emu_test_fini(&t);
}

TEST(test_xssqrtqp_of_a_negative_number_is_invalid)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0xbfff000000000000ull, 0);
        emu_test_step(&t, x63(XS804, 3, 27, 2, 0));
        CHECK_EQ(VR_HI(t, 3), QP_QNAN_HI);
        CHECK(t.cpu.fpscr & FPSCR_VXSQRT);
        emu_test_fini(&t);
}

/* ---- fused multiply-add ---- */

TEST(test_xsmaddqp_keeps_the_product_exact_before_the_one_rounding)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, ONE_HI, 0x0010000000000000ull);         /* 1 + 2^-60 */
        set_vr(&t, 2, 0x3ffeffffffffffffull, 0xffe0000000000000ull);   /* 1 - 2^-60 */
        set_vr(&t, 3, 0xbfff000000000000ull, 0);              /* addend -1 */
        emu_test_step(&t, x63(XSMADDQP, 3, 1, 2, 0));
        CHECK_EQ(VR_HI(t, 3), 0xbf87000000000000ull);         /* -2^-120 exactly */
        CHECK_EQ(VR_LO(t, 3), 0);
        CHECK_EQ(t.cpu.fpscr & FPSCR_XX, 0);
        emu_test_fini(&t);
}

TEST(test_xsnmsubqp_negates_the_rounded_difference)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, TWO_HI, 0);
        set_vr(&t, 2, TWO_HI, 0);
        set_vr(&t, 3, ONE_HI, 0);
        emu_test_step(&t, x63(XSNMSUBQP, 3, 1, 2, 0));       /* -(2 * 2 - 1) */
        CHECK_EQ(VR_HI(t, 3), 0xc000800000000000ull);
        CHECK_EQ(FPRF(t), FPRF_NEG_NORM);
        emu_test_fini(&t);
}

TEST(test_xsmaddqp_infinity_times_zero_is_invalid_even_with_a_nan_addend)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, QP_INF_HI, 0);
        set_vr(&t, 2, 0, 0);
        set_vr(&t, 3, QP_QNAN_HI, 5);
        emu_test_step(&t, x63(XSMADDQP, 3, 1, 2, 0));
        CHECK(t.cpu.fpscr & FPSCR_VXIMZ);
        CHECK_EQ(VR_LO(t, 3), 5);                             /* the addend's NaN */
        emu_test_fini(&t);
}

/* ---- NaNs, exceptions ---- */

TEST(test_xsaddqp_quiets_a_signalling_nan_and_sets_vxsnan)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, ONE_HI, 0);
        set_vr(&t, 2, QP_SNAN_HI, 7);
        emu_test_step(&t, x63(XSADDQP, 3, 1, 2, 0));
        CHECK_EQ(VR_HI(t, 3), QP_SNAN_HI | 0x0000800000000000ull);
        CHECK_EQ(VR_LO(t, 3), 7);
        CHECK_EQ(t.cpu.fpscr & (FPSCR_VXSNAN | FPSCR_VX | FPSCR_FX),
                 FPSCR_VXSNAN | FPSCR_VX | FPSCR_FX);
        emu_test_fini(&t);
}

TEST(test_xsaddqp_enabled_invalid_leaves_vrt_and_traps)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_FE0 | MSR_FE1;
        t.cpu.fpscr = FPSCR_VE;
        set_vr(&t, 1, QP_INF_HI, 0);
        set_vr(&t, 2, 0xffff000000000000ull, 0);             /* inf + -inf */
        set_vr(&t, 3, 0x1234, 0x5678);
        CHECK_EQ(emu_test_step(&t, x63(XSADDQP, 3, 1, 2, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK(t.cpu.spr[SPR_SRR1] & SRR1_PROGRAM_FP);
        CHECK_EQ(VR_HI(t, 3), 0x1234);
        CHECK(t.cpu.fpscr & FPSCR_VXISI);
        emu_test_fini(&t);
}

TEST(test_xsmulqp_overflow_gives_infinity_and_ox)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x7ffeffffffffffffull, ~0ull);          /* the largest finite */
        set_vr(&t, 2, TWO_HI, 0);
        emu_test_step(&t, x63(XSMULQP, 3, 1, 2, 0));
        CHECK_EQ(VR_HI(t, 3), QP_INF_HI);
        CHECK_EQ(t.cpu.fpscr & (FPSCR_OX | FPSCR_XX), FPSCR_OX | FPSCR_XX);
        emu_test_fini(&t);
}

TEST(test_xsmulqpo_overflow_gives_the_largest_finite_number)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x7ffeffffffffffffull, ~0ull);
        set_vr(&t, 2, TWO_HI, 0);
        emu_test_step(&t, x63(XSMULQP, 3, 1, 2, 1));
        CHECK_EQ(VR_HI(t, 3), 0x7ffeffffffffffffull);
        CHECK_EQ(VR_LO(t, 3), ~0ull);
        emu_test_fini(&t);
}

TEST(test_xsmulqp_inexact_denormal_result_sets_ux)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x0001000000000000ull, 1);              /* 2^-16382 (1 + 2^-112) */
        set_vr(&t, 2, 0x3ffe000000000000ull, 0);              /* 0.5 */
        emu_test_step(&t, x63(XSMULQP, 3, 1, 2, 0));
        CHECK_EQ(VR_HI(t, 3), 0x0000800000000000ull);         /* ties to even: 2^-16383 */
        CHECK_EQ(VR_LO(t, 3), 0);
        CHECK_EQ(FPRF(t), FPRF_POS_DENORM);
        CHECK_EQ(t.cpu.fpscr & (FPSCR_UX | FPSCR_XX), FPSCR_UX | FPSCR_XX);
        emu_test_fini(&t);
}

TEST(test_xsmulqp_exact_denormal_result_leaves_ux_clear)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x0001000000000000ull, 0);              /* 2^-16382 */
        set_vr(&t, 2, 0x3ffe000000000000ull, 0);
        emu_test_step(&t, x63(XSMULQP, 3, 1, 2, 0));
        CHECK_EQ(VR_HI(t, 3), 0x0000800000000000ull);
        CHECK_EQ(t.cpu.fpscr & FPSCR_UX, 0);
        emu_test_fini(&t);
}

TEST(test_xsmulqp_enabled_underflow_gives_the_exponent_adjusted_result)
{
        struct emu_test t;
        setup(&t);
        t.cpu.fpscr = FPSCR_UE;
        set_vr(&t, 1, 0x0001000000000000ull, 0);              /* 2^-16382 */
        set_vr(&t, 2, 0x3ffe000000000000ull, 0);              /* 0.5 */
        emu_test_step(&t, x63(XSMULQP, 3, 1, 2, 0));
        CHECK_EQ(VR_HI(t, 3), 0x6000000000000000ull);         /* 2^-16383 * 2^24576 */
        CHECK_EQ(t.cpu.fpscr & (FPSCR_UX | FPSCR_FEX), FPSCR_UX | FPSCR_FEX);
        emu_test_fini(&t);
}

TEST(test_xsmulqp_enabled_overflow_gives_the_exponent_adjusted_result)
{
        struct emu_test t;
        setup(&t);
        t.cpu.fpscr = FPSCR_OE;
        set_vr(&t, 1, 0x7ffe000000000000ull, 0);              /* 2^16383 */
        set_vr(&t, 2, TWO_HI, 0);
        emu_test_step(&t, x63(XSMULQP, 3, 1, 2, 0));
        CHECK_EQ(VR_HI(t, 3), 0x1fff000000000000ull);         /* 2^16384 * 2^-24576 */
        CHECK_EQ(t.cpu.fpscr & (FPSCR_OX | FPSCR_FEX), FPSCR_OX | FPSCR_FEX);
        emu_test_fini(&t);
}

/* ---- compares ---- */

TEST(test_xscmpuqp_orders_one_below_two)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, ONE_HI, 0);
        set_vr(&t, 2, TWO_HI, 0);
        emu_test_step(&t, x63(XSCMPUQP, 7u << 2, 1, 2, 0));  /* BF = 7 */
        CHECK_EQ(emu_get_crf(&t.cpu, 7), CR_LT);
        CHECK_EQ(FPRF(t) & 0xf, FPCC_FL);
        emu_test_fini(&t);
}

TEST(test_xscmpuqp_compares_the_low_doubleword_too)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, ONE_HI, 2);
        set_vr(&t, 2, ONE_HI, 1);
        emu_test_step(&t, x63(XSCMPUQP, 1u << 2, 1, 2, 0));
        CHECK_EQ(emu_get_crf(&t.cpu, 1), CR_GT);
        emu_test_fini(&t);
}

TEST(test_xscmpoqp_of_a_quiet_nan_sets_vxvc)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, QP_QNAN_HI, 0);
        set_vr(&t, 2, ONE_HI, 0);
        emu_test_step(&t, x63(XSCMPOQP, 0, 1, 2, 0));
        CHECK_EQ(emu_get_crf(&t.cpu, 0), 1u);                  /* unordered */
        CHECK(t.cpu.fpscr & FPSCR_VXVC);
        emu_test_fini(&t);
}

TEST(test_xscmpexpqp_compares_biased_exponents_only)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0xbfff123400000000ull, 0);              /* -1.07... */
        set_vr(&t, 2, ONE_HI, 0);
        emu_test_step(&t, x63(XSCMPEXPQP, 2u << 2, 1, 2, 0));
        CHECK_EQ(emu_get_crf(&t.cpu, 2), CR_EQ);
        emu_test_fini(&t);
}

/* ---- conversions ---- */

TEST(test_xscvdpqp_widens_one_and_a_half_exactly)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0x3ff8000000000000ull, 0);
        emu_test_step(&t, x63(XS836, 3, 22, 2, 0));
        CHECK_EQ(VR_HI(t, 3), 0x3fff800000000000ull);
        CHECK_EQ(VR_LO(t, 3), 0);
        emu_test_fini(&t);
}

TEST(test_xscvqpdp_rounds_to_nearest_double)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, ONE_HI, 0x0010000000000000ull);         /* 1 + 2^-60 */
        emu_test_step(&t, x63(XS836, 3, 20, 2, 0));
        CHECK_EQ(VR_HI(t, 3), 0x3ff0000000000000ull);
        CHECK_EQ(VR_LO(t, 3), 0);
        CHECK(t.cpu.fpscr & FPSCR_XX);
        emu_test_fini(&t);
}

TEST(test_xscvqpdpo_rounds_to_odd_double)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, ONE_HI, 0x0010000000000000ull);
        emu_test_step(&t, x63(XS836, 3, 20, 2, 1));
        CHECK_EQ(VR_HI(t, 3), 0x3ff0000000000001ull);
        emu_test_fini(&t);
}

TEST(test_xscvqpsdz_truncates_toward_zero)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0xc000d99999999999ull, 0x999999999999999aull);   /* -3.7 */
        emu_test_step(&t, x63(XS836, 3, 25, 2, 0));
        CHECK_EQ(VR_HI(t, 3), (uint64_t)-3);
        CHECK_EQ(VR_LO(t, 3), 0);
        CHECK(t.cpu.fpscr & FPSCR_XX);
        emu_test_fini(&t);
}

TEST(test_xscvqpswz_saturates_and_sets_vxcvi)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0x4045000000000000ull, 0);              /* 2^70 */
        emu_test_step(&t, x63(XS836, 3, 9, 2, 0));
        CHECK_EQ(VR_HI(t, 3), 0x7fffffffull);
        CHECK(t.cpu.fpscr & FPSCR_VXCVI);
        emu_test_fini(&t);
}

TEST(test_xscvsdqp_converts_minus_five)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, (uint64_t)-5, 0);
        emu_test_step(&t, x63(XS836, 3, 10, 2, 0));
        CHECK_EQ(VR_HI(t, 3), 0xc001400000000000ull);
        CHECK_EQ(FPRF(t), FPRF_NEG_NORM);
        emu_test_fini(&t);
}

/* ---- rounding to integral values ---- */

TEST(test_xsrqpi_nearest_away_rounds_two_and_a_half_up)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0x4000400000000000ull, 0);              /* 2.5 */
        emu_test_step(&t, z23(XSRQPI, 3, 0, 2, 0, 0));
        CHECK_EQ(VR_HI(t, 3), 0x4000800000000000ull);         /* 3 */
        CHECK_EQ(t.cpu.fpscr & FPSCR_XX, 0);                  /* not xsrqpix */
        emu_test_fini(&t);
}

TEST(test_xsrqpix_nearest_even_rounds_two_and_a_half_down_and_sets_xx)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0x4000400000000000ull, 0);
        emu_test_step(&t, z23(XSRQPI, 3, 1, 2, 0, 1));
        CHECK_EQ(VR_HI(t, 3), TWO_HI);
        CHECK(t.cpu.fpscr & FPSCR_XX);
        emu_test_fini(&t);
}

TEST(test_xsrqpxp_rounds_the_significand_to_64_bits)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, ONE_HI, 0x0001000000000001ull);         /* 1 + 2^-64 + 2^-112 */
        emu_test_step(&t, z23(XSRQPXP, 3, 1, 2, 0, 0));
        CHECK_EQ(VR_HI(t, 3), ONE_HI);                         /* 1 + 2^-63 */
        CHECK_EQ(VR_LO(t, 3), 0x0002000000000000ull);
        emu_test_fini(&t);
}

/* ---- sign, exponent, significand, class ---- */

TEST(test_xsnegqp_flips_only_the_sign)
{
        struct emu_test t;
        setup(&t);
        t.cpu.fpscr = FPSCR_XX;
        set_vr(&t, 2, QP_SNAN_HI, 3);
        emu_test_step(&t, x63(XS804, 3, 16, 2, 0));
        CHECK_EQ(VR_HI(t, 3), QP_SNAN_HI | 0x8000000000000000ull);
        CHECK_EQ(VR_LO(t, 3), 3);
        CHECK_EQ(t.cpu.fpscr, FPSCR_XX);
        emu_test_fini(&t);
}

TEST(test_xsxexpqp_extracts_the_biased_exponent)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0xc001400000000000ull, 9);
        emu_test_step(&t, x63(XS804, 3, 2, 2, 0));
        CHECK_EQ(VR_HI(t, 3), 0x4001);
        CHECK_EQ(VR_LO(t, 3), 0);
        emu_test_fini(&t);
}

TEST(test_xsxsigqp_adds_the_implicit_bit_of_a_normal_number)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0xc001400000000000ull, 9);
        emu_test_step(&t, x63(XS804, 3, 18, 2, 0));
        CHECK_EQ(VR_HI(t, 3), 0x0001400000000000ull);
        CHECK_EQ(VR_LO(t, 3), 9);
        emu_test_fini(&t);
}

TEST(test_xsiexpqp_inserts_the_exponent_from_vrb)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x8000123456789abcull, 5);
        set_vr(&t, 2, 0x4000, 77);
        emu_test_step(&t, x63(XSIEXPQP, 3, 1, 2, 0));
        CHECK_EQ(VR_HI(t, 3), 0xc000123456789abcull);
        CHECK_EQ(VR_LO(t, 3), 5);
        emu_test_fini(&t);
}

TEST(test_xststdcqp_matches_a_negative_denormal)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0x8000000000000000ull, 1);
        /* BF = 5, DCMX = 0x01 (-denormal) in bits 9-15 */
        emu_test_step(&t, x63(XSTSTDCQP, 5u << 2, 0x01, 2, 0));
        CHECK_EQ(emu_get_crf(&t.cpu, 5), CR_LT | CR_EQ);
        emu_test_fini(&t);
}

TEST(test_qp_instruction_without_msr_vsx_is_vsx_unavailable)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr &= ~MSR_VSX;
        CHECK_EQ(emu_test_step(&t, x63(XSADDQP, 3, 1, 2, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_VSX_UNAVAILABLE);
        emu_test_fini(&t);
}
