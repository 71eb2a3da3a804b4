/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fast paths for the common case of fadd/fsub/fmul/fdiv/fsqrt (and their
 * single forms): round-to-nearest, normal operands well inside the exponent
 * range, a normal result.  The host's IEEE double arithmetic then gives
 * the architected result, and error-free transformations (Knuth's TwoSum,
 * Dekker's exact product) give the exact rounding error, hence FI and FR.
 * Anything else returns false and takes the exact software path in fpu.c.
 *
 * Requirements on the host: IEEE binary64 arithmetic without excess
 * precision, round-to-nearest (the emulator never changes the host mode),
 * and no contraction of a*b+c into a fused multiply-add, which would break
 * the exact-product split (hence fp-contract=off below).
 *
 * Single precision: with operands representable in single format, rounding
 * the exact result first to double and then to single gives the correctly
 * rounded single result for +, -, *, /, sqrt (53 >= 2 * 24 + 2).
 */
#include <string.h>

#include "fpu_internal.h"

#if (defined(__x86_64__) && defined(__SSE2_MATH__)) || defined(__aarch64__)
#define FPU_FAST 1
#endif

#ifdef FPU_FAST

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#define NO_CONTRACT
#elif defined(__GNUC__)
#define NO_CONTRACT __attribute__((optimize("fp-contract=off")))
#else
#define NO_CONTRACT
#endif

static double as_double(uint64_t u)
{
        double d;
        memcpy(&d, &u, 8);
        return d;
}

static uint64_t as_bits(double d)
{
        uint64_t u;
        memcpy(&u, &d, 8);
        return u;
}

static unsigned biased_exp(uint64_t d) { return (d >> 52) & 0x7ff; }

/* |x| within 2^-400 .. 2^401: sums, products, quotients, the exact-product
 * splits and the exact errors can neither overflow nor underflow. */
static bool in_safe_range(uint64_t d)
{
        return biased_exp(d) - (1023u - 400u) <= 800u;
}

/* A single-format normal value (low 29 fraction bits clear). */
static bool is_single_normal(uint64_t d)
{
        return !(d & 0x1fffffffull) && biased_exp(d) - 897u <= 253u;
}

static bool operands_ok(uint64_t a, uint64_t b, bool single)
{
        if (single)
                return is_single_normal(a) && is_single_normal(b);
        return in_safe_range(a) && in_safe_range(b);
}

/* Dekker's split of a double into two 26-bit halves. */
NO_CONTRACT static void split(double x, double *hi, double *lo)
{
        double c = 134217729.0 * x;   /* 2^27 + 1 */
        *hi = c - (c - x);
        *lo = x - *hi;
}

/* The exact error of p = a * b: a * b = p + err. */
NO_CONTRACT static double product_error(double a, double b, double p)
{
        double ah, al, bh, bl;

        split(a, &ah, &al);
        split(b, &bh, &bl);
        return (((ah * bh - p) + ah * bl) + al * bh) + al * bl;
}

/* The exact error of s = a + b: a + b = s + err (TwoSum). */
NO_CONTRACT static double sum_error(double a, double b, double s)
{
        double bb = s - a;
        return (a - (s - bb)) + (b - bb);
}

/*
 * Finishes a fast result: r is the double-rounded value and err_sign the
 * sign of (exact - r) (0 when exact).  For single precision r is rounded
 * again, to single.  Returns false when the result is not a normal number
 * comfortably away from the underflow and overflow thresholds.
 */
static bool finish(uint64_t *fpscr, double r, int err_sign, bool single, uint64_t *ret)
{
        uint64_t bits, f;
        bool inexact, inc;

        if (single) {
                float s = (float)r;
                double sd = s;
                if (sd != r) {
                        inexact = true;
                        inc = (sd > r) == (sd > 0);
                } else {
                        inexact = err_sign != 0;
                        inc = err_sign != 0 && (err_sign > 0) != (sd > 0);
                }
                r = sd;
                bits = as_bits(r);
                /* 2^-125 <= |r| <= max single: no tininess, no overflow */
                if (biased_exp(bits) - 898u > 252u)
                        return false;
        } else {
                bits = as_bits(r);
                if (biased_exp(bits) - 2u > 2044u)
                        return false;
                inexact = err_sign != 0;
                inc = err_sign != 0 && (err_sign > 0) != (r > 0);
        }
        f = *fpscr & ~(FPSCR_FR | FPSCR_FI | FPSCR_FPRF);
        f |= (uint64_t)((bits >> 63) ? FPRF_NEG_NORM : FPRF_POS_NORM) << FPSCR_FPRF_SHIFT;
        if (inexact) {
                if (!(f & FPSCR_XX))
                        f |= FPSCR_FX | FPSCR_XX;
                f |= FPSCR_FI;
                if (f & FPSCR_XE)
                        f |= FPSCR_FEX;
        }
        if (inc)
                f |= FPSCR_FR;
        *fpscr = f;
        *ret = bits;
        return true;
}

static int sign_of(double e)
{
        return e > 0 ? 1 : e < 0 ? -1 : 0;
}

bool fpu_fast_add(uint64_t *fpscr, uint64_t a, uint64_t b, bool single, uint64_t *ret)
{
        if ((*fpscr & FPSCR_RN) || !operands_ok(a, b, single))
                return false;
        double x = as_double(a), y = as_double(b);
        double s = x + y;
        return finish(fpscr, s, sign_of(sum_error(x, y, s)), single, ret);
}

bool fpu_fast_mul(uint64_t *fpscr, uint64_t a, uint64_t b, bool single, uint64_t *ret)
{
        if ((*fpscr & FPSCR_RN) || !operands_ok(a, b, single))
                return false;
        double x = as_double(a), y = as_double(b);
        double p = x * y;
        return finish(fpscr, p, sign_of(product_error(x, y, p)), single, ret);
}

/* a = q * b + rem exactly; exact quotient - q has the sign of rem / b. */
NO_CONTRACT bool fpu_fast_div(uint64_t *fpscr, uint64_t a, uint64_t b, bool single, uint64_t *ret)
{
        if ((*fpscr & FPSCR_RN) || !operands_ok(a, b, single))
                return false;
        double x = as_double(a), y = as_double(b);
        double q = x / y;
        double p = q * y;
        double rem = (x - p) - product_error(q, y, p);
        return finish(fpscr, q, sign_of(rem) * sign_of(y), single, ret);
}

static double host_sqrt(double x)
{
#if defined(__x86_64__)
        __asm__("sqrtsd %0, %0" : "+x"(x));
#else
        __asm__("fsqrt %d0, %d0" : "+w"(x));
#endif
        return x;
}

/* x = r * r + rem exactly; exact root - r has the sign of rem. */
NO_CONTRACT bool fpu_fast_sqrt(uint64_t *fpscr, uint64_t b, bool single, uint64_t *ret)
{
        if ((*fpscr & FPSCR_RN) || (b >> 63) || !operands_ok(b, b, single))
                return false;
        double x = as_double(b);
        double r = host_sqrt(x);
        double p = r * r;
        double rem = (x - p) - product_error(r, r, p);
        return finish(fpscr, r, sign_of(rem), single, ret);
}

/* ---- fused multiply-add ---- */

#if defined(__x86_64__)
#define FMA_TARGET __attribute__((target("fma")))
/* Cached per process; racing vcpu threads store the same value. */
static bool host_has_fma(void)
{
        static int has = -1;
        int h = __atomic_load_n(&has, __ATOMIC_RELAXED);

        if (h < 0) {
                h = __builtin_cpu_supports("fma") ? 1 : 0;
                __atomic_store_n(&has, h, __ATOMIC_RELAXED);
        }
        return h;
}
#else
#define FMA_TARGET
static bool host_has_fma(void) { return true; }
#endif

/*
 * The sign of the exact error of r = RN(a * x + y), by Boldo and Muller's
 * ErrFma ("Exact and approximated error of the FMA", IEEE TC 2011):
 * a * x + y = r + r2 + r3 exactly, and r2 = 0 only when the error is 0.
 */
NO_CONTRACT FMA_TARGET static int fma_error_sign(double a, double x, double y, double r)
{
        double u1 = a * x;
        double u2 = __builtin_fma(a, x, -u1);
        double alpha1 = y + u2;
        double alpha2 = sum_error(y, u2, alpha1);
        double beta1 = u1 + alpha1;
        double beta2 = sum_error(u1, alpha1, beta1);
        double gamma = (beta1 - r) + beta2;
        double r2 = gamma + alpha2;
        return r2 != 0 ? sign_of(r2) : sign_of(sum_error(gamma, alpha2, r2));
}

NO_CONTRACT FMA_TARGET static bool fast_fma_double(uint64_t *fpscr, double a, double x, double y,
                                                   uint64_t *ret)
{
        double r = __builtin_fma(a, x, y);
        return finish(fpscr, r, fma_error_sign(a, x, y, r), false, ret);
}

/*
 * Single precision without a host FMA: the product of two singles is exact
 * in double, and s + e = p + y exactly (TwoSum).  Rounding s to single is
 * then correct except when s lies exactly halfway between two singles,
 * where the sign of e breaks the tie.
 */
NO_CONTRACT static bool fast_fma_single(uint64_t *fpscr, double a, double x, double y,
                                        uint64_t *ret)
{
        double p = a * x;
        double s = p + y;
        int e = sign_of(sum_error(p, y, s));
        uint64_t bits = as_bits(s);

        if (e != 0 && (bits & 0x1fffffffull) == 0x10000000ull) {
                /* a tie in single: round away from zero when e points away */
                bool away = (e > 0) == !(bits >> 63);
                bits = away ? bits + 0x10000000ull : bits - 0x10000000ull;
                return finish(fpscr, as_double(bits), away ? -sign_of(s) : sign_of(s), true, ret);
        }
        return finish(fpscr, s, e, true, ret);
}

bool fpu_fast_fma(uint64_t *fpscr, uint64_t a, uint64_t c, uint64_t b, bool single, uint64_t *ret)
{
        if ((*fpscr & FPSCR_RN) || !operands_ok(a, c, single) || !operands_ok(b, b, single))
                return false;
        if (single)
                return fast_fma_single(fpscr, as_double(a), as_double(c), as_double(b), ret);
        if (!host_has_fma())
                return false;
        return fast_fma_double(fpscr, as_double(a), as_double(c), as_double(b), ret);
}

#else

bool fpu_fast_fma(uint64_t *fpscr, uint64_t a, uint64_t c, uint64_t b, bool single, uint64_t *ret)
{
        return false;
}

bool fpu_fast_sqrt(uint64_t *fpscr, uint64_t b, bool single, uint64_t *ret)
{
        return false;
}

bool fpu_fast_add(uint64_t *fpscr, uint64_t a, uint64_t b, bool single, uint64_t *ret)
{
        return false;
}

bool fpu_fast_mul(uint64_t *fpscr, uint64_t a, uint64_t b, bool single, uint64_t *ret)
{
        return false;
}

bool fpu_fast_div(uint64_t *fpscr, uint64_t a, uint64_t b, bool single, uint64_t *ret)
{
        return false;
}

#endif
