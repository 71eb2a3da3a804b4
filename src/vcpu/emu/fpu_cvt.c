/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * FP conversions, rounding to integral values, comparisons and the
 * software-divide/square-root tests (Power ISA 3.0 Book I, 4.6.7-4.6.8).
 */
#include "fpu_internal.h"

/* Rounding modes for integer rounding: the four RN values plus frin's. */
#define RINT_NEAREST_AWAY 4u

struct int_round {
        uint64_t mag;       /* rounded magnitude */
        bool inexact, inc;
        bool too_big;       /* magnitude >= 2^64 */
};

/* Rounds |x| (finite, nonzero) to an integer. */
static struct int_round round_to_integer(const struct fnum *x, unsigned mode)
{
        struct int_round r = { 0 };
        bool rbit, sticky;

        if (x->exp >= 64) {
                r.too_big = true;
                return r;
        }
        if (x->exp >= 0) {
                uint64_t rest = x->exp == 63 ? 0 : x->sig << (x->exp + 1);
                r.mag = x->sig >> (63 - x->exp);
                rbit = rest >> 63;
                sticky = (rest << 1) != 0;
        } else {
                rbit = x->exp == -1;
                sticky = x->exp == -1 ? (x->sig << 1) != 0 : true;
        }
        r.inexact = rbit || sticky;
        switch (mode) {
        case FPSCR_RN_NEAREST:
                r.inc = rbit && (sticky || (r.mag & 1));
                break;
        case FPSCR_RN_PINF:
                r.inc = !x->sign && r.inexact;
                break;
        case FPSCR_RN_MINF:
                r.inc = x->sign && r.inexact;
                break;
        case RINT_NEAREST_AWAY:
                r.inc = rbit;
                break;
        default:
                r.inc = false;
        }
        if (r.inc && r.mag == UINT64_MAX)
                r.too_big = true;
        r.mag += r.inc;
        return r;
}

/* Invalid conversion: VXCVI (and VXSNAN); FR, FI cleared.  FPRF is
 * undefined: we set the QNaN class (C, FU) as QEMU does; fpu_op_end()
 * restores it when VE=1 suppresses the result. */
static uint64_t invalid_cvt(struct fpu_op *op, uint64_t b, uint64_t result)
{
        if (fpu_is_snan(b))
                op->fpscr |= FPSCR_VXSNAN;
        op->fpscr |= FPSCR_VXCVI;
        op->fpscr &= ~(FPSCR_FR | FPSCR_FI | FPSCR_FPRF);
        op->fpscr |= (uint64_t)FPRF_QNAN << FPSCR_FPRF_SHIFT;
        op->invalid = true;
        return result;
}

/*
 * fcti*: the result is the integer in the low 32 or 64 bits.  For the word
 * forms the ISA leaves bits 0:31 undefined; like QEMU we sign-extend the
 * signed forms' integer results and zero-extend the unsigned ones and the
 * NaN result 0x8000_0000.  FPRF is undefined after these instructions; a
 * valid conversion leaves it unchanged (as QEMU does).
 */
bool fpu_to_int(uint64_t *fpscr, uint64_t b, unsigned flags, uint64_t *ret)
{
        bool uns = flags & FPU_CVT_UNSIGNED, word = flags & FPU_CVT_WORD;
        uint64_t max = uns ? (word ? 0xffffffffull : UINT64_MAX)
                           : (word ? 0x7fffffffull : (uint64_t)INT64_MAX);
        uint64_t min = uns ? 0 : (word ? 0xffffffff80000000ull : 1ull << 63);
        uint64_t min_mag = uns ? 0 : -min;
        struct fpu_op op;
        struct fnum x = fpu_unpack(b);
        struct int_round r;

        fpu_op_begin(&op, *fpscr, false);
        if (x.cls == FC_QNAN || x.cls == FC_SNAN) {
                *ret = invalid_cvt(&op, b, word ? (uint32_t)min : min);
        } else if (x.cls == FC_INF) {
                *ret = invalid_cvt(&op, b, x.sign ? min : max);
        } else if (x.cls == FC_ZERO) {
                *ret = 0;
                fpu_set_fr_fi(&op, false, false);
        } else {
                r = round_to_integer(&x, (flags & FPU_CVT_TRUNC) ? FPSCR_RN_ZERO : fpu_rn(&op));
                if (!x.sign && (r.too_big || r.mag > max)) {
                        *ret = invalid_cvt(&op, b, max);
                } else if (x.sign && (r.too_big || (r.mag != 0 && (r.mag > min_mag || uns)))) {
                        *ret = invalid_cvt(&op, b, min);
                } else {
                        *ret = x.sign ? -r.mag : r.mag;
                        fpu_set_fr_fi(&op, r.inexact, r.inc);
                }
        }
        return fpu_op_end(&op, fpscr);
}

/* An integer of at most 53 significant bits, exactly: no FPSCR exception. */
static uint64_t exact_from_int(uint64_t *fpscr, bool sign, uint64_t mag)
{
        uint64_t r = 0;
        unsigned fprf = FPRF_POS_ZERO;

        if (mag) {
                int e = 63 - __builtin_clzll(mag);
                r = ((uint64_t)sign << 63) | ((uint64_t)(e + 1023) << 52) |
                    (((mag << (63 - e)) >> 11) & DBL_FRAC_MASK);
                fprf = sign ? FPRF_NEG_NORM : FPRF_POS_NORM;
        }
        *fpscr = (*fpscr & ~(FPSCR_FR | FPSCR_FI | FPSCR_FPRF)) | ((uint64_t)fprf << FPSCR_FPRF_SHIFT);
        return r;
}

uint64_t fpu_from_int(uint64_t *fpscr, uint64_t b, bool is_unsigned, bool single)
{
        bool sign = !is_unsigned && (int64_t)b < 0;
        uint64_t mag = sign ? -b : b;
        struct fpu_op op;
        uint64_t r;

        if (mag <= (single ? 1ull << 24 : 1ull << 53))
                return exact_from_int(fpscr, sign, mag);
        fpu_op_begin(&op, *fpscr, single);
        if (mag == 0)
                r = fpu_exact(&op, 0);
        else
                r = fpu_round_pack(&op, sign, 63, (u128)mag << 64);
        fpu_op_end(&op, fpscr);
        return r;
}

/* fri*: FR and FI are cleared and XX is not set even when inexact. */
bool fpu_round_int(uint64_t *fpscr, uint64_t b, enum fpu_rint_mode mode, uint64_t *ret)
{
        static const unsigned modes[] = {
                [FPU_RINT_NEAREST_AWAY] = RINT_NEAREST_AWAY,
                [FPU_RINT_ZERO] = FPSCR_RN_ZERO,
                [FPU_RINT_PINF] = FPSCR_RN_PINF,
                [FPU_RINT_MINF] = FPSCR_RN_MINF,
        };
        struct fpu_op op;
        struct fnum x = fpu_unpack(b);

        fpu_op_begin(&op, *fpscr, false);
        if (fpu_propagate_nan(&op, &b, 1, ret))
                return fpu_op_end(&op, fpscr);
        if (x.cls != FC_FINITE || x.exp >= 52) {
                *ret = fpu_exact(&op, b);
        } else {
                struct int_round r = round_to_integer(&x, modes[mode & 3]);
                *ret = r.mag ? fpu_round_pack(&op, x.sign, 63, (u128)r.mag << 64)
                             : fpu_exact(&op, (uint64_t)x.sign << 63);
        }
        return fpu_op_end(&op, fpscr);
}

/* An integer ordering key for non-NaN values: -0 and +0 compare equal. */
static int64_t order_key(uint64_t d)
{
        int64_t mag = (int64_t)(d & ~DBL_SIGN);
        return (d >> 63) ? -mag : mag;
}

unsigned fpu_compare_result(uint64_t *fpscr, unsigned c, bool nan, bool snan, bool ordered)
{
        uint64_t f = *fpscr;

        if (nan) {
                c = FPCC_FU;
                if (snan) {
                        f |= FPSCR_VXSNAN;
                        if (ordered && !(f & FPSCR_VE))
                                f |= FPSCR_VXVC;
                } else if (ordered) {
                        f |= FPSCR_VXVC;
                }
        }
        if (f & ~*fpscr & FPSCR_EXC_ALL)
                f |= FPSCR_FX;
        f = (f & ~FPSCR_FPCC) | ((uint64_t)c << FPSCR_FPRF_SHIFT);
        *fpscr = fpu_fpscr_summarize(f);
        return c;
}

unsigned fpu_compare(uint64_t *fpscr, uint64_t a, uint64_t b, bool ordered)
{
        bool nan = fpu_is_nan(a) || fpu_is_nan(b);
        unsigned c = 0;

        if (!nan) {
                int64_t ka = order_key(a), kb = order_key(b);
                c = ka < kb ? FPCC_FL : ka > kb ? FPCC_FG : FPCC_FE;
        }
        return fpu_compare_result(fpscr, c, nan, fpu_is_snan(a) || fpu_is_snan(b), ordered);
}

static int unbiased_exp(uint64_t d)
{
        return (int)((d >> 52) & 0x7ff) - 1023;
}

static bool is_denormal(uint64_t d)
{
        return !(d & DBL_EXP_MASK) && (d & DBL_FRAC_MASK);
}

/* ftdiv: CR field = 0b1 || fg_flag || fe_flag || 0b0. */
unsigned fpu_tdiv(uint64_t a, uint64_t b)
{
        int ea = unbiased_exp(a), eb = unbiased_exp(b);
        bool a_zero = fpu_is_zero(a);
        bool fe = fpu_is_nan(a) || fpu_is_inf(a) || fpu_is_zero(b) || fpu_is_nan(b) ||
                  fpu_is_inf(b) || eb <= -1022 || eb >= 1021 ||
                  (!a_zero && (ea - eb >= 1023 || ea - eb <= -1021 || ea <= -970));
        bool fg = fpu_is_inf(a) || fpu_is_zero(b) || fpu_is_inf(b) || is_denormal(b);

        return 8u | (fg ? 4u : 0) | (fe ? 2u : 0);
}

/* ftsqrt: CR field = 0b1 || fg_flag || fe_flag || 0b0. */
unsigned fpu_tsqrt(uint64_t b)
{
        bool fe = fpu_is_zero(b) || fpu_is_nan(b) || fpu_is_inf(b) || (b >> 63) ||
                  unbiased_exp(b) <= -970;
        bool fg = fpu_is_zero(b) || fpu_is_inf(b) || is_denormal(b);

        return 8u | (fg ? 4u : 0) | (fe ? 2u : 0);
}
