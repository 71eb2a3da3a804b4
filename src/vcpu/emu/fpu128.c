/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * binary128 core (see fpu128.h): unpacking, classes, results that need no
 * rounding, the NaN rule, the one rounding routine (also used for the
 * conversion to double and the rounding to 64-bit precision of xsrqpxp),
 * and the compare, conversion and round-to-integral operations.  The
 * arithmetic is in fpu128_arith.c.  The FPSCR bookkeeping (FX, VX, FEX,
 * suppression of an enabled invalid or zero-divide result) is fpu.c's,
 * through struct fpu_op.
 */
#include "fpu128_internal.h"

/* A result format: precision, exponent range, the exponent adjustment of
 * an enabled overflow or underflow (4.4.4: 3 * 2^(w-2) for w exponent
 * bits), and whether the image is binary64 (else binary128). */
struct qfmt {
        int p, emin, emax, alpha;
        bool dbl;
};

static const struct qfmt FMT_QP = { 113, -16382, 16383, 24576, false };
static const struct qfmt FMT_DP = { 53, -1022, 1023, 1536, true };
/* xsrqpxp: double-extended precision, the exponent range of binary128. */
static const struct qfmt FMT_XP = { 64, -16382, 16383, 24576, false };

bool f128_is_nan(f128 x) { return (x & ~F128_SIGN) > F128_INF; }
bool f128_is_snan(f128 x) { return f128_is_nan(x) && !(x & F128_QUIET); }
static bool f128_is_inf(f128 x) { return (x & ~F128_SIGN) == F128_INF; }

static unsigned q_biased(f128 x) { return (unsigned)(x >> 112) & F128_EXP_BITS; }

struct qnum q_unpack(f128 x)
{
        struct qnum n = { .sign = x >> 127 };
        unsigned e = q_biased(x);
        u128 f = x & F128_FRAC;

        if (e == F128_EXP_BITS) {
                n.cls = !f ? FC_INF : (f & F128_QUIET) ? FC_QNAN : FC_SNAN;
        } else if (e == 0) {
                n.cls = f ? FC_FINITE : FC_ZERO;
                if (f) {
                        int lz = fpu_clz128(f);
                        n.sig = f << lz;
                        n.exp = -16367 - lz;
                }
        } else {
                n.cls = FC_FINITE;
                n.sig = (f | ((u128)1 << 112)) << 15;
                n.exp = (int)e - Q_BIAS;
        }
        return n;
}

unsigned f128_fprf(f128 x)
{
        bool neg = x >> 127;

        if (f128_is_nan(x))
                return FPRF_QNAN;
        if (f128_is_inf(x))
                return neg ? FPRF_NEG_INF : FPRF_POS_INF;
        if (!(x & ~F128_SIGN))
                return neg ? FPRF_NEG_ZERO : FPRF_POS_ZERO;
        if (q_biased(x) == 0)
                return neg ? FPRF_NEG_DENORM : FPRF_POS_DENORM;
        return neg ? FPRF_NEG_NORM : FPRF_POS_NORM;
}

/* ---- results without rounding ------------------------------------------ */

f128 q_exact(struct fpu_op *op, f128 r)
{
        fpu_set_fr_fi(op, false, false);
        fpu_set_fprf(op, f128_fprf(r));
        return r;
}

f128 q_invalid(struct fpu_op *op, uint64_t vx_bits)
{
        op->fpscr |= vx_bits;
        op->invalid = true;
        fpu_set_fr_fi(op, false, false);
        fpu_set_fprf(op, FPRF_QNAN);
        return F128_DEFAULT_NAN;
}

/* The NaN rule over operands in ISA order: the first NaN, quieted; an SNaN
 * anywhere raises VXSNAN. */
bool q_propagate_nan(struct fpu_op *op, const f128 *v, unsigned n, f128 *ret)
{
        bool found = false;

        for (unsigned i = 0; i < n; i++) {
                if (f128_is_snan(v[i])) {
                        op->fpscr |= FPSCR_VXSNAN;
                        op->invalid = true;
                }
                if (!found && f128_is_nan(v[i])) {
                        *ret = v[i] | F128_QUIET;
                        found = true;
                }
        }
        if (found) {
                fpu_set_fr_fi(op, false, false);
                fpu_set_fprf(op, FPRF_QNAN);
        }
        return found;
}



/* ---- the rounding step ------------------------------------------------- */

/* Packs sign * q * 2^lsb, representable in fmt by construction. */
static u128 q_pack(const struct qfmt *fmt, bool sign, u128 q, int lsb)
{
        int fbits = fmt->dbl ? 52 : 112, bias = fmt->dbl ? 1023 : Q_BIAS;
        int emin = fmt->dbl ? -1022 : -16382;
        u128 s = (u128)sign << (fmt->dbl ? 63 : 127);

        if (q == 0)
                return s;
        int msb = 127 - fpu_clz128(q), e = lsb + msb;
        if (e >= emin) {
                u128 f = msb > fbits ? q >> (msb - fbits) : q << (fbits - msb);
                return s | ((u128)(e + bias) << fbits) | (f & (((u128)1 << fbits) - 1));
        }
        int sh = lsb - (emin - fbits);        /* lsb relative to the denormal unit */
        return s | (sh >= 0 ? q << sh : q >> -sh);
}

static bool round_up(unsigned mode, bool sign, bool odd, bool rbit, bool sticky)
{
        switch (mode) {
        case FPSCR_RN_NEAREST:
                return rbit && (sticky || odd);
        case FPSCR_RN_PINF:
                return !sign && (rbit || sticky);
        case FPSCR_RN_MINF:
                return sign && (rbit || sticky);
        case F128_ROUND_NEAR_AWAY:
                return rbit;
        default:                      /* toward zero; odd is done by the caller */
                return false;
        }
}

static unsigned fmt_fprf(const struct qfmt *fmt, u128 r)
{
        return fmt->dbl ? fpu_fprf((uint64_t)r, false) : f128_fprf(r);
}

/* Overflow (4.4.4): with OE=1 the exponent-adjusted rounded result, else
 * infinity or the largest finite number as the rounding mode directs. */
static u128 q_overflow(struct fpu_op *op, const struct qfmt *fmt, unsigned mode, bool sign,
                       u128 q, int lsb, bool inexact, bool inc)
{
        u128 r;

        op->fpscr |= FPSCR_OX;
        if (op->fpscr & FPSCR_OE) {
                r = q_pack(fmt, sign, q, lsb - fmt->alpha);
                fpu_set_fr_fi(op, inexact, inc);
        } else {
                bool to_inf = mode == FPSCR_RN_NEAREST || mode == F128_ROUND_NEAR_AWAY ||
                              (mode == FPSCR_RN_PINF && !sign) || (mode == FPSCR_RN_MINF && sign);
                if (to_inf)
                        r = fmt->dbl ? ((u128)sign << 63) | DBL_INF : q_signed_inf(sign);
                else
                        r = q_pack(fmt, sign, ((u128)1 << fmt->p) - 1, fmt->emax - fmt->p + 1);
                fpu_set_fr_fi(op, true, false);
        }
        fpu_set_fprf(op, fmt_fprf(fmt, r));
        return r;
}

/* Rounds sign * m * 2^(exp - 127) (m != 0) once to fmt; sets FR, FI,
 * FPRF, OX, UX, XX.  Tininess is detected before rounding, as POWER does. */
static u128 q_round_pack(struct fpu_op *op, const struct qfmt *fmt, unsigned mode, bool sign,
                         int exp, u128 m)
{
        int lz = fpu_clz128(m), keep, lsb;
        bool tiny, adjusted = false, rbit, sticky, inexact, inc;
        u128 q;

        m <<= lz;
        exp -= lz;                      /* sign * 1.f * 2^exp */
        tiny = exp < fmt->emin;
        if (tiny && (op->fpscr & FPSCR_UE)) {
                /* Enabled underflow (4.4.5): the exponent-adjusted result. */
                op->fpscr |= FPSCR_UX;
                exp += fmt->alpha;
                adjusted = true;
                tiny = exp < fmt->emin;
        }
        keep = tiny ? fmt->p - (fmt->emin - exp) : fmt->p;
        if (keep >= 1) {
                u128 rest = m << keep;
                q = m >> (128 - keep);
                rbit = rest >> 127;
                sticky = (rest << 1) != 0;
        } else {
                q = 0;
                rbit = keep == 0;
                sticky = keep == 0 ? (m << 1) != 0 : true;
        }
        lsb = exp - keep + 1;
        inexact = rbit || sticky;
        if (mode == F128_ROUND_ODD) {
                /* Truncate, then make an inexact result odd: the larger
                 * candidate when the truncation was even. */
                inc = inexact && !(q & 1);
                q |= inexact;
        } else {
                inc = round_up(mode, sign, q & 1, rbit, sticky);
                q += inc;
        }
        if (!tiny && lsb + 127 - fpu_clz128(q) > fmt->emax)
                return q_overflow(op, fmt, mode, sign, q, lsb, inexact, inc);
        if (tiny && inexact && !adjusted)
                op->fpscr |= FPSCR_UX;
        fpu_set_fr_fi(op, inexact, inc);
        u128 r = q_pack(fmt, sign, q, lsb);
        fpu_set_fprf(op, fmt_fprf(fmt, r));
        return r;
}

f128 q_round(struct fpu_op *op, unsigned mode, bool sign, int exp, u128 m)
{
        return q_round_pack(op, &FMT_QP, mode, sign, exp, m);
}

/* ---- compare ----------------------------------------------------------- */

/* A key whose integer order is the numeric order (-0 == +0 aside). */
static bool q_less(f128 a, f128 b)
{
        bool na = a >> 127, nb = b >> 127;
        f128 ma = a & ~F128_SIGN, mb = b & ~F128_SIGN;

        if (!ma && !mb)
                return false;
        if (na != nb)
                return na;
        return na ? ma > mb : ma < mb;
}

unsigned f128_compare(uint64_t *fpscr, f128 a, f128 b, bool ordered)
{
        bool nan = f128_is_nan(a) || f128_is_nan(b);
        unsigned c = 0;

        if (!nan)
                c = q_less(a, b) ? FPCC_FL : q_less(b, a) ? FPCC_FG : FPCC_FE;
        return fpu_compare_result(fpscr, c, nan, f128_is_snan(a) || f128_is_snan(b), ordered);
}

/* ---- conversions ------------------------------------------------------- */

bool f128_from_double(uint64_t *fpscr, uint64_t d, f128 *ret)
{
        struct fpu_op op;
        struct fnum x = fpu_unpack(d);

        fpu_op_begin(&op, *fpscr, false);
        if (x.cls == FC_SNAN) {
                op.fpscr |= FPSCR_VXSNAN;
                op.invalid = true;
        }
        if (x.cls == FC_QNAN || x.cls == FC_SNAN) {
                f128 nan = ((f128)x.sign << 127) | F128_INF | F128_QUIET |
                           ((f128)(d & DBL_FRAC_MASK) << 60);
                fpu_set_fr_fi(&op, false, false);
                fpu_set_fprf(&op, FPRF_QNAN);
                *ret = nan;
        } else if (x.cls == FC_INF) {
                *ret = q_exact(&op, q_signed_inf(x.sign));
        } else if (x.cls == FC_ZERO) {
                *ret = q_exact(&op, q_signed_zero(x.sign));
        } else {
                /* sig * 2^(exp - 63): always a normal binary128 */
                f128 frac = ((f128)x.sig << 49) & F128_FRAC;
                *ret = q_exact(&op, ((f128)x.sign << 127) | ((f128)(x.exp + Q_BIAS) << 112) | frac);
        }
        return fpu_op_end(&op, fpscr);
}

bool f128_to_double(uint64_t *fpscr, f128 a, unsigned mode, uint64_t *ret)
{
        struct fpu_op op;
        struct qnum x = q_unpack(a);

        fpu_op_begin(&op, *fpscr, false);
        if (x.cls == FC_SNAN) {
                op.fpscr |= FPSCR_VXSNAN;
                op.invalid = true;
        }
        if (x.cls == FC_QNAN || x.cls == FC_SNAN) {
                *ret = ((uint64_t)x.sign << 63) | DBL_INF | DBL_QUIET |
                       (uint64_t)((a & F128_FRAC) >> 60);
                fpu_set_fr_fi(&op, false, false);
                fpu_set_fprf(&op, FPRF_QNAN);
        } else if (x.cls == FC_INF) {
                *ret = fpu_exact(&op, ((uint64_t)x.sign << 63) | DBL_INF);
        } else if (x.cls == FC_ZERO) {
                *ret = fpu_exact(&op, (uint64_t)x.sign << 63);
        } else {
                *ret = (uint64_t)q_round_pack(&op, &FMT_DP, mode, x.sign, x.exp, x.sig);
        }
        return fpu_op_end(&op, fpscr);
}

f128 f128_from_int(uint64_t *fpscr, uint64_t v, bool is_unsigned)
{
        struct fpu_op op;
        bool neg = !is_unsigned && (int64_t)v < 0;
        uint64_t mag = neg ? -v : v;
        f128 r;

        fpu_op_begin(&op, *fpscr, false);
        if (!mag) {
                r = q_exact(&op, 0);
        } else {
                int msb = 63 - __builtin_clzll(mag);
                f128 frac = ((f128)mag << (112 - msb)) & F128_FRAC;
                r = q_exact(&op, ((f128)neg << 127) | ((f128)(msb + Q_BIAS) << 112) | frac);
        }
        fpu_op_end(&op, fpscr);
        return r;
}

/* Invalid conversion: VXCVI, VXSNAN for an SNaN, FR = FI = 0.  FPRF is
 * undefined after xscvqp*z; it is left unchanged, as QEMU leaves it. */
static uint64_t invalid_cvt(struct fpu_op *op, f128 b, uint64_t result)
{
        if (f128_is_snan(b))
                op->fpscr |= FPSCR_VXSNAN;
        op->fpscr |= FPSCR_VXCVI;
        op->fpscr &= ~(FPSCR_FR | FPSCR_FI);
        op->invalid = true;
        return result;
}

bool f128_to_int(uint64_t *fpscr, f128 b, unsigned flags, uint64_t *ret)
{
        bool uns = flags & FPU_CVT_UNSIGNED, word = flags & FPU_CVT_WORD;
        uint64_t max = uns ? (word ? 0xffffffffull : UINT64_MAX)
                           : (word ? 0x7fffffffull : (uint64_t)INT64_MAX);
        uint64_t min = uns ? 0 : (word ? 0xffffffff80000000ull : 1ull << 63);
        uint64_t min_mag = uns ? 0 : -min;
        struct qnum x = q_unpack(b);
        struct fpu_op op;

        fpu_op_begin(&op, *fpscr, false);
        if (x.cls == FC_QNAN || x.cls == FC_SNAN) {
                *ret = invalid_cvt(&op, b, min);
        } else if (x.cls == FC_INF) {
                *ret = invalid_cvt(&op, b, x.sign ? min : max);
        } else if (x.cls == FC_ZERO) {
                *ret = 0;
                fpu_set_fr_fi(&op, false, false);
        } else {
                /* Truncation toward zero of sig * 2^(exp - 127). */
                bool big = x.exp >= 64;
                uint64_t mag = big || x.exp < 0 ? 0 : (uint64_t)(x.sig >> (127 - x.exp));
                bool inexact = x.exp < 0 || (!big && (x.sig << (x.exp + 1)) != 0);
                if (!x.sign && (big || mag > max))
                        *ret = invalid_cvt(&op, b, max);
                else if (x.sign && (big || (mag != 0 && (mag > min_mag || uns))))
                        *ret = invalid_cvt(&op, b, min);
                else {
                        *ret = x.sign ? -mag : mag;
                        fpu_set_fr_fi(&op, inexact, false);
                }
        }
        return fpu_op_end(&op, fpscr);
}

/* ---- rounding to integral value, to 64-bit precision ------------------- */

static bool nan_or_exact(struct fpu_op *op, f128 b, f128 *ret)
{
        if (q_propagate_nan(op, &b, 1, ret))
                return true;
        if (f128_is_inf(b) || !(b & ~F128_SIGN)) {
                *ret = q_exact(op, b);
                return true;
        }
        return false;
}

bool f128_round_int(uint64_t *fpscr, f128 b, unsigned mode, bool report_inexact, f128 *ret)
{
        struct fpu_op op;

        fpu_op_begin(&op, *fpscr, false);
        if (nan_or_exact(&op, b, ret))
                return fpu_op_end(&op, fpscr);
        struct qnum x = q_unpack(b);
        if (x.exp >= 112) {                     /* already integral */
                *ret = q_exact(&op, b);
                return fpu_op_end(&op, fpscr);
        }
        u128 mag = x.exp < 0 ? 0 : x.sig >> (127 - x.exp);
        u128 rest = x.exp < 0 ? 0 : x.sig << (x.exp + 1);
        bool rbit = x.exp < 0 ? x.exp == -1 : (bool)(rest >> 127);
        bool sticky = x.exp < 0 ? (x.exp < -1 || (x.sig << 1) != 0) : (rest << 1) != 0;
        bool inexact = rbit || sticky;
        bool inc = mode == F128_ROUND_ODD ? false : round_up(mode, x.sign, mag & 1, rbit, sticky);
        mag += inc;
        *ret = q_pack(&FMT_QP, x.sign, mag, 0);
        fpu_set_fr_fi(&op, inexact && report_inexact, inc && report_inexact);
        fpu_set_fprf(&op, f128_fprf(*ret));
        return fpu_op_end(&op, fpscr);
}

bool f128_round_xp(uint64_t *fpscr, f128 b, unsigned mode, f128 *ret)
{
        struct fpu_op op;

        fpu_op_begin(&op, *fpscr, false);
        if (!nan_or_exact(&op, b, ret)) {
                struct qnum x = q_unpack(b);
                *ret = q_round_pack(&op, &FMT_XP, mode, x.sign, x.exp, x.sig);
        }
        return fpu_op_end(&op, fpscr);
}
