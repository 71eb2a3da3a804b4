/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * binary128 arithmetic on integers (see fpu128.h).  The FPSCR bookkeeping
 * (FX, VX, FEX, suppression of an enabled invalid or zero-divide result)
 * is fpu.c's, through struct fpu_op; what is quad-specific is here: the
 * unpacked form, the one rounding routine (also used for the conversion to
 * double and the rounding to 64-bit precision of xsrqpxp), and the exact
 * intermediates.
 *
 * A finite nonzero operand is sig * 2^(exp - 127) with bit 127 of sig set:
 * the 113-bit significand leaves 15 zero bits below it, room for the guard
 * bits of an addition.  Wider intermediates (the 226-bit product of the
 * multiply-add) are struct u256.
 */
#include "fpu128.h"
#include "fpu_internal.h"

#define Q_BIAS 16383

struct qnum {
        enum fclass cls;
        bool sign;
        int exp;
        u128 sig;
};

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

static struct qnum q_unpack(f128 x)
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

static f128 q_exact(struct fpu_op *op, f128 r)
{
        fpu_set_fr_fi(op, false, false);
        fpu_set_fprf(op, f128_fprf(r));
        return r;
}

static f128 q_invalid(struct fpu_op *op, uint64_t vx_bits)
{
        op->fpscr |= vx_bits;
        op->invalid = true;
        fpu_set_fr_fi(op, false, false);
        fpu_set_fprf(op, FPRF_QNAN);
        return F128_DEFAULT_NAN;
}

/* The NaN rule over operands in ISA order: the first NaN, quieted; an SNaN
 * anywhere raises VXSNAN. */
static bool q_propagate_nan(struct fpu_op *op, const f128 *v, unsigned n, f128 *ret)
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

static f128 q_signed_zero(bool sign) { return (f128)sign << 127; }
static f128 q_signed_inf(bool sign) { return ((f128)sign << 127) | F128_INF; }

/* The sign of an exact zero sum of operands of opposite signs (4.3.5). */
static bool zero_sum_sign(unsigned mode) { return mode == FPSCR_RN_MINF; }

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

static f128 q_round(struct fpu_op *op, unsigned mode, bool sign, int exp, u128 m)
{
        return q_round_pack(op, &FMT_QP, mode, sign, exp, m);
}

/* ---- 256-bit intermediates --------------------------------------------- */

struct u256 { u128 hi, lo; };

static struct u256 mul128(u128 a, u128 b)
{
        uint64_t a0 = (uint64_t)a, a1 = (uint64_t)(a >> 64);
        uint64_t b0 = (uint64_t)b, b1 = (uint64_t)(b >> 64);
        u128 p00 = (u128)a0 * b0, p01 = (u128)a0 * b1, p10 = (u128)a1 * b0, p11 = (u128)a1 * b1;
        u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
        struct u256 r;

        r.lo = (mid << 64) | (uint64_t)p00;
        r.hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
        return r;
}

/* x >> n, with every bit shifted out ORed into bit 0 (n >= 0). */
static struct u256 shr_jam(struct u256 x, int n)
{
        bool lost;

        if (n == 0)
                return x;
        if (n >= 256) {
                lost = x.hi || x.lo;
                return (struct u256){ 0, lost };
        }
        if (n >= 128) {
                lost = x.lo || (n > 128 && (x.hi << (256 - n)));
                return (struct u256){ 0, (n == 128 ? x.hi : x.hi >> (n - 128)) | lost };
        }
        lost = (x.lo << (128 - n)) != 0;
        return (struct u256){ x.hi >> n, (x.lo >> n) | (x.hi << (128 - n)) | lost };
}

static struct u256 shl1(struct u256 x, int n)   /* 0 <= n < 128 */
{
        if (n == 0)
                return x;
        return (struct u256){ (x.hi << n) | (x.lo >> (128 - n)), x.lo << n };
}

static int cmp256(struct u256 a, struct u256 b)
{
        if (a.hi != b.hi)
                return a.hi < b.hi ? -1 : 1;
        return a.lo < b.lo ? -1 : a.lo > b.lo;
}

static struct u256 add256(struct u256 a, struct u256 b)
{
        u128 lo = a.lo + b.lo;
        return (struct u256){ a.hi + b.hi + (lo < a.lo), lo };
}

static struct u256 sub256(struct u256 a, struct u256 b)    /* a >= b */
{
        return (struct u256){ a.hi - b.hi - (a.lo < b.lo), a.lo - b.lo };
}

/* Rounds sign * x * 2^e (x != 0): normalized to 128 bits with a sticky bit. */
static f128 round_wide(struct fpu_op *op, unsigned mode, bool sign, struct u256 x, int e)
{
        int lz = x.hi ? fpu_clz128(x.hi) : 128 + fpu_clz128(x.lo);
        if (lz >= 128) {
                x = (struct u256){ x.lo, 0 };
                lz -= 128;
                e -= 128;
        }
        x = shl1(x, lz);
        /* value = hi * 2^(e + 128 - lz) */
        return q_round(op, mode, sign, e + 128 - lz + 127, x.hi | (x.lo != 0));
}

/* ---- add, subtract ----------------------------------------------------- */

/* x + y for finite operands, at least one nonzero, exactly then rounded. */
static f128 add_finite(struct fpu_op *op, unsigned mode, const struct qnum *x, const struct qnum *y)
{
        if (x->cls == FC_ZERO)
                return q_round(op, mode, y->sign, y->exp, y->sig);
        if (y->cls == FC_ZERO)
                return q_round(op, mode, x->sign, x->exp, x->sig);
        /* As 256-bit values with the significand in the high half: the
         * smaller one shifted right with a sticky bit. */
        struct u256 a = { x->sig >> 1, 0 }, b = { y->sig >> 1, 0 };
        int ea = x->exp, eb = y->exp;
        bool sa = x->sign, sb = y->sign;
        if (ea < eb || (ea == eb && x->sig < y->sig)) {
                struct u256 t = a; a = b; b = t;
                int te = ea; ea = eb; eb = te;
                bool ts = sa; sa = sb; sb = ts;
        }
        b = shr_jam(b, ea - eb);
        struct u256 r = sa == sb ? add256(a, b) : sub256(a, b);
        if (!r.hi && !r.lo)
                return q_exact(op, q_signed_zero(zero_sum_sign(mode)));
        /* a.hi = sig >> 1: value = r * 2^(ea - 126 - 128) */
        return round_wide(op, mode, sa, r, ea - 254);
}

static f128 add_nums(struct fpu_op *op, unsigned mode, const struct qnum *x, const struct qnum *y)
{
        if (x->cls == FC_INF && y->cls == FC_INF && x->sign != y->sign)
                return q_invalid(op, FPSCR_VXISI);
        if (x->cls == FC_INF)
                return q_exact(op, q_signed_inf(x->sign));
        if (y->cls == FC_INF)
                return q_exact(op, q_signed_inf(y->sign));
        if (x->cls == FC_ZERO && y->cls == FC_ZERO)
                return q_exact(op, q_signed_zero(x->sign == y->sign ? x->sign : zero_sum_sign(mode)));
        return add_finite(op, mode, x, y);
}

static bool addsub(uint64_t *fpscr, f128 a, f128 b, bool sub, unsigned mode, f128 *ret)
{
        struct fpu_op op;
        f128 v[2] = { a, b };

        fpu_op_begin(&op, *fpscr, false);
        if (!q_propagate_nan(&op, v, 2, ret)) {
                struct qnum x = q_unpack(a), y = q_unpack(b);
                y.sign ^= sub;
                *ret = add_nums(&op, mode, &x, &y);
        }
        return fpu_op_end(&op, fpscr);
}

bool f128_add(uint64_t *fpscr, f128 a, f128 b, unsigned mode, f128 *ret)
{
        return addsub(fpscr, a, b, false, mode, ret);
}

bool f128_sub(uint64_t *fpscr, f128 a, f128 b, unsigned mode, f128 *ret)
{
        return addsub(fpscr, a, b, true, mode, ret);
}

/* ---- multiply, multiply-add -------------------------------------------- */

static bool inf_times_zero(const struct qnum *x, const struct qnum *y)
{
        return (x->cls == FC_INF && y->cls == FC_ZERO) || (x->cls == FC_ZERO && y->cls == FC_INF);
}

bool f128_mul(uint64_t *fpscr, f128 a, f128 b, unsigned mode, f128 *ret)
{
        struct fpu_op op;
        f128 v[2] = { a, b };

        fpu_op_begin(&op, *fpscr, false);
        if (q_propagate_nan(&op, v, 2, ret))
                return fpu_op_end(&op, fpscr);
        struct qnum x = q_unpack(a), y = q_unpack(b);
        bool s = x.sign ^ y.sign;
        if (inf_times_zero(&x, &y))
                *ret = q_invalid(&op, FPSCR_VXIMZ);
        else if (x.cls == FC_INF || y.cls == FC_INF)
                *ret = q_exact(&op, q_signed_inf(s));
        else if (x.cls == FC_ZERO || y.cls == FC_ZERO)
                *ret = q_exact(&op, q_signed_zero(s));
        else   /* sig_x * sig_y * 2^(ex + ey - 254) */
                *ret = round_wide(&op, mode, s, mul128(x.sig, y.sig), x.exp + y.exp - 254);
        return fpu_op_end(&op, fpscr);
}

/* (x * z) + y, all finite, the product nonzero: exactly in 256 bits.  The
 * product (226 significant bits, 30 zero bits below) is shifted right by
 * 2 (exact) for a carry bit; the addend's significand goes to the same
 * height; the operand with the smaller exponent is shifted right with a
 * sticky bit, which cannot affect the rounding: at least 100 bits lie
 * between the larger operand's last significant bit and bit 0. */
static f128 fma_finite(struct fpu_op *op, unsigned mode, const struct qnum *x,
                       const struct qnum *z, const struct qnum *y)
{
        bool ps = x->sign ^ z->sign;
        struct u256 p = shr_jam(mul128(x->sig, z->sig), 2);
        int ep = x->exp + z->exp - 252;                 /* value = p * 2^ep */

        if (y->cls == FC_ZERO)
                return round_wide(op, mode, ps, p, ep);
        struct u256 b = shr_jam((struct u256){ y->sig, 0 }, 2);
        int eb = y->exp - 255 + 2;                       /* value = b * 2^eb */
        if (ep >= eb) {
                b = shr_jam(b, ep - eb);
        } else {
                p = shr_jam(p, eb - ep);
                ep = eb;
        }
        struct u256 r;
        bool s = ps;
        if (ps == y->sign) {
                r = add256(p, b);
        } else if (cmp256(p, b) >= 0) {
                r = sub256(p, b);
        } else {
                r = sub256(b, p);
                s = y->sign;
        }
        if (!r.hi && !r.lo)
                return q_exact(op, q_signed_zero(zero_sum_sign(mode)));
        return round_wide(op, mode, s, r, ep);
}

static f128 fma_nums(struct fpu_op *op, unsigned mode, const struct qnum *x,
                     const struct qnum *z, const struct qnum *y)
{
        bool ps = x->sign ^ z->sign;

        if (inf_times_zero(x, z))
                return q_invalid(op, FPSCR_VXIMZ);
        if (x->cls == FC_INF || z->cls == FC_INF) {
                if (y->cls == FC_INF && y->sign != ps)
                        return q_invalid(op, FPSCR_VXISI);
                return q_exact(op, q_signed_inf(ps));
        }
        if (y->cls == FC_INF)
                return q_exact(op, q_signed_inf(y->sign));
        if (x->cls == FC_ZERO || z->cls == FC_ZERO) {
                if (y->cls != FC_ZERO)
                        return q_round(op, mode, y->sign, y->exp, y->sig);
                return q_exact(op, q_signed_zero(ps == y->sign ? ps : zero_sum_sign(mode)));
        }
        return fma_finite(op, mode, x, z, y);
}

bool f128_fma(uint64_t *fpscr, f128 a, f128 c, f128 b, enum fpu_fma_kind kind,
              unsigned mode, f128 *ret)
{
        bool negate_b = kind == FPU_MSUB || kind == FPU_NMSUB;
        bool negate_r = kind == FPU_NMADD || kind == FPU_NMSUB;
        struct qnum x = q_unpack(a), z = q_unpack(c), y = q_unpack(b);
        f128 v[3] = { a, b, c };
        struct fpu_op op;

        fpu_op_begin(&op, *fpscr, false);
        /* inf * 0 is invalid even when the addend is a NaN. */
        if (inf_times_zero(&x, &z) && f128_is_nan(b)) {
                op.fpscr |= FPSCR_VXIMZ;
                op.invalid = true;
        }
        if (q_propagate_nan(&op, v, 3, ret))
                return fpu_op_end(&op, fpscr);
        y.sign ^= negate_b;
        *ret = fma_nums(&op, mode, &x, &z, &y);
        /* The negative forms negate after rounding; a default NaN stays. */
        if (negate_r && !f128_is_nan(*ret)) {
                *ret ^= F128_SIGN;
                fpu_set_fprf(&op, f128_fprf(*ret));
        }
        return fpu_op_end(&op, fpscr);
}

/* ---- divide, square root ----------------------------------------------- */

/* sig_x / sig_y to 126 quotient bits by restoring division, plus sticky. */
static f128 div_finite(struct fpu_op *op, unsigned mode, const struct qnum *x, const struct qnum *y)
{
        u128 r = x->sig >> 1, d = y->sig >> 1, q = 0;

        for (int i = 0; i < 126; i++) {
                bool bit = r >= d;
                if (bit)
                        r -= d;
                q = (q << 1) | bit;
                r <<= 1;
        }
        /* q ~ (sig_x / sig_y) * 2^125: value = (q:sticky) * 2^(ex - ey - 126) */
        return q_round(op, mode, x->sign ^ y->sign, x->exp - y->exp + 1, (q << 1) | (r != 0));
}

bool f128_div(uint64_t *fpscr, f128 a, f128 b, unsigned mode, f128 *ret)
{
        struct fpu_op op;
        f128 v[2] = { a, b };

        fpu_op_begin(&op, *fpscr, false);
        if (q_propagate_nan(&op, v, 2, ret))
                return fpu_op_end(&op, fpscr);
        struct qnum x = q_unpack(a), y = q_unpack(b);
        bool s = x.sign ^ y.sign;
        if (x.cls == FC_INF && y.cls == FC_INF) {
                *ret = q_invalid(&op, FPSCR_VXIDI);
        } else if (x.cls == FC_ZERO && y.cls == FC_ZERO) {
                *ret = q_invalid(&op, FPSCR_VXZDZ);
        } else if (y.cls == FC_ZERO && x.cls == FC_FINITE) {
                op.fpscr |= FPSCR_ZX;
                op.zero_divide = true;
                *ret = q_exact(&op, q_signed_inf(s));
        } else if (x.cls == FC_INF || y.cls == FC_ZERO) {
                *ret = q_exact(&op, q_signed_inf(s));
        } else if (x.cls == FC_ZERO || y.cls == FC_INF) {
                *ret = q_exact(&op, q_signed_zero(s));
        } else {
                *ret = div_finite(&op, mode, &x, &y);
        }
        return fpu_op_end(&op, fpscr);
}

/* Digit-by-digit square root of the significand: 116 root bits from a
 * radicand whose pairs of bits come from the (even-exponent) significand
 * and then zeros; the remainder stays below 2^118. */
static f128 sqrt_finite(struct fpu_op *op, unsigned mode, const struct qnum *x)
{
        u128 s = x->sig >> 15;                  /* 113-bit integer */
        int m = x->exp - 112;                   /* value = s * 2^m */
        u128 r = 0, q = 0;
        const int n = 116;

        if (m & 1) {
                s <<= 1;
                m -= 1;
        }
        for (int i = 0; i < n; i++) {
                int pos = 112 - 2 * i;
                unsigned pair = pos >= 0 ? (unsigned)(s >> pos) & 3u : 0;
                u128 t;
                r = (r << 2) | pair;
                t = (q << 2) | 1;
                if (r >= t) {
                        r -= t;
                        q = (q << 1) | 1;
                } else {
                        q <<= 1;
                }
        }
        /* radicand = s * 2^(2n - 114): value = q * 2^((m - 2n + 114) / 2) */
        int e = (m - 2 * n + 114) / 2;
        return q_round(op, mode, false, e - 1 + 127, (q << 1) | (r != 0));
}

bool f128_sqrt(uint64_t *fpscr, f128 b, unsigned mode, f128 *ret)
{
        struct fpu_op op;

        fpu_op_begin(&op, *fpscr, false);
        if (q_propagate_nan(&op, &b, 1, ret))
                return fpu_op_end(&op, fpscr);
        struct qnum x = q_unpack(b);
        if (x.cls == FC_ZERO)
                *ret = q_exact(&op, b);
        else if (x.sign)
                *ret = q_invalid(&op, FPSCR_VXSQRT);
        else if (x.cls == FC_INF)
                *ret = q_exact(&op, b);
        else
                *ret = sqrt_finite(&op, mode, &x);
        return fpu_op_end(&op, fpscr);
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
        uint64_t f = *fpscr;
        unsigned c;

        if (f128_is_nan(a) || f128_is_nan(b)) {
                c = FPCC_FU;
                if (f128_is_snan(a) || f128_is_snan(b)) {
                        f |= FPSCR_VXSNAN;
                        if (ordered && !(f & FPSCR_VE))
                                f |= FPSCR_VXVC;
                } else if (ordered) {
                        f |= FPSCR_VXVC;
                }
        } else {
                c = q_less(a, b) ? FPCC_FL : q_less(b, a) ? FPCC_FG : FPCC_FE;
        }
        if (f & ~*fpscr & FPSCR_EXC_ALL)
                f |= FPSCR_FX;
        f = (f & ~FPSCR_FPCC) | ((uint64_t)c << FPSCR_FPRF_SHIFT);
        *fpscr = fpu_fpscr_summarize(f);
        return c;
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
