/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Floating point: exact result bits and exact FPSCR after each instruction
 * family, the FP interrupts, and FP loads/stores including MMIO.
 * RAM is 64 KiB at real address 0; anything at or above RAM_SIZE is MMIO.
 */
#include <string.h>

#include "harness.h"
#include "test.h"
#include "vcpu/emu/fpu.h"

#define RAM_SIZE 0x10000u
#define MMIO     0x40000000ull

#define FPRF(c)  ((uint64_t)(c) << FPSCR_FPRF_SHIFT)
#define INEXACT  (FPSCR_FX | FPSCR_XX | FPSCR_FI)

#define D_ONE       0x3ff0000000000000ull
#define D_TWO       0x4000000000000000ull
#define D_THREE     0x4008000000000000ull
#define D_MINUS_ONE 0xbff0000000000000ull
#define D_INF       0x7ff0000000000000ull
#define D_MINUS_INF 0xfff0000000000000ull
#define D_ZERO      0x0000000000000000ull
#define D_MINUS_ZERO 0x8000000000000000ull
#define D_QNAN1     0x7ff8000000000001ull
#define D_QNAN2     0x7ff8000000000002ull
#define D_QNAN3     0x7ff8000000000003ull
#define D_SNAN2     0x7ff0000000000002ull
#define D_MIN_NORMAL 0x0010000000000000ull
#define D_HALF      0x3fe0000000000000ull

/* ---- instruction encoders (ISA field positions) ---- */

static uint32_t a_form(unsigned op, unsigned xo, unsigned t, unsigned a, unsigned b, unsigned c)
{
        return (op << 26) | (t << 21) | (a << 16) | (b << 11) | (c << 6) | (xo << 1);
}

static uint32_t x_form(unsigned op, unsigned xo, unsigned t, unsigned a, unsigned b)
{
        return (op << 26) | (t << 21) | (a << 16) | (b << 11) | (xo << 1);
}

static uint32_t d_form(unsigned op, unsigned t, unsigned a, int d)
{
        return (op << 26) | (t << 21) | (a << 16) | ((uint32_t)d & 0xffffu);
}

#define FADD(t, a, b)       a_form(63, 21, t, a, b, 0)
#define FADDS(t, a, b)      a_form(59, 21, t, a, b, 0)
#define FSUB(t, a, b)       a_form(63, 20, t, a, b, 0)
#define FMUL(t, a, c)       a_form(63, 25, t, a, 0, c)
#define FMULS(t, a, c)      a_form(59, 25, t, a, 0, c)
#define FDIV(t, a, b)       a_form(63, 18, t, a, b, 0)
#define FSQRT(t, b)         a_form(63, 22, t, 0, b, 0)
#define FRE(t, b)           a_form(63, 24, t, 0, b, 0)
#define FRES(t, b)          a_form(59, 24, t, 0, b, 0)
#define FRSQRTE(t, b)       a_form(63, 26, t, 0, b, 0)
#define FSEL(t, a, c, b)    a_form(63, 23, t, a, b, c)
#define FMADD(t, a, c, b)   a_form(63, 29, t, a, b, c)
#define FMADDS(t, a, c, b)  a_form(59, 29, t, a, b, c)
#define FMSUB(t, a, c, b)   a_form(63, 28, t, a, b, c)
#define FNMADD(t, a, c, b)  a_form(63, 31, t, a, b, c)
#define FNMSUB(t, a, c, b)  a_form(63, 30, t, a, b, c)
#define FRSP(t, b)          x_form(63, 12, t, 0, b)
#define FCTIW(t, b)         x_form(63, 14, t, 0, b)
#define FCTIWZ(t, b)        x_form(63, 15, t, 0, b)
#define FCTIWU(t, b)        x_form(63, 142, t, 0, b)
#define FCTID(t, b)         x_form(63, 814, t, 0, b)
#define FCTIDZ(t, b)        x_form(63, 815, t, 0, b)
#define FCTIDU(t, b)        x_form(63, 942, t, 0, b)
#define FCFID(t, b)         x_form(63, 846, t, 0, b)
#define FCFIDS(t, b)        x_form(59, 846, t, 0, b)
#define FCFIDU(t, b)        x_form(63, 974, t, 0, b)
#define FCFIDUS(t, b)       x_form(59, 974, t, 0, b)
#define FRIN(t, b)          x_form(63, 392, t, 0, b)
#define FRIZ(t, b)          x_form(63, 424, t, 0, b)
#define FRIP(t, b)          x_form(63, 456, t, 0, b)
#define FRIM(t, b)          x_form(63, 488, t, 0, b)
#define FCMPU(bf, a, b)     x_form(63, 0, (bf) << 2, a, b)
#define FCMPO(bf, a, b)     x_form(63, 32, (bf) << 2, a, b)
#define FTDIV(bf, a, b)     x_form(63, 128, (bf) << 2, a, b)
#define FTSQRT(bf, b)       x_form(63, 160, (bf) << 2, 0, b)
#define FMR(t, b)           x_form(63, 72, t, 0, b)
#define FNEG(t, b)          x_form(63, 40, t, 0, b)
#define FABS(t, b)          x_form(63, 264, t, 0, b)
#define FNABS(t, b)         x_form(63, 136, t, 0, b)
#define FCPSGN(t, a, b)     x_form(63, 8, t, a, b)
#define FMRGEW(t, a, b)     x_form(63, 966, t, a, b)
#define FMRGOW(t, a, b)     x_form(63, 838, t, a, b)
#define MFFS(t)             x_form(63, 583, t, 0, 0)
#define MFFSCE(t)           x_form(63, 583, t, 1, 0)
#define MFFSCDRN(t, b)      x_form(63, 583, t, 20, b)
#define MFFSCDRNI(t, drm)   x_form(63, 583, t, 21, drm)
#define MFFSCRN(t, b)       x_form(63, 583, t, 22, b)
#define MFFSCRNI(t, rm)     x_form(63, 583, t, 23, rm)
#define MFFSL(t)            x_form(63, 583, t, 24, 0)
#define MTFSB0(bt)          x_form(63, 70, bt, 0, 0)
#define MTFSB1(bt)          x_form(63, 38, bt, 0, 0)
#define MCRFS(bf, bfa)      x_form(63, 64, (bf) << 2, (bfa) << 2, 0)
#define RC                  1u

static uint32_t mtfsf(unsigned flm, unsigned frb, unsigned l, unsigned w)
{
        return (63u << 26) | (l << 25) | (flm << 17) | (w << 16) | (frb << 11) | (711u << 1);
}

static uint32_t mtfsfi(unsigned bf, unsigned u, unsigned w)
{
        return (63u << 26) | (bf << 23) | (w << 16) | (u << 12) | (134u << 1);
}

/* ---- fixture ---- */

static void setup(struct emu_test *t)
{
        emu_test_init(t, RAM_SIZE);
}

/* Runs one instruction with FPRs 1-3 preset and FPR 0 holding a marker. */
static int run3(struct emu_test *t, uint32_t word, uint64_t fpscr, uint64_t a, uint64_t b,
                uint64_t c)
{
        t->cpu.fpscr = fpscr;
        emu_set_fpr(&t->cpu, 0, 0x1234567812345678ull);
        emu_set_fpr(&t->cpu, 1, a);
        emu_set_fpr(&t->cpu, 2, b);
        emu_set_fpr(&t->cpu, 3, c);
        return emu_test_step(t, word);
}

#define MARKER 0x1234567812345678ull

/* ---- add, subtract and the rounding modes ---- */

TEST(test_fadd_exact_sets_only_fprf)
{
        struct emu_test t;
        setup(&t);
        CHECK_EQ(run3(&t, FADD(0, 1, 2), 0, D_ONE, D_TWO, 0), EMU_NEXT);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_THREE);
        CHECK_EQ(t.cpu.fpscr, FPRF(FPRF_POS_NORM));
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

/* 1 + 0.75 ulp: the four modes give two different results. */
#define D_ONE_PLUS_ULP  0x3ff0000000000001ull
#define D_3_4_ULP       0x3ca8000000000000ull

TEST(test_fadd_round_nearest_increments)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FADD(0, 1, 2), FPSCR_RN_NEAREST, D_ONE, D_3_4_ULP, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_ONE_PLUS_ULP);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_FR | FPRF(FPRF_POS_NORM));
        emu_test_fini(&t);
}

TEST(test_fadd_round_toward_zero_truncates)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FADD(0, 1, 2), FPSCR_RN_ZERO, D_ONE, D_3_4_ULP, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_ONE);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPRF(FPRF_POS_NORM) | FPSCR_RN_ZERO);
        emu_test_fini(&t);
}

TEST(test_fadd_round_toward_plus_inf_on_negative_truncates)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FADD(0, 1, 2), FPSCR_RN_PINF, D_MINUS_ONE, D_3_4_ULP | D_MINUS_ZERO, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_MINUS_ONE);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPRF(FPRF_NEG_NORM) | FPSCR_RN_PINF);
        emu_test_fini(&t);
}

TEST(test_fadd_round_toward_minus_inf_on_negative_increments)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FADD(0, 1, 2), FPSCR_RN_MINF, D_MINUS_ONE, D_3_4_ULP | D_MINUS_ZERO, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_ONE_PLUS_ULP | D_MINUS_ZERO);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_FR | FPRF(FPRF_NEG_NORM) | FPSCR_RN_MINF);
        emu_test_fini(&t);
}

TEST(test_fsub_exact_zero_is_minus_zero_when_rounding_down)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FSUB(0, 1, 2), FPSCR_RN_MINF, D_ONE, D_ONE, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_MINUS_ZERO);
        CHECK_EQ(t.cpu.fpscr, FPRF(FPRF_NEG_ZERO) | FPSCR_RN_MINF);
        emu_test_fini(&t);
}

TEST(test_fadds_rounds_to_single)
{
        struct emu_test t;
        setup(&t);
        /* 1 + 2^-30 is 1.0 in single precision */
        run3(&t, FADDS(0, 1, 2), 0, D_ONE, 0x3e10000000000000ull, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_ONE);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPRF(FPRF_POS_NORM));
        emu_test_fini(&t);
}

/* ---- NaNs ---- */

TEST(test_fadd_nan_from_fra_wins)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FADD(0, 1, 2), 0, D_QNAN1, D_QNAN2, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_QNAN1);
        CHECK_EQ(t.cpu.fpscr, FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

TEST(test_fmadd_nan_order_is_fra_frb_frc)
{
        struct emu_test t;
        setup(&t);
        /* FRA = 1, FRB (reg 2) = QNaN2, FRC (reg 3) = QNaN3: FRB's wins */
        run3(&t, FMADD(0, 1, 3, 2), 0, D_ONE, D_QNAN2, D_QNAN3);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_QNAN2);
        emu_test_fini(&t);
}

TEST(test_fadd_snan_is_quieted_and_sets_vxsnan)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FADD(0, 1, 2), 0, D_ONE, D_SNAN2, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x7ff8000000000002ull);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXSNAN | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

TEST(test_fadd_first_nan_wins_even_over_later_snan)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FADD(0, 1, 2), 0, D_QNAN1, D_SNAN2, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_QNAN1);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXSNAN | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

TEST(test_fadds_nan_keeps_only_single_fraction_bits)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FADDS(0, 1, 2), 0, 0x7ff8000000000123ull, D_ONE, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x7ff8000000000000ull);
        emu_test_fini(&t);
}

/* ---- invalid operations ---- */

TEST(test_fsub_inf_minus_inf_sets_vxisi)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FSUB(0, 1, 2), 0, D_INF, D_INF, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), FPU_DEFAULT_NAN);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXISI | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

TEST(test_fmul_zero_times_inf_sets_vximz)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FMUL(0, 1, 3), 0, D_ZERO, 0, D_MINUS_INF);
        CHECK_EQ(emu_fpr(&t.cpu, 0), FPU_DEFAULT_NAN);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXIMZ | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

TEST(test_fdiv_zero_by_zero_sets_vxzdz)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FDIV(0, 1, 2), 0, D_ZERO, D_MINUS_ZERO, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), FPU_DEFAULT_NAN);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXZDZ | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

TEST(test_fdiv_inf_by_inf_sets_vxidi)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FDIV(0, 1, 2), 0, D_INF, D_MINUS_INF, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), FPU_DEFAULT_NAN);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXIDI | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

TEST(test_fsqrt_of_minus_one_sets_vxsqrt)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FSQRT(0, 2), 0, 0, D_MINUS_ONE, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), FPU_DEFAULT_NAN);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXSQRT | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

TEST(test_fsqrt_of_minus_zero_is_minus_zero)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FSQRT(0, 2), 0, 0, D_MINUS_ZERO, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_MINUS_ZERO);
        CHECK_EQ(t.cpu.fpscr, FPRF(FPRF_NEG_ZERO));
        emu_test_fini(&t);
}

TEST(test_fsqrt_two_is_correctly_rounded)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FSQRT(0, 2), 0, 0, D_TWO, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x3ff6a09e667f3bcdull);   /* above sqrt(2) */
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_FR | FPRF(FPRF_POS_NORM));
        emu_test_fini(&t);
}

TEST(test_invalid_enabled_leaves_target_and_fprf)
{
        struct emu_test t;
        setup(&t);
        uint64_t before = FPSCR_VE | FPRF(FPRF_NEG_NORM) | FPSCR_FI;
        CHECK_EQ(run3(&t, FSUB(0, 1, 2), before, D_INF, D_INF, 0), EMU_NEXT);
        CHECK_EQ(emu_fpr(&t.cpu, 0), MARKER);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_FEX | FPSCR_VX | FPSCR_VXISI | FPSCR_VE |
                              FPRF(FPRF_NEG_NORM));
        emu_test_fini(&t);
}

/* ---- zero divide ---- */

TEST(test_fdiv_by_zero_sets_zx_and_gives_inf)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FDIV(0, 1, 2), 0, D_MINUS_ONE, D_ZERO, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_MINUS_INF);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_ZX | FPRF(FPRF_NEG_INF));
        emu_test_fini(&t);
}

TEST(test_fdiv_by_zero_enabled_leaves_target)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FDIV(0, 1, 2), FPSCR_ZE | FPRF(FPRF_POS_ZERO), D_ONE, D_ZERO, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), MARKER);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_FEX | FPSCR_ZX | FPSCR_ZE | FPRF(FPRF_POS_ZERO));
        emu_test_fini(&t);
}

/* ---- overflow and underflow ---- */

#define D_2P1023 0x7fe0000000000000ull

TEST(test_fmul_overflow_gives_inf_in_nearest)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FMUL(0, 1, 3), 0, D_2P1023, 0, D_2P1023);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_INF);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_OX | FPRF(FPRF_POS_INF));
        emu_test_fini(&t);
}

TEST(test_fmul_overflow_toward_zero_gives_max_normal)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FMUL(0, 1, 3), FPSCR_RN_ZERO, D_2P1023, 0, D_2P1023);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x7fefffffffffffffull);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_OX | FPRF(FPRF_POS_NORM) | FPSCR_RN_ZERO);
        emu_test_fini(&t);
}

TEST(test_fmul_overflow_enabled_adjusts_exponent_by_1536)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FMUL(0, 1, 3), FPSCR_OE, D_2P1023, 0, D_2P1023);
        /* 2^2046 * 2^-1536 = 2^510 */
        CHECK_EQ(emu_fpr(&t.cpu, 0), (uint64_t)(510 + 1023) << 52);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_FEX | FPSCR_OX | FPSCR_OE | FPRF(FPRF_POS_NORM));
        emu_test_fini(&t);
}

TEST(test_fmuls_overflow_is_single_range)
{
        struct emu_test t;
        setup(&t);
        /* 2^127 * 2 fits a double but not a single */
        run3(&t, FMULS(0, 1, 3), 0, 0x47e0000000000000ull, 0, D_TWO);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_INF);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_OX | FPRF(FPRF_POS_INF));
        emu_test_fini(&t);
}

TEST(test_fmul_exact_denormal_does_not_underflow)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FMUL(0, 1, 3), 0, D_MIN_NORMAL, 0, D_HALF);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x0008000000000000ull);
        CHECK_EQ(t.cpu.fpscr, FPRF(FPRF_POS_DENORM));
        emu_test_fini(&t);
}

TEST(test_fmul_inexact_denormal_sets_ux)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FMUL(0, 1, 3), 0, D_MIN_NORMAL + 1, 0, D_HALF);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x0008000000000000ull);   /* tie to even */
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_UX | FPRF(FPRF_POS_DENORM));
        emu_test_fini(&t);
}

TEST(test_underflow_is_detected_before_rounding)
{
        struct emu_test t;
        setup(&t);
        /* (2^-1022 - 2^-1074) * (1 + 2^-52) rounds up to 2^-1022, but the
         * exact product is tiny and inexact: UX. */
        run3(&t, FMUL(0, 1, 3), 0, 0x000fffffffffffffull, 0, D_ONE_PLUS_ULP);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_MIN_NORMAL);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_FR | FPSCR_UX | FPRF(FPRF_POS_NORM));
        emu_test_fini(&t);
}

TEST(test_fmul_underflow_enabled_adjusts_exponent_by_1536)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FMUL(0, 1, 3), FPSCR_UE, D_MIN_NORMAL, 0, D_HALF);
        /* 2^-1023 * 2^1536 = 2^513 */
        CHECK_EQ(emu_fpr(&t.cpu, 0), (uint64_t)(513 + 1023) << 52);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_FEX | FPSCR_UX | FPSCR_UE | FPRF(FPRF_POS_NORM));
        emu_test_fini(&t);
}

/* ---- fused multiply-add ---- */

TEST(test_fmadd_rounds_once)
{
        struct emu_test t;
        setup(&t);
        /* (1 + 2^-52) * (1 - 2^-53) - 1 = 2^-53 - 2^-105 exactly; a separate
         * multiply would round the product to 1 and give 0. */
        run3(&t, FMSUB(0, 1, 3, 2), 0, D_ONE_PLUS_ULP, D_ONE, 0x3fefffffffffffffull);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x3c9ffffffffffffeull);
        CHECK_EQ(t.cpu.fpscr, FPRF(FPRF_POS_NORM));
        emu_test_fini(&t);
}

TEST(test_fmadds_rounds_once_to_single)
{
        struct emu_test t;
        setup(&t);
        /* (1 + 2^-30)^2 + (2^-24 - 2^-29) = 1 + 2^-24 + 2^-60: rounding to
         * double first would make it a tie and round to 1.0; rounded once
         * it is above the tie: 1 + 2^-23. */
        run3(&t, FMADDS(0, 1, 3, 2), 0, 0x3ff0000000400000ull, 0x3e6f000000000000ull,
             0x3ff0000000400000ull);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x3ff0000020000000ull);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_FR | FPRF(FPRF_POS_NORM));
        emu_test_fini(&t);
}

/* Single operands: (1 + 2^-20) * (1 - 2^-20) + (2^24 + 2) = 2^24 + 3 - 2^-40.
 * Rounded to double it is the single tie 2^24 + 3 (ties-to-even would give
 * 2^24 + 4); rounded once it is 2^24 + 2. */
#define S_1P2M20   0x3ff0000100000000ull
#define S_1M2M20   0x3feffffe00000000ull
#define S_2P24P2   0x4170000020000000ull

TEST(test_fmadds_single_operands_below_tie_round_down)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FMADDS(0, 1, 3, 2), 0, S_1P2M20, S_2P24P2, S_1M2M20);
        CHECK_EQ(emu_fpr(&t.cpu, 0), S_2P24P2);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPRF(FPRF_POS_NORM));
        emu_test_fini(&t);
}

/* -(1 + 2^-20) * (1 - 2^-20) + (2^24 + 2) = 2^24 + 1 + 2^-40: above the tie
 * whose even neighbour (2^24) is below; rounded once: 2^24 + 2. */
TEST(test_fmadds_single_operands_above_tie_round_up)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FMADDS(0, 1, 3, 2), 0, S_1P2M20 | D_MINUS_ZERO, S_2P24P2, S_1M2M20);
        CHECK_EQ(emu_fpr(&t.cpu, 0), S_2P24P2);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_FR | FPRF(FPRF_POS_NORM));
        emu_test_fini(&t);
}

TEST(test_fnmadds_single_tie_rounds_before_negation)
{
        struct emu_test t;
        setup(&t);
        run3(&t, a_form(59, 31, 0, 1, 2, 3) /* fnmadds */, 0,
             S_1P2M20 | D_MINUS_ZERO, S_2P24P2, S_1M2M20);
        CHECK_EQ(emu_fpr(&t.cpu, 0), S_2P24P2 | D_MINUS_ZERO);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_FR | FPRF(FPRF_NEG_NORM));
        emu_test_fini(&t);
}

TEST(test_fnmadd_negates_the_rounded_sum)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FNMADD(0, 1, 3, 2), 0, D_ONE, D_ONE, D_ONE);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_TWO | D_MINUS_ZERO);
        CHECK_EQ(t.cpu.fpscr, FPRF(FPRF_NEG_NORM));
        emu_test_fini(&t);
}

TEST(test_fnmsub_default_nan_stays_positive)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FNMSUB(0, 1, 3, 2), 0, D_INF, D_ZERO, D_ZERO);
        CHECK_EQ(emu_fpr(&t.cpu, 0), FPU_DEFAULT_NAN);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXIMZ | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

TEST(test_fmadd_inf_times_zero_plus_qnan_sets_vximz)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FMADD(0, 1, 3, 2), 0, D_INF, D_QNAN2, D_ZERO);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_QNAN2);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXIMZ | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

/* ---- frsp ---- */

TEST(test_frsp_rounds_a_double_up_in_single)
{
        struct emu_test t;
        setup(&t);
        /* 1 + 2^-24 + 2^-25 is above the single-precision tie */
        run3(&t, FRSP(0, 2), 0, 0, 0x3ff0000018000000ull, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x3ff0000020000000ull);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_FR | FPRF(FPRF_POS_NORM));
        emu_test_fini(&t);
}

TEST(test_frsp_single_denormal_result_is_classed_denormal)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FRSP(0, 2), 0, 0, (uint64_t)(1023 - 130) << 52, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), (uint64_t)(1023 - 130) << 52);
        CHECK_EQ(t.cpu.fpscr, FPRF(FPRF_POS_DENORM));
        emu_test_fini(&t);
}

TEST(test_frsp_snan_is_quieted_and_truncated)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FRSP(0, 2), 0, 0, 0x7ff0000000000123ull, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x7ff8000000000000ull);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXSNAN | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

/* ---- estimates ---- */

TEST(test_fre_of_three_is_the_rounded_reciprocal)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FRE(0, 2), 0, 0, D_THREE, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x3fd5555555555555ull);
        CHECK_EQ(t.cpu.fpscr & ~(FPSCR_FR | FPSCR_FI), FPRF(FPRF_POS_NORM));
        emu_test_fini(&t);
}

TEST(test_fres_of_three_is_single)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FRES(0, 2), 0, 0, D_THREE, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x3fd5555560000000ull);
        emu_test_fini(&t);
}

TEST(test_fre_of_zero_is_inf_with_zx)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FRE(0, 2), 0, 0, D_MINUS_ZERO, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_MINUS_INF);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_ZX | FPRF(FPRF_NEG_INF));
        emu_test_fini(&t);
}

TEST(test_frsqrte_of_three_matches_rounded_root)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FRSQRTE(0, 2), 0, 0, D_THREE, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x3fe279a74590331dull);
        emu_test_fini(&t);
}

TEST(test_frsqrte_of_negative_sets_vxsqrt)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FRSQRTE(0, 2), 0, 0, D_MINUS_ONE, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), FPU_DEFAULT_NAN);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXSQRT | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

/* ---- conversions to integer ---- */

#define D_2_5        0x4004000000000000ull
#define D_MINUS_2_5  0xc004000000000000ull
#define D_2_1        0x4000cccccccccccdull
#define D_MINUS_2_1  0xc000cccccccccccdull

TEST(test_fctiw_nearest_ties_to_even)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCTIW(0, 2), FPSCR_RN_NEAREST, 0, D_2_5, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 2);
        CHECK_EQ(t.cpu.fpscr, INEXACT);
        emu_test_fini(&t);
}

TEST(test_fctiw_toward_zero_truncates_negative)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCTIW(0, 2), FPSCR_RN_ZERO, 0, D_MINUS_2_5, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), (uint64_t)-2);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_RN_ZERO);
        emu_test_fini(&t);
}

TEST(test_fctiw_toward_plus_inf_rounds_up)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCTIW(0, 2), FPSCR_RN_PINF, 0, D_2_1, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 3);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_FR | FPSCR_RN_PINF);
        emu_test_fini(&t);
}

TEST(test_fctiw_toward_minus_inf_rounds_down)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCTIW(0, 2), FPSCR_RN_MINF, 0, D_MINUS_2_1, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), (uint64_t)-3);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_FR | FPSCR_RN_MINF);
        emu_test_fini(&t);
}

TEST(test_fctiwz_ignores_rn)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCTIWZ(0, 2), FPSCR_RN_PINF, 0, D_2_1, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 2);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_RN_PINF);
        emu_test_fini(&t);
}

TEST(test_fctiw_valid_conversion_leaves_fprf)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCTIW(0, 2), FPRF(FPRF_NEG_ZERO), 0, D_THREE, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 3);
        CHECK_EQ(t.cpu.fpscr, FPRF(FPRF_NEG_ZERO));
        emu_test_fini(&t);
}

TEST(test_fctiw_saturates_positive_with_vxcvi)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCTIW(0, 2), 0, 0, 0x41e65a0bc0000000ull /* 3e9 */, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x7fffffffull);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXCVI | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

TEST(test_fctiw_saturates_negative_with_vxcvi)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCTIW(0, 2), 0, 0, 0xc1e65a0bc0000000ull /* -3e9 */, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0xffffffff80000000ull);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXCVI | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

TEST(test_fctiw_of_nan_gives_most_negative_word)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCTIW(0, 2), 0, 0, D_QNAN1, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x80000000ull);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXCVI | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

TEST(test_fctiw_of_snan_sets_vxsnan_and_vxcvi)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCTIW(0, 2), 0, 0, D_SNAN2, 0);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXSNAN | FPSCR_VXCVI | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

TEST(test_fctiw_invalid_enabled_leaves_target)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCTIW(0, 2), FPSCR_VE, 0, D_INF, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), MARKER);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_FEX | FPSCR_VX | FPSCR_VXCVI | FPSCR_VE);
        emu_test_fini(&t);
}

TEST(test_fctiwu_of_negative_saturates_to_zero)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCTIWU(0, 2), 0, 0, D_MINUS_ONE, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXCVI | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

TEST(test_fctid_of_inf_saturates)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCTID(0, 2), 0, 0, D_MINUS_INF, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x8000000000000000ull);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXCVI | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

TEST(test_fctidz_truncates_large_value)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCTIDZ(0, 2), 0, 0, 0xc3e0000000000000ull /* -2^63 */, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x8000000000000000ull);
        CHECK_EQ(t.cpu.fpscr, 0);
        emu_test_fini(&t);
}

TEST(test_fctidz_of_huge_negative_saturates)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCTIDZ(0, 2), 0, 0, 0xc831600751a3b5b7ull /* about -2^132 */, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x8000000000000000ull);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXCVI | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

TEST(test_fctidu_converts_above_int64_max)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCTIDU(0, 2), 0, 0, 0x43e0000000000001ull, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x8000000000000800ull);
        CHECK_EQ(t.cpu.fpscr, 0);
        emu_test_fini(&t);
}

/* ---- conversions from integer ---- */

TEST(test_fcfid_nearest_ties_to_even)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCFID(0, 2), 0, 0, (1ull << 53) + 1, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x4340000000000000ull);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPRF(FPRF_POS_NORM));
        emu_test_fini(&t);
}

TEST(test_fcfid_toward_plus_inf_rounds_up)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCFID(0, 2), FPSCR_RN_PINF, 0, (1ull << 53) + 1, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x4340000000000001ull);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_FR | FPRF(FPRF_POS_NORM) | FPSCR_RN_PINF);
        emu_test_fini(&t);
}

TEST(test_fcfid_negative_exact)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCFID(0, 2), 0, 0, (uint64_t)-3, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_THREE | D_MINUS_ZERO);
        CHECK_EQ(t.cpu.fpscr, FPRF(FPRF_NEG_NORM));
        emu_test_fini(&t);
}

TEST(test_fcfids_rounds_to_single_and_sets_fprf)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCFIDS(0, 2), 0, 0, (1ull << 24) + 1, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x4170000000000000ull);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPRF(FPRF_POS_NORM));
        emu_test_fini(&t);
}

TEST(test_fcfidu_treats_operand_as_unsigned)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCFIDU(0, 2), 0, 0, ~0ull, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x43f0000000000000ull);   /* 2^64 */
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_FR | FPRF(FPRF_POS_NORM));
        emu_test_fini(&t);
}

TEST(test_fcfidus_toward_zero)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCFIDUS(0, 2), FPSCR_RN_ZERO, 0, ~0ull, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x43efffffe0000000ull);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPRF(FPRF_POS_NORM) | FPSCR_RN_ZERO);
        emu_test_fini(&t);
}

/* ---- round to integral ---- */

TEST(test_frin_rounds_ties_away_without_xx)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FRIN(0, 2), 0, 0, D_MINUS_2_5, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_THREE | D_MINUS_ZERO);
        CHECK_EQ(t.cpu.fpscr, FPRF(FPRF_NEG_NORM));
        emu_test_fini(&t);
}

TEST(test_friz_truncates)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FRIZ(0, 2), 0, 0, D_MINUS_2_5, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_TWO | D_MINUS_ZERO);
        emu_test_fini(&t);
}

TEST(test_frip_rounds_up)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FRIP(0, 2), 0, 0, D_2_1, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_THREE);
        emu_test_fini(&t);
}

TEST(test_frim_keeps_sign_of_zero_result)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FRIM(0, 2), 0, 0, 0x3fd0000000000000ull /* 0.25 */, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_ZERO);
        CHECK_EQ(t.cpu.fpscr, FPRF(FPRF_POS_ZERO));
        emu_test_fini(&t);
}

TEST(test_frin_snan_quiets_with_vxsnan)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FRIN(0, 2), 0, 0, D_SNAN2, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x7ff8000000000002ull);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXSNAN | FPRF(FPRF_QNAN));
        emu_test_fini(&t);
}

/* ---- compares and tests ---- */

TEST(test_fcmpu_less_sets_cr_field_and_fpcc)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCMPU(3, 1, 2), 0, D_MINUS_ONE, D_ONE, 0);
        CHECK_EQ(emu_get_crf(&t.cpu, 3), CR_LT);
        CHECK_EQ(t.cpu.fpscr, (uint64_t)FPCC_FL << FPSCR_FPRF_SHIFT);
        emu_test_fini(&t);
}

TEST(test_fcmpu_zeros_of_either_sign_are_equal)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCMPU(0, 1, 2), 0, D_ZERO, D_MINUS_ZERO, 0);
        CHECK_EQ(emu_get_crf(&t.cpu, 0), CR_EQ);
        emu_test_fini(&t);
}

TEST(test_fcmpu_qnan_is_unordered_without_exception)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCMPU(1, 1, 2), FPSCR_C, D_QNAN1, D_ONE, 0);
        CHECK_EQ(emu_get_crf(&t.cpu, 1), CR_SO);
        CHECK_EQ(t.cpu.fpscr, FPSCR_C | ((uint64_t)FPCC_FU << FPSCR_FPRF_SHIFT));
        emu_test_fini(&t);
}

TEST(test_fcmpu_snan_sets_vxsnan_only)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCMPU(1, 1, 2), 0, D_ONE, D_SNAN2, 0);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXSNAN |
                              ((uint64_t)FPCC_FU << FPSCR_FPRF_SHIFT));
        emu_test_fini(&t);
}

TEST(test_fcmpo_qnan_sets_vxvc)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCMPO(1, 1, 2), 0, D_QNAN1, D_ONE, 0);
        CHECK_EQ(emu_get_crf(&t.cpu, 1), CR_SO);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXVC |
                              ((uint64_t)FPCC_FU << FPSCR_FPRF_SHIFT));
        emu_test_fini(&t);
}

TEST(test_fcmpo_snan_sets_vxsnan_and_vxvc)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCMPO(1, 1, 2), 0, D_SNAN2, D_ONE, 0);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXSNAN | FPSCR_VXVC |
                              ((uint64_t)FPCC_FU << FPSCR_FPRF_SHIFT));
        emu_test_fini(&t);
}

TEST(test_fcmpo_snan_with_ve_sets_vxsnan_but_not_vxvc)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCMPO(1, 1, 2), FPSCR_VE, D_SNAN2, D_ONE, 0);
        CHECK_EQ(emu_get_crf(&t.cpu, 1), CR_SO);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_FEX | FPSCR_VX | FPSCR_VXSNAN | FPSCR_VE |
                              ((uint64_t)FPCC_FU << FPSCR_FPRF_SHIFT));
        emu_test_fini(&t);
}

TEST(test_ftdiv_by_zero_sets_fg_and_fe)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FTDIV(2, 1, 2), 0, D_ONE, D_ZERO, 0);
        CHECK_EQ(emu_get_crf(&t.cpu, 2), 0xeu);
        CHECK_EQ(t.cpu.fpscr, 0);
        emu_test_fini(&t);
}

TEST(test_ftdiv_ordinary_operands_set_only_the_high_bit)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FTDIV(2, 1, 2), 0, D_ONE, D_THREE, 0);
        CHECK_EQ(emu_get_crf(&t.cpu, 2), 0x8u);
        emu_test_fini(&t);
}

TEST(test_ftsqrt_negative_sets_fe_only)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FTSQRT(4, 2), 0, 0, D_MINUS_ONE, 0);
        CHECK_EQ(emu_get_crf(&t.cpu, 4), 0xau);
        emu_test_fini(&t);
}

/* ---- select, sign and merge moves ---- */

TEST(test_fsel_nan_selects_frb)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FSEL(0, 1, 3, 2), 0, D_QNAN1, D_TWO, D_THREE);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_TWO);
        CHECK_EQ(t.cpu.fpscr, 0);
        emu_test_fini(&t);
}

TEST(test_fsel_minus_zero_selects_frc)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FSEL(0, 1, 3, 2), 0, D_MINUS_ZERO, D_TWO, D_THREE);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_THREE);
        emu_test_fini(&t);
}

TEST(test_fcpsgn_takes_sign_of_fra)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCPSGN(0, 1, 2), 0, D_MINUS_ZERO, D_THREE, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_THREE | D_MINUS_ZERO);
        emu_test_fini(&t);
}

TEST(test_fneg_flips_snan_sign_without_exception)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FNEG(0, 2), 0, 0, D_SNAN2, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_SNAN2 | D_MINUS_ZERO);
        CHECK_EQ(t.cpu.fpscr, 0);
        emu_test_fini(&t);
}

TEST(test_fabs_and_fnabs_set_the_sign)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FABS(0, 2), 0, 0, D_MINUS_ONE, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_ONE);
        CHECK_EQ(emu_test_step(&t, FNABS(0, 2)), EMU_NEXT);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_MINUS_ONE);
        emu_test_fini(&t);
}

TEST(test_fmr_rc1_copies_fpscr_summary_to_cr1)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FMR(0, 2) | RC, FPSCR_FX | FPSCR_OX, 0, D_ONE, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), D_ONE);
        CHECK_EQ(emu_get_crf(&t.cpu, 1), 0x9u);
        emu_test_fini(&t);
}

TEST(test_fmrgew_merges_even_words)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FMRGEW(0, 1, 2), 0, 0x1111111122222222ull, 0x3333333344444444ull, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x1111111133333333ull);
        emu_test_fini(&t);
}

TEST(test_fmrgow_merges_odd_words)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FMRGOW(0, 1, 2), 0, 0x1111111122222222ull, 0x3333333344444444ull, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x2222222244444444ull);
        emu_test_fini(&t);
}

/* ---- Rc=1 ---- */

TEST(test_fadd_rc1_sets_cr1_from_fx_fex_vx_ox)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FADD(0, 1, 2) | RC, 0, D_ONE, D_SNAN2, 0);
        CHECK_EQ(emu_get_crf(&t.cpu, 1), 0xau);   /* FX, VX */
        emu_test_fini(&t);
}

/* ---- FPSCR moves ---- */

TEST(test_mtfsf_cannot_set_fex_or_vx)
{
        struct emu_test t;
        setup(&t);
        run3(&t, mtfsf(0x80, 2, 0, 0), 0, 0, 0x60000000ull, 0);
        CHECK_EQ(t.cpu.fpscr, 0);
        emu_test_fini(&t);
}

TEST(test_mtfsf_copies_fx_and_ox_explicitly)
{
        struct emu_test t;
        setup(&t);
        run3(&t, mtfsf(0x80, 2, 0, 0), 0, 0, 0x10000000ull, 0);
        CHECK_EQ(t.cpu.fpscr, FPSCR_OX);   /* FX not set implicitly */
        emu_test_fini(&t);
}

TEST(test_mtfsf_recomputes_vx_and_fex)
{
        struct emu_test t;
        setup(&t);
        /* fields 1 (VXSNAN) and 6 (VE) */
        run3(&t, mtfsf(0x42, 2, 0, 0), 0, 0, FPSCR_VXSNAN | FPSCR_VE, 0);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FEX | FPSCR_VX | FPSCR_VXSNAN | FPSCR_VE);
        emu_test_fini(&t);
}

TEST(test_mtfsf_only_touches_selected_fields)
{
        struct emu_test t;
        setup(&t);
        /* field 7: XE NI RN; XE enables the pending XX */
        run3(&t, mtfsf(0x01, 2, 0, 0), FPSCR_XX, 0, 0xffffffffull, 0);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FEX | FPSCR_XX | 0xfu);
        emu_test_fini(&t);
}

TEST(test_mtfsf_l1_writes_the_whole_fpscr)
{
        struct emu_test t;
        setup(&t);
        run3(&t, mtfsf(0, 2, 1, 0), 0, 0, 0x0000000500000003ull, 0);
        CHECK_EQ(t.cpu.fpscr, 0x0000000500000003ull);
        emu_test_fini(&t);
}

TEST(test_mtfsf_w1_selects_upper_word_fields)
{
        struct emu_test t;
        setup(&t);
        run3(&t, mtfsf(0x01, 2, 0, 1), FPSCR_RN_MINF, 0, 0x00000006ffffffffull, 0);
        CHECK_EQ(t.cpu.fpscr, 0x0000000600000000ull | FPSCR_RN_MINF);
        emu_test_fini(&t);
}

TEST(test_mtfsfi_sets_rounding_mode)
{
        struct emu_test t;
        setup(&t);
        run3(&t, mtfsfi(7, 3, 0), 0, 0, 0, 0);
        CHECK_EQ(t.cpu.fpscr, FPSCR_RN_MINF);
        emu_test_fini(&t);
}

TEST(test_mtfsfi_field0_sets_fx_and_ox_not_fex_vx)
{
        struct emu_test t;
        setup(&t);
        run3(&t, mtfsfi(0, 0xf, 0), 0, 0, 0, 0);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_OX);
        emu_test_fini(&t);
}

TEST(test_mtfsfi_w1_sets_drn)
{
        struct emu_test t;
        setup(&t);
        run3(&t, mtfsfi(7, 5, 1), 0, 0, 0, 0);
        CHECK_EQ(t.cpu.fpscr, 0x0000000500000000ull);
        emu_test_fini(&t);
}

TEST(test_mtfsb1_new_exception_sets_fx_and_vx)
{
        struct emu_test t;
        setup(&t);
        run3(&t, MTFSB1(7), 0, 0, 0, 0);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXSNAN);
        emu_test_fini(&t);
}

TEST(test_mtfsb1_cannot_set_vx)
{
        struct emu_test t;
        setup(&t);
        run3(&t, MTFSB1(2), 0, 0, 0, 0);
        CHECK_EQ(t.cpu.fpscr, 0);
        emu_test_fini(&t);
}

TEST(test_mtfsb0_clearing_last_vx_cause_clears_vx)
{
        struct emu_test t;
        setup(&t);
        run3(&t, MTFSB0(7), FPSCR_FX | FPSCR_VX | FPSCR_VXSNAN, 0, 0, 0);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX);
        emu_test_fini(&t);
}

TEST(test_mtfsb0_rc1_sets_cr1)
{
        struct emu_test t;
        setup(&t);
        run3(&t, MTFSB0(3) | RC, FPSCR_FX | FPSCR_OX, 0, 0, 0);
        CHECK_EQ(emu_get_crf(&t.cpu, 1), 0x8u);
        emu_test_fini(&t);
}

TEST(test_mcrfs_copies_field_and_clears_its_exceptions)
{
        struct emu_test t;
        setup(&t);
        run3(&t, MCRFS(7, 1), FPSCR_FX | FPSCR_VX | FPSCR_VXSNAN | FPSCR_XX, 0, 0, 0);
        CHECK_EQ(emu_get_crf(&t.cpu, 7), 0x3u);   /* XX, VXSNAN */
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX);
        emu_test_fini(&t);
}

TEST(test_mcrfs_field0_clears_fx_and_ox_keeps_fex_vx_rule)
{
        struct emu_test t;
        setup(&t);
        uint64_t f = FPSCR_FX | FPSCR_FEX | FPSCR_VX | FPSCR_OX | FPSCR_VXISI | FPSCR_VE;
        run3(&t, MCRFS(2, 0), f, 0, 0, 0);
        CHECK_EQ(emu_get_crf(&t.cpu, 2), 0xfu);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FEX | FPSCR_VX | FPSCR_VXISI | FPSCR_VE);
        emu_test_fini(&t);
}

TEST(test_mffs_reads_the_whole_fpscr)
{
        struct emu_test t;
        setup(&t);
        run3(&t, MFFS(0), 0x0000000282024001ull, 0, 0, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x0000000282024001ull);
        emu_test_fini(&t);
}

TEST(test_mffs_rc1_sets_cr1)
{
        struct emu_test t;
        setup(&t);
        run3(&t, MFFS(0) | RC, FPSCR_FX | FPSCR_FEX | FPSCR_XX | FPSCR_XE, 0, 0, 0);
        CHECK_EQ(emu_get_crf(&t.cpu, 1), 0xcu);
        emu_test_fini(&t);
}

TEST(test_mffsce_clears_the_enables)
{
        struct emu_test t;
        setup(&t);
        uint64_t f = FPSCR_FX | FPSCR_FEX | FPSCR_XX | FPSCR_XE | FPSCR_VE | FPSCR_RN_ZERO;
        run3(&t, MFFSCE(0), f, 0, 0, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), f);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_XX | FPSCR_RN_ZERO);
        emu_test_fini(&t);
}

TEST(test_mffsl_returns_control_and_status_bits)
{
        struct emu_test t;
        setup(&t);
        run3(&t, MFFSL(0), 0x00000007fffff0ffull, 0, 0, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x000000070007f0ffull);
        emu_test_fini(&t);
}

TEST(test_mffscrn_swaps_in_rounding_mode)
{
        struct emu_test t;
        setup(&t);
        run3(&t, MFFSCRN(0, 2), 0x0000000582024041ull, 0, 0x0000000200000002ull, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x0000000500000041ull);
        CHECK_EQ(t.cpu.fpscr, 0x0000000582024042ull);
        emu_test_fini(&t);
}

TEST(test_mffscrni_sets_rounding_mode_from_immediate)
{
        struct emu_test t;
        setup(&t);
        run3(&t, MFFSCRNI(0, 3), FPSCR_XX, 0, 0, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0);
        CHECK_EQ(t.cpu.fpscr, FPSCR_XX | FPSCR_RN_MINF);
        emu_test_fini(&t);
}

TEST(test_mffscdrn_swaps_in_decimal_rounding_mode)
{
        struct emu_test t;
        setup(&t);
        run3(&t, MFFSCDRN(0, 2), 0x0000000100000001ull, 0, 0x0000000600000003ull, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x0000000100000001ull);
        CHECK_EQ(t.cpu.fpscr, 0x0000000600000001ull);
        emu_test_fini(&t);
}

TEST(test_mffscdrni_sets_drn_from_immediate)
{
        struct emu_test t;
        setup(&t);
        run3(&t, MFFSCDRNI(0, 7), 0, 0, 0, 0);
        CHECK_EQ(t.cpu.fpscr, 0x0000000700000000ull);
        emu_test_fini(&t);
}

/* ---- interrupts ---- */

TEST(test_fadd_with_msr_fp_clear_raises_fp_unavailable)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr &= ~MSR_FP;
        CHECK_EQ(run3(&t, FADD(0, 1, 2), 0, D_ONE, D_ONE, 0), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_FP_UNAVAILABLE);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1000);
        CHECK_EQ(emu_fpr(&t.cpu, 0), MARKER);
        emu_test_fini(&t);
}

TEST(test_lfd_with_msr_fp_clear_raises_fp_unavailable)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr &= ~MSR_FP;
        CHECK_EQ(run3(&t, d_form(50, 0, 0, 0x100), 0, 0, 0, 0), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_FP_UNAVAILABLE);
        emu_test_fini(&t);
}

TEST(test_mffs_with_msr_fp_clear_raises_fp_unavailable)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr &= ~MSR_FP;
        CHECK_EQ(run3(&t, MFFS(0), 0, 0, 0, 0), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_FP_UNAVAILABLE);
        emu_test_fini(&t);
}

TEST(test_enabled_invalid_with_fe_raises_program_interrupt_at_insn)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_FE0 | MSR_FE1;
        CHECK_EQ(run3(&t, FSUB(0, 1, 2), FPSCR_VE, D_INF, D_INF, 0), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1000);
        CHECK_EQ(t.cpu.spr[SPR_SRR1] & 0x001f0000ull, SRR1_PROGRAM_FP);
        CHECK_EQ(emu_fpr(&t.cpu, 0), MARKER);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_FEX | FPSCR_VX | FPSCR_VXISI | FPSCR_VE);
        emu_test_fini(&t);
}

TEST(test_enabled_overflow_with_fe0_writes_result_then_interrupts)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_FE0;
        CHECK_EQ(run3(&t, FMUL(0, 1, 3), FPSCR_OE, D_2P1023, 0, D_2P1023), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1000);
        CHECK_EQ(emu_fpr(&t.cpu, 0), (uint64_t)(510 + 1023) << 52);
        emu_test_fini(&t);
}

TEST(test_enabled_exception_with_fe_clear_does_not_interrupt)
{
        struct emu_test t;
        setup(&t);
        CHECK_EQ(run3(&t, FSUB(0, 1, 2), FPSCR_VE, D_INF, D_INF, 0), EMU_NEXT);
        CHECK_EQ(t.cpu.nip, 0x1004);
        CHECK(t.cpu.fpscr & FPSCR_FEX);
        emu_test_fini(&t);
}

TEST(test_disabled_exception_with_fe_set_does_not_interrupt)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_FE1;
        CHECK_EQ(run3(&t, FSUB(0, 1, 2), 0, D_INF, D_INF, 0), EMU_NEXT);
        CHECK_EQ(emu_fpr(&t.cpu, 0), FPU_DEFAULT_NAN);
        emu_test_fini(&t);
}

TEST(test_mtfsb1_enabling_pending_exception_interrupts)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_FE0 | MSR_FE1;
        /* VXSNAN pending, then VE (bit 56) set */
        CHECK_EQ(run3(&t, MTFSB1(24), FPSCR_FX | FPSCR_VX | FPSCR_VXSNAN, 0, 0, 0), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1000);
        CHECK(t.cpu.spr[SPR_SRR1] & SRR1_PROGRAM_FP);
        emu_test_fini(&t);
}

/* ---- loads and stores ---- */

TEST(test_lfs_converts_single_to_double)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x100, 4, 0x3fc00000);   /* 1.5f */
        t.cpu.gpr[4] = 0x100;
        CHECK_EQ(emu_test_step(&t, d_form(48, 1, 4, 0)), EMU_NEXT);
        CHECK_EQ(emu_fpr(&t.cpu, 1), 0x3ff8000000000000ull);
        emu_test_fini(&t);
}

TEST(test_lfs_normalizes_single_denormal)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x100, 4, 0x80000001);   /* -2^-149 */
        t.cpu.gpr[4] = 0x100;
        emu_test_step(&t, d_form(48, 1, 4, 0));
        CHECK_EQ(emu_fpr(&t.cpu, 1), 0x8000000000000000ull | ((uint64_t)(1023 - 149) << 52));
        emu_test_fini(&t);
}

TEST(test_lfs_keeps_snan_signalling)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x100, 4, 0x7f800001);
        t.cpu.gpr[4] = 0x100;
        emu_test_step(&t, d_form(48, 1, 4, 0));
        CHECK_EQ(emu_fpr(&t.cpu, 1), 0x7ff0000020000000ull);
        CHECK_EQ(t.cpu.fpscr, 0);
        emu_test_fini(&t);
}

TEST(test_stfs_denormalizes_small_double)
{
        struct emu_test t;
        setup(&t);
        emu_set_fpr(&t.cpu, 1, (uint64_t)(1023 - 127) << 52);   /* 2^-127 */
        t.cpu.gpr[4] = 0x100;
        CHECK_EQ(emu_test_step(&t, d_form(52, 1, 4, 0)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x100, 4), 0x00400000u);
        emu_test_fini(&t);
}

TEST(test_stfs_keeps_snan_signalling)
{
        struct emu_test t;
        setup(&t);
        emu_set_fpr(&t.cpu, 1, 0xfff0000020000000ull);
        t.cpu.gpr[4] = 0x100;
        emu_test_step(&t, d_form(52, 1, 4, 0));
        CHECK_EQ(emu_test_peek(&t, 0x100, 4), 0xff800001u);
        emu_test_fini(&t);
}

TEST(test_stfs_truncates_rather_than_rounds)
{
        struct emu_test t;
        setup(&t);
        emu_set_fpr(&t.cpu, 1, 0x3ff000001fffffffull);
        t.cpu.gpr[4] = 0x100;
        emu_test_step(&t, d_form(52, 1, 4, 0));
        CHECK_EQ(emu_test_peek(&t, 0x100, 4), 0x3f800000u);
        emu_test_fini(&t);
}

TEST(test_lfsu_updates_ra)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x108, 4, 0xbf800000);
        t.cpu.gpr[4] = 0x100;
        CHECK_EQ(emu_test_step(&t, d_form(49, 1, 4, 8)), EMU_NEXT);
        CHECK_EQ(emu_fpr(&t.cpu, 1), D_MINUS_ONE);
        CHECK_EQ(t.cpu.gpr[4], 0x108);
        emu_test_fini(&t);
}

TEST(test_lfdu_with_ra0_is_illegal)
{
        struct emu_test t;
        setup(&t);
        CHECK_EQ(emu_test_step(&t, d_form(51, 1, 0, 8)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK(t.cpu.spr[SPR_SRR1] & SRR1_PROGRAM_ILLEGAL);
        emu_test_fini(&t);
}

TEST(test_lfdx_and_stfdux_move_doublewords)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x200, 8, 0x0123456789abcdefull);
        t.cpu.gpr[4] = 0x100;
        t.cpu.gpr[5] = 0x100;
        CHECK_EQ(emu_test_step(&t, x_form(31, 599, 1, 4, 5)), EMU_NEXT);   /* lfdx */
        CHECK_EQ(emu_fpr(&t.cpu, 1), 0x0123456789abcdefull);
        t.cpu.gpr[5] = 0x10;
        CHECK_EQ(emu_test_step(&t, x_form(31, 759, 1, 4, 5)), EMU_NEXT);   /* stfdux */
        CHECK_EQ(emu_test_peek(&t, 0x110, 8), 0x0123456789abcdefull);
        CHECK_EQ(t.cpu.gpr[4], 0x110);
        emu_test_fini(&t);
}

TEST(test_lfiwax_sign_extends)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x100, 4, 0x80000001);
        t.cpu.gpr[5] = 0x100;
        CHECK_EQ(emu_test_step(&t, x_form(31, 855, 1, 0, 5)), EMU_NEXT);
        CHECK_EQ(emu_fpr(&t.cpu, 1), 0xffffffff80000001ull);
        emu_test_fini(&t);
}

TEST(test_lfiwzx_zero_extends)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x100, 4, 0x80000001);
        t.cpu.gpr[5] = 0x100;
        CHECK_EQ(emu_test_step(&t, x_form(31, 887, 1, 0, 5)), EMU_NEXT);
        CHECK_EQ(emu_fpr(&t.cpu, 1), 0x80000001ull);
        emu_test_fini(&t);
}

TEST(test_stfiwx_stores_low_word)
{
        struct emu_test t;
        setup(&t);
        emu_set_fpr(&t.cpu, 1, 0xdeadbeef01020304ull);
        t.cpu.gpr[5] = 0x100;
        CHECK_EQ(emu_test_step(&t, x_form(31, 983, 1, 0, 5)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x100, 4), 0x01020304u);
        emu_test_fini(&t);
}

TEST(test_lfs_little_endian_reverses_bytes)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        emu_test_poke(&t, 0x100, 4, 0x0000c03f);   /* 1.5f stored little-endian */
        t.cpu.gpr[4] = 0x100;
        emu_test_step(&t, d_form(48, 1, 4, 0));
        CHECK_EQ(emu_fpr(&t.cpu, 1), 0x3ff8000000000000ull);
        emu_test_fini(&t);
}

TEST(test_lfdp_loads_an_even_odd_pair)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x100, 8, 0x1111111111111111ull);
        emu_test_poke(&t, 0x108, 8, 0x2222222222222222ull);
        t.cpu.gpr[4] = 0x100;
        CHECK_EQ(emu_test_step(&t, d_form(57, 2, 4, 0)), EMU_NEXT);
        CHECK_EQ(emu_fpr(&t.cpu, 2), 0x1111111111111111ull);
        CHECK_EQ(emu_fpr(&t.cpu, 3), 0x2222222222222222ull);
        emu_test_fini(&t);
}

TEST(test_lfdp_odd_register_is_illegal)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0x100;
        CHECK_EQ(emu_test_step(&t, d_form(57, 3, 4, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        emu_test_fini(&t);
}

TEST(test_stfdp_stores_an_even_odd_pair)
{
        struct emu_test t;
        setup(&t);
        emu_set_fpr(&t.cpu, 4, 0xaaaaaaaaaaaaaaaaull);
        emu_set_fpr(&t.cpu, 5, 0xbbbbbbbbbbbbbbbbull);
        t.cpu.gpr[6] = 0x100;
        CHECK_EQ(emu_test_step(&t, d_form(61, 4, 6, 0x10)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x110, 8), 0xaaaaaaaaaaaaaaaaull);
        CHECK_EQ(emu_test_peek(&t, 0x118, 8), 0xbbbbbbbbbbbbbbbbull);
        emu_test_fini(&t);
}

/* ---- MMIO ---- */

TEST(test_lfs_mmio_exit_completes_through_emu_complete_mmio)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = MMIO;
        CHECK_EQ(emu_test_step(&t, d_form(48, 7, 4, 4)), EMU_EXIT);
        CHECK_EQ(t.run.exit_reason, KVM_EXIT_MMIO);
        CHECK_EQ(t.run.mmio.phys_addr, MMIO + 4);
        CHECK_EQ(t.run.mmio.len, 4);
        CHECK_EQ(t.run.mmio.is_write, 0);
        CHECK_EQ(t.cpu.nip, 0x1004);
        memcpy(t.run.mmio.data, "\x80\x00\x00\x01", 4);    /* -2^-149, big-endian */
        CHECK_EQ(emu_complete_mmio(&t.cpu), 0);
        CHECK_EQ(emu_fpr(&t.cpu, 7), 0x8000000000000000ull | ((uint64_t)(1023 - 149) << 52));
        emu_test_fini(&t);
}

TEST(test_lfsu_mmio_exit_updates_ra)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = MMIO;
        CHECK_EQ(emu_test_step(&t, d_form(49, 7, 4, 0x20)), EMU_EXIT);
        CHECK_EQ(t.cpu.gpr[4], MMIO + 0x20);
        CHECK_EQ(t.cpu.mmio_target, EMU_TGT(EMU_TGT_FPR_SINGLE, 7));
        emu_test_fini(&t);
}

TEST(test_lfiwax_mmio_completes_sign_extended)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[5] = MMIO;
        CHECK_EQ(emu_test_step(&t, x_form(31, 855, 2, 0, 5)), EMU_EXIT);
        memcpy(t.run.mmio.data, "\xff\xff\xff\xfe", 4);
        CHECK_EQ(emu_complete_mmio(&t.cpu), 0);
        CHECK_EQ(emu_fpr(&t.cpu, 2), (uint64_t)-2);
        emu_test_fini(&t);
}

TEST(test_stfd_mmio_exit_carries_the_doubleword)
{
        struct emu_test t;
        setup(&t);
        emu_set_fpr(&t.cpu, 1, 0x0102030405060708ull);
        t.cpu.gpr[4] = MMIO;
        CHECK_EQ(emu_test_step(&t, d_form(54, 1, 4, 0)), EMU_EXIT);
        CHECK_EQ(t.run.mmio.is_write, 1);
        CHECK_EQ(t.run.mmio.len, 8);
        CHECK(memcmp(t.run.mmio.data, "\x01\x02\x03\x04\x05\x06\x07\x08", 8) == 0);
        emu_test_fini(&t);
}

/* ---- the arithmetic core against the host's IEEE arithmetic ---- */

#if defined(__x86_64__)
/*
 * x86 SSE computes the same correctly rounded IEEE results in each rounding
 * mode (MXCSR.RC) and flags inexact the same way, so random operands,
 * denormals and extremes included, must give identical bits and FI.  (SSE
 * detects underflow after rounding and propagates NaNs differently, so UX
 * and NaN operands are left to the directed tests.)
 */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
        rng_state ^= rng_state << 13;
        rng_state ^= rng_state >> 7;
        rng_state ^= rng_state << 17;
        return rng_state;
}

static uint64_t random_double(void)
{
        uint64_t r = rng(), sign_frac = rng() & 0x800fffffffffffffull;
        switch (r % 6) {
        case 0: return rng();
        case 1: return sign_frac | ((uint64_t)(1020 + r / 8 % 8) << 52);
        case 2: return sign_frac | ((uint64_t)(r / 8 % 3) << 52);          /* tiny */
        case 3: return sign_frac | ((uint64_t)(2046 - r / 8 % 3) << 52);   /* huge */
        case 4: return (sign_frac & 0x80000000ffffffffull) | ((uint64_t)(990 + r / 8 % 80) << 52);
        default: return sign_frac & 0x800ffffffe000000ull;                  /* denormal */
        }
}

enum host_op { HOST_ADD, HOST_SUB, HOST_MUL, HOST_DIV, HOST_SQRT, HOST_OPS };

/* One SSE operation under rounding mode rn; returns the result bits. */
static uint64_t host_double(enum host_op op, uint64_t a, uint64_t b, unsigned rn, bool *inexact)
{
        static const unsigned rc[4] = { 0, 3, 2, 1 };   /* RN -> MXCSR.RC */
        unsigned saved, mx, after;
        double x, y;

        memcpy(&x, &a, 8);
        memcpy(&y, &b, 8);
        __asm__ volatile("stmxcsr %0" : "=m"(saved));
        mx = (saved & ~0x603fu) | (rc[rn] << 13);
        __asm__ volatile("ldmxcsr %0" : : "m"(mx));
        switch (op) {
        case HOST_ADD: __asm__ volatile("addsd %1, %0" : "+x"(x) : "x"(y)); break;
        case HOST_SUB: __asm__ volatile("subsd %1, %0" : "+x"(x) : "x"(y)); break;
        case HOST_MUL: __asm__ volatile("mulsd %1, %0" : "+x"(x) : "x"(y)); break;
        case HOST_DIV: __asm__ volatile("divsd %1, %0" : "+x"(x) : "x"(y)); break;
        default: __asm__ volatile("sqrtsd %0, %0" : "+x"(x)); break;
        }
        __asm__ volatile("stmxcsr %0" : "=m"(after));
        __asm__ volatile("ldmxcsr %0" : : "m"(saved));
        *inexact = after & 0x20u;
        memcpy(&a, &x, 8);
        return a;
}

static bool fpu_double(enum host_op op, uint64_t *fpscr, uint64_t a, uint64_t b, uint64_t *ret)
{
        switch (op) {
        case HOST_ADD: return fpu_add(fpscr, a, b, false, ret);
        case HOST_SUB: return fpu_sub(fpscr, a, b, false, ret);
        case HOST_MUL: return fpu_mul(fpscr, a, b, false, ret);
        case HOST_DIV: return fpu_div(fpscr, a, b, false, ret);
        default: return fpu_sqrt(fpscr, a, false, ret);
        }
}

static bool is_nan_bits(uint64_t d) { return (d & ~D_MINUS_ZERO) > D_INF; }

/* Valgrind's SSE emulation rounds to nearest whatever MXCSR says and
 * raises no flags: then only round-to-nearest values can be compared. */
static bool host_honours_mxcsr_rounding(void)
{
        bool inexact;
        return host_double(HOST_ADD, D_ONE, 0x3c40000000000000ull, FPSCR_RN_PINF, &inexact) ==
               D_ONE_PLUS_ULP;
}

static bool host_reports_inexact(void)
{
        bool inexact;
        host_double(HOST_ADD, D_ONE, 0x3c40000000000000ull, FPSCR_RN_NEAREST, &inexact);
        return inexact;
}

TEST(test_fpu_random_double_ops_match_host_ieee_in_all_modes)
{
        unsigned rn_mask = host_honours_mxcsr_rounding() ? 3 : 0;
        bool check_fi = host_reports_inexact();

        for (int i = 0; i < 40000; i++) {
                enum host_op op = rng() % HOST_OPS;
                unsigned rn = rng() & rn_mask;
                uint64_t a = random_double(), b = random_double(), fpscr = rn, r = 0;
                bool inexact;
                uint64_t want = host_double(op, a, b, rn, &inexact);

                fpu_double(op, &fpscr, a, b, &r);
                if (is_nan_bits(want) && is_nan_bits(r))
                        continue;
                CHECK_EQ(r, want);
                if (check_fi)
                        CHECK_EQ(!!(fpscr & FPSCR_FI), inexact);
        }
}
#endif

/* ---- decoding ---- */

TEST(test_every_fp_table_entry_decodes_to_itself)
{
        emu_decode_init();
        for (const struct emu_opdesc *d = emu_ops_fp; d->fn; d++) {
                const struct emu_opdesc *got = emu_lookup(d->match);
                if (got != d)
                        test_failed(__FILE__, __LINE__, "%s (%08x) decodes to %s", d->name,
                                    d->match, got ? got->name : "nothing");
        }
}

TEST(test_mffs_family_unassigned_selector_is_illegal)
{
        struct emu_test t;
        setup(&t);
        CHECK_EQ(emu_test_step(&t, x_form(63, 583, 1, 2, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK(t.cpu.spr[SPR_SRR1] & SRR1_PROGRAM_ILLEGAL);
        emu_test_fini(&t);
}

/* ---- sticky bits on the fast (nearest) and exact (other modes) paths ---- */

TEST(test_inexact_with_xx_already_set_leaves_fx_clear_nearest)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FADD(0, 1, 2), FPSCR_XX, D_ONE, D_3_4_ULP, 0);
        CHECK_EQ(t.cpu.fpscr, FPSCR_XX | FPSCR_FI | FPSCR_FR | FPRF(FPRF_POS_NORM));
        emu_test_fini(&t);
}

TEST(test_inexact_with_xx_already_set_leaves_fx_clear_toward_zero)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FADD(0, 1, 2), FPSCR_XX | FPSCR_RN_ZERO, D_ONE, D_3_4_ULP, 0);
        CHECK_EQ(t.cpu.fpscr, FPSCR_XX | FPSCR_FI | FPRF(FPRF_POS_NORM) | FPSCR_RN_ZERO);
        emu_test_fini(&t);
}

TEST(test_enabled_inexact_with_fe1_writes_result_then_interrupts)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_FE1;
        CHECK_EQ(run3(&t, FMUL(0, 1, 3), FPSCR_XE, D_ONE_PLUS_ULP, 0, D_ONE_PLUS_ULP), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1000);
        CHECK(t.cpu.spr[SPR_SRR1] & SRR1_PROGRAM_FP);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x3ff0000000000002ull);
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_FEX | FPSCR_XE | FPRF(FPRF_POS_NORM));
        emu_test_fini(&t);
}

TEST(test_fctiwu_small_negative_rounds_to_zero_without_vxcvi)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FCTIWU(0, 2), 0, 0, 0xbfd999999999999aull /* -0.4 */, 0);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0);
        CHECK_EQ(t.cpu.fpscr, INEXACT);
        emu_test_fini(&t);
}

TEST(test_lfdp_little_endian_loads_the_quadword_reversed)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        emu_test_poke(&t, 0x100, 8, 0x8877665544332211ull);   /* LE image of 0x1122...88 */
        emu_test_poke(&t, 0x108, 8, 0x0807060504030201ull);
        t.cpu.gpr[4] = 0x100;
        CHECK_EQ(emu_test_step(&t, d_form(57, 2, 4, 0)), EMU_NEXT);
        CHECK_EQ(emu_fpr(&t.cpu, 2), 0x0102030405060708ull);
        CHECK_EQ(emu_fpr(&t.cpu, 3), 0x1122334455667788ull);
        emu_test_fini(&t);
}

/* Single-precision tininess: 2^-130 is a normal double but a single
 * denormal, so bits below 2^-149 are lost and the result underflows. */
TEST(test_fmuls_tiny_in_single_range_underflows)
{
        struct emu_test t;
        setup(&t);
        run3(&t, FMULS(0, 1, 3), 0, 0x39b0000020000000ull /* 2^-100 (1 + 2^-23) */, 0,
             0x3e10000000000000ull /* 2^-30 */);
        CHECK_EQ(emu_fpr(&t.cpu, 0), 0x37d0000000000000ull);   /* 2^-130 */
        CHECK_EQ(t.cpu.fpscr, INEXACT | FPSCR_UX | FPRF(FPRF_POS_DENORM));
        emu_test_fini(&t);
}
