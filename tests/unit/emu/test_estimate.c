/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vexptefp and vlogefp (correctly rounded here, well inside the ISA's
 * estimate bounds), and the single-precision VSX vector tests and max/min:
 * xvtstdcsp, xvtstdcdp, xvmaxsp, xvminsp, xvtdivsp, xvtsqrtsp.  Expected
 * values: 2^x and log2(x) of the exact single inputs, computed in double
 * and rounded to single (Python), special cases from the ISA's tables.
 */
#include "harness.h"
#include "test.h"
#include "vcpu/emu/fpu.h"
#include "vcpu/emu/vec.h"

#define RAM_SIZE 0x10000u

#define VEXPTEFP 394
#define VLOGEFP  458

static uint32_t vx(unsigned xo, unsigned t, unsigned a, unsigned b)
{
        return (4u << 26) | (t << 21) | (a << 16) | (b << 11) | xo;
}

/* XX3/XX2 forms on VSRs 0-31. */
static uint32_t xx3(unsigned xo, unsigned t, unsigned a, unsigned b)
{
        return (60u << 26) | (t << 21) | (a << 16) | (b << 11) | (xo << 3);
}

static uint32_t xx2(unsigned xo, unsigned t, unsigned b)
{
        return (60u << 26) | (t << 21) | (b << 11) | (xo << 2);
}

/* xvtstdc[sp|dp]: DCMX = dc || dm || dx spread over bits 25, 29, 11-15. */
static uint32_t xvtstdc(bool dp, unsigned t, unsigned b, unsigned dcmx)
{
        return (dp ? 0xf00007a8u : 0xf00006a8u) | (t << 21) | ((dcmx & 31u) << 16) | (b << 11) |
               (((dcmx >> 6) & 1u) << 6) | (((dcmx >> 5) & 1u) << 2);
}

#define DCMX_NAN        0x40u
#define DCMX_NEG_ZERO   0x04u
#define DCMX_POS_DENORM 0x02u

static void setup(struct emu_test *t) { emu_test_init(t, RAM_SIZE); }

/* Four words, ISA element 0 first, into VSR n. */
static void set_words(struct emu_test *t, unsigned n, uint32_t w0, uint32_t w1, uint32_t w2, uint32_t w3)
{
        t->cpu.vsr[n] = (struct emu_vsr){ ((uint64_t)w0 << 32) | w1, ((uint64_t)w2 << 32) | w3 };
}

#define HI(t, n) ((t).cpu.vsr[n].hi)
#define LO(t, n) ((t).cpu.vsr[n].lo)
#define WORDS(a, b) (((uint64_t)(a) << 32) | (b))

#define SP_ONE   0x3f800000u
#define SP_TWO   0x40000000u
#define SP_INF   0x7f800000u
#define SP_QNAN  0x7fc00000u

/* ---- vexptefp ---- */

TEST(test_vexptefp_of_exact_and_fractional_exponents)
{
        struct emu_test t;
        setup(&t);
        set_words(&t, 32 + 2, 0x40400000u, 0xbf800000u, 0x3f000000u, 0x41240000u);  /* 3, -1, 0.5, 10.25 */
        CHECK_EQ(emu_test_step(&t, vx(VEXPTEFP, 3, 0, 2)), EMU_NEXT);
        CHECK_EQ(HI(t, 32 + 3), WORDS(0x41000000u, 0x3f000000u));                /* 8, 0.5 */
        CHECK_EQ(LO(t, 32 + 3), WORDS(0x3fb504f3u, 0x449837f0u));                /* sqrt 2, 1217.93 */
        emu_test_fini(&t);
}

TEST(test_vexptefp_special_values)
{
        struct emu_test t;
        setup(&t);
        set_words(&t, 32 + 2, 0xff800000u, 0u, SP_INF, 0x7fa00000u);            /* -inf, +0, +inf, SNaN */
        emu_test_step(&t, vx(VEXPTEFP, 3, 0, 2));
        CHECK_EQ(HI(t, 32 + 3), WORDS(0u, SP_ONE));
        CHECK_EQ(LO(t, 32 + 3), WORDS(SP_INF, 0x7fe00000u));
        emu_test_fini(&t);
}

TEST(test_vexptefp_gives_a_denormal_in_java_mode)
{
        struct emu_test t;
        setup(&t);
        t.cpu.vscr = 0;
        set_words(&t, 32 + 2, 0xc2fd0000u, 0xc3150000u, 0xc3160000u, 0x42fffae1u);  /* -126.5, -149, -150, 127.99 */
        emu_test_step(&t, vx(VEXPTEFP, 3, 0, 2));
        CHECK_EQ(HI(t, 32 + 3), WORDS(0x005a827au, 0x00000001u));
        CHECK_EQ(LO(t, 32 + 3), WORDS(0u, 0x7f7e3b37u));
        emu_test_fini(&t);
}

TEST(test_vexptefp_flushes_a_denormal_result_in_non_java_mode)
{
        struct emu_test t;
        setup(&t);
        t.cpu.vscr = VSCR_NJ;
        set_words(&t, 32 + 2, 0xc2fd0000u, 0, 0, 0);
        emu_test_step(&t, vx(VEXPTEFP, 3, 0, 2));
        CHECK_EQ(HI(t, 32 + 3), WORDS(0u, SP_ONE));
        emu_test_fini(&t);
}

/* ---- vlogefp ---- */

TEST(test_vlogefp_of_normal_values)
{
        struct emu_test t;
        setup(&t);
        set_words(&t, 32 + 2, 0x41000000u, 0x3dcccccdu, 0x40400000u, SP_ONE);    /* 8, 0.1, 3, 1 */
        emu_test_step(&t, vx(VLOGEFP, 3, 0, 2));
        CHECK_EQ(HI(t, 32 + 3), WORDS(0x40400000u, 0xc0549a78u));
        CHECK_EQ(LO(t, 32 + 3), WORDS(0x3fcae00du, 0u));
        emu_test_fini(&t);
}

TEST(test_vlogefp_special_values)
{
        struct emu_test t;
        setup(&t);
        set_words(&t, 32 + 2, 0u, 0xbf800000u, SP_INF, 0x80000000u);           /* +0, -1, +inf, -0 */
        emu_test_step(&t, vx(VLOGEFP, 3, 0, 2));
        CHECK_EQ(HI(t, 32 + 3), WORDS(0xff800000u, SP_QNAN));
        CHECK_EQ(LO(t, 32 + 3), WORDS(SP_INF, 0xff800000u));
        emu_test_fini(&t);
}

TEST(test_vlogefp_of_a_denormal_depends_on_nj)
{
        struct emu_test t;
        setup(&t);
        set_words(&t, 32 + 2, 0x000116c2u, 0, 0, 0);
        emu_test_step(&t, vx(VLOGEFP, 3, 0, 2));
        CHECK_EQ(HI(t, 32 + 3) >> 32, 0xc304e08cu);
        t.cpu.vscr = VSCR_NJ;
        emu_test_step(&t, vx(VLOGEFP, 3, 0, 2));
        CHECK_EQ(HI(t, 32 + 3) >> 32, 0xff800000u);
        emu_test_fini(&t);
}

/* ---- xvtstdcsp, xvtstdcdp ---- */

TEST(test_xvtstdcsp_selects_nan_elements)
{
        struct emu_test t;
        setup(&t);
        set_words(&t, 2, SP_QNAN, SP_ONE, SP_INF, 0);
        CHECK_EQ(emu_test_step(&t, xvtstdc(false, 3, 2, DCMX_NAN)), EMU_NEXT);
        CHECK_EQ(HI(t, 3), WORDS(0xffffffffu, 0));
        CHECK_EQ(LO(t, 3), 0);
        emu_test_fini(&t);
}

TEST(test_xvtstdcsp_classes_a_single_denormal_as_denormal)
{
        struct emu_test t;
        setup(&t);
        set_words(&t, 2, 0x00000001u, 0x80000001u, 0x00800000u, 0);
        emu_test_step(&t, xvtstdc(false, 3, 2, DCMX_POS_DENORM));
        CHECK_EQ(HI(t, 3), WORDS(0xffffffffu, 0));
        CHECK_EQ(LO(t, 3), 0);
        emu_test_fini(&t);
}

TEST(test_xvtstdcdp_selects_minus_zero)
{
        struct emu_test t;
        setup(&t);
        t.cpu.vsr[2] = (struct emu_vsr){ 0x8000000000000000ull, 0 };
        emu_test_step(&t, xvtstdc(true, 3, 2, DCMX_NEG_ZERO));
        CHECK_EQ(HI(t, 3), ~0ull);
        CHECK_EQ(LO(t, 3), 0);
        emu_test_fini(&t);
}

/* ---- xvmaxsp, xvminsp ---- */

TEST(test_xvmaxsp_prefers_numbers_to_quiet_nans_and_plus_zero)
{
        struct emu_test t;
        setup(&t);
        set_words(&t, 1, SP_ONE, SP_QNAN, 0x80000000u, 0x40a00000u);   /* 1, qNaN, -0, 5 */
        set_words(&t, 2, SP_TWO, 0x40400000u, 0u, 0x40800000u);        /* 2, 3, +0, 4 */
        emu_test_step(&t, xx3(192, 3, 1, 2));
        CHECK_EQ(HI(t, 3), WORDS(SP_TWO, 0x40400000u));
        CHECK_EQ(LO(t, 3), WORDS(0u, 0x40a00000u));
        emu_test_fini(&t);
}

TEST(test_xvminsp_prefers_numbers_to_quiet_nans_and_minus_zero)
{
        struct emu_test t;
        setup(&t);
        set_words(&t, 1, SP_ONE, SP_QNAN, 0x80000000u, 0x40a00000u);
        set_words(&t, 2, SP_TWO, 0x40400000u, 0u, 0x40800000u);
        emu_test_step(&t, xx3(200, 3, 1, 2));
        CHECK_EQ(HI(t, 3), WORDS(SP_ONE, 0x40400000u));
        CHECK_EQ(LO(t, 3), WORDS(0x80000000u, 0x40800000u));
        emu_test_fini(&t);
}

/* ---- xvtdivsp, xvtsqrtsp ---- */

TEST(test_xvtdivsp_of_ordinary_values_sets_only_the_high_bit)
{
        struct emu_test t;
        setup(&t);
        set_words(&t, 1, SP_ONE, SP_TWO, SP_ONE, SP_TWO);
        set_words(&t, 2, SP_TWO, SP_ONE, SP_TWO, SP_ONE);
        emu_test_step(&t, xx3(93, 4u << 2, 1, 2));     /* BF = 4 */
        CHECK_EQ(emu_get_crf(&t.cpu, 4), 8u);
        emu_test_fini(&t);
}

TEST(test_xvtdivsp_by_zero_sets_fg_and_fe)
{
        struct emu_test t;
        setup(&t);
        set_words(&t, 1, SP_ONE, SP_ONE, SP_ONE, SP_ONE);
        set_words(&t, 2, SP_TWO, SP_TWO, 0u, SP_TWO);
        emu_test_step(&t, xx3(93, 4u << 2, 1, 2));
        CHECK_EQ(emu_get_crf(&t.cpu, 4), 0xeu);
        emu_test_fini(&t);
}

TEST(test_xvtsqrtsp_of_a_negative_element_sets_fe)
{
        struct emu_test t;
        setup(&t);
        set_words(&t, 2, SP_ONE, 0xc0000000u, SP_TWO, SP_ONE);
        emu_test_step(&t, xx2(170, 1u << 2, 2));        /* BF = 1 */
        CHECK_EQ(emu_get_crf(&t.cpu, 1), 0xau);
        emu_test_fini(&t);
}
